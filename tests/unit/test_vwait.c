/* A guest tracer's waits (vwait.c): the arguments wait4 and waitid
 * accept, which tracees a call selects, which one is reported, and the
 * status words, as kernel/exit.c gives them.  Also the real parent a new
 * tracee gets (tracee_set_parent), which decides who reaps it. */
#include <check.h>
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "syscalls/vwait.h"
#include "tracee/tracee.h"

#define STOPPED(sig, event) (((event) << 16) | ((sig) << 8) | 0x7f)

/* ---- the arguments ---- */

static const struct wait4_case {
	pid_t pid;
	int options;
	int rc;
	int sel;
	pid_t id;
} wait4_cases[] = {
	{ -1, 0, 0, VWS_ALL, 0 },
	{ -1, __WALL | WNOHANG, 0, VWS_ALL, 0 },
	{ 42, 0, 0, VWS_PID, 42 },
	{ 0, 0, 0, VWS_PGID, 77 },		/* the caller's group */
	{ -9, WUNTRACED | WCONTINUED, 0, VWS_PGID, 9 },
	{ INT_MIN, 0, -ESRCH, 0, 0 },
	{ -1, WNOWAIT, -EINVAL, 0, 0 },		/* waitid only */
	{ -1, WEXITED, -EINVAL, 0, 0 },		/* waitid only: wait4 adds it itself */
	{ -1, 0x100, -EINVAL, 0, 0 },
};

START_TEST(wait4_arguments)
{
	const struct wait4_case *c = &wait4_cases[_i];
	struct vwait_req r;
	int rc = vwait_req_wait4(c->pid, c->options, 5, 77, &r);

	ck_assert_int_eq(rc, c->rc);
	if (rc < 0)
		return;
	ck_assert_int_eq(r.sel, c->sel);
	ck_assert_int_eq(r.id, c->id);
	ck_assert_int_eq(r.options, c->options | WEXITED);
	ck_assert_int_eq(r.caller_tid, 5);
}
END_TEST

static const struct waitid_case {
	int which;
	pid_t id;
	int options;
	int rc;
	int sel;
	pid_t want_id;
} waitid_cases[] = {
	{ P_ALL, 123, WEXITED, 0, VWS_ALL, 0 },		/* id ignored */
	{ P_PID, 42, WEXITED | WSTOPPED | WNOWAIT, 0, VWS_PID, 42 },
	{ P_PID, 0, WEXITED, -EINVAL, 0, 0 },
	{ P_PID, -3, WEXITED, -EINVAL, 0, 0 },
	{ P_PGID, 0, WEXITED, 0, VWS_PGID, 77 },	/* Linux 5.4: the caller's */
	{ P_PGID, 9, WSTOPPED, 0, VWS_PGID, 9 },
	{ P_PGID, -9, WEXITED, -EINVAL, 0, 0 },
	{ P_ALL, 0, WNOHANG, -EINVAL, 0, 0 },		/* no event asked for */
	{ P_ALL, 0, WEXITED | 0x100, -EINVAL, 0, 0 },
	{ 7, 0, WEXITED, -EINVAL, 0, 0 },		/* no such idtype */
};

START_TEST(waitid_arguments)
{
	const struct waitid_case *c = &waitid_cases[_i];
	struct vwait_req r;
	int rc = vwait_req_waitid(c->which, c->id, c->options, 5, 77, &r);

	ck_assert_int_eq(rc, c->rc);
	if (rc < 0)
		return;
	ck_assert_int_eq(r.sel, c->sel);
	ck_assert_int_eq(r.id, c->want_id);
	ck_assert_int_eq(r.options, c->options);
}
END_TEST

/* ---- the status words ---- */

