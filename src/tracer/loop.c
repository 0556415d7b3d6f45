/* The event loop: wait, classify, dispatch (strace's shape). */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <linux/sched.h>

#include "syscalls/gseccomp.h"
#include "syscalls/syscalls.h"
#include "syscalls/vptrace.h"
#include "tracee/gbpf.h"
#include "tracee/spin.h"
#include "tracee/tracee.h"
#include "tracer/event.h"
#include "tracer/loop.h"

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Clone flags of the syscall a tracee is in, read at its fork event. */
static unsigned long clone_flags_of(struct tracee *t, enum event_kind kind)
{
	struct arch_regs r;
	long nr;
	uint64_t flags;

	if (kind == EV_FORK)
		return 0;
	if (kind == EV_VFORK)
		return CLONE_VM | CLONE_VFORK;
	if (arch_regs_fetch(t->pid, &r) < 0)
		return 0;
	nr = arch_sysnum(&r);
	if (arch_sc_from_nr(nr) == SC_clone3) {
		/* clone_args.flags is its first field. */
		if (mem_read(t, arch_arg(&r, 0), &flags, sizeof(flags)) < 0)
			return 0;
		return flags;
	}
	if (arch_sc_from_nr(nr) == SC_clone)
		return arch_arg(&r, 0);
	return 0;
}

static int ptrace_event_of(enum event_kind kind)
{
	return kind == EV_FORK ? PTRACE_EVENT_FORK : kind == EV_VFORK ? PTRACE_EVENT_VFORK
		: PTRACE_EVENT_CLONE;
}

/* Returns the new child's tid, 0 if unknown. */
static pid_t on_new_child(struct tracer *tr, struct tracee *parent, enum event_kind kind)
{
	unsigned long msg = 0, flags;
	struct tracee *child;
	bool traced;

	if (ptrace(PTRACE_GETEVENTMSG, parent->pid, NULL, &msg) < 0)
		return 0;
	flags = clone_flags_of(parent, kind);
	child = tracee_find(tr, (pid_t)msg);
	if (!child) {
		child = tracee_new(tr, (pid_t)msg);
		if (!child)
			return 0;
	}
	child->tgid = (flags & CLONE_THREAD) ? parent->tgid : child->pid;
	tracee_set_parent(child, parent, flags);
	if (flags & CLONE_THREAD)
		child->vm_sharer = parent->vm_sharer;
	else if (flags & CLONE_VM)
		child->vm_sharer = parent->pid;
	/* A forked child has a copy of the spare area at the same place. */
	child->loader.fallback_area = parent->loader.fallback_area;
	child->loader.script_addr = parent->loader.script_addr;
	if (parent->exe && !child->exe)
		child->exe = talloc_strdup(child, parent->exe);
	/* The kernel copies the seccomp filters to every new task. */
	if (!child->gfilters)
		child->gfilters = gfilter_ref(parent->gfilters);
	/* Without its parent's faked ids the child would keep a first
	 * tracee's (root's): it dies instead, as stop_failed's do. */
	if (tr->fake && tracee_copy_cred(child, parent) < 0) {
		fprintf(stderr, "burrow: [%d] out of memory for its faked ids: killing it\n",
			(int)child->pid);
		kill(child->pid, SIGKILL);
	}
	if (flags & CLONE_FS) {
		child->fs = parent->fs;
		child->fs->refs++;
	} else {
		child->fs = fs_info_copy(parent->fs);
	}
	/* The namespaces burrow took out of the clone (ns.c). */
	if (tr->fake && tracee_ns_clone(child, parent, flags | parent->ns.clone_flags) < 0) {
		fprintf(stderr, "burrow: [%d] out of memory for its namespaces: killing it\n",
			(int)child->pid);
		kill(child->pid, SIGKILL);
	}
	parent->ns.clone_flags = 0;
	/* A guest tracer's options may trace the child too. */
	traced = parent->vpt && vpt_inherit(tr, parent, child, ptrace_event_of(kind));
	/* The child's first stop may have come before this event. */
	if (child->initial_stop_seen) {
		if (traced)
			vpt_child_start(tr, child);
		else
			tracer_resume(tr, child, 0);
	}
	return child->pid;
}

