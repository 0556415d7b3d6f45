/* canon_resolve against a table-driven fake filesystem, plus the lexical
 * path helpers.  Each table is one tcase looped over its rows; a row says
 * what the kernel would do inside the guest. */
#include <check.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <talloc.h>

#include "fakefs.h"
#include "path/bind.h"
#include "path/canon.h"

/* ---- the fake world ---------------------------------------------------
 *
 * rootfs /r, and bindings:
 *   /h/hosts -> /etc/hosts   (a file)
 *   /h/data  -> /mnt         (a directory; /r/mnt/shadowed is hidden)
 *   /h/sub   -> /mnt/sub     (nested in the previous one)
 *   /h/opt   -> /virt/a/b    (/virt and /virt/a are absent from /r)
 *   /hp      -> /proc
 *   /h/gone  -> /mnt/gone    (its host side does not exist)
 * /h/data/h* are links in host terms: seen through the bindings.
 */
static const struct fake_entry world[] = {
	{ "/r/etc/passwd", FAKE_FILE, NULL },
	{ "/r/etc/hosts", FAKE_FILE, NULL },
	{ "/r/usr/bin/env", FAKE_FILE, NULL },
	{ "/r/usr/lib/libc.so", FAKE_FILE, NULL },
	{ "/r/bin", FAKE_SYMLINK, "usr/bin" },
	{ "/r/lib", FAKE_SYMLINK, "/usr/lib" },
	{ "/r/home/u/file", FAKE_FILE, NULL },
	{ "/r/home/u/link_passwd", FAKE_SYMLINK, "/etc/passwd" },
	{ "/r/home/u/rel", FAKE_SYMLINK, "../../etc" },
	{ "/r/home/u/esc", FAKE_SYMLINK, "../../../../../../etc" },
	{ "/r/home/u/escabs", FAKE_SYMLINK, "/../../etc" },
	{ "/r/home/u/dotdir", FAKE_SYMLINK, "." },
	{ "/r/home/u/dangling", FAKE_SYMLINK, "/nonexistent/x" },
	{ "/r/home/u/tofile", FAKE_SYMLINK, "file" },
	{ "/r/home/u/toslash", FAKE_SYMLINK, "file/" },
	{ "/r/home/u/todir", FAKE_SYMLINK, "/etc" },
	{ "/r/home/u/empty", FAKE_SYMLINK, "" },
	{ "/r/home/u/sub", FAKE_SYMLINK, "/usr/lib" },
	{ "/r/home/u/chain1", FAKE_SYMLINK, "chain2" },
	{ "/r/home/u/chain2", FAKE_SYMLINK, "todir" },
	{ "/r/home/u/tomnt", FAKE_SYMLINK, "/mnt/sub" },
	{ "/r/home/u/tohost", FAKE_SYMLINK, "/h/data/f" },
	{ "/r/empty_dir", FAKE_DIR, NULL },
	{ "/r/secret", FAKE_DENIED, NULL },
	{ "/r/secret/x", FAKE_FILE, NULL },
	{ "/r/jail/etc/passwd", FAKE_FILE, NULL },
	{ "/r/jail/bin", FAKE_SYMLINK, "/etc" },
	{ "/r/jail/up", FAKE_SYMLINK, "../../.." },
	{ "/r/jail/home", FAKE_DIR, NULL },
	{ "/r/jail/proc/self/root", FAKE_ROOTLINK, NULL },
	{ "/r/jail/proc/self/cwd", FAKE_MAGIC, "/home" },
	{ "/r/loop/self", FAKE_SYMLINK, "self" },
	{ "/r/loop/a", FAKE_SYMLINK, "b" },
	{ "/r/loop/b", FAKE_SYMLINK, "a" },
	{ "/r/loop/up", FAKE_SYMLINK, "../loop/up" },
	{ "/r/usr/lib/uplink", FAKE_SYMLINK, ".." },
	{ "/r/mnt/shadowed", FAKE_FILE, NULL },
	{ "/h/hosts", FAKE_FILE, NULL },
	{ "/h/data/f", FAKE_FILE, NULL },
	{ "/h/data/abs", FAKE_SYMLINK, "/etc/passwd" },
	{ "/h/data/up", FAKE_SYMLINK, "../etc" },
	{ "/h/data/hl", FAKE_SYMLINK, "/h/data/f" },		/* host terms */
	{ "/h/data/hsub", FAKE_SYMLINK, "/h/sub/g" },
	{ "/h/data/hdir", FAKE_SYMLINK, "/h/sub/" },
	{ "/h/data/hout", FAKE_SYMLINK, "/h/elsewhere/x" },
	{ "/h/data/hroot", FAKE_SYMLINK, "/r/etc/passwd" },
	{ "/h/data/hchain", FAKE_SYMLINK, "/h/data/hl" },
	{ "/h/sub/g", FAKE_FILE, NULL },
	{ "/h/opt/x", FAKE_FILE, NULL },
	{ "/hp/self/root", FAKE_ROOTLINK, NULL },
	{ "/hp/self/fd/0", FAKE_MAGIC, "pipe:[42]" },
	{ "/hp/self/fd/3", FAKE_MAGIC, "/etc" },
	{ "/hp/self/cwd", FAKE_MAGIC, "/home/u" },
	/* Already in guest terms, though it reads like /h/data's host side. */
	{ "/hp/self/exe", FAKE_GUESTLINK, "/h/data/f" },
};

struct env {
	struct fake_entry *entries;
	size_t count;
	struct fakefs ffs;
	struct fsops ops;
	struct bindings *binds;
};

static void add_entry(TALLOC_CTX *mem, struct env *e, const char *path,
		      enum fake_type type, const char *target)
{
	e->entries = talloc_realloc(mem, e->entries, struct fake_entry, e->count + 1);
	ck_assert_ptr_nonnull(e->entries);
	e->entries[e->count++] = (struct fake_entry){ path, type, target };
}

/* Link chains for the budget, built rather than typed:
 *   /l/s0 -> s1 -> ... -> s40 -> /etc/passwd   (s1: 40 links, s0: 41)
 *   /ch/a1 -> ... -> a25 -> /ch2               (25 links)
 *   /ch2/b1 -> ... -> b25 -> /etc/passwd       (25 links) */
static void add_chain(TALLOC_CTX *mem, struct env *e, const char *dir,
		      const char *name, int from, int to, const char *end)
{
	for (int i = from; i <= to; i++) {
		const char *target = i < to ? talloc_asprintf(mem, "%s%d", name, i + 1) : end;
		add_entry(mem, e, talloc_asprintf(mem, "%s/%s%d", dir, name, i),
			  FAKE_SYMLINK, target);
	}
}

static void env_main(TALLOC_CTX *mem, struct env *e)
{
	memset(e, 0, sizeof(*e));
	for (size_t i = 0; i < sizeof(world) / sizeof(world[0]); i++)
		add_entry(mem, e, world[i].path, world[i].type, world[i].target);
	add_chain(mem, e, "/r/l", "s", 0, 40, "/etc/passwd");
	add_chain(mem, e, "/r/ch", "a", 1, 25, "/ch2");
	add_chain(mem, e, "/r/ch2", "b", 1, 25, "/etc/passwd");
	fakefs_init(&e->ffs, e->entries, e->count);
	e->ops = fakefs_ops(&e->ffs);

	e->binds = bindings_new(mem, "/r");
	ck_assert_ptr_nonnull(e->binds);
	ck_assert_int_eq(bindings_add(e->binds, "/h/hosts", "/etc/hosts"), 0);
	ck_assert_int_eq(bindings_add(e->binds, "/h/data", "/mnt"), 0);
	ck_assert_int_eq(bindings_add(e->binds, "/h/sub", "/mnt/sub"), 0);
	ck_assert_int_eq(bindings_add(e->binds, "/h/opt", "/virt/a/b"), 0);
	ck_assert_int_eq(bindings_add(e->binds, "/hp", "/proc"), 0);
	ck_assert_int_eq(bindings_add(e->binds, "/h/gone", "/mnt/gone"), 0);
}

