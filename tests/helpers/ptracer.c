/* ptracer: a small tracer of its own child, printing what ptrace and the
 * waits report, the same natively and under a tracer that emulates
 * ptrace (burrow is the real tracer of every guest process).
 *
 *   ptracer traceme      the child: TRACEME, SIGSTOP; the parent: wait,
 *                        GETSIGINFO, PEEKDATA and POKEDATA of a global,
 *                        CONT, the exit (7), then ECHILD
 *   ptracer wait-first   the parent sleeps in wait4(child, 0) before the
 *                        child's TRACEME
 *   ptracer wait-first-tracing  the same while it traces another child
 *                        already (its waits are burrow's to answer then),
 *                        SIGCHLD blocked
 *   ptracer wnohang      WNOHANG while the tracee runs (0), then until it
 *                        stops
 *   ptracer waitid       waitid with WNOWAIT (twice the same stop), then
 *                        without, then the exit
 *   ptracer regs         GETREGSET NT_PRSTATUS (its size), SETREGSET of
 *                        the same, PTRACE_GETREGS (x86_64 only: EIO
 *                        elsewhere), a request for a pid it does not trace
 *   ptracer kill         PTRACE_KILL of the stopped tracee
 *   ptracer detach       POKEDATA, then PTRACE_DETACH: the child runs on
 *                        untraced (exit 7)
 *   ptracer exitkill     a middle process traces the child with
 *                        PTRACE_O_EXITKILL and exits: the child dies of
 *                        SIGKILL (reaped here, a subreaper)
 *   ptracer attach       ATTACH to a grandchild whose parent is another
 *                        process: its SIGSTOP (siginfo), POKEDATA, CONT;
 *                        its exit reaches this tracer's wait (the tracer
 *                        has no child it could wait for: the wait must
 *                        sleep), then its parent's
 *   ptracer seize        the same with SEIZE: no SIGSTOP, the grandchild
 *                        stops at a signal of its own; bad SEIZEs give EIO
 *   ptracer sigchld      the SIGCHLD siginfo a tracer gets for its
 *                        tracee's stop and exit (sigsuspend, SA_SIGINFO)
 *   ptracer eintr        a signal whose handler lacks SA_RESTART ends the
 *                        tracer's wait with EINTR; the next wait works
 *   ptracer syscalls     PTRACE_SYSCALL with TRACESYSGOOD over the child's
 *                        openat: the path at entry and exit is the one it
 *                        wrote, its register unchanged at exit
 *   ptracer syscall-info PTRACE_GET_SYSCALL_INFO at a signal stop and at
 *                        the entry and exit of a failing chdir (sizes,
 *                        short buffers, is_error), as strace checks it
 *   ptracer inject       getpid skipped at its entry (number -1) and
 *                        4242 set as its result at the exit, as strace
 *                        --inject does: the child exits 42 if it saw it
 *   ptracer cont-restore PTRACE_CONT from the entry stop of an openat that
 *                        blocks (a FIFO) until a signal: at the signal's
 *                        stop the path register is still the guest's
 *   ptracer listen       SEIZE of a child, INTERRUPT (EVENT_STOP), a
 *                        group-stop as EVENT_STOP, LISTEN, the SIGCONT
 *                        re-trap and delivery, INTERRUPT again, DETACH
 *   ptracer fork-events  TRACEFORK, TRACEVFORK, TRACEVFORKDONE and
 *                        TRACEEXIT: the children are traced from their
 *                        first stop; their exits reach this tracer
 *   ptracer clone        TRACECLONE of a thread (pthread_create): its
 *                        SIGSTOP, its exit event and its death
 *   ptracer exec         the child execs /bin/exitwith: the legacy
 *                        SIGTRAP (siginfo, registers: pc at the entry
 *                        that /proc/PID/auxv names, sp at argc), the
 *                        EXEC event between the execve's entry and exit
 *                        stops (TRACEEXEC), the SIGTRAP after the exit
 *                        stop (without), nothing for a seized tracee
 *   ptracer exec-mem     after the child's exec of /bin/exitwith (the
 *                        legacy SIGTRAP), what gdb relies on to break at
 *                        the program: the pc is AT_ENTRY, PEEKTEXT there
 *                        works, AT_PHDR holds the file's program headers,
 *                        and its text is written through /proc/PID/mem
 *                        (a forced write: the mapping is read-only), seen
 *                        by PEEKTEXT, and written back through
 *                        /proc/PID/task/TID/mem; then it exits 5
 *   ptracer thread-exec  a thread that is not the leader execs
 *                        (TRACECLONE, TRACEEXEC): the EXEC event comes
 *                        from the leader's pid, its message the thread's
 *   ptracer step         PTRACE_SINGLESTEP through an openat of a file
 *                        only the guest has, to the exit: every stop a
 *                        SIGTRAP, the call translated
 *   ptracer seccomp      TRACESECCOMP: the child installs two filters
 *                        (seccomp(), then prctl) that trace getppid
 *                        (both: the newest's data), openat (the path is
 *                        the guest's at the stop) and fail getuid with
 *                        EPERM (no stop); getppid is skipped at its stop
 *                        with 4242; a forked grandchild, untraced, gets
 *                        ENOSYS from the inherited filter, and so does an
 *                        untraced thread, from the first filter's TSYNC.
 *                        The child's exit status says what it saw (63:
 *                        all of it)
 *   ptracer seccomp-syscall  the same under PTRACE_SYSCALL: entry,
 *                        seccomp and exit stops in the kernel's order
 *   ptracer seccomp-exec an untraced child whose filter traces openat
 *                        (ENOSYS without a tracer) execs exitwith 5: the
 *                        exec itself opens nothing of the guest's
 *   ptracer sigtimedwait SIGCHLD blocked, its disposition the default:
 *                        the first child's stop leaves it pending; the
 *                        tracer then sleeps in sigwait before a second
 *                        child's TRACEME and still hears of its stop
 *   ptracer refused      requests burrow does not emulate (SYSEMU, twice
 *                        SECCOMP_GET_FILTER) at a SIGSTOP stop, their
 *                        results not shown (the kernel's differ), then
 *                        KILL: --report names them
 */
#include "helper.h"

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>

#include <elf.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <sys/prctl.h>
#include <stddef.h>
#include <sys/auxv.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>

static volatile long global = 0x1234;

static const char *signame(int sig)
{
	switch (sig) {
	case SIGSTOP: return "SIGSTOP";
	case SIGTRAP: return "SIGTRAP";
	case SIGCHLD: return "SIGCHLD";
	case SIGKILL: return "SIGKILL";
	case SIGUSR1: return "SIGUSR1";
	case SIGCONT: return "SIGCONT";
	}
	return "other";
}

static void describe(const char *label, long r, const int *stp)
{
	int st = *stp;

	if (r < 0)
		out("%s: %s", label, errname(errno));
	else if (r == 0)
		out("%s: 0", label);
	else if (WIFSTOPPED(st))
		out("%s: stopped %s", label, signame(WSTOPSIG(st)));
	else if (WIFEXITED(st))
		out("%s: exited %d", label, WEXITSTATUS(st));
	else
		out("%s: killed %s", label, signame(WTERMSIG(st)));
}

static long wait4_(pid_t pid, int *st, int options)
{
	return syscall(SYS_wait4, pid, st, options, NULL);
}

/* The child: traced by its parent, stops, then tells what the parent
 * poked: exits 7 when the parent's POKEDATA arrived, 8 otherwise.
 * With pipes, it says when it is traced and waits for a byte. */
static void child(int go_fd, int ready_fd, int wait_first)
{
	char c;

	if (wait_first) {
		/* wait-first: let the parent go to sleep in its wait. */
		char path[64], buf[256];
		for (int i = 0; i < 100000; i++) {
			snprintf(path, sizeof path, "/proc/%d/stat", (int)getppid());
			int fd = open(path, O_RDONLY);
			if (fd < 0)
				break;
			ssize_t n = read(fd, buf, sizeof buf - 1);
			close(fd);
			buf[n > 0 ? n : 0] = 0;
			char *p = strrchr(buf, ')');
			if (p && p[1] == ' ' && p[2] == 'S')
				break;
			sched_yield();
		}
	}
	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0) {
		out("child: traceme %s", errname(errno));
		_exit(1);
	}
	if (ready_fd >= 0 && write(ready_fd, "r", 1) != 1)
		_exit(1);
	if (go_fd >= 0 && read(go_fd, &c, 1) != 1)
		_exit(1);
	raise(SIGSTOP);
	/* No output of its own: it would race with the parent's. */
	_exit(global == 0x5678 ? 7 : 8);
}

