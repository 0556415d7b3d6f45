/* The co-location policy (src/tracer/colocate.h), driven through the
 * stops and ticks the tracer reports to it. */
#include <check.h>
#include <string.h>

#include "tracer/colocate.h"

#define QUICK (COLOC_GAP_NS / 10)

static void fresh(struct colocate *c, bool enabled)
{
	memset(c, 0, sizeof(*c));
	c->enabled = enabled;
}

/* n stops of pid, QUICK apart from *now on; the action of the last. */
static enum coloc_action stops(struct colocate *c, long long *now, pid_t pid, unsigned n)
{
	enum coloc_action a = COLOC_STAY;

	for (unsigned i = 0; i < n; i++) {
		*now += QUICK;
		a = coloc_note_stop(c, *now, pid);
		if (a == COLOC_PIN) {	/* as pin() does */
			c->pinned = 1;
			c->pid = pid;
			c->stops_at_tick = c->stops;
		} else if (a == COLOC_UNPIN) {
			c->pinned = 0;
		}
	}
	return a;
}

START_TEST(a_storm_of_one_tracee_pins_it)
{
	struct colocate c;
	long long now = 1000000000LL;

	fresh(&c, true);
	/* The first stop starts the count; COLOC_HOT_STOPS in a row pin. */
	ck_assert_int_eq(stops(&c, &now, 7, COLOC_HOT_STOPS - 1), COLOC_STAY);
	ck_assert(!c.pinned);
	ck_assert_int_eq(stops(&c, &now, 7, 1), COLOC_PIN);
	ck_assert_int_eq(c.pid, 7);
	/* Pinned, its further quick stops change nothing. */
	ck_assert_int_eq(stops(&c, &now, 7, 100), COLOC_STAY);
	ck_assert(c.pinned);
}
END_TEST

START_TEST(disabled_never_pins)
{
	struct colocate c;
	long long now = 1000000000LL;

	fresh(&c, false);
	ck_assert_int_eq(stops(&c, &now, 7, 10 * COLOC_HOT_STOPS), COLOC_STAY);
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
		ck_assert_int_eq(coloc_note_stop(&c, now, 7), COLOC_STAY);
	}
}
END_TEST

START_TEST(two_tracees_taking_turns_never_pin)
{
	struct colocate c;
	long long now = 1000000000LL;

	fresh(&c, true);
	for (unsigned i = 0; i < 10 * COLOC_HOT_STOPS; i++) {
		ck_assert_int_eq(stops(&c, &now, 7, COLOC_HOT_STOPS / 2), COLOC_STAY);
		ck_assert_int_eq(stops(&c, &now, 8, COLOC_HOT_STOPS / 2), COLOC_STAY);
	}
	ck_assert(!c.pinned);
}
END_TEST

START_TEST(another_tracee_stopping_unpins)
{
	struct colocate c;
	long long now = 1000000000LL;

	fresh(&c, true);
	ck_assert_int_eq(stops(&c, &now, 7, COLOC_HOT_STOPS), COLOC_PIN);
	ck_assert_int_eq(stops(&c, &now, 8, 1), COLOC_UNPIN);
	/* The other one must earn its own pin. */
	ck_assert_int_eq(stops(&c, &now, 8, COLOC_HOT_STOPS - 2), COLOC_STAY);
	ck_assert_int_eq(stops(&c, &now, 8, 1), COLOC_PIN);
	ck_assert_int_eq(c.pid, 8);
}
END_TEST

START_TEST(a_long_gap_unpins)
{
	struct colocate c;
	long long now = 1000000000LL;

	fresh(&c, true);
	ck_assert_int_eq(stops(&c, &now, 7, COLOC_HOT_STOPS), COLOC_PIN);
	now += COLOC_GAP_NS;
	ck_assert_int_eq(coloc_note_stop(&c, now, 7), COLOC_UNPIN);
}
END_TEST

START_TEST(a_tick_without_stops_is_quiet)
{
	struct colocate c;
	long long now = 1000000000LL;

	fresh(&c, true);
	ck_assert_int_eq(stops(&c, &now, 7, COLOC_HOT_STOPS), COLOC_PIN);
	ck_assert(coloc_quiet(&c));	/* no stop since the pin */
	stops(&c, &now, 7, 5);
	ck_assert(!coloc_quiet(&c));	/* 5 stops in this tick */
	ck_assert(coloc_quiet(&c));	/* none since */
}
END_TEST

Suite *colocate_suite(void)
{
	Suite *s = suite_create("colocate");
	TCase *tc = tcase_create("policy");

	tcase_add_test(tc, a_storm_of_one_tracee_pins_it);
	tcase_add_test(tc, disabled_never_pins);
	tcase_add_test(tc, slow_stops_never_pin);
	tcase_add_test(tc, two_tracees_taking_turns_never_pin);
	tcase_add_test(tc, another_tracee_stopping_unpins);
	tcase_add_test(tc, a_long_gap_unpins);
	tcase_add_test(tc, a_tick_without_stops_is_quiet);
	suite_add_tcase(s, tc);
	return s;
}
