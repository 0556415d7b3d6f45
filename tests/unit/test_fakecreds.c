/* Fake root for a build daemon (issue 20): the kernel's rule for who may
 * signal whom (signal.c), /proc/PID/status with faked ids and sets
 * (procstatus.c), and what a uid change does to the sets (caps.c). */
#include <check.h>
#include <linux/capability.h>
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
	/* The capability lines: the faked sets, as the kernel writes them. */
	c.cap_eff = 0xc0;
	c.cap_perm = 0x1ffffffffffull;
	c.cap_inh = 0x2000;
	out = status_fake_text(mem, "CapInh:\t0000000000000000\nCapPrm:\t0000000000000000\n"
			       "CapEff:\t0000000000000000\nCapBnd:\t000001ffffffffff\n", &c);
	ck_assert_str_eq(out, "CapInh:\t0000000000002000\nCapPrm:\t000001ffffffffff\n"
			 "CapEff:\t00000000000000c0\nCapBnd:\t000001ffffffffff\n");
	/* No groups: the kernel's lone space. */
	c.ngroups = 0;
	out = status_fake_text(mem, "Groups:\t100 \nUid:\t1\t1\t1\t1", &c);
	ck_assert_str_eq(out, "Groups:\t \nUid:\t999\t0\t999\t0\n");
	talloc_free(mem);
}
END_TEST

/* cap_emulate_setxuid: leaving uid 0 in all of real, effective and
 * saved clears the permitted set unless keepcaps; the effective set
 * goes whenever the euid leaves 0, and comes back as the permitted one
 * when it returns. */
#define SETID (1ull << CAP_SETUID | 1ull << CAP_SETGID)
static const struct setuid_case {
	bool keepcaps;
	uint32_t from[3], to[3];	/* real, effective, saved */
	uint64_t eff, perm;		/* after; before: both SETID */
} setuid_cases[] = {
	{ false, { 0, 0, 0 }, { 999, 999, 999 }, 0, 0 },
	{ true, { 0, 0, 0 }, { 999, 999, 999 }, 0, SETID },
	/* A saved 0 keeps the permitted set, keepcaps or not. */
	{ false, { 0, 0, 0 }, { 999, 999, 0 }, 0, SETID },
	{ false, { 0, 0, 0 }, { 0, 0, 999 }, SETID, SETID },
	/* Back to euid 0: the effective set is the permitted one. */
	{ false, { 999, 999, 0 }, { 999, 0, 0 }, SETID, SETID },
	/* Users among themselves: nothing changes. */
	{ false, { 999, 999, 999 }, { 1000, 1000, 1000 }, SETID, SETID },
};

START_TEST(setuid_changes_the_sets)
{
	const struct setuid_case *k = &setuid_cases[_i];
	struct fake_cred old = { .keepcaps = k->keepcaps, .ruid = k->from[0], .euid = k->from[1],
				 .suid = k->from[2], .fsuid = k->from[1],
				 .cap_eff = SETID, .cap_perm = SETID };
	struct fake_cred c = old;

	c.ruid = k->to[0];
	c.euid = c.fsuid = k->to[1];
	c.suid = k->to[2];
	caps_after_setuid(&c, &old, false);
	ck_assert_msg(c.cap_eff == k->eff && c.cap_perm == k->perm,
		      "case %d: eff %llx perm %llx", _i, (unsigned long long)c.cap_eff,
		      (unsigned long long)c.cap_perm);
}
END_TEST

/* setfsuid: the file capabilities follow the fs uid, no others. */
START_TEST(setfsuid_changes_the_fs_caps)
{
	uint64_t all = 1ull << CAP_CHOWN | 1ull << CAP_MKNOD | SETID;
	struct fake_cred old = { .fsuid = 0, .cap_eff = all, .cap_perm = all };
	struct fake_cred c = old;

	c.fsuid = 999;
	caps_after_setuid(&c, &old, true);
	ck_assert_uint_eq(c.cap_eff, SETID);
	old = c;
	c.fsuid = 0;
	caps_after_setuid(&c, &old, true);
	ck_assert_uint_eq(c.cap_eff, all);
}
END_TEST

/* The faked root has what burrow emulates, whatever the host's bounding
 * set (a container's may lack CAP_NET_ADMIN, or more). */
START_TEST(fake_root_has_the_emulated_caps)
{
	uint64_t r = caps_of_fake_root(0);

	for (int cap = 0; cap < 64; cap++) {
		bool want = cap == CAP_SETUID || cap == CAP_SETGID || cap == CAP_KILL ||
			    cap == CAP_CHOWN || cap == CAP_FOWNER || cap == CAP_MKNOD ||
			    cap == CAP_NET_ADMIN || cap == CAP_SYS_CHROOT || cap == CAP_SETPCAP ||
			    cap == CAP_SETFCAP || cap == CAP_DAC_OVERRIDE ||
			    cap == CAP_DAC_READ_SEARCH || cap == CAP_FSETID;

		ck_assert_msg(((r >> cap) & 1) == want, "capability %d", cap);
	}
	ck_assert_uint_eq(caps_of_fake_root(1ull << CAP_SYS_ADMIN), r | 1ull << CAP_SYS_ADMIN);
}
END_TEST

Suite *fakecreds_suite(void)
{
	Suite *s = suite_create("fakecreds");
	TCase *tc = tcase_create("fakecreds");

	tcase_add_loop_test(tc, signal_permission_rule, 0, (int)N(perm_cases));
	tcase_add_test(tc, status_lines_rewritten);
	tcase_add_loop_test(tc, setuid_changes_the_sets, 0, (int)N(setuid_cases));
	tcase_add_test(tc, setfsuid_changes_the_fs_caps);
	tcase_add_test(tc, fake_root_has_the_emulated_caps);
	suite_add_tcase(s, tc);
	return s;
}