static void after_stop(pid_t pid)
{
	siginfo_t si;
	long word;

	if (ptrace(PTRACE_GETSIGINFO, pid, NULL, &si) < 0)
		out("getsiginfo: %s", errname(errno));
	else
		out("getsiginfo: ok %s code=%d", signame(si.si_signo), si.si_code);
	errno = 0;
	word = ptrace(PTRACE_PEEKDATA, pid, (void *)&global, NULL);
	if (errno)
		out("peekdata: %s", errname(errno));
	else
		out("peekdata: ok %#lx", word);
	outcome("pokedata", ptrace(PTRACE_POKEDATA, pid, (void *)&global, (void *)0x5678L));
	outcome("cont", ptrace(PTRACE_CONT, pid, NULL, NULL));
}

static int run_traceme(int wait_first)
{
	int st = 0;
	pid_t pid = fork();

	if (pid == 0)
		child(-1, -1, wait_first);
	describe("wait", wait4_(pid, &st, 0), &st);
	after_stop(pid);
	describe("wait", wait4_(pid, &st, 0), &st);
	describe("wait again", wait4_(pid, &st, 0), &st);
	return 0;
}

static int run_wait_first_tracing(void)
{
	sigset_t chld;
	int st = 0;
	pid_t first, second;

	/* As gdb: no SIGCHLD interrupts the wait. */
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	first = fork();
	if (first == 0)
		child(-1, -1, 0);
	describe("first", wait4_(first, &st, 0), &st);
	second = fork();
	if (second == 0)
		child(-1, -1, 1);
	describe("second", wait4_(second, &st, 0), &st);
	after_stop(second);
	describe("second", wait4_(second, &st, 0), &st);
	after_stop(first);
	describe("first", wait4_(first, &st, 0), &st);
	return 0;
}

static int run_wnohang(void)
{
	int go[2], ready[2], st = 0;
	long r;
	char c;

	if (pipe(go) < 0 || pipe(ready) < 0)
		return 1;
	pid_t pid = fork();
	if (pid == 0)
		child(go[0], ready[1], 0);
	close(ready[1]);
	close(go[0]);
	/* EOF: the child could not TRACEME (it said why). */
	if (read(ready[0], &c, 1) != 1)
		return 1;
	describe("wnohang running", wait4_(pid, &st, WNOHANG), &st);
	describe("wnohang other pid", wait4_(pid + 100000, &st, WNOHANG), &st);
	if (write(go[1], "g", 1) != 1)
		return 1;
	while ((r = wait4_(pid, &st, WNOHANG | __WALL)) == 0)
		sched_yield();
	describe("wnohang stopped", r, &st);
	describe("wnohang consumed", wait4_(pid, &st, WNOHANG), &st);
	after_stop(pid);
	describe("wait", wait4_(pid, &st, 0), &st);
	return 0;
}

static void describe_id(const char *label, long r, const siginfo_t *si, pid_t pid)
{
	const char *code = si->si_code == CLD_TRAPPED ? "CLD_TRAPPED"
		: si->si_code == CLD_EXITED ? "CLD_EXITED" : si->si_code == 0 ? "0" : "other";

	if (r < 0)
		out("%s: %s", label, errname(errno));
	else
		out("%s: ok signo=%s code=%s status=%d pid=%s", label,
		    si->si_signo ? signame(si->si_signo) : "0", code, si->si_status,
		    si->si_pid == pid ? "child" : si->si_pid ? "other" : "0");
}

static int run_waitid(void)
{
	siginfo_t si;
	pid_t pid = fork();
	long r;

	if (pid == 0)
		child(-1, -1, 0);
	memset(&si, 0, sizeof si);
	r = syscall(SYS_waitid, P_PID, pid, &si, WSTOPPED | WEXITED | WNOWAIT, NULL);
	describe_id("waitid nowait", r, &si, pid);
	memset(&si, 0, sizeof si);
	r = syscall(SYS_waitid, P_ALL, 0, &si, WEXITED | WNOWAIT, NULL);
	describe_id("waitid nowait again", r, &si, pid);
	memset(&si, 0xff, sizeof si);
	r = syscall(SYS_waitid, P_PID, pid, &si, WEXITED, NULL);
	describe_id("waitid", r, &si, pid);
	memset(&si, 0xff, sizeof si);
	r = syscall(SYS_waitid, P_PID, pid, &si, WEXITED | WNOHANG, NULL);
	describe_id("waitid wnohang consumed", r, &si, pid);
	after_stop(pid);
	memset(&si, 0, sizeof si);
	r = syscall(SYS_waitid, P_PID, pid, &si, WEXITED, NULL);
	describe_id("waitid exit", r, &si, pid);
	return 0;
}

static int run_regs(void)
{
	unsigned char buf[1024];
	struct iovec iov = { buf, sizeof buf };
	int st = 0;
	pid_t pid = fork();

	if (pid == 0)
		child(-1, -1, 0);
	describe("wait", wait4_(pid, &st, 0), &st);
	if (ptrace(PTRACE_GETREGSET, pid, (void *)NT_PRSTATUS, &iov) < 0)
		out("getregset: %s", errname(errno));
	else
		out("getregset: ok len=%zu", iov.iov_len);
	outcome("setregset", ptrace(PTRACE_SETREGSET, pid, (void *)NT_PRSTATUS, &iov));
	/* 12: PTRACE_GETREGS on x86_64; no such request on arm64. */
	outcome("getregs", syscall(SYS_ptrace, 12, pid, NULL, buf));
	outcome("cont of a pid not traced", ptrace(PTRACE_CONT, getpid(), NULL, NULL));
	outcome("setoptions bad", ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)0x80000000L));
	outcome("cont", ptrace(PTRACE_CONT, pid, NULL, NULL));
	describe("wait", wait4_(pid, &st, 0), &st);
	return 0;
}

static int run_kill(void)
{
	int st = 0;
	pid_t pid = fork();

	if (pid == 0)
		child(-1, -1, 0);
	describe("wait", wait4_(pid, &st, 0), &st);
	outcome("kill", ptrace(PTRACE_KILL, pid, NULL, NULL));
	describe("wait", wait4_(pid, &st, 0), &st);
	describe("wait again", wait4_(pid, &st, 0), &st);
	return 0;
}

static int run_refused(void)
{
	int st = 0;
	pid_t pid = fork();

	if (pid == 0)
		child(-1, -1, 0);
	describe("wait", wait4_(pid, &st, 0), &st);
	/* SYSEMU (31, x86 and arm64): natively it resumes the child. */
	ptrace(31, pid, NULL, NULL);
	ptrace(0x420c, pid, NULL, NULL);
	ptrace(0x420c, pid, (void *)1, NULL);
	outcome("kill", ptrace(PTRACE_KILL, pid, NULL, NULL));
	describe("wait", wait4_(pid, &st, 0), &st);
	return 0;
}

static int run_detach(void)
{
	int st = 0;
	pid_t pid = fork();

	if (pid == 0)
		child(-1, -1, 0);
	describe("wait", wait4_(pid, &st, 0), &st);
	outcome("pokedata", ptrace(PTRACE_POKEDATA, pid, (void *)&global, (void *)0x5678L));
	outcome("detach", ptrace(PTRACE_DETACH, pid, NULL, NULL));
	outcome("cont after detach", ptrace(PTRACE_CONT, pid, NULL, NULL));
	describe("wait", wait4_(pid, &st, 0), &st);
	return 0;
}

