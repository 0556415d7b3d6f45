/* Fake root for a build daemon (issue 20): the kernel's rule for who may
 * signal whom (signal.c), and /proc/PID/status with faked ids
 * (procstatus.c). */
#include <check.h>
#include <signal.h>
#include <string.h>
#include <talloc.h>

#include "syscalls/syscalls.h"
#include "tracer/tracer.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* kill_ok_by_cred: the sender's real or effective uid against the
 * target's real or saved one (never the target's effective), or
 * CAP_KILL; SIGCONT within a session. */
static const struct perm_case {
	struct sig_cred from, to;
	int sig;
	bool ok;
} perm_cases[] = {
	/* ruid euid suid cap sid */
	{ { 999, 999, 999, false, 1 }, { 999, 999, 999, false, 1 }, SIGKILL, true },
	{ { 999, 999, 999, false, 1 }, { 0, 0, 0, false, 1 }, SIGKILL, false },
	{ { 999, 999, 999, false, 1 }, { 0, 0, 0, false, 1 }, 0, false },
	/* Faked root: CAP_KILL reaches anyone. */
	{ { 0, 0, 0, true, 1 }, { 999, 999, 999, false, 1 }, SIGKILL, true },
	/* The target's effective uid does not count... */
	{ { 999, 999, 999, false, 1 }, { 0, 999, 0, false, 1 }, SIGTERM, false },
	/* ...its real and saved ones do. */
	{ { 999, 999, 999, false, 1 }, { 0, 0, 999, false, 1 }, SIGTERM, true },
	{ { 999, 999, 999, false, 1 }, { 999, 0, 0, false, 1 }, SIGTERM, true },
	/* The sender's real uid counts as well as its effective one. */
	{ { 999, 0, 0, false, 1 }, { 999, 1000, 1000, false, 1 }, SIGTERM, true },
	{ { 1000, 999, 999, false, 1 }, { 999, 0, 0, false, 1 }, SIGTERM, true },
	/* The sender's saved uid does not. */
	{ { 1000, 1000, 999, false, 1 }, { 999, 999, 999, false, 1 }, SIGTERM, false },
	/* SIGCONT within the session only. */
	{ { 999, 999, 999, false, 7 }, { 0, 0, 0, false, 7 }, SIGCONT, true },
	{ { 999, 999, 999, false, 7 }, { 0, 0, 0, false, 8 }, SIGCONT, false },
};

START_TEST(signal_permission_rule)
{
	const struct perm_case *c = &perm_cases[_i];

	ck_assert_msg(signal_permitted(&c->from, &c->to, c->sig) == c->ok, "case %d", _i);
}
END_TEST

static const char kernel_status[] =
	"Name:\tsh\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t42\nPid:\t42\nPPid:\t1\n"
	"TracerPid:\t7\nUid:\t1000\t1000\t1000\t1000\nGid:\t100\t100\t100\t100\n"
	"FDSize:\t64\nGroups:\t100 27 \nNStgid:\t42\nCapEff:\t0000000000000000\n";

START_TEST(status_lines_rewritten)
{
	void *mem = talloc_new(NULL);
	uint32_t groups[] = { 5, 999 };
	struct fake_cred c = { .ruid = 999, .euid = 0, .suid = 999, .fsuid = 0,
			       .rgid = 999, .egid = 999, .sgid = 998, .fsgid = 999,
			       .groups = groups, .ngroups = 2 };
	char *out = status_fake_text(mem, kernel_status, &c);

	ck_assert_str_eq(out,
		"Name:\tsh\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t42\nPid:\t42\nPPid:\t1\n"
		"TracerPid:\t7\nUid:\t999\t0\t999\t0\nGid:\t999\t999\t998\t999\n"
		"FDSize:\t64\nGroups:\t5 999 \nNStgid:\t42\nCapEff:\t0000000000000000\n");
	/* No groups: the kernel's lone space. */
	c.ngroups = 0;
	out = status_fake_text(mem, "Groups:\t100 \nUid:\t1\t1\t1\t1", &c);
	ck_assert_str_eq(out, "Groups:\t \nUid:\t999\t0\t999\t0\n");
	talloc_free(mem);
}
END_TEST

Suite *fakecreds_suite(void)
{
	Suite *s = suite_create("fakecreds");
	TCase *tc = tcase_create("fakecreds");

	tcase_add_loop_test(tc, signal_permission_rule, 0, (int)N(perm_cases));
	tcase_add_test(tc, status_lines_rewritten);
	suite_add_tcase(s, tc);
	return s;
}
