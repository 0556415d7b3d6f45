/* The bind table: guest->host and host->guest by longest prefix, ties,
 * component boundaries, replacement, virtual parent directories. */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <talloc.h>

#include "fakefs.h"
#include "path/bind.h"

/* Table A: rootfs /r and
 *   /tmp/a   -> /mnt
 *   /tmp/b   -> /mnt/sub     (nested)
 *   /h/hosts -> /etc/hosts   (a file)
 *   /tmp/a   -> /mnt2        (same host as /mnt: host->guest tie)
 *   /r/usr   -> /opt/usr     (host inside the rootfs)
 * Table B: rootfs /r and / -> /host (the whole host visible in the guest).
 * Table C: rootfs / and /tmp/x -> /mnt. */
enum { TA, TB, TC };

static struct bindings *table(TALLOC_CTX *mem, int which)
{
	struct bindings *b = bindings_new(mem, which == TC ? "/" : "/r");
	ck_assert_ptr_nonnull(b);
	switch (which) {
	case TA:
		ck_assert_int_eq(bindings_add(b, "/tmp/a", "/mnt"), 0);
		ck_assert_int_eq(bindings_add(b, "/tmp/b", "/mnt/sub"), 0);
		ck_assert_int_eq(bindings_add(b, "/h/hosts", "/etc/hosts"), 0);
		ck_assert_int_eq(bindings_add(b, "/tmp/a", "/mnt2"), 0);
		ck_assert_int_eq(bindings_add(b, "/r/usr", "/opt/usr"), 0);
		break;
	case TB:
		ck_assert_int_eq(bindings_add(b, "/", "/host"), 0);
		break;
	case TC:
		ck_assert_int_eq(bindings_add(b, "/tmp/x", "/mnt"), 0);
		break;
	}
	return b;
}

struct map_case {
	int table;
	const char *in;
	const char *want;
	int rc;
};

static const struct map_case to_host_cases[] = {
	{ TA, "/", "/r", 0 },
	{ TA, "/etc", "/r/etc", 0 },
	{ TA, "/etc/hosts", "/h/hosts", 0 },
	{ TA, "/etc/hostsx", "/r/etc/hostsx", 0 },
	{ TA, "/etc/hosts/x", "/h/hosts/x", 0 },
	{ TA, "/mnt", "/tmp/a", 0 },
	{ TA, "/mnt/x", "/tmp/a/x", 0 },
	{ TA, "/mnt/sub", "/tmp/b", 0 },
	{ TA, "/mnt/sub/y/z", "/tmp/b/y/z", 0 },
	{ TA, "/mnt/subx", "/tmp/a/subx", 0 },
	{ TA, "/mntx", "/r/mntx", 0 },
	{ TA, "/mn", "/r/mn", 0 },
	{ TA, "/mnt2/q", "/tmp/a/q", 0 },
	{ TA, "/opt/usr/bin", "/r/usr/bin", 0 },
	{ TA, "/opt", "/r/opt", 0 },
	{ TA, "relative", NULL, -EINVAL },
	{ TB, "/etc", "/r/etc", 0 },
	{ TB, "/host", "/", 0 },
	{ TB, "/host/etc", "/etc", 0 },
	{ TB, "/hostx", "/r/hostx", 0 },
	{ TC, "/", "/", 0 },
	{ TC, "/etc/passwd", "/etc/passwd", 0 },
	{ TC, "/mnt/a", "/tmp/x/a", 0 },
};

START_TEST(bind_to_host)
{
	const struct map_case *c = &to_host_cases[_i];
	TALLOC_CTX *mem = talloc_new(NULL);
	struct bindings *b = table(mem, c->table);
	size_t baseline = talloc_total_blocks(mem);
	char *host = NULL;

	int rc = bindings_to_host(mem, b, c->in, &host);
	ck_assert_msg(rc == c->rc, "to_host(%s): rc %d, want %d", c->in, rc, c->rc);
	if (c->want) {
		ck_assert_msg(strcmp(host, c->want) == 0, "to_host(%s) = %s, want %s",
			      c->in, host, c->want);
		talloc_free(host);
	}
	ck_assert_uint_eq(talloc_total_blocks(mem), baseline);
	talloc_free(mem);
}
END_TEST

