// SPDX-License-Identifier: MIT
/* The in-guest engine's stand-in for PTRACE_O_EXITKILL: a watcher
 * process, not burrow's child, that outlives burrow and kills what is
 * left of the run once burrow is gone however it went (SIGKILL
 * included).  It knows the run's processes by the runtime's mapping at
 * the run's RT_BASE, drawn per run: after burrow's death they are
 * reparented away from it, so their parents no longer say. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tracer/launch.h"

/* Does PID map something at base?  Its maps list mappings by address,
 * one per line, starting with the address in hex. */
static bool maps_at(pid_t pid, uint64_t base)
{
	char path[64], want[32], *line = NULL;
	size_t cap = 0;
	bool found = false;
	FILE *f;
	int n;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	n = snprintf(want, sizeof(want), "%" PRIx64 "-", base);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (!found && getline(&line, &cap, f) > 0)
		found = strncmp(line, want, (size_t)n) == 0;
	free(line);
	fclose(f);
	return found;
}

/* SIGKILL every process of ours that maps the runtime at base; the
 * number killed. */
static int kill_run(uint64_t base)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	uid_t uid = getuid();
	int killed = 0;

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);
		struct stat st;

		if (*end || pid <= 1 || pid == getpid())
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, 0) < 0 || (uid != 0 && st.st_uid != uid))
			continue;
		if (maps_at((pid_t)pid, base) && kill((pid_t)pid, SIGKILL) == 0)
			killed++;
	}
	closedir(d);
	return killed;
}

static _Noreturn void watcher(int fd, uint64_t base)
{
	static const int quiet[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGTTIN, SIGTTOU,
				     SIGPIPE, SIGUSR1, SIGUSR2 };
	ssize_t n;
	char c;

	for (size_t i = 0; i < sizeof(quiet) / sizeof(quiet[0]); i++)
		signal(quiet[i], SIG_IGN);
	prctl(PR_SET_NAME, "burrow-exitkill", 0, 0, 0);
	for (int i = 0; i < 1024; i++)
		if (i != fd)
			close(i);
	/* EOF: burrow is gone.  A byte first: it saw the run end whole. */
	while ((n = read(fd, &c, 1)) < 0 && errno == EINTR)
		;
	if (n == 1)
		_exit(0);
	/* A process forking as it dies may leave a child a scan missed:
	 * again until one finds nothing. */
	for (int round = 0; round < 1000 && kill_run(base) > 0; round++)
		;
	_exit(0);
}

int guest_watch_start(uint64_t rt_base, int *fd)
{
	int p[2], status;
	pid_t pid;

	/* As a pid namespace's init, burrow's death kills the namespace,
	 * and every orphan, the watcher too, would come to it. */
	*fd = -1;
	if (getpid() == 1)
		return 0;
	/* A subreaper (set before an exec of burrow) would get it back. */
	prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	/* Twice, before burrow becomes a subreaper: the watcher is then no
	 * child of burrow's, whose wait for every descendant it would hold. */
	pid = fork();
	if (pid < 0) {
		int rc = -errno;

		close(p[0]);
		close(p[1]);
		return rc;
	}
	if (pid == 0) {
		pid_t w;

		close(p[1]);
		/* Out of the terminal's and the guest's groups before burrow
		 * goes on, so that nothing meant for them reaches the
		 * watcher. */
		setsid();
		w = fork();
		if (w == 0)
			watcher(p[0], rt_base);
		_exit(w < 0 ? 1 : 0);
	}
	close(p[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		close(p[1]);
		return -EAGAIN;
	}
	/* Open (close-on-exec: no guest holds it) until burrow exits,
	 * which is what the watcher waits for. */
	*fd = p[1];
	return 0;
}

void guest_watch_done(int fd)
{
	/* A watcher killed by hand is no reason for burrow to die of
	 * SIGPIPE as it exits. */
	if (fd < 0)
		return;
	signal(SIGPIPE, SIG_IGN);
	while (write(fd, "", 1) < 0 && errno == EINTR)
		;
}
