/* Classification of wait statuses: a pure function, unit-tested with
 * synthetic statuses. */
#ifndef BURROW_TRACER_EVENT_H
#define BURROW_TRACER_EVENT_H

enum event_kind {
	EV_EXITED,		/* WIFEXITED: code holds the exit status */
	EV_KILLED,		/* WIFSIGNALED: sig holds the signal */
	EV_SYSCALL,		/* syscall-entry or -exit stop (TRACESYSGOOD) */
	EV_SECCOMP,		/* PTRACE_EVENT_SECCOMP */
	EV_FORK,
	EV_VFORK,
	EV_CLONE,
	EV_EXEC,
	EV_VFORK_DONE,
	EV_EXIT,		/* PTRACE_EVENT_EXIT */
	EV_STOP,		/* PTRACE_EVENT_STOP: interrupt, initial stop of a
				 * new child, or group-stop (sig says which) */
	EV_SIGNAL,		/* signal-delivery-stop: sig to inject */
	EV_UNKNOWN,
};

struct event {
	enum event_kind kind;
	int sig;
	int code;
	int core;
};

struct event event_classify(int status);
const char *event_name(enum event_kind kind);

#endif
