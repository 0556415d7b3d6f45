/* The runtime's call arenas, one per thread in a trapped call (HACKING.md
 * "Allocation"), and the lock of the guest's signal actions. */
#ifndef BURROW_RUNTIME_CALLMEM_H
#define BURROW_RUNTIME_CALLMEM_H

#include "trap.h"

/* The call arena for thread tid's trapped call: the one its outer call
 * holds when this call is nested in it (*nested = 1), else a free one
 * (mapped at need), else one whose holder is gone or lives in another
 * copy of this memory (a fork's), waiting while every one is busy.
 * NULL when one cannot be mapped: the call fails with -ENOMEM. */
struct rt_arena *rt_arena_hold(struct rt *rt, int tid, int *nested);
/* Gives back what an outer call held. */
void rt_arena_release(struct rt_arena *ar);

/* Serialises the guest's rt_sigaction calls (struct rt's owner); a
 * call nested in tid's own goes on (1). */
int rt_sig_lock(struct rt *rt, int tid);
void rt_sig_unlock(struct rt *rt);

#endif