static const struct encode_case {
	const char *name;
	int state;
	int status;
	int code, cld_status;
} encode_cases[] = {
	{ "signal-delivery stop", VC_STOPPED, STOPPED(SIGSTOP, 0), CLD_TRAPPED, SIGSTOP },
	{ "syscall stop, TRACESYSGOOD", VC_STOPPED, STOPPED(SIGTRAP | 0x80, 0), CLD_TRAPPED,
	  SIGTRAP | 0x80 },
	/* waitid keeps the event bits in si_status (infop->status = exit_code). */
	{ "fork event", VC_STOPPED, STOPPED(SIGTRAP, PTRACE_EVENT_FORK), CLD_TRAPPED,
	  SIGTRAP | PTRACE_EVENT_FORK << 8 },
	{ "seized group stop", VC_STOPPED, STOPPED(SIGTSTP, PTRACE_EVENT_STOP), CLD_TRAPPED,
	  SIGTSTP | PTRACE_EVENT_STOP << 8 },
	{ "exit 0", VC_ZOMBIE, 0, CLD_EXITED, 0 },
	{ "exit 7", VC_ZOMBIE, 7 << 8, CLD_EXITED, 7 },
	{ "exit 255", VC_ZOMBIE, 255 << 8, CLD_EXITED, 255 },
	{ "killed", VC_ZOMBIE, SIGKILL, CLD_KILLED, SIGKILL },
	{ "dumped", VC_ZOMBIE, SIGSEGV | 0x80, CLD_DUMPED, SIGSEGV },
};

START_TEST(status_encodings)
{
	const struct encode_case *e = &encode_cases[_i];
	struct vwait_cand c = { .tid = 1234, .state = e->state, .status = e->status, .uid = 65534,
				.unreported = true };
	struct vwait_out o;

	memset(&o, 0xa5, sizeof(o));
	vwait_encode(&c, &o);
	ck_assert_msg(o.pid == 1234 && o.wstatus == e->status, "%s: pid %d wstatus %#x", e->name,
		      o.pid, o.wstatus);
	ck_assert_msg(o.signo == SIGCHLD && o.code == e->code && o.cld_status == e->cld_status &&
		      o.uid == 65534, "%s: signo %d code %d status %#x", e->name, o.signo, o.code,
		      o.cld_status);
	/* What libc's macros make of the word, for wait4 callers. */
	if (e->state == VC_STOPPED)
		ck_assert(WIFSTOPPED(o.wstatus) && WSTOPSIG(o.wstatus) == (e->cld_status & 0xff));
	else if (e->code == CLD_EXITED)
		ck_assert(WIFEXITED(o.wstatus) && WEXITSTATUS(o.wstatus) == e->cld_status);
	else
		ck_assert(WIFSIGNALED(o.wstatus) && WTERMSIG(o.wstatus) == e->cld_status &&
			  !!WCOREDUMP(o.wstatus) == (e->code == CLD_DUMPED));
}
END_TEST

/* ---- selection ---- */

/* Tracees of the tracer threads 10 and 11, newest first, as the
 * kernel's list. */
static const struct vwait_cand family[] = {
	{ .tid = 105, .pgid = 100, .tracer_tid = 11, .state = VC_STOPPED, .unreported = true,
	  .status = STOPPED(SIGSTOP, 0) },
	{ .tid = 104, .pgid = 104, .tracer_tid = 10, .state = VC_ZOMBIE, .status = 3 << 8 },
	{ .tid = 103, .pgid = 100, .tracer_tid = 10, .state = VC_LISTENING,
	  .status = STOPPED(SIGSTOP, PTRACE_EVENT_STOP) },
	{ .tid = 102, .pgid = 100, .tracer_tid = 10, .state = VC_STOPPED, .unreported = false,
	  .status = STOPPED(SIGTRAP, 0) },
	{ .tid = 101, .pgid = 101, .tracer_tid = 10, .state = VC_RUNNING },
};
#define NFAMILY (sizeof(family) / sizeof(family[0]))