static int run_exitkill(void)
{
	int st = 0, pipefd[2];
	pid_t middle, pid;

	if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0 || pipe(pipefd) < 0)
		return 1;
	middle = fork();
	if (middle == 0) {
		close(pipefd[0]);
		pid = fork();
		if (pid == 0)
			child(-1, -1, 0);
		describe("middle: wait", wait4_(pid, &st, 0), &st);
		outcome("middle: setoptions exitkill",
			ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)PTRACE_O_EXITKILL));
		if (write(pipefd[1], &pid, sizeof pid) != sizeof pid)
			_exit(1);
		_exit(0);
	}
	close(pipefd[1]);
	if (read(pipefd[0], &pid, sizeof pid) != sizeof pid)
		return 1;
	describe("middle", wait4_(middle, &st, 0), &st);
	describe("orphan", wait4_(pid, &st, 0), &st);
	return 0;
}

/* This process forks a middle one, which forks the target and waits for
 * it; the target says its pid, waits for a byte, then raises SIGUSR1
 * (seize) or not, and exits 7 or 8 as child() does. */
static int run_attach(int seize)
{
	int pidp[2], go[2], seen[2], st = 0;
	pid_t middle, pid;
	siginfo_t si;
	long r;
	char c;

	if (pipe(pidp) < 0 || pipe(go) < 0 || pipe2(seen, O_NONBLOCK) < 0)
		return 1;
	middle = fork();
	if (middle == 0) {
		close(go[1]);
		pid = fork();
		if (pid == 0) {
			pid = getpid();
			if (write(pidp[1], &pid, sizeof pid) != sizeof pid ||
			    read(go[0], &c, 1) != 1)
				_exit(1);
			if (seize)
				raise(SIGUSR1);
			_exit(global == 0x5678 ? 7 : 8);
		}
		r = wait4_(pid, &st, 0);
		/* The parent learns the exit too, only after the tracer's
		 * wait took it (40 + status; 30 + status if before). */
		if (r != pid || !WIFEXITED(st))
			_exit(1);
		_exit((read(seen[0], &c, 1) == 1 ? 40 : 30) + WEXITSTATUS(st));
	}
	close(go[0]);
	if (read(pidp[0], &pid, sizeof pid) != sizeof pid)
		return 1;
	if (seize) {
		outcome("seize with addr", ptrace(PTRACE_SEIZE, pid, (void *)1L, NULL));
		outcome("seize bad options", ptrace(PTRACE_SEIZE, pid, NULL, (void *)0x80000000L));
		outcome("seize", ptrace(PTRACE_SEIZE, pid, NULL, NULL));
		outcome("seize again", ptrace(PTRACE_SEIZE, pid, NULL, NULL));
		outcome("peek while running", ptrace(PTRACE_PEEKDATA, pid, (void *)&global, NULL));
		describe("wnohang", wait4_(pid, &st, WNOHANG), &st);
		if (write(go[1], "g", 1) != 1)
			return 1;
	} else {
		outcome("attach", ptrace(PTRACE_ATTACH, pid, NULL, NULL));
		outcome("attach again", ptrace(PTRACE_ATTACH, pid, NULL, NULL));
		outcome("attach self", ptrace(PTRACE_ATTACH, getpid(), NULL, NULL));
	}
	describe("wait", wait4_(pid, &st, 0), &st);
	if (ptrace(PTRACE_GETSIGINFO, pid, NULL, &si) < 0)
		out("getsiginfo: %s", errname(errno));
	else
		out("getsiginfo: ok %s code=%d", signame(si.si_signo), si.si_code);
	outcome("pokedata", ptrace(PTRACE_POKEDATA, pid, (void *)&global, (void *)0x5678L));
	outcome("cont", ptrace(PTRACE_CONT, pid, NULL, NULL));
	if (!seize && write(go[1], "g", 1) != 1)
		return 1;
	memset(&si, 0, sizeof si);
	r = syscall(SYS_waitid, P_PID, pid, &si, WEXITED | WNOWAIT, NULL);
	describe_id("waitid nowait", r, &si, pid);
	if (write(seen[1], "s", 1) != 1)
		return 1;
	describe("wait", wait4_(pid, &st, 0), &st);
	describe("wait again", wait4_(pid, &st, __WALL | WNOHANG), &st);
	describe("middle", wait4_(middle, &st, 0), &st);
	return 0;
}

static void on_usr2(int sig)
{
	(void)sig;
}

static int run_eintr(void)
{
	struct sigaction sa;
	sigset_t usr2;
	int go[2], st = 0;
	pid_t pid;
	char c;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr2;	/* no SA_RESTART */
	sigaction(SIGUSR2, &sa, NULL);
	if (pipe(go) < 0)
		return 1;
	pid = fork();
	if (pid == 0) {
		struct pollfd p = { .fd = go[0], .events = POLLIN };

		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
			_exit(1);
		/* Again and again: one that comes before the parent's
		 * wait only runs its handler. */
		do
			kill(getppid(), SIGUSR2);
		while (poll(&p, 1, 1) == 0);
		if (read(go[0], &c, 1) != 1)
			_exit(1);
		raise(SIGSTOP);
		_exit(global == 0x5678 ? 7 : 8);
	}
	describe("wait", wait4_(pid, &st, 0), &st);
	/* The ones still on their way must not end the next wait. */
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	sigprocmask(SIG_BLOCK, &usr2, NULL);
	if (write(go[1], "g", 1) != 1)
		return 1;
	describe("wait", wait4_(pid, &st, 0), &st);
	outcome("cont", ptrace(PTRACE_CONT, pid, NULL, NULL));
	describe("wait", wait4_(pid, &st, 0), &st);
	return 0;
}

static volatile sig_atomic_t chld_code, chld_status, chld_from_child;
static pid_t chld_expect;

static void on_chld(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	(void)ctx;
	chld_code = si->si_code;
	chld_status = si->si_status;
	chld_from_child = si->si_pid == chld_expect;
}

static void await_chld(const char *label)
{
	sigset_t none;

	sigemptyset(&none);
	chld_code = -1;
	while (chld_code == -1)
		sigsuspend(&none);
	out("%s: %s status=%d from=%s", label, chld_code == CLD_TRAPPED ? "CLD_TRAPPED"
	    : chld_code == CLD_EXITED ? "CLD_EXITED" : "other", (int)chld_status,
	    chld_from_child ? "child" : "other");
}

static int run_sigchld(void)
{
	struct sigaction sa;
	sigset_t block;
	int st = 0;
	pid_t pid;

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_chld;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, NULL);
	pid = fork();
	if (pid == 0)
		child(-1, -1, 0);
	chld_expect = pid;
	await_chld("sigchld");
	describe("wait", wait4_(pid, &st, 0), &st);
	outcome("cont", ptrace(PTRACE_CONT, pid, NULL, NULL));
	await_chld("sigchld");
	describe("wait", wait4_(pid, &st, 0), &st);
	return 0;
}

/* Only the signal: burrow's SIGCHLD carries its CLD_* siginfo to a
 * delivery stop, not to sigtimedwait. */
static void timedwait_chld(const char *label)
{
	sigset_t set;
	int sig = 0;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	if (sigwait(&set, &sig) != 0)
		out("%s: failed", label);
	else
		out("%s: %s", label, signame(sig));
}

static int run_sigtimedwait(void)
{
	sigset_t block;
	int st = 0;
	pid_t a, b;

	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, NULL);
	a = fork();
	if (a == 0)
		child(-1, -1, 0);
	describe("wait a", wait4_(a, &st, 0), &st);
	/* Blocked: the stop's SIGCHLD is pending. */
	timedwait_chld("pending");
	b = fork();
	if (b == 0)
		child(-1, -1, 1);
	/* b stops while this sleeps in sigtimedwait (rt_sigtimedwait). */
	timedwait_chld("sigwait");
	describe("wait b", wait4_(b, &st, 0), &st);
	outcome("cont b", ptrace(PTRACE_CONT, b, NULL, NULL));
	describe("wait b", wait4_(b, &st, 0), &st);
	outcome("cont a", ptrace(PTRACE_CONT, a, NULL, NULL));
	describe("wait a", wait4_(a, &st, 0), &st);
	return 0;
}

/* ---- syscall stops ---- */

