/* The guest's signal handling under the runtime (HACKING.md "The
 * guest's own signal handling").  The runtime owns SIGSYS (its traps),
 * SIGSEGV and SIGBUS (the copies' faults): their real actions are its
 * own and no real mask blocks them, since the kernel kills a process
 * whose seccomp SIGSYS or fault is blocked.  The guest's actions and
 * its per-thread view of what it blocks of them are kept here and
 * played back: oldact and oldset report them, a signal of the guest's
 * is held while it "blocks" it and delivered when it unblocks.  Every
 * other signal's action and mask are the kernel's, with the owned
 * signals taken out of the masks the guest gives. */
#include <asm/unistd.h>
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "arch/rt-arch.h"
#include "trap.h"

#ifndef SYS_SECCOMP
#define SYS_SECCOMP 1
#endif
#define BIT(sig) (1UL << ((sig) - 1))
#define OWNED (BIT(SIGSYS) | BIT(SIGSEGV) | BIT(SIGBUS))
#define UNBLOCKABLE (BIT(SIGKILL) | BIT(SIGSTOP))
#define SIGSET_SIZE 8

static long sys4(long nr, long a, long b, long c, long d)
{
	return rt_syscall(nr, a, b, c, d, 0, 0);
}

static int owned_index(long sig)
{
	return sig == SIGSYS ? 0 : sig == SIGSEGV ? 1 : sig == SIGBUS ? 2 : -1;
}

/* ---- each thread's view ---- */

/* This thread's slot, or NULL.  With make, one is claimed, after the
 * slots of threads that are gone (exited, or the parent's after a fork)
 * when none is free; NULL when all are taken: the view is then lost. */
static struct rt_thread_sig *thread_slot(struct rt *rt, int make)
{
	int tid = (int)sys4(__NR_gettid, 0, 0, 0, 0);
	long pid = 0;

	for (int i = 0; i < RT_SIG_THREADS; i++)
		if (__atomic_load_n(&rt->threads[i].tid, __ATOMIC_ACQUIRE) == tid)
			return &rt->threads[i];
	if (!make)
		return NULL;
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < RT_SIG_THREADS; i++) {
			struct rt_thread_sig *t = &rt->threads[i];
			int was = __atomic_load_n(&t->tid, __ATOMIC_ACQUIRE);

			if (was && pass == 1) {
				if (!pid)
					pid = sys4(__NR_getpid, 0, 0, 0, 0);
				if (sys4(__NR_tgkill, pid, was, 0, 0) != -ESRCH)
					continue;
			} else if (was) {
				continue;
			}
			if (__atomic_compare_exchange_n(&t->tid, &was, tid, 0, __ATOMIC_ACQ_REL,
							__ATOMIC_ACQUIRE)) {
				t->blocked = 0;
				t->held = 0;
				return t;
			}
		}
	}
	return NULL;
}

/* Sets this thread's view to blocked; the slot is given back when it
 * blocks and holds nothing. */
static void set_view(struct rt *rt, struct rt_thread_sig **th, unsigned long blocked)
{
	if (!*th && blocked)
		*th = thread_slot(rt, 1);
	if (!*th)
		return;
	(*th)->blocked = blocked;
	if (!blocked && !(*th)->held) {
		__atomic_store_n(&(*th)->tid, 0, __ATOMIC_RELEASE);
		*th = NULL;
	}
}

/* ---- delivery ---- */

/* Dies of sig as its default action does (all three dump core): the
 * real action back to SIG_DFL, sig sent to this thread, never blocked. */
static void die_of(int sig)
{
	struct rt_sigaction dfl = { 0 };

	dfl.handler = (void *)SIG_DFL;
	sys4(__NR_rt_sigaction, sig, (long)&dfl, 0, SIGSET_SIZE);
	sys4(__NR_tgkill, sys4(__NR_getpid, 0, 0, 0, 0), sys4(__NR_gettid, 0, 0, 0, 0), sig, 0);
}

/* The kernel forces a fault and a seccomp SIGSYS: blocked or ignored,
 * the default action kills.  A kill's (si_code <= 0) is only sent. */
static int forced(int sig, const siginfo_t *si)
{
	if (sig == SIGSYS)
		return si->si_code == SYS_SECCOMP;
	return si->si_code > 0 && si->si_code != BUS_MCEERR_AO;
}

/* The guest's action for sig, as the kernel runs a handler: sa_mask and
 * sig (without SA_NODEFER) blocked while it runs, SA_RESETHAND.  The
 * handler gets uc with the guest's view of the mask; what it leaves
 * there is the view after it, as rt_sigreturn would restore it. */