static const struct map_case to_guest_cases[] = {
	{ TA, "/r", "/", 0 },
	{ TA, "/r/", "/", 0 },
	{ TA, "/r/etc/passwd", "/etc/passwd", 0 },
	{ TA, "/r/usr", "/opt/usr", 0 },
	{ TA, "/r/usr/bin", "/opt/usr/bin", 0 },
	{ TA, "/r/usrx", "/usrx", 0 },
	{ TA, "/tmp/a", "/mnt2", 0 },
	{ TA, "/tmp/a/x", "/mnt2/x", 0 },
	{ TA, "/tmp/b/y", "/mnt/sub/y", 0 },
	{ TA, "/h/hosts", "/etc/hosts", 0 },
	{ TA, "/h/hostsx", "/h/hostsx", -EXDEV },
	{ TA, "/tmp/bx", "/tmp/bx", -EXDEV },
	{ TA, "/rx/etc", "/rx/etc", -EXDEV },
	{ TA, "/tmp", "/tmp", -EXDEV },
	{ TA, "/", "/", -EXDEV },
	{ TB, "/usr/bin", "/host/usr/bin", 0 },
	{ TB, "/", "/host", 0 },
	{ TB, "/r/etc", "/etc", 0 },
	{ TB, "/rx", "/host/rx", 0 },
	{ TC, "/etc", "/etc", 0 },
	{ TC, "/tmp/x/a", "/mnt/a", 0 },
	{ TC, "/mnt/a", "/mnt/a", 0 },
};

START_TEST(bind_to_guest)
{
	const struct map_case *c = &to_guest_cases[_i];
	TALLOC_CTX *mem = talloc_new(NULL);
	struct bindings *b = table(mem, c->table);
	size_t baseline = talloc_total_blocks(mem);
	char *guest = NULL;

	int rc = bindings_to_guest(mem, b, c->in, &guest);
	ck_assert_msg(rc == c->rc, "to_guest(%s): rc %d, want %d", c->in, rc, c->rc);
	/* Even outside every binding the caller gets a usable path. */
	ck_assert_msg(strcmp(guest, c->want) == 0, "to_guest(%s) = %s, want %s",
		      c->in, guest, c->want);
	talloc_free(guest);
	ck_assert_uint_eq(talloc_total_blocks(mem), baseline);
	talloc_free(mem);
}
END_TEST

/* A yes/no question about one string, asked of table TA. */
struct ta_case {
	const char *in;
	bool want;
};

static const struct ta_case virt_cases[] = {
	{ "/", true },
	{ "/mnt", true },	/* ancestor of /mnt/sub */
	{ "/etc", true },	/* ancestor of /etc/hosts */
	{ "/opt", true },
	{ "/opt/", true },
	{ "/opt/usr", false },	/* the binding itself is not virtual */
	{ "/mnt/sub", false },
	{ "/etc/hosts", false },
	{ "/mn", false },
	{ "/op", false },
	{ "/usr", false },
	{ "/mnt/sub/x", false },
	{ "/mnt2", false },
};

START_TEST(bind_virtual_dir)
{
	const struct ta_case *c = &virt_cases[_i];
	TALLOC_CTX *mem = talloc_new(NULL);
	struct bindings *b = table(mem, TA);
	ck_assert_msg(bindings_is_virtual_dir(b, c->in) == c->want,
		      "is_virtual_dir(%s) != %d", c->in, c->want);
	talloc_free(mem);
}
END_TEST

START_TEST(bind_no_virtual_dirs_without_bindings)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct bindings *b = bindings_new(mem, "/r");
	ck_assert(!bindings_is_virtual_dir(b, "/"));
	ck_assert(!bindings_is_virtual_dir(b, "/etc"));
	talloc_free(mem);
}
END_TEST

/* Table TA: /mnt, /mnt/sub, /etc/hosts, /mnt2, /opt/usr. */
static const struct ta_case name_cases[] = {
	{ "mnt", true }, { "sub", true }, { "etc", true }, { "hosts", true },
	{ "mnt2", true }, { "opt", true }, { "usr", true },
	{ "mn", false }, { "hosts2", false }, { "su", false }, { "ub", false },
	{ "r", false },		/* the rootfs's host path is no guest name */
	{ "a", false }, { "tmp", false },	/* nor are bindings' host paths */
	{ "", false },
};

START_TEST(bind_name_is_bound)
{
	const struct ta_case *c = &name_cases[_i];
	TALLOC_CTX *mem = talloc_new(NULL);
	struct bindings *b = table(mem, TA);

	ck_assert_msg(bindings_name_is_bound(b, c->in) == c->want,
		      "name_is_bound(%s) != %d", c->in, c->want);
	talloc_free(mem);
}
END_TEST