static const struct select_case {
	const char *name;
	int which;		/* -1: wait4 with pid = id */
	pid_t id;
	int options;
	pid_t caller;
	int verdict;
	pid_t tid;		/* the one reported */
} select_cases[] = {
	{ "wait4 any: newest ready first", -1, -1, 0, 10, VWAIT_READY, 105 },
	/* Ptrace stops need no WUNTRACED, and __WCLONE does not hide
	 * tracees. */
	{ "wait4 any, __WCLONE", -1, -1, __WCLONE, 10, VWAIT_READY, 105 },
	{ "__WNOTHREAD: only the caller's", -1, -1, __WNOTHREAD, 10, VWAIT_READY, 104 },
	{ "__WNOTHREAD from the other", -1, -1, __WNOTHREAD, 11, VWAIT_READY, 105 },
	{ "__WNOTHREAD, a third thread", -1, -1, __WNOTHREAD, 12, VWAIT_NONE, 0 },
	{ "pid: a zombie", -1, 104, 0, 10, VWAIT_READY, 104 },
	{ "pid: stop already reported", -1, 102, 0, 10, VWAIT_PENDING, 0 },
	{ "pid: listening is not reported", -1, 103, 0, 10, VWAIT_PENDING, 0 },
	{ "pid: running", -1, 101, WNOHANG, 10, VWAIT_PENDING, 0 },
	{ "pid: no such tracee", -1, 999, 0, 10, VWAIT_NONE, 0 },
	{ "pgid 100 (pid -100)", -1, -100, 0, 10, VWAIT_READY, 105 },
	{ "pgid 0 is the caller's (77): none", -1, 0, 0, 10, VWAIT_NONE, 0 },
	{ "pgid 101: running only", -1, -101, WNOHANG, 10, VWAIT_PENDING, 0 },
	{ "waitid P_PGID 104, WEXITED", P_PGID, 104, WEXITED, 10, VWAIT_READY, 104 },
	/* A traced zombie without WEXITED is not even counted. */
	{ "waitid P_PID zombie, WSTOPPED", P_PID, 104, WSTOPPED, 10, VWAIT_NONE, 0 },
	{ "waitid P_ALL WSTOPPED|WNOWAIT", P_ALL, 0, WSTOPPED | WNOWAIT, 10, VWAIT_READY, 105 },
	{ "waitid P_ALL WEXITED|__WNOTHREAD", P_ALL, 0, WEXITED | __WNOTHREAD, 10, VWAIT_READY,
	  104 },
};

START_TEST(selection)
{
	const struct select_case *s = &select_cases[_i];
	struct vwait_req r;
	size_t pick = NFAMILY;
	int rc = s->which < 0 ? vwait_req_wait4(s->id, s->options, s->caller, 77, &r)
			      : vwait_req_waitid(s->which, s->id, s->options, s->caller, 77, &r);

	ck_assert_int_eq(rc, 0);
	ck_assert_msg((int)vwait_select(&r, family, NFAMILY, &pick) == s->verdict, "%s: verdict",
		      s->name);
	if (s->verdict == VWAIT_READY)
		ck_assert_msg(pick < NFAMILY && family[pick].tid == s->tid, "%s: picked %d", s->name,
			      pick < NFAMILY ? family[pick].tid : -1);
}
END_TEST

/* WNOWAIT leaves the event for the next wait; otherwise it is consumed. */
START_TEST(wnowait_consumes_nothing)
{
	struct vwait_req r;

	ck_assert_int_eq(vwait_req_waitid(P_ALL, 0, WEXITED | WNOWAIT, 1, 1, &r), 0);
	ck_assert(!vwait_consumes(&r));
	ck_assert_int_eq(vwait_req_waitid(P_ALL, 0, WEXITED, 1, 1, &r), 0);
	ck_assert(vwait_consumes(&r));
	ck_assert_int_eq(vwait_req_wait4(-1, WNOHANG, 1, 1, &r), 0);
	ck_assert(vwait_consumes(&r));
}
END_TEST

/* ---- the real parent ---- */

START_TEST(real_parent)
{
	struct tracee maker = { .pid = 21, .tgid = 20, .parent_tid = 9, .parent_tgid = 8 };
	struct tracee child = { 0 };

	tracee_set_parent(&child, &maker, SIGCHLD);
	ck_assert_int_eq(child.parent_tid, 21);	/* the forking thread */
	ck_assert_int_eq(child.parent_tgid, 20);
	tracee_set_parent(&child, &maker, CLONE_VM | CLONE_THREAD | CLONE_SIGHAND);
	ck_assert_int_eq(child.parent_tid, 9);
	ck_assert_int_eq(child.parent_tgid, 8);
	tracee_set_parent(&child, &maker, CLONE_PARENT | SIGCHLD);
	ck_assert_int_eq(child.parent_tid, 9);
	ck_assert_int_eq(child.parent_tgid, 8);
	/* The command burrow started has no guest parent, nor its threads. */
	maker.parent_tid = maker.parent_tgid = 0;
	tracee_set_parent(&child, &maker, CLONE_THREAD);
	ck_assert_int_eq(child.parent_tid, 0);
}
END_TEST