static void run_action(struct rt *rt, int sig, siginfo_t *si, ucontext_t *uc)
{
	struct rt_sigaction *act = &rt->guest[owned_index(sig)];
	void (*h)(int, void *, void *) = act->handler;
	unsigned long *ucmask = rt_uc_sigmask(uc), extra, saved = 0;
	struct rt_thread_sig *th;
	unsigned long view;

	if (h == (void *)SIG_IGN)
		return;
	if (h == (void *)SIG_DFL) {
		die_of(sig);
		return;
	}
	if (act->flags & SA_RESETHAND)
		act->handler = (void *)SIG_DFL;
	th = thread_slot(rt, 0);
	view = th ? th->blocked : 0;
	set_view(rt, &th, view | (act->mask & OWNED) | ((act->flags & SA_NODEFER) ? 0 : BIT(sig)));
	extra = act->mask & ~OWNED & ~UNBLOCKABLE & ~*ucmask;
	if (extra)
		sys4(__NR_rt_sigprocmask, SIG_BLOCK, (long)&extra, (long)&saved, SIGSET_SIZE);
	*ucmask |= view;
	/* Three arguments whether SA_SIGINFO or not, as the kernel passes. */
	h(sig, si, uc);
	if (extra)
		sys4(__NR_rt_sigprocmask, SIG_SETMASK, (long)&saved, 0, SIGSET_SIZE);
	th = thread_slot(rt, 0);
	set_view(rt, &th, *ucmask & OWNED);
	*ucmask &= ~OWNED;
}

void rt_sig_deliver_held(struct rt *rt, ucontext_t *uc)
{
	struct rt_thread_sig *th = thread_slot(rt, 0);
	int first = 1;

	while (th && (th->held & ~th->blocked)) {
		int i = owned_index(SIGSYS);
		siginfo_t si;

		while (!(th->held & ~th->blocked & BIT(RT_OWNED_SIG(i))))
			i++;
		if (first) {
			/* The mask the call made, for the handler to run with. */
			sys4(__NR_rt_sigprocmask, SIG_SETMASK, (long)rt_uc_sigmask(uc), 0, SIGSET_SIZE);
			first = 0;
		}
		memcpy(&si, &th->info[i], sizeof(si));
		th->held &= ~BIT(RT_OWNED_SIG(i));
		set_view(rt, &th, th->blocked);
		run_action(rt, RT_OWNED_SIG(i), &si, uc);
		th = thread_slot(rt, 0);
	}
}

void rt_sig_deliver(struct rt *rt, int sig, siginfo_t *si, ucontext_t *uc)
{
	int i = owned_index(sig);
	struct rt_thread_sig *th = thread_slot(rt, 0);
	unsigned long blocked = th ? th->blocked : 0;
	void (*h)(int, void *, void *) = rt->guest[i].handler;

	if (forced(sig, si) &&
	    ((blocked & BIT(sig)) || h == (void *)SIG_IGN)) {
		die_of(sig);
		return;
	}
	if (blocked & BIT(sig)) {
		/* Standard signals do not queue: a second one merges. */
		if (!(th->held & BIT(sig)))
			memcpy(&th->info[i], si, sizeof(*si));
		th->held |= BIT(sig);
		return;
	}
	run_action(rt, sig, si, uc);
}

/* ---- the calls ---- */

/* rt_sigaction(sig, act, oldact, size).  An owned signal's action is the
 * guest's view only; any other's is the kernel's with the owned signals
 * out of sa_mask, which oldact shows again.  As the kernel: act is read
 * and set before oldact is written. */
