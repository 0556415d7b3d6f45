/* The syscall handlers through the tracee I/O seam (tracee/io.h): each
 * stop runs syscall_enter against a fake tracee (faketracee.h), and the
 * test reads what the handler wrote into its memory and registers.  One
 * or more per path role of the syscall table: path, dirfd+path, atflags,
 * the AF_UNIX socket name, the exec path; and the emulated results. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "faketracee.h"
#include "path/bind.h"
#include "syscalls/syscalls.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Guest paths, under the rootfs (a real temporary directory) unless a
 * binding says otherwise: /data is the host's <root>/outside. */
static const struct fake_entry world[] = {
	{ "/etc/passwd", FAKE_FILE, NULL },
	{ "/usr/lib/libc.so", FAKE_FILE, NULL },
	{ "/usr/bin/prog", FAKE_FILE, NULL },
	{ "/usr/bin/sh", FAKE_FILE, NULL },
	{ "/lib", FAKE_SYMLINK, "/usr/lib" },
	{ "/bin", FAKE_SYMLINK, "usr/bin" },
	{ "/home/u/file", FAKE_FILE, NULL },
	{ "/home/u/link_passwd", FAKE_SYMLINK, "/etc/passwd" },
	{ "/loop/a", FAKE_SYMLINK, "b" },
	{ "/loop/b", FAKE_SYMLINK, "a" },
	{ "/tmp", FAKE_DIR, NULL },
	{ "/outside/f", FAKE_FILE, NULL },
};

static struct fake_tracee *world_new(void)
{
	struct fake_tracee *ft = fake_tracee_new(world, N(world));

	ck_assert_ptr_nonnull(ft);
	ck_assert_int_eq(bindings_add(ft->tr->binds, fake_host(ft, "/outside"), "/data"), 0);
	return ft;
}

static void world_free(struct fake_tracee *ft)
{
	/* The canonicaliser never made the host follow a link. */
	ck_assert_uint_eq(ft->ffs.crossed_symlinks, 0);
	fake_tracee_free(ft);
}

/* A real directory below the rootfs, and a descriptor of it (what the
 * handlers read back through /proc/PID/fd/N). */
