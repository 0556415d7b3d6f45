/* probe: run a sequence of path syscalls and print each outcome.
 *
 *   probe OP ARGS... [OP ARGS...]...
 *
 * Each operation takes a fixed number of arguments, then optionally one
 * flags word (names joined by commas, e.g. "nofollow" or
 * "beneath,no_symlinks"), and prints one line: "OP ARGS: ok DETAILS" or
 * "OP ARGS: ENAME".  A sequence runs in one process, so state (cwd, the
 * dirfd set by "at", the fd left by "open") carries from one operation
 * to the next.  Path arguments "@fault" and "@null" pass an unmapped
 * pointer and NULL.  Each operation calls the syscall it is named after
 * with syscall(2), so libc cannot swap it for another one; on arches
 * without the legacy call (aarch64 has no stat/open/...) the *at form
 * with AT_FDCWD is used and the output is the same.
 *
 * Exit status: 0 (failures are output, not errors), 2 on bad usage.
 */
#include "helper.h"

#include <dirent.h>
#include <linux/openat2.h>
#include <elf.h>
#include <sys/inotify.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/statfs.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/xattr.h>
#include <time.h>

static int dirfd_ = AT_FDCWD;	/* set by "at", used by the *at operations */
static int lastfd = -1;		/* left open by "open", "openat", "openat2" */
static char *argv0;
static char **envp0;		/* as the kernel (or loader) built the stack */

struct flag { const char *name; long value; int field; };

static const struct flag at_flags[] = {
	{ "nofollow", AT_SYMLINK_NOFOLLOW, 0 }, { "follow", AT_SYMLINK_FOLLOW, 0 },
	{ "empty", AT_EMPTY_PATH, 0 }, { "removedir", AT_REMOVEDIR, 0 },
	{ "noautomount", AT_NO_AUTOMOUNT, 0 }, { NULL, 0, 0 },
};

#define OPEN_FLAGS \
	{ "rdonly", O_RDONLY, 0 }, { "wronly", O_WRONLY, 0 }, { "rdwr", O_RDWR, 0 }, \
	{ "creat", O_CREAT, 0 }, { "excl", O_EXCL, 0 }, { "trunc", O_TRUNC, 0 }, \
	{ "append", O_APPEND, 0 }, { "directory", O_DIRECTORY, 0 }, \
	{ "nofollow", O_NOFOLLOW, 0 }, { "path", O_PATH, 0 }, { "tmpfile", O_TMPFILE, 0 }

static const struct flag open_flags[] = { OPEN_FLAGS, { NULL, 0, 0 } };

/* openat2: open flags in field 0, RESOLVE_* in field 1 (Linux 5.6). */
static const struct flag openat2_flags[] = {
	OPEN_FLAGS,
	{ "beneath", RESOLVE_BENEATH, 1 }, { "in_root", RESOLVE_IN_ROOT, 1 },
	{ "no_symlinks", RESOLVE_NO_SYMLINKS, 1 },
	{ "no_magiclinks", RESOLVE_NO_MAGICLINKS, 1 },
	{ "no_xdev", RESOLVE_NO_XDEV, 1 }, { "cached", RESOLVE_CACHED, 1 },
	{ NULL, 0, 0 },
};

/* access modes in field 0, faccessat2's AT_* flags in field 1. */
static const struct flag access_flags[] = {
	{ "f", F_OK, 0 }, { "r", R_OK, 0 }, { "w", W_OK, 0 }, { "x", X_OK, 0 },
	{ "eaccess", AT_EACCESS, 1 }, { "nofollow", AT_SYMLINK_NOFOLLOW, 1 },
	{ "empty", AT_EMPTY_PATH, 1 }, { NULL, 0, 0 },
};

/* inotify_add_watch's mask: the bit that matters to path lookup. */
static const struct flag inotify_flags[] = {
	{ "dont_follow", IN_DONT_FOLLOW, 0 }, { NULL, 0, 0 },
};

static const struct flag rename_flags[] = {
	{ "noreplace", RENAME_NOREPLACE, 0 }, { "exchange", RENAME_EXCHANGE, 0 },
	{ NULL, 0, 0 },
};

/* Parses a flags word into fields[]; returns 0 if the word is not made
 * only of known names (then it is not a flags word at all). */
static int parse_flags(const char *word, const struct flag *defs, long fields[2])
{
	char buf[256];
	long f[2] = { fields[0], fields[1] };
	if (!defs || !*word || strlen(word) >= sizeof buf)
		return 0;
	strcpy(buf, word);
	for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		const struct flag *d = defs;
		while (d->name && strcmp(d->name, tok) != 0)
			d++;
		if (!d->name)
			return 0;
		f[d->field] |= d->value;
	}
	fields[0] = f[0];
	fields[1] = f[1];
	return 1;
}

/* ---- helpers for legacy calls that aarch64 lacks ------------------- */

static long sys_stat(const char *p, struct stat *st, int follow)
{
#ifdef SYS_stat
	return syscall(follow ? SYS_stat : SYS_lstat, p, st);
#else
	return syscall(SYS_newfstatat, AT_FDCWD, p, st, follow ? 0 : AT_SYMLINK_NOFOLLOW);
#endif
}

static long sys_open(const char *p, long flags)
{
#ifdef SYS_open
	return syscall(SYS_open, p, flags, 0644);
#else
	return syscall(SYS_openat, AT_FDCWD, p, flags, 0644);
#endif
}

/* ---- operations --------------------------------------------------- */

typedef void op_fn(const char *label, char **a, long fl[2]);

static void print_stat(const char *label, long r, const struct stat *st)
{
	char d[128];
	if (r < 0) {
		out("%s: %s", label, errname(errno));
		return;
	}
	stat_details(d, sizeof d, st->st_mode, (long long)st->st_size);
	out("%s: ok %s", label, d);
}

static void op_stat(const char *l, char **a, long fl[2])
{
	struct stat st;
	(void)fl;
	long r = sys_stat(path_arg(a[0]), &st, 1);
	print_stat(l, r, &st);
}

static void op_lstat(const char *l, char **a, long fl[2])
{
	struct stat st;
	(void)fl;
	long r = sys_stat(path_arg(a[0]), &st, 0);
	print_stat(l, r, &st);
}

static void op_fstatat(const char *l, char **a, long fl[2])
{
	struct stat st;
	long r = syscall(SYS_newfstatat, dirfd_, path_arg(a[0]), &st, fl[0]);
	print_stat(l, r, &st);
}

static void op_fstat(const char *l, char **a, long fl[2])
{
	struct stat st;
	(void)a; (void)fl;
	long r = syscall(SYS_fstat, lastfd, &st);
	print_stat(l, r, &st);
}

static void op_statx(const char *l, char **a, long fl[2])
{
	struct statx stx;
	char d[128];
	long r = syscall(SYS_statx, dirfd_, path_arg(a[0]), fl[0], STATX_BASIC_STATS, &stx);
	if (r < 0) {
		out("%s: %s", l, errname(errno));
		return;
	}
	stat_details(d, sizeof d, stx.stx_mode, (long long)stx.stx_size);
	out("%s: ok %s", l, d);
}

