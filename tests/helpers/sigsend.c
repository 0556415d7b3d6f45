/* sigsend: signals a guest sends, which must never reach the tracer.
 *
 *   sigsend all        two children (one in a group of its own) and a
 *                      process that keeps forking and exiting, then
 *                      kill(-1, 0), kill(-1, SIGKILL): prints how each
 *                      child ended and exits 0 (the caller survives)
 *   sigsend all-as UID as root: a child stays root, the caller turns
 *                      into UID and sends kill(-1, SIGKILL), which may
 *                      not reach the child
 *   sigsend drop UID   as root: a child stays root, another becomes
 *                      UID (each in a group of its own), then the
 *                      caller becomes UID and names each child (and its
 *                      group) every way a signal can, with signal 0:
 *                      the kernel's rule refuses the root child (EPERM)
 *   sigsend drop-all UID
 *                      the same, then kill(-1, SIGKILL): only the UID
 *                      child dies, the caller and the root child live
 *   sigsend nokill UID as root: a child becomes UID; the caller drops
 *                      CAP_KILL from its effective set (capset) and
 *                      signals the child (EPERM: root's euid is not
 *                      enough), raises it again and signals it
 *   sigsend group 0|-pgrp
 *                      a child in the caller's group sends SIGKILL to
 *                      the group (kill(0) or kill(-pgrp)); a survivor in
 *                      a group of its own prints once they are gone
 *   sigsend parent     every way to name the parent's pid, with SIGKILL;
 *                      prints each result, then "alive"
 *   sigsend all-run    two children (one in a group of its own), then
 *                      kill(-1, 0), kill(-1, SIGTERM): how each child
 *                      ended, exits 0 (the caller survives); the test
 *                      checks that a process outside the run lives on
 *   sigsend group-alone 0|-pgrp|pidfd
 *                      a child stays in the caller's group, the caller
 *                      leaves it, then the child sends SIGKILL to that
 *                      group (kill(0), kill(-pgrp), or the group
 *                      leader's /proc/PID with PIDFD_SIGNAL_PROCESS_GROUP,
 *                      Linux 6.9); the caller says how it ended, exits 7
 *
 * kill(-1, SIGKILL) natively reaches every process of the user on the
 * machine: "all" refuses to run unless IT_KILL_ALL=1 and it is traced by
 * a tracer that hides itself (kill(TracerPid, 0) fails with ESRCH), or
 * IT_KILL_ALL=unguarded (only in a pid namespace of its own).
 */
#include <stdint.h>
#include <sys/wait.h>

#include "helper.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
#ifndef PIDFD_SIGNAL_PROCESS_GROUP
#define PIDFD_SIGNAL_PROCESS_GROUP (1u << 2)
#endif

static pid_t tracer_pid(void)
{
	char buf[4096], *p;
	int fd = open("/proc/self/status", O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strstr(buf, "\nTracerPid:");
	return p ? (pid_t)atoi(p + 11) : 0;
}

static int kill_all_allowed(void)
{
	const char *g = getenv("IT_KILL_ALL");
	pid_t tracer;

	if (g && strcmp(g, "unguarded") == 0)
		return 1;
	if (!g || strcmp(g, "1") != 0)
		return 0;
	tracer = tracer_pid();
	return tracer > 0 && syscall(SYS_kill, tracer, 0) < 0 && errno == ESRCH;
}

/* A child that says it is ready on fd, then waits to be killed. */
static pid_t sleeper(int fd, int own_group)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (own_group)
			setpgid(0, 0);
		if (write(fd, "x", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	return pid;
}

/* A process that forks and exits, over and over, so that its pid is
 * never the same: kill(-1) must reach it all the same. */
static pid_t wanderer(int fd)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (write(fd, "x", 1) != 1)
			_exit(1);
		for (;;) {
			pid_t next = fork();

			if (next != 0)
				_exit(next < 0);
		}
	}
	return pid;
}