START_TEST(bind_no_name_is_bound_without_bindings)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct bindings *b = bindings_new(mem, "/r/etc");

	ck_assert(!bindings_name_is_bound(b, "etc"));
	ck_assert(!bindings_name_is_bound(b, "r"));
	talloc_free(mem);
}
END_TEST

START_TEST(bind_root_binding_first)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct bindings *b = bindings_new(mem, "/r//x/./");
	ck_assert_ptr_nonnull(b);
	ck_assert_uint_eq(bindings_count(b), 1);
	ck_assert_str_eq(bindings_rootfs(b), "/r/x");
	ck_assert_str_eq(bindings_get(b, 0)->guest, "/");
	ck_assert_str_eq(bindings_get(b, 0)->host, "/r/x");
	ck_assert_ptr_null(bindings_get(b, 1));
	ck_assert_ptr_null(bindings_new(mem, "relative"));
	talloc_free(mem);
}
END_TEST

START_TEST(bind_add_normalises_and_keeps_order)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct bindings *b = bindings_new(mem, "/r");
	ck_assert_int_eq(bindings_add(b, "/tmp//d/./e/../f/", "/x/y/"), 0);
	ck_assert_int_eq(bindings_add(b, "/a", "/b"), 0);
	ck_assert_uint_eq(bindings_count(b), 3);
	ck_assert_str_eq(bindings_get(b, 1)->host, "/tmp/d/f");
	ck_assert_str_eq(bindings_get(b, 1)->guest, "/x/y");
	ck_assert_str_eq(bindings_get(b, 2)->guest, "/b");
	ck_assert_int_eq(bindings_add(b, "tmp", "/x"), -EINVAL);
	ck_assert_int_eq(bindings_add(b, "/tmp", "x"), -EINVAL);
	ck_assert_uint_eq(bindings_count(b), 3);
	talloc_free(mem);
}
END_TEST

/* A later binding of the same guest path replaces the earlier one, as a
 * later mount would hide it: the old host disappears from both lookups. */
START_TEST(bind_same_guest_replaces)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct bindings *b = bindings_new(mem, "/r");
	size_t baseline = talloc_total_blocks(mem);
	char *s;

	ck_assert_int_eq(bindings_add(b, "/tmp/a", "/mnt"), 0);
	ck_assert_int_eq(bindings_add(b, "/tmp/z", "/zz"), 0);
	ck_assert_int_eq(bindings_add(b, "/tmp/c", "/mnt/"), 0);
	ck_assert_uint_eq(bindings_count(b), 3);
	/* The replacement counts as the most recent. */
	ck_assert_str_eq(bindings_get(b, 2)->guest, "/mnt");
	ck_assert_str_eq(bindings_get(b, 2)->host, "/tmp/c");
	ck_assert_int_eq(bindings_to_host(mem, b, "/mnt/x", &s), 0);
	ck_assert_str_eq(s, "/tmp/c/x");
	ck_assert_int_eq(bindings_to_guest(mem, b, "/tmp/a/x", &s), -EXDEV);
	ck_assert_int_eq(bindings_to_guest(mem, b, "/tmp/c/x", &s), 0);
	ck_assert_str_eq(s, "/mnt/x");

	/* Binding "/" again changes the rootfs, still at index 0. */
	ck_assert_int_eq(bindings_add(b, "/other", "/"), 0);
	ck_assert_uint_eq(bindings_count(b), 3);
	ck_assert_str_eq(bindings_rootfs(b), "/other");
	ck_assert_int_eq(bindings_to_host(mem, b, "/etc", &s), 0);
	ck_assert_str_eq(s, "/other/etc");

	/* Replaced strings were freed, not just unlinked. */
	talloc_free_children(mem);
	b = bindings_new(mem, "/r");
	baseline = talloc_total_blocks(mem);
	ck_assert_int_eq(bindings_add(b, "/tmp/a", "/mnt"), 0);
	size_t one = talloc_total_blocks(mem);
	for (int i = 0; i < 10; i++)
		ck_assert_int_eq(bindings_add(b, "/tmp/a", "/mnt"), 0);
	ck_assert_uint_eq(talloc_total_blocks(mem), one);
	ck_assert_uint_gt(one, baseline);
	talloc_free(mem);
}
END_TEST

