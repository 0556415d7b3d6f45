/* sysraw: syscalls that need no libc wrapper, each printing its result.
 *
 *   sysraw chroot DIR [PATH...]   chroot(DIR), then stat and print each PATH
 *                                 and the cwd as getcwd(2) reports it
 *   sysraw io_uring_setup [SOCK]  io_uring_setup(1, params); then, with SOCK,
 *                                 bind an AF_UNIX socket there and print
 *                                 what getsockname(2) says: a call burrow
 *                                 must see the exit of, after an ENOSYS
 *   sysraw nr N                   syscall number N with no arguments
 *   sysraw fsconfig CMD PATH      fsconfig(-1, CMD, "source", PATH, AT_FDCWD)
 *   sysraw quotaon DEV FILE       quotactl(QCMD(Q_QUOTAON, USRQUOTA), DEV, 0, FILE)
 *   sysraw bpf_obj_get PATH       bpf(BPF_OBJ_GET, {.pathname = PATH})
 *   sysraw daemon SECONDS         fork a child that sleeps, then exit 0
 *   sysraw stay                   print pid=PID, then wait for signals
 *   sysraw bigframe PATH          stat(PATH) from deep below the touched stack
 *   sysraw storm N                fork N children at once, each execs
 *                                 /bin/exitwith 7; count those that did
 *   sysraw status FIELD           the line "FIELD:..." of /proc/self/status
 *   sysraw calls OP ARGS [OP ARGS]...
 *                                 path calls without a libc wrapper (or
 *                                 newer than libc), one line each:
 *                                 "OP ARGS: ok [DETAILS]" or "OP ARGS: ENAME"
 *                                 (sysraw calls alone lists them)
 */
#include <stdint.h>

#include "helper.h"

#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

extern char **environ;

static void report(const char *label, long rc)
{
	if (rc < 0)
		out("%s: %s", label, errname(errno));
	else
		out("%s: ok %ld", label, rc);
}

/* Path syscalls from a stack pointer far below the stack the kernel has
 * grown, as in programs with large local arrays: a 1 MiB frame that is
 * never touched, plus PAD more bytes.  Only the return address pushed
 * by each call faults a page in, so burrow's write just below the stack
 * pointer lands in an untouched page whenever the pointer sits near the
 * start of one; bigframe sweeps PAD across a page to make sure it does.
 * Stack-clash protection (Debian's default) would touch every page. */
static __attribute__((noinline, optimize("no-stack-clash-protection")))
long stat_below(const char *path, size_t pad)
{
	char big[(1 << 20) + 4096];
	struct stat st;

	__asm__ volatile("" : : "r"(big + pad) : "memory");
	return syscall(SYS_newfstatat, AT_FDCWD, path, &st, 0);
}

static __attribute__((noinline, optimize("no-stack-clash-protection")))
long stat_below_pad(const char *path, size_t pad)
{
	char *p = __builtin_alloca(pad + 16);

	__asm__ volatile("" : : "r"(p) : "memory");
	return stat_below(path, 0);
}

static int bigframe(const char *path)
{
	for (size_t pad = 0; pad < 4096 + 256; pad += 16) {
		if (stat_below_pad(path, pad) < 0) {
			out("stat from deep in the stack (pad %zu): %s", pad, errname(errno));
			return 0;
		}
	}
	out("stat from deep in the stack: ok");
	return 0;
}

/* ---- sysraw calls ------------------------------------------------- */

/* struct xattr_args and struct file_attr as of their first version
 * (Linux 6.13, 6.17), newer than the libc headers. */
struct xattr_args_v0 {
	uint64_t value;
	uint32_t size;
	uint32_t flags;
};

struct file_attr_v0 {
	uint64_t fa_xflags;
	uint32_t fa_extsize;
	uint32_t fa_nextents;
	uint32_t fa_projid;
	uint32_t fa_cowextsize;
};

typedef void call_fn(const char *label, char **a, unsigned at_flags);

