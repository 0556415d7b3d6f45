/* Starting the first tracee.
 *
 * The child changes to its initial directory, installs the seccomp
 * filter, tells the parent how that went, then waits until the parent
 * has seized it before it execs.  So the exec itself is translated like
 * any other, and nothing runs untraced: PTRACE_O_EXITKILL kills every
 * tracee if burrow dies, and PR_SET_PDEATHSIG covers the moment before
 * the seize.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tracer/event.h"
#include "tracer/tracer.h"

extern char **environ;

enum { LAUNCH_FILTER_OK = 'S', LAUNCH_FILTER_NONE = 'N', LAUNCH_GO = 'G' };

static void child(struct tracer *tr, const struct launch *l, int status_fd, int go_fd)
{
	char c = LAUNCH_FILTER_NONE;
	int err;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() == 1)
		_exit(126);
	if (chdir(l->host_cwd) < 0) {
		fprintf(stderr, "burrow: -w %s: %s\n", l->guest_cwd, strerror(errno));
		_exit(126);
	}
	if (tr->use_seccomp) {
		err = seccomp_install(tr);
		if (err == 0)
			c = LAUNCH_FILTER_OK;
		else if (tr->verbose >= 1)
			fprintf(stderr, "burrow: seccomp unavailable (%s), tracing every syscall\n",
				strerror(-err));
	}
	if (write(status_fd, &c, 1) != 1 || read(go_fd, &c, 1) != 1 || c != LAUNCH_GO)
		_exit(126);
	execve(l->path, l->argv, environ);
	err = errno;
	fprintf(stderr, "burrow: %s: %s\n", l->path, strerror(err));
	_exit(err == ENOENT ? 127 : 126);
}

int tracer_launch(struct tracer *tr, const struct launch *l)
{
	const unsigned long opts = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK |
		PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC |
		PTRACE_O_TRACESECCOMP | PTRACE_O_EXITKILL;
	int status_pipe[2], go_pipe[2], status, rc = 0;
	struct tracee *t;
	char c = 0;
	pid_t pid;

	if (pipe2(status_pipe, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(go_pipe, O_CLOEXEC) < 0) {
		rc = -errno;
		close(status_pipe[0]);
		close(status_pipe[1]);
		return rc;
	}
	pid = fork();
	if (pid < 0) {
		rc = -errno;
		goto out;
	}
	if (pid == 0) {
		close(status_pipe[0]);
		close(go_pipe[1]);
		child(tr, l, status_pipe[1], go_pipe[0]);
	}
	close(status_pipe[1]);
	close(go_pipe[0]);
	status_pipe[1] = go_pipe[0] = -1;

	if (read(status_pipe[0], &c, 1) != 1) {
		/* The child died before it could tell: it said why, and
		 * its status becomes burrow's. */
		waitpid(pid, &status, 0);
		tr->main_done = true;
		tr->main_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		rc = -ECHILD;
		goto out;
	}
	tr->use_seccomp = c == LAUNCH_FILTER_OK;
	if (ptrace(PTRACE_SEIZE, pid, NULL, (void *)opts) < 0) {
		rc = -errno;
		fprintf(stderr, "burrow: cannot trace the command: %s\n", strerror(errno));
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		goto out;
	}
	tr->main_pid = pid;
	t = tracee_new(tr, pid);
	if (!t) {
		rc = -ENOMEM;
		kill(pid, SIGKILL);
		goto out;
	}
	t->tgid = pid;
	t->initial_stop_seen = true;
	t->fs = fs_info_new(l->guest_cwd, "/");
	if (!t->fs) {
		rc = -ENOMEM;
		kill(pid, SIGKILL);
		goto out;
	}
	if (!tr->use_seccomp) {
		/* Syscall stops are armed by resuming from a stop: make one. */
		if (ptrace(PTRACE_INTERRUPT, pid, NULL, NULL) < 0 ||
		    waitpid(pid, &status, __WALL) != pid ||
		    event_classify(status).kind != EV_STOP ||
		    tracer_resume(tr, t, 0) < 0) {
			rc = -ECHILD;
			kill(pid, SIGKILL);
			goto out;
		}
	}
	c = LAUNCH_GO;
	if (write(go_pipe[1], &c, 1) != 1)
		rc = -errno;
out:
	close(status_pipe[0]);
	if (go_pipe[1] >= 0)
		close(go_pipe[1]);
	return rc;
}
