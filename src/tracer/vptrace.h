/* Guest tracers: a guest thread that ptraces another guest thread is a
 * virtual tracer.  burrow stays the real tracer; the guest's ptrace
 * requests and waits are emulated from these records
 * (doc/ptrace-emulation.md).  Functions return 0 or -errno.
 */
#ifndef BURROW_TRACER_VPTRACE_H
#define BURROW_TRACER_VPTRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "tracer/tracer.h"

/* One guest thread group that traces others; a talloc child of the
 * struct tracer, in tr->vtracers. */
struct vtracer {
	struct vtracer *next;
	pid_t tgid;
	struct vptracee *tracees;	/* newest first, as the kernel's list */
	/* The small filter that traps the group's waits (seccomp mode). */
	enum { VF_NONE, VF_PENDING, VF_INSTALLED, VF_FAILED } filter;
};

/* One thread a guest thread traces; a talloc child of its tracee. */
struct vptracee {
	struct vtracer *vt;
	struct vptracee *next;		/* in vt->tracees */
	struct tracee *t;
	pid_t tracer_tid;		/* the thread that attached: others get ESRCH */
	unsigned long opts;		/* PTRACE_O_* as the guest set them */
	bool stopped;			/* in a virtual ptrace-stop: held by burrow */
	bool unreported;		/* no wait has consumed the stop yet */
	int status;			/* its wait status word */
	int sig;			/* the signal of the real stop, injected by a
					 * resume unless the guest says otherwise */
	bool group_stop;		/* the real stop is a group-stop */
	unsigned long msg;		/* GETEVENTMSG */
};

/* A guest tracer thread inside an emulated wait (wait.c). */
struct vwait {
	enum { VW_KERNEL, VW_WAKING } state;
};

struct vtracer *vtracer_find(struct tracer *tr, pid_t tgid);
struct vtracer *vtracer_get(struct tracer *tr, pid_t tgid);
/* Start tracing t from thread tracer_tid (TRACEME, and later ATTACH). */
int vpt_attach(struct tracer *tr, struct tracee *t, pid_t tracer_tid);
/* Forget t's tracer (DETACH, the tracer's death); a held stop resumes
 * with sig. */
void vpt_detach(struct tracee *t, int sig);

/* A real stop of a traced thread: true when it became a virtual stop,
 * which holds the thread (no resume). */
bool vpt_route_signal(struct tracer *tr, struct tracee *t, int sig, bool group_stop);
/* Wake the tracer's threads that wait, and send it SIGCHLD. */
void vt_notify(struct tracer *tr, struct vtracer *vt);
/* A thread died: its tracees lose their tracer. */
void vpt_thread_gone(struct tracer *tr, pid_t tid, pid_t tgid);

/* The group of gt must trap its waits: install the small filter (an
 * injected seccomp() with TSYNC) at gt's next syscall stop. */
void vt_want_filter(struct tracer *tr, struct vtracer *vt, struct tracee *gt);
/* A syscall stop of a thread with an injection under way: true when it
 * was the injection's (handled and resumed). */
bool inject_on_syscall_stop(struct tracer *tr, struct tracee *t);

#endif