static void call_setxattrat(const char *l, char **a, unsigned fl)
{
	struct xattr_args_v0 args = { (uint64_t)(uintptr_t)a[2], (uint32_t)strlen(a[2]), 0 };

	outcome(l, syscall(SYS_setxattrat, AT_FDCWD, path_arg(a[0]), fl, a[1], &args, sizeof args));
}

static void call_getxattrat(const char *l, char **a, unsigned fl)
{
	char buf[256];
	struct xattr_args_v0 args = { (uint64_t)(uintptr_t)buf, sizeof buf, 0 };
	long n = syscall(SYS_getxattrat, AT_FDCWD, path_arg(a[0]), fl, a[1], &args, sizeof args);
	char hex[2 * sizeof buf + 1] = "";

	if (n < 0) {
		out("%s: %s", l, errname(errno));
		return;
	}
	/* Binary values (security.capability) in hex. */
	for (long i = 0; i < n; i++)
		if (buf[i] < ' ' || buf[i] > '~') {
			for (long j = 0; j < n; j++)
				snprintf(hex + 2 * j, 3, "%02x", (unsigned char)buf[j]);
			out("%s: ok %s", l, hex);
			return;
		}
	out("%s: ok %.*s", l, (int)n, buf);
}

/* Only user.* names and security.capability: the other security.* ones
 * (SELinux labels) vary by host. */
static void call_listxattrat(const char *l, char **a, unsigned fl)
{
	char buf[4096], line[4096] = "";
	size_t len = 0;
	long n = syscall(SYS_listxattrat, AT_FDCWD, path_arg(a[0]), fl, buf, sizeof buf);

	if (n < 0) {
		out("%s: %s", l, errname(errno));
		return;
	}
	for (char *p = buf; p < buf + n; p += strlen(p) + 1)
		if ((strncmp(p, "user.", 5) == 0 || strcmp(p, "security.capability") == 0) &&
		    len < sizeof line)
			len += (size_t)snprintf(line + len, sizeof line - len, " %s", p);
	out("%s: ok%s", l, line);
}

static void call_removexattrat(const char *l, char **a, unsigned fl)
{
	outcome(l, syscall(SYS_removexattrat, AT_FDCWD, path_arg(a[0]), fl, a[1]));
}

static void call_file_getattr(const char *l, char **a, unsigned fl)
{
	struct file_attr_v0 fa;

	outcome(l, syscall(SYS_file_getattr, AT_FDCWD, path_arg(a[0]), &fa, sizeof fa, fl));
}

/* Sets back what file_getattr read (nothing if it failed): no change,
 * but a real set. */
static void call_file_setattr(const char *l, char **a, unsigned fl)
{
	struct file_attr_v0 fa;

	if (syscall(SYS_file_getattr, AT_FDCWD, path_arg(a[0]), &fa, sizeof fa, fl) < 0)
		memset(&fa, 0, sizeof fa);
	outcome(l, syscall(SYS_file_setattr, AT_FDCWD, path_arg(a[0]), &fa, sizeof fa, fl));
}

static void call_name_to_handle_at(const char *l, char **a, unsigned fl)
{
	struct { struct file_handle fh; unsigned char bytes[MAX_HANDLE_SZ]; } h;
	int mount_id;

	h.fh.handle_bytes = MAX_HANDLE_SZ;
	outcome(l, syscall(SYS_name_to_handle_at, AT_FDCWD, path_arg(a[0]), &h.fh, &mount_id, fl));
}

static void call_mount(const char *l, char **a, unsigned fl)
{
	(void)fl;
	outcome(l, syscall(SYS_mount, a[0], path_arg(a[1]), a[2], 0UL, NULL));
}

static void call_umount2(const char *l, char **a, unsigned fl)
{
	(void)fl;
	outcome(l, syscall(SYS_umount2, path_arg(a[0]), 0));
}

static void call_acct(const char *l, char **a, unsigned fl)
{
	(void)fl;
	outcome(l, syscall(SYS_acct, path_arg(a[0])));
}

static void call_swapon(const char *l, char **a, unsigned fl)
{
	(void)fl;
	outcome(l, syscall(SYS_swapon, path_arg(a[0]), 0));
}