static const char sc_path[] = "/etc/hostname";
static const char sc_bad[] = "/nonexistent-ptracer";

/* The child of the syscall modes: traced, stopped, then its calls. */
static void sc_child(const char *what)
{
	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
		_exit(1);
	raise(SIGSTOP);
	if (strcmp(what, "syscalls") == 0) {
		long fd = syscall(SYS_openat, AT_FDCWD, sc_path, O_RDONLY);
		_exit(fd >= 0 ? 0 : 3);
	}
	if (strcmp(what, "syscall-info") == 0) {
		syscall(SYS_chdir, sc_bad);
		_exit(0);
	}
	_exit(syscall(SYS_getpid) == 4242 ? 42 : 43);
}

/* The string the tracee has at addr (PEEKDATA), at most 63 bytes. */
static void peek_string(pid_t pid, unsigned long addr, char *buf, size_t size)
{
	size_t n = 0;

	while (n + sizeof(long) < size) {
		long w;

		errno = 0;
		w = ptrace(PTRACE_PEEKDATA, pid, (void *)(addr + n), NULL);
		if (errno)
			break;
		memcpy(buf + n, &w, sizeof(w));
		if (memchr(&w, 0, sizeof(w)))
			return;
		n += sizeof(w);
	}
	buf[n] = 0;
}

/* Which word of the NT_PRSTATUS regset holds value, or -1. */
static int regset_index(pid_t pid, unsigned long value, unsigned long *words, size_t nwords)
{
	struct iovec iov = { words, nwords * sizeof(*words) };

	if (ptrace(PTRACE_GETREGSET, pid, (void *)NT_PRSTATUS, &iov) < 0)
		return -1;
	for (size_t i = 0; i < iov.iov_len / sizeof(*words); i++)
		if (words[i] == value)
			return (int)i;
	return -1;
}

/* strace --inject's skip: number -1 (arm64: NT_ARM_SYSTEM_CALL; x86_64:
 * orig_rax, word 15 of user_regs_struct); which one worked is kept for
 * setting the result (x0, word 0; rax, word 10). */
static int skip_call(pid_t pid, int *result_word)
{
	int nr = -1;
	struct iovec iov = { &nr, sizeof(nr) };

	if (ptrace(PTRACE_SETREGSET, pid, (void *)0x404, &iov) == 0) {
		*result_word = 0;
		return 0;
	}
	*result_word = 10;
	return (int)ptrace(PTRACE_POKEUSER, pid, (void *)(15 * sizeof(long)), (void *)-1L);
}

static int set_result(pid_t pid, int word, long value)
{
	unsigned long words[64];
	struct iovec iov = { words, sizeof(words) };

	if (ptrace(PTRACE_GETREGSET, pid, (void *)NT_PRSTATUS, &iov) < 0)
		return -1;
	words[word] = (unsigned long)value;
	return (int)ptrace(PTRACE_SETREGSET, pid, (void *)NT_PRSTATUS, &iov);
}

static int run_syscalls(const char *what)
{
	struct __ptrace_syscall_info info;
	unsigned long words[64];
	int st = 0, expect_op = PTRACE_SYSCALL_INFO_ENTRY, path_word = -1, result_word = 0;
	unsigned long path_ptr = 0;
	bool alternate = true, ours = false;
	pid_t pid = fork();

	if (pid == 0)
		sc_child(what);
	describe("wait", wait4_(pid, &st, 0), &st);
	if (strcmp(what, "syscall-info") == 0) {
		long n = ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof(info), &info);
		out("info at signal stop: %ld op=%d", n, n > 0 ? info.op : -1);
	}
	outcome("setoptions sysgood", ptrace(PTRACE_SETOPTIONS, pid, NULL,
					     (void *)PTRACE_O_TRACESYSGOOD));
	for (;;) {
		long n;

		if (ptrace(PTRACE_SYSCALL, pid, NULL, NULL) < 0) {
			out("syscall: %s", errname(errno));
			break;
		}
		if (wait4_(pid, &st, 0) < 0 || !WIFSTOPPED(st))
			break;
		if (WSTOPSIG(st) != (SIGTRAP | 0x80)) {
			out("stop: %s", signame(WSTOPSIG(st)));
			continue;
		}
		memset(&info, 0, sizeof(info));
		n = ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof(info), &info);
		if (n < 0) {
			out("get_syscall_info: %s", errname(errno));
			continue;
		}
		if (info.op != expect_op)
			alternate = false;
		expect_op = info.op == PTRACE_SYSCALL_INFO_ENTRY ? PTRACE_SYSCALL_INFO_EXIT
			: PTRACE_SYSCALL_INFO_ENTRY;
		if (info.op == PTRACE_SYSCALL_INFO_ENTRY) {
			char path[64] = "";

			ours = false;
			if (strcmp(what, "syscalls") == 0 && info.entry.nr == SYS_openat) {
				peek_string(pid, info.entry.args[1], path, sizeof(path));
				ours = strcmp(path, sc_path) == 0;
				if (ours) {
					path_ptr = info.entry.args[1];
					path_word = regset_index(pid, path_ptr, words, 64);
					out("entry: openat %s", path);
				}
			} else if (strcmp(what, "syscall-info") == 0 && info.entry.nr == SYS_chdir) {
				struct __ptrace_syscall_info small;

				ours = true;
				out("entry: size %ld chdir arg0 %s", n,
				    info.entry.args[0] == (unsigned long)sc_bad ? "as written" : "changed");
				memset(&small, 0xff, sizeof(small));
				n = ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)1, &small);
				out("entry with 1 byte: %ld op=%d arch untouched=%d", n, small.op,
				    small.arch == 0xffffffffu);
			} else if (strcmp(what, "inject") == 0 && info.entry.nr == SYS_getpid) {
				ours = true;
				outcome("entry: getpid skipped", skip_call(pid, &result_word));
			}
			continue;
		}
		if (!ours)
			continue;
		ours = false;
		if (strcmp(what, "syscalls") == 0) {
			char path[64] = "";

			peek_string(pid, path_ptr, path, sizeof(path));
			out("exit: openat %s -> %s, path register %s", path,
			    info.exit.is_error ? errname((int)-info.exit.rval) : "fd",
			    path_word >= 0 && regset_index(pid, path_ptr, words, 64) == path_word
			    ? "kept" : "changed");
		} else if (strcmp(what, "syscall-info") == 0) {
			out("exit: size %ld is_error %d rval %s", n, info.exit.is_error,
			    info.exit.rval < 0 ? errname((int)-info.exit.rval) : "ok");
		} else {
			/* Not -ENOSYS on arm64: x0 keeps what it held. */
			out("exit: getpid %s, set 4242: %s",
			    info.exit.rval == pid ? "ran" : "skipped",
			    set_result(pid, result_word, 4242) == 0 ? "ok" : errname(errno));
		}
	}
	out("entry and exit alternate: %s", alternate ? "yes" : "no");
	describe("wait", WIFSTOPPED(st) ? -1 : pid, &st);
	return 0;
}

/* The tracee continues (CONT) from its openat's entry stop; the stop of
 * the signal that ends the call shows the registers it left. */