static void op_type(const char *l, char **a, long fl[2])
{
	struct stat st;
	(void)fl;
	if (sys_stat(path_arg(a[0]), &st, 0) < 0)
		out("%s: %s", l, errname(errno));
	else
		out("%s: ok %s", l, type_name(st.st_mode));
}

static void opened(const char *l, long fd)
{
	struct stat st;
	if (fd < 0) {
		out("%s: %s", l, errname(errno));
		return;
	}
	if (lastfd >= 0)
		close(lastfd);
	lastfd = fd;
	if (fstat(fd, &st) == 0)
		out("%s: ok type=%s", l, type_name(st.st_mode));
	else
		out("%s: ok", l);
}

static void op_open(const char *l, char **a, long fl[2])
{
	opened(l, sys_open(path_arg(a[0]), fl[0]));
}

static void op_openat(const char *l, char **a, long fl[2])
{
	opened(l, syscall(SYS_openat, dirfd_, path_arg(a[0]), fl[0], 0644));
}

static void op_openat2(const char *l, char **a, long fl[2])
{
	struct open_how how = { .flags = fl[0], .resolve = fl[1] };
	if (fl[0] & (O_CREAT | O_TMPFILE))
		how.mode = 0644;
	opened(l, syscall(SYS_openat2, dirfd_, path_arg(a[0]), &how, sizeof how));
}

static void op_creat(const char *l, char **a, long fl[2])
{
	(void)fl;
#ifdef SYS_creat
	long fd = syscall(SYS_creat, path_arg(a[0]), 0644);
#else
	long fd = sys_open(path_arg(a[0]), O_WRONLY | O_CREAT | O_TRUNC);
#endif
	if (outcome(l, fd) >= 0)
		close(fd);
}

static void op_close(const char *l, char **a, long fl[2])
{
	(void)a; (void)fl;
	outcome(l, close(lastfd));
	lastfd = -1;
}

/* What /proc/self/fd/N says for the fd left by the last open. */
static void op_fdpath(const char *l, char **a, long fl[2])
{
	char link[64], buf[4096];
	(void)a; (void)fl;
	snprintf(link, sizeof link, "/proc/self/fd/%d", lastfd);
	long n = syscall(SYS_readlinkat, AT_FDCWD, link, buf, sizeof buf - 1);
	if (n < 0)
		out("%s: %s", l, errname(errno));
	else
		out("%s: ok %.*s", l, (int)n, buf);
}

static int cmp_str(const void *x, const void *y);

/* The file names of the maps text the last open left (the name column
 * of lines whose name is a path), sorted, each once, on one line. */
static void op_fdnames(const char *l, char **a, long fl[2])
{
	size_t len = 0, size = 65536, n = 0;
	char *text = malloc(size + 1), *line, **names;
	long r;
	(void)a; (void)fl;
	while (text && (r = read(lastfd, text + len, size - len)) > 0) {
		len += (size_t)r;
		if (len == size)
			text = realloc(text, (size *= 2) + 1);
	}
	if (!text) {
		out("%s: ENOMEM", l);
		return;
	}
	text[len] = 0;
	names = calloc(len / 2 + 1, sizeof *names);
	for (line = strtok(text, "\n"); line && names; line = strtok(NULL, "\n")) {
		char *p = line;
		for (int f = 0; f < 5 && p; f++)
			p = strchr(p, ' ') ? strchr(p, ' ') + 1 : NULL;
		while (p && *p == ' ')
			p++;
		if (p && *p == '/')
			names[n++] = p;
	}
	if (!names) {
		out("%s: ENOMEM", l);
		return;
	}
	qsort(names, n, sizeof *names, cmp_str);
	char *o = malloc(len + 16), *e = o;
	for (size_t i = 0; o && i < n; i++)
		if (i == 0 || strcmp(names[i], names[i - 1]) != 0)
			e += sprintf(e, " %s", names[i]);
	if (o)
		*e = 0;
	out("%s: ok%s", l, o ? o : " ENOMEM");
	free(o);
	free(names);
	free(text);
}

/* open_by_handle_at on the handle of PATH, or, when the filesystem
 * gives none, on a forged one (inode 2, generation 0: the root of an
 * ext2/3/4 filesystem), relative to PATH's filesystem. */
static void op_openbyhandle(const char *l, char **a, long fl[2])
{
	struct { struct file_handle fh; unsigned char bytes[128]; } h;
	int mount_id;

	(void)fl;
	memset(&h, 0, sizeof h);
	h.fh.handle_bytes = sizeof h.bytes;
	if (syscall(SYS_name_to_handle_at, AT_FDCWD, a[0], &h.fh, &mount_id, 0) < 0) {
		unsigned ino_gen[2] = { 2, 0 };

		h.fh.handle_bytes = sizeof ino_gen;
		h.fh.handle_type = 1;	/* FILEID_INO32_GEN */
		memcpy(h.fh.f_handle, ino_gen, sizeof ino_gen);
	}
	long mfd = syscall(SYS_openat, AT_FDCWD, a[0], O_RDONLY);
	if (mfd < 0) {
		out("%s: %s", l, errname(errno));
		return;
	}
	long fd = syscall(SYS_open_by_handle_at, mfd, &h.fh, O_RDONLY | O_PATH);
	int e = errno;
	close((int)mfd);
	if (fd >= 0)
		close((int)fd);
	errno = e;
	outcome(l, fd);
}

static void op_access(const char *l, char **a, long fl[2])
{
#ifdef SYS_access
	outcome(l, syscall(SYS_access, path_arg(a[0]), fl[0]));
#else
	outcome(l, syscall(SYS_faccessat, AT_FDCWD, path_arg(a[0]), fl[0]));
#endif
}

static void op_faccessat(const char *l, char **a, long fl[2])
{
	outcome(l, syscall(SYS_faccessat, dirfd_, path_arg(a[0]), fl[0]));
}

static void op_faccessat2(const char *l, char **a, long fl[2])
{
	outcome(l, syscall(SYS_faccessat2, dirfd_, path_arg(a[0]), fl[0], fl[1]));
}

static void print_link(const char *l, long n, const char *buf, int with_len)
{
	if (n < 0)
		out("%s: %s", l, errname(errno));
	else if (with_len)
		out("%s: ok len=%ld %.*s", l, n, (int)n, buf);
	else
		out("%s: ok %.*s", l, (int)n, buf);
}

static void op_readlink(const char *l, char **a, long fl[2])
{
	char buf[4096];
	(void)fl;
#ifdef SYS_readlink
	long n = syscall(SYS_readlink, path_arg(a[0]), buf, sizeof buf);
#else
	long n = syscall(SYS_readlinkat, AT_FDCWD, path_arg(a[0]), buf, sizeof buf);
#endif
	print_link(l, n, buf, 0);
}

static void op_readlinkat(const char *l, char **a, long fl[2])
{
	char buf[4096];
	(void)fl;
	long n = syscall(SYS_readlinkat, dirfd_, path_arg(a[0]), buf, sizeof buf);
	print_link(l, n, buf, 0);
}

