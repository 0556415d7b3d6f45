/* lookup_resolve's flags (the variants the syscalls need on top of
 * canon_resolve) against the table-driven fake filesystem, and the
 * name shortcut's test of a single name.  A row says what the kernel
 * would do inside the guest. */
#include <check.h>
#include <errno.h>
#include <string.h>
#include <talloc.h>

#include "fakefs.h"
#include "path/bind.h"
#include "path/lookup.h"

/* rootfs /r; /h/data is bound at /mnt, /proc at /proc. */
static const struct fake_entry world[] = {
	{ "/r/etc/passwd", FAKE_FILE, NULL },
	{ "/r/etc/l", FAKE_SYMLINK, "passwd" },
	{ "/r/home/u/file", FAKE_FILE, NULL },
	{ "/r/home/u/abs", FAKE_SYMLINK, "/etc/passwd" },
	{ "/r/home/u/rel", FAKE_SYMLINK, "../../etc" },
	{ "/r/home/u/back", FAKE_SYMLINK, "../u" },
	{ "/r/home/u/tofd", FAKE_SYMLINK, "/proc/1/fd/3" },
	{ "/r/jail/etc/passwd", FAKE_FILE, NULL },
	{ "/r/jail/bin", FAKE_SYMLINK, "/etc" },
	{ "/h/data/f", FAKE_FILE, NULL },
	{ "/h/data/hl", FAKE_SYMLINK, "/h/data/f" },		/* host terms */
	{ "/proc/1/fd/3", FAKE_MAGIC, "/etc" },
	{ "/proc/1/root", FAKE_ROOTLINK, NULL },
};

#define NF CANON_NOFOLLOW
#define IR LOOKUP_IN_ROOT
#define BN LOOKUP_BENEATH
#define NS LOOKUP_NO_SYMLINKS
#define NM LOOKUP_NO_MAGICLINKS
#define RL LOOKUP_READ_LINK
#define U "/home/u"

struct lookup_case {
	const char *name;
	const char *dir;	/* start directory; NULL: none */
	bool removed;
	const char *path;
	unsigned flags;
	int rc;
	const char *guest;	/* NULL when rc != 0 */
	const char *host;
	const char *link;	/* res.link, NULL for none */
};