/* ---- table rows ---------------------------------------------------------- */

enum { X = 1, S = 2, L = 4, M = 8, V = 16, D = 32 };	/* exists, trailing slash,
							 * is_symlink, magic, virtual,
							 * final_dot */
#define NF CANON_NOFOLLOW
#define EP CANON_EMPTY_PATH
#define LZ CANON_LAZY_FINAL
#define KD (CANON_KEEP_DOTS | CANON_NOFOLLOW | CANON_LAZY_FINAL)
#define U "/home/u"

struct canon_case {
	const char *name;
	const char *root;
	const char *base;
	const char *path;
	unsigned flags;
	int rc;
	const char *guest;
	const char *host;
	unsigned bits;
};

/* Every row holds three ways: an lstat per component, runs of
 * directories checked by plain_dirs, and plain_dirs failing every time
 * (openat2 missing, or racing with a rename) so that the walk falls
 * back to lstat. */
enum plain_mode { PLAIN_NONE, PLAIN_OK, PLAIN_FAILS, PLAIN_MODES };
static const char *const plain_mode_name[] = { "lstat", "plain_dirs", "plain_dirs failing" };

static void run_case_mode(const struct canon_case *c, enum plain_mode mode)
{
	TALLOC_CTX *world_mem = talloc_new(NULL);
	struct env e;
	env_main(world_mem, &e);
	if (mode != PLAIN_NONE)
		e.ops = fakefs_ops_plain_dirs(&e.ffs);
	if (mode == PLAIN_FAILS)
		e.ffs.plain_dirs_error = -ENOSYS;

	/* "name (mode)" in every message. */
	char *name = talloc_asprintf(world_mem, "%s (%s)", c->name, plain_mode_name[mode]);
	TALLOC_CTX *scratch = talloc_new(NULL);
	size_t baseline = talloc_total_blocks(scratch);
	struct canon_result r;
	int rc = canon_resolve(scratch, e.binds, &e.ops, c->root, c->base,
			       c->path, c->flags, &r);

	ck_assert_msg(rc == c->rc, "%s: rc %d (%s), want %d (%s)", name,
		      rc, strerror(-rc), c->rc, strerror(-c->rc));
	ck_assert_msg(e.ffs.crossed_symlinks == 0,
		      "%s: a host lookup went through a symlink", name);
	if (rc < 0) {
		ck_assert_msg(!r.guest && !r.host, "%s: result left set on error", name);
		ck_assert_msg(talloc_total_blocks(scratch) == baseline,
			      "%s: %zu blocks leaked on error", name,
			      talloc_total_blocks(scratch) - baseline);
		goto out;
	}
	ck_assert_msg(strcmp(r.guest, c->guest) == 0, "%s: guest '%s', want '%s'",
		      name, r.guest, c->guest);
	ck_assert_msg(strcmp(r.host, c->host) == 0, "%s: host '%s', want '%s'",
		      name, r.host, c->host);
	unsigned bits = (r.exists ? X : 0) | (r.trailing_slash ? S : 0) |
			(r.is_symlink ? L : 0) | (r.magic ? M : 0) |
			(r.virtual_dir ? V : 0) | (r.final_dot ? D : 0);
	ck_assert_msg(bits == c->bits, "%s: flags %#x, want %#x", name, bits, c->bits);

	/* Only the two result strings stay on the caller's context. */
	ck_assert_msg(talloc_total_blocks(scratch) == baseline + 2,
		      "%s: %zu blocks on the context, want 2", name,
		      talloc_total_blocks(scratch) - baseline);
	talloc_free(r.guest);
	talloc_free(r.host);
	ck_assert_uint_eq(talloc_total_blocks(scratch), baseline);
out:
	talloc_free(scratch);
	talloc_free(world_mem);
}

static void run_case(const struct canon_case *c)
{
	for (int m = 0; m < PLAIN_MODES; m++)
		run_case_mode(c, (enum plain_mode)m);
}