/* A non-leader thread that execs takes over the leader's pid. */
static void on_exec(struct tracer *tr, struct tracee *t)
{
	unsigned long former = 0;
	struct tracee *old;

	if (ptrace(PTRACE_GETEVENTMSG, t->pid, NULL, &former) < 0 ||
	    (pid_t)former == t->pid)
		return;
	old = tracee_find(tr, (pid_t)former);
	if (!old)
		return;
	/* The exec'ing thread's state moves to the leader's record. */
	struct fs_info *fs = t->fs;
	t->fs = old->fs;
	old->fs = fs;
	t->stop.in_syscall = old->stop.in_syscall;
	t->stop.exit_wanted = old->stop.exit_wanted;
	t->xmap = old->xmap;
	t->xmap_addr = old->xmap_addr;
	t->xmap_len = old->xmap_len;
	/* Filters are per thread: the exec'ing one's stay. */
	struct gfilter *g = t->gfilters;
	t->gfilters = old->gfilters;
	old->gfilters = g;
	talloc_free(t->loader.pending);
	t->loader.pending = talloc_steal(t, old->loader.pending);
	old->loader.pending = NULL;
	/* The exec'ing thread's ids (and its set-id exec) are the new
	 * process's: moved, which cannot fail half-way. */
	if (tr->fake) {
		tracee_move_cred(t, old);
		tracee_ns_move(t, old);
	}
	if (tr->vtracers)
		vpt_exec_moved(t, old);
	tracee_remove(tr, old);
}

/* burrow waits for everything the command started, as PRoot does; say
 * so once, with the pids, rather than hang without a word. */
static void report_stragglers(struct tracer *tr)
{
	unsigned n = 0;

	for (unsigned b = 0; b < TRACEE_BUCKETS; b++)
		for (struct tracee *o = tr->table[b]; o; o = o->hnext)
			n += o->pid == o->tgid;
	if (!n)
		return;
	fprintf(stderr, "burrow: the command exited; waiting for %u process%s it left running:",
		n, n == 1 ? "" : "es");
	for (unsigned b = 0; b < TRACEE_BUCKETS; b++)
		for (struct tracee *o = tr->table[b]; o; o = o->hnext)
			if (o->pid == o->tgid)
				fprintf(stderr, " %d", (int)o->pid);
	fprintf(stderr, " (--kill-on-exit ends them)\n");
}

static void on_death(struct tracer *tr, pid_t pid, const struct event *ev, int status)
{
	struct tracee *t = tracee_find(tr, pid);

	if (t) {
		if (tr->vtracers)
			vpt_thread_gone(tr, t, status);
		tracee_remove(tr, t);
	}
	coloc_forget(tr, pid);
	if (pid == tr->main_pid && !tr->main_done) {
		tr->main_done = true;
		tr->main_status = ev->kind == EV_EXITED ? ev->code : 128 + ev->sig;
		if (tr->kill_on_exit) {
			for (unsigned b = 0; b < TRACEE_BUCKETS; b++)
				for (struct tracee *o = tr->table[b]; o; o = o->hnext)
					kill(o->pid, SIGKILL);
		} else {
			report_stragglers(tr);
		}
	}
}

static bool stop_is_entry(struct tracer *tr, struct tracee *t)
{
	if (tr->use_seccomp) {
		/* The order was learnt at launch: only kernels before 4.8
		 * bring an entry stop after a seccomp stop. */
		if (tr->order == ORDER_SECCOMP_THEN_ENTRY && t->stop.skip_entry_stop) {
			t->stop.skip_entry_stop = false;
			return true;
		}
		return false;
	}
	if (tr->use_syscall_info) {
		struct __ptrace_syscall_info info;

		if (ptrace(PTRACE_GET_SYSCALL_INFO, t->pid, (void *)sizeof(info), &info) > 0)
			return info.op == PTRACE_SYSCALL_INFO_ENTRY;
		tr->use_syscall_info = false;
	}
	return !t->stop.in_syscall;
}

/* What a stop burrow could not complete comes to: the registers hold
 * neither the translated call nor an error, so resuming would run the
 * original one, guest paths and all, on the host.  The tracee dies
 * instead, unless it is gone already (ESRCH).  True when it was killed. */
static bool stop_failed(struct tracee *t, const char *stop, int rc)
{
	if (rc >= 0 || rc == -ESRCH)
		return false;
	fprintf(stderr, "burrow: [%d] cannot complete the %s stop of %s (%s): killing it\n",
		(int)t->pid, stop, t->stop.sc >= 0 && t->stop.sc < SC_COUNT ? sc_desc[t->stop.sc].name : "a syscall",
		strerror(-rc));
	/* SIGKILL ends a tracee in a ptrace stop without a resume. */
	kill(t->pid, SIGKILL);
	return true;
}

