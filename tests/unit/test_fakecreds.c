/* Fake root for a build daemon (issue 20): the kernel's rule for who may
 * signal whom (signal.c), /proc/PID/status with faked ids and sets
 * (procstatus.c), and what a uid change does to the sets (caps.c). */
#include <check.h>
#include <linux/capability.h>
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>
#include <talloc.h>

#include "syscalls/syscalls.h"
#include "tracee/tracee.h"

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
			    cap == CAP_DAC_READ_SEARCH || cap == CAP_FSETID ||
			    cap == CAP_SYS_ADMIN;

		ck_assert_msg(((r >> cap) & 1) == want, "capability %d", cap);
	}
	ck_assert_uint_eq(caps_of_fake_root(1ull << CAP_SYS_PTRACE), r | 1ull << CAP_SYS_PTRACE);
}
END_TEST

/* One vfs_cap_data parser: the revision must match the size. */
START_TEST(fcaps_revision_matches_size)
{
	uint8_t v[24] = { 0 };
	struct exec_ids x;

	v[3] = 2;	/* revision 2, little-endian */
	v[4] = 1 << CAP_KILL;	/* permitted, low word */
	ck_assert(fcaps_parse(v, 20, &x));
	ck_assert_uint_eq(x.fcap_perm, 1ull << CAP_KILL);
	ck_assert(!fcaps_parse(v, 24, &x));
	v[3] = 3;
	ck_assert(fcaps_parse(v, 24, NULL));
	ck_assert(!fcaps_parse(v, 20, NULL));
	ck_assert(!fcaps_parse(v, 12, NULL));
}
END_TEST

/* capget, /proc/PID/status and signals of a process burrow has not
 * seen born yet (only its first stop, or nothing): the faked
 * credentials of the process it was forked from. */
START_TEST(cred_of_unannounced_child)
{
	struct tracer *tr = talloc_zero(NULL, struct tracer);
	struct fake_ids *f = talloc_zero(tr, struct fake_ids);
	struct tracee *parent, *early;
	pid_t kid;
	int st;

	f->cap_all = 0xff;
	tr->fake = f;
	parent = tracee_new(tr, getpid());
	ck_assert_ptr_nonnull(parent);
	parent->fs = fs_info_new("/", "/");
	kid = fork();
	if (kid == 0) {
		pause();
		_exit(0);
	}
	ck_assert_int_eq(ptrace(PTRACE_SEIZE, kid, 0, 0), 0);
	ck_assert_ptr_eq(tracee_cred_of(tr, kid), parent);
	/* Its first stop came first: in the table, no fs yet. */
	early = tracee_new(tr, kid);
	ck_assert_ptr_eq(tracee_cred_of(tr, kid), parent);
	early->fs = fs_info_new("/", "/");
	ck_assert_ptr_eq(tracee_cred_of(tr, kid), early);
	/* Not burrow's tracee. */
	ck_assert_ptr_null(tracee_cred_of(tr, getppid()));
	kill(kid, SIGKILL);
	waitpid(kid, &st, 0);
	talloc_free(tr);
}
END_TEST

/* on_exec by a thread other than the leader: the credentials move,
 * groups and all, and the old record keeps none. */
START_TEST(cred_move_takes_groups)
{
	struct tracer *tr = talloc_zero(NULL, struct tracer);
	struct fake_ids *f = talloc_zero(tr, struct fake_ids);
	struct tracee *leader, *thread;

	tr->fake = f;
	leader = tracee_new(tr, 1000001);
	thread = tracee_new(tr, 1000002);
	thread->cred.euid = 999;
	thread->cred.groups[0] = 77;
	tracee_move_cred(leader, thread);
	ck_assert_uint_eq(leader->cred.euid, 999);
	ck_assert_uint_eq(leader->cred.ngroups, 1);
	ck_assert_uint_eq(leader->cred.groups[0], 77);
	ck_assert_ptr_eq(talloc_parent(leader->cred.groups), leader);
	ck_assert_ptr_null(thread->cred.groups);
	tracee_remove(tr, thread);
	ck_assert_uint_eq(leader->cred.groups[0], 77);
	talloc_free(tr);
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
	tcase_add_test(tc, fcaps_revision_matches_size);
	tcase_add_test(tc, cred_of_unannounced_child);
	tcase_add_test(tc, cred_move_takes_groups);
	suite_add_tcase(s, tc);
	return s;
}