#define TABLE_TEST(table)                                               \
	START_TEST(canon_##table)                                       \
	{                                                               \
		run_case(&table[_i]);                                   \
	}                                                               \
	END_TEST

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const struct canon_case basic[] = {
	{ "abs_file", "/", U, "/etc/passwd", 0, 0, "/etc/passwd", "/r/etc/passwd", X },
	{ "rel_from_root", "/", "/", "etc/passwd", 0, 0, "/etc/passwd", "/r/etc/passwd", X },
	{ "rel_from_base", "/", U, "file", 0, 0, U "/file", "/r/home/u/file", X },
	{ "rel_dot_slash", "/", U, "./file", 0, 0, U "/file", "/r/home/u/file", X },
	{ "double_slashes_collapse", "/", U, "//etc///passwd", 0, 0, "/etc/passwd", "/r/etc/passwd", X },
	{ "dots_skipped", "/", U, "/./etc/./passwd", 0, 0, "/etc/passwd", "/r/etc/passwd", X },
	{ "root_itself", "/", U, "/", 0, 0, "/", "/r", X },
	{ "dot_is_base", "/", U, ".", 0, 0, U, "/r/home/u", X },
	{ "dir", "/", U, "/usr/lib", 0, 0, "/usr/lib", "/r/usr/lib", X },
	{ "empty_is_enoent", "/", U, "", 0, -ENOENT, NULL, NULL, 0 },
	{ "empty_nofollow_is_enoent", "/", U, "", NF, -ENOENT, NULL, NULL, 0 },
	{ "empty_path_is_base", "/", U, "", EP, 0, U, "/r/home/u", X },
	{ "empty_path_flag_nonempty_path", "/", U, "file", EP, 0, U "/file", "/r/home/u/file", X },
	{ "abs_path_ignores_base", "/", NULL, "/etc", 0, 0, "/etc", "/r/etc", X },
};
TABLE_TEST(basic)

static const struct canon_case dotdot[] = {
	{ "dotdot_inside", "/", U, "/etc/../etc/passwd", 0, 0, "/etc/passwd", "/r/etc/passwd", X },
	{ "dotdot_at_root_stays", "/", U, "/..", 0, 0, "/", "/r", X },
	{ "dotdot_above_root_stays", "/", U, "/../../../etc", 0, 0, "/etc", "/r/etc", X },
	{ "dotdot_rel_at_root", "/", "/", "..", 0, 0, "/", "/r", X },
	{ "dotdot_rel_climbs_to_root", "/", U, "../../../../etc/passwd", 0, 0, "/etc/passwd", "/r/etc/passwd", X },
	{ "dotdot_base_parent", "/", U, "..", 0, 0, "/home", "/r/home", X },
	{ "dotdot_applies_to_link_target", "/", U, "sub/..", 0, 0, "/usr", "/r/usr", X },
	{ "dotdot_link_target_then_more", "/", U, "sub/../bin/env", 0, 0, "/usr/bin/env", "/r/usr/bin/env", X },
	{ "dotdot_after_abs_link", "/", U, "todir/../home/u/file", 0, 0, U "/file", "/r/home/u/file", X },
	{ "dotdot_final", "/", U, "/usr/lib/..", 0, 0, "/usr", "/r/usr", X },
	{ "dotdot_final_slash", "/", U, "/usr/lib/../", 0, 0, "/usr", "/r/usr/", X | S },
	{ "dot_final_slash", "/", U, "/etc/./", 0, 0, "/etc", "/r/etc/", X | S },
	{ "dotdot_after_missing_is_tail", "/", U, "missing/../file", 0, 0,
	  U "/missing/../file", "/r/home/u/missing/../file", 0 },
	{ "dotdot_after_file_is_tail", "/", U, "file/..", 0, 0, U "/file/..", "/r/home/u/file/..", 0 },
};
TABLE_TEST(dotdot)

/* rmdir, unlink, rename, mkdir, link, symlink, mknod: a final "." or
 * ".." stays for the kernel to refuse, after the directory it is in. */
static const struct canon_case final_dots[] = {
	{ "keep_dot", "/", U, "/etc/.", KD, 0, "/etc/.", "/r/etc/.", D },
	{ "keep_dotdot", "/", U, "/usr/lib/..", KD, 0, "/usr/lib/..", "/r/usr/lib/..", D },
	{ "keep_dot_slash", "/", U, "/etc/./", KD, 0, "/etc/./", "/r/etc/./", S | D },
	{ "keep_dot_alone", "/", U, ".", KD, 0, U "/.", "/r/home/u/.", D },
	{ "keep_dotdot_alone", "/", U, "..", KD, 0, U "/..", "/r/home/u/..", D },
	{ "keep_dot_at_root", "/", U, "/.", KD, 0, "/.", "/r/.", D },
	{ "keep_dotdot_at_root", "/", U, "/..", KD, 0, "/..", "/r/..", D },
	{ "keep_dotdot_at_jail_root", "/jail", "/jail", "/..", KD, 0, "/jail/..", "/r/jail/..", D },
	{ "keep_after_link", "/", U, "sub/.", KD, 0, "/usr/lib/.", "/r/usr/lib/.", D },
	{ "keep_dotdot_after_link", "/", U, "sub/..", KD, 0, "/usr/lib/..", "/r/usr/lib/..", D },
	{ "keep_dot_in_binding", "/", U, "/mnt/.", KD, 0, "/mnt/.", "/h/data/.", D },
	{ "keep_only_final", "/", U, "/usr/./lib/../bin/.", KD, 0, "/usr/bin/.", "/r/usr/bin/.", D },
	{ "keep_after_file_is_tail", "/", U, "file/.", KD, 0, U "/file/.", "/r/home/u/file/.", 0 },
	{ "keep_after_missing_is_tail", "/", U, "nope/..", KD, 0, U "/nope/..", "/r/home/u/nope/..", 0 },
	{ "dot_name_is_a_name", "/", U, "/etc/..x", KD, 0, "/etc/..x", "/r/etc/..x", X },
	{ "without_flag_dropped", "/", U, "/etc/.", NF | LZ, 0, "/etc", "/r/etc", X },
	/* Only the path's own final dot: a followed final link's ".." resolves. */
	{ "link_text_dotdot_followed", "/", U, "/usr/lib/uplink", CANON_KEEP_DOTS, 0, "/usr", "/r/usr", X },
};
TABLE_TEST(final_dots)

static const struct canon_case symlinks[] = {
	{ "rel_link", "/", U, "/bin/env", 0, 0, "/usr/bin/env", "/r/usr/bin/env", X },
	{ "abs_link_to_dir", "/", U, "/lib", 0, 0, "/usr/lib", "/r/usr/lib", X },
	{ "abs_link_nofollow", "/", U, "/lib", NF, 0, "/lib", "/r/lib", X | L },
	{ "nofollow_follows_intermediate", "/", U, "/lib/libc.so", NF, 0,
	  "/usr/lib/libc.so", "/r/usr/lib/libc.so", X },
	{ "abs_link_to_file", "/", U, "link_passwd", 0, 0, "/etc/passwd", "/r/etc/passwd", X },
	{ "rel_link_up", "/", U, "rel/passwd", 0, 0, "/etc/passwd", "/r/etc/passwd", X },
	{ "rel_link_escape_clamped", "/", U, "esc/passwd", 0, 0, "/etc/passwd", "/r/etc/passwd", X },
	{ "abs_link_escape_clamped", "/", U, "escabs/passwd", 0, 0, "/etc/passwd", "/r/etc/passwd", X },
	{ "dot_link_twice", "/", U, "dotdir/dotdir/file", 0, 0, U "/file", "/r/home/u/file", X },
	{ "link_to_link_to_link", "/", U, "chain1/passwd", 0, 0, "/etc/passwd", "/r/etc/passwd", X },
	{ "link_to_link_nofollow", "/", U, "chain1", NF, 0, U "/chain1", "/r/home/u/chain1", X | L },
	{ "dangling_tail_verbatim", "/", U, "dangling", 0, 0, "/nonexistent/x", "/r/nonexistent/x", 0 },
	{ "dangling_nofollow", "/", U, "dangling", NF, 0, U "/dangling", "/r/home/u/dangling", X | L },
	{ "empty_body_left_to_kernel", "/", U, "empty", 0, 0, U "/empty", "/r/home/u/empty", 0 },
	{ "empty_body_nofollow", "/", U, "empty", NF, 0, U "/empty", "/r/home/u/empty", X | L },
	{ "empty_body_intermediate", "/", U, "empty/x", 0, 0, U "/empty/x", "/r/home/u/empty/x", 0 },
	{ "link_into_nested_binding", "/", U, "tomnt/g", 0, 0, "/mnt/sub/g", "/h/sub/g", X },
	/* CANON_LAZY_FINAL: the final component is not looked at... */
	{ "lazy_final_link_not_read", "/", U, "/lib", NF | LZ, 0, "/lib", "/r/lib", X },
	{ "lazy_final_missing_not_seen", "/", U, "/etc/nope", NF | LZ, 0, "/etc/nope", "/r/etc/nope", X },
	/* ...but only when it is not followed. */
	{ "lazy_without_nofollow_follows", "/", U, "/lib", LZ, 0, "/usr/lib", "/r/usr/lib", X },
	{ "lazy_trailing_slash_follows", "/", U, "/lib/", NF | LZ, 0, "/usr/lib", "/r/usr/lib/", X | S },
	{ "lazy_intermediate_still_followed", "/", U, "/lib/libc.so", NF | LZ, 0,
	  "/usr/lib/libc.so", "/r/usr/lib/libc.so", X },
};
TABLE_TEST(symlinks)

/* The point of CANON_LAZY_FINAL: one lstat fewer per lookup. */
START_TEST(canon_lazy_final_saves_lstat)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct canon_result r;
	struct env e;
	unsigned eager;

	env_main(mem, &e);
	ck_assert_int_eq(canon_resolve(mem, e.binds, &e.ops, "/", "/", "/etc/passwd", NF, &r), 0);
	eager = e.ffs.lstat_calls;
	e.ffs.lstat_calls = 0;
	ck_assert_int_eq(canon_resolve(mem, e.binds, &e.ops, "/", "/", "/etc/passwd", NF | LZ, &r), 0);
	ck_assert_uint_eq(e.ffs.lstat_calls, eager - 1);
	ck_assert_str_eq(r.host, "/r/etc/passwd");
	talloc_free(mem);
}
END_TEST