static int real_dir(struct fake_tracee *ft, const char *rel)
{
	char *host = talloc_strdup(ft, ft->root);

	for (const char *p = rel; *p; p++) {
		if (*p == '/' && p != rel)
			mkdir(host, 0755);
		host = talloc_asprintf_append(host, "%c", *p);
	}
	mkdir(host, 0755);
	return open(host, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/* The call went to the kernel with argument n naming host (rel under
 * the rootfs), in a copy: the tracee's own string is unchanged. */
static void assert_path_arg(struct fake_tracee *ft, unsigned n, uint64_t given,
			    const char *given_text, const char *rel)
{
	ck_assert(!fake_skipped(ft));
	ck_assert_uint_ne(fake_arg(ft, n), given);
	ck_assert_ptr_nonnull(fake_str(ft, fake_arg(ft, n)));
	ck_assert_str_eq(fake_str(ft, fake_arg(ft, n)), fake_host(ft, rel));
	ck_assert_str_eq(fake_str(ft, given), given_text);
}

static void assert_fails(struct fake_tracee *ft, int err)
{
	ck_assert(fake_skipped(ft));
	ck_assert_int_eq(fake_result(ft), -err);
}

/* ---- path ---------------------------------------------------------- */

START_TEST(path_followed)
{
	struct fake_tracee *ft = world_new();
	uint64_t p = fake_put_str(ft, "/lib/libc.so"), name = fake_put_str(ft, "user.x");

	ck_assert_int_eq(FAKE_ENTER(ft, SC_getxattr, p, name, 0, 0), 0);
	assert_path_arg(ft, 0, p, "/lib/libc.so", "/usr/lib/libc.so");
	ck_assert_int_eq(fake_arg(ft, 1), name);
	world_free(ft);
}
END_TEST

START_TEST(path_not_followed)
{
	struct fake_tracee *ft = world_new();
	uint64_t p = fake_put_str(ft, "/home/u/link_passwd");

	ck_assert_int_eq(FAKE_ENTER(ft, SC_lgetxattr, p, 0, 0, 0), 0);
	assert_path_arg(ft, 0, p, "/home/u/link_passwd", "/home/u/link_passwd");
	world_free(ft);
}
END_TEST

START_TEST(path_through_binding)
{
	struct fake_tracee *ft = world_new();
	uint64_t p = fake_put_str(ft, "/data/f");

	ck_assert_int_eq(FAKE_ENTER(ft, SC_getxattr, p, 0, 0, 0), 0);
	assert_path_arg(ft, 0, p, "/data/f", "/outside/f");
	world_free(ft);
}
END_TEST

/* A missing directory is the kernel's to report, on the host path. */
START_TEST(path_missing_dir_left_to_kernel)
{
	struct fake_tracee *ft = world_new();
	uint64_t p = fake_put_str(ft, "/nope/../etc/passwd");

	ck_assert_int_eq(FAKE_ENTER(ft, SC_getxattr, p, 0, 0, 0), 0);
	assert_path_arg(ft, 0, p, "/nope/../etc/passwd", "/nope/../etc/passwd");
	world_free(ft);
}
END_TEST

START_TEST(path_empty_is_enoent)
{
	struct fake_tracee *ft = world_new();

	ck_assert_int_eq(FAKE_ENTER(ft, SC_getxattr, fake_put_str(ft, ""), 0, 0, 0), 0);
	assert_fails(ft, ENOENT);
	world_free(ft);
}
END_TEST

START_TEST(path_symlink_loop_is_eloop)
{
	struct fake_tracee *ft = world_new();

	ck_assert_int_eq(FAKE_ENTER(ft, SC_getxattr, fake_put_str(ft, "/loop/a/x"), 0, 0, 0), 0);
	assert_fails(ft, ELOOP);
	world_free(ft);
}
END_TEST

START_TEST(path_bad_address_is_efault)
{
	struct fake_tracee *ft = world_new();

	ck_assert_int_eq(FAKE_ENTER(ft, SC_getxattr, 0x1000, 0, 0, 0), 0);
	assert_fails(ft, EFAULT);
	world_free(ft);
}
END_TEST

/* ---- dirfd + path -------------------------------------------------- */

START_TEST(dirfd_relative)
{
	struct fake_tracee *ft = world_new();
	int fd = real_dir(ft, "/home/u");
	uint64_t p = fake_put_str(ft, "file");

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(FAKE_ENTER(ft, SC_openat, (uint64_t)fd, p, O_RDONLY), 0);
	assert_path_arg(ft, 1, p, "file", "/home/u/file");
	ck_assert_int_eq((int)fake_arg(ft, 0), fd);
	close(fd);
	world_free(ft);
}
END_TEST

START_TEST(dirfd_cwd_follows_unless_nofollow)
{
	struct fake_tracee *ft = world_new();
	uint64_t p = fake_put_str(ft, "link_passwd");

	fs_info_set_cwd(ft->t.fs, ft->tr->binds, "/home/u", ft->t.fs->cwd_host);
	ck_assert_int_eq(FAKE_ENTER(ft, SC_openat, (uint64_t)(int64_t)AT_FDCWD, p, O_RDONLY), 0);
	assert_path_arg(ft, 1, p, "link_passwd", "/etc/passwd");
	ck_assert_int_eq(FAKE_ENTER(ft, SC_openat, (uint64_t)(int64_t)AT_FDCWD, p,
				    O_RDONLY | O_NOFOLLOW), 0);
	assert_path_arg(ft, 1, p, "link_passwd", "/home/u/link_passwd");
	world_free(ft);
}
END_TEST

START_TEST(dirfd_absolute_path_ignores_it)
{
	struct fake_tracee *ft = world_new();
	uint64_t p = fake_put_str(ft, "/etc/passwd");

	ck_assert_int_eq(FAKE_ENTER(ft, SC_openat, 999, p, O_RDONLY), 0);
	assert_path_arg(ft, 1, p, "/etc/passwd", "/etc/passwd");
	world_free(ft);
}
END_TEST

START_TEST(dirfd_not_open_is_ebadf)
{
	struct fake_tracee *ft = world_new();

	ck_assert_int_eq(FAKE_ENTER(ft, SC_openat, 999, fake_put_str(ft, "file"), O_RDONLY), 0);
	assert_fails(ft, EBADF);
	world_free(ft);
}
END_TEST

/* The name shortcut: a single name, not followed, in a directory of
 * the guest's goes to the kernel as it is. */
START_TEST(dirfd_single_name_left_to_kernel)
{
	struct fake_tracee *ft = world_new();
	int fd = real_dir(ft, "/home/u");
	uint64_t p = fake_put_str(ft, "link_passwd");

	ck_assert_int_ge(fd, 0);
	ft->tr->no_name_shortcut = false;
	ck_assert_int_eq(FAKE_ENTER(ft, SC_newfstatat, (uint64_t)fd, p, fake_put(ft, "", 1),
				    AT_SYMLINK_NOFOLLOW), 0);
	ck_assert(!fake_skipped(ft));
	ck_assert_uint_eq(fake_arg(ft, 1), p);
	ck_assert_uint_eq(ft->writes, 0);
	close(fd);
	world_free(ft);
}
END_TEST

/* ---- atflags ------------------------------------------------------- */

START_TEST(atflags_symlink_nofollow)
{
	struct fake_tracee *ft = world_new();
	uint64_t p = fake_put_str(ft, "/home/u/link_passwd"), buf = fake_put(ft, "", 1);
	uint64_t cwd = (uint64_t)(int64_t)AT_FDCWD;

	ck_assert_int_eq(FAKE_ENTER(ft, SC_newfstatat, cwd, p, buf, 0), 0);
	assert_path_arg(ft, 1, p, "/home/u/link_passwd", "/etc/passwd");
	ck_assert_int_eq(FAKE_ENTER(ft, SC_newfstatat, cwd, p, buf, AT_SYMLINK_NOFOLLOW), 0);
	assert_path_arg(ft, 1, p, "/home/u/link_passwd", "/home/u/link_passwd");
	world_free(ft);
}
END_TEST

START_TEST(atflags_empty_path)
{
	struct fake_tracee *ft = world_new();
	int fd = real_dir(ft, "/home/u");
	uint64_t p = fake_put_str(ft, ""), buf = fake_put(ft, "", 1);

	ck_assert_int_ge(fd, 0);
	/* The descriptor itself: nothing to translate. */
	ck_assert_int_eq(FAKE_ENTER(ft, SC_statx, (uint64_t)fd, p, AT_EMPTY_PATH, 0, buf), 0);
	ck_assert(!fake_skipped(ft));
	ck_assert_uint_eq(fake_arg(ft, 1), p);
	ck_assert_uint_eq(ft->writes, 0);
	/* Without the flag, "" is refused before the dirfd is looked at. */
	ck_assert_int_eq(FAKE_ENTER(ft, SC_statx, (uint64_t)fd, p, 0, 0, buf), 0);
	assert_fails(ft, ENOENT);
	close(fd);
	world_free(ft);
}
END_TEST

/* ---- the socket name ----------------------------------------------- */

static uint64_t put_sun(struct fake_tracee *ft, const char *path, uint64_t *len)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };

	strcpy(sun.sun_path, path);
	*len = offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
	return fake_put(ft, &sun, sizeof(sun));
}