/* Table A with its root binding read-only and the journal /r/.ids
 * protected: what a mutating call may name. */
struct change_case {
	const char *guest;	/* NULL: known by host path only (an fd) */
	const char *host;
	enum change_kind kind;
	int rc;
};

static const struct change_case change_cases[] = {
	{ "/etc/passwd", "/r/etc/passwd", CHANGE_NAME, -EROFS },
	{ "/", "/r", CHANGE_NAME, -EROFS },
	{ "/mnt/x", "/tmp/a/x", CHANGE_NAME, 0 },		/* -b stays writable */
	{ "/mnt/sub/y", "/tmp/b/y", CHANGE_NAME, 0 },
	{ "/etc/hosts", "/h/hosts", CHANGE_NAME, 0 },		/* a bound file */
	{ "/opt/usr/bin", "/r/usr/bin", CHANGE_NAME, -EROFS },	/* the image, wherever shown */
	{ NULL, "/r/etc/passwd", CHANGE_NAME, -EROFS },
	{ NULL, "/tmp/a/x", CHANGE_NAME, 0 },
	{ NULL, "/r/usr/bin/x", CHANGE_NAME, -EROFS },
	{ NULL, "/elsewhere", CHANGE_NAME, 0 },
	{ NULL, "/rx/y", CHANGE_NAME, 0 },
	{ "/.ids", "/r/.ids", CHANGE_NAME, -EACCES },		/* protection first */
	{ NULL, "/r/.ids", CHANGE_NAME, -EACCES },
	{ "/mnt/j", "/r/.ids", CHANGE_NAME, -EACCES },		/* through any binding */
	{ "/.idsx", "/r/.idsx", CHANGE_NAME, -EROFS },
	{ "/.ids.tmp.Ab12Cd", "/r/.ids.tmp.Ab12Cd", CHANGE_NAME, -EACCES },	/* compaction */
	{ NULL, "/r/.ids.tmp.", CHANGE_NAME, -EACCES },
	{ "/.ids.tmpx", "/r/.ids.tmpx", CHANGE_NAME, -EROFS },
	{ "/", "/r", CHANGE_TREE, -EACCES },			/* its parent moves */
	{ "/etc", "/r/etc", CHANGE_TREE, -EROFS },
	{ "/mnt/x", "/tmp/a/x", CHANGE_TREE, 0 },
};

START_TEST(bind_may_change)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct bindings *b = table(mem, TA);
	const struct change_case *c = &change_cases[_i];

	ck_assert(!bindings_restricted(b));
	ck_assert_int_eq(bindings_may_change(b, c->guest, c->host, c->kind), 0);
	ck_assert_int_eq(bindings_set_flags(b, 0, BIND_READONLY), 0);
	ck_assert_int_eq(bindings_protect(b, "/r//.ids"), 0);
	ck_assert_int_eq(bindings_protect_prefix(b, "/r/.ids.tmp."), 0);
	ck_assert(bindings_restricted(b));
	ck_assert_int_eq(bindings_may_change(b, c->guest, c->host, c->kind), c->rc);
	talloc_free(mem);
}
END_TEST

/* Each of the two restrictions alone makes a table restricted; a new
 * root binding ("-b X:/") is no longer the read-only image. */
START_TEST(bind_restricted_flags)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct bindings *b = table(mem, TA);

	ck_assert_int_eq(bindings_set_flags(b, 99, BIND_READONLY), -EINVAL);
	ck_assert_int_eq(bindings_protect(b, "relative"), -EINVAL);
	ck_assert(!bindings_restricted(b));
	ck_assert_int_eq(bindings_set_flags(b, 1, BIND_READONLY), 0);
	ck_assert(bindings_restricted(b));
	ck_assert_uint_eq(bindings_get(b, 1)->flags, BIND_READONLY);
	ck_assert_int_eq(bindings_may_change(b, "/mnt/x", "/tmp/a/x", CHANGE_NAME), -EROFS);
	ck_assert_int_eq(bindings_may_change(b, "/etc/x", "/r/etc/x", CHANGE_NAME), 0);
	talloc_free(b);

	b = table(mem, TC);
	ck_assert_int_eq(bindings_set_flags(b, 0, BIND_READONLY), 0);
	ck_assert_int_eq(bindings_add(b, "/new", "/"), 0);
	ck_assert(!bindings_restricted(b));
	ck_assert_int_eq(bindings_protect(b, "/new/.ids"), 0);
	ck_assert(bindings_restricted(b));
	talloc_free(mem);
}
END_TEST