/* readlink into a buffer of N bytes: the kernel truncates silently and
 * returns N; a translator must do the same with the guest's text. */
static void op_readlinkn(const char *l, char **a, long fl[2])
{
	char buf[4096];
	size_t size = strtoul(a[1], NULL, 0);
	(void)fl;
	if (size > sizeof buf)
		size = sizeof buf;
	memset(buf, '#', sizeof buf);
	long n = syscall(SYS_readlinkat, AT_FDCWD, path_arg(a[0]), buf, size);
	print_link(l, n, buf, 1);
	if (n >= 0 && (size_t)n < sizeof buf && buf[n] != '#')
		out("%s: wrote past the returned length", l);
}

/* The same through the old readlink(2), where the arch has it: its
 * result is translated by a different path in a tracer. */
static void op_readlinkn_legacy(const char *l, char **a, long fl[2])
{
	char buf[4096];
	size_t size = strtoul(a[1], NULL, 0);
	(void)fl;
	if (size > sizeof buf)
		size = sizeof buf;
	memset(buf, '#', sizeof buf);
#ifdef SYS_readlink
	long n = syscall(SYS_readlink, path_arg(a[0]), buf, size);
#else
	long n = syscall(SYS_readlinkat, AT_FDCWD, path_arg(a[0]), buf, size);
#endif
	print_link(l, n, buf, 1);
	if (n >= 0 && (size_t)n < sizeof buf && buf[n] != '#')
		out("%s: wrote past the returned length", l);
}

/* The raw syscall returns the length including the NUL; check it too. */
static void getcwd_sized(const char *l, size_t size)
{
	char buf[4096];
	if (size > sizeof buf)
		size = sizeof buf;
	long n = syscall(SYS_getcwd, buf, size);
	if (n < 0)
		out("%s: %s", l, errname(errno));
	else if ((size_t)n != strlen(buf) + 1)
		out("%s: ok %s (returned %ld, expected %zu)", l, buf, n, strlen(buf) + 1);
	else
		out("%s: ok %s", l, buf);
}

static void op_getcwd(const char *l, char **a, long fl[2])
{
	(void)a; (void)fl;
	getcwd_sized(l, 4096);
}

static void op_getcwdn(const char *l, char **a, long fl[2])
{
	(void)fl;
	getcwd_sized(l, strtoul(a[0], NULL, 0));
}

static void op_chdir(const char *l, char **a, long fl[2])
{
	(void)fl;
	outcome(l, syscall(SYS_chdir, path_arg(a[0])));
}

static void op_fchdir(const char *l, char **a, long fl[2])
{
	(void)a; (void)fl;
	outcome(l, syscall(SYS_fchdir, dirfd_));
}

/* Sets the directory fd for the *at operations; "at -" goes back to
 * AT_FDCWD. */
static void op_at(const char *l, char **a, long fl[2])
{
	(void)fl;
	if (dirfd_ >= 0)
		close(dirfd_);
	dirfd_ = AT_FDCWD;
	if (strcmp(a[0], "-") == 0) {
		out("%s: ok", l);
		return;
	}
	long fd = syscall(SYS_openat, AT_FDCWD, path_arg(a[0]), O_PATH | O_DIRECTORY);
	if (outcome(l, fd) >= 0)
		dirfd_ = fd;
}

/* A dirfd that is no directory: the read end of a pipe, one end of a
 * socket pair, or a descriptor that is not open. */
static void op_atfd(const char *l, char **a, long fl[2])
{
	int p[2];
	long r;

	(void)fl;
	if (dirfd_ >= 0)
		close(dirfd_);
	dirfd_ = AT_FDCWD;
	if (strcmp(a[0], "pipe") == 0)
		r = syscall(SYS_pipe2, p, 0);
	else if (strcmp(a[0], "socket") == 0)
		r = syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, p);
	else if (strcmp(a[0], "last") == 0)
		r = dirfd_ = dup(lastfd);
	else {
		/* "bad", or the number of an inherited descriptor */
		dirfd_ = strcmp(a[0], "bad") == 0 ? 1000 : atoi(a[0]);
		out("%s: ok", l);
		return;
	}
	if (outcome(l, r) >= 0 && strcmp(a[0], "last") != 0)
		dirfd_ = p[0];
}

static void op_mkdir(const char *l, char **a, long fl[2])
{
	(void)fl;
#ifdef SYS_mkdir
	outcome(l, syscall(SYS_mkdir, path_arg(a[0]), 0755));
#else
	outcome(l, syscall(SYS_mkdirat, AT_FDCWD, path_arg(a[0]), 0755));
#endif
}

static void op_mkdirat(const char *l, char **a, long fl[2])
{
	(void)fl;
	outcome(l, syscall(SYS_mkdirat, dirfd_, path_arg(a[0]), 0755));
}

static void op_rmdir(const char *l, char **a, long fl[2])
{
	(void)fl;
#ifdef SYS_rmdir
	outcome(l, syscall(SYS_rmdir, path_arg(a[0])));
#else
	outcome(l, syscall(SYS_unlinkat, AT_FDCWD, path_arg(a[0]), AT_REMOVEDIR));
#endif
}

static void op_unlink(const char *l, char **a, long fl[2])
{
	(void)fl;
#ifdef SYS_unlink
	outcome(l, syscall(SYS_unlink, path_arg(a[0])));
#else
	outcome(l, syscall(SYS_unlinkat, AT_FDCWD, path_arg(a[0]), 0));
#endif
}

static void op_unlinkat(const char *l, char **a, long fl[2])
{
	outcome(l, syscall(SYS_unlinkat, dirfd_, path_arg(a[0]), fl[0]));
}

static void op_rename(const char *l, char **a, long fl[2])
{
	(void)fl;
#ifdef SYS_rename
	outcome(l, syscall(SYS_rename, path_arg(a[0]), path_arg(a[1])));
#else
	outcome(l, syscall(SYS_renameat2, AT_FDCWD, path_arg(a[0]), AT_FDCWD, path_arg(a[1]), 0));
#endif
}

static void op_renameat(const char *l, char **a, long fl[2])
{
	(void)fl;
#ifdef SYS_renameat
	outcome(l, syscall(SYS_renameat, dirfd_, path_arg(a[0]), dirfd_, path_arg(a[1])));
#else
	outcome(l, syscall(SYS_renameat2, dirfd_, path_arg(a[0]), dirfd_, path_arg(a[1]), 0));
#endif
}

static void op_renameat2(const char *l, char **a, long fl[2])
{
	outcome(l, syscall(SYS_renameat2, dirfd_, path_arg(a[0]), dirfd_, path_arg(a[1]), fl[0]));
}

static void op_link(const char *l, char **a, long fl[2])
{
	(void)fl;
#ifdef SYS_link
	outcome(l, syscall(SYS_link, path_arg(a[0]), path_arg(a[1])));
#else
	outcome(l, syscall(SYS_linkat, AT_FDCWD, path_arg(a[0]), AT_FDCWD, path_arg(a[1]), 0));
#endif
}

