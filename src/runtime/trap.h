/* The in-guest runtime's SIGSYS handler (HACKING.md "The in-guest
 * engine"): a call the seccomp filter trapped (SECCOMP_RET_TRAP | tag)
 * is translated with the path core against the bind table, made from
 * the runtime's text (which the filter allows), and its result stored in
 * the interrupted context, as if the guest's own call had returned it. */
#ifndef BURROW_RUNTIME_TRAP_H
#define BURROW_RUNTIME_TRAP_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "path/canon.h"

struct bindings;

/* The kernel's struct sigaction (not libc's: the runtime has none). */
struct rt_sigaction {
	void (*handler)(int, void *, void *);
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};

struct rt {
	uint16_t tag;			/* the run's SECCOMP_RET_DATA */
	struct bindings *binds;		/* built from the image, in table */
	struct arena table, call;	/* the table's; each call's, reset after it */
	void *call_ctx;
	struct fsops fs;		/* raw lstat and readlink, from the runtime */
	/* What a SIGSYS without the tag goes to: the guest's own handler
	 * (SIG_DFL until the runtime traps rt_sigaction, a later step). */
	struct rt_sigaction guest;
	unsigned long traps;		/* trapped calls answered */
	/* The thread whose call has the call arena, or 0 (rt_sigsys):
	 * one call at a time per process until arenas are per thread. */
	int owner;
};

/* Sets up rt: the bind table from image[0..size) (bindings_from_image)
 * in table_mem, the per-call arena in call_mem.  0, -EINVAL (a bad
 * image, arenas too small), -ENOMEM. */
int rt_init(struct rt *rt, uint16_t tag, const void *image, size_t size, void *table_mem,
	    size_t table_size, void *call_mem, size_t call_size);

/* Makes rt the process's runtime and its handler SIGSYS's.  0 or -errno. */
int rt_install(struct rt *rt);

/* The calls the handler translates, for the filter to trap: up to max
 * numbers into nr; how many there are.  A call the filter traps that is
 * not among them fails with -ENOSYS: never made untranslated, but the
 * filter is wrong to trap it (it must let through what the runtime does
 * not know). */
size_t rt_known_calls(long *nr, size_t max);

/* One trapped call: nr with the guest's arguments a[0..5], translated
 * and made; its result (-errno on failure). */
long rt_call(struct rt *rt, long nr, const long a[6]);

#endif