static int run_cont_restore(void)
{
	static char fifo[64];
	struct __ptrace_syscall_info info;
	unsigned long words[64];
	int st = 0, path_word = -1;
	pid_t pid;

	snprintf(fifo, sizeof fifo, "/tmp/ptracer-fifo-%d", (int)getpid());
	if (mkfifo(fifo, 0600) < 0) {
		out("mkfifo: %s", errname(errno));
		return 1;
	}
	pid = fork();
	if (pid == 0) {
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
			_exit(1);
		raise(SIGSTOP);
		/* No writer: blocks until the signal. */
		syscall(SYS_openat, AT_FDCWD, fifo, O_RDONLY);
		_exit(0);
	}
	describe("wait", wait4_(pid, &st, 0), &st);
	outcome("setoptions sysgood", ptrace(PTRACE_SETOPTIONS, pid, NULL,
					     (void *)PTRACE_O_TRACESYSGOOD));
	for (;;) {
		if (ptrace(PTRACE_SYSCALL, pid, NULL, NULL) < 0 || wait4_(pid, &st, 0) < 0 ||
		    !WIFSTOPPED(st))
			break;
		if (WSTOPSIG(st) == (SIGTRAP | 0x80) &&
		    ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof(info), &info) > 0 &&
		    info.op == PTRACE_SYSCALL_INFO_ENTRY && info.entry.nr == SYS_openat &&
		    info.entry.args[1] == (unsigned long)fifo) {
			path_word = regset_index(pid, info.entry.args[1], words, 64);
			out("entry: openat of the fifo");
			break;
		}
	}
	outcome("cont", ptrace(PTRACE_CONT, pid, NULL, NULL));
	kill(pid, SIGUSR1);
	describe("wait", wait4_(pid, &st, 0), &st);
	out("path register at the signal stop: %s",
	    path_word >= 0 && regset_index(pid, (unsigned long)fifo, words, 64) == path_word
	    ? "kept" : "changed");
	outcome("kill", ptrace(PTRACE_KILL, pid, NULL, NULL));
	describe("wait", wait4_(pid, &st, 0), &st);
	unlink(fifo);
	return 0;
}

/* ---- events ---- */

static const char *event_name(int ev)
{
	switch (ev) {
	case 0: return "none";
	case PTRACE_EVENT_FORK: return "FORK";
	case PTRACE_EVENT_VFORK: return "VFORK";
	case PTRACE_EVENT_CLONE: return "CLONE";
	case PTRACE_EVENT_VFORK_DONE: return "VFORK_DONE";
	case PTRACE_EVENT_EXEC: return "EXEC";
	case PTRACE_EVENT_EXIT: return "EXIT";
	case PTRACE_EVENT_STOP: return "STOP";
	}
	return "other";
}

static void describe_ev(const char *label, long r, const int *stp)
{
	if (r > 0 && WIFSTOPPED(*stp))
		out("%s: stopped %s event=%s", label, signame(WSTOPSIG(*stp)),
		    event_name(*stp >> 16));
	else
		describe(label, r, stp);
}

static unsigned long eventmsg(pid_t pid)
{
	unsigned long msg = 0;

	if (ptrace(PTRACE_GETEVENTMSG, pid, NULL, &msg) < 0)
		return (unsigned long)-1;
	return msg;
}

static void print_siginfo(const char *label, pid_t pid)
{
	siginfo_t si;

	if (ptrace(PTRACE_GETSIGINFO, pid, NULL, &si) < 0)
		out("%s: %s", label, errname(errno));
	else
		out("%s: ok %s code=%#x", label, signame(si.si_signo), si.si_code);
}

static int run_listen(void)
{
	int go[2], st = 0;
	long word;
	pid_t pid;
	char c;

	if (pipe(go) < 0)
		return 1;
	pid = fork();
	if (pid == 0) {
		close(go[1]);
		_exit(read(go[0], &c, 1) == 1 ? 7 : 8);
	}
	close(go[0]);
	outcome("seize", ptrace(PTRACE_SEIZE, pid, NULL, NULL));
	outcome("listen while running", ptrace(PTRACE_LISTEN, pid, NULL, NULL));
	outcome("interrupt", ptrace(PTRACE_INTERRUPT, pid, NULL, NULL));
	describe_ev("wait", wait4_(pid, &st, 0), &st);
	print_siginfo("getsiginfo", pid);
	outcome("cont", ptrace(PTRACE_CONT, pid, NULL, NULL));
	kill(pid, SIGSTOP);
	describe_ev("wait", wait4_(pid, &st, 0), &st);
	outcome("listen at a signal stop", ptrace(PTRACE_LISTEN, pid, NULL, NULL));
	outcome("cont with SIGSTOP", ptrace(PTRACE_CONT, pid, NULL, (void *)SIGSTOP));
	describe_ev("wait", wait4_(pid, &st, 0), &st);
	print_siginfo("getsiginfo", pid);
	outcome("listen", ptrace(PTRACE_LISTEN, pid, NULL, NULL));
	describe("wnohang while listening", wait4_(pid, &st, WNOHANG), &st);
	errno = 0;
	word = ptrace(PTRACE_PEEKDATA, pid, (void *)&global, NULL);
	out("peek while listening: %s", errno ? errname(errno) : word ? "ok" : "0");
	kill(pid, SIGCONT);
	describe_ev("wait", wait4_(pid, &st, 0), &st);
	outcome("cont", ptrace(PTRACE_CONT, pid, NULL, NULL));
	describe_ev("wait", wait4_(pid, &st, 0), &st);
	outcome("cont with SIGCONT", ptrace(PTRACE_CONT, pid, NULL, (void *)SIGCONT));
	outcome("interrupt", ptrace(PTRACE_INTERRUPT, pid, NULL, NULL));
	describe_ev("wait", wait4_(pid, &st, 0), &st);
	outcome("listen not seized-stop", ptrace(PTRACE_LISTEN, getpid(), NULL, NULL));
	outcome("detach", ptrace(PTRACE_DETACH, pid, NULL, NULL));
	if (write(go[1], "g", 1) != 1)
		return 1;
	describe("wait", wait4_(pid, &st, 0), &st);
	return 0;
}

/* Waits for pid (__WALL) and says what it is; a SIGCHLD delivery stop
 * (of a child this one reaped) is passed on and waited past. */
static void step(const char *label, pid_t pid)
{
	int st = 0;
	long r = wait4_(pid, &st, __WALL);

	while (r == pid && WIFSTOPPED(st) && WSTOPSIG(st) == SIGCHLD) {
		describe_ev(label, r, &st);
		ptrace(PTRACE_CONT, pid, NULL, (void *)SIGCHLD);
		r = wait4_(pid, &st, __WALL);
	}
	describe_ev(label, r, &st);
	if (r == pid && WIFSTOPPED(st) && (st >> 16) == PTRACE_EVENT_EXIT)
		out("%s: exit message %#lx", label, eventmsg(pid));
}

static int run_fork_events(void)
{
	int st = 0;
	pid_t pid = fork(), gc, vc;

	if (pid == 0) {
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
			_exit(1);
		raise(SIGSTOP);
		gc = fork();
		if (gc == 0)
			_exit(3);
		if (waitpid(gc, &st, 0) != gc || WEXITSTATUS(st) != 3)
			_exit(5);
		vc = vfork();
		if (vc == 0)
			_exit(4);
		if (waitpid(vc, &st, 0) != vc || WEXITSTATUS(st) != 4)
			_exit(6);
		_exit(0);
	}
	describe("wait", wait4_(pid, &st, 0), &st);
	outcome("setoptions", ptrace(PTRACE_SETOPTIONS, pid, NULL,
				     (void *)(PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
					      PTRACE_O_TRACEVFORKDONE | PTRACE_O_TRACEEXIT)));
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	step("child", pid);
	gc = (pid_t)eventmsg(pid);
	step("grandchild", gc);
	print_siginfo("grandchild siginfo", gc);
	ptrace(PTRACE_CONT, gc, NULL, NULL);
	step("grandchild", gc);
	ptrace(PTRACE_CONT, gc, NULL, NULL);
	step("grandchild", gc);
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	step("child", pid);
	vc = (pid_t)eventmsg(pid);
	step("vfork child", vc);
	ptrace(PTRACE_CONT, vc, NULL, NULL);
	step("vfork child", vc);
	ptrace(PTRACE_CONT, vc, NULL, NULL);
	step("vfork child", vc);
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	step("child", pid);
	out("vfork done message is the child: %s", eventmsg(pid) == (unsigned long)vc ? "yes" : "no");
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	step("child", pid);
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	step("child", pid);
	return 0;
}

static void *thread_fn(void *arg)
{
	return arg;
}

