/* Signals the guest sends: none may reach burrow.  burrow runs as the
 * guest's user and in its process group, so kill(-1), kill(0) and
 * kill(-pgrp) would hit burrow too, and burrow's death takes every
 * tracee with it (PTRACE_O_EXITKILL).  The filter stops these calls only
 * when their pid is <= 0 or burrow's own (seccomp.c, trap_if_pid), and
 * pidfd_send_signal always:
 *
 * - burrow's pid is not visible: ESRCH, as in a pid namespace;
 * - kill(-1) reaches the other processes burrow traces, not the rest of
 *   the user's (README, Usage);
 * - kill(0) and kill(-pgrp) of burrow's own group reach every member
 *   but burrow; another group's go to the kernel unchanged.
 *
 * burrow sends the emulated signals itself: receivers see burrow's pid
 * in si_pid.  When the caller's credentials are not burrow's (a root
 * guest that dropped to another uid), the kernel's permission rule is
 * applied per target first (signal_permitted).
 *
 * Under -0/-i the credentials that count are the faked ones, of sender
 * and target alike (a process burrow does not trace shows the user's
 * ids as the faked ones, as its files do), and the calls stop for every
 * pid: a positive one goes to the kernel once the rule allows it, and
 * every group kill is sent by burrow.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/autoclose.h"
#include "syscalls/syscalls.h"
#include "tracee/tracee.h"

/* pidfd_send_signal's flags (linux/pidfd.h, Linux 6.9). */
#define PIDFD_SIGNAL_PROCESS_GROUP (1u << 2)
/* The kernel's highest signal (_NSIG). */
#define SIG_HIGHEST 64

static pid_t arg_pid(const struct tracee *t, unsigned i)
{
	/* pid_t is an int: the kernel ignores the upper half. */
	return (pid_t)(int32_t)arch_arg(&t->stop.regs, i);
}

/* The result the tracee sees for a call burrow made for it: 0 once
 * it was made, its error passed on. */
static int emulate_rc(struct tracee *t, int rc)
{
	return rc < 0 ? rc : syscall_emulate(t, 0);
}

ssize_t proc_read(pid_t pid, const char *file, char *buf, size_t size)
{
	char name[64];
	AUTOCLOSE int fd = -1;
	ssize_t n;

	snprintf(name, sizeof(name), "/proc/%d/%s", (int)pid, file);
	fd = open(name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return n;
}

/* Fields 5 and 6 of /proc/PID/stat: the process group and session.
 * The command name before them may hold spaces and parentheses. */
static int proc_pgrp(pid_t pid, pid_t *pgrp, pid_t *sid)
{
	char buf[512], *p;
	ssize_t n = proc_read(pid, "stat", buf, sizeof(buf));
	int pg, s;

	if (n < 0)
		return (int)n;
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1, " %*c %*d %d %d", &pg, &s) != 2)
		return -ESRCH;
	*pgrp = pg;
	if (sid)
		*sid = s;
	return 0;
}

/* Real, effective and saved uid, CAP_KILL and session of pid. */
static int proc_cred(pid_t pid, struct sig_cred *c)
{
	char buf[2048], *p;
	unsigned long long caps;
	unsigned r, e, s;
	ssize_t n = proc_read(pid, "status", buf, sizeof(buf));
	pid_t pgrp;

	if (n < 0)
		return (int)n;
	p = strstr(buf, "\nUid:");
	if (!p || sscanf(p + 5, "%u %u %u", &r, &e, &s) != 3)
		return -ESRCH;
	c->ruid = r;
	c->euid = e;
	c->suid = s;
	p = strstr(buf, "\nCapEff:");
	c->cap_kill = p && sscanf(p + 8, "%llx", &caps) == 1 && (caps >> CAP_KILL) & 1;
	return proc_pgrp(pid, &pgrp, &c->sid);
}

/* The kernel's kill_ok_by_cred, and SIGCONT within a session. */
bool signal_permitted(const struct sig_cred *from, const struct sig_cred *to, int sig)
{
	if (from->euid == to->suid || from->euid == to->ruid ||
	    from->ruid == to->suid || from->ruid == to->ruid || from->cap_kill)
		return true;
	return sig == SIGCONT && from->sid == to->sid;
}