START_TEST(socket_name_bind)
{
	struct fake_tracee *ft = world_new();
	uint64_t len, addr = put_sun(ft, "/tmp/s", &len);
	const struct sockaddr_un *sun;
	const char *host = fake_host(ft, "/tmp/s");

	ck_assert_int_eq(FAKE_ENTER(ft, SC_bind, 3, addr, len), 0);
	ck_assert(!fake_skipped(ft));
	ck_assert_uint_ne(fake_arg(ft, 1), addr);
	ck_assert_uint_eq(fake_arg(ft, 2), offsetof(struct sockaddr_un, sun_path) + strlen(host) + 1);
	sun = fake_at(ft, fake_arg(ft, 1), fake_arg(ft, 2));
	ck_assert_ptr_nonnull(sun);
	ck_assert_int_eq(sun->sun_family, AF_UNIX);
	ck_assert_str_eq(sun->sun_path, host);
	/* The tracee's own address is as it was. */
	ck_assert_str_eq(((const struct sockaddr_un *)fake_at(ft, addr, len))->sun_path, "/tmp/s");
	world_free(ft);
}
END_TEST

START_TEST(socket_name_connect_follows)
{
	struct fake_tracee *ft = world_new();
	uint64_t len, addr = put_sun(ft, "/home/u/link_passwd", &len);
	const struct sockaddr_un *sun;

	ck_assert_int_eq(FAKE_ENTER(ft, SC_connect, 3, addr, len), 0);
	sun = fake_at(ft, fake_arg(ft, 1), fake_arg(ft, 2));
	ck_assert_ptr_nonnull(sun);
	ck_assert_str_eq(sun->sun_path, fake_host(ft, "/etc/passwd"));
	world_free(ft);
}
END_TEST