static int run_clone(void)
{
	int st = 0;
	pid_t pid = fork(), tid;

	if (pid == 0) {
		pthread_t th;

		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
			_exit(1);
		raise(SIGSTOP);
		if (pthread_create(&th, NULL, thread_fn, NULL) != 0 || pthread_join(th, NULL) != 0)
			_exit(2);
		_exit(0);
	}
	describe("wait", wait4_(pid, &st, 0), &st);
	outcome("setoptions", ptrace(PTRACE_SETOPTIONS, pid, NULL,
				     (void *)(PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXIT)));
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	step("process", pid);
	tid = (pid_t)eventmsg(pid);
	step("thread", tid);
	ptrace(PTRACE_CONT, tid, NULL, NULL);
	step("thread", tid);
	ptrace(PTRACE_CONT, tid, NULL, NULL);
	step("thread", tid);
	describe("thread again", wait4_(tid, &st, __WALL | WNOHANG), &st);
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	step("process", pid);
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	step("process", pid);
	return 0;
}

/* ---- exec ---- */

extern char **environ;

/* The child of the exec modes: traced by TRACEME and stopped, or (seized)
 * told to go on through go_fd; then exitwith CODE. */
static void exec_child(int go_fd, const char *code)
{
	char *const args[] = { "exitwith", (char *)code, NULL };
	char c;

	if (go_fd < 0) {
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
			_exit(1);
		raise(SIGSTOP);
	} else if (read(go_fd, &c, 1) != 1) {
		_exit(1);
	}
	syscall(SYS_execve, "/bin/exitwith", args, environ);
	_exit(2);
}

/* The word of type in /proc/PID/auxv, 0 if absent. */
static unsigned long auxv_of(pid_t pid, unsigned long type)
{
	unsigned long v[2 * 64];
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "/proc/%d/auxv", (int)pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	n = read(fd, v, sizeof v);
	close(fd);
	for (ssize_t i = 0; i + 1 < n / (ssize_t)sizeof(long); i += 2)
		if (v[i] == type)
			return v[i + 1];
	return 0;
}

/* Right after an exec: the pc is where the kernel starts the program
 * (its interpreter's entry when it has one: AT_BASE + that ELF's
 * e_entry, else AT_ENTRY), sp points at argc, and how many words of the
 * general registers are not 0 (the kernel clears the rest), besides pc,
 * sp and the word after pc (x86_64's cs, arm64's pstate). */
static void exec_regs(pid_t pid, unsigned long argc)
{
	struct __ptrace_syscall_info info;
	unsigned long words[64], entry, base, nonzero = 0;
	struct iovec iov = { words, sizeof(words) };
	long w;

	memset(&info, 0, sizeof(info));
	if (ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof(info), &info) <= 0) {
		out("registers: %s", errname(errno));
		return;
	}
	base = auxv_of(pid, AT_BASE);
	entry = auxv_of(pid, AT_ENTRY);
	if (base) {
		errno = 0;
		w = ptrace(PTRACE_PEEKDATA, pid,
			   (void *)(base + offsetof(Elf64_Ehdr, e_entry)), NULL);
		entry = errno ? 0 : base + (unsigned long)w;
	}
	out("pc at the entry: %s", entry && info.instruction_pointer == entry ? "yes" : "no");
	errno = 0;
	w = ptrace(PTRACE_PEEKDATA, pid, (void *)(unsigned long)info.stack_pointer, NULL);
	out("sp at argc %lu: %s", argc, !errno && (unsigned long)w == argc ? "yes" : "no");
	if (ptrace(PTRACE_GETREGSET, pid, (void *)NT_PRSTATUS, &iov) == 0)
		for (size_t i = 0; i < iov.iov_len / sizeof(long); i++)
			if (words[i] && words[i] != info.stack_pointer &&
			    words[i] != info.instruction_pointer &&
			    (i == 0 || words[i - 1] != info.instruction_pointer))
				nonzero++;
	out("registers not 0: %lu", nonzero);
}

/* PTRACE_SYSCALL until the execve's exit stop, printing its entry, the
 * EXEC event, its exit, and the registers at the exit. */
static void exec_syscalls(pid_t pid)
{
	struct __ptrace_syscall_info info;
	bool in_execve = false;
	int st = 0;

	for (;;) {
		if (ptrace(PTRACE_SYSCALL, pid, NULL, NULL) < 0 || wait4_(pid, &st, 0) < 0 ||
		    !WIFSTOPPED(st)) {
			describe("wait", pid, &st);
			return;
		}
		if ((st >> 16) == PTRACE_EVENT_EXEC) {
			siginfo_t si;
			long n;

			out("exec event: message is the tracee: %s",
			    eventmsg(pid) == (unsigned long)pid ? "yes" : "no");
			if (ptrace(PTRACE_GETSIGINFO, pid, NULL, &si) == 0)
				out("exec event siginfo: %s code=%#x from itself: %s",
				    signame(si.si_signo), si.si_code, si.si_pid == pid ? "yes" : "no");
			memset(&info, 0, sizeof(info));
			n = ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof(info), &info);
			out("exec event syscall info: %ld op=%d", n, info.op);
			exec_regs(pid, 2);
			continue;
		}
		if (WSTOPSIG(st) != (SIGTRAP | 0x80)) {
			describe_ev("stop", pid, &st);
			continue;
		}
		memset(&info, 0, sizeof(info));
		if (ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof(info), &info) <= 0)
			continue;
		if (info.op == PTRACE_SYSCALL_INFO_ENTRY && info.entry.nr == SYS_execve) {
			char path[64] = "";

			peek_string(pid, info.entry.args[0], path, sizeof(path));
			out("execve entry: %s", path);
			in_execve = true;
		} else if (info.op == PTRACE_SYSCALL_INFO_EXIT && in_execve) {
			out("execve exit: %s", info.exit.is_error ? errname((int)-info.exit.rval)
			    : info.exit.rval == 0 ? "0" : "other");
			exec_regs(pid, 2);
			return;
		}
	}
}

static int run_exec(void)
{
	int go[2], st = 0;
	siginfo_t si;
	pid_t pid;

	/* The legacy SIGTRAP, under PTRACE_CONT. */
	pid = fork();
	if (pid == 0)
		exec_child(-1, "5");
	describe("wait", wait4_(pid, &st, 0), &st);
	outcome("cont", ptrace(PTRACE_CONT, pid, NULL, NULL));
	describe_ev("wait", wait4_(pid, &st, 0), &st);
	if (ptrace(PTRACE_GETSIGINFO, pid, NULL, &si) < 0)
		out("getsiginfo: %s", errname(errno));
	else
		out("getsiginfo: ok %s code=%d from itself: %s", signame(si.si_signo), si.si_code,
		    si.si_pid == pid ? "yes" : "no");
	exec_regs(pid, 2);
	outcome("cont", ptrace(PTRACE_CONT, pid, NULL, NULL));
	describe("wait", wait4_(pid, &st, 0), &st);

	/* TRACEEXEC under PTRACE_SYSCALL: entry, EXEC event, exit. */
	pid = fork();
	if (pid == 0)
		exec_child(-1, "6");
	describe("wait", wait4_(pid, &st, 0), &st);
	outcome("setoptions exec", ptrace(PTRACE_SETOPTIONS, pid, NULL,
					  (void *)(PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC)));
	exec_syscalls(pid);
	outcome("cont", ptrace(PTRACE_CONT, pid, NULL, NULL));
	describe("wait", wait4_(pid, &st, 0), &st);

	/* Without TRACEEXEC: the SIGTRAP comes after the exit stop. */
	pid = fork();
	if (pid == 0)
		exec_child(-1, "7");
	describe("wait", wait4_(pid, &st, 0), &st);
	outcome("setoptions sysgood", ptrace(PTRACE_SETOPTIONS, pid, NULL,
					     (void *)PTRACE_O_TRACESYSGOOD));
	exec_syscalls(pid);
	outcome("syscall", ptrace(PTRACE_SYSCALL, pid, NULL, NULL));
	describe_ev("wait", wait4_(pid, &st, 0), &st);
	outcome("cont", ptrace(PTRACE_CONT, pid, NULL, NULL));
	describe("wait", wait4_(pid, &st, 0), &st);

	/* Seized, no options: no stop at all. */
	if (pipe(go) < 0)
		return 1;
	pid = fork();
	if (pid == 0) {
		close(go[1]);
		exec_child(go[0], "8");
	}
	close(go[0]);
	outcome("seize", ptrace(PTRACE_SEIZE, pid, NULL, NULL));
	if (write(go[1], "g", 1) != 1)
		return 1;
	describe_ev("wait", wait4_(pid, &st, 0), &st);
	return 0;
}

