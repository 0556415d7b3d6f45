/* The polling policy of the wait loop (src/tracee/spin.c), driven through
 * the outcomes wait_next reports to it. */
#include <check.h>

#include "tracee/spin.h"

#define BUDGET 100000L

START_TEST(off_never_polls)
{
	struct spin s;

	spin_init(&s, 0);
	for (int i = 0; i < 10; i++)
		ck_assert(!spin_should_poll(&s));
	spin_init(&s, -5);
	ck_assert_int_eq(s.budget_ns, 0);
	ck_assert(!spin_should_poll(&s));
}
END_TEST

START_TEST(polls_from_the_start)
{
	struct spin s;

	spin_init(&s, BUDGET);
	ck_assert(spin_should_poll(&s));
	spin_caught(&s);
	ck_assert(spin_should_poll(&s));
}
END_TEST

START_TEST(a_quiet_tracee_is_not_polled_for)
{
	struct spin s;

	spin_init(&s, BUDGET);
	/* The poll expired and the sleep went on for a second. */
	ck_assert(spin_should_poll(&s));
	spin_slept(&s, 1000000000LL);
	ck_assert(!spin_should_poll(&s));
	ck_assert(!spin_should_poll(&s));
	/* A stop that came soon after a sleep began: poll again. */
	spin_slept(&s, BUDGET / 2);
	ck_assert(spin_should_poll(&s));
	/* Just within twice the budget still counts: the sleep's wakeup is
	 * part of what was measured. */
	spin_slept(&s, 2 * BUDGET - 1);
	ck_assert(spin_should_poll(&s));
	spin_slept(&s, 2 * BUDGET);
	ck_assert(!spin_should_poll(&s));
}
END_TEST

static unsigned waits_without_polling(struct spin *s)
{
	unsigned n = 0;

	while (!spin_should_poll(s))
		n++;
	return n;
}

START_TEST(contention_backs_off_longer_each_time)
{
	struct spin s;

	spin_init(&s, BUDGET);
	spin_contended(&s);
	ck_assert_uint_eq(waits_without_polling(&s), SPIN_PENALTY_MIN);
	spin_contended(&s);
	ck_assert_uint_eq(waits_without_polling(&s), 2 * SPIN_PENALTY_MIN);
	/* Caught stops in between do not reset it. */
	spin_caught(&s);
	spin_caught(&s);
	spin_contended(&s);
	ck_assert_uint_eq(waits_without_polling(&s), 4 * SPIN_PENALTY_MIN);
	for (int i = 0; i < 30; i++)
		spin_contended(&s);
	ck_assert_uint_eq(waits_without_polling(&s), SPIN_PENALTY_MAX);
}
END_TEST

START_TEST(a_long_calm_forgives)
{
	struct spin s;

	spin_init(&s, BUDGET);
	spin_contended(&s);
	spin_contended(&s);
	spin_contended(&s);
	waits_without_polling(&s);
	ck_assert_uint_eq(s.penalty, 8 * SPIN_PENALTY_MIN);
	for (unsigned i = 0; i < SPIN_PENALTY_MAX; i++)
		spin_caught(&s);
	ck_assert_uint_eq(s.penalty, 4 * SPIN_PENALTY_MIN);
	for (unsigned i = 0; i < 10 * SPIN_PENALTY_MAX; i++)
		spin_caught(&s);
	ck_assert_uint_eq(s.penalty, SPIN_PENALTY_MIN);
	spin_contended(&s);
	ck_assert_uint_eq(waits_without_polling(&s), SPIN_PENALTY_MIN);
}
END_TEST

Suite *spin_suite(void)
{
	Suite *s = suite_create("spin");
	TCase *tc = tcase_create("policy");

	tcase_add_test(tc, off_never_polls);
	tcase_add_test(tc, polls_from_the_start);
	tcase_add_test(tc, a_quiet_tracee_is_not_polled_for);
	tcase_add_test(tc, contention_backs_off_longer_each_time);
	tcase_add_test(tc, a_long_calm_forgives);
	suite_add_tcase(s, tc);
	return s;
}
