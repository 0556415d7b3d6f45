/* The wait-status classifier, fed synthetic statuses built the way the
 * kernel encodes them (see wait(2) and ptrace(2)). */
#include <check.h>
#include <signal.h>
#include <sys/ptrace.h>

#include "tracer/event.h"

/* Encodings: exit: code << 8; killed: sig (| 0x80 core); stopped:
 * (event << 16) | (sig << 8) | 0x7f. */
#define EXITED(code) ((code) << 8)
#define KILLED(sig) (sig)
#define STOPPED(sig, event) (((event) << 16) | ((sig) << 8) | 0x7f)

struct event_case {
	const char *name;
	int status;
	enum event_kind kind;
	int sig;
	int code;
};

static const struct event_case cases[] = {
	{ "exit 0", EXITED(0), EV_EXITED, 0, 0 },
	{ "exit 42", EXITED(42), EV_EXITED, 0, 42 },
	{ "exit 255", EXITED(255), EV_EXITED, 0, 255 },
	{ "killed by SIGSEGV", KILLED(SIGSEGV), EV_KILLED, SIGSEGV, 0 },
	{ "killed by SIGKILL", KILLED(SIGKILL), EV_KILLED, SIGKILL, 0 },
	{ "killed with core", KILLED(SIGABRT) | 0x80, EV_KILLED, SIGABRT, 0 },
	{ "syscall stop", STOPPED(SIGTRAP | 0x80, 0), EV_SYSCALL, 0, 0 },
	{ "seccomp stop", STOPPED(SIGTRAP, PTRACE_EVENT_SECCOMP), EV_SECCOMP, 0, 0 },
	{ "fork event", STOPPED(SIGTRAP, PTRACE_EVENT_FORK), EV_FORK, 0, 0 },
	{ "vfork event", STOPPED(SIGTRAP, PTRACE_EVENT_VFORK), EV_VFORK, 0, 0 },
	{ "clone event", STOPPED(SIGTRAP, PTRACE_EVENT_CLONE), EV_CLONE, 0, 0 },
	{ "exec event", STOPPED(SIGTRAP, PTRACE_EVENT_EXEC), EV_EXEC, 0, 0 },
	{ "vfork done", STOPPED(SIGTRAP, PTRACE_EVENT_VFORK_DONE), EV_VFORK_DONE, 0, 0 },
	{ "exit event", STOPPED(SIGTRAP, PTRACE_EVENT_EXIT), EV_EXIT, 0, 0 },
	{ "interrupt stop", STOPPED(SIGTRAP, PTRACE_EVENT_STOP), EV_STOP, SIGTRAP, 0 },
	{ "group stop SIGTSTP", STOPPED(SIGTSTP, PTRACE_EVENT_STOP), EV_STOP, SIGTSTP, 0 },
	{ "group stop SIGSTOP", STOPPED(SIGSTOP, PTRACE_EVENT_STOP), EV_STOP, SIGSTOP, 0 },
	{ "signal SIGINT", STOPPED(SIGINT, 0), EV_SIGNAL, SIGINT, 0 },
	{ "signal SIGTRAP (plain, e.g. int3)", STOPPED(SIGTRAP, 0), EV_SIGNAL, SIGTRAP, 0 },
	{ "signal SIGSTOP delivery", STOPPED(SIGSTOP, 0), EV_SIGNAL, SIGSTOP, 0 },
	{ "signal SIGCHLD", STOPPED(SIGCHLD, 0), EV_SIGNAL, SIGCHLD, 0 },
	{ "unknown event number", STOPPED(SIGTRAP, 99), EV_UNKNOWN, SIGTRAP, 0 },
	{ "continued (not a stop)", 0xffff, EV_UNKNOWN, 0, 0 },
};

START_TEST(event_classify_table)
{
	const struct event_case *c = &cases[_i];
	struct event ev = event_classify(c->status);

	ck_assert_msg(ev.kind == c->kind, "%s: kind %s, expected %s", c->name,
		      event_name(ev.kind), event_name(c->kind));
	ck_assert_msg(ev.sig == c->sig, "%s: sig %d, expected %d", c->name, ev.sig, c->sig);
	ck_assert_msg(ev.code == c->code, "%s: code %d, expected %d", c->name, ev.code, c->code);
}
END_TEST

START_TEST(event_core_flag)
{
	ck_assert_int_eq(event_classify(KILLED(SIGABRT) | 0x80).core, 1);
	ck_assert_int_eq(event_classify(KILLED(SIGTERM)).core, 0);
}
END_TEST

Suite *event_suite(void)
{
	Suite *s = suite_create("event");
	TCase *tc = tcase_create("classify");

	tcase_add_loop_test(tc, event_classify_table, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, event_core_flag);
	suite_add_tcase(s, tc);
	return s;
}