/* The program headers of path, as the file holds them: count, or -1. */
static int file_phdrs(const char *path, Elf64_Phdr *ph, int max)
{
	Elf64_Ehdr eh;
	int fd = open(path, O_RDONLY | O_CLOEXEC), n = -1;

	if (fd < 0)
		return -1;
	if (pread(fd, &eh, sizeof(eh), 0) == (ssize_t)sizeof(eh) && eh.e_phnum <= max &&
	    pread(fd, ph, eh.e_phnum * sizeof(*ph), (off_t)eh.e_phoff) ==
		    (ssize_t)(eh.e_phnum * sizeof(*ph)))
		n = eh.e_phnum;
	close(fd);
	return n;
}

/* One word of pid's memory through its /proc file (O_RDWR), written
 * (pwrite, as gdb writes a breakpoint) or read. */
static const char *mem_word(const char *file, pid_t pid, unsigned long addr, long *word,
			    bool write)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), file, (int)pid, (int)pid);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return errname(errno);
	n = write ? pwrite(fd, word, sizeof(*word), (off_t)addr)
		  : pread(fd, word, sizeof(*word), (off_t)addr);
	if (n < 0)
		n = -errno;
	close(fd);
	return n == (ssize_t)sizeof(*word) ? "ok" : n < 0 ? errname((int)-n) : "short";
}

static int run_exec_mem(void)
{
	struct __ptrace_syscall_info info;
	Elf64_Phdr file[16], mem[16];
	unsigned long entry, phdr, phnum;
	long word, orig, changed, seen;
	bool same = true;
	int st = 0, n;
	pid_t pid;

	pid = fork();
	if (pid == 0)
		exec_child(-1, "5");
	describe("wait", wait4_(pid, &st, 0), &st);
	outcome("cont", ptrace(PTRACE_CONT, pid, NULL, NULL));
	describe_ev("wait", wait4_(pid, &st, 0), &st);
	entry = auxv_of(pid, AT_ENTRY);
	phdr = auxv_of(pid, AT_PHDR);
	phnum = auxv_of(pid, AT_PHNUM);
	memset(&info, 0, sizeof(info));
	if (ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof(info), &info) <= 0)
		out("pc at AT_ENTRY: %s", errname(errno));
	else
		out("pc at AT_ENTRY: %s", entry && info.instruction_pointer == entry ? "yes" : "no");
	errno = 0;
	orig = ptrace(PTRACE_PEEKTEXT, pid, (void *)entry, NULL);
	out("peektext at AT_ENTRY: %s", errno ? errname(errno) : "ok");
	n = file_phdrs("/bin/exitwith", file, 16);
	for (int i = 0; n > 0 && i < n; i++)
		for (size_t w = 0; w < sizeof(mem[i]) / sizeof(long); w++) {
			errno = 0;
			((long *)&mem[i])[w] = ptrace(PTRACE_PEEKDATA, pid,
						       (void *)(phdr + i * sizeof(mem[i]) + w * sizeof(long)),
						       NULL);
			same = same && !errno;
		}
	out("AT_PHDR holds the file's headers: %s",
	    n > 0 && (unsigned long)n == phnum && same && memcmp(file, mem, n * sizeof(*mem)) == 0
		    ? "yes" : "no");
	out("mem read at AT_ENTRY: %s", mem_word("/proc/%d/mem", pid, entry, &word, false));
	out("it is the text: %s", word == orig ? "yes" : "no");
	changed = orig ^ 0x5a5a;
	out("mem write at AT_ENTRY: %s", mem_word("/proc/%d/mem", pid, entry, &changed, true));
	errno = 0;
	seen = ptrace(PTRACE_PEEKTEXT, pid, (void *)entry, NULL);
	out("peektext sees it: %s", !errno && seen == changed ? "yes" : "no");
	out("task mem write back: %s", mem_word("/proc/%d/task/%d/mem", pid, entry, &orig, true));
	errno = 0;
	seen = ptrace(PTRACE_PEEKTEXT, pid, (void *)entry, NULL);
	out("peektext sees the text again: %s", !errno && seen == orig ? "yes" : "no");
	outcome("cont", ptrace(PTRACE_CONT, pid, NULL, NULL));
	describe("wait", wait4_(pid, &st, 0), &st);
	return 0;
}

static void *exec_thread(void *arg)
{
	char *const args[] = { "exitwith", "9", NULL };

	(void)arg;
	syscall(SYS_execve, "/bin/exitwith", args, environ);
	return NULL;
}

/* strace's threaded_execve: a thread that is not the leader execs. */
static int run_thread_exec(void)
{
	int st = 0;
	pid_t pid = fork(), tid;
	long r;

	if (pid == 0) {
		pthread_t th;

		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
			_exit(1);
		raise(SIGSTOP);
		if (pthread_create(&th, NULL, exec_thread, NULL) != 0)
			_exit(2);
		for (;;)
			pause();
	}
	describe("wait", wait4_(pid, &st, 0), &st);
	outcome("setoptions", ptrace(PTRACE_SETOPTIONS, pid, NULL,
				     (void *)(PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC)));
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	step("process", pid);
	tid = (pid_t)eventmsg(pid);
	step("thread", tid);
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	ptrace(PTRACE_CONT, tid, NULL, NULL);
	r = wait4_(-1, &st, __WALL);
	out("next report from: %s", r == pid ? "the leader" : r == tid ? "the thread" : "other");
	describe_ev("wait", r, &st);
	out("exec message is the thread: %s", eventmsg(pid) == (unsigned long)tid ? "yes" : "no");
	exec_regs(pid, 2);
	outcome("cont", ptrace(PTRACE_CONT, pid, NULL, NULL));
	describe("wait", wait4_(-1, &st, __WALL), &st);
	describe("wait again", wait4_(-1, &st, __WALL), &st);
	return 0;
}

/* ---- single steps ---- */

static int run_step(void)
{
	static const char path[] = "/etc/guest-only";
	unsigned long steps = 0;
	bool all_sigtrap = true;
	int st = 0;
	pid_t pid = fork();

	if (pid == 0) {
		long fd;

		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
			_exit(1);
		raise(SIGSTOP);
		fd = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY);
		_exit(fd >= 0 ? 9 : 10);
	}
	describe("wait", wait4_(pid, &st, 0), &st);
	for (;;) {
		if (ptrace(PTRACE_SINGLESTEP, pid, NULL, NULL) < 0) {
			out("singlestep: %s", errname(errno));
			kill(pid, SIGKILL);
			wait4_(pid, &st, 0);
			break;
		}
		if (wait4_(pid, &st, 0) < 0 || !WIFSTOPPED(st))
			break;
		steps++;
		if (WSTOPSIG(st) != SIGTRAP || (st >> 16) != 0)
			all_sigtrap = false;
	}
	out("stepped: %s", steps > 10 ? "yes" : "no");
	out("every stop a SIGTRAP: %s", all_sigtrap ? "yes" : "no");
	describe("wait", WIFSTOPPED(st) ? -1 : pid, &st);
	return 0;
}

/* The guest's filters: the arch, then TRACE|0x42 for getppid, TRACE|0x43
 * for openat; the second one TRACE|0x99 for getppid and ERRNO(EPERM)
 * for getuid. */
#define LD_NR BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr))
#define RET(v) BPF_STMT(BPF_RET | BPF_K, (v))
#define IF_NR(nr, v) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), RET(v)

static int tsync_pipe[2];

/* A thread that was there before the filters: TSYNC gave it the first. */
static void *tsync_thread(void *arg)
{
	char c;
	long r;

	(void)arg;
	if (read(tsync_pipe[0], &c, 1) != 1)
		return NULL;
	r = syscall(SYS_getppid);
	return (void *)(long)(r == -1 && errno == ENOSYS);
}