static const struct lookup_case cases[] = {
	{ "plain", U, false, "file", 0, 0, U "/file", "/r/home/u/file", NULL },
	{ "absolute_needs_no_dir", NULL, false, "/etc/passwd", 0, 0, "/etc/passwd",
	  "/r/etc/passwd", NULL },

	/* RESOLVE_IN_ROOT: "/", "..", and absolute links stop at the dir. */
	{ "in_root_absolute", "/jail", false, "/etc/passwd", IR, 0, "/jail/etc/passwd",
	  "/r/jail/etc/passwd", NULL },
	{ "in_root_dotdot", "/jail", false, "../../etc/passwd", IR, 0, "/jail/etc/passwd",
	  "/r/jail/etc/passwd", NULL },
	{ "in_root_absolute_link", "/jail", false, "bin/passwd", IR, 0, "/jail/etc/passwd",
	  "/r/jail/etc/passwd", NULL },
	{ "without_in_root", "/jail", false, "bin/passwd", 0, 0, "/etc/passwd",
	  "/r/etc/passwd", NULL },

	/* RESOLVE_BENEATH: -EXDEV out of the start, lexically or by a link. */
	{ "beneath_name", U, false, "file", BN, 0, U "/file", "/r/home/u/file", NULL },
	{ "beneath_absolute", U, false, "/etc/passwd", BN, -EXDEV, NULL, NULL, NULL },
	{ "beneath_dotdot", U, false, "../u/file", BN, -EXDEV, NULL, NULL, NULL },
	{ "beneath_link_out", U, false, "rel/passwd", BN, -EXDEV, NULL, NULL, NULL },
	{ "beneath_link_back_in", U, false, "back/file", BN, 0, U "/file", "/r/home/u/file",
	  NULL },

	/* RESOLVE_NO_SYMLINKS: any symlink, final or on the way. */
	{ "no_symlinks_plain", U, false, "file", NS, 0, U "/file", "/r/home/u/file", NULL },
	{ "no_symlinks_final", U, false, "abs", NS, -ELOOP, NULL, NULL, NULL },
	{ "no_symlinks_final_nofollow", U, false, "abs", NS | NF, -ELOOP, NULL, NULL, NULL },
	{ "no_symlinks_on_the_way", U, false, "rel/passwd", NS, -ELOOP, NULL, NULL, NULL },
	{ "no_symlinks_missing", U, false, "nope", NS, 0, U "/nope", "/r/home/u/nope", NULL },
	{ "no_symlinks_then_missing", U, false, "rel/nope", NS, -ELOOP, NULL, NULL, NULL },
	{ "no_symlinks_back_to_the_same", U, false, "back/file", NS, -ELOOP, NULL, NULL, NULL },

	/* RESOLVE_NO_MAGICLINKS: a /proc magic link followed, anywhere. */
	{ "magic_followed", NULL, false, "/proc/1/fd/3", 0, 0, "/proc/1/fd/3",
	  "/proc/1/fd/3", NULL },
	{ "no_magiclinks", NULL, false, "/proc/1/fd/3", NM, -ELOOP, NULL, NULL, NULL },
	{ "no_magiclinks_root", NULL, false, "/proc/1/root", NM, -ELOOP, NULL, NULL, NULL },
	{ "no_magiclinks_nofollow", NULL, false, "/proc/1/fd/3", NM | NF, 0, "/proc/1/fd/3",
	  "/proc/1/fd/3", NULL },
	{ "no_magiclinks_plain_link", U, false, "abs", NM, 0, "/etc/passwd", "/r/etc/passwd",
	  NULL },
	{ "magic_on_the_way", NULL, false, "/proc/1/root/etc/passwd", 0, 0, "/etc/passwd",
	  "/r/etc/passwd", NULL },
	{ "no_magiclinks_on_the_way", NULL, false, "/proc/1/root/etc/passwd", NM, -ELOOP, NULL,
	  NULL, NULL },
	{ "no_magiclinks_after_plain_link", U, false, "tofd", NM, -ELOOP, NULL, NULL, NULL },

	/* LOOKUP_READ_LINK: the text of a final symlink not followed. */
	{ "read_link", NULL, false, "/etc/l", NF | RL, 0, "/etc/l", "/r/etc/l", "passwd" },
	{ "read_link_host_terms", NULL, false, "/mnt/hl", NF | RL, 0, "/mnt/hl", "/h/data/hl",
	  "/mnt/f" },
	{ "read_link_proc_root", NULL, false, "/proc/1/root", NF | RL, 0, "/proc/1/root",
	  "/proc/1/root", "/" },
	{ "read_link_not_a_link", NULL, false, "/etc/passwd", NF | RL, 0, "/etc/passwd",
	  "/r/etc/passwd", NULL },
	{ "read_link_followed", NULL, false, "/etc/l", RL, 0, "/etc/passwd", "/r/etc/passwd",
	  NULL },
	{ "read_link_trailing_slash", U, false, "rel/", NF | RL, 0, "/etc", "/r/etc/", NULL },

	/* A removed start directory: what stays in it is the kernel's. */
	{ "removed_name", U, true, "file", 0, 1, NULL, NULL, NULL },
	{ "removed_dot", U, true, ".", 0, 1, NULL, NULL, NULL },
	{ "removed_dotdot", U, true, "../u/file", 0, 0, U "/file", "/r/home/u/file", NULL },
	{ "removed_dotdot_stays_in_root", U, true, "../../../../etc/passwd", 0, 0,
	  "/etc/passwd", "/r/etc/passwd", NULL },
	{ "removed_absolute", U, true, "/etc/passwd", 0, 0, "/etc/passwd", "/r/etc/passwd",
	  NULL },
};

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

