/* Shared bits of the guest helper programs (tests/helpers/NAME.c).
 *
 * Helpers are static programs copied into the test rootfs.  They print
 * one deterministic line per operation, the same natively (in a chroot)
 * and under burrow, so the two runs can be compared byte for byte:
 * "LABEL: ok DETAILS" or "LABEL: ENAME".  Only facts that translation
 * must preserve are printed (type, size, mode, names), never inode
 * numbers, devices or times that were not set by the test itself.
 */
#ifndef BURROW_TEST_HELPER_H
#define BURROW_TEST_HELPER_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Newer than glibc 2.36's <sys/syscall.h>; the number is shared by
 * every arch from 424 up.  fchmodat2: Linux 6.6. */
#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif
#ifndef SYS_faccessat2
#define SYS_faccessat2 439
#endif
#ifndef SYS_openat2
#define SYS_openat2 437
#endif
/* *xattrat: Linux 6.13; file_getattr/file_setattr: 6.17. */
#ifndef SYS_setxattrat
#define SYS_setxattrat 463
#endif
#ifndef SYS_getxattrat
#define SYS_getxattrat 464
#endif
#ifndef SYS_listxattrat
#define SYS_listxattrat 465
#endif
#ifndef SYS_removexattrat
#define SYS_removexattrat 466
#endif
#ifndef SYS_file_getattr
#define SYS_file_getattr 468
#endif
#ifndef SYS_file_setattr
#define SYS_file_setattr 469
#endif

#define UNUSED __attribute__((unused))

