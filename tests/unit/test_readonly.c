/* path/readonly.c: the order of errors of a read-only binding, against
 * a fake host of a few files, and which files it asks about. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <talloc.h>
#include <unistd.h>

#include "path/readonly.h"

/* The fake host: /ro (a read-only binding) holds a file f (writable by
 * the guest), a file nw (not), a directory d, a fifo p, a symlink l and
 * a file n that is no directory; /proc/self/fd/3 leads to /ro/f. */
struct fake_file {
	const char *path;
	unsigned mode;
	bool writable;
};

static const struct fake_file fake_files[] = {
	{ "/", S_IFDIR | 0755, true },
	{ "/ro", S_IFDIR | 0755, true },
	{ "/ro/f", S_IFREG | 0644, true },
	{ "/ro/nw", S_IFREG | 0444, false },
	{ "/ro/d", S_IFDIR | 0755, true },
	{ "/ro/p", S_IFIFO | 0644, true },
	{ "/ro/l", S_IFLNK | 0777, true },
	{ "/ro/n", S_IFREG | 0644, true },
	{ "/rw", S_IFDIR | 0755, true },
};

static const struct fake_file *fake_find(const char *path)
{
	for (size_t i = 0; i < sizeof(fake_files) / sizeof(fake_files[0]); i++)
		if (strcmp(fake_files[i].path, path) == 0)
			return &fake_files[i];
	return NULL;
}

static int fake_stat(void *opaque, const char *host, bool follow, struct stat *st)
{
	const struct fake_file *f = fake_find(host);

	(void)opaque;
	/* Below a file: ENOTDIR, as the kernel's lookup. */
	if (!f && strncmp(host, "/ro/n/", 6) == 0)
		return -ENOTDIR;
	if (!f)
		return -ENOENT;
	memset(st, 0, sizeof(*st));
	st->st_mode = f->mode;
	/* l leads to f. */
	if (follow && S_ISLNK(f->mode))
		st->st_mode = S_IFREG | 0644;
	return 0;
}

static int fake_readlink(void *opaque, TALLOC_CTX *mem, const char *host, char **target)
{
	(void)opaque;
	if (strcmp(host, "/proc/self/fd/3") == 0)
		*target = talloc_strdup(mem, "/ro/f");
	else if (strcmp(host, "/proc/self/fd/4") == 0)
		*target = talloc_strdup(mem, "pipe:[12]");
	else if (strcmp(host, "/proc/self/fd/5") == 0)
		*target = talloc_strdup(mem, "/rw/x");
	else
		return -ENOENT;
	return *target ? 0 : -ENOMEM;
}

static int fake_access_write(void *opaque, const char *host)
{
	const struct fake_file *f = fake_find(host);

	(void)opaque;
	if (!f)
		return -ENOENT;
	return f->writable ? 0 : -EACCES;
}

static const struct ro_ops fake_ops = {
	.stat = fake_stat, .readlink = fake_readlink, .access_write = fake_access_write,
};

/* One open of host (in /ro) with flags: what a read-only mount says. */
struct open_case {
	const char *host;
	long flags;
	bool magic;
	int expect;
};

static const struct open_case open_cases[] = {
	/* The kernel's errors first. */
	{ "/ro/new", O_WRONLY | O_CREAT, false, -EROFS },
	{ "/ro/none/x", O_WRONLY | O_CREAT, false, -ENOENT },
	{ "/ro/n/x", O_WRONLY | O_CREAT, false, 0 },	/* ENOTDIR: the kernel's */
	{ "/ro/new", O_WRONLY, false, 0 },		/* ENOENT: the kernel's */
	{ "/ro/f", O_WRONLY | O_CREAT | O_EXCL, false, 0 },	/* EEXIST */
	{ "/ro/d", O_WRONLY, false, 0 },		/* EISDIR */
	{ "/ro/p", O_WRONLY, false, 0 },		/* a fifo stays writable */
	{ "/ro/l", O_WRONLY | O_NOFOLLOW, false, 0 },	/* ELOOP */
	{ "/ro/l", O_WRONLY, true, -EROFS },		/* magic: followed */
	/* O_TRUNC before permissions, write access after them. */
	{ "/ro/nw", O_RDONLY | O_TRUNC, false, -EROFS },
	{ "/ro/nw", O_WRONLY, false, -EACCES },
	{ "/ro/nw", O_RDWR, false, -EACCES },
	{ "/ro/f", O_WRONLY, false, -EROFS },
	{ "/ro/f", O_RDWR | O_APPEND, false, -EROFS },
	{ "/ro/f", O_RDONLY | O_CREAT, false, 0 },
	/* O_TMPFILE: a directory only. */
	{ "/ro/d", O_TMPFILE | O_WRONLY, false, -EROFS },
	{ "/ro/f", O_TMPFILE | O_WRONLY, false, 0 },
	{ "/ro/none", O_TMPFILE | O_WRONLY, false, 0 },
};

START_TEST(open_error_order)
{
	const struct open_case *c = &open_cases[_i];
	void *mem = talloc_new(NULL);
	struct canon_result res = { .host = (char *)c->host, .magic = c->magic };

	ck_assert(ro_open_changes(c->flags));
	ck_assert_msg(ro_open_error(&fake_ops, mem, &res, c->flags) == c->expect,
		      "%s %#lo: %d, not %d", c->host, (unsigned long)c->flags,
		      ro_open_error(&fake_ops, mem, &res, c->flags), c->expect);
	talloc_free(mem);
}
END_TEST