/* plain_dirs: one call for the directories on the way and the final
 * component, followed; not followed, the final one gets its lstat. */
START_TEST(canon_plain_dirs_replaces_lstats)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct canon_result r;
	struct env e;

	env_main(mem, &e);
	ck_assert_int_eq(canon_resolve(mem, e.binds, &e.ops, "/", "/", "/usr/lib/libc.so", 0, &r), 0);
	ck_assert_uint_eq(e.ffs.lstat_calls, 3);
	e.ops = fakefs_ops_plain_dirs(&e.ffs);
	e.ffs.lstat_calls = 0;
	ck_assert_int_eq(canon_resolve(mem, e.binds, &e.ops, "/", "/", "/usr/lib/libc.so", 0, &r), 0);
	ck_assert_str_eq(r.host, "/r/usr/lib/libc.so");
	ck_assert_uint_eq(e.ffs.plain_dirs_calls, 1);
	ck_assert_uint_eq(e.ffs.lstat_calls, 0);
	ck_assert_int_eq(canon_resolve(mem, e.binds, &e.ops, "/", "/", "/usr/lib/libc.so",
				       CANON_NOFOLLOW, &r), 0);
	ck_assert_str_eq(r.host, "/r/usr/lib/libc.so");
	ck_assert_uint_eq(e.ffs.plain_dirs_calls, 2);
	ck_assert_uint_eq(e.ffs.lstat_calls, 1);
	talloc_free(mem);
}
END_TEST

/* A symlink in the run: the run is walked one by one, and the link's
 * target gets a run of its own. */
START_TEST(canon_plain_dirs_symlink_falls_back)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct canon_result r;
	struct env e;

	env_main(mem, &e);
	e.ops = fakefs_ops_plain_dirs(&e.ffs);
	ck_assert_int_eq(canon_resolve(mem, e.binds, &e.ops, "/", "/", "/home/u/sub/libc.so", 0, &r), 0);
	ck_assert_str_eq(r.guest, "/usr/lib/libc.so");
	ck_assert_str_eq(r.host, "/r/usr/lib/libc.so");
	/* home/u/sub/libc.so, home/u/sub, then usr/lib/libc.so */
	ck_assert_uint_eq(e.ffs.plain_dirs_calls, 3);
	ck_assert_uint_eq(e.ffs.lstat_calls, 3);	/* home, u, sub */
	ck_assert_uint_eq(e.ffs.readlink_calls, 1);
	ck_assert_uint_eq(e.ffs.crossed_symlinks, 0);
	talloc_free(mem);
}
END_TEST

/* A failing plain_dirs is asked once per run, not once per component. */
START_TEST(canon_plain_dirs_failure_asked_once)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct canon_result r;
	struct env e;

	env_main(mem, &e);
	e.ops = fakefs_ops_plain_dirs(&e.ffs);
	e.ffs.plain_dirs_error = -EAGAIN;
	ck_assert_int_eq(canon_resolve(mem, e.binds, &e.ops, "/", "/", "/usr/lib/libc.so", 0, &r), 0);
	ck_assert_str_eq(r.host, "/r/usr/lib/libc.so");
	ck_assert_uint_eq(e.ffs.plain_dirs_calls, 1);
	ck_assert_uint_eq(e.ffs.lstat_calls, 3);
	talloc_free(mem);
}
END_TEST

/* What plain_dirs was asked, to check that no run crosses a binding. */
struct plain_log {
	struct fakefs *ffs;
	char *calls;		/* "host_dir:rel;" each, "rel/" when the last
				 * must be a directory too */
};

static int logged_plain_dirs(void *opaque, TALLOC_CTX *mem, const char *host_dir,
			     const char *rel, bool any_last)
{
	struct plain_log *log = opaque;
	struct fsops inner = fakefs_ops_plain_dirs(log->ffs);

	log->calls = talloc_asprintf_append(log->calls, "%s:%s%s;", host_dir, rel,
					    any_last ? "" : "/");
	return inner.plain_dirs(log->ffs, mem, host_dir, rel, any_last);
}

static int logged_lstat(void *opaque, const char *host, struct stat *st)
{
	struct plain_log *log = opaque;
	struct fsops inner = fakefs_ops(log->ffs);

	return inner.lstat(log->ffs, host, st);
}

static int logged_readlink(void *opaque, TALLOC_CTX *mem, const char *host,
			   char **target, enum fs_link_kind *kind)
{
	struct plain_log *log = opaque;
	struct fsops inner = fakefs_ops(log->ffs);

	return inner.readlink(log->ffs, mem, host, target, kind);
}

static const struct { const char *path, *calls, *host; } binding_runs[] = {
	/* /mnt and /mnt/sub are bindings: no two components share one. */
	{ "/mnt/sub/g", "", "/h/sub/g" },
	/* /virt/a/b is one: the run stops before it (and fails: /r/virt
	 * does not exist, /virt is virtual). */
	{ "/virt/a/b/x", "/r:virt/a/;", "/h/opt/x" },
	/* A run inside a binding starts from its host directory. */
	/* (d1 is missing: the directories alone fail too.) */
	{ "/mnt/d1/d2/f", "/h/data:d1/d2/f;/h/data:d1/d2/;", "/h/data/d1/d2/f" },
	{ "/etc/hosts/x/y", "", "/h/hosts/x/y" },
	/* The magic link fails the run; its target gets one. */
	{ "/proc/self/fd/3/passwd", "/hp:self/fd/3/passwd;/hp:self/fd/3/;/r:etc/passwd;",
	  "/r/etc/passwd" },
};

START_TEST(canon_plain_dirs_stop_at_bindings)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct canon_result r;
	struct env e;
	struct plain_log log;

	env_main(mem, &e);
	log.ffs = &e.ffs;
	log.calls = talloc_strdup(mem, "");
	struct fsops ops = {
		.lstat = logged_lstat, .readlink = logged_readlink,
		.plain_dirs = logged_plain_dirs, .opaque = &log,
	};
	ck_assert_int_eq(canon_resolve(mem, e.binds, &ops, "/", "/", binding_runs[_i].path, 0, &r), 0);
	ck_assert_str_eq(log.calls, binding_runs[_i].calls);
	ck_assert_str_eq(r.host, binding_runs[_i].host);
	talloc_free(mem);
}
END_TEST

/* The final component in the run: what the walk finds when the check
 * fails (a symlink anywhere, a missing name, a file taken as a
 * directory, a binding on the way), and how many lookups it costs. */
