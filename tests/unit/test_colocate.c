/* The co-location policy (src/tracee/colocate.h), driven through the
 * stops, ticks and loads the tracer reports to it. */
#include <check.h>
#include <string.h>

#include "tracee/colocate.h"

#define QUICK (COLOC_GAP_NS / 10)

static void fresh(struct colocate *c, bool enabled)
{
	memset(c, 0, sizeof(*c));
	c->enabled = enabled;
	c->penalty = COLOC_PENALTY_MIN;
}

/* n stops, QUICK apart from *now on, of a member or not; the action of
 * the last.  Pins and unpins as colocate.c would (membership is the
 * caller's). */
static enum coloc_action stops(struct colocate *c, long long *now, bool member, unsigned n)
{
	enum coloc_action a = COLOC_STAY;

	for (unsigned i = 0; i < n; i++) {
		*now += QUICK;
		a = coloc_note_stop(c, *now, member);
		if (a == COLOC_PIN) {
			c->pinned = 1;
			c->stops_at_tick = c->stops;
		} else if (a == COLOC_UNPIN) {
			c->pinned = 0;
		}
	}
	return a;
}

START_TEST(a_storm_pins)
{
	struct colocate c;
	long long now = 1000000000LL;

	fresh(&c, true);
	/* The first stop starts the run; the COLOC_HOT_STOPS-th pins. */
	ck_assert_int_eq(stops(&c, &now, false, COLOC_HOT_STOPS - 1), COLOC_STAY);
	ck_assert_int_eq(stops(&c, &now, false, 1), COLOC_PIN);
	/* Pinned, members' quick stops change nothing... */
	ck_assert_int_eq(stops(&c, &now, true, 100), COLOC_STAY);
	ck_assert(c.pinned);
	/* ...and others join. */
	ck_assert_int_eq(stops(&c, &now, false, 1), COLOC_JOIN);
}
END_TEST

START_TEST(disabled_never_pins)
{
	struct colocate c;
	long long now = 1000000000LL;

	fresh(&c, false);
	ck_assert_int_eq(stops(&c, &now, false, 10 * COLOC_HOT_STOPS), COLOC_STAY);
	ck_assert(!c.pinned);
}
END_TEST

START_TEST(slow_stops_never_pin)
{
	struct colocate c;
	long long now = 1000000000LL;

	fresh(&c, true);
	for (unsigned i = 0; i < 10 * COLOC_HOT_STOPS; i++) {
		now += COLOC_GAP_NS;
		ck_assert_int_eq(coloc_note_stop(&c, now, false), COLOC_STAY);
	}
	/* A slow stop in a storm starts a new run, as its first stop. */
	ck_assert_int_eq(stops(&c, &now, false, COLOC_HOT_STOPS - 2), COLOC_STAY);
	now += COLOC_GAP_NS;
	ck_assert_int_eq(coloc_note_stop(&c, now, false), COLOC_STAY);
	ck_assert_int_eq(stops(&c, &now, false, COLOC_HOT_STOPS - 2), COLOC_STAY);
	ck_assert_int_eq(stops(&c, &now, false, 1), COLOC_PIN);
}
END_TEST

/* Python's imports: bursts of stops between bits of computing. */
START_TEST(a_pause_between_stops_keeps_the_pin)
{
	struct colocate c;
	long long now = 1000000000LL;

	fresh(&c, true);
	ck_assert_int_eq(stops(&c, &now, false, COLOC_HOT_STOPS), COLOC_PIN);
	now += 10 * COLOC_GAP_NS;
	ck_assert_int_eq(coloc_note_stop(&c, now, true), COLOC_STAY);
	ck_assert_int_eq(coloc_note_stop(&c, now, false), COLOC_JOIN);
}
END_TEST

START_TEST(quiet_ticks_in_a_row_are_quiet)
{
	struct colocate c;
	long long now = 1000000000LL;

	fresh(&c, true);
	ck_assert_int_eq(stops(&c, &now, false, COLOC_HOT_STOPS), COLOC_PIN);
	/* no stop since the pin: quiet at the COLOC_QUIET_TICKS-th tick */
	for (int i = 1; i < COLOC_QUIET_TICKS; i++)
		ck_assert(!coloc_quiet(&c));
	ck_assert(coloc_quiet(&c));
	stops(&c, &now, true, 5);
	ck_assert(!coloc_quiet(&c));	/* 5 stops in this tick */
	for (int i = 1; i < COLOC_QUIET_TICKS - 1; i++)
		ck_assert(!coloc_quiet(&c));
	stops(&c, &now, true, 1);	/* one stop resets the count */
	for (int i = 0; i < COLOC_QUIET_TICKS; i++)
		ck_assert(!coloc_quiet(&c));
	ck_assert(coloc_quiet(&c));
}
END_TEST

START_TEST(crowded_is_more_than_burrow_and_one_tracee)
{
	/* Before pinning burrow runs, the tracee is stopped. */
	ck_assert(!coloc_crowded(1, false));
	ck_assert(coloc_crowded(2, false));
	/* At a tick, burrow and the member whose turn it is. */
	ck_assert(!coloc_crowded(1, true));
	ck_assert(!coloc_crowded(2, true));
	ck_assert(coloc_crowded(3, true));
	/* Unknown (no /proc/loadavg): never pin. */
	ck_assert(coloc_crowded(0, false));
	ck_assert(coloc_crowded(0, true));
}
END_TEST

START_TEST(parallel_work_backs_off_longer_each_time)
{
	struct colocate c;
	long long now = 1000000000LL;

	fresh(&c, true);
	for (unsigned want = COLOC_PENALTY_MIN; want <= COLOC_PENALTY_MAX; want *= 2) {
		coloc_penalise(&c);
		/* want storms pass without a pin, then one pins. */
		for (unsigned k = 0; k < want; k++)
			ck_assert_int_eq(stops(&c, &now, false, COLOC_HOT_STOPS), COLOC_STAY);
		ck_assert_int_eq(stops(&c, &now, false, COLOC_HOT_STOPS), COLOC_PIN);
		c.pinned = 0;
	}
	/* Capped. */
	coloc_penalise(&c);
	ck_assert_uint_eq(c.skip, COLOC_PENALTY_MAX);
}
END_TEST

Suite *colocate_suite(void)
{
	Suite *s = suite_create("colocate");
	TCase *tc = tcase_create("policy");

	tcase_add_test(tc, a_storm_pins);
	tcase_add_test(tc, disabled_never_pins);
	tcase_add_test(tc, slow_stops_never_pin);
	tcase_add_test(tc, a_pause_between_stops_keeps_the_pin);
	tcase_add_test(tc, quiet_ticks_in_a_row_are_quiet);
	tcase_add_test(tc, crowded_is_more_than_burrow_and_one_tracee);
	tcase_add_test(tc, parallel_work_backs_off_longer_each_time);
	suite_add_tcase(s, tc);
	return s;
}