static long sigaction_call(struct rt *rt, long sig, long uact, long uold, long size)
{
	struct rt_sigaction act, old;
	int i = owned_index(sig);
	long r;

	if (size != SIGSET_SIZE)
		return -EINVAL;
	if (uact && rt_copy(&act, (const void *)uact, sizeof(act)))
		return -EFAULT;
	if (i < 0) {
		unsigned long owned = sig >= 1 && sig <= 64 ? rt->sa_owned[sig - 1] : 0;

		if (uact) {
			unsigned long want = act.mask & OWNED;

			act.mask &= ~OWNED;
			r = sys4(__NR_rt_sigaction, sig, (long)&act, (long)&old, size);
			if (r < 0)
				return r;
			rt->sa_owned[sig - 1] = want;
		} else {
			r = sys4(__NR_rt_sigaction, sig, 0, (long)&old, size);
			if (r < 0)
				return r;
		}
		old.mask |= owned;
	} else {
		memcpy(&old, &rt->guest[i], sizeof(old));
		if (uact) {
			act.mask &= ~UNBLOCKABLE;
			memcpy(&rt->guest[i], &act, sizeof(act));
			/* A kill's signal interrupting a call restarts it or
			 * not as the guest's action says. */
			if ((act.flags ^ rt->real[i].flags) & SA_RESTART) {
				rt->real[i].flags ^= SA_RESTART;
				sys4(__NR_rt_sigaction, sig, (long)&rt->real[i], 0, SIGSET_SIZE);
			}
			/* Ignoring a signal discards it pending (this thread's). */
			struct rt_thread_sig *th = thread_slot(rt, 0);
			if (th && act.handler == (void *)SIG_IGN) {
				th->held &= ~BIT(sig);
				set_view(rt, &th, th->blocked);
			}
		}
	}
	if (uold && rt_copy((void *)uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* rt_sigprocmask(how, set, oldset, size), on the mask in uc that
 * rt_sigreturn restores (a change made here with the real call would be
 * undone there): the owned signals go to the view. */
static long sigprocmask_call(struct rt *rt, ucontext_t *uc, long how, long uset, long uold,
			     long size)
{
	unsigned long *ucmask = rt_uc_sigmask(uc), set, old, now;
	struct rt_thread_sig *th = thread_slot(rt, 0);

	if (size != SIGSET_SIZE)
		return -EINVAL;
	old = *ucmask | (th ? th->blocked : 0);
	now = old;
	if (uset) {
		if (rt_copy(&set, (const void *)uset, sizeof(set)))
			return -EFAULT;
		set &= ~UNBLOCKABLE;
		if (how == SIG_BLOCK)
			now = old | set;
		else if (how == SIG_UNBLOCK)
			now = old & ~set;
		else if (how == SIG_SETMASK)
			now = set;
		else
			return -EINVAL;
	}
	*ucmask = now & ~OWNED;
	set_view(rt, &th, now & OWNED);
	if (uold && rt_copy((void *)uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* A call that waits with a mask of the guest's (rt_sigsuspend, ppoll,
 * pselect6, epoll_pwait): made with the owned signals out of that mask,
 * which is the view while it waits.  The mask (umask, size) is a[arg],
 * or with pair what a[arg] points to (pselect6's pointer and size). */
static long masked_call(struct rt *rt, long nr, const long a[6], int arg, long umask, long size,
			int pair)
{
	long b[6] = { a[0], a[1], a[2], a[3], a[4], a[5] }, p[2];
	struct rt_thread_sig *th;
	unsigned long mask, view;
	long r;

	if (!umask)
		return rt_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	if (size != SIGSET_SIZE)
		return -EINVAL;
	if (rt_copy(&mask, (const void *)umask, sizeof(mask)))
		return -EFAULT;
	th = thread_slot(rt, 0);
	view = th ? th->blocked : 0;
	set_view(rt, &th, mask & OWNED);
	mask &= ~OWNED;
	p[0] = (long)&mask;
	p[1] = size;
	b[arg] = pair ? (long)p : (long)&mask;
	r = rt_syscall(nr, b[0], b[1], b[2], b[3], b[4], b[5]);
	th = thread_slot(rt, 0);
	set_view(rt, &th, view);
	return r;
}

/* pselect6's sixth argument: the mask's pointer and size, in memory. */
static long pselect_call(struct rt *rt, const long a[6])
{
	long pair[2] = { 0, 0 };

	if (a[5] && rt_copy(pair, (const void *)a[5], sizeof(pair)))
		return -EFAULT;
	return masked_call(rt, __NR_pselect6, a, 5, pair[0], pair[1], 1);
}

int rt_sig_call(struct rt *rt, long nr, const long a[6], ucontext_t *uc, long *res)
{
	switch (nr) {
	case __NR_rt_sigaction:
		*res = sigaction_call(rt, a[0], a[1], a[2], a[3]);
		return 1;
	case __NR_rt_sigprocmask:
		*res = sigprocmask_call(rt, uc, a[0], a[1], a[2], a[3]);
		return 1;
	case __NR_rt_sigsuspend:
		*res = masked_call(rt, nr, a, 0, a[0], a[1], 0);
		return 1;
	case __NR_ppoll:
		*res = masked_call(rt, nr, a, 3, a[3], a[4], 0);
		return 1;
	case __NR_pselect6:
		*res = pselect_call(rt, a);
		return 1;
	case __NR_epoll_pwait:
		*res = masked_call(rt, nr, a, 4, a[4], a[5], 0);
		return 1;
#ifdef __NR_epoll_pwait2
	case __NR_epoll_pwait2:
		*res = masked_call(rt, nr, a, 4, a[4], a[5], 0);
		return 1;
#endif
	}
	return 0;
}

size_t rt_signal_calls(struct rt_trap_when *w, size_t max)
{
	const struct rt_trap_when calls[] = {
		{ __NR_rt_sigaction, -1 },	/* oldact of any: its sa_mask */
		{ __NR_rt_sigprocmask, -1 },	/* oldset: the view */
		{ __NR_rt_sigsuspend, -1 },
		{ __NR_ppoll, 3 },
		{ __NR_pselect6, 5 },
		{ __NR_epoll_pwait, 4 },
#ifdef __NR_epoll_pwait2
		{ __NR_epoll_pwait2, 4 },
#endif
	};
	size_t n = sizeof(calls) / sizeof(calls[0]);

	for (size_t i = 0; i < n && i < max; i++)
		w[i] = calls[i];
	n += rt_kill_calls(w + n, max > n ? max - n : 0);
	return n + rt_site_traps(w + n, max > n ? max - n : 0);
}