static void gsc_child(void)
{
	struct sock_filter first[] = {
		LD_NR, IF_NR(SYS_getppid, SECCOMP_RET_TRACE | 0x42),
		IF_NR(SYS_openat, SECCOMP_RET_TRACE | 0x43), RET(SECCOMP_RET_ALLOW),
	};
	struct sock_filter second[] = {
		LD_NR, IF_NR(SYS_getppid, SECCOMP_RET_TRACE | 0x99),
		IF_NR(SYS_getuid, SECCOMP_RET_ERRNO | EPERM), RET(SECCOMP_RET_ALLOW),
	};
	struct sock_fprog p1 = { sizeof(first) / sizeof(first[0]), first };
	struct sock_fprog p2 = { sizeof(second) / sizeof(second[0]), second };
	char buf[64];
	int seen = 16, st = 0;
	long fd, n;
	pthread_t th;
	void *ok = NULL;
	pid_t gc;

	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
		_exit(1);
	raise(SIGSTOP);
	if (pipe(tsync_pipe) < 0 || pthread_create(&th, NULL, tsync_thread, NULL) != 0)
		_exit(2);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &p1) != 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &p2) < 0)
		_exit(2);
	if (write(tsync_pipe[1], "g", 1) != 1 || pthread_join(th, &ok) != 0)
		_exit(2);
	if (ok)
		seen |= 32;
	if (syscall(SYS_getppid) == 4242)
		seen |= 1;
	fd = syscall(SYS_openat, AT_FDCWD, sc_path, O_RDONLY);
	n = fd >= 0 ? read((int)fd, buf, sizeof(buf)) : -1;
	if (n == 15 && memcmp(buf, "guest-hostname\n", 15) == 0)
		seen |= 2;
	if (syscall(SYS_getuid) == -1 && errno == EPERM)
		seen |= 4;
	gc = fork();
	if (gc == 0)
		_exit(syscall(SYS_getppid) == -1 && errno == ENOSYS ? 0 : 1);
	if (gc > 0 && waitpid(gc, &st, 0) == gc && WIFEXITED(st) && WEXITSTATUS(st) == 0)
		seen |= 8;
	_exit(seen);
}

static int run_seccomp_exec(void)
{
	struct sock_filter f[] = { LD_NR, IF_NR(SYS_openat, SECCOMP_RET_TRACE | 1),
				   RET(SECCOMP_RET_ALLOW) };
	struct sock_fprog prog = { sizeof(f) / sizeof(f[0]), f };
	int st = 0;
	pid_t pid = fork();

	if (pid == 0) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
			_exit(2);
		if (syscall(SYS_openat, AT_FDCWD, sc_path, O_RDONLY) != -1 || errno != ENOSYS)
			_exit(3);
		execl("/bin/exitwith", "exitwith", "5", (char *)NULL);
		_exit(4);
	}
	describe("child", wait4_(pid, &st, 0), &st);
	return 0;
}

static const char *gsc_name(long nr)
{
	return nr == SYS_getppid ? "getppid" : nr == SYS_openat ? "openat" : NULL;
}

static int run_seccomp(bool sysc)
{
	struct __ptrace_syscall_info info;
	int st = 0, result_word = 0;
	pid_t pid = fork();

	if (pid == 0)
		gsc_child();
	describe("wait", wait4_(pid, &st, 0), &st);
	outcome("setoptions", ptrace(PTRACE_SETOPTIONS, pid, NULL,
				     (void *)(PTRACE_O_TRACESECCOMP | PTRACE_O_TRACESYSGOOD)));
	for (;;) {
		const char *name;
		long n;

		if (ptrace(sysc ? PTRACE_SYSCALL : PTRACE_CONT, pid, NULL, NULL) < 0) {
			out("resume: %s", errname(errno));
			break;
		}
		if (wait4_(pid, &st, 0) < 0 || !WIFSTOPPED(st))
			break;
		memset(&info, 0, sizeof(info));
		n = ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof(info), &info);
		if (st >> 8 == (SIGTRAP | PTRACE_EVENT_SECCOMP << 8)) {
			char path[64] = "";

			name = gsc_name((long)info.seccomp.nr);
			out("seccomp: %s data=%#lx info=%s size=%ld ret_data=%#x", name ? name : "other",
			    eventmsg(pid), info.op == PTRACE_SYSCALL_INFO_SECCOMP ? "seccomp" : "other",
			    n, info.seccomp.ret_data);
			if (info.seccomp.nr == SYS_openat) {
				peek_string(pid, info.seccomp.args[1], path, sizeof(path));
				out("seccomp: openat path %s", path);
			} else if (info.seccomp.nr == SYS_getppid) {
				outcome("seccomp: getppid skipped", skip_call(pid, &result_word));
				outcome("seccomp: result 4242", set_result(pid, result_word, 4242));
			}
		} else if (WSTOPSIG(st) == (SIGTRAP | 0x80)) {
			if (info.op == PTRACE_SYSCALL_INFO_ENTRY && gsc_name((long)info.entry.nr))
				out("entry: %s", gsc_name((long)info.entry.nr));
			else if (info.op == PTRACE_SYSCALL_INFO_EXIT && info.exit.rval == 4242)
				out("exit: 4242");
		} else if (WSTOPSIG(st) != SIGCHLD) {
			out("stop: %s", signame(WSTOPSIG(st)));
		}
	}
	describe("wait", WIFSTOPPED(st) ? -1 : pid, &st);
	return 0;
}

int main(int argc, char **argv)
{
	const char *usage = "ptracer traceme|wait-first|wait-first-tracing|wnohang|waitid|regs|kill|detach|exitkill|"
			    "attach|seize|sigchld|eintr|syscalls|syscall-info|inject|"
			    "cont-restore|listen|fork-events|clone|exec|exec-mem|thread-exec|step|seccomp|seccomp-syscall|seccomp-exec|"
			    "refused|sigtimedwait";

	if (argc != 2)
		die_usage(usage);
	if (strcmp(argv[1], "traceme") == 0)
		return run_traceme(0);
	if (strcmp(argv[1], "wait-first") == 0)
		return run_traceme(1);
	if (strcmp(argv[1], "wait-first-tracing") == 0)
		return run_wait_first_tracing();
	if (strcmp(argv[1], "wnohang") == 0)
		return run_wnohang();
	if (strcmp(argv[1], "waitid") == 0)
		return run_waitid();
	if (strcmp(argv[1], "regs") == 0)
		return run_regs();
	if (strcmp(argv[1], "kill") == 0)
		return run_kill();
	if (strcmp(argv[1], "detach") == 0)
		return run_detach();
	if (strcmp(argv[1], "exitkill") == 0)
		return run_exitkill();
	if (strcmp(argv[1], "attach") == 0)
		return run_attach(0);
	if (strcmp(argv[1], "seize") == 0)
		return run_attach(1);
	if (strcmp(argv[1], "sigchld") == 0)
		return run_sigchld();
	if (strcmp(argv[1], "eintr") == 0)
		return run_eintr();
	if (strcmp(argv[1], "syscalls") == 0 || strcmp(argv[1], "syscall-info") == 0 ||
	    strcmp(argv[1], "inject") == 0)
		return run_syscalls(argv[1]);
	if (strcmp(argv[1], "cont-restore") == 0)
		return run_cont_restore();
	if (strcmp(argv[1], "listen") == 0)
		return run_listen();
	if (strcmp(argv[1], "fork-events") == 0)
		return run_fork_events();
	if (strcmp(argv[1], "clone") == 0)
		return run_clone();
	if (strcmp(argv[1], "exec") == 0)
		return run_exec();
	if (strcmp(argv[1], "exec-mem") == 0)
		return run_exec_mem();
	if (strcmp(argv[1], "thread-exec") == 0)
		return run_thread_exec();
	if (strcmp(argv[1], "step") == 0)
		return run_step();
	if (strcmp(argv[1], "seccomp") == 0 || strcmp(argv[1], "seccomp-syscall") == 0)
		return run_seccomp(strcmp(argv[1], "seccomp-syscall") == 0);
	if (strcmp(argv[1], "seccomp-exec") == 0)
		return run_seccomp_exec();
	if (strcmp(argv[1], "sigtimedwait") == 0)
		return run_sigtimedwait();
	if (strcmp(argv[1], "refused") == 0)
		return run_refused();
	die_usage(usage);
}