static void call_swapoff(const char *l, char **a, unsigned fl)
{
	(void)fl;
	outcome(l, syscall(SYS_swapoff, path_arg(a[0])));
}

/* The optional flags word: "nofollow" (AT_SYMLINK_NOFOLLOW, for the
 * calls that follow by default) or "follow" (AT_SYMLINK_FOLLOW, for
 * name_to_handle_at). */
static const struct call {
	const char *name;
	int nargs;
	int flags;	/* takes a flags word */
	call_fn *fn;
	const char *help;
} calls[] = {
	{ "setxattrat", 3, 1, call_setxattrat, "PATH NAME VALUE [nofollow]" },
	{ "getxattrat", 2, 1, call_getxattrat, "PATH NAME [nofollow]" },
	{ "listxattrat", 1, 1, call_listxattrat, "PATH [nofollow] (user.* names)" },
	{ "removexattrat", 2, 1, call_removexattrat, "PATH NAME [nofollow]" },
	{ "file_getattr", 1, 1, call_file_getattr, "PATH [nofollow]" },
	{ "file_setattr", 1, 1, call_file_setattr, "PATH [nofollow] (sets what it reads)" },
	{ "name_to_handle_at", 1, 1, call_name_to_handle_at, "PATH [follow]" },
	{ "mount", 3, 0, call_mount, "SOURCE TARGET FSTYPE" },
	{ "umount2", 1, 0, call_umount2, "TARGET" },
	{ "acct", 1, 0, call_acct, "PATH (never a regular file: it would turn accounting on)" },
	{ "swapon", 1, 0, call_swapon, "PATH" },
	{ "swapoff", 1, 0, call_swapoff, "PATH" },
};

static int run_calls(int argc, char **argv)
{
	if (argc == 0) {
		fprintf(stderr, "usage: sysraw calls OP ARGS [OP ARGS]...\n");
		for (size_t k = 0; k < sizeof calls / sizeof *calls; k++)
			fprintf(stderr, "  %s %s\n", calls[k].name, calls[k].help);
		return 2;
	}
	for (int i = 0; i < argc;) {
		const struct call *c = NULL;
		char label[4096];
		unsigned fl = 0;
		size_t len = 0;
		int start = i;

		for (size_t k = 0; k < sizeof calls / sizeof *calls; k++)
			if (strcmp(calls[k].name, argv[i]) == 0)
				c = &calls[k];
		if (!c || i + 1 + c->nargs > argc) {
			fprintf(stderr, "sysraw calls: bad operation at '%s' (sysraw calls lists them)\n", argv[i]);
			return 2;
		}
		i += 1 + c->nargs;
		if (c->flags && i < argc && strcmp(argv[i], "nofollow") == 0) {
			fl = AT_SYMLINK_NOFOLLOW;
			i++;
		} else if (c->flags && i < argc && strcmp(argv[i], "follow") == 0) {
			fl = AT_SYMLINK_FOLLOW;
			i++;
		}
		label[0] = '\0';
		for (int k = start; k < i && len < sizeof label; k++)
			len += (size_t)snprintf(label + len, sizeof label - len, "%s%s", k > start ? " " : "", argv[k]);
		c->fn(label, &argv[start + 1], fl);
	}
	return 0;
}

