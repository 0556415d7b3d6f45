/* sysraw: syscalls that need no libc wrapper, each printing its result.
 *
 *   sysraw chroot DIR [PATH...]   chroot(DIR), then stat and print each PATH
 *                                 and the cwd as getcwd(2) reports it
 *   sysraw io_uring_setup         io_uring_setup(1, params)
 *   sysraw nr N                   syscall number N with no arguments
 *   sysraw daemon SECONDS         fork a child that sleeps, then exit 0
 *   sysraw stay                   print pid=PID, then wait for signals
 */
#include <stdint.h>

#include "helper.h"

static void report(const char *label, long rc)
{
	if (rc < 0)
		out("%s: %s", label, errname(errno));
	else
		out("%s: ok %ld", label, rc);
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
	if (argc == 2 && strcmp(argv[1], "io_uring_setup") == 0) {
		uint64_t params[15] = { 0 };	/* struct io_uring_params is 120 bytes */

		report("io_uring_setup", syscall(SYS_io_uring_setup, 1, params));
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "nr") == 0) {
		long nr = strtol(argv[2], NULL, 10);

		report("syscall", syscall(nr));
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
	fprintf(stderr, "usage: sysraw chroot DIR [PATH...] | io_uring_setup | nr N | daemon SECONDS");
	return 2;
}