static const struct { int num; const char *name; } helper_errnames[] = {
	{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" },
	{ EINTR, "EINTR" }, { EIO, "EIO" }, { ENXIO, "ENXIO" },
	{ E2BIG, "E2BIG" }, { ENOEXEC, "ENOEXEC" }, { EBADF, "EBADF" },
	{ ECHILD, "ECHILD" }, { EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" },
	{ EACCES, "EACCES" }, { EFAULT, "EFAULT" }, { EBUSY, "EBUSY" },
	{ EEXIST, "EEXIST" }, { EXDEV, "EXDEV" }, { ENODEV, "ENODEV" },
	{ ENOTDIR, "ENOTDIR" }, { EISDIR, "EISDIR" }, { EINVAL, "EINVAL" },
	{ ENFILE, "ENFILE" }, { EMFILE, "EMFILE" }, { ENOTTY, "ENOTTY" },
	{ ETXTBSY, "ETXTBSY" }, { EFBIG, "EFBIG" }, { ENOSPC, "ENOSPC" },
	{ ESPIPE, "ESPIPE" }, { EROFS, "EROFS" }, { EMLINK, "EMLINK" },
	{ EPIPE, "EPIPE" }, { ERANGE, "ERANGE" }, { EDEADLK, "EDEADLK" },
	{ ENAMETOOLONG, "ENAMETOOLONG" }, { ENOSYS, "ENOSYS" },
	{ ENOTEMPTY, "ENOTEMPTY" }, { ELOOP, "ELOOP" }, { ENODATA, "ENODATA" },
	{ EOPNOTSUPP, "EOPNOTSUPP" }, { ENOTSOCK, "ENOTSOCK" },
	{ EDESTADDRREQ, "EDESTADDRREQ" }, { EPROTOTYPE, "EPROTOTYPE" },
	{ EAFNOSUPPORT, "EAFNOSUPPORT" }, { EADDRINUSE, "EADDRINUSE" },
	{ EADDRNOTAVAIL, "EADDRNOTAVAIL" }, { ECONNREFUSED, "ECONNREFUSED" },
	{ EISCONN, "EISCONN" }, { ENOTCONN, "ENOTCONN" },
	{ ECONNRESET, "ECONNRESET" },
};

/* The symbolic name of an errno value ("ENOENT"), or "E<n>". */
static UNUSED const char *errname(int e)
{
	static char buf[16];
	for (size_t i = 0; i < sizeof helper_errnames / sizeof *helper_errnames; i++)
		if (helper_errnames[i].num == e)
			return helper_errnames[i].name;
	snprintf(buf, sizeof buf, "E%d", e);
	return buf;
}

/* Prints one line with a single write(2), so lines from forked children
 * and threads never interleave and nothing sits in a stdio buffer
 * across fork() or exec().  The newline is added unless FMT already
 * ends the line. */
static UNUSED __attribute__((format(printf, 1, 2))) void out(const char *fmt, ...)
{
	char buf[8192];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof buf - 2)
		n = sizeof buf - 2;
	if (n == 0 || buf[n - 1] != '\n')
		buf[n++] = '\n';
	for (int off = 0; off < n;) {
		ssize_t w = write(1, buf + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		off += w;
	}
}

/* "LABEL: ok" or "LABEL: ENAME" for a syscall() result; returns ret so
 * the caller can print details after an "ok" itself when needed. */
static UNUSED long outcome(const char *label, long ret)
{
	if (ret < 0)
		out("%s: %s", label, errname(errno));
	else
		out("%s: ok", label);
	return ret;
}

static UNUSED const char *type_name(mode_t m)
{
	switch (m & S_IFMT) {
	case S_IFREG: return "file";
	case S_IFDIR: return "dir";
	case S_IFLNK: return "symlink";
	case S_IFIFO: return "fifo";
	case S_IFSOCK: return "socket";
	case S_IFCHR: return "chr";
	case S_IFBLK: return "blk";
	}
	return "unknown";
}

/* The stat fields that are the same natively and under translation.
 * Directory sizes depend on the filesystem's history, so only regular
 * files and symlinks show one. */
static UNUSED void stat_details(char *buf, size_t len, mode_t mode, long long size)
{
	if (S_ISREG(mode) || S_ISLNK(mode))
		snprintf(buf, len, "type=%s size=%lld mode=%04o",
			 type_name(mode), size, (unsigned)(mode & 07777));
	else
		snprintf(buf, len, "type=%s mode=%04o", type_name(mode),
			 (unsigned)(mode & 07777));
}

static const struct { int num; const char *name; } helper_signames[] = {
	{ SIGHUP, "HUP" }, { SIGINT, "INT" }, { SIGQUIT, "QUIT" },
	{ SIGILL, "ILL" }, { SIGTRAP, "TRAP" }, { SIGABRT, "ABRT" },
	{ SIGBUS, "BUS" }, { SIGFPE, "FPE" }, { SIGKILL, "KILL" },
	{ SIGUSR1, "USR1" }, { SIGSEGV, "SEGV" }, { SIGUSR2, "USR2" },
	{ SIGPIPE, "PIPE" }, { SIGALRM, "ALRM" }, { SIGTERM, "TERM" },
	{ SIGCHLD, "CHLD" }, { SIGCONT, "CONT" }, { SIGSTOP, "STOP" },
	{ SIGTSTP, "TSTP" }, { SIGTTIN, "TTIN" }, { SIGTTOU, "TTOU" },
	{ SIGURG, "URG" }, { SIGXCPU, "XCPU" }, { SIGXFSZ, "XFSZ" },
	{ SIGVTALRM, "VTALRM" }, { SIGPROF, "PROF" }, { SIGWINCH, "WINCH" },
	{ SIGIO, "IO" }, { SIGPWR, "PWR" }, { SIGSYS, "SYS" },
};

/* "TERM" for SIGTERM, "SIG<n>" otherwise. */
static UNUSED const char *sig_name(int sig)
{
	static char buf[16];
	for (size_t i = 0; i < sizeof helper_signames / sizeof *helper_signames; i++)
		if (helper_signames[i].num == sig)
			return helper_signames[i].name;
	snprintf(buf, sizeof buf, "SIG%d", sig);
	return buf;
}

/* Accepts "TERM", "SIGTERM" or a number; returns -1 if unknown. */
static UNUSED int sig_parse(const char *s)
{
	if (strncmp(s, "SIG", 3) == 0)
		s += 3;
	if (*s >= '0' && *s <= '9')
		return atoi(s);
	for (size_t i = 0; i < sizeof helper_signames / sizeof *helper_signames; i++)
		if (strcmp(helper_signames[i].name, s) == 0)
			return helper_signames[i].num;
	return -1;
}

/* How a waited-for child ended, the way a shell would report $?:
 * "exit 0", "signal SEGV". */
static UNUSED const char *wait_status(int st)
{
	static char buf[32];
	if (WIFEXITED(st))
		snprintf(buf, sizeof buf, "exit %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, sizeof buf, "signal %s", sig_name(WTERMSIG(st)));
	else
		snprintf(buf, sizeof buf, "status 0x%x", st);
	return buf;
}

/* Path arguments given on the command line: "@fault" stands for an
 * unmapped pointer, "@null" for NULL, so tests can check that bad
 * tracee pointers give EFAULT rather than crash or resolve. */
static UNUSED const char *path_arg(const char *s)
{
	if (strcmp(s, "@fault") == 0)
		return (const char *)1;
	if (strcmp(s, "@null") == 0)
		return NULL;
	return s;
}

static UNUSED __attribute__((noreturn)) void die_usage(const char *usage)
{
	fprintf(stderr, "usage: %s\n", usage);
	exit(2);
}

#endif
