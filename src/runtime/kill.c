/* The in-guest runtime's signals that could reach burrow, by the ptrace
 * engine's rules (src/syscalls/signal.c; HACKING.md "The in-guest
 * engine", signals).  burrow runs as the guest's user and in its
 * process group, so the filter traps kill, tkill, tgkill,
 * rt_sigqueueinfo, rt_tgsigqueueinfo and pidfd_open when their pid is
 * <= 0 or burrow's (the run blob names it), and pidfd_send_signal
 * always; the runtime answers them in the caller, whose own kill() the
 * kernel judges as it would the guest's:
 *
 * - burrow's pid (its only thread's tid) is not there: ESRCH;
 * - kill(-1) reaches the run's processes only, every descendant of
 *   burrow (a subreaper: orphans stay under it) but burrow and the
 *   caller, with the kernel's result (0 when any was tried, EPERM not
 *   counted; ESRCH when none);
 * - kill(0), kill(-pgrp) and pidfd_send_signal's group signal of
 *   burrow's own group reach every member but burrow (0 when one got
 *   it); another group's go to the kernel unchanged.
 *
 * Races, unlike the kernel's, which holds forks off while it signals:
 * a process forked after the last scan of /proc is not signalled (a
 * guest that forks as fast as the runtime scans may keep a child; more
 * scans for SIGKILL and SIGSTOP make that rare: a fork loop escapes
 * kill(-1, SIGKILL) about once in 100 runs), and a process that leaves burrow's group between the scan and
 * the kill() is signalled all the same.  Neither lets a signal reach
 * burrow or a process outside the run.  Once burrow is gone, the
 * caller is no descendant of it: kill(-1) reaches no one (ESRCH), and
 * the rest go to the kernel, where they cannot reach burrow. */
#include <asm/unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>

#include "arch/rt-arch.h"
#include "trap-int.h"
#include "trap.h"

#define SIG_HIGHEST 64
#define SWEEP_PASSES 3
/* For SIGKILL and SIGSTOP, after which no process it reached forks: a
 * pass finds only children forked before their parent got it, so more
 * passes end a fork loop without looping forever. */
#define SWEEP_PASSES_STOPPING 64
#define PIDFD_SIGNAL_PROCESS_GROUP (1u << 2)	/* Linux 6.9 */
#define DENTS_SIZE (32 * 1024)
/* The processes a sweep remembers having tried. */
#define DONE_MAX 8192