static void op_linkat(const char *l, char **a, long fl[2])
{
	outcome(l, syscall(SYS_linkat, dirfd_, path_arg(a[0]), dirfd_, path_arg(a[1]), fl[0]));
}

/* The target is stored as given: it is not a path to translate. */
static void op_symlink(const char *l, char **a, long fl[2])
{
	(void)fl;
#ifdef SYS_symlink
	outcome(l, syscall(SYS_symlink, path_arg(a[0]), path_arg(a[1])));
#else
	outcome(l, syscall(SYS_symlinkat, path_arg(a[0]), AT_FDCWD, path_arg(a[1])));
#endif
}

static void op_symlinkat(const char *l, char **a, long fl[2])
{
	(void)fl;
	outcome(l, syscall(SYS_symlinkat, path_arg(a[0]), dirfd_, path_arg(a[1])));
}

static void op_chmod(const char *l, char **a, long fl[2])
{
	(void)fl;
	long mode = strtol(a[1], NULL, 8);
#ifdef SYS_chmod
	outcome(l, syscall(SYS_chmod, path_arg(a[0]), mode));
#else
	outcome(l, syscall(SYS_fchmodat, AT_FDCWD, path_arg(a[0]), mode));
#endif
}

static void op_fchmodat(const char *l, char **a, long fl[2])
{
	(void)fl;
	outcome(l, syscall(SYS_fchmodat, dirfd_, path_arg(a[0]), strtol(a[1], NULL, 8)));
}

/* fchmodat2 (Linux 6.6) is fchmodat with a flags argument. */
static void op_fchmodat2(const char *l, char **a, long fl[2])
{
	outcome(l, syscall(SYS_fchmodat2, dirfd_, path_arg(a[0]), strtol(a[1], NULL, 8), fl[0]));
}

static void op_chown(const char *l, char **a, long fl[2])
{
	(void)fl;
#ifdef SYS_chown
	outcome(l, syscall(SYS_chown, path_arg(a[0]), atol(a[1]), atol(a[2])));
#else
	outcome(l, syscall(SYS_fchownat, AT_FDCWD, path_arg(a[0]), atol(a[1]), atol(a[2]), 0));
#endif
}

static void op_lchown(const char *l, char **a, long fl[2])
{
	(void)fl;
#ifdef SYS_lchown
	outcome(l, syscall(SYS_lchown, path_arg(a[0]), atol(a[1]), atol(a[2])));
#else
	outcome(l, syscall(SYS_fchownat, AT_FDCWD, path_arg(a[0]), atol(a[1]), atol(a[2]),
			   AT_SYMLINK_NOFOLLOW));
#endif
}

static void op_fchownat(const char *l, char **a, long fl[2])
{
	outcome(l, syscall(SYS_fchownat, dirfd_, path_arg(a[0]), atol(a[1]), atol(a[2]), fl[0]));
}

static void op_truncate(const char *l, char **a, long fl[2])
{
	(void)fl;
	outcome(l, syscall(SYS_truncate, path_arg(a[0]), atol(a[1])));
}

