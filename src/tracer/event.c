#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "tracer/event.h"

struct event event_classify(int status)
{
	struct event ev = { .kind = EV_UNKNOWN };

	if (WIFEXITED(status)) {
		ev.kind = EV_EXITED;
		ev.code = WEXITSTATUS(status);
		return ev;
	}
	if (WIFSIGNALED(status)) {
		ev.kind = EV_KILLED;
		ev.sig = WTERMSIG(status);
		ev.core = WCOREDUMP(status) ? 1 : 0;
		return ev;
	}
	if (!WIFSTOPPED(status))
		return ev;

	ev.sig = WSTOPSIG(status);
	if (ev.sig == (SIGTRAP | 0x80)) {
		ev.kind = EV_SYSCALL;
		ev.sig = 0;
		return ev;
	}
	switch ((unsigned)status >> 16) {
	case 0:
		ev.kind = EV_SIGNAL;
		return ev;
	case PTRACE_EVENT_STOP:
		ev.kind = EV_STOP;
		return ev;
	case PTRACE_EVENT_SECCOMP: ev.kind = EV_SECCOMP; break;
	case PTRACE_EVENT_FORK: ev.kind = EV_FORK; break;
	case PTRACE_EVENT_VFORK: ev.kind = EV_VFORK; break;
	case PTRACE_EVENT_CLONE: ev.kind = EV_CLONE; break;
	case PTRACE_EVENT_EXEC: ev.kind = EV_EXEC; break;
	case PTRACE_EVENT_VFORK_DONE: ev.kind = EV_VFORK_DONE; break;
	case PTRACE_EVENT_EXIT: ev.kind = EV_EXIT; break;
	default: return ev;
	}
	/* Event stops report SIGTRAP; nothing is to be injected. */
	ev.sig = 0;
	return ev;
}

const char *event_name(enum event_kind kind)
{
	static const char *const names[] = {
		[EV_EXITED] = "exited", [EV_KILLED] = "killed",
		[EV_SYSCALL] = "syscall", [EV_SECCOMP] = "seccomp",
		[EV_FORK] = "fork", [EV_VFORK] = "vfork", [EV_CLONE] = "clone",
		[EV_EXEC] = "exec", [EV_VFORK_DONE] = "vfork-done",
		[EV_EXIT] = "exit", [EV_STOP] = "stop", [EV_SIGNAL] = "signal",
		[EV_UNKNOWN] = "unknown",
	};
	return kind <= EV_UNKNOWN ? names[kind] : "unknown";
}