static void on_syscall_stop(struct tracer *tr, struct tracee *t)
{
	if (t->inject != INJ_NONE && inject_on_syscall_stop(tr, t))
		return;
	if (t->vwait && vwait_on_parked_stop(tr, t))
		return;
	if (t->xmap != XM_NONE && exec_map_stop(tr, t))
		return;
	if (t->vpt && vpt_on_syscall_stop(tr, t))
		return;
	if (stop_is_entry(tr, t)) {
		if (tr->use_seccomp) {
			/* Old kernels: the entry stop after a seccomp stop
			 * that was already handled. */
			tracer_resume(tr, t, 0);
			return;
		}
		t->stop.in_syscall = true;
		if (t->gfilters && gsc_on_entry_stop(tr, t))
			return;
		if (stop_failed(t, "entry", syscall_enter(t)))
			return;
		if (t->vpt)
			vpt_after_enter(t);
	} else {
		t->stop.in_syscall = false;
		if (t->stop.exit_wanted) {
			t->stop.exit_wanted = false;
			if (stop_failed(t, "exit", syscall_exit(t)))
				return;
		}
	}
	tracer_resume(tr, t, 0);
}

static bool is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

static void dispatch(struct tracer *tr, pid_t pid, int status)
{
	struct event ev = event_classify(status);
	struct tracee *t;

	if (ev.kind == EV_EXITED || ev.kind == EV_KILLED) {
		on_death(tr, pid, &ev, status);
		return;
	}
	t = tracee_find(tr, pid);
	if (!t) {
		/* A new child whose first stop beat its parent's event. */
		t = tracee_new(tr, pid);
		if (!t)
			return;
		t->tgid = pid;
		t->initial_stop_seen = true;
		return;
	}
	if (tr->verbose >= 3)
		fprintf(stderr, "burrow: pid %d: %s sig %d\n", (int)pid, event_name(ev.kind), ev.sig);
	if (tr->coloc.enabled)
		coloc_stop(tr, t, now_ns());
	if (t->vpt && t->vpt->real_opts_pending)
		vpt_real_opts(t);

	switch (ev.kind) {
	case EV_SECCOMP:
		t->stop.in_syscall = true;
		/* The guest's own filters (and, without burrow's, their
		 * stops): syscalls/gseccomp.c. */
		if ((t->gfilters || !tr->use_seccomp || t->inject == INJ_RUNNING) &&
		    gsc_on_seccomp_stop(tr, t))
			return;
		if (stop_failed(t, "entry", syscall_enter(t)))
			return;
		if (t->vpt)
			vpt_after_enter(t);
		if (tr->verbose >= 3)
			fprintf(stderr, "burrow: pid %d: seccomp stop of %s\n", (int)pid,
				t->stop.sc != SC_NONE ? sc_desc[t->stop.sc].name : "an unknown syscall");
		if (t->stop.exit_wanted && tr->order == ORDER_SECCOMP_THEN_ENTRY)
			t->stop.skip_entry_stop = true;
		tracer_resume(tr, t, 0);
		return;
	case EV_SYSCALL:
		on_syscall_stop(tr, t);
		return;
	case EV_FORK:
	case EV_VFORK:
	case EV_CLONE: {
		pid_t child = on_new_child(tr, t, ev.kind);

		if (t->vpt && child && vpt_route_event(tr, t, ptrace_event_of(ev.kind),
						       (unsigned long)child))
			return;
		tracer_resume(tr, t, 0);
		return;
	}
	case EV_VFORK_DONE:
		/* Asked for by vptrace.c only. */
		if (t->vpt) {
			unsigned long msg = 0;

			ptrace(PTRACE_GETEVENTMSG, pid, NULL, &msg);
			if (vpt_route_event(tr, t, PTRACE_EVENT_VFORK_DONE, msg))
				return;
		}
		tracer_resume(tr, t, 0);
		return;
	case EV_EXEC:
		on_exec(tr, t);
		/* execve ends PR_SET_KEEPCAPS (prepare_exec_creds). */
		t->cred.keepcaps = false;
		/* A new mm: the loader, if any, maps a new spare area. */
		t->loader.fallback_area = t->loader.script_addr = 0;
		exec_map_after_exec(tr, t);
		/* Best effort: the program runs with the kernel's auxv. */
		exec_fix_auxv(t);
		/* A guest tracer hears of the exec once the loader is done. */
		if (t->vpt)
			vpt_exec_start(tr, t, t->loader.pending != NULL);
		if (t->loader.pending && loader_start(t, t->vpt != NULL) < 0) {
			/* The loader would run without its script. */
			kill(t->pid, SIGKILL);
			return;
		}
		if (t->vpt && !t->vpt->await_loader_end && vpt_exec_shown(tr, t))
			return;
		tracer_resume(tr, t, 0);
		return;
	case EV_STOP:
		if (!t->initial_stop_seen) {
			t->initial_stop_seen = true;
			if (t->fs && t->vpt)
				vpt_child_start(tr, t);
			else if (t->fs)
				tracer_resume(tr, t, 0);
			return;
		}
		if (is_stop_signal(ev.sig)) {
			if (t->vpt && vpt_route_signal(tr, t, ev.sig, true))
				return;
			/* A group-stop: stay stopped until SIGCONT, as
			 * without burrow. */
			ptrace(PTRACE_LISTEN, pid, NULL, NULL);
			return;
		}
		if (t->vpt && ev.sig == SIGTRAP && vpt_route_trap(tr, t))
			return;
		if (t->vwait && vwait_on_interrupt(tr, t))
			return;
		tracer_resume(tr, t, 0);
		return;
	case EV_EXIT:
		/* Asked for by vptrace.c only. */
		if (t->vpt && vpt_on_exit(tr, t))
			return;
		tracer_resume(tr, t, 0);
		return;
	case EV_SIGNAL:
		if (tr->verbose >= 3)
			fprintf(stderr, "burrow: pid %d: signal stop of signal %d\n", (int)pid, ev.sig);
		if (t->vpt && vpt_route_signal(tr, t, ev.sig, false))
			return;
		if (ev.sig == SIGCHLD && tr->vtracers)
			vt_fix_sigchld(tr, t);
		tracer_resume(tr, t, ev.sig);
		return;
	default:
		tracer_resume(tr, t, 0);
		return;
	}
}