START_TEST(socket_name_missing_dir_left_to_kernel)
{
	struct fake_tracee *ft = world_new();
	uint64_t len, addr = put_sun(ft, "/nope/s", &len);
	const struct sockaddr_un *sun;

	ck_assert_int_eq(FAKE_ENTER(ft, SC_connect, 3, addr, len), 0);
	ck_assert(!fake_skipped(ft));
	sun = fake_at(ft, fake_arg(ft, 1), fake_arg(ft, 2));
	ck_assert_ptr_nonnull(sun);
	ck_assert_str_eq(sun->sun_path, fake_host(ft, "/nope/s"));
	world_free(ft);
}
END_TEST

START_TEST(socket_abstract_name_untouched)
{
	struct fake_tracee *ft = world_new();
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	uint64_t addr;

	memcpy(sun.sun_path, "\0abstract", 9);
	addr = fake_put(ft, &sun, sizeof(sun));
	ck_assert_int_eq(FAKE_ENTER(ft, SC_connect, 3, addr,
				    offsetof(struct sockaddr_un, sun_path) + 9), 0);
	ck_assert(!fake_skipped(ft));
	ck_assert_uint_eq(fake_arg(ft, 1), addr);
	ck_assert_uint_eq(ft->writes, 0);
	world_free(ft);
}
END_TEST

/* ---- the exec path ------------------------------------------------- */

START_TEST(exec_missing_is_enoent)
{
	struct fake_tracee *ft = world_new();

	ck_assert_int_eq(FAKE_ENTER(ft, SC_execve, fake_put_str(ft, "/usr/bin/nope"), 0, 0), 0);
	assert_fails(ft, ENOENT);
	world_free(ft);
}
END_TEST

START_TEST(exec_symlink_nofollow_is_eloop)
{
	struct fake_tracee *ft = world_new();
	int fd = real_dir(ft, "/home/u");

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(FAKE_ENTER(ft, SC_execveat, (uint64_t)fd, fake_put_str(ft, "link_passwd"),
				    0, 0, AT_SYMLINK_NOFOLLOW), 0);
	assert_fails(ft, ELOOP);
	close(fd);
	world_free(ft);
}
END_TEST

