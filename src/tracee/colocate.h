/* Co-location: burrow and a guest doing serial work, on one CPU.
 *
 * A stop between two processes on one CPU is two context switches; on
 * two CPUs it also wakes a halted CPU each way, which on a VM costs
 * more than the rest of the stop (benchmarks/floor.c: 16 against 41 µs
 * polling, 73 µs sleeping).  The scheduler will not put the two
 * together by itself: it moves the resumed tracee to the idle CPU.
 *
 * So when COLOC_HOT_STOPS stops come in a row, each less than
 * COLOC_GAP_NS after the last, and nothing else on the machine is
 * runnable (burrow reads /proc/loadavg), the stopped tracee and burrow
 * are pinned to the CPU burrow runs on.  Tracees that stop or are born
 * while it lasts join the group (a shell and the children it waits for
 * take turns).  Everyone gets the affinity back when:
 * - COLOC_QUIET_TICKS ticks (COLOC_TICK_US) in a row pass without a
 *   stop: a compute phase is the load balancer's to place.  A pause
 *   between two stops is not enough: python's imports, say, compute
 *   for a millisecond or two between short bursts of stops, and would
 *   lose the pin at every one;
 * - at COLOC_CROWDED_TICKS ticks in a row, more than burrow and one
 *   tracee are runnable: the guest works in parallel (or the machine
 *   has other work), and must keep its CPUs; the next pin then waits
 *   longer (COLOC_PENALTY_*);
 * - the group is full (COLOC_GROUP_MAX).
 * The guest never sees the pin through sched_getaffinity (emulated for
 * members); a guest that sets an affinity turns co-location off.
 *
 * coloc_note_stop, coloc_quiet and coloc_crowded are the policy, free
 * of syscalls, for the unit tests; pin.c applies it. */
#ifndef BURROW_TRACEE_COLOCATE_H
#define BURROW_TRACEE_COLOCATE_H

#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

/* Stops less than this apart are a storm worth pinning for. */
#define COLOC_GAP_NS 1000000LL
/* How many such stops in a row before pinning. */
#define COLOC_HOT_STOPS 32u
/* While pinned, COLOC_QUIET_TICKS ticks in a row with no stop in them,
 * or COLOC_CROWDED_TICKS crowded ones, unpin. */
#define COLOC_TICK_US 4000
#define COLOC_QUIET_TICKS 4
/* Crowded ticks in a row that unpin: one may catch a parent between
 * fork and wait, which is not parallel work. */
#define COLOC_CROWDED_TICKS 2
#define COLOC_GROUP_MAX 16
/* Storms to let pass without pinning after the guest was seen to run in
 * parallel: doubled each time, up to the max. */
#define COLOC_PENALTY_MIN 4u
#define COLOC_PENALTY_MAX 1024u

struct colocate {
	bool enabled;		/* off: BURROW_NO_COLOCATE, one CPU, guest affinity */
	volatile sig_atomic_t pinned;
	int cpu;
	/* The pinned tracees; the tick's handler unpins them. */
	volatile pid_t members[COLOC_GROUP_MAX];
	volatile sig_atomic_t nmembers;
	unsigned hot;		/* quick stops in a row */
	long long last_ns;	/* when the last stop came */
	volatile unsigned long stops;	/* stops while pinned */
	unsigned long stops_at_tick;
	volatile sig_atomic_t quiet_ticks;	/* ticks in a row without a stop */
	volatile sig_atomic_t crowded;	/* the last unpin was for crowded ticks */
	volatile sig_atomic_t crowded_ticks;	/* crowded ticks in a row */
	unsigned skip;		/* storms to let pass */
	unsigned penalty;	/* the next skip */
	cpu_set_t host;		/* burrow's affinity at start: the guest's */
};

enum coloc_action {
	COLOC_STAY,
	COLOC_PIN,		/* pin the tracee that stopped, and burrow */
	COLOC_JOIN,		/* pinned: the tracee that stopped joins */
	COLOC_UNPIN,		/* unpin everyone */
};

/* A stop of a tracee (member: one of the pinned group) came at now_ns.
 * COLOC_PIN only if nothing else runs: the caller checks that. */
enum coloc_action coloc_note_stop(struct colocate *c, long long now_ns, bool member);
/* A tick while pinned: true when no stop came in the last
 * COLOC_QUIET_TICKS ticks. */
bool coloc_quiet(struct colocate *c);
/* running: runnable tasks on the machine, burrow included (the 4th
 * field of /proc/loadavg), as read at a tick or before pinning.  True
 * when that is more than burrow and one tracee taking turns. */
bool coloc_crowded(unsigned running, bool pinned);
/* The guest was seen to run in parallel: pin later next time. */
void coloc_penalise(struct colocate *c);

#endif