static int all(void)
{
	int p[2], st;
	pid_t kids[2], w;
	char c;

	if (!kill_all_allowed()) {
		out("refused: kill(-1) would reach the whole machine");
		return 2;
	}
	if (pipe(p) < 0)
		return 1;
	kids[0] = sleeper(p[1], 0);
	kids[1] = sleeper(p[1], 1);
	w = wanderer(p[1]);
	for (int i = 0; i < 3; i++)
		if (read(p[0], &c, 1) != 1)
			return 1;
	outcome("kill(-1, 0)", syscall(SYS_kill, -1, 0));
	outcome("kill(-1, KILL)", syscall(SYS_kill, -1, SIGKILL));
	for (int i = 0; i < 2; i++) {
		if (waitpid(kids[i], &st, 0) != kids[i])
			return 1;
		out("child %d: %s", i, wait_status(st));
	}
	/* Its first fork ended it; the last of its line is burrow's to
	 * wait for, and outlives nothing. */
	waitpid(w, NULL, 0);
	out("caller alive");
	return 0;
}

/* As root: a child stays root, the caller becomes uid, then
 * kill(-1, SIGKILL) may not reach the child (EPERM for it alone). */
static int all_as(uid_t uid)
{
	int p[2], st;
	pid_t kid;
	char c;

	if (!kill_all_allowed()) {
		out("refused: kill(-1) would reach the whole machine");
		return 2;
	}
	if (pipe(p) < 0)
		return 1;
	kid = fork();
	if (kid == 0) {
		close(p[1]);
		while (read(p[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(p[0]);
	if (setresgid(uid, uid, uid) < 0 || setresuid(uid, uid, uid) < 0)
		return 1;
	outcome("kill(-1, KILL) as another uid", syscall(SYS_kill, -1, SIGKILL));
	close(p[1]);
	if (waitpid(kid, &st, 0) != kid)
		return 1;
	out("child: %s", wait_status(st));
	return 0;
}

/* A child in a group of its own that turns into uid (unless -1) and
 * waits for hold[1] to close. */
static pid_t waiter(int ready, const int hold[2], uid_t uid)
{
	pid_t pid = fork();
	char c;

	if (pid == 0) {
		close(hold[1]);
		setpgid(0, 0);
		if (uid != (uid_t)-1 && (setresgid(uid, uid, uid) < 0 || setresuid(uid, uid, uid) < 0))
			_exit(1);
		if (write(ready, "x", 1) != 1)
			_exit(1);
		while (read(hold[0], &c, 1) > 0)
			;
		_exit(0);
	}
	return pid;
}

static void name_every_way(const char *who, pid_t pid)
{
	char what[64];
	siginfo_t si;
	int fd;

	memset(&si, 0, sizeof si);
	si.si_code = SI_QUEUE;
	si.si_pid = getpid();
	si.si_uid = getuid();
	snprintf(what, sizeof what, "kill %s", who);
	outcome(what, syscall(SYS_kill, pid, 0));
	snprintf(what, sizeof what, "tkill %s", who);
	outcome(what, syscall(SYS_tkill, pid, 0));
	snprintf(what, sizeof what, "tgkill %s", who);
	outcome(what, syscall(SYS_tgkill, pid, pid, 0));
	snprintf(what, sizeof what, "rt_sigqueueinfo %s", who);
	outcome(what, syscall(SYS_rt_sigqueueinfo, pid, 0, &si));
	snprintf(what, sizeof what, "rt_tgsigqueueinfo %s", who);
	outcome(what, syscall(SYS_rt_tgsigqueueinfo, pid, pid, 0, &si));
	snprintf(what, sizeof what, "kill group of %s", who);
	outcome(what, syscall(SYS_kill, -pid, 0));
	fd = (int)syscall(SYS_pidfd_open, pid, 0);
	snprintf(what, sizeof what, "pidfd_send_signal %s", who);
	if (fd < 0)
		out("%s: pidfd_open %s", what, errname(errno));
	else
		outcome(what, syscall(SYS_pidfd_send_signal, fd, 0, NULL, 0));
	if (fd >= 0)
		close(fd);
}

static int drop(uid_t uid, int all)
{
	int ready[2], hold[2], st;
	pid_t kids[2];
	char c;

	if (all && !kill_all_allowed()) {
		out("refused: kill(-1) would reach the whole machine");
		return 2;
	}
	if (pipe(ready) < 0 || pipe(hold) < 0)
		return 1;
	kids[0] = waiter(ready[1], hold, (uid_t)-1);
	kids[1] = waiter(ready[1], hold, uid);
	close(hold[0]);
	for (int i = 0; i < 2; i++)
		if (read(ready[0], &c, 1) != 1)
			return 1;
	if (setresgid(uid, uid, uid) < 0 || setresuid(uid, uid, uid) < 0)
		return 1;
	name_every_way("root child", kids[0]);
	name_every_way("own child", kids[1]);
	if (all)
		outcome("kill(-1, KILL)", syscall(SYS_kill, -1, SIGKILL));
	close(hold[1]);
	for (int i = 0; i < 2; i++) {
		if (waitpid(kids[i], &st, 0) != kids[i])
			return 1;
		out("%s child: %s", i ? "own" : "root", wait_status(st));
	}
	out("caller alive");
	return 0;
}

/* The effective set with CAP_KILL (5) or without. */
static int cap_kill(int on)
{
	struct { uint32_t version; int pid; } h = { 0x20080522, 0 };	/* version 3 */
	struct { uint32_t eff, perm, inh; } d[2];

	if (syscall(SYS_capget, &h, d) < 0)
		return -1;
	d[0].eff = on ? d[0].eff | 1u << 5 : d[0].eff & ~(1u << 5);
	return (int)syscall(SYS_capset, &h, d);
}

static int nokill(uid_t uid)
{
	int ready[2], hold[2], st;
	pid_t kid;
	char c;

	if (pipe(ready) < 0 || pipe(hold) < 0)
		return 1;
	kid = waiter(ready[1], hold, uid);
	close(hold[0]);
	if (read(ready[0], &c, 1) != 1)
		return 1;
	outcome("capset without CAP_KILL", cap_kill(0));
	outcome("kill child", syscall(SYS_kill, kid, 0));
	outcome("capset with CAP_KILL", cap_kill(1));
	outcome("kill child", syscall(SYS_kill, kid, 0));
	close(hold[1]);
	if (waitpid(kid, &st, 0) != kid)
		return 1;
	out("child: %s", wait_status(st));
	return 0;
}

/* kill(-1, SIGTERM) with nothing forking meanwhile: the in-guest
 * engine's scan of the run cannot hold forks off as the kernel does. */
static int all_run(void)
{
	int p[2], st;
	pid_t kids[2];
	char c;

	if (!kill_all_allowed()) {
		out("refused: kill(-1) would reach the whole machine");
		return 2;
	}
	if (pipe(p) < 0)
		return 1;
	kids[0] = sleeper(p[1], 0);
	kids[1] = sleeper(p[1], 1);
	for (int i = 0; i < 2; i++)
		if (read(p[0], &c, 1) != 1)
			return 1;
	outcome("kill(-1, 0)", syscall(SYS_kill, -1, 0));
	outcome("kill(-1, TERM)", syscall(SYS_kill, -1, SIGTERM));
	for (int i = 0; i < 2; i++) {
		if (waitpid(kids[i], &st, 0) != kids[i])
			return 1;
		out("child %d: %s", i, wait_status(st));
	}
	out("caller alive");
	return 0;
}

/* The group the caller was in (its parent's, burrow's under setsid)
 * keeps only the child and what else is in it. */
static int group_alone(const char *how)
{
	int p[2], st;
	pid_t pid;
	char c;

	if (pipe(p) < 0)
		return 1;
	pid = fork();
	if (pid == 0) {
		pid_t target = strcmp(how, "0") == 0 ? 0 : -getpgrp();

		close(p[1]);
		if (read(p[0], &c, 1) != 1)
			_exit(1);
		if (strcmp(how, "pidfd") == 0) {
			/* pidfd_open of burrow fails: its /proc directory. */
			char path[32];
			int fd;

			snprintf(path, sizeof path, "/proc/%d", (int)getpgrp());
			fd = open(path, O_RDONLY | O_DIRECTORY);
			if (fd < 0)
				outcome("open /proc/PGRP", fd);
			else
				outcome("pidfd group signal", syscall(SYS_pidfd_send_signal, fd,
								      SIGKILL, NULL,
								      PIDFD_SIGNAL_PROCESS_GROUP));
		} else {
			outcome("group kill", syscall(SYS_kill, target, SIGKILL));
		}
		_exit(1);
	}
	if (setpgid(0, 0) < 0 || write(p[1], "x", 1) != 1 || waitpid(pid, &st, 0) != pid)
		return 1;
	out("child: %s", wait_status(st));
	out("caller alive");
	return 7;
}

static int group(const char *how)
{
	int p[2];
	char c;
	pid_t pid;

	if (pipe(p) < 0)
		return 1;
	/* The survivor reads until every holder of the write end (the
	 * caller and its child) is gone. */
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		close(p[1]);
		while (read(p[0], &c, 1) > 0)
			;
		/* A call burrow stops at: the survivor cannot outrun the
		 * death of a tracer that was killed with the group. */
		char cwd[256];

		if (syscall(SYS_getcwd, cwd, sizeof cwd) < 0)
			_exit(1);
		out("survivor: the group is gone");
		_exit(0);
	}
	/* Both sides set it: the survivor leaves the group before the
	 * sender is born, whoever runs first. */
	setpgid(pid, pid);
	close(p[0]);
	pid = fork();
	if (pid == 0) {
		pid_t target = strcmp(how, "0") == 0 ? 0 : -getpgrp();

		syscall(SYS_kill, target, SIGKILL);
		out("group kill did not kill the sender");
		_exit(1);
	}
	waitpid(pid, NULL, 0);
	out("group kill did not kill the caller");
	return 1;
}

static int parent(void)
{
	pid_t pp = getppid();
	siginfo_t si;
	char path[64];
	int fd;

	memset(&si, 0, sizeof si);
	si.si_signo = SIGKILL;
	si.si_code = SI_QUEUE;
	si.si_pid = getpid();
	si.si_uid = getuid();
	outcome("kill", syscall(SYS_kill, pp, SIGKILL));
	outcome("tkill", syscall(SYS_tkill, pp, SIGKILL));
	outcome("tgkill", syscall(SYS_tgkill, pp, pp, SIGKILL));
	outcome("tgkill own tgid", syscall(SYS_tgkill, getpid(), pp, SIGKILL));
	outcome("rt_sigqueueinfo", syscall(SYS_rt_sigqueueinfo, pp, SIGKILL, &si));
	outcome("rt_tgsigqueueinfo", syscall(SYS_rt_tgsigqueueinfo, pp, pp, SIGKILL, &si));
	outcome("pidfd_open", syscall(SYS_pidfd_open, pp, 0));
	snprintf(path, sizeof path, "/proc/%d", (int)pp);
	fd = open(path, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		out("open /proc/PPID: %s", errname(errno));
	else
		outcome("pidfd_send_signal", syscall(SYS_pidfd_send_signal, fd, SIGKILL, NULL, 0));
	out("alive");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "all") == 0)
		return all();
	if (argc == 3 && strcmp(argv[1], "all-as") == 0)
		return all_as((uid_t)atoi(argv[2]));
	if (argc == 3 && strcmp(argv[1], "drop") == 0)
		return drop((uid_t)atoi(argv[2]), 0);
	if (argc == 3 && strcmp(argv[1], "drop-all") == 0)
		return drop((uid_t)atoi(argv[2]), 1);
	if (argc == 3 && strcmp(argv[1], "nokill") == 0)
		return nokill((uid_t)atoi(argv[2]));
	if (argc == 3 && strcmp(argv[1], "group") == 0)
		return group(argv[2]);
	if (argc == 3 && strcmp(argv[1], "group-alone") == 0)
		return group_alone(argv[2]);
	if (argc == 2 && strcmp(argv[1], "all-run") == 0)
		return all_run();
	if (argc == 2 && strcmp(argv[1], "parent") == 0)
		return parent();
	die_usage("sigsend all|all-run|all-as UID|drop UID|drop-all UID|nokill UID|group 0|group -pgrp|group-alone 0|-pgrp|pidfd|parent");
	return 2;
}
