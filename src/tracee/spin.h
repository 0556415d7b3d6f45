/* Polling for the next stop before sleeping in waitpid: the policy, kept
 * free of syscalls so that unit tests can drive it. */
#ifndef BURROW_TRACEE_SPIN_H
#define BURROW_TRACEE_SPIN_H

#include <stdbool.h>

/* Long enough to catch the next stop of a tracee in a syscall storm: the
 * time to wake it, run to its next path call and stop is 15 to 35 µs on
 * the 2-CPU VM of the benchmarks. */
#define SPIN_NS_DEFAULT 100000L
/* A sched_yield that takes this long, and brings no stop, gave the CPU
 * to other work (a slice of it: milliseconds); the tracee woken on this
 * CPU takes tens of µs. */
#define SPIN_YIELD_SLOW_NS 200000L
#define SPIN_PENALTY_MIN 64u
#define SPIN_PENALTY_MAX 65536u

struct spin {
	long budget_ns;		/* how long to poll; 0: never */
	bool hot;		/* the last stop came soon enough to poll for the next */
	unsigned skip;		/* waits left without polling, after contention */
	unsigned penalty;	/* the next skip */
	unsigned calm;		/* stops caught by polling since the last contention */
};

/* budget_ns 0 (or less) turns polling off. */
void spin_init(struct spin *s, long budget_ns);
/* Whether to poll before this wait (consumes one skipped wait). */
bool spin_should_poll(struct spin *s);
/* Polling caught a stop. */
void spin_caught(struct spin *s);
/* A poll's sched_yield ran something else: stop polling for a while,
 * longer each time. */
void spin_contended(struct spin *s);
/* The wait slept and its stop came elapsed_ns after it began. */
void spin_slept(struct spin *s, long long elapsed_ns);

#endif