/* A link's text as the guest sees it: absolute targets of links inside
 * a binding, held by a binding other than the rootfs on the host, are
 * mapped through the deepest such binding. */
struct link_case {
	int table;
	const char *link;	/* the link's guest path */
	const char *target;	/* its text on the host */
	const char *want;
	int rc;			/* 1: mapped */
	const char *root;	/* the reader's root */
};

static const struct link_case link_cases[] = {
	{ TA, "/mnt/l", "/tmp/b/x", "/mnt/sub/x", 1, "/" },		/* deepest wins */
	{ TA, "/mnt/sub/l", "/tmp/b", "/mnt/sub", 1, "/" },
	{ TA, "/mnt/sub/l", "/tmp/b/", "/mnt/sub/", 1, "/" },	/* "/" kept */
	{ TA, "/mnt/l", "/tmp/a/f", "/mnt2/f", 1, "/" },		/* same host: last added */
	{ TA, "/mnt/l", "/h/hosts", "/etc/hosts", 1, "/" },		/* another binding */
	{ TA, "/mnt/l", "/tmp/a/../b/y", "/mnt/sub/y", 1, "/" },	/* lexically clean */
	{ TA, "/mnt/l", "/r/usr/bin/sh", "/opt/usr/bin/sh", 1, "/" },
	{ TA, "/mnt/l", "/tmp/a/../c", "/tmp/a/../c", 0, "/" },	/* outside them all */
	{ TA, "/mnt/l", "/tmp/bx", "/tmp/bx", 0, "/" },		/* prefix boundary */
	{ TA, "/mnt/l", "/r/etc/passwd", "/r/etc/passwd", 0, "/" },	/* only the rootfs */
	{ TA, "/mnt/l", "/etc/passwd", "/etc/passwd", 0, "/" },
	{ TA, "/mnt/l", "f", "f", 0, "/" },				/* relative */
	{ TA, "/mnt/l", "/tmp/b/../../tmp/b/z", "/mnt/sub/z", 1, "/" },
	{ TA, "/etc/l", "/tmp/b/x", "/tmp/b/x", 0, "/" },		/* a link in the rootfs */
	{ TA, "/opt/usr/l", "/tmp/b/x", "/mnt/sub/x", 1, "/" },	/* host inside the rootfs */
	/* The host's "/" bound (-q): it would hold every target. */
	{ TB, "/host/l", "/etc/x", "/etc/x", 0, "/" },
	{ TB, "/host/l", "/", "/", 0, "/" },
	{ TB, "/etc/l", "/etc/x", "/etc/x", 0, "/" },
	{ TC, "/mnt/l", "/tmp/x/y", "/mnt/y", 1, "/" },
	{ TC, "/mnt/l", "/tmp/y", "/tmp/y", 0, "/" },
	/* Read from a guest chroot: relative to it, or not at all. */
	{ TA, "/mnt/l", "/tmp/b/x", "/sub/x", 1, "/mnt" },
	{ TA, "/mnt/l", "/tmp/b", "/", 1, "/mnt/sub/" },
	{ TA, "/mnt/l", "/tmp/b/", "/", 1, "/mnt/sub" },
	{ TA, "/mnt/l", "/h/hosts", "/h/hosts", 0, "/mnt" },
	{ TA, "/mnt/l", "/tmp/a/sub2/y", "/y", 1, "/mnt2/sub2" },	/* root below it */
	{ TA, "/mnt/l", "/tmp/a/sub2/", "/", 1, "/mnt2/sub2/" },
	{ TA, "/mnt/l", "/tmp/a/sub2x", "/tmp/a/sub2x", 0, "/mnt2/sub2" },
};

START_TEST(bind_link_to_guest)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct bindings *b = table(mem, link_cases[_i].table);
	const struct link_case *c = &link_cases[_i];
	char *out;
	int rc = bindings_link_to_guest(mem, b, c->root, c->link, c->target, &out);

	ck_assert_msg(rc == c->rc, "%s -> %s: rc %d, want %d", c->link, c->target, rc, c->rc);
	ck_assert_msg(out && strcmp(out, c->want) == 0, "%s -> %s: '%s', want '%s'",
		      c->link, c->target, out, c->want);
	talloc_free(mem);
}
END_TEST

