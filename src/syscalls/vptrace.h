/* Guest tracers: a guest thread that ptraces another guest thread is a
 * virtual tracer.  burrow stays the real tracer; the guest's ptrace
 * requests and waits are emulated from these records
 * (doc/ptrace-emulation.md).  Functions return 0 or -errno.
 */
#ifndef BURROW_SYSCALLS_VPTRACE_H
#define BURROW_SYSCALLS_VPTRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "tracee/tracee.h"

/* One guest thread group that traces others; a talloc child of the
 * struct tracer, in tr->vtracers. */
struct vtracer {
	struct vtracer *next;
	pid_t tgid;
	struct vptracee *tracees;	/* newest first, as the kernel's list */
	struct vzombie *zombies;	/* dead tracees it has not waited for */
	/* The siginfo of the SIGCHLD burrow sent it last (the kernel's
	 * do_notify_parent*): fixed up at its delivery stop. */
	struct { int code, status; pid_t pid; uid_t uid; } chld;
	/* The small filter that traps the group's waits (seccomp mode). */
	enum { VF_NONE, VF_PENDING, VF_INSTALLED, VF_FAILED } filter;
};

/* A tracee that died while traced by a thread that is not its parent:
 * the tracer's wait reports it (the parent's real wait does too). */
struct vzombie {
	struct vzombie *next;
	pid_t tid, pgid, tracer_tid;
	int status;
	uid_t uid;
	/* Held at its PTRACE_EVENT_EXIT until the tracer's wait consumes
	 * this, as the kernel tells the real parent only then; 0 if not. */
	pid_t held;
};

/* One thread a guest thread traces; a talloc child of its tracee. */
struct vptracee {
	struct vtracer *vt;
	struct vptracee *next;		/* in vt->tracees */
	struct tracee *t;
	pid_t tracer_tid;		/* the thread that attached: others get ESRCH */
	unsigned long opts;		/* PTRACE_O_* as the guest set them */
	bool seized;			/* PTRACE_SEIZE: group-stops are EVENT_STOPs */
	bool attach_sigstop;		/* ATTACH's SIGSTOP is on its way */
	bool real_opts_pending;		/* TRACEEXIT to set at its next real stop */
	pid_t pgid;			/* its process group, as last seen */
	bool stopped;			/* in a virtual ptrace-stop: held by burrow */
	bool unreported;		/* no wait has consumed the stop yet */
	int status;			/* its wait status word */
	int sig;			/* the signal of the real stop, injected by a
					 * resume unless the guest says otherwise */
	bool group_stop;		/* the real stop is a group-stop */
	unsigned long msg;		/* GETEVENTMSG */
	bool run_syscall;		/* resumed with PTRACE_SYSCALL */
	bool sc_stop, sc_entry;		/* the held stop is a syscall (entry) stop */
	/* burrow's entry work ran for the current call: its rewrites of
	 * the argument registers are undone at the exit stop. */
	bool burrow_entered;
	int event;			/* PTRACE_EVENT_* of the held stop, or 0 */
	bool interrupt_pending;		/* PTRACE_INTERRUPT: its trap is shown */
	bool listening;			/* PTRACE_LISTEN: its next trap is shown */
	bool auto_attached;		/* by the options: its first stop is owed */
	bool start_sigstop;		/* an auto-attached child's SIGSTOP is burrow's */
	/* exec (doc/ptrace-emulation.md 3.6): burrow's loader runs for it
	 * (nothing is shown); its final execve(-1) was caught, the exit
	 * stop finishes the exec; the EXEC event is held at that exit
	 * stop; burrow's SIGTRAP after an exec is on its way. */
	bool await_loader_end, loader_end, exec_at_exit, exec_sigtrap;
	pid_t exec_former_tid;		/* GETEVENTMSG of the EXEC event */
	/* PTRACE_SINGLESTEP: asked for (vpt_step), running so; without
	 * burrow's filter, a syscall instruction runs on PTRACE_SYSCALL
	 * (burrow must see it) and its step trap is made up at its exit. */
	bool step_pending, run_step, step_syscall, step_sigtrap;
};

/* A guest tracer thread inside an emulated wait (wait.c). */
struct vwait {
	/* In the real call; woken from it; parked in a futex (the real
	 * call had nothing to wait for); woken from the futex. */
	enum { VW_KERNEL, VW_WAKING, VW_PARKED, VW_PARKED_WAKING } state;
};

struct vtracer *vtracer_find(struct tracer *tr, pid_t tgid);
struct vtracer *vtracer_get(struct tracer *tr, pid_t tgid);
/* Start tracing t from thread tracer_tid (TRACEME, ATTACH, SEIZE);
 * caller: the thread whose ptrace call this is. */
int vpt_attach(struct tracer *tr, struct tracee *t, pid_t tracer_tid, bool seized,
	       unsigned long opts, const struct tracee *caller);
/* Forget t's tracer (DETACH, the tracer's death); a held stop resumes
 * with sig. */
void vpt_detach(struct tracee *t, int sig);

/* A real stop of a traced thread: true when it became a virtual stop,
 * which holds the thread (no resume). */
bool vpt_route_signal(struct tracer *tr, struct tracee *t, int sig, bool group_stop);
/* A syscall stop of a traced thread: true when handled (shown to its
 * tracer, or resumed). */