void tracer_init_spin(struct tracer *tr, const char *off)
{
	cpu_set_t cpus;
	const char *us = getenv("BURROW_SPIN_US");
	long budget = SPIN_NS_DEFAULT;

	if (us && *us)
		budget = strtol(us, NULL, 10) * 1000;
	/* On one CPU, polling would only keep the tracee from running. */
	if (off || sched_getaffinity(0, sizeof(cpus), &cpus) < 0 || CPU_COUNT(&cpus) < 2)
		budget = 0;
	spin_init(&tr->spin, budget);
	if (tr->verbose >= 1) {
		if (budget > 0)
			fprintf(stderr, "burrow: polling for stops for up to %ld microseconds\n", budget / 1000);
		else
			fprintf(stderr, "burrow: not polling for stops (%s)\n",
				off ? off : us && *us && strtol(us, NULL, 10) <= 0
				? "BURROW_SPIN_US" : "one CPU");
	}
}

/* waitpid for the next event, polling first while that pays (spin.c). */
static pid_t wait_next(struct tracer *tr, int *status)
{
	struct spin *s = &tr->spin;
	long long start, t;
	pid_t pid;

	/* Pinned to one CPU, polling would keep the tracee from it. */
	if (s->budget_ns == 0 || tr->coloc.pinned)
		return waitpid(-1, status, __WALL);
	start = now_ns();
	if (spin_should_poll(s)) {
		bool slow = false;

		for (;;) {
			pid = waitpid(-1, status, __WALL | WNOHANG);
			if (pid != 0) {
				spin_caught(s);
				return pid;
			}
			/* A long yield that brought no stop ran other work:
			 * one that ran the tracee (woken on this CPU) does. */
			if (slow) {
				spin_contended(s);
				break;
			}
			t = now_ns();
			if (t - start >= s->budget_ns)
				break;
			/* Whatever else wants this CPU gets it. */
			sched_yield();
			slow = now_ns() - t > SPIN_YIELD_SLOW_NS;
		}
	}
	pid = waitpid(-1, status, __WALL);
	spin_slept(s, now_ns() - start);
	return pid;
}

int tracer_run(struct tracer *tr)
{
	for (;;) {
		int status;
		pid_t pid = wait_next(tr, &status);

		if (pid < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ECHILD)
				break;
			return -errno;
		}
		dispatch(tr, pid, status);
	}
	if (tr->report)
		syscall_report_print(tr);
	return 0;
}