/* bindings_add_resolved: GUEST is looked up in the guest as the table
 * stands, PRoot's way.  Rootfs /r with /var/run -> /run (Debian's) and
 * a loop; then /h/e bound at /mnt, holding a relative and an absolute
 * (host) link to its own sub. */
static const struct fake_entry resolve_world[] = {
	{ "/r/var/run", FAKE_SYMLINK, "/run" },
	{ "/r/run", FAKE_DIR, NULL },
	{ "/r/etc", FAKE_DIR, NULL },
	{ "/r/mnt", FAKE_DIR, NULL },
	{ "/r/loop", FAKE_SYMLINK, "/loop" },
	{ "/r/file", FAKE_FILE, NULL },
	{ "/h/d", FAKE_DIR, NULL },
	{ "/h/e/sub", FAKE_DIR, NULL },
	{ "/h/e/rel", FAKE_SYMLINK, "sub" },
	{ "/h/e/abs", FAKE_SYMLINK, "/h/e/sub" },
};

struct resolve_case {
	const char *guest;
	bool nofollow;
	const char *want;	/* the guest path bound, NULL on error */
	int rc;
};

static const struct resolve_case resolve_cases[] = {
	{ "/var/run/dbus", false, "/run/dbus", 0 },	/* a link on the way */
	{ "/var/run", false, "/run", 0 },		/* the final link followed */
	{ "/var/run", true, "/var/run", 0 },		/* "!": kept */
	{ "/var/run/dbus", true, "/run/dbus", 0 },	/* "!" is for the final one */
	{ "/var/run/../etc", false, "/etc", 0 },	/* ".." after the link */
	{ "/no/such/dir", false, "/no/such/dir", 0 },	/* missing: as written */
	{ "/mnt/rel/x", false, "/mnt/sub/x", 0 },	/* through an earlier binding */
	{ "/mnt/abs", false, "/mnt/sub", 0 },		/* its host link, in guest terms */
	{ "/mnt/abs", true, "/mnt/abs", 0 },
	{ "/etc//x/.", false, "/etc/x", 0 },
	{ "/loop/x", false, NULL, -ELOOP },
	{ "rel", false, NULL, -EINVAL },
};

START_TEST(bind_add_resolved)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	const struct resolve_case *c = &resolve_cases[_i];
	struct fakefs ffs;
	struct fsops ops;
	struct bindings *b = bindings_new(mem, "/r");
	char *where = (char *)"unset";
	size_t n;

	fakefs_init(&ffs, resolve_world, sizeof(resolve_world) / sizeof(resolve_world[0]));
	ops = fakefs_ops(&ffs);
	ck_assert_int_eq(bindings_add(b, "/h/e", "/mnt"), 0);
	n = bindings_count(b);
	int rc = bindings_add_resolved(b, &ops, "/h/d", c->guest, c->nofollow, mem, &where);

	ck_assert_msg(rc == c->rc, "%s: rc %d, want %d", c->guest, rc, c->rc);
	ck_assert_uint_eq(ffs.crossed_symlinks, 0);
	if (rc < 0) {
		ck_assert_ptr_null(where);
		ck_assert_uint_eq(bindings_count(b), n);
	} else {
		ck_assert_msg(strcmp(where, c->want) == 0, "%s: bound at '%s', want '%s'",
			      c->guest, where, c->want);
		ck_assert_uint_eq(bindings_count(b), n + 1);
		ck_assert_str_eq(bindings_get(b, n)->guest, c->want);
		ck_assert_str_eq(bindings_get(b, n)->host, "/h/d");
	}
	talloc_free(mem);
}
END_TEST

/* Everything hangs off the table: freeing it returns to the baseline. */
START_TEST(bind_talloc_baseline)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	size_t baseline = talloc_total_blocks(mem);
	struct bindings *b = table(mem, TA);
	char *s;
	ck_assert_int_eq(bindings_to_host(b, b, "/mnt/sub/q", &s), 0);
	ck_assert_int_eq(bindings_to_guest(b, b, "/nowhere", &s), -EXDEV);
	talloc_free(b);
	ck_assert_uint_eq(talloc_total_blocks(mem), baseline);
	talloc_free(mem);
}
END_TEST

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- the image (bindings_to_image, bindings_from_image) ---- */

/* A table with every part an image carries: nested bindings, a
 * read-only one, protected paths and a protected prefix. */
static struct bindings *image_table(TALLOC_CTX *mem, int which)
{
	struct bindings *b = table(mem, which);

