/* Starting the first tracee.
 *
 * The child changes to its initial directory, installs the seccomp
 * filter, tells the parent how that went, then waits until the parent
 * has seized it before it execs.  So the exec itself is translated like
 * any other, and nothing runs untraced: PTRACE_O_EXITKILL kills every
 * tracee if burrow dies, and PR_SET_PDEATHSIG covers the moment before
 * the seize.
 *
 * With the filter in place, the child first makes one trapped call
 * whose result is known, so the tracer learns how this kernel orders
 * seccomp and syscall stops before anything depends on it.
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

#include "common/autoclose.h"
#include "common/escape.h"
#include "syscalls/vptrace.h"
#include "tracer/event.h"
#include "tracer/launch.h"
#include "tracer/seccomp.h"

extern char **environ;

enum { LAUNCH_FILTER_OK = 'S', LAUNCH_FILTER_NONE = 'N', LAUNCH_GO = 'G' };

static void child(struct tracer *tr, const struct launch *l, pid_t parent, int status_fd,
		  int go_fd)
{
	char c = LAUNCH_FILTER_NONE;
	int err;

	/* burrow died before the death signal was set (burrow itself may
	 * be pid 1, in a container: compare with its pid, not with 1). */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(126);
	if (chdir(l->host_cwd) < 0) {
		err = errno;
		/* An image's WorkingDir and Entrypoint are the archive's words. */
		fprintf(stderr, "burrow: -w %s: %s\n", esc(NULL, l->guest_cwd), strerror(err));
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
	bool filtered = c == LAUNCH_FILTER_OK;

	if (write(status_fd, &c, 1) != 1 || read(go_fd, &c, 1) != 1 || c != LAUNCH_GO)
		_exit(126);
	/* Fails with ENOENT: never the -ENOSYS of an entry stop. */
	if (filtered)
		syscall(arch_host_nr(SC_faccessat), AT_FDCWD, "", F_OK);
	execve(l->path, l->argv, environ);
	err = errno;
	if (err == ENOEXEC) {
		/* As execvp: a file the kernel cannot run (no "#!") is a
		 * script for the guest's /bin/sh. */
		size_t n = 0;

		while (l->argv[n])
			n++;
		char **sh_argv = calloc(n + 2, sizeof(*sh_argv));

		if (sh_argv) {
			sh_argv[0] = "/bin/sh";
			sh_argv[1] = (char *)l->path;
			for (size_t i = 1; i < n; i++)
				sh_argv[i + 1] = l->argv[i];
			execve("/bin/sh", sh_argv, environ);
		}
	}
	fprintf(stderr, "burrow: %s: %s\n", esc(NULL, l->path), strerror(err));
	_exit(err == ENOENT ? 127 : 126);
}

/* Is pid's syscall stop an entry stop?  Only asked where the
 * result cannot be -ENOSYS, so the registers can tell when the kernel
 * cannot (before Linux 5.3). */
static int stop_is_entry_stop(struct tracer *tr, pid_t pid, bool *entry)
{
	struct arch_regs r;
	int rc;

	if (tr->use_syscall_info) {
		struct __ptrace_syscall_info info;

		if (ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof(info), &info) > 0) {
			*entry = info.op == PTRACE_SYSCALL_INFO_ENTRY;
			return 0;
		}
		tr->use_syscall_info = false;
	}
	rc = arch_regs_fetch(pid, &r);
	if (rc < 0)
		return rc;
	*entry = arch_looks_like_entry(&r);
	return 0;
}

/* Follow the child's probe call (see child()): after its seccomp stop,
 * kernels before 4.8 bring an entry stop, later ones the exit stop.
 * The tracee is left running towards its execve. */
static int learn_stop_order(struct tracer *tr, pid_t pid)
{
	enum { WANT_SECCOMP, WANT_NEXT, WANT_EXIT } want = WANT_SECCOMP;

	for (;;) {
		int status, req, sig = 0, rc;
		bool entry;
		struct event ev;

		if (waitpid(pid, &status, __WALL) != pid)
			return -errno;
		ev = event_classify(status);
		switch (ev.kind) {
		case EV_EXITED:
		case EV_KILLED:
			tr->main_done = true;
			tr->main_status = ev.kind == EV_EXITED ? ev.code : 128 + ev.sig;
			return -ECHILD;
		case EV_SECCOMP:
			if (want != WANT_SECCOMP)
				return -EPROTO;
			want = WANT_NEXT;
			break;
		case EV_SYSCALL:
			if (want == WANT_EXIT)
				return ptrace(PTRACE_CONT, pid, NULL, NULL) < 0 ? -errno : 0;
			if (want != WANT_NEXT)
				return -EPROTO;
			rc = stop_is_entry_stop(tr, pid, &entry);
			if (rc < 0)
				return rc;
			tr->order = entry ? ORDER_SECCOMP_THEN_ENTRY : ORDER_SECCOMP_THEN_EXIT;
			if (!entry)
				return ptrace(PTRACE_CONT, pid, NULL, NULL) < 0 ? -errno : 0;
			want = WANT_EXIT;
			break;
		case EV_SIGNAL:
			sig = ev.sig;
			break;
		default:
			break;
		}
		req = want == WANT_SECCOMP ? PTRACE_CONT : PTRACE_SYSCALL;
		if (ptrace(req, pid, NULL, (void *)(long)sig) < 0)
			return -errno;
	}
}

int tracer_launch(struct tracer *tr, const struct launch *l)
{
	const unsigned long opts = TRACER_PTRACE_OPTIONS;
	AUTOCLOSE_PIPE int status_pipe[2] = { -1, -1 };
	AUTOCLOSE_PIPE int go_pipe[2] = { -1, -1 };
	int status, rc = 0;
	struct tracee *t;
	char c = 0;
	pid_t pid, parent;

	if (pipe2(status_pipe, O_CLOEXEC) < 0 || pipe2(go_pipe, O_CLOEXEC) < 0)
		return -errno;
	parent = getpid();
	tr->self_pid = parent;	/* the filter lets no pid-named signal reach it */
	tr->loader_dirfd = loader_dirfd_pick();	/* before the child builds the filter */
	pid = fork();
	if (pid < 0) {
		rc = -errno;
		goto out;
	}
	if (pid == 0) {
		close(status_pipe[0]);
		close(go_pipe[1]);
		child(tr, l, parent, status_pipe[1], go_pipe[0]);
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
	/* Where the kernel put the child: a host directory bound at two
	 * guest places keeps the one -w named. */
	char *link = talloc_asprintf(t, "/proc/%d/cwd", (int)pid), *host;

	if (link && host_readlink(t, link, &host) == 0) {
		fs_info_set_cwd(t->fs, tr->binds, l->guest_cwd, host);
		talloc_free(host);
	}
	talloc_free(link);
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
	if (write(go_pipe[1], &c, 1) != 1) {
		rc = -errno;
		kill(pid, SIGKILL);
		goto out;
	}
	if (tr->use_seccomp) {
		rc = learn_stop_order(tr, pid);
		if (rc < 0 && !tr->main_done) {
			fprintf(stderr, "burrow: cannot learn the order of syscall stops: %s\n",
				strerror(-rc));
			kill(pid, SIGKILL);
		}
	}
out:
	return rc;
}