static const struct {
	const char *path;
	unsigned flags;
	const char *guest, *host;
	bool exists, slash;
	unsigned plain, lstats;
} final_runs[] = {
	/* Plain: one check, nothing else. */
	{ "/home/u/file", 0, U "/file", "/r/home/u/file", true, false, 1, 0 },
	{ "/usr/lib/", 0, "/usr/lib", "/r/usr/lib/", true, true, 1, 0 },
	{ "/home/u/file/", NF, U "/file", "/r/home/u/file/", true, true, 1, 0 },
	/* Not followed: the final one is looked at alone. */
	{ "/home/u/file", NF, U "/file", "/r/home/u/file", true, false, 1, 1 },
	/* A final symlink: the directories alone, the link, its target's
	 * run. */
	{ "/home/u/link_passwd", 0, "/etc/passwd", "/r/etc/passwd", true, false, 3, 1 },
	/* (/etc holds a binding: one lstat more to see it is no virtual
	 * directory.) */
	{ "/home/u/todir/", 0, "/etc", "/r/etc/", true, true, 2, 3 },
	/* One on the way: walked one by one, then its target's run. */
	{ "/home/u/sub/libc.so", 0, "/usr/lib/libc.so", "/r/usr/lib/libc.so", true, false, 3, 3 },
	/* Missing on the way, or at the end. */
	{ "/home/nope/x/y", 0, "/home/nope/x/y", "/r/home/nope/x/y", false, false, 2, 2 },
	{ "/home/u/nope", 0, U "/nope", "/r/home/u/nope", false, false, 2, 1 },
	/* A file taken as a directory: the directories are the cause. */
	{ "/home/u/file/x", 0, U "/file/x", "/r/home/u/file/x", false, false, 1, 3 },
	/* A binding as the final component: the run stops before it. */
	{ "/mnt/sub", 0, "/mnt/sub", "/h/sub", true, false, 0, 2 },
	{ "/etc/hosts", 0, "/etc/hosts", "/h/hosts", true, false, 0, 2 },
	/* A binding's missing ancestor: the check fails, the walk finds it
	 * virtual. */
	{ "/virt/a", 0, "/virt/a", "/r/virt/a", true, false, 1, 3 },
};

START_TEST(canon_plain_dirs_final)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct canon_result r;
	struct env e;

	env_main(mem, &e);
	e.ops = fakefs_ops_plain_dirs(&e.ffs);
	ck_assert_int_eq(canon_resolve(mem, e.binds, &e.ops, "/", "/", final_runs[_i].path,
				       final_runs[_i].flags, &r), 0);
	ck_assert_str_eq(r.guest, final_runs[_i].guest);
	ck_assert_str_eq(r.host, final_runs[_i].host);
	ck_assert_int_eq(r.exists, final_runs[_i].exists);
	ck_assert_int_eq(r.trailing_slash, final_runs[_i].slash);
	ck_assert_uint_eq(e.ffs.plain_dirs_calls, final_runs[_i].plain);
	ck_assert_uint_eq(e.ffs.lstat_calls, final_runs[_i].lstats);
	ck_assert_uint_eq(e.ffs.crossed_symlinks, 0);
	talloc_free(mem);
}
END_TEST

static const struct canon_case trailing[] = {
	{ "file_slash_kept_on_host", "/", U, "file/", 0, 0, U "/file", "/r/home/u/file/", X | S },
	{ "dir_slash", "/", U, "/etc/", 0, 0, "/etc", "/r/etc/", X | S },
	{ "many_slashes", "/", U, "/etc///", 0, 0, "/etc", "/r/etc/", X | S },
	{ "root_slashes", "/", U, "///", 0, 0, "/", "/r", X },
	{ "slash_forces_follow_file", "/", U, "tofile/", NF, 0, U "/file", "/r/home/u/file/", X | S },
	{ "slash_forces_follow_dir", "/", U, "/lib/", NF, 0, "/usr/lib", "/r/usr/lib/", X | S },
	{ "link_body_slash", "/", U, "toslash", 0, 0, U "/file", "/r/home/u/file/", X | S },
	{ "link_body_slash_nofollow", "/", U, "toslash", NF, 0, U "/toslash", "/r/home/u/toslash", X | L },
	{ "missing_slash", "/", U, "missing/", 0, 0, U "/missing/", "/r/home/u/missing/", S },
	{ "dangling_slash_nofollow", "/", U, "dangling/", NF, 0, "/nonexistent/x/", "/r/nonexistent/x/", S },
	{ "file_dot", "/", U, "file/.", 0, 0, U "/file/.", "/r/home/u/file/.", 0 },
	{ "link_dot_nofollow_follows", "/", U, "/lib/.", NF, 0, "/usr/lib", "/r/usr/lib", X },
};
TABLE_TEST(trailing)

static const struct canon_case missing[] = {
	{ "missing_final", "/", U, "new", 0, 0, U "/new", "/r/home/u/new", 0 },
	{ "missing_intermediate", "/", U, "/nope/a/b", 0, 0, "/nope/a/b", "/r/nope/a/b", 0 },
	{ "missing_tail_verbatim", "/", U, "/nope//a/./b/../", 0, 0,
	  "/nope//a/./b/../", "/r/nope//a/./b/../", S },
	{ "missing_tail_dotdot_not_applied", "/", U, "/nope/../../../etc", 0, 0,
	  "/nope/../../../etc", "/r/nope/../../../etc", 0 },
	{ "enotdir_tail", "/", U, "file/x", 0, 0, U "/file/x", "/r/home/u/file/x", 0 },
	{ "enotdir_tail_verbatim", "/", U, "/etc/passwd//x/../y", 0, 0,
	  "/etc/passwd//x/../y", "/r/etc/passwd//x/../y", 0 },
	{ "enotdir_via_link", "/", U, "link_passwd/x", 0, 0, "/etc/passwd/x", "/r/etc/passwd/x", 0 },
	{ "missing_in_empty_dir", "/", U, "/empty_dir/x", 0, 0, "/empty_dir/x", "/r/empty_dir/x", 0 },
	{ "eacces_from_fsops", "/", U, "/secret/x", 0, -EACCES, NULL, NULL, 0 },
	{ "denied_dir_itself", "/", U, "/secret", 0, 0, "/secret", "/r/secret", X },
	{ "rootfs_hidden_by_binding", "/", U, "/mnt/shadowed", 0, 0, "/mnt/shadowed", "/h/data/shadowed", 0 },
};
TABLE_TEST(missing)

#define D5 "dotdir/dotdir/dotdir/dotdir/dotdir/"
#define D10 D5 D5
#define D40 D10 D10 D10 D10

static const struct canon_case loops[] = {
	{ "self_loop", "/", U, "/loop/self", 0, -ELOOP, NULL, NULL, 0 },
	{ "two_link_loop", "/", U, "/loop/a", 0, -ELOOP, NULL, NULL, 0 },
	{ "dotdot_loop", "/", U, "/loop/up", 0, -ELOOP, NULL, NULL, 0 },
	{ "self_loop_nofollow", "/", U, "/loop/self", NF, 0, "/loop/self", "/r/loop/self", X | L },
	{ "self_loop_slash_nofollow", "/", U, "/loop/self/", NF, -ELOOP, NULL, NULL, 0 },
	{ "self_loop_intermediate_nofollow", "/", U, "/loop/self/x", NF, -ELOOP, NULL, NULL, 0 },
	{ "chain_of_40_resolves", "/", U, "/l/s1", 0, 0, "/etc/passwd", "/r/etc/passwd", X },
	{ "chain_of_41_eloop", "/", U, "/l/s0", 0, -ELOOP, NULL, NULL, 0 },
	{ "chain_of_41_nofollow", "/", U, "/l/s0", NF, 0, "/l/s0", "/r/l/s0", X | L },
	{ "dot_link_40_components", "/", U, D40 "file", 0, 0, U "/file", "/r/home/u/file", X },
	{ "dot_link_41_components", "/", U, D40 "dotdir/file", 0, -ELOOP, NULL, NULL, 0 },
	{ "chain_of_25_resolves", "/", U, "/ch2/b1", 0, 0, "/etc/passwd", "/r/etc/passwd", X },
	{ "chain_of_25_to_dir", "/", U, "/ch/a1", 0, 0, "/ch2", "/r/ch2", X },
	{ "two_chains_of_25_eloop", "/", U, "/ch/a1/b1", 0, -ELOOP, NULL, NULL, 0 },
	{ "two_chains_25_15_resolves", "/", U, "/ch/a1/b11", 0, 0, "/etc/passwd", "/r/etc/passwd", X },
	{ "two_chains_25_16_eloop", "/", U, "/ch/a1/b10", 0, -ELOOP, NULL, NULL, 0 },
	{ "budget_shared_across_components", "/", U, "/ch/a1/../ch/a1", 0, -ELOOP, NULL, NULL, 0 },
};
TABLE_TEST(loops)