	ck_assert_int_eq(bindings_set_flags(b, 1, BIND_READONLY), 0);
	ck_assert_int_eq(bindings_protect(b, "/j/ids"), 0);
	ck_assert_int_eq(bindings_protect(b, "/j/other"), 0);
	ck_assert_int_eq(bindings_protect_prefix(b, "/j/ids.tmp."), 0);
	return b;
}

/* The image in a buffer of exactly its size, so that a sanitizer sees
 * any read past it. */
static char *image_of(TALLOC_CTX *mem, const struct bindings *b, size_t *size)
{
	void *img;

	ck_assert_int_eq(bindings_to_image(mem, b, &img, size), 0);
	return img;
}

START_TEST(bind_image_round_trip)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct bindings *b = image_table(mem, _i), *c;
	size_t size;
	char *img = image_of(mem, b, &size);

	ck_assert_int_eq(bindings_from_image(mem, img, size, &c), 0);
	ck_assert_uint_eq(bindings_count(c), bindings_count(b));
	for (size_t i = 0; i < bindings_count(b); i++) {
		ck_assert_str_eq(bindings_get(c, i)->host, bindings_get(b, i)->host);
		ck_assert_str_eq(bindings_get(c, i)->guest, bindings_get(b, i)->guest);
		ck_assert_uint_eq(bindings_get(c, i)->flags, bindings_get(b, i)->flags);
	}
	/* The protected paths came along: the same answers as the original. */
	const char *hosts[] = { "/j/ids", "/j/other", "/j/ids.tmp.3", "/j/idsx", "/tmp/a/f" };
	for (size_t i = 0; i < N(hosts); i++)
		ck_assert_int_eq(bindings_may_change(c, NULL, hosts[i], CHANGE_NAME),
				 bindings_may_change(b, NULL, hosts[i], CHANGE_NAME));
	ck_assert_int_eq(bindings_may_change(c, NULL, "/j/ids", CHANGE_NAME), -EACCES);
	ck_assert(bindings_restricted(c));
	/* An image of the copy is the same bytes. */
	size_t size2;
	char *img2 = image_of(mem, c, &size2);
	ck_assert_uint_eq(size2, size);
	ck_assert_int_eq(memcmp(img, img2, size), 0);
	talloc_free(mem);
}
END_TEST

START_TEST(bind_image_plain_table)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct bindings *b = bindings_new(mem, "/"), *c;
	size_t size;
	char *img = image_of(mem, b, &size);

	ck_assert_int_eq(bindings_from_image(mem, img, size, &c), 0);
	ck_assert_uint_eq(bindings_count(c), 1);
	ck_assert_str_eq(bindings_rootfs(c), "/");
	ck_assert(!bindings_restricted(c));
	talloc_free(mem);
}
END_TEST

/* Every shorter (and one longer) size is refused. */
START_TEST(bind_image_truncated)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct bindings *b = image_table(mem, TA), *c;
	size_t size;
	char *img = image_of(mem, b, &size);

	for (size_t n = 0; n < size; n++) {
		char *cut = talloc_memdup(mem, img, n ? n : 1);
		ck_assert_int_eq(bindings_from_image(mem, cut, n, &c), -EINVAL);
		ck_assert_ptr_null(c);
	}
	char *more = talloc_size(mem, size + 1);
	memcpy(more, img, size);
	ck_assert_int_eq(bindings_from_image(mem, more, size + 1, &c), -EINVAL);
	ck_assert_int_eq(bindings_from_image(mem, NULL, 0, &c), -EINVAL);
	talloc_free(mem);
}
END_TEST

/* The image's layout, as bind.c writes it: 8 words of header, then
 * entries of 3 words (host, guest, flags), protected offsets, pool. */
enum { H_MAGIC, H_VERSION, H_SIZE, H_NBIND, H_NPROT, H_NPREF, H_POOL, H_POOLSIZE, H_WORDS };

static void put_word(char *img, size_t word, uint32_t v)
{
	memcpy(img + word * 4, &v, 4);
}

static uint32_t get_word(const char *img, size_t word)
{
	uint32_t v;

	memcpy(&v, img + word * 4, 4);
	return v;
}