/* What the sender of an emulated call is, and whether burrow's own
 * kill() already answers as the kernel would answer it. */
struct sender {
	struct sig_cred cred;
	bool same_as_burrow;
};

/* The credentials of pid as the kernel would compare them: the faked
 * ones of a tracee under -0/-i, the real ones otherwise (the user's own
 * shown as the faked ids). */
static int target_cred(struct tracer *tr, pid_t pid, struct sig_cred *c)
{
	const struct fake_ids *f = tr->fake;
	struct tracee *t = f ? tracee_cred_of(tr, pid) : NULL;
	int rc;

	if (t) {
		c->ruid = t->cred.ruid;
		c->euid = t->cred.euid;
		c->suid = t->cred.suid;
		c->cap_kill = cred_capable(&t->cred, CAP_KILL);
		return proc_pgrp(pid, &(pid_t){ 0 }, &c->sid);
	}
	rc = proc_cred(pid, c);
	if (rc < 0 || !f)
		return rc;
	c->ruid = fake_shown_uid(f, c->ruid);
	c->euid = fake_shown_uid(f, c->euid);
	c->suid = fake_shown_uid(f, c->suid);
	c->cap_kill = false;
	return 0;
}

static int sender_of(const struct tracee *t, struct sender *s)
{
	struct sig_cred self;
	int rc;

	if (t->tracer->fake) {
		s->same_as_burrow = false;
		s->cred.ruid = t->cred.ruid;
		s->cred.euid = t->cred.euid;
		s->cred.suid = t->cred.suid;
		s->cred.cap_kill = cred_capable(&t->cred, CAP_KILL);
		return proc_pgrp(t->pid, &(pid_t){ 0 }, &s->cred.sid);
	}
	rc = proc_cred(t->pid, &s->cred);
	if (rc < 0)
		return rc;
	rc = proc_cred(getpid(), &self);
	if (rc < 0)
		return rc;
	s->same_as_burrow = s->cred.ruid == self.ruid && s->cred.euid == self.euid &&
			    s->cred.cap_kill == self.cap_kill;
	return 0;
}

/* Sends sig to process pid on the sender's behalf: 0, -EPERM, or
 * -ESRCH when it is gone. */
static int send_one(struct tracer *tr, const struct sender *s, pid_t pid, int sig)
{
	struct sig_cred to;

	if (!s->same_as_burrow) {
		if (target_cred(tr, pid, &to) < 0)
			return -ESRCH;
		if (!signal_permitted(&s->cred, &to, sig))
			return -EPERM;
	}
	return kill(pid, sig) < 0 ? -errno : 0;
}

static bool valid_signal(int sig)
{
	return sig >= 0 && sig <= SIG_HIGHEST;
}

/* TracerPid of /proc/PID/status: burrow's for every guest process,
 * also a child whose fork event burrow has not seen yet. */
static pid_t proc_tracer(pid_t pid)
{
	char buf[2048], *p;

	if (proc_read(pid, "status", buf, sizeof(buf)) <= 0)
		return 0;
	p = strstr(buf, "\nTracerPid:");
	return p ? (pid_t)strtol(p + 11, NULL, 10) : 0;
}

/* Whom a sweep signals: kill(-1)'s targets, or a group's members. */
struct sweep {
	pid_t pgrp;			/* 0 for kill(-1) */
	pid_t *done;			/* already tried, on scratch */
	size_t ndone;
	/* The kernel's results: kill(-1) counts what it tried and keeps
	 * the last error but EPERM; a group kill succeeds when one got it,
	 * else keeps the last error. */
	int count, all_ret, group_ret;
	bool success;
};

/* Passes over /proc: a process that forked while a pass ran has its
 * child signalled in the next (the kernel holds forks off while it
 * signals).  Bounded, since a guest may fork as fast as burrow scans. */
#define SWEEP_PASSES 3

static bool sweep_wants(const struct tracee *t, const struct sweep *w, pid_t pid, pid_t self)
{
	pid_t pg;

	for (size_t i = 0; i < w->ndone; i++)
		if (w->done[i] == pid)
			return false;
	if (w->pgrp)
		return pid != self && proc_pgrp(pid, &pg, NULL) == 0 && pg == w->pgrp;
	return pid > 1 && pid != t->tgid && proc_tracer(pid) == self;
}