/* One line of /proc/self/status ("Seccomp:\t2"), as the kernel wrote it. */
static int status_field(const char *field)
{
	static char buf[16384];
	size_t flen = strlen(field), got = 0;
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		out("open /proc/self/status: %s", errname(errno));
		return 1;
	}
	for (ssize_t n; got < sizeof buf - 1 && (n = read(fd, buf + got, sizeof buf - 1 - got)) > 0;)
		got += (size_t)n;
	close(fd);
	buf[got] = '\0';
	for (char *line = buf; *line;) {
		size_t len = strcspn(line, "\n");

		if (strncmp(line, field, flen) == 0 && line[flen] == ':') {
			out("%.*s", (int)len, line);
			return 0;
		}
		line += len + (line[len] == '\n');
	}
	out("%s: not in /proc/self/status", field);
	return 1;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "chroot") == 0) {
		char cwd[4096];
		struct stat st;

		report("chroot", syscall(SYS_chroot, argv[2]));
		for (int i = 3; i < argc; i++) {
			if (stat(argv[i], &st) < 0)
				out("stat %s: %s", argv[i], errname(errno));
			else
				out("stat %s: ok size=%lld", argv[i], (long long)st.st_size);
		}
		if (syscall(SYS_getcwd, cwd, sizeof(cwd)) < 0)
			out("getcwd: %s", errname(errno));
		else
			out("getcwd: ok %s", cwd);
		return 0;
	}
	if ((argc == 2 || argc == 3) && strcmp(argv[1], "io_uring_setup") == 0) {
		uint64_t params[15] = { 0 };	/* struct io_uring_params is 120 bytes */
		struct sockaddr_un a = { .sun_family = AF_UNIX }, got = { 0 };
		socklen_t len = sizeof(got);
		int s;

		report("io_uring_setup", syscall(SYS_io_uring_setup, 1, params));
		if (argc == 3) {
			snprintf(a.sun_path, sizeof(a.sun_path), "%s", argv[2]);
			s = socket(AF_UNIX, SOCK_STREAM, 0);
			if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) < 0 ||
			    getsockname(s, (struct sockaddr *)&got, &len) < 0)
				out("getsockname: %s", errname(errno));
			else
				out("getsockname: ok %s", got.sun_path);
		}
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "fsconfig") == 0) {
		report("fsconfig", syscall(SYS_fsconfig, -1, atoi(argv[2]), "source", argv[3], AT_FDCWD));
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "quotaon") == 0) {
		/* QCMD(Q_QUOTAON 0x800002, USRQUOTA 0), QFMT_VFS_V1 4 */
		report("quotactl", syscall(SYS_quotactl, 0x800002 << 8, argv[2], 4, argv[3]));
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "bpf_obj_get") == 0) {
		/* union bpf_attr's BPF_OBJ_* part, padded as a caller would */
		struct { uint64_t pathname; uint32_t bpf_fd, file_flags; int32_t path_fd; uint32_t pad[3]; }
			attr = { .pathname = (uintptr_t)argv[2] };

		report("bpf", syscall(SYS_bpf, 7 /* BPF_OBJ_GET */, &attr, sizeof(attr)));
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "nr") == 0) {
		long nr = strtol(argv[2], NULL, 10);

		report("syscall", syscall(nr));
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "calls") == 0)
		return run_calls(argc - 2, argv + 2);
	if (argc == 3 && strcmp(argv[1], "status") == 0)
		return status_field(argv[2]);
	if (argc == 3 && strcmp(argv[1], "bigframe") == 0)
		return bigframe(argv[2]);
	if (argc == 3 && strcmp(argv[1], "storm") == 0) {
		/* All forked before any is waited for: a burst of new
		 * tracees, each of which execs through burrow's loader. */
		long n = strtol(argv[2], NULL, 10), ok = 0, forked = 0;

		for (long i = 0; i < n; i++) {
			pid_t pid = fork();

			if (pid == 0) {
				char *av[] = { "exitwith", "7", NULL };

				execve("/bin/exitwith", av, environ);
				_exit(127);
			}
			if (pid > 0)
				forked++;
		}
		for (int st; forked > 0 && wait(&st) > 0; forked--)
			ok += WIFEXITED(st) && WEXITSTATUS(st) == 7;
		out("storm %ld: %ld exec'd and exited 7", n, ok);
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "stay") == 0) {
		out("pid=%d", (int)getpid());
		for (;;)
			pause();
	}
	if (argc == 3 && strcmp(argv[1], "daemon") == 0) {
		pid_t pid = fork();

		if (pid == 0) {
			sleep((unsigned)atoi(argv[2]));
			out("daemon: done");
			_exit(0);
		}
		out("parent: exiting");
		return 0;
	}
	fprintf(stderr, "usage: sysraw chroot DIR [PATH...] | io_uring_setup [DIR] | nr N | daemon SECONDS");
	return 2;
}