/* Case _i breaks one thing; each is refused with -EINVAL. */
START_TEST(bind_image_corrupt)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct bindings *b = image_table(mem, TA), *c;
	size_t size;
	char *img = image_of(mem, b, &size);
	uint32_t pool = get_word(img, H_POOL), psize = get_word(img, H_POOLSIZE);
	size_t e0 = H_WORDS, e1 = H_WORDS + 3, prot = H_WORDS + 3 * get_word(img, H_NBIND);

	switch (_i) {
	case 0: put_word(img, H_MAGIC, 0x12345678); break;
	case 1: put_word(img, H_VERSION, 2); break;
	case 2: put_word(img, H_SIZE, (uint32_t)size - 1); break;
	case 3: put_word(img, H_NBIND, 0); break;
	case 4: put_word(img, H_NBIND, 0x40000000); break;	/* wraps 32 bits */
	case 5: put_word(img, H_NPROT, 0xffffffff); break;
	case 6: put_word(img, H_POOL, pool + 4); break;
	case 7: put_word(img, H_POOLSIZE, psize + 1); break;
	case 8: put_word(img, e1, psize); break;		/* host past the pool */
	case 9: put_word(img, e1 + 1, 0xfffffff0); break;	/* guest far past it */
	case 10: put_word(img, e1 + 2, 0x80); break;		/* unknown flag */
	case 11: put_word(img, prot, psize + 100); break;	/* protected path */
	case 12: img[size - 1] = 'x'; break;			/* last string, no NUL */
	case 13: img[pool + get_word(img, e1)] = 'r'; break;	/* a relative path */
	case 14: {					/* the root binding not first */
		uint32_t g0 = get_word(img, e0 + 1);
		put_word(img, e0 + 1, get_word(img, e1 + 1));
		put_word(img, e1 + 1, g0);
		break;
	}
	case 15: put_word(img, e0 + 1, get_word(img, e1 + 1)); break;	/* no "/" at all */
	}
	ck_assert_int_eq(bindings_from_image(mem, img, size, &c), -EINVAL);
	ck_assert_ptr_null(c);
	talloc_free(mem);
}
END_TEST

/* Whatever one byte is changed to, the image is refused or read within
 * its bounds (the sanitizer build, make check-asan, checks the reads). */
START_TEST(bind_image_any_byte)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct bindings *b = image_table(mem, TA), *c;
	size_t size;
	char *img = image_of(mem, b, &size);

	for (size_t at = 0; at < size; at++)
		for (unsigned v = 0; v < 256; v += 51) {
			char *bad = talloc_memdup(mem, img, size);
			bad[at] = (char)(bad[at] ^ (v | 1));
			int rc = bindings_from_image(mem, bad, size, &c);
			ck_assert(rc == 0 || rc == -EINVAL);
			ck_assert(rc == 0 ? c != NULL : c == NULL);
			talloc_free(bad);
		}
	talloc_free(mem);
}
END_TEST

Suite *bind_suite(void)
{
	Suite *s = suite_create("bind");
	TCase *tc = tcase_create("bind_lookup");
	tcase_add_loop_test(tc, bind_to_host, 0, N(to_host_cases));
	tcase_add_loop_test(tc, bind_to_guest, 0, N(to_guest_cases));
	tcase_add_loop_test(tc, bind_virtual_dir, 0, N(virt_cases));
	tcase_add_test(tc, bind_no_virtual_dirs_without_bindings);
	tcase_add_loop_test(tc, bind_name_is_bound, 0, N(name_cases));
	tcase_add_test(tc, bind_no_name_is_bound_without_bindings);
	tcase_add_loop_test(tc, bind_link_to_guest, 0, N(link_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("bind_table");
	tcase_add_test(tc, bind_root_binding_first);
	tcase_add_test(tc, bind_add_normalises_and_keeps_order);
	tcase_add_test(tc, bind_same_guest_replaces);
	tcase_add_test(tc, bind_talloc_baseline);
	tcase_add_loop_test(tc, bind_add_resolved, 0, N(resolve_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("bind_readonly");
	tcase_add_loop_test(tc, bind_may_change, 0, N(change_cases));
	tcase_add_test(tc, bind_restricted_flags);
	suite_add_tcase(s, tc);

	tc = tcase_create("bind_image");
	tcase_add_loop_test(tc, bind_image_round_trip, TA, TC + 1);
	tcase_add_test(tc, bind_image_plain_table);
	tcase_add_test(tc, bind_image_truncated);
	tcase_add_loop_test(tc, bind_image_corrupt, 0, 16);
	tcase_add_test(tc, bind_image_any_byte);
	suite_add_tcase(s, tc);
	return s;
}