static const struct canon_case chroot_[] = {
	{ "jail_abs", "/jail", "/jail", "/etc/passwd", 0, 0, "/jail/etc/passwd", "/r/jail/etc/passwd", X },
	{ "jail_root", "/jail", "/jail", "/", 0, 0, "/jail", "/r/jail", X },
	{ "jail_dotdot_stays", "/jail", "/jail", "/..", 0, 0, "/jail", "/r/jail", X },
	{ "jail_dotdot_rel_stays", "/jail", "/jail/home", "../../../etc/passwd", 0, 0,
	  "/jail/etc/passwd", "/r/jail/etc/passwd", X },
	{ "jail_abs_link_restarts_at_root", "/jail", "/jail", "/bin/passwd", 0, 0,
	  "/jail/etc/passwd", "/r/jail/etc/passwd", X },
	{ "jail_escaping_link_clamped", "/jail", "/jail", "/up/etc/passwd", 0, 0,
	  "/jail/etc/passwd", "/r/jail/etc/passwd", X },
	{ "jail_base_outside_root", "/jail", U, "etc/passwd", 0, 0,
	  "/jail/etc/passwd", "/r/jail/etc/passwd", X },
	{ "jail_missing", "/jail", "/jail", "/nope", 0, 0, "/jail/nope", "/r/jail/nope", 0 },
	{ "jail_empty_path", "/jail", "/jail/home", "", EP, 0, "/jail/home", "/r/jail/home", X },
	{ "jail_root_link", "/jail", "/jail", "/proc/self/root/etc/passwd", 0, 0,
	  "/jail/etc/passwd", "/r/jail/etc/passwd", X },
	{ "jail_magic_target_under_root", "/jail", "/jail", "/proc/self/cwd/x", 0, 0,
	  "/jail/home/x", "/r/jail/home/x", 0 },
	{ "jail_root_with_slash", "/jail/", "/jail", "/etc/passwd", 0, 0,
	  "/jail/etc/passwd", "/r/jail/etc/passwd", X },
	{ "chroot_into_binding", "/mnt", "/mnt", "/sub/g", 0, 0, "/mnt/sub/g", "/h/sub/g", X },
	{ "chroot_binding_abs_link", "/mnt", "/mnt", "/abs", 0, 0,
	  "/mnt/etc/passwd", "/h/data/etc/passwd", 0 },
	{ "chroot_binding_dotdot", "/mnt", "/mnt", "/sub/../..", 0, 0, "/mnt", "/h/data", X },
	{ "relative_root_einval", "jail", "/jail", "/etc", 0, -EINVAL, NULL, NULL, 0 },
	{ "relative_base_einval", "/", "home", "file", 0, -EINVAL, NULL, NULL, 0 },
	{ "missing_base_einval", "/", NULL, "file", 0, -EINVAL, NULL, NULL, 0 },
};
TABLE_TEST(chroot_)

static const struct canon_case bindings[] = {
	{ "file_binding", "/", U, "/etc/hosts", 0, 0, "/etc/hosts", "/h/hosts", X },
	{ "file_binding_slash", "/", U, "/etc/hosts/", 0, 0, "/etc/hosts", "/h/hosts/", X | S },
	{ "file_binding_more", "/", U, "/etc/hosts/x", 0, 0, "/etc/hosts/x", "/h/hosts/x", 0 },
	{ "dir_binding", "/", U, "/mnt", 0, 0, "/mnt", "/h/data", X },
	{ "dir_binding_file", "/", U, "/mnt/f", 0, 0, "/mnt/f", "/h/data/f", X },
	{ "nested_binding", "/", U, "/mnt/sub/g", 0, 0, "/mnt/sub/g", "/h/sub/g", X },
	{ "nested_binding_dotdot", "/", U, "/mnt/sub/../f", 0, 0, "/mnt/f", "/h/data/f", X },
	{ "nested_binding_rel_base", "/", "/mnt/sub", "../f", 0, 0, "/mnt/f", "/h/data/f", X },
	{ "binding_point_dotdot", "/", U, "/mnt/..", 0, 0, "/", "/r", X },
	{ "binding_abs_link_is_guest", "/", U, "/mnt/abs", 0, 0, "/etc/passwd", "/r/etc/passwd", X },
	{ "binding_abs_link_nofollow", "/", U, "/mnt/abs", NF, 0, "/mnt/abs", "/h/data/abs", X | L },
	{ "binding_rel_link_leaves", "/", U, "/mnt/up/passwd", 0, 0, "/etc/passwd", "/r/etc/passwd", X },
	{ "binding_missing", "/", U, "/mnt/nope/x", 0, 0, "/mnt/nope/x", "/h/data/nope/x", 0 },
	{ "binding_host_missing", "/", U, "/mnt/gone", 0, 0, "/mnt/gone", "/h/gone", 0 },
	{ "binding_host_missing_tail", "/", U, "/mnt/gone/x/", 0, 0, "/mnt/gone/x/", "/h/gone/x/", S },
	{ "binding_prefix_boundary", "/", U, "/mntx", 0, 0, "/mntx", "/r/mntx", 0 },
	{ "virtual_parent", "/", U, "/virt", 0, 0, "/virt", "/r/virt", X | V },
	{ "virtual_parent_slash", "/", U, "/virt/a/", 0, 0, "/virt/a", "/r/virt/a/", X | S | V },
	{ "virtual_parent_dot", "/", U, "/virt/a/.", 0, 0, "/virt/a", "/r/virt/a", X | V },
	{ "through_virtual_parents", "/", U, "/virt/a/b/x", 0, 0, "/virt/a/b/x", "/h/opt/x", X },
	{ "virtual_dotdot", "/", U, "/virt/a/b/../../a/b/x", 0, 0, "/virt/a/b/x", "/h/opt/x", X },
	{ "virtual_dotdot_to_root", "/", U, "/virt/..", 0, 0, "/", "/r", X },
	{ "virtual_sibling_missing", "/", U, "/virt/nope", 0, 0, "/virt/nope", "/r/virt/nope", 0 },
	{ "binding_point_itself_not_virtual", "/", U, "/virt/a/b", 0, 0, "/virt/a/b", "/h/opt", X },
	/* Absolute links in a binding that name a binding's host side. */
	{ "binding_host_link_same_binding", "/", U, "/mnt/hl", 0, 0, "/mnt/f", "/h/data/f", X },
	{ "binding_host_link_deepest", "/", U, "/mnt/hsub", 0, 0, "/mnt/sub/g", "/h/sub/g", X },
	{ "binding_host_link_dir_slash", "/", U, "/mnt/hdir/g", 0, 0, "/mnt/sub/g", "/h/sub/g", X },
	{ "binding_host_link_chain", "/", U, "/mnt/hchain", 0, 0, "/mnt/f", "/h/data/f", X },
	{ "binding_host_link_nofollow", "/", U, "/mnt/hl", NF, 0, "/mnt/hl", "/h/data/hl", X | L },
	{ "binding_host_link_outside", "/", U, "/mnt/hout", 0, 0, "/h/elsewhere/x",
	  "/r/h/elsewhere/x", 0 },
	{ "binding_host_link_rootfs_only", "/", U, "/mnt/hroot", 0, 0, "/r/etc/passwd",
	  "/r/r/etc/passwd", 0 },
	{ "rootfs_link_never_mapped", "/", U, "tohost", 0, 0, "/h/data/f", "/r/h/data/f", 0 },
	{ "guest_terms_link_never_mapped", "/", U, "/proc/self/exe", 0, 0, "/h/data/f",
	  "/r/h/data/f", 0 },
};
TABLE_TEST(bindings)