START_TEST(lookup_flags_table)
{
	const struct lookup_case *c = &cases[_i];
	TALLOC_CTX *mem = talloc_new(NULL);
	struct fakefs ffs;
	struct fsops ops;
	struct bindings *b = bindings_new(mem, "/r");
	struct lookup_from from = { .root = "/", .dir = c->dir, .dir_removed = c->removed };
	struct canon_result r;
	TALLOC_CTX *scratch = talloc_new(mem);
	size_t baseline = talloc_total_blocks(scratch);
	int rc;

	fakefs_init(&ffs, world, N(world));
	ops = fakefs_ops(&ffs);
	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(bindings_add(b, "/h/data", "/mnt"), 0);
	ck_assert_int_eq(bindings_add(b, "/proc", "/proc"), 0);

	rc = lookup_resolve(scratch, b, &ops, &from, c->path, c->flags, &r);
	ck_assert_msg(rc == c->rc, "%s: rc %d, want %d", c->name, rc, c->rc);
	ck_assert_msg(ffs.crossed_symlinks == 0, "%s: a host lookup went through a symlink",
		      c->name);
	if (rc != 0) {
		ck_assert_msg(!r.guest && !r.host && !r.link, "%s: result left set", c->name);
		ck_assert_msg(talloc_total_blocks(scratch) == baseline, "%s: %zu blocks leaked",
			      c->name, talloc_total_blocks(scratch) - baseline);
	} else {
		ck_assert_msg(strcmp(r.guest, c->guest) == 0, "%s: guest '%s', want '%s'",
			      c->name, r.guest, c->guest);
		ck_assert_msg(strcmp(r.host, c->host) == 0, "%s: host '%s', want '%s'",
			      c->name, r.host, c->host);
		if (c->link)
			ck_assert_msg(r.link && strcmp(r.link, c->link) == 0,
				      "%s: link '%s', want '%s'", c->name,
				      r.link ? r.link : "(none)", c->link);
		else
			ck_assert_msg(!r.link, "%s: link '%s', want none", c->name, r.link);
	}
	talloc_free(mem);
}
END_TEST

struct name_case {
	const char *path;
	unsigned flags;
	bool single;
};

/* What LOOKUP_KERNEL_MAY may leave to the kernel, the directory aside:
 * one name, not followed, that no binding's guest path has. */
static const struct name_case names[] = {
	{ "file", NF, true },
	{ "file", 0, false },		/* followed: a symlink would lead elsewhere */
	{ "a/b", NF, false },
	{ ".", NF, false },
	{ "..", NF, false },
	{ "", NF, false },
	{ "/file", NF, false },
	{ "mnt", NF, false },		/* a binding's component */
	{ "deep", NF, false },		/* a component of /x/deep/y */
	{ "x", NF, false },
	{ "y", NF, false },
	{ "proc", NF, false },
	{ "etc", NF, true },
};

START_TEST(lookup_single_name_table)
{
	const struct name_case *c = &names[_i];
	TALLOC_CTX *mem = talloc_new(NULL);
	struct bindings *b = bindings_new(mem, "/r");

	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(bindings_add(b, "/h/data", "/mnt"), 0);
	ck_assert_int_eq(bindings_add(b, "/proc", "/proc"), 0);
	ck_assert_int_eq(bindings_add(b, "/h/data", "/x/deep/y"), 0);
	ck_assert_msg(lookup_single_name(b, c->path, c->flags) == c->single,
		      "\"%s\" flags %#x: want %s", c->path, c->flags, c->single ? "yes" : "no");
	talloc_free(mem);
}
END_TEST

Suite *lookup_suite(void)
{
	Suite *s = suite_create("lookup");
	TCase *tc = tcase_create("lookup_flags");

	tcase_add_loop_test(tc, lookup_flags_table, 0, N(cases));
	suite_add_tcase(s, tc);
	tc = tcase_create("lookup_single_name");
	tcase_add_loop_test(tc, lookup_single_name_table, 0, N(names));
	suite_add_tcase(s, tc);
	return s;
}
