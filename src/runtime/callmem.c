/* The runtime's call arenas (trap-int.h).  A trapped call allocates only
 * on its thread's arena, so threads of a process trap at once; a call
 * notes the arena's used at entry and puts it back at exit (trap.c), so
 * a guest handler that traps inside a trapped call nests like a stack.
 * Freestanding: raw calls from the runtime's text. */
#include <asm/unistd.h>
#include <errno.h>
#include <linux/kcmp.h>
#include <linux/mman.h>

#include "arch/rt-arch.h"
#include "trap-int.h"
#include "trap.h"

static long sys(long nr, long a1, long a2, long a3, long a4, long a5)
{
	return rt_syscall(nr, a1, a2, a3, a4, a5, 0);
}

/* Can tid's arena be taken?  When tid is gone, or lives in another copy
 * of this memory: a fork child inherits the slots its parent's threads
 * held.  A vfork child shares the memory, so neither it nor its
 * parent's threads take the other's (tgkill alone would say ESRCH
 * across the two processes).  kcmp (Linux 3.5, CONFIG_KCMP) refused
 * says "shared": the caller waits rather than corrupt a live call. */
static int holder_gone(long pid, int tid)
{
	long r;

	if (sys(__NR_tgkill, pid, tid, 0, 0, 0) != -ESRCH)
		return 0;	/* a thread of this process */
	r = sys(__NR_kcmp, pid, tid, KCMP_VM, 0, 0);
	return r == -ESRCH || r == 1 || r == 2;
}

static int map_arena(struct rt *rt, struct rt_arena *ar)
{
	long mem;

	if (ar->ctx)
		return 0;
	mem = sys(__NR_mmap, 0, (long)rt->call_size, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1);
	if (mem < 0 && mem > -4096)
		return (int)mem;
	ar->ctx = arena_init(&ar->a, (void *)mem, rt->call_size);
	if (!ar->ctx) {
		sys(__NR_munmap, mem, (long)rt->call_size, 0, 0, 0);
		return -ENOMEM;
	}
	return 0;
}

struct rt_arena *rt_arena_hold(struct rt *rt, int tid, int *nested)
{
	long pid = 0;

	for (int i = 0; i < RT_ARENAS; i++)
		if (__atomic_load_n(&rt->arenas[i].tid, __ATOMIC_ACQUIRE) == tid) {
			*nested = 1;
			return &rt->arenas[i];
		}
	*nested = 0;
	for (;;) {
		/* Free mapped ones first, then taken ones whose holder is gone,
		 * then free ones still to map: a vfork child that exec'd leaves
		 * its arena held by a tid that lives in another memory, and its
		 * parent's next call takes that one back instead of mapping one
		 * more each round. */
		for (int pass = 0; pass < 3; pass++) {
			for (int i = 0; i < RT_ARENAS; i++) {
				struct rt_arena *ar = &rt->arenas[i];
				int was = __atomic_load_n(&ar->tid, __ATOMIC_ACQUIRE);

				if ((pass == 1) != (was != 0))
					continue;
				if (pass == 0 && !ar->ctx)
					continue;
				if (was) {
					if (!pid)
						pid = sys(__NR_getpid, 0, 0, 0, 0, 0);
					if (!holder_gone(pid, was))
						continue;
				}
				if (!__atomic_compare_exchange_n(&ar->tid, &was, tid, 0,
								 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
					continue;
				/* A taken one keeps its used: the call it held may be
				 * the one a fork child's handler interrupted. */
				if (map_arena(rt, ar) < 0) {
					__atomic_store_n(&ar->tid, 0, __ATOMIC_RELEASE);
					return NULL;
				}
				return ar;
			}
		}
		sys(__NR_sched_yield, 0, 0, 0, 0, 0);
	}
}

void rt_arena_release(struct rt_arena *ar)
{
	__atomic_store_n(&ar->tid, 0, __ATOMIC_RELEASE);
}

struct rt_arena *rt_arena_of(struct rt *rt, const void *ctx)
{
	for (int i = 0; i < RT_ARENAS; i++)
		if (rt->arenas[i].ctx == ctx)
			return &rt->arenas[i];
	return NULL;
}

int rt_arena_take(struct rt *rt, int tid, struct rt_hold *h)
{
	if (!(h->ar = rt_arena_hold(rt, tid, &h->nested)))
		return -ENOMEM;
	h->mark = h->ar->a.used;
	return 0;
}

void rt_arena_give(const struct rt_hold *h)
{
	h->ar->a.used = h->mark;
	if (!h->nested)
		rt_arena_release(h->ar);
}

int rt_sig_lock(struct rt *rt, int tid)
{
	int owner = __atomic_load_n(&rt->owner, __ATOMIC_ACQUIRE);
	long pid = 0;

	if (owner == tid)
		return 1;
	for (unsigned spins = 1;; spins++) {
		owner = 0;
		if (__atomic_compare_exchange_n(&rt->owner, &owner, tid, 0, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return 0;
		if (!(spins % 64)) {
			if (!pid)
				pid = sys(__NR_getpid, 0, 0, 0, 0, 0);
			if (holder_gone(pid, owner))
				__atomic_compare_exchange_n(&rt->owner, &owner, 0, 0,
							    __ATOMIC_RELAXED, __ATOMIC_RELAXED);
		}
		sys(__NR_sched_yield, 0, 0, 0, 0, 0);
	}
}

void rt_sig_unlock(struct rt *rt)
{
	__atomic_store_n(&rt->owner, 0, __ATOMIC_RELEASE);
}