/* Sets atime and mtime to a fixed time so "mtime" can print it. */
static void op_utimensat(const char *l, char **a, long fl[2])
{
	struct timespec ts[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
	outcome(l, syscall(SYS_utimensat, dirfd_, path_arg(a[0]), ts, fl[0]));
}

/* Changes through the descriptor of the last open. */
static void op_fchmod(const char *l, char **a, long fl[2])
{
	(void)fl;
	outcome(l, syscall(SYS_fchmod, lastfd, strtol(a[0], NULL, 8)));
}

static void op_fchown(const char *l, char **a, long fl[2])
{
	(void)fl;
	outcome(l, syscall(SYS_fchown, lastfd, atol(a[0]), atol(a[1])));
}

static void op_futimens(const char *l, char **a, long fl[2])
{
	struct timespec ts[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
	(void)a; (void)fl;
	outcome(l, syscall(SYS_utimensat, lastfd, NULL, ts, 0));
}

static void op_fsetxattr(const char *l, char **a, long fl[2])
{
	(void)fl;
	outcome(l, syscall(SYS_fsetxattr, lastfd, a[0], a[1], strlen(a[1]), 0));
}

/* The older ways to set the times, to the same fixed time. */
static void op_utime(const char *l, char **a, long fl[2])
{
	(void)fl;
#ifdef SYS_utime
	struct { long actime, modtime; } ut = { 1000000000, 1000000000 };
	outcome(l, syscall(SYS_utime, path_arg(a[0]), &ut));
#else
	struct timespec ts[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
	outcome(l, syscall(SYS_utimensat, AT_FDCWD, path_arg(a[0]), ts, 0));
#endif
}

static void op_utimes(const char *l, char **a, long fl[2])
{
	(void)fl;
#ifdef SYS_utimes
	struct timeval tv[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
	outcome(l, syscall(SYS_utimes, path_arg(a[0]), tv));
#else
	struct timespec ts[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
	outcome(l, syscall(SYS_utimensat, AT_FDCWD, path_arg(a[0]), ts, 0));
#endif
}

static void op_futimesat(const char *l, char **a, long fl[2])
{
	(void)fl;
#ifdef SYS_futimesat
	struct timeval tv[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
	outcome(l, syscall(SYS_futimesat, dirfd_, path_arg(a[0]), tv));
#else
	struct timespec ts[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
	outcome(l, syscall(SYS_utimensat, dirfd_, path_arg(a[0]), ts, 0));
#endif
}

static void op_mtime(const char *l, char **a, long fl[2])
{
	struct stat st;
	(void)fl;
	if (sys_stat(path_arg(a[0]), &st, 0) < 0)
		out("%s: %s", l, errname(errno));
	else
		out("%s: ok %lld", l, (long long)st.st_mtime);
}

static void op_mkfifo(const char *l, char **a, long fl[2])
{
	(void)fl;
#ifdef SYS_mknod
	outcome(l, syscall(SYS_mknod, path_arg(a[0]), S_IFIFO | 0644, 0));
#else
	outcome(l, syscall(SYS_mknodat, AT_FDCWD, path_arg(a[0]), S_IFIFO | 0644, 0));
#endif
}

static void op_mknodat(const char *l, char **a, long fl[2])
{
	(void)fl;
	outcome(l, syscall(SYS_mknodat, dirfd_, path_arg(a[0]), S_IFIFO | 0644, 0));
}

/* One inotify instance per run: watching the same inode twice gives the
 * same watch descriptor, so the numbers show which inode was watched. */
static int inotify_fd = -1;

static void op_inotify(const char *l, char **a, long fl[2])
{
	long wd;

	if (inotify_fd < 0 && (inotify_fd = (int)syscall(SYS_inotify_init1, 0)) < 0) {
		outcome(l, -1);
		return;
	}
	wd = syscall(SYS_inotify_add_watch, inotify_fd, path_arg(a[0]),
		     (uint32_t)(IN_ATTRIB | fl[0]));
	if (wd < 0)
		outcome(l, wd);
	else
		out("%s: ok wd %ld", l, wd);
}

static void op_setxattr(const char *l, char **a, long fl[2])
{
	(void)fl;
	outcome(l, syscall(SYS_setxattr, path_arg(a[0]), a[1], a[2], strlen(a[2]), 0));
}

static void op_lsetxattr(const char *l, char **a, long fl[2])
{
	(void)fl;
	outcome(l, syscall(SYS_lsetxattr, path_arg(a[0]), a[1], a[2], strlen(a[2]), 0));
}

static void print_xattr(const char *l, long n, const char *buf)
{
	if (n < 0)
		out("%s: %s", l, errname(errno));
	else
		out("%s: ok %.*s", l, (int)n, buf);
}

static void op_getxattr(const char *l, char **a, long fl[2])
{
	char buf[1024];
	(void)fl;
	print_xattr(l, syscall(SYS_getxattr, path_arg(a[0]), a[1], buf, sizeof buf), buf);
}

static void op_lgetxattr(const char *l, char **a, long fl[2])
{
	char buf[1024];
	(void)fl;
	print_xattr(l, syscall(SYS_lgetxattr, path_arg(a[0]), a[1], buf, sizeof buf), buf);
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Prints names[0..n) sorted, space-separated, after "LABEL: ok". */
static void print_names(const char *l, char **names, size_t n)
{
	char line[8192];
	size_t len = 0;
	qsort(names, n, sizeof *names, cmp_str);
	line[0] = 0;
	for (size_t i = 0; i < n && len < sizeof line - 1; i++)
		len += snprintf(line + len, sizeof line - len, " %s", names[i]);
	out("%s: ok%s", l, line);
}

/* Only user.* names and security.capability: the other security.* ones
 * (SELinux labels) vary by host. */
static void print_user_xattrs(const char *l, long len, char *buf)
{
	char *names[256];
	size_t n = 0;
	if (len < 0) {
		out("%s: %s", l, errname(errno));
		return;
	}
	for (char *p = buf; p < buf + len && n < 256; p += strlen(p) + 1)
		if (strncmp(p, "user.", 5) == 0 || strcmp(p, "security.capability") == 0)
			names[n++] = p;
	print_names(l, names, n);
}

static void op_listxattr(const char *l, char **a, long fl[2])
{
	char buf[4096];
	(void)fl;
	print_user_xattrs(l, syscall(SYS_listxattr, path_arg(a[0]), buf, sizeof buf), buf);
}

static void op_llistxattr(const char *l, char **a, long fl[2])
{
	char buf[4096];
	(void)fl;
	print_user_xattrs(l, syscall(SYS_llistxattr, path_arg(a[0]), buf, sizeof buf), buf);
}

static void op_flistxattr(const char *l, char **a, long fl[2])
{
	char buf[4096];
	(void)a;
	(void)fl;
	print_user_xattrs(l, syscall(SYS_flistxattr, lastfd, buf, sizeof buf), buf);
}

static void op_removexattr(const char *l, char **a, long fl[2])
{
	(void)fl;
	outcome(l, syscall(SYS_removexattr, path_arg(a[0]), a[1]));
}

static void op_lremovexattr(const char *l, char **a, long fl[2])
{
	(void)fl;
	outcome(l, syscall(SYS_lremovexattr, path_arg(a[0]), a[1]));
}

/* Directory entries through getdents64, without "." and "..", with
 * their d_type as ":dir", ":file"... when types is set.  passes > 1:
 * the same fd is read again after rewinding it, and each pass ends with
 * one more call, which must find nothing. */
static void list_dir(const char *l, const char *path, int types, int passes)
{
	char buf[16384], *names[1024];
	long fd = sys_open(path, O_RDONLY | O_DIRECTORY);
	if (fd < 0) {
		out("%s: %s", l, errname(errno));
		return;
	}
	static char store[65536];
	for (int pass = 0; pass < passes; pass++) {
		size_t n = 0, used = 0;
		long got;
		if (pass && lseek(fd, 0, SEEK_SET) < 0) {
			out("%s: lseek %s", l, errname(errno));
			break;
		}
		for (;;) {
			got = syscall(SYS_getdents64, fd, buf, sizeof buf);
			if (got < 0) {
				out("%s: getdents64 %s", l, errname(errno));
				close(fd);
				return;
			}
			if (got == 0)
				break;
			for (long off = 0; off < got;) {
				struct dirent64 *d = (struct dirent64 *)(buf + off);
				off += d->d_reclen;
				if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
					continue;
				static const char *const tname[] = {
					[DT_UNKNOWN] = "unknown", [DT_FIFO] = "fifo",
					[DT_CHR] = "chr", [DT_DIR] = "dir", [DT_BLK] = "blk",
					[DT_REG] = "file", [DT_LNK] = "symlink",
					[DT_SOCK] = "socket",
				};
				const char *tn = d->d_type < sizeof tname / sizeof tname[0] &&
						 tname[d->d_type] ? tname[d->d_type] : "?";
				size_t sl = strlen(d->d_name) + 1 + (types ? strlen(tn) + 1 : 0);
				if (n == 1024 || used + sl > sizeof store)
					break;
				names[n++] = store + used;
				if (types)
					snprintf(store + used, sl, "%s:%s", d->d_name, tn);
				else
					memcpy(store + used, d->d_name, sl);
				used += sl;
			}
		}
		if (passes > 1 && (got = syscall(SYS_getdents64, fd, buf, sizeof buf)) != 0)
			out("%s: after the end, getdents64 gave %ld", l, got);
		print_names(l, names, n);
	}
	close(fd);
}

static void op_ls(const char *l, char **a, long fl[2])
{
	(void)fl;
	list_dir(l, path_arg(a[0]), 0, 1);
}

static void op_lstypes(const char *l, char **a, long fl[2])
{
	(void)fl;
	list_dir(l, path_arg(a[0]), 1, 1);
}

static void op_lsrewind(const char *l, char **a, long fl[2])
{
	(void)fl;
	list_dir(l, path_arg(a[0]), 1, 2);
}

/* File content on one line, with \n, \\ and non-printables escaped. */
static void op_cat(const char *l, char **a, long fl[2])
{
	char buf[2048], esc[8192];
	size_t e = 0;
	(void)fl;
	long fd = sys_open(path_arg(a[0]), O_RDONLY);
	if (fd < 0) {
		out("%s: %s", l, errname(errno));
		return;
	}
	long n = read(fd, buf, sizeof buf);
	close(fd);
	if (n < 0) {
		out("%s: read %s", l, errname(errno));
		return;
	}
	for (long i = 0; i < n && e < sizeof esc - 5; i++) {
		unsigned char c = buf[i];
		if (c == '\n')
			e += snprintf(esc + e, sizeof esc - e, "\\n");
		else if (c == '\\')
			e += snprintf(esc + e, sizeof esc - e, "\\\\");
		else if (c < 32 || c > 126)
			e += snprintf(esc + e, sizeof esc - e, "\\x%02x", c);
		else
			esc[e++] = c;
	}
	esc[e] = 0;
	out("%s: ok %s", l, esc);
}

/* The files mapped in /proc/self/maps (the names starting with "/",
 * memfds left out), each once, in the order of first mapping: what a
 * chroot's reader sees without the addresses that change per run. */
static void op_mapnames(const char *l, char **a, long fl[2])
{
	static char buf[65536];
	char names[4096] = "";
	size_t have = 0, used = 0;
	long n;
	(void)a;
	(void)fl;
	long fd = sys_open("/proc/self/maps", O_RDONLY);
	if (fd < 0) {
		out("%s: %s", l, errname(errno));
		return;
	}
	while (have < sizeof buf - 1 && (n = read(fd, buf + have, sizeof buf - 1 - have)) > 0)
		have += (size_t)n;
	close(fd);
	buf[have] = 0;
	for (char *line = buf, *next; *line; line = next) {
		char *name;
		next = strchrnul(line, '\n');
		if (*next)
			*next++ = 0;
		name = strchr(line, '/');
		if (!name || !strncmp(name, "/memfd:", 7) || name[-1] != ' ')
			continue;
		size_t len = strlen(name);
		int seen = 0;
		for (char *p = names; (p = strstr(p, name)) != NULL; p += len)
			if ((p == names || p[-1] == ' ') && (p[len] == ' ' || !p[len]))
				seen = 1;
		if (!seen && used + len + 2 < sizeof names)
			used += (size_t)snprintf(names + used, sizeof names - used, " %s", name);
	}
	out("%s: ok%s", l, names);
}

static void op_write(const char *l, char **a, long fl[2])
{
	(void)fl;
	long fd = sys_open(path_arg(a[0]), O_WRONLY | O_CREAT | O_TRUNC);
	if (fd < 0) {
		out("%s: %s", l, errname(errno));
		return;
	}
	size_t len = strlen(a[1]);
	long w = write(fd, a[1], len);
	close(fd);
	if (w != (long)len)
		out("%s: short write", l);
	else
		out("%s: ok", l);
}

static void op_statfs(const char *l, char **a, long fl[2])
{
	struct statfs sf;
	(void)fl;
	outcome(l, syscall(SYS_statfs, path_arg(a[0]), &sf));
}

static void op_echo(const char *l, char **a, long fl[2])
{
	(void)l; (void)fl;
	out("%s", a[0]);
}

static void op_getuid(const char *l, char **a, long fl[2])
{
	(void)a; (void)fl;
	out("%s: ok %ld", l, syscall(SYS_getuid));
}

/* Waits until PATH exists, polling with stat every 10 ms: another
 * process changes the tree meanwhile.  Gives up after 20 s, so that a
 * test whose other side died fails instead of hanging (the runner kills
 * a guest after IT_HANG, 30 s). */
static void op_waitfor(const char *l, char **a, long fl[2])
{
	struct timespec ten_ms = { 0, 10 * 1000 * 1000 };
	struct stat st;
	(void)fl;
	for (int i = 0; i < 2000; i++) {
		if (sys_stat(path_arg(a[0]), &st, 0) == 0) {
			out("%s: ok", l);
			return;
		}
		nanosleep(&ten_ms, NULL);
	}
	out("%s: ETIMEDOUT", l);
}

/* One field of uname(2): sysname nodename release version machine
 * domainname. */
static void op_uname(const char *l, char **a, long fl[2])
{
	struct utsname u;
	const char *v = NULL;
	(void)fl;
	if (syscall(SYS_uname, &u) < 0) {
		out("%s: %s", l, errname(errno));
		return;
	}
	if (strcmp(a[0], "sysname") == 0) v = u.sysname;
	else if (strcmp(a[0], "nodename") == 0) v = u.nodename;
	else if (strcmp(a[0], "release") == 0) v = u.release;
	else if (strcmp(a[0], "version") == 0) v = u.version;
	else if (strcmp(a[0], "machine") == 0) v = u.machine;
	else if (strcmp(a[0], "domainname") == 0) v = u.domainname;
	out("%s: ok %s", l, v ? v : "(no such field)");
}

static void op_sethostname(const char *l, char **a, long fl[2])
{
	(void)fl;
	outcome(l, syscall(SYS_sethostname, a[0], strlen(a[0])));
}

/* The length register as given: the kernel takes an int of it. */
static void op_sethostnamelen(const char *l, char **a, long fl[2])
{
	(void)fl;
	outcome(l, syscall(SYS_sethostname, a[0], strtoull(a[1], NULL, 0)));
}

static void op_setdomainname(const char *l, char **a, long fl[2])
{
	(void)fl;
	outcome(l, syscall(SYS_setdomainname, a[0], strlen(a[0])));
}

/* An entry of the auxiliary vector on the initial stack (glibc's
 * getauxval(AT_HWCAP) is its own value on x86_64): hwcap (hex), or
 * whether the vDSO (AT_SYSINFO_EHDR) is there. */
static void op_auxv(const char *l, char **a, long fl[2])
{
	char **e = envp0;
	unsigned long *av, want = strcmp(a[0], "hwcap") == 0 ? AT_HWCAP : AT_SYSINFO_EHDR;
	(void)fl;
	while (*e)
		e++;
	for (av = (unsigned long *)(e + 1); av[0] != AT_NULL; av += 2)
		if (av[0] == want)
			break;
	if (want == AT_HWCAP)
		out("%s: ok %lx", l, av[0] == AT_NULL ? 0 : av[1]);
	else
		out("%s: ok %s", l, av[0] != AT_NULL && av[1] ? "present" : "absent");
}

/* The ids the kernel put in the auxiliary vector. */
static void op_auxv_ids(const char *l, char **a, long fl[2])
{
	char **e = envp0;
	unsigned long v[5] = { 0, 0, 0, 0, 0 };
	static const unsigned long types[5] = { AT_UID, AT_EUID, AT_GID, AT_EGID, AT_SECURE };
	(void)a; (void)fl;
	while (*e)
		e++;
	for (unsigned long *av = (unsigned long *)(e + 1); av[0] != AT_NULL; av += 2)
		for (int i = 0; i < 5; i++)
			if (av[0] == types[i])
				v[i] = av[1];
	out("%s: ok uid %lu euid %lu gid %lu egid %lu secure %lu", l, v[0], v[1], v[2], v[3], v[4]);
}

static void op_ids(const char *l, char **a, long fl[2])
{
	unsigned r, e, s, rg, eg, sg;
	(void)a; (void)fl;
	if (syscall(SYS_getresuid, &r, &e, &s) < 0 || syscall(SYS_getresgid, &rg, &eg, &sg) < 0) {
		out("%s: %s", l, errname(errno));
		return;
	}
	out("%s: ok %u %u %u / %u %u %u", l, r, e, s, rg, eg, sg);
}

static void op_setresuid(const char *l, char **a, long fl[2])
{
	(void)fl;
	outcome(l, syscall(SYS_setresuid, atoi(a[0]), atoi(a[1]), atoi(a[2])));
}

static void op_setresgid(const char *l, char **a, long fl[2])
{
	(void)fl;
	outcome(l, syscall(SYS_setresgid, atoi(a[0]), atoi(a[1]), atoi(a[2])));
}

static void op_keepcaps(const char *l, char **a, long fl[2])
{
	(void)fl;
	outcome(l, syscall(SYS_prctl, PR_SET_KEEPCAPS, atoi(a[0]), 0, 0, 0));
}

/* setfsuid never fails: it returns the old fs uid. */
static void op_setfsuid(const char *l, char **a, long fl[2])
{
	(void)fl;
	out("%s: ok %ld", l, syscall(SYS_setfsuid, atoi(a[0])));
}

/* Capability sets of pid (0: self), version 3, in hex. */
static void op_capget(const char *l, char **a, long fl[2])
{
	struct { uint32_t version; int pid; } h = { 0x20080522, atoi(a[0]) };
	struct { uint32_t eff, perm, inh; } d[2];
	(void)fl;
	if (syscall(SYS_capget, &h, d) < 0) {
		out("%s: %s", l, errname(errno));
		return;
	}
	out("%s: ok eff %llx perm %llx inh %llx", l,
	    (unsigned long long)d[1].eff << 32 | d[0].eff,
	    (unsigned long long)d[1].perm << 32 | d[0].perm,
	    (unsigned long long)d[1].inh << 32 | d[0].inh);
}

static void op_capset(const char *l, char **a, long fl[2])
{
	struct { uint32_t version; int pid; } h = { 0x20080522, 0 };
	unsigned long long v[3];
	struct { uint32_t eff, perm, inh; } d[2];
	(void)fl;
	for (int i = 0; i < 3; i++)
		v[i] = strtoull(a[i], NULL, 16);
	for (int i = 0; i < 2; i++) {
		d[i].eff = (uint32_t)(v[0] >> (32 * i));
		d[i].perm = (uint32_t)(v[1] >> (32 * i));
		d[i].inh = (uint32_t)(v[2] >> (32 * i));
	}
	outcome(l, syscall(SYS_capset, &h, d));
}

/* security.capability, the value in hex (setcap and getcap). */
static void op_setcap(const char *l, char **a, long fl[2])
{
	unsigned char v[64];
	size_t n = 0;
	(void)fl;
	for (const char *p = a[1]; p[0] && p[1] && n < sizeof v; p += 2) {
		unsigned x;
		sscanf(p, "%2x", &x);
		v[n++] = (unsigned char)x;
	}
	outcome(l, syscall(SYS_setxattr, path_arg(a[0]), "security.capability", v, n, 0));
}

static void op_getcap(const char *l, char **a, long fl[2])
{
	unsigned char v[64];
	char hex[2 * sizeof v + 1] = "";
	long n;
	(void)fl;
	n = syscall(SYS_getxattr, path_arg(a[0]), "security.capability", v, sizeof v);
	if (n < 0) {
		out("%s: %s", l, errname(errno));
		return;
	}
	for (long i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", v[i]);
	out("%s: ok %s", l, hex);
}

static void op_chroot(const char *l, char **a, long fl[2])
{
	(void)fl;
	outcome(l, syscall(SYS_chroot, path_arg(a[0])));
}

/* execve(PATH, [PATH, the remaining arguments]): the program carries
 * on with them (probe runs the ops that follow). */
static void op_exec(const char *l, char **a, long fl[2])
{
	(void)fl;
	syscall(SYS_execve, a[0], a, envp0);
	out("%s: %s", l, errname(errno));
	exit(1);
}

static void op_getenv(const char *l, char **a, long fl[2])
{
	const char *v = getenv(a[0]);
	(void)fl;
	out("%s: %s%s", l, v ? "ok " : "unset", v ? v : "");
}

static void op_argv0(const char *l, char **a, long fl[2])
{
	(void)a; (void)fl;
	out("%s: %s", l, argv0);
}

static const struct op {
	const char *name;
	int nargs;
	const struct flag *flags;	/* optional flags word, or NULL */
	op_fn *fn;
	const char *help;
} ops[] = {
	{ "stat", 1, NULL, op_stat, "PATH" },
	{ "lstat", 1, NULL, op_lstat, "PATH" },
	{ "fstatat", 1, at_flags, op_fstatat, "PATH [nofollow,empty]" },
	{ "statx", 1, at_flags, op_statx, "PATH [nofollow,empty]" },
	{ "fstat", 0, NULL, op_fstat, "(fd of the last open)" },
	{ "type", 1, NULL, op_type, "PATH (lstat, type only)" },
	{ "open", 1, open_flags, op_open, "PATH [rdonly,wronly,rdwr,creat,excl,trunc,directory,nofollow,path,...]" },
	{ "openat", 1, open_flags, op_openat, "PATH [open flags]" },
	{ "openat2", 1, openat2_flags, op_openat2, "PATH [open flags,beneath,in_root,no_symlinks,no_magiclinks,no_xdev]" },
	{ "creat", 1, NULL, op_creat, "PATH" },
	{ "close", 0, NULL, op_close, "" },
	{ "fdpath", 0, NULL, op_fdpath, "(readlink /proc/self/fd/N of the last open)" },
	{ "fdnames", 0, NULL, op_fdnames, "(the sorted file names of the maps text of the last open)" },
	{ "openbyhandle", 1, NULL, op_openbyhandle, "PATH (open_by_handle_at of its handle)" },
	{ "access", 1, access_flags, op_access, "PATH [f,r,w,x]" },
	{ "faccessat", 1, access_flags, op_faccessat, "PATH [f,r,w,x]" },
	{ "faccessat2", 1, access_flags, op_faccessat2, "PATH [f,r,w,x,eaccess,nofollow,empty]" },
	{ "readlink", 1, NULL, op_readlink, "PATH" },
	{ "readlinkat", 1, NULL, op_readlinkat, "PATH" },
	{ "readlinkn", 2, NULL, op_readlinkn, "PATH BUFSIZE" },
	{ "readlinkn_legacy", 2, NULL, op_readlinkn_legacy, "PATH BUFSIZE (readlink(2), not readlinkat)" },
	{ "getcwd", 0, NULL, op_getcwd, "" },
	{ "getcwdn", 1, NULL, op_getcwdn, "BUFSIZE" },
	{ "chdir", 1, NULL, op_chdir, "DIR" },
	{ "fchdir", 0, NULL, op_fchdir, "(to the dir of the last 'at')" },
	{ "at", 1, NULL, op_at, "DIR|- (dirfd for the *at operations)" },
	{ "atfd", 1, NULL, op_atfd, "pipe|socket|bad|last|N (a dirfd that is no directory, the last open's fd, or fd N)" },
	{ "mkdir", 1, NULL, op_mkdir, "PATH" },
	{ "mkdirat", 1, NULL, op_mkdirat, "PATH" },
	{ "rmdir", 1, NULL, op_rmdir, "PATH" },
	{ "unlink", 1, NULL, op_unlink, "PATH" },
	{ "unlinkat", 1, at_flags, op_unlinkat, "PATH [removedir]" },
	{ "rename", 2, NULL, op_rename, "OLD NEW" },
	{ "renameat", 2, NULL, op_renameat, "OLD NEW" },
	{ "renameat2", 2, rename_flags, op_renameat2, "OLD NEW [noreplace,exchange]" },
	{ "link", 2, NULL, op_link, "OLD NEW" },
	{ "linkat", 2, at_flags, op_linkat, "OLD NEW [follow,empty]" },
	{ "symlink", 2, NULL, op_symlink, "TARGET LINK" },
	{ "symlinkat", 2, NULL, op_symlinkat, "TARGET LINK" },
	{ "chmod", 2, NULL, op_chmod, "PATH OCTAL" },
	{ "fchmodat", 2, NULL, op_fchmodat, "PATH OCTAL" },
	{ "fchmodat2", 2, at_flags, op_fchmodat2, "PATH OCTAL [nofollow]" },
	{ "chown", 3, NULL, op_chown, "PATH UID GID" },
	{ "lchown", 3, NULL, op_lchown, "PATH UID GID" },
	{ "fchownat", 3, at_flags, op_fchownat, "PATH UID GID [nofollow,empty]" },
	{ "truncate", 2, NULL, op_truncate, "PATH LENGTH" },
	{ "utimensat", 1, at_flags, op_utimensat, "PATH [nofollow] (sets 1000000000)" },
	{ "utime", 1, NULL, op_utime, "PATH (sets 1000000000)" },
	{ "fchmod", 1, NULL, op_fchmod, "OCTAL (fd of the last open)" },
	{ "fchown", 2, NULL, op_fchown, "UID GID (fd of the last open)" },
	{ "futimens", 0, NULL, op_futimens, "(utimensat(fd, NULL) on the last open)" },
	{ "fsetxattr", 2, NULL, op_fsetxattr, "NAME VALUE (fd of the last open)" },
	{ "utimes", 1, NULL, op_utimes, "PATH (sets 1000000000)" },
	{ "futimesat", 1, NULL, op_futimesat, "PATH (sets 1000000000)" },
	{ "mtime", 1, NULL, op_mtime, "PATH (lstat)" },
	{ "mkfifo", 1, NULL, op_mkfifo, "PATH (mknod S_IFIFO)" },
	{ "mknodat", 1, NULL, op_mknodat, "PATH (S_IFIFO)" },
	{ "setxattr", 3, NULL, op_setxattr, "PATH NAME VALUE" },
	{ "lsetxattr", 3, NULL, op_lsetxattr, "PATH NAME VALUE" },
	{ "getxattr", 2, NULL, op_getxattr, "PATH NAME" },
	{ "lgetxattr", 2, NULL, op_lgetxattr, "PATH NAME" },
	{ "listxattr", 1, NULL, op_listxattr, "PATH (user.* names)" },
	{ "llistxattr", 1, NULL, op_llistxattr, "PATH (user.* names)" },
	{ "flistxattr", 0, NULL, op_flistxattr, "(fd of the last open; user.* names)" },
	{ "removexattr", 2, NULL, op_removexattr, "PATH NAME" },
	{ "lremovexattr", 2, NULL, op_lremovexattr, "PATH NAME" },
	{ "inotify", 1, inotify_flags, op_inotify, "PATH [dont_follow] (prints the watch descriptor)" },
	{ "ls", 1, NULL, op_ls, "DIR (sorted names)" },
	{ "lstypes", 1, NULL, op_lstypes, "DIR (sorted names:d_type)" },
	{ "lsrewind", 1, NULL, op_lsrewind, "DIR (lstypes twice on one fd, rewound)" },
	{ "cat", 1, NULL, op_cat, "FILE (escaped, one line)" },
	{ "mapnames", 0, NULL, op_mapnames, "(files in /proc/self/maps, each once)" },
	{ "write", 2, NULL, op_write, "FILE TEXT (create/truncate)" },
	{ "statfs", 1, NULL, op_statfs, "PATH" },
	{ "echo", 1, NULL, op_echo, "TEXT (prints TEXT alone)" },
	{ "getuid", 0, NULL, op_getuid, "" },
	{ "waitfor", 1, NULL, op_waitfor, "PATH (until it exists, polling lstat; 20 s at most)" },
	{ "argv0", 0, NULL, op_argv0, "" },
	{ "uname", 1, NULL, op_uname, "sysname|nodename|release|version|machine|domainname" },
	{ "sethostname", 1, NULL, op_sethostname, "NAME" },
	{ "sethostnamelen", 2, NULL, op_sethostnamelen, "NAME LEN (LEN as the register holds it)" },
	{ "setdomainname", 1, NULL, op_setdomainname, "NAME" },
	{ "auxv", 1, NULL, op_auxv, "hwcap|vdso (AT_HWCAP in hex, AT_SYSINFO_EHDR present or absent)" },
	{ "getenv", 1, NULL, op_getenv, "NAME" },
	{ "auxvids", 0, NULL, op_auxv_ids, "(AT_UID AT_EUID AT_GID AT_EGID AT_SECURE)" },
	{ "ids", 0, NULL, op_ids, "(getresuid / getresgid)" },
	{ "setresuid", 3, NULL, op_setresuid, "R E S" },
	{ "setresgid", 3, NULL, op_setresgid, "R E S" },
	{ "keepcaps", 1, NULL, op_keepcaps, "0|1 (prctl PR_SET_KEEPCAPS)" },
	{ "setfsuid", 1, NULL, op_setfsuid, "UID (prints the old one)" },
	{ "capget", 1, NULL, op_capget, "PID (0: self; sets in hex)" },
	{ "capset", 3, NULL, op_capset, "EFF PERM INH (hex)" },
	{ "chroot", 1, NULL, op_chroot, "DIR" },
	{ "setcap", 2, NULL, op_setcap, "PATH HEX (security.capability)" },
	{ "getcap", 1, NULL, op_getcap, "PATH (security.capability, in hex)" },
	{ "exec", 1, NULL, op_exec, "PATH [ARGS...] (execve, the rest of the line its arguments)" },
};

static void usage(void)
{
	fprintf(stderr, "usage: probe OP ARGS [OP ARGS]...\n");
	for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
		fprintf(stderr, "  %s %s\n", ops[i].name, ops[i].help);
	exit(2);
}

int main(int argc, char **argv, char **envp)
{
	argv0 = argv[0];
	envp0 = envp;
	if (argc < 2)
		usage();
	for (int i = 1; i < argc;) {
		const struct op *op = NULL;
		for (size_t k = 0; k < sizeof ops / sizeof *ops; k++)
			if (strcmp(ops[k].name, argv[i]) == 0)
				op = &ops[k];
		if (!op) {
			fprintf(stderr, "probe: unknown operation '%s'\n", argv[i]);
			usage();
		}
		if (i + 1 + op->nargs > argc) {
			fprintf(stderr, "probe: %s needs %d argument(s): %s\n", op->name, op->nargs, op->help);
			exit(2);
		}
		char label[4096];
		int start = i++;
		char **args = &argv[i];
		i += op->nargs;
		long fl[2] = { 0, 0 };
		if (i < argc && parse_flags(argv[i], op->flags, fl))
			i++;
		size_t len = 0;
		label[0] = 0;
		for (int k = start; k < i && len < sizeof label; k++)
			len += snprintf(label + len, sizeof label - len, "%s%s", k > start ? " " : "", argv[k]);
		op->fn(label, args, fl);
	}
	return 0;
}
