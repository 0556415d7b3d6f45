/* execer: the ways of naming the program to execute.
 *
 *   execer execve PATH [ARG...]            execve(PATH)
 *   execer execveat DIR NAME [ARG...]      execveat(dirfd, NAME, 0);
 *                                          DIR "-" is AT_FDCWD
 *   execer nofollow PATH [ARG...]          execveat(AT_FDCWD, PATH,
 *                                          AT_SYMLINK_NOFOLLOW)
 *   execer fdexec PATH [ARG...]            open(PATH, O_PATH), then
 *                                          execveat(fd, "", AT_EMPTY_PATH)
 *   execer memfdexec PATH [ARG...]         copy PATH into a memfd and
 *                                          fexecve it (close-on-exec)
 *   execer busyexec PATH [ARG...]          execve(PATH) while holding
 *                                          PATH open for writing
 *   execer bigarg PATH                     execve(PATH) with one argument
 *                                          of 200,000 bytes (over
 *                                          MAX_ARG_STRLEN)
 *
 * argv[0] of the new program is PATH (or NAME) as given, the ARGs
 * follow.  On failure prints "execer MODE ...: ENAME" and exits 126/127
 * like a shell (ENOENT: 127, anything else: 126).
 */
#include <sys/mman.h>

#include "helper.h"

extern char **environ;

static __attribute__((noreturn)) void failed(const char *mode, const char *what)
{
	int e = errno;
	out("execer %s %s: %s", mode, what, errname(e));
	exit(e == ENOENT ? 127 : 126);
}

int main(int argc, char **argv)
{
	static const char usage[] =
		"execer execve PATH [ARG...] | execveat DIR|- NAME [ARG...] | "
		"nofollow PATH [ARG...] | fdexec PATH [ARG...] | memfdexec PATH [ARG...] | "
		"busyexec PATH [ARG...] | bigarg PATH";
	if (argc < 3)
		die_usage(usage);
	const char *mode = argv[1];

	if (strcmp(mode, "execve") == 0) {
		syscall(SYS_execve, path_arg(argv[2]), &argv[2], environ);
		failed(mode, argv[2]);
	}
	if (strcmp(mode, "execveat") == 0 && argc >= 4) {
		long dfd = AT_FDCWD;
		if (strcmp(argv[2], "-") != 0) {
			dfd = syscall(SYS_openat, AT_FDCWD, argv[2], O_PATH | O_DIRECTORY);
			if (dfd < 0)
				failed("open", argv[2]);
		}
		syscall(SYS_execveat, dfd, path_arg(argv[3]), &argv[3], environ, 0);
		failed(mode, argv[3]);
	}
	if (strcmp(mode, "nofollow") == 0) {
		syscall(SYS_execveat, AT_FDCWD, path_arg(argv[2]), &argv[2], environ,
			AT_SYMLINK_NOFOLLOW);
		failed(mode, argv[2]);
	}
	if (strcmp(mode, "fdexec") == 0) {
		long fd = syscall(SYS_openat, AT_FDCWD, argv[2], O_PATH | O_CLOEXEC);
		if (fd < 0)
			failed("open", argv[2]);
		syscall(SYS_execveat, fd, "", &argv[2], environ, AT_EMPTY_PATH);
		failed(mode, argv[2]);
	}
	if (strcmp(mode, "memfdexec") == 0) {
		char buf[65536];
		long in = syscall(SYS_openat, AT_FDCWD, argv[2], O_RDONLY | O_CLOEXEC);
		long mfd = syscall(SYS_memfd_create, "execer", MFD_CLOEXEC);
		ssize_t n;

		if (in < 0)
			failed("open", argv[2]);
		if (mfd < 0)
			failed("memfd_create", argv[2]);
		while ((n = read((int)in, buf, sizeof(buf))) > 0)
			if (write((int)mfd, buf, (size_t)n) != n)
				failed("write", argv[2]);
		close((int)in);
		syscall(SYS_execveat, mfd, "", &argv[2], environ, AT_EMPTY_PATH);
		failed(mode, argv[2]);
	}
	if (strcmp(mode, "busyexec") == 0) {
		/* Kept open across the exec attempt: the kernel refuses. */
		if (syscall(SYS_openat, AT_FDCWD, path_arg(argv[2]), O_WRONLY | O_CLOEXEC) < 0)
			failed("open for writing", argv[2]);
		syscall(SYS_execve, path_arg(argv[2]), &argv[2], environ);
		failed(mode, argv[2]);
	}
	if (strcmp(mode, "bigarg") == 0) {
		static char big[200001];
		char *args[] = { argv[2], big, NULL };

		memset(big, 'x', sizeof(big) - 1);
		syscall(SYS_execve, path_arg(argv[2]), args, environ);
		failed(mode, argv[2]);
	}
	die_usage(usage);
}