static const struct canon_case magic[] = {
	{ "magic_final_left_to_kernel", "/", U, "/proc/self/fd/0", 0, 0,
	  "/proc/self/fd/0", "/hp/self/fd/0", X | M },
	{ "magic_nofollow", "/", U, "/proc/self/fd/0", NF, 0,
	  "/proc/self/fd/0", "/hp/self/fd/0", X | L },
	{ "magic_final_slash", "/", U, "/proc/self/fd/3/", 0, 0,
	  "/proc/self/fd/3", "/hp/self/fd/3/", X | S | M },
	{ "magic_cwd_final", "/", U, "/proc/self/cwd", 0, 0, "/proc/self/cwd", "/hp/self/cwd", X | M },
	{ "magic_nonpath_intermediate", "/", U, "/proc/self/fd/0/x", 0, 0,
	  "/proc/self/fd/0/x", "/hp/self/fd/0/x", 0 },
	{ "magic_dir_intermediate", "/", U, "/proc/self/fd/3/passwd", 0, 0,
	  "/etc/passwd", "/r/etc/passwd", X },
	{ "magic_cwd_intermediate", "/", U, "/proc/self/cwd/file", 0, 0,
	  U "/file", "/r/home/u/file", X },
	{ "magic_dotdot", "/", U, "/proc/self/fd/3/..", 0, 0, "/", "/r", X },
	{ "root_link_final", "/", U, "/proc/self/root", 0, 0, "/", "/r", X },
	{ "root_link_slash", "/", U, "/proc/self/root/", 0, 0, "/", "/r/", X | S },
	{ "root_link_path", "/", U, "/proc/self/root/etc/passwd", 0, 0,
	  "/etc/passwd", "/r/etc/passwd", X },
	{ "root_link_dotdot_stays", "/", U, "/proc/self/root/../../etc", 0, 0, "/etc", "/r/etc", X },
	{ "root_link_nofollow", "/", U, "/proc/self/root", NF, 0,
	  "/proc/self/root", "/hp/self/root", X | L },
	{ "proc_dir_binding", "/", U, "/proc/self/fd", 0, 0, "/proc/self/fd", "/hp/self/fd", X },
};
TABLE_TEST(magic)

/* ---- lengths ------------------------------------------------------------- */

START_TEST(canon_guest_path_too_long)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct env e;
	struct canon_result r;
	env_main(mem, &e);

	char *p = talloc_array(mem, char, PATH_MAX + 1);
	memset(p, 'a', PATH_MAX);
	p[0] = '/';
	p[PATH_MAX] = '\0';
	ck_assert_int_eq(canon_resolve(mem, e.binds, &e.ops, "/", "/", p, 0, &r), -ENAMETOOLONG);

	/* PATH_MAX - 1 bytes is still a valid guest path: "/etc" "/."... "/passwd". */
	char *q = talloc_strdup(mem, "/etc");
	while (strlen(q) + strlen("/passwd") < PATH_MAX - 1)
		q = talloc_strdup_append(q, "/.");
	q = talloc_strdup_append(q, "/passwd");
	ck_assert_uint_eq(strlen(q), PATH_MAX - 1);
	ck_assert_int_eq(canon_resolve(mem, e.binds, &e.ops, "/", "/", q, 0, &r), 0);
	ck_assert_str_eq(r.guest, "/etc/passwd");
	ck_assert_str_eq(r.host, "/r/etc/passwd");
	talloc_free(mem);
}
END_TEST

/* rootfs of ~3200 bytes plus a guest path of ~2000: the host path is
 * longer than PATH_MAX, which the kernel never sees as one string (the
 * tracer opens it piecewise), so canonicalisation must not mind. */
START_TEST(canon_long_host_path_works)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	char *comp = talloc_array(mem, char, 201);
	memset(comp, 'r', 200);
	comp[200] = '\0';
	char *rootfs = talloc_strdup(mem, "");
	for (int i = 0; i < 16; i++)
		rootfs = talloc_asprintf_append(rootfs, "/%s%d", comp, i);
	memset(comp, 'g', 200);
	char *dir = talloc_strdup(mem, "");
	for (int i = 0; i < 9; i++)
		dir = talloc_asprintf_append(dir, "/%s%d", comp, i);

	struct fake_entry ents[] = {
		{ talloc_asprintf(mem, "%s%s/file", rootfs, dir), FAKE_FILE, NULL },
		{ talloc_asprintf(mem, "%s%s/link", rootfs, dir), FAKE_SYMLINK, "file" },
		{ talloc_asprintf(mem, "%s/abs", rootfs), FAKE_SYMLINK,
		  talloc_asprintf(mem, "%s/link", dir) },
	};
	struct fakefs ffs;
	fakefs_init(&ffs, ents, 3);
	struct fsops ops = fakefs_ops(&ffs);
	struct bindings *b = bindings_new(mem, rootfs);
	ck_assert_ptr_nonnull(b);

	struct canon_result r;
	char *path = talloc_asprintf(mem, "%s/link", dir);
	ck_assert_int_lt(strlen(path), PATH_MAX);
	ck_assert_int_eq(canon_resolve(mem, b, &ops, "/", "/", path, 0, &r), 0);
	char *want = talloc_asprintf(mem, "%s/file", dir);
	ck_assert_str_eq(r.guest, want);
	ck_assert_str_eq(r.host, talloc_asprintf(mem, "%s%s", rootfs, want));
	ck_assert_int_gt(strlen(r.host), PATH_MAX);
	ck_assert(r.exists);

	/* The same through an absolute link, relative to a long base. */
	ck_assert_int_eq(canon_resolve(mem, b, &ops, "/", dir, "../../../../../../../../../abs",
				       0, &r), 0);
	ck_assert_str_eq(r.guest, want);
	ck_assert_int_eq(ffs.crossed_symlinks, 0);
	talloc_free(mem);
}
END_TEST

/* The path may stay under PATH_MAX while link bodies make the walk much
 * longer; only the input is limited. */
START_TEST(canon_long_link_expansion_works)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	char *body = talloc_strdup(mem, "");
	while (strlen(body) < PATH_MAX - 100)
		body = talloc_strdup_append(body, "./");
	body = talloc_strdup_append(body, "file");
	struct fake_entry ents[] = {
		{ "/r/d/file", FAKE_FILE, NULL },
		{ "/r/d/long", FAKE_SYMLINK, body },
		{ "/r/d/long2", FAKE_SYMLINK, body },
	};
	struct fakefs ffs;
	fakefs_init(&ffs, ents, 3);
	struct fsops ops = fakefs_ops(&ffs);
	struct bindings *b = bindings_new(mem, "/r");
	struct canon_result r;

	char *path = talloc_strdup(mem, "/d");
	while (strlen(path) < PATH_MAX - 100)
		path = talloc_strdup_append(path, "/.");
	path = talloc_strdup_append(path, "/long");
	ck_assert_int_eq(canon_resolve(mem, b, &ops, "/", "/", path, 0, &r), 0);
	ck_assert_str_eq(r.guest, "/d/file");
	ck_assert_str_eq(r.host, "/r/d/file");
	talloc_free(mem);
}
END_TEST