START_TEST(open_changes_flags)
{
	ck_assert(!ro_open_changes(O_RDONLY));
	ck_assert(!ro_open_changes(O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_PATH));
	ck_assert(ro_open_changes(O_WRONLY));
	ck_assert(ro_open_changes(O_RDWR));
	ck_assert(ro_open_changes(O_RDONLY | O_CREAT));
	ck_assert(ro_open_changes(O_RDONLY | O_TRUNC));
	ck_assert(ro_open_changes(O_TMPFILE | O_WRONLY));
}
END_TEST

START_TEST(create_modify_parent_errors)
{
	void *mem = talloc_new(NULL);
	struct canon_result f = { .host = "/ro/f" }, d = { .host = "/ro/d" },
			    p = { .host = "/ro/p" }, l = { .host = "/ro/l" },
			    lm = { .host = "/ro/l", .magic = true }, nw = { .host = "/ro/new" },
			    deep = { .host = "/ro/none/x" }, nd = { .host = "/ro/n/x" },
			    vd = { .host = "/ro/virt", .virtual_dir = true };

	/* mkdir, mknod, symlink, link's new name. */
	ck_assert_int_eq(ro_create_error(&fake_ops, mem, &f), -EEXIST);
	ck_assert_int_eq(ro_create_error(&fake_ops, mem, &l), -EEXIST);
	ck_assert_int_eq(ro_create_error(&fake_ops, mem, &vd), -EEXIST);
	ck_assert_int_eq(ro_create_error(&fake_ops, mem, &nw), -EROFS);
	ck_assert_int_eq(ro_create_error(&fake_ops, mem, &deep), -ENOENT);
	ck_assert_int_eq(ro_create_error(&fake_ops, mem, &nd), -ENOTDIR);
	/* chmod, utimes...; truncate. */
	ck_assert_int_eq(ro_modify_error(&fake_ops, &f, false), -EROFS);
	ck_assert_int_eq(ro_modify_error(&fake_ops, &d, false), -EROFS);
	ck_assert_int_eq(ro_modify_error(&fake_ops, &nw, false), -ENOENT);
	ck_assert_int_eq(ro_modify_error(&fake_ops, &f, true), -EROFS);
	ck_assert_int_eq(ro_modify_error(&fake_ops, &d, true), -EISDIR);
	ck_assert_int_eq(ro_modify_error(&fake_ops, &p, true), -EINVAL);
	ck_assert_int_eq(ro_modify_error(&fake_ops, &l, true), -EINVAL);
	ck_assert_int_eq(ro_modify_error(&fake_ops, &lm, true), -EROFS);
	/* unlink, rmdir, rename: the parent only. */
	ck_assert_int_eq(ro_parent_error(&fake_ops, mem, "/ro/new"), 0);
	ck_assert_int_eq(ro_parent_error(&fake_ops, mem, "/ro/d/"), 0);
	ck_assert_int_eq(ro_parent_error(&fake_ops, mem, "/ro/none/x"), -ENOENT);
	ck_assert_int_eq(ro_parent_error(&fake_ops, mem, "/ro/f/x"), -ENOTDIR);
	ck_assert_int_eq(ro_parent_error(&fake_ops, mem, "/ro"), 0);
	ck_assert_int_eq(ro_parent_error(&fake_ops, mem, "rel"), 0);
	ck_assert(ro_stays_writable(S_IFCHR) && ro_stays_writable(S_IFBLK) &&
		  ro_stays_writable(S_IFIFO) && ro_stays_writable(S_IFSOCK));
	ck_assert(!ro_stays_writable(S_IFREG) && !ro_stays_writable(S_IFDIR) &&
		  !ro_stays_writable(S_IFLNK));
	talloc_free(mem);
}
END_TEST

START_TEST(may_change_follows_magic_links)
{
	void *mem = talloc_new(NULL);
	struct bindings *b = bindings_new(mem, "/rw");
	struct canon_result f = { .guest = "/x/f", .host = "/ro/f" },
			    m3 = { .guest = "/proc/self/fd/3", .host = "/proc/self/fd/3", .magic = true },
			    m4 = { .guest = "/proc/self/fd/4", .host = "/proc/self/fd/4", .magic = true },
			    m5 = { .guest = "/proc/self/fd/5", .host = "/proc/self/fd/5", .magic = true },
			    j = { .guest = "/j", .host = "/rw/j" };

	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(bindings_add(b, "/ro", "/x"), 0);
	ck_assert_int_eq(bindings_set_flags(b, 1, BIND_READONLY), 0);
	ck_assert_int_eq(bindings_protect(b, "/rw/j"), 0);
	ck_assert_int_eq(ro_may_change(&fake_ops, mem, b, &f, CHANGE_NAME), -EROFS);
	ck_assert_int_eq(ro_may_change(&fake_ops, mem, b, &m3, CHANGE_NAME), -EROFS);
	ck_assert_int_eq(ro_may_change(&fake_ops, mem, b, &m4, CHANGE_NAME), 0);
	ck_assert_int_eq(ro_may_change(&fake_ops, mem, b, &m5, CHANGE_NAME), 0);
	ck_assert_int_eq(ro_may_change(&fake_ops, mem, b, &j, CHANGE_NAME), -EACCES);
	talloc_free(mem);
}
END_TEST

Suite *readonly_suite(void)
{
	Suite *s = suite_create("readonly");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, open_error_order, 0,
			    (int)(sizeof(open_cases) / sizeof(open_cases[0])));
	tcase_add_test(tc, open_changes_flags);
	tcase_add_test(tc, create_modify_parent_errors);
	tcase_add_test(tc, may_change_follows_magic_links);
	suite_add_tcase(s, tc);
	return s;
}