static void real_file(struct fake_tracee *ft, const char *rel, const char *text)
{
	int fd;

	close(real_dir(ft, "/usr/bin"));
	fd = open(fake_host(ft, rel), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

/* A script: the interpreter's host path runs, with the argv the kernel
 * would build (interpreter, its argument, the script's name, the rest). */
START_TEST(exec_script_rewrites_path_and_argv)
{
	struct fake_tracee *ft = world_new();
	uint64_t p = fake_put_str(ft, "/usr/bin/prog");
	uint64_t argv[3] = { fake_put_str(ft, "prog"), fake_put_str(ft, "a"), 0 };
	uint64_t av = fake_put(ft, argv, sizeof(argv));
	const char *want[] = { "/bin/sh", "-e", "/usr/bin/prog", "a" };
	const uint64_t *nv;

	real_file(ft, "/usr/bin/prog", "#!/bin/sh -e\necho\n");
	real_file(ft, "/usr/bin/sh", "not a script\n");
	ck_assert_int_eq(FAKE_ENTER(ft, SC_execve, p, av, 0), 0);
	assert_path_arg(ft, 0, p, "/usr/bin/prog", "/usr/bin/sh");
	nv = fake_at(ft, fake_arg(ft, 1), 5 * sizeof(uint64_t));
	ck_assert_ptr_nonnull(nv);
	for (size_t i = 0; i < N(want); i++) {
		ck_assert_ptr_nonnull(fake_str(ft, nv[i]));
		ck_assert_str_eq(fake_str(ft, nv[i]), want[i]);
	}
	ck_assert_uint_eq(nv[4], 0);
	/* The tracee's argv is untouched. */
	ck_assert_uint_eq(((const uint64_t *)fake_at(ft, av, sizeof(argv)))[0], argv[0]);
	world_free(ft);
}
END_TEST

/* A script with 5,000 arguments: their pointers fit neither below the
 * stack pointer nor in the spare area, and an mmap of room for them all
 * replaces the exec, whose exit burrow wants (exec_map_stop). */
START_TEST(exec_script_large_argv_maps_memory)
{
	struct fake_tracee *ft = world_new();
	uint64_t p = fake_put_str(ft, "/usr/bin/prog"), a = fake_put_str(ft, "a");
	uint64_t *argv = talloc_array(ft, uint64_t, 5001), av;

	ck_assert_ptr_nonnull(argv);
	for (size_t i = 0; i < 5000; i++)
		argv[i] = a;
	argv[5000] = 0;
	av = fake_put(ft, argv, 5001 * sizeof(*argv));
	real_file(ft, "/usr/bin/prog", "#!/bin/sh -e\necho\n");
	real_file(ft, "/usr/bin/sh", "not a script\n");
	ck_assert_int_eq(FAKE_ENTER(ft, SC_execve, p, av, 0), 0);
	ck_assert_int_eq(arch_sysnum(&ft->held), arch_host_nr(SC_mmap));
	ck_assert_uint_ge(fake_arg(ft, 1), 5002 * sizeof(uint64_t));
	ck_assert_uint_eq(fake_arg(ft, 0), 0);
	ck_assert(ft->t.stop.exit_wanted);
	ck_assert_int_eq(ft->t.xmap, XM_MAPPING);
	world_free(ft);
}
END_TEST

/* ---- emulated calls ------------------------------------------------ */

START_TEST(getcwd_emulated)
{
	struct fake_tracee *ft = world_new();
	uint64_t buf = fake_put(ft, (char[64]){ 0 }, 64);

	fs_info_set_cwd(ft->t.fs, ft->tr->binds, "/home/u", ft->t.fs->cwd_host);
	ck_assert_int_eq(FAKE_ENTER(ft, SC_getcwd, buf, 64), 0);
	ck_assert(fake_skipped(ft));
	ck_assert_int_eq(fake_result(ft), 8);
	ck_assert_str_eq(fake_str(ft, buf), "/home/u");
	/* The exit stop keeps burrow's result, whatever the kernel left. */
	arch_set_result(&ft->held, -ENOSYS);
	ck_assert_int_eq(syscall_exit(&ft->t), 0);
	ck_assert_int_eq(fake_result(ft), 8);
	world_free(ft);
}
END_TEST

START_TEST(getcwd_small_buffer_is_erange)
{
	struct fake_tracee *ft = world_new();
	uint64_t buf = fake_put(ft, "xyz", 4);

	fs_info_set_cwd(ft->t.fs, ft->tr->binds, "/home/u", ft->t.fs->cwd_host);
	ck_assert_int_eq(FAKE_ENTER(ft, SC_getcwd, buf, 4), 0);
	assert_fails(ft, ERANGE);
	ck_assert_str_eq(fake_str(ft, buf), "xyz");
	world_free(ft);
}
END_TEST

START_TEST(readlink_emulated)
{
	struct fake_tracee *ft = world_new();
	uint64_t p = fake_put_str(ft, "/home/u/link_passwd");
	uint64_t buf = fake_put(ft, (char[64]){ 0 }, 64);

	ck_assert_int_eq(FAKE_ENTER(ft, SC_readlinkat, (uint64_t)(int64_t)AT_FDCWD, p, buf, 64), 0);
	ck_assert(fake_skipped(ft));
	ck_assert_int_eq(fake_result(ft), 11);
	ck_assert_str_eq(fake_str(ft, buf), "/etc/passwd");
	/* Truncated, not NUL-terminated, as the kernel's. */
	ck_assert_int_eq(FAKE_ENTER(ft, SC_readlinkat, (uint64_t)(int64_t)AT_FDCWD, p,
				    buf + 32, 4), 0);
	ck_assert_int_eq(fake_result(ft), 4);
	ck_assert_int_eq(memcmp(fake_at(ft, buf + 32, 5), "/etc\0", 5), 0);
	world_free(ft);
}
END_TEST

START_TEST(readlink_of_file_goes_to_kernel)
{
	struct fake_tracee *ft = world_new();
	uint64_t p = fake_put_str(ft, "/home/u/file");

	ck_assert_int_eq(FAKE_ENTER(ft, SC_readlinkat, (uint64_t)(int64_t)AT_FDCWD, p,
				    fake_put(ft, "", 1), 64), 0);
	/* The kernel says EINVAL on the host path. */
	assert_path_arg(ft, 1, p, "/home/u/file", "/home/u/file");
	world_free(ft);
}
END_TEST

Suite *handlers_suite(void)
{
	Suite *s = suite_create("handlers");
	TCase *tc = tcase_create("path");

	tcase_add_test(tc, path_followed);
	tcase_add_test(tc, path_not_followed);
	tcase_add_test(tc, path_through_binding);
	tcase_add_test(tc, path_missing_dir_left_to_kernel);
	tcase_add_test(tc, path_empty_is_enoent);
	tcase_add_test(tc, path_symlink_loop_is_eloop);
	tcase_add_test(tc, path_bad_address_is_efault);
	suite_add_tcase(s, tc);
	tc = tcase_create("dirfd");
	tcase_add_test(tc, dirfd_relative);
	tcase_add_test(tc, dirfd_cwd_follows_unless_nofollow);
	tcase_add_test(tc, dirfd_absolute_path_ignores_it);
	tcase_add_test(tc, dirfd_not_open_is_ebadf);
	tcase_add_test(tc, dirfd_single_name_left_to_kernel);
	suite_add_tcase(s, tc);
	tc = tcase_create("atflags");
	tcase_add_test(tc, atflags_symlink_nofollow);
	tcase_add_test(tc, atflags_empty_path);
	suite_add_tcase(s, tc);
	tc = tcase_create("socket");
	tcase_add_test(tc, socket_name_bind);
	tcase_add_test(tc, socket_name_connect_follows);
	tcase_add_test(tc, socket_name_missing_dir_left_to_kernel);
	tcase_add_test(tc, socket_abstract_name_untouched);
	suite_add_tcase(s, tc);
	tc = tcase_create("exec");
	tcase_add_test(tc, exec_missing_is_enoent);
	tcase_add_test(tc, exec_symlink_nofollow_is_eloop);
	tcase_add_test(tc, exec_script_rewrites_path_and_argv);
	tcase_add_test(tc, exec_script_large_argv_maps_memory);
	suite_add_tcase(s, tc);
	tc = tcase_create("emulated");
	tcase_add_test(tc, getcwd_emulated);
	tcase_add_test(tc, getcwd_small_buffer_is_erange);
	tcase_add_test(tc, readlink_emulated);
	tcase_add_test(tc, readlink_of_file_goes_to_kernel);
	suite_add_tcase(s, tc);
	return s;
}