struct dirent64 {
	uint64_t ino;
	int64_t off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

/* A process of one scan: its parent and group, and whether it
 * descends from burrow (0 unknown, 1 yes, 2 no). */
struct proc {
	int pid, ppid, pgrp;
	long start;		/* since boot: a reused pid is another */
	int ours;
};

/* What a sweep signals and what the kernel would answer. */
struct sweep {
	int pgrp;		/* 0 for kill(-1) */
	struct tried {
		int pid;
		long start;
	} *done;		/* tried already (DONE_MAX), on the call arena */
	size_t ndone;
	int count, all_ret, group_ret, success;
};

static long pass_on(long nr, const long a[6])
{
	return rt_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

static int pid_of(long arg)
{
	return (int)(int32_t)arg;	/* the kernel ignores the upper half */
}

/* The number at *p (optionally negative), *p moved past it; -1 when
 * there is none. */
static long parse_num(const char **p)
{
	const char *s = *p;
	long v = 0, neg = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '-')
		neg = 1, s++;
	if (*s < '0' || *s > '9')
		return -1;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0');
	*p = s;
	return neg ? -v : v;
}

static char *put_num(char *p, unsigned v)
{
	char d[12];
	int n = 0;

	do
		d[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n)
		*p++ = d[--n];
	*p = '\0';
	return p;
}

/* Up to size - 1 bytes of /proc/PID/file (PID 0: self), NUL-ended:
 * the length or -errno. */
static long proc_read(int pid, const char *file, char *buf, size_t size)
{
	char path[64] = "/proc/", *p = path + 6;
	long fd, n;

	if (pid)
		p = put_num(p, (unsigned)pid);
	else
		memcpy(p, "self", 5), p += 4;
	*p++ = '/';
	memcpy(p, file, strlen(file) + 1);
	fd = rt_syscall(__NR_openat, AT_FDCWD, (long)path, O_RDONLY | O_CLOEXEC, 0, 0, 0);
	if (fd < 0)
		return fd;
	n = rt_syscall(__NR_read, fd, (long)buf, (long)size - 1, 0, 0, 0);
	rt_syscall(__NR_close, fd, 0, 0, 0, 0, 0);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

/* Parent, group and start time of pid from its stat line ("pid (comm)
 * S ppid pgrp ..."; comm may hold spaces and parentheses; the start
 * time is field 22). */
static int proc_stat(int pid, int *ppid, int *pgrp, long *start)
{
	char buf[512];
	const char *p = NULL;
	long n = proc_read(pid, "stat", buf, sizeof(buf)), pp, pg;

	if (n < 0)
		return (int)n;
	for (long i = 0; i < n; i++)
		if (buf[i] == ')')
			p = buf + i + 1;
	if (!p || p[0] != ' ' || !p[1] || p[2] != ' ')
		return -ESRCH;
	p += 3;
	if ((pp = parse_num(&p)) < 0 || (pg = parse_num(&p)) < 0)
		return -ESRCH;
	for (int field = 6; field < 22; field++) {
		while (*p == ' ')
			p++;
		if (!*p)
			return -ESRCH;
		while (*p && *p != ' ')
			p++;
	}
	*ppid = (int)pp;
	*pgrp = (int)pg;
	*start = parse_num(&p);
	return 0;
}

/* Every process in /proc now, onto mem (the arena's last chunk, grown
 * in place), read with buf (DENTS_SIZE): how many in *n, and whether
 * one listed was gone before it was read (*gone: its children, born
 * meanwhile, may be missing).  0 or -errno. */
static int scan(TALLOC_CTX *mem, char *buf, struct proc **out, size_t *n, int *gone)
{
	struct proc *all = NULL;
	size_t cap = 0;
	long fd, got;

	*n = 0;
	*out = NULL;
	fd = rt_syscall(__NR_openat, AT_FDCWD, (long)"/proc",
			O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0, 0, 0);
	if (fd < 0)
		return (int)fd;
	while ((got = rt_syscall(__NR_getdents64, fd, (long)buf, DENTS_SIZE, 0, 0, 0)) > 0) {
		for (long off = 0; off < got;) {
			struct dirent64 *de = (struct dirent64 *)(buf + off);
			const char *p = de->name;
			long pid = parse_num(&p);
			struct proc pr;

			off += de->reclen;
			if (pid <= 0 || *p)
				continue;
			if (proc_stat((int)pid, &pr.ppid, &pr.pgrp, &pr.start) < 0) {
				*gone = 1;
				continue;
			}
			if (*n == cap) {
				cap = cap ? 2 * cap : 256;
				all = talloc_realloc(mem, all, struct proc, cap);
				if (!all) {
					rt_syscall(__NR_close, fd, 0, 0, 0, 0, 0);
					return -ENOMEM;
				}
				*out = all;
			}
			pr.pid = (int)pid;
			pr.ours = 0;
			all[(*n)++] = pr;
		}
	}
	rt_syscall(__NR_close, fd, 0, 0, 0, 0, 0);
	return got < 0 ? (int)got : 0;
}

/* all[i] of pid, or n: /proc lists pids in ascending order, so a
 * binary search first, then one by one should a scan be out of order. */
static size_t find(const struct proc *all, size_t n, int pid)
{
	size_t lo = 0, hi = n, i = 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (all[mid].pid == pid)
			return mid;
		if (all[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (i < n && all[i].pid != pid)
		i++;
	return i;
}

/* Where the chain from all[i] up ends: 1 at burrow, 2 at a root
 * (pid 0 as the parent) or at a process known to be neither, 0 broken
 * (a parent the scan does not hold), with *at the last process. */
static int chain_end(const struct proc *all, size_t n, size_t i, int burrow, size_t *at)
{
	size_t j = i, k;

	for (size_t steps = 0; steps <= n; steps++) {
		*at = j;
		if (all[j].ours)
			return all[j].ours;
		if (all[j].ppid == burrow)
			return 1;
		if (all[j].ppid <= 0)
			return 2;
		k = find(all, n, all[j].ppid);
		if (k == n)
			return 0;
		j = k;
	}
	return 0;	/* a loop: pids reused meanwhile */
}

/* Whether all[i] descends from burrow, remembered along its chain.  A
 * scan is no snapshot: a chain broken by a parent that exited since had
 * its children reparented first (to burrow, the subreaper, in the run),
 * so the parents along it are read again, a few times. */
static int descends(struct proc *all, size_t n, size_t i, int burrow)
{
	int verdict = 0, ppid, pgrp;
	long start;
	size_t at, j;

	for (int tries = 0; tries < 4 && !(verdict = chain_end(all, n, i, burrow, &at)); tries++)
		for (j = i;; j = find(all, n, all[j].ppid)) {
			if (proc_stat(all[j].pid, &ppid, &pgrp, &start) == 0)
				all[j].ppid = ppid;
			if (j == at || find(all, n, all[j].ppid) == n)
				break;
		}
	if (!verdict)
		return 0;
	for (j = i; j < n && !all[j].ours; j = find(all, n, all[j].ppid)) {
		all[j].ours = verdict;
		if (j == at)
			break;
	}
	return verdict == 1;
}

/* The kernel's results: kill(-1) counts what it tried and keeps the
 * last error but EPERM; a group kill succeeds when one got it, else
 * keeps the last error. */
static void tally(struct sweep *w, long r)
{
	if (r == -ESRCH)
		return;
	w->count++;
	if (r != -EPERM)
		w->all_ret = (int)r;
	w->success |= r == 0;
	w->group_ret = (int)r;
}

/* Signals every process of w not tried yet, over up to SWEEP_PASSES
 * scans (a process that forked meanwhile has its child found by the
 * next) while one finds any.
 * 0, or -errno when the runtime could not look. */
static int sweep(struct rt *rt, TALLOC_CTX *mem, struct sweep *w, int sig)
{
	int self = (int)rt_syscall(__NR_getpid, 0, 0, 0, 0, 0, 0);
	int found = 1, rc = 0;
	int passes = sig == SIGKILL || sig == SIGSTOP ? SWEEP_PASSES_STOPPING : SWEEP_PASSES;
	/* Before the scans' memory, which each pass gives back. */
	char *buf;

	w->all_ret = 0;
	w->group_ret = -ESRCH;
	w->done = talloc_array(mem, struct tried, DONE_MAX);
	buf = talloc_size(mem, DENTS_SIZE);
	if (!w->done || !buf)
		return -ENOMEM;
	for (int pass = 0; pass < passes && found && rc == 0; pass++) {
		struct proc *all;
		size_t n;

		/* A pass that saw a process go may have missed its child. */
		found = 0;
		rc = scan(mem, buf, &all, &n, &found);
		/* burrow gone: the run cannot be told from the rest. */
		if (rc == 0 && !w->pgrp &&
		    (find(all, n, self) == n || !descends(all, n, find(all, n, self), rt->burrow_pid)))
			n = 0;
		for (size_t i = 0; rc == 0 && i < n; i++) {
			int pid = all[i].pid;
			size_t d = 0;

			if (pid == rt->burrow_pid)
				continue;
			if (w->pgrp ? all[i].pgrp != w->pgrp
				    : pid <= 1 || pid == self || !descends(all, n, i, rt->burrow_pid))
				continue;
			while (d < w->ndone &&
			       (w->done[d].pid != pid || w->done[d].start != all[i].start))
				d++;
			if (d < w->ndone)
				continue;
			/* Past DONE_MAX a later pass may signal one again. */
			if (w->ndone < DONE_MAX)
				w->done[w->ndone++] = (struct tried){ pid, all[i].start };
			found = 1;
			/* The caller last: a SIGKILL to itself ends it at once. */
			if (pid != self)
				tally(w, rt_syscall(__NR_kill, pid, sig, 0, 0, 0, 0));
		}
		talloc_free(all);
	}
	for (size_t d = 0; d < w->ndone; d++)
		if (w->done[d].pid == self)
			tally(w, rt_syscall(__NR_kill, self, sig, 0, 0, 0, 0));
	return rc;
}

/* Group pgrp (burrow's), or for 0 as kill(-1) does. */
static long kill_many(struct rt *rt, TALLOC_CTX *mem, int pgrp, int sig)
{
	struct sweep w = { .pgrp = pgrp };
	int rc;

	if (sig < 0 || sig > SIG_HIGHEST)
		return -EINVAL;
	rc = sweep(rt, mem, &w, sig);
	if (rc < 0)
		return rc;
	if (!pgrp)
		return w.count ? w.all_ret : -ESRCH;
	return w.success ? 0 : w.group_ret;
}

/* burrow's group when pgrp is it, else 0 (another group, or burrow
 * gone): the kernel's alone. */
static int burrows_group(struct rt *rt, int pgrp)
{
	long bg = rt_syscall(__NR_getpgid, rt->burrow_pid, 0, 0, 0, 0, 0);

	return pgrp > 0 && bg == pgrp ? pgrp : 0;
}

static long kill_call(struct rt *rt, TALLOC_CTX *mem, const long a[6])
{
	int pid = pid_of(a[0]), pgrp;

	if (pid == rt->burrow_pid)
		return -ESRCH;
	if (pid == -1)
		return kill_many(rt, mem, 0, (int)a[1]);
	if (pid > 0 || pid == INT_MIN)
		return pass_on(__NR_kill, a);
	pgrp = pid ? -pid : (int)rt_syscall(__NR_getpgid, 0, 0, 0, 0, 0, 0);
	if (!burrows_group(rt, pgrp))
		return pass_on(__NR_kill, a);
	return kill_many(rt, mem, pgrp, (int)a[1]);
}

/* The process a pidfd, or a /proc/PID directory's fd, names; 0 when
 * unknown (the kernel then decides). */
static int pidfd_target(TALLOC_CTX *mem, int fd)
{
	char info[32] = "fdinfo/", *buf = talloc_size(mem, RT_PATH_MAX);
	const char *p;
	long n;

	if (!buf || fd < 0)
		return 0;
	put_num(info + 7, (unsigned)fd);
	if (proc_read(0, info, buf, RT_PATH_MAX) > 0) {
		for (p = buf; *p; p++)
			if (p[0] == '\n' && !strncmp(p + 1, "Pid:", 4)) {
				p += 5;
				n = parse_num(&p);
				return n > 0 ? (int)n : 0;
			}
	}
	if (rt_fd_link(mem, fd, buf, NULL) < 0 || strncmp(buf, "/proc/", 6))
		return 0;
	p = buf + 6;
	n = parse_num(&p);
	return n > 0 && !*p ? (int)n : 0;
}

/* PIDFD_SIGNAL_PROCESS_GROUP signals the group the target leads (its
 * pid as a group id: ESRCH from the kernel when it leads none). */
static long pidfd_send_signal_call(struct rt *rt, TALLOC_CTX *mem, const long a[6])
{
	int target = pidfd_target(mem, (int)a[0]);

	if (target <= 0)
		return pass_on(__NR_pidfd_send_signal, a);
	if (target == rt->burrow_pid)
		return -ESRCH;
	if (((unsigned)a[3] & PIDFD_SIGNAL_PROCESS_GROUP) && burrows_group(rt, target))
		return kill_many(rt, mem, target, (int)a[1]);
	return pass_on(__NR_pidfd_send_signal, a);
}

int rt_kill_call(struct rt *rt, int tid, long nr, const long a[6], long *res)
{
	int self = rt->burrow_pid;
	struct rt_hold h;
	long r;

	switch (nr) {
	case __NR_kill:
	case __NR_pidfd_send_signal:
		break;
	case __NR_tkill:
	case __NR_rt_sigqueueinfo:
	case __NR_pidfd_open:
		*res = self && pid_of(a[0]) == self ? -ESRCH : pass_on(nr, a);
		return 1;
	case __NR_tgkill:
	case __NR_rt_tgsigqueueinfo:
		*res = self && (pid_of(a[0]) == self || pid_of(a[1]) == self) ? -ESRCH
									    : pass_on(nr, a);
		return 1;
	default:
		return 0;
	}
	if (!self) {
		*res = pass_on(nr, a);
		return 1;
	}
	if ((r = rt_arena_take(rt, tid, &h)) < 0) {
		*res = r;
		return 1;
	}
	*res = nr == __NR_kill ? kill_call(rt, h.ar->ctx, a) : pidfd_send_signal_call(rt, h.ar->ctx, a);
	rt_arena_give(&h);
	return 1;
}

size_t rt_kill_calls(struct rt_trap_when *w, size_t max)
{
	const struct rt_trap_when calls[] = {
		{ __NR_kill, RT_TRAP_PID(0) },
		{ __NR_tkill, RT_TRAP_PID(0) },
		{ __NR_tgkill, RT_TRAP_PID(0) },
		{ __NR_rt_sigqueueinfo, RT_TRAP_PID(0) },
		{ __NR_rt_tgsigqueueinfo, RT_TRAP_PID(0) },
		{ __NR_pidfd_open, RT_TRAP_PID(0) },
		{ __NR_pidfd_send_signal, -1 },	/* its target is behind an fd */
	};
	size_t n = sizeof(calls) / sizeof(calls[0]);

	for (size_t i = 0; i < n && i < max; i++)
		w[i] = calls[i];
	return n;
}