/* ---- lexical helpers ------------------------------------------------------ */

struct lex_case {
	const char *a, *b, *want;
};

static const struct lex_case join_cases[] = {
	{ "/a", "b", "/a/b" },
	{ "/a/", "/b", "/a/b" },
	{ "/a//", "//b", "/a/b" },
	{ "/", "b", "/b" },
	{ "/", "/", "/" },
	{ "/", "", "/" },
	{ "/a", "", "/a" },
	{ "/a", "b/", "/a/b/" },
	{ "/a", "b//c", "/a/b//c" },
	{ "", "b", "/b" },
};

START_TEST(path_join_table)
{
	const struct lex_case *c = &join_cases[_i];
	TALLOC_CTX *mem = talloc_new(NULL);
	char *s = path_join(mem, c->a, c->b);
	ck_assert_msg(strcmp(s, c->want) == 0, "join('%s', '%s') = '%s', want '%s'",
		      c->a, c->b, s, c->want);
	talloc_free(mem);
}
END_TEST

static const struct lex_case norm_cases[] = {
	{ "/", NULL, "/" },
	{ "//", NULL, "/" },
	{ "/a/./b", NULL, "/a/b" },
	{ "/a/../..", NULL, "/" },
	{ "/a/b/", NULL, "/a/b" },
	{ "/../a", NULL, "/a" },
	{ "/a//b///c", NULL, "/a/b/c" },
	{ "/a/b/../../c/.", NULL, "/c" },
	{ "/..", NULL, "/" },
	{ "/...", NULL, "/..." },
	{ "/.a/..b/.", NULL, "/.a/..b" },
	{ "a/b", NULL, "/a/b" },
	{ "", NULL, "/" },
};

START_TEST(path_normalise_table)
{
	const struct lex_case *c = &norm_cases[_i];
	TALLOC_CTX *mem = talloc_new(NULL);
	char *s = path_normalise(mem, c->a);
	ck_assert_msg(strcmp(s, c->want) == 0, "normalise('%s') = '%s', want '%s'",
		      c->a, s, c->want);
	talloc_free(mem);
}
END_TEST

static const struct lex_case prefix_cases[] = {
	{ "/usr", "/usr", "y" },
	{ "/usr/bin", "/usr", "y" },
	{ "/usrx", "/usr", "n" },
	{ "/us", "/usr", "n" },
	{ "/usr", "/", "y" },
	{ "/", "/", "y" },
	{ "/usr/", "/usr", "y" },
	{ "/usr/bin", "/usr/", "y" },
	{ "/usrx", "/usr/", "n" },
	{ "rel", "/", "n" },
	{ "/a/b/c", "/a/b", "y" },
	{ "/a/bc", "/a/b", "n" },
};

static const struct lex_case beneath_cases[] = {
	{ "a", NULL, "y" },
	{ ".", NULL, "y" },
	{ "", NULL, "y" },
	{ "a/../b", NULL, "y" },
	{ "./a/./..", NULL, "y" },
	{ "..", NULL, "n" },
	{ "./../a", NULL, "n" },
	{ "a/../..", NULL, "n" },
	{ "a//..//../b", NULL, "n" },
	{ "/a", NULL, "n" },
	{ "..a/...", NULL, "y" },
};

START_TEST(path_stays_beneath_table)
{
	const struct lex_case *c = &beneath_cases[_i];
	bool want = c->want[0] == 'y';
	ck_assert_msg(path_stays_beneath(c->a) == want, "stays_beneath('%s') != %s",
		      c->a, want ? "true" : "false");
}
END_TEST

START_TEST(path_has_prefix_table)
{
	const struct lex_case *c = &prefix_cases[_i];
	bool want = c->want[0] == 'y';
	ck_assert_msg(path_has_prefix(c->a, c->b) == want, "has_prefix('%s', '%s') != %s",
		      c->a, c->b, want ? "true" : "false");
}
END_TEST

/* path_seen_from: root (a), guest (b), what the process names. */
static const struct lex_case seen_cases[] = {
	{ "/", "/etc/passwd", "/etc/passwd" },
	{ "/jail", "/jail", "/" },
	{ "/jail", "/jail/bin/sh", "/bin/sh" },
	{ "/jail", "/jailer/x", "/jailer/x" },
	{ "/jail", "/etc", "/etc" },
	{ "/a/b", "/a/b/c", "/c" },
};

START_TEST(path_seen_from_table)
{
	const struct lex_case *c = &seen_cases[_i];
	ck_assert_str_eq(path_seen_from(c->a, c->b), c->want);
}
END_TEST

#define ADD_TABLE(s, name, fn, n)                                        \
	do {                                                             \
		TCase *tc_ = tcase_create(name);                         \
		tcase_add_loop_test(tc_, fn, 0, n);                      \
		suite_add_tcase(s, tc_);                                 \
	} while (0)

Suite *canon_suite(void)
{
	Suite *s = suite_create("canon");

	ADD_TABLE(s, "canon_basic", canon_basic, N(basic));
	ADD_TABLE(s, "canon_dotdot", canon_dotdot, N(dotdot));
	ADD_TABLE(s, "canon_symlinks", canon_symlinks, N(symlinks));
	ADD_TABLE(s, "canon_final_dots", canon_final_dots, N(final_dots));
	ADD_TABLE(s, "canon_trailing_slash", canon_trailing, N(trailing));
	ADD_TABLE(s, "canon_missing_and_enotdir", canon_missing, N(missing));
	ADD_TABLE(s, "canon_symlink_budget", canon_loops, N(loops));
	ADD_TABLE(s, "canon_chroot", canon_chroot_, N(chroot_));
	ADD_TABLE(s, "canon_bindings", canon_bindings, N(bindings));
	ADD_TABLE(s, "canon_magic_links", canon_magic, N(magic));

	TCase *tc = tcase_create("canon_lengths");
	tcase_add_test(tc, canon_guest_path_too_long);
	tcase_add_test(tc, canon_long_host_path_works);
	tcase_add_test(tc, canon_lazy_final_saves_lstat);
	tcase_add_test(tc, canon_long_link_expansion_works);
	suite_add_tcase(s, tc);

	tc = tcase_create("canon_plain_dirs");
	tcase_add_loop_test(tc, canon_plain_dirs_final, 0, N(final_runs));
	tcase_add_test(tc, canon_plain_dirs_replaces_lstats);
	tcase_add_test(tc, canon_plain_dirs_symlink_falls_back);
	tcase_add_test(tc, canon_plain_dirs_failure_asked_once);
	tcase_add_loop_test(tc, canon_plain_dirs_stop_at_bindings, 0, N(binding_runs));
	suite_add_tcase(s, tc);

	tc = tcase_create("path_lexical");
	tcase_add_loop_test(tc, path_join_table, 0, N(join_cases));
	tcase_add_loop_test(tc, path_normalise_table, 0, N(norm_cases));
	tcase_add_loop_test(tc, path_has_prefix_table, 0, N(prefix_cases));
	tcase_add_loop_test(tc, path_stays_beneath_table, 0, N(beneath_cases));
	tcase_add_loop_test(tc, path_seen_from_table, 0, N(seen_cases));
	suite_add_tcase(s, tc);
	return s;
}
