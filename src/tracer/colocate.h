/* Co-location: burrow and the one tracee making stops in quick
 * succession, on one CPU.
 *
 * A stop between two processes on one CPU is two context switches; on
 * two CPUs it also wakes a halted CPU each way, which on a VM costs
 * more than the rest of the stop (benchmarks/floor.c: 16 against 41 µs
 * polling, 73 µs sleeping).  The scheduler will not put the two
 * together by itself: it moves the resumed tracee to the idle CPU.
 * So when one tracee makes COLOC_HOT_STOPS stops in a row, each less
 * than COLOC_GAP_NS after the last, it and burrow are pinned to the CPU
 * burrow runs on (its parent shell, asleep in wait, is not).  Both get
 * their affinity back as soon as another tracee stops or is born (work
 * in parallel must keep its CPUs), the pinned one takes longer than
 * that between stops, or a tick (COLOC_TICK_US) passes without a stop
 * of it: a compute phase is the load balancer's to place.  The guest
 * never sees the pin through sched_getaffinity (emulated while
 * pinned); a guest that sets an affinity turns co-location off.
 *
 * coloc_note_stop and coloc_quiet are the policy, free of syscalls, for
 * the unit tests; colocate.c applies it. */
#ifndef BURROW_TRACER_COLOCATE_H
#define BURROW_TRACER_COLOCATE_H

#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

/* Stops less than this apart are a storm worth pinning for. */
#define COLOC_GAP_NS 1000000LL
/* How many such stops of one tracee in a row before pinning it: the
 * few stops of a shell between two children are not worth it. */
#define COLOC_HOT_STOPS 32u
/* While pinned, a tick with no stop in it unpins. */
#define COLOC_TICK_US 4000

struct colocate {
	bool enabled;		/* off: BURROW_NO_COLOCATE, one CPU, guest affinity */
	volatile sig_atomic_t pinned;
	volatile pid_t pid;	/* the pinned tracee */
	int cpu;
	pid_t hot_pid;		/* the tracee of the last stops */
	unsigned hot;		/* its quick stops in a row */
	long long last_ns;	/* when the last stop came */
	volatile unsigned long stops;	/* stops while pinned */
	unsigned long stops_at_tick;
	cpu_set_t host;		/* burrow's affinity at start: the guest's */
};

enum coloc_action { COLOC_STAY, COLOC_PIN, COLOC_UNPIN };

/* A stop of tracee pid came at now_ns: whether to pin it (with burrow)
 * or to unpin the pinned one. */
enum coloc_action coloc_note_stop(struct colocate *c, long long now_ns, pid_t pid);
/* A tick while pinned: true when no stop came since the last one. */
bool coloc_quiet(struct colocate *c);

#endif