/* ---- running a syscall again (parking, the injected filter) ---- */

START_TEST(reexec_registers)
{
	struct arch_regs r, before;
	bool x86 = strcmp(arch_name, "x86_64") == 0;

	memset(&r, 0, sizeof(r));
	for (unsigned i = 0; i < 6; i++)
		arch_set_arg(&r, i, 100 + i);
	arch_set_sp(&r, 0x7ffff000);
	/* The registers of an entry stop: ip past the instruction; x86_64
	 * keeps -ENOSYS in rax there. */
	if (x86)
		arch_set_result(&r, -ENOSYS);
	before = r;
	arch_setup_reexec(&r, 61);
	ck_assert_uint_eq(arch_ip(&r), arch_ip(&before) - (x86 ? 2 : 4));
	for (unsigned i = 0; i < 6; i++)
		ck_assert_uint_eq(arch_arg(&r, i), 100 + i);
	ck_assert_uint_eq(arch_sp(&r), 0x7ffff000);
	if (x86) {
		/* The number is rax again, and orig_rax -1 keeps the
		 * kernel's restart code out. */
		ck_assert_int_eq(arch_result(&r), 61);
		ck_assert_int_eq(arch_sysnum(&r), -1);
	}
}
END_TEST

/* ---- exec and single steps (step 4) ---- */

START_TEST(exec_registers)
{
	struct arch_regs r, before;
	bool x86 = strcmp(arch_name, "x86_64") == 0;

	memset(&r, 0xa5, sizeof(r));
	before = r;
	arch_exec_regs(&r, 0x401000, 0x7ffff000);
	ck_assert_uint_eq(arch_ip(&r), 0x401000);
	ck_assert_uint_eq(arch_sp(&r), 0x7ffff000);
	/* The arguments and the result are 0, as start_thread leaves
	 * them; the number is the caller's to set. */
	for (unsigned i = 0; i < 6; i++)
		ck_assert_uint_eq(arch_arg(&r, i), 0);
	ck_assert_int_eq(arch_result(&r), 0);
	ck_assert_int_eq(arch_sysnum(&r), arch_sysnum(&before));
	/* At the EXEC event, inside the call, x86_64's rax is -ENOSYS;
	 * then the exit's 0 again. */
	arch_exec_event_regs(&r, true);
	ck_assert_int_eq(arch_result(&r), x86 ? -ENOSYS : 0);
	arch_exec_event_regs(&r, false);
	ck_assert_int_eq(arch_result(&r), 0);
}
END_TEST

START_TEST(syscall_instruction)
{
	static const unsigned char x86_syscall[] = { 0x0f, 0x05, 0, 0 };
	static const unsigned char arm64_svc[] = { 0x01, 0x00, 0x00, 0xd4 };
	static const unsigned char nop[] = { 0x90, 0x90, 0x1f, 0x20 };
	bool x86 = strcmp(arch_name, "x86_64") == 0;

	ck_assert_uint_le(arch_syscall_insn_len, ARCH_SYSCALL_INSN_MAX);
	ck_assert(arch_is_syscall_insn(x86 ? x86_syscall : arm64_svc));
	ck_assert(!arch_is_syscall_insn(x86 ? arm64_svc : x86_syscall));
	ck_assert(!arch_is_syscall_insn(nop));
}
END_TEST

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

Suite *vwait_suite(void)
{
	Suite *s = suite_create("vwait");
	TCase *tc = tcase_create("vwait");

	tcase_add_loop_test(tc, wait4_arguments, 0, N(wait4_cases));
	tcase_add_loop_test(tc, waitid_arguments, 0, N(waitid_cases));
	tcase_add_loop_test(tc, status_encodings, 0, N(encode_cases));
	tcase_add_loop_test(tc, selection, 0, N(select_cases));
	tcase_add_test(tc, wnowait_consumes_nothing);
	tcase_add_test(tc, real_parent);
	tcase_add_test(tc, reexec_registers);
	tcase_add_test(tc, exec_registers);
	tcase_add_test(tc, syscall_instruction);
	suite_add_tcase(s, tc);
	return s;
}
