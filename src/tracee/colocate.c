/* Co-location (colocate.h): the policy, free of syscalls; pin.c
 * applies it. */
#include "tracee/colocate.h"

enum coloc_action coloc_note_stop(struct colocate *c, long long now_ns, bool member)
{
	bool quick = now_ns - c->last_ns < COLOC_GAP_NS;

	c->last_ns = now_ns;
	if (!c->enabled)
		return COLOC_STAY;
	if (c->pinned) {
		/* A pause between two stops is no reason to unpin: the quiet
		 * ticks tell a compute phase from import-like work, where
		 * short bursts of stops come between bits of computing. */
		c->stops++;
		return member ? COLOC_STAY : COLOC_JOIN;
	}
	if (!quick) {
		c->hot = 1;
		return COLOC_STAY;
	}
	if (++c->hot < COLOC_HOT_STOPS)
		return COLOC_STAY;
	c->hot = 0;
	if (c->skip > 0) {
		c->skip--;
		return COLOC_STAY;
	}
	return COLOC_PIN;
}

bool coloc_quiet(struct colocate *c)
{
	unsigned long stops = c->stops;

	if (stops == c->stops_at_tick)
		return ++c->quiet_ticks >= COLOC_QUIET_TICKS;
	c->stops_at_tick = stops;
	c->quiet_ticks = 0;
	return false;
}

bool coloc_crowded(unsigned running, bool pinned)
{
	/* 0: unknown, so assume the worst. */
	return running == 0 || running > (pinned ? 2u : 1u);
}

void coloc_penalise(struct colocate *c)
{
	if (c->penalty < COLOC_PENALTY_MIN)
		c->penalty = COLOC_PENALTY_MIN;
	c->skip = c->penalty;
	if (c->penalty < COLOC_PENALTY_MAX)
		c->penalty *= 2;
}
