/* The polling policy of wait_next (loop.c).
 *
 * A tracee's stop wakes a sleeping tracer through the scheduler, and on
 * a machine whose idle CPUs halt (any VM with halt polling off, or deep
 * C-states) that wakeup costs more than the rest of the stop.  Polling
 * with WNOHANG instead keeps this CPU awake, which pays only while stops
 * come in quick succession and while the CPU has nothing else to do. */
#include "tracee/spin.h"

void spin_init(struct spin *s, long budget_ns)
{
	s->budget_ns = budget_ns > 0 ? budget_ns : 0;
	s->hot = true;
	s->skip = 0;
	s->penalty = SPIN_PENALTY_MIN;
	s->calm = 0;
}

bool spin_should_poll(struct spin *s)
{
	if (s->budget_ns == 0)
		return false;
	if (s->skip > 0) {
		s->skip--;
		return false;
	}
	return s->hot;
}

void spin_caught(struct spin *s)
{
	/* Contention is forgiven slowly: a long calm halves the penalty. */
	if (++s->calm >= SPIN_PENALTY_MAX) {
		s->calm = 0;
		if (s->penalty > SPIN_PENALTY_MIN)
			s->penalty /= 2;
	}
}

void spin_contended(struct spin *s)
{
	s->skip = s->penalty;
	s->calm = 0;
	if (s->penalty < SPIN_PENALTY_MAX)
		s->penalty *= 2;
}

void spin_slept(struct spin *s, long long elapsed_ns)
{
	/* Poll for the next stop only if polling could have caught this
	 * one (or nearly: the sleep's own wakeup is in the measure). */
	s->hot = elapsed_ns < 2 * (long long)s->budget_ns;
}