/* Sends sig to every process w names: 0, or -errno when burrow could
 * not look (the tally in w is then incomplete). */
static int sweep(struct tracee *t, struct sweep *w, int sig)
{
	pid_t self = getpid();
	struct sender s;
	int rc = sender_of(t, &s);
	bool found = true;

	if (rc < 0)
		return rc;
	w->all_ret = 0;
	w->group_ret = -ESRCH;
	for (int pass = 0; pass < SWEEP_PASSES && found; pass++) {
		struct dirent *de;
		DIR *d = opendir("/proc");

		if (!d)
			return -errno;
		found = false;
		while ((de = readdir(d)) != NULL) {
			pid_t pid = (pid_t)strtol(de->d_name, NULL, 10), *grown;

			if (!isdigit((unsigned char)de->d_name[0]) || !sweep_wants(t, w, pid, self))
				continue;
			grown = talloc_realloc(t->stop.scratch, w->done, pid_t, w->ndone + 1);
			if (!grown) {
				closedir(d);
				return -ENOMEM;
			}
			w->done = grown;
			w->done[w->ndone++] = pid;
			found = true;
			rc = send_one(t->tracer, &s, pid, sig);
			if (rc == -ESRCH)
				continue;
			w->count++;
			if (rc != -EPERM)
				w->all_ret = rc;
			w->success |= rc == 0;
			w->group_ret = rc;
		}
		closedir(d);
	}
	return 0;
}

/* Sends sig to process group pgrp, which burrow belongs to (every other
 * member gets it, the caller included), or for pgrp 0 as kill(-1) does
 * (every other traced process; ESRCH when there is none). */
static int kill_many(struct tracee *t, pid_t pgrp, int sig)
{
	struct sweep w = { .pgrp = pgrp };
	int rc;

	if (!valid_signal(sig))
		return -EINVAL;
	rc = sweep(t, &w, sig);
	if (rc < 0)
		return rc;
	if (!pgrp)
		return w.count ? w.all_ret : -ESRCH;
	return w.success ? 0 : w.group_ret;
}

/* The process group kill(pid) names for pid 0 or below -1: the
 * caller's, or -pid; -1 when the caller is gone (the kernel decides). */
static pid_t kill_pgrp(const struct tracee *t, pid_t pid)
{
	return pid == 0 ? getpgid(t->pid) : -pid;
}

int sys_kill_enter(struct tracee *t)
{
	pid_t pid = arg_pid(t, 0), pgrp;
	int sig = (int)arch_arg(&t->stop.regs, 1);

	if (pid == getpid())
		return -ESRCH;
	if (pid == -1)
		return emulate_rc(t, kill_many(t, 0, sig));
	if (pid > 0 || pid == INT32_MIN)
		return 0;
	pgrp = kill_pgrp(t, pid);
	if (pgrp <= 0 || pgrp != getpgid(0))
		return 0;
	return emulate_rc(t, kill_many(t, pgrp, sig));
}

/* tkill(tid), tgkill(tgid, tid), rt_sigqueueinfo(tgid),
 * rt_tgsigqueueinfo(tgid, tid), pidfd_open(pid): burrow's own pid (its
 * only thread's tid) is not there. */
int sys_signal_pid_enter(struct tracee *t)
{
	pid_t self = getpid();
	bool two = t->stop.sc == SC_tgkill || t->stop.sc == SC_rt_tgsigqueueinfo;

	if (arg_pid(t, 0) == self || (two && arg_pid(t, 1) == self))
		return -ESRCH;
	return 0;
}

/* The process a pidfd (or a /proc/PID directory) names, or 0. */
static pid_t pidfd_target(struct tracee *t, int fd)
{
	char *name = talloc_asprintf(t->stop.scratch, "/proc/%d/fdinfo/%d", (int)t->pid, fd);
	char buf[1024], *p, *link;
	AUTOCLOSE int info = -1;
	ssize_t n;
	int pid;

	if (!name)
		return 0;
	info = open(name, O_RDONLY | O_CLOEXEC);
	if (info >= 0 && (n = read(info, buf, sizeof(buf) - 1)) > 0) {
		buf[n] = '\0';
		p = strstr(buf, "\nPid:");
		if (p && sscanf(p + 5, "%d", &pid) == 1)
			return pid;
	}
	name = talloc_asprintf(t->stop.scratch, "/proc/%d/fd/%d", (int)t->pid, fd);
	if (!name || host_readlink(t->stop.scratch, name, &link) < 0)
		return 0;
	/* pidfd_send_signal takes a /proc/PID directory too (Linux 5.1). */
	if (strncmp(link, "/proc/", 6) != 0 || !link[6] ||
	    strspn(link + 6, "0123456789") != strlen(link + 6))
		return 0;
	return (pid_t)strtol(link + 6, NULL, 10);
}

