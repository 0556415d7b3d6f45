/* A guest chroot and the processes it reaches (t_engine_guest_chroot):
 *
 *   chrootkid fork DIR PATH    chroot(DIR), then a fork child stats PATH,
 *                              then the parent does
 *   chrootkid vfork DIR PATH   a vfork child chroots to DIR and stats
 *                              PATH, then _exit; then the parent stats
 *                              PATH (the child's root is not its own)
 */
#include <sys/wait.h>

#include "helper.h"

static int stat_errno(const char *path)
{
	struct stat st;

	return stat(path, &st) < 0 ? errno : 0;
}

static const char *result(int e)
{
	return e ? errname(e) : "ok";
}

int main(int argc, char **argv)
{
	static volatile int child_chroot, child_stat;
	const char *dir, *path;
	pid_t pid;
	int st;

	if (argc != 4 || (strcmp(argv[1], "fork") != 0 && strcmp(argv[1], "vfork") != 0)) {
		fprintf(stderr, "usage: chrootkid fork|vfork DIR PATH\n");
		return 2;
	}
	dir = argv[2];
	path = argv[3];
	if (strcmp(argv[1], "fork") == 0) {
		out("chroot %s: %s", dir, result(chroot(dir) < 0 ? errno : 0));
		pid = fork();
		if (pid == 0) {
			out("child stat %s: %s", path, result(stat_errno(path)));
			_exit(0);
		}
	} else {
		pid = vfork();
		if (pid == 0) {
			/* Only calls and stores to the parent's memory: no stdio. */
			child_chroot = chroot(dir) < 0 ? errno : 0;
			child_stat = stat_errno(path);
			_exit(0);
		}
	}
	if (pid < 0) {
		out("%s: %s", argv[1], errname(errno));
		return 1;
	}
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		out("%s: child failed", argv[1]);
		return 1;
	}
	if (strcmp(argv[1], "vfork") == 0) {
		out("child chroot %s: %s", dir, result(child_chroot));
		out("child stat %s: %s", path, result(child_stat));
	}
	out("parent stat %s: %s", path, result(stat_errno(path)));
	return 0;
}