bool vpt_on_syscall_stop(struct tracer *tr, struct tracee *t);
/* burrow's entry work for t's call is done (syscall_enter): the exit
 * stop is wanted when it changed what the guest tracer would see. */
void vpt_after_enter(struct tracee *t);
/* The guest tracer resumes t (CONT, SYSCALL) with signal sig. */
int vpt_resume(struct tracer *tr, struct tracee *t, int sig, bool syscall);
/* The guest tracer single-steps t (PTRACE_SINGLESTEP) with signal sig. */
int vpt_step(struct tracer *tr, struct tracee *t, int sig);
/* The ptrace request that resumes t while it single-steps. */
int vpt_step_request(struct tracer *tr, struct tracee *t);
/* Resume t from its stop with signal sig, by the request its state
 * needs: burrow's own (an exit stop, an injection) or its guest
 * tracer's (syscall stops, single-steps). */
int tracer_resume(struct tracer *tr, struct tracee *t, int sig);
/* A ptrace event of t (PTRACE_EVENT_*, with its message): true when
 * its tracer asked for it (shown and held). */
bool vpt_route_event(struct tracer *tr, struct tracee *t, int event, unsigned long msg);
/* A thread traced by its guest tracer created child (event: FORK, VFORK
 * or CLONE): true when the child is traced too (the options ask so). */
bool vpt_inherit(struct tracer *tr, struct tracee *parent, struct tracee *child, int event);
/* The first stop of an auto-attached child (held by burrow). */
void vpt_child_start(struct tracer *tr, struct tracee *child);
/* A PTRACE_INTERRUPT stop (EV_STOP, SIGTRAP) of t: true when it is its
 * guest tracer's INTERRUPT or the re-trap of a LISTEN (shown). */
bool vpt_route_trap(struct tracer *tr, struct tracee *t);
/* Wake the tracer's threads that wait, and send it SIGCHLD with this
 * siginfo (CLD_*, the tracee, its si_status and uid). */
void vt_notify(struct tracer *tr, struct vtracer *vt, int code, pid_t pid, int status, uid_t uid);
/* A SIGCHLD delivery stop of t: burrow's own gets the kernel's siginfo. */
void vt_fix_sigchld(struct tracer *tr, struct tracee *t);
/* Any real stop of a traced thread: the real options it still needs. */
void vpt_real_opts(struct tracee *t);
/* PTRACE_EVENT_EXIT of a traced thread: true when it is held. */
bool vpt_on_exit(struct tracer *tr, struct tracee *t);
/* The tracer's wait consumed zombie z: a held thread may die now. */
void vzombie_release(struct tracer *tr, struct vzombie *z);
/* A thread died with wait status: its tracees lose their tracer, and a
 * traced thread becomes its tracer's zombie. */
void vpt_thread_gone(struct tracer *tr, struct tracee *t, int status);

/* The group of gt must trap its waits: install the small filter (an
 * injected seccomp() with TSYNC) at gt's next syscall entry; interrupt
 * it unless it is at a stop being handled now. */
void vt_want_filter(struct tracer *tr, struct vtracer *vt, struct tracee *gt, bool interrupt);
/* Whether a syscall stop is an entry (seccomp mode cannot tell from the
 * order alone). */
bool vpt_stop_is_entry(struct tracer *tr, struct tracee *t, const struct arch_regs *r);
/* A syscall stop of a thread with an injection under way: true when it
 * was the injection's (handled and resumed). */
bool inject_on_syscall_stop(struct tracer *tr, struct tracee *t);

/* exec: a traced thread's EXEC event (after on_exec); loader: burrow's
 * loader is to run first, and the exec is shown at its end. */
void vpt_exec_start(struct tracer *tr, struct tracee *t, bool loader);
/* The exec is complete (no loader, or the loader's end): shown as the
 * kernel would.  True when the thread is held. */
bool vpt_exec_shown(struct tracer *tr, struct tracee *t);
/* execve entry of a traced thread: true when it is the loader's final
 * execve(-1), which is then emulated (syscall_emulate). */
bool vpt_loader_end(struct tracee *t);
/* A non-leader thread execer exec'd: its tracer, if any, now traces
 * the leader's record; the old leader's is forgotten, unreported. */
void vpt_exec_moved(struct tracee *leader, struct tracee *execer);

/* gseccomp.c: what the guest's own seccomp filters make of the call t
 * is entering (declared here, where vpt_resume needs it). */
enum gsc_verdict {
	GSC_NONE,	/* nothing of the guest's: burrow's usual work */
	GSC_SHOWN,	/* a virtual seccomp stop, held; burrow's entry work
			 * runs when its tracer resumes it (vpt_resume) */
	GSC_ENOSYS,	/* TRACE without a tracer: the call was skipped with
			 * -ENOSYS; just resume */
};
enum gsc_verdict gsc_before_enter(struct tracer *tr, struct tracee *t);

/* wait.c: a syscall stop of a thread parked in its futex: true when
 * handled (the wait runs again at the futex's exit). */
bool vwait_on_parked_stop(struct tracer *tr, struct tracee *t);
/* The same at a PTRACE_INTERRUPT stop (EV_STOP, SIGTRAP). */
bool vwait_on_interrupt(struct tracer *tr, struct tracee *t);

#endif