/* pidfd_send_signal's target (0 when unknown) and, when it signals the
 * target's whole process group (Linux 6.9), that group in *pgrp: 0 for
 * a signal to the process alone, -1 when the group is unknown. */
static pid_t pidfd_signal_target(struct tracee *t, pid_t *pgrp)
{
	pid_t target = pidfd_target(t, (int)arch_arg(&t->stop.regs, 0));
	unsigned flags = (unsigned)arch_arg(&t->stop.regs, 3);

	*pgrp = 0;
	if (target > 0 && (flags & PIDFD_SIGNAL_PROCESS_GROUP) &&
	    proc_pgrp(target, pgrp, NULL) < 0)
		*pgrp = -1;
	return target;
}

int sys_pidfd_send_signal_enter(struct tracee *t)
{
	pid_t pgrp, target = pidfd_signal_target(t, &pgrp);
	int sig = (int)arch_arg(&t->stop.regs, 1);

	if (target <= 0)
		return 0;
	if (target == getpid())
		return -ESRCH;
	if (pgrp <= 0 || pgrp != getpgid(0))
		return 0;
	return emulate_rc(t, kill_many(t, pgrp, sig));
}

/* ---- under -0/-i: the faked credentials decide ------------------------- */

/* 0 when the tracee may signal pid by the kernel's rule, -EPERM when
 * not; a target that is gone, or a bad signal, is the kernel's to
 * report (0). */
static int may_signal(struct tracee *t, pid_t pid, int sig)
{
	struct tracee *target = pid > 0 ? tracee_find(t->tracer, pid) : NULL;
	struct sender s;
	struct sig_cred to;

	/* Its own thread group (raise, pthread_kill, a runtime's preemption
	 * signals): the kernel always allows it, and it is the common case. */
	if (pid == t->tgid || (target && target->tgid == t->tgid))
		return 0;
	if (pid <= 0 || !valid_signal(sig) || sender_of(t, &s) < 0 ||
	    target_cred(t->tracer, pid, &to) < 0)
		return 0;
	return signal_permitted(&s.cred, &to, sig) ? 0 : -EPERM;
}

int sys_kill_fake(struct tracee *t)
{
	pid_t pid = arg_pid(t, 0), pgrp;
	int sig = (int)arch_arg(&t->stop.regs, 1);

	if (pid > 0)
		return may_signal(t, pid, sig);
	if (pid == -1 || pid == INT32_MIN)
		return 0;
	/* Another group than burrow's (sys_kill_enter sent those). */
	pgrp = kill_pgrp(t, pid);
	if (pgrp <= 0)
		return 0;
	return emulate_rc(t, kill_many(t, pgrp, sig));
}

/* tkill(tid, sig), tgkill(tgid, tid, sig), rt_sigqueueinfo(tgid, sig),
 * rt_tgsigqueueinfo(tgid, tid, sig); pidfd_open asks no permission.
 * tgkill's tgid must hold tid: the kernel says ESRCH otherwise. */
int sys_signal_pid_fake(struct tracee *t)
{
	bool two = t->stop.sc == SC_tgkill || t->stop.sc == SC_rt_tgsigqueueinfo;

	if (t->stop.sc == SC_pidfd_open)
		return 0;
	return may_signal(t, arg_pid(t, two ? 1 : 0), (int)arch_arg(&t->stop.regs, two ? 2 : 1));
}

int sys_pidfd_send_signal_fake(struct tracee *t)
{
	pid_t pgrp, target = pidfd_signal_target(t, &pgrp);
	int sig = (int)arch_arg(&t->stop.regs, 1);

	if (target <= 0 || pgrp < 0)
		return 0;
	if (pgrp > 0)
		return emulate_rc(t, kill_many(t, pgrp, sig));
	return may_signal(t, target, sig);
}
