/* Guest tracers: records, stop routing, wakeups and the injected filter
 * that traps a guest tracer's waits (doc/ptrace-emulation.md 3, 4.2).
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <talloc.h>
#include <unistd.h>

#include "syscalls/syscalls.h"
#include "syscalls/vptrace.h"

/* <linux/ptrace.h>, which clashes with <sys/ptrace.h>. */
#define EVENTMSG_SYSCALL_ENTRY 1
#define EVENTMSG_SYSCALL_EXIT 2

static bool exit_hold(struct tracer *tr, struct tracee *t);
static void exec_finish(struct tracer *tr, struct tracee *t);
static bool exec_resume(struct tracer *tr, struct tracee *t, bool syscall);
static void exec_sigtrap_fix(struct tracer *tr, struct tracee *t, int sig);
static int step_exit_work(struct tracer *tr, struct tracee *t, int sig);
static bool step_syscall_done(struct tracer *tr, struct tracee *t);

struct vtracer *vtracer_find(struct tracer *tr, pid_t tgid)
{
	for (struct vtracer *vt = tr->vtracers; vt; vt = vt->next)
		if (vt->tgid == tgid)
			return vt;
	return NULL;
}

struct vtracer *vtracer_get(struct tracer *tr, pid_t tgid)
{
	struct vtracer *vt = vtracer_find(tr, tgid);

	if (vt)
		return vt;
	vt = talloc_zero(tr, struct vtracer);
	if (!vt)
		return NULL;
	vt->tgid = tgid;
	vt->next = tr->vtracers;
	tr->vtracers = vt;
	return vt;
}

static int vpt_destructor(struct vptracee *v)
{
	struct vptracee **p;

	for (p = &v->vt->tracees; *p; p = &(*p)->next)
		if (*p == v) {
			*p = v->next;
			break;
		}
	v->t->vpt = NULL;
	return 0;
}

/* Without the filter: a wait of the new tracer's group that began
 * before it traced anything is a plain real one, which the tracee's
 * stops (burrow's) never end.  Interrupted, it runs again and is
 * handled (wait.c). */
static void wake_untrapped_waits(struct tracer *tr, struct vtracer *vt)
{
	for (unsigned b = 0; b < TRACEE_BUCKETS; b++)
		for (struct tracee *o = tr->table[b]; o; o = o->hnext)
			if (o->tgid == vt->tgid && o->stop.in_syscall && !o->vwait &&
			    (o->stop.sc == SC_wait4 || o->stop.sc == SC_waitid))
				ptrace(PTRACE_INTERRUPT, o->pid, NULL, NULL);
}

int vpt_attach(struct tracer *tr, struct tracee *t, pid_t tracer_tid, bool seized,
	       unsigned long opts, const struct tracee *caller)
{
	struct tracee *gt = tracee_find(tr, tracer_tid);
	struct vtracer *vt;
	struct vptracee *v;

	if (!gt)
		return -EPERM;
	vt = vtracer_get(tr, gt->tgid);
	if (!vt)
		return -ENOMEM;
	/* Its waits cannot be trapped (vt_want_filter failed). */
	if (vt->filter == VF_FAILED)
		return -EPERM;
	v = talloc_zero(t, struct vptracee);
	if (!v)
		return -ENOMEM;
	v->vt = vt;
	v->t = t;
	v->tracer_tid = tracer_tid;
	v->seized = seized;
	v->opts = opts;
	v->pgid = getpgid(t->pid);
	v->next = vt->tracees;
	vt->tracees = v;
	t->vpt = v;
	talloc_set_destructor(v, vpt_destructor);
	/* TRACEEXIT, for the exit hold: now if t is at a stop, else at its
	 * next one (ATTACH's SIGSTOP). */
	v->real_opts_pending = true;
	if (t == caller)
		vpt_real_opts(t);
	if (vt->filter == VF_NONE && tr->use_seccomp)
		vt_want_filter(tr, vt, gt, gt != caller);
	else if (!tr->use_seccomp && gt != caller)
		wake_untrapped_waits(tr, vt);
	return 0;
}

void vpt_real_opts(struct tracee *t)
{
	if (ptrace(PTRACE_SETOPTIONS, t->pid, NULL,
		   (void *)(TRACER_PTRACE_OPTIONS | PTRACE_O_TRACEEXIT |
			    PTRACE_O_TRACEVFORKDONE)) == 0)
		t->vpt->real_opts_pending = false;
}

void vpt_detach(struct tracee *t, int sig)
{
	struct vptracee *v = t->vpt;
	bool held, group_stop;

	if (!v)
		return;
	held = v->stopped;
	group_stop = v->group_stop;
	/* Without a filter, burrow's entry work waits for the resume; after
	 * a seccomp stop of the guest's filter, always. */
	if (held && ((v->sc_stop && v->sc_entry && !t->tracer->use_seccomp) ||
		     v->event == PTRACE_EVENT_SECCOMP)) {
		v->sc_stop = false;
		if (syscall_enter(t) < 0)
			kill(t->pid, SIGKILL);
		else
			vpt_after_enter(t);
	}
	/* The program starts with the registers of the execve's exit. */
	if (held && v->exec_at_exit)
		exec_resume(t->tracer, t, false);
	talloc_free(v);
	/* A group-stop stays stopped, as the kernel leaves it. */
	if (held && group_stop)
		ptrace(PTRACE_LISTEN, t->pid, NULL, NULL);
	else if (held)
		tracer_resume(t->tracer, t, sig);
}

bool vpt_route_signal(struct tracer *tr, struct tracee *t, int sig, bool group_stop)
{
	struct vptracee *v = t->vpt;
	siginfo_t si;

	if (v->run_step && !group_stop && step_exit_work(tr, t, sig) < 0)
		return true;
	/* A non-seized tracer sees a group-stop as the signal's delivery
	 * stop: S << 8 | 0x7f either way; a seized one an EVENT_STOP. */
	/* Any trap ends a pending INTERRUPT (ptrace_stop). */
	v->stopped = v->unreported = true;
	v->interrupt_pending = false;
	v->status = (group_stop && v->seized ? PTRACE_EVENT_STOP << 16 : 0) | sig << 8 | 0x7f;
	v->pgid = getpgid(t->pid);
	if (v->attach_sigstop && sig == SIGSTOP && !group_stop) {
		/* burrow's tgkill stands for the kernel's SEND_SIG_PRIV. */
		v->attach_sigstop = false;
		if (ptrace(PTRACE_GETSIGINFO, t->pid, NULL, &si) == 0 && si.si_code == SI_TKILL &&
		    si.si_pid == tr->self_pid) {
			memset(&si, 0, sizeof(si));
			si.si_signo = SIGSTOP;
			si.si_code = SI_KERNEL;
			ptrace(PTRACE_SETSIGINFO, t->pid, NULL, &si);
		}
	}
	if ((v->exec_sigtrap || v->step_sigtrap) && sig == SIGTRAP && !group_stop)
		exec_sigtrap_fix(tr, t, sig);
	if (v->start_sigstop && sig == SIGSTOP && !group_stop) {
		/* The kernel adds it to the pending set: no siginfo queued,
		 * so SI_USER from pid 0. */
		v->start_sigstop = false;
		memset(&si, 0, sizeof(si));
		si.si_signo = SIGSTOP;
		si.si_code = SI_USER;
		ptrace(PTRACE_SETSIGINFO, t->pid, NULL, &si);
	}
	if (group_stop)
		v->interrupt_pending = v->listening = false;
	v->sig = group_stop ? 0 : sig;
	v->group_stop = group_stop;
	v->sc_stop = false;
	v->event = group_stop && v->seized ? PTRACE_EVENT_STOP : 0;
	if (tr->verbose >= 2)
		fprintf(stderr, "burrow: [%d] stopped for its guest tracer %d by signal %d\n",
			(int)t->pid, (int)v->tracer_tid, sig);
	vt_notify(tr, v->vt, CLD_TRAPPED, t->pid, sig & 0x7f, tr->fake ? t->cred.ruid : getuid());
	return true;
}

void vpt_after_enter(struct tracee *t)
{
	struct vptracee *v = t->vpt;

	v->burrow_entered = true;
	if (t->stop.emulated) {
		t->stop.exit_wanted = true;
		return;
	}
	for (unsigned i = arch_first_kept_arg; i < 6; i++)
		if (arch_arg(&t->stop.regs, i) != arch_arg(&t->stop.entry, i))
			t->stop.exit_wanted = true;
}

/* The exit stop of a call burrow worked on: the argument registers and
 * the number as the guest (or its tracer, at the entry stop) left them
 * (doc/ptrace-emulation.md 2.1). */
static int vpt_restore(struct tracee *t)
{
	struct vptracee *v = t->vpt;
	int rc;

	if (!v->burrow_entered)
		return 0;
	v->burrow_entered = false;
	for (unsigned i = arch_first_kept_arg; i < 6; i++)
		if (arch_arg(&t->stop.regs, i) != arch_arg(&t->stop.entry, i)) {
			arch_set_arg(&t->stop.regs, i, arch_arg(&t->stop.entry, i));
			t->stop.regs_dirty = true;
		}
	rc = tracee_regs_flush(t);
	/* A skipped call: the result is burrow's, never -ERESTART*, so the
	 * number can go back without the kernel restarting anything. */
	if (rc == 0 && t->stop.emulated && arch_sysnum(&t->stop.regs) != t->stop.nr)
		rc = arch_sysnum_store(t->pid, &t->stop.regs, t->stop.nr);
	return rc;
}

static void present_syscall(struct tracer *tr, struct tracee *t, bool entry)
{
	struct vptracee *v = t->vpt;
	int sig = SIGTRAP | (v->opts & PTRACE_O_TRACESYSGOOD ? 0x80 : 0);

	v->stopped = v->unreported = true;
	v->interrupt_pending = false;
	v->status = sig << 8 | 0x7f;
	v->sig = 0;
	v->group_stop = false;
	v->sc_stop = true;
	v->sc_entry = entry;
	v->event = 0;
	/* What the kernel's GETEVENTMSG gives at syscall stops (5.3). */
	v->msg = entry ? EVENTMSG_SYSCALL_ENTRY : EVENTMSG_SYSCALL_EXIT;
	if (tr->verbose >= 2)
		fprintf(stderr, "burrow: [%d] syscall %s stop for its guest tracer %d\n",
			(int)t->pid, entry ? "entry" : "exit", (int)v->tracer_tid);
	vt_notify(tr, v->vt, CLD_TRAPPED, t->pid, sig & 0x7f, tr->fake ? t->cred.ruid : getuid());
}

bool vpt_on_syscall_stop(struct tracer *tr, struct tracee *t)
{
	struct vptracee *v = t->vpt;
	int rc;

	if (tracee_regs_fetch(t) < 0)
		return false;
	/* The loader's stops are burrow's; its last one ends the exec. */
	if (v->loader_end) {
		exec_finish(tr, t);
		return true;
	}
	if (v->await_loader_end)
		return false;
	if (vpt_stop_is_entry(tr, t, &t->stop.regs)) {
		/* Before Linux 4.8 the seccomp stop came first and translated
		 * the call already (not built: burrow's usual work). */
		if (!v->run_syscall || (tr->use_seccomp && tr->order == ORDER_SECCOMP_THEN_ENTRY))
			return false;
		/* Shown before burrow's work: the guest's own registers.
		 * Without a filter that work runs when the tracer resumes. */
		v->burrow_entered = false;
		if (!tr->use_seccomp)
			t->stop.in_syscall = true;
		present_syscall(tr, t, true);
		return true;
	}
	t->stop.in_syscall = false;
	rc = 0;
	if (t->stop.exit_wanted) {
		t->stop.exit_wanted = false;
		rc = syscall_exit(t);
	}
	if (rc == 0)
		rc = vpt_restore(t);
	if (rc < 0 && rc != -ESRCH) {
		fprintf(stderr, "burrow: [%d] cannot complete the exit stop for its guest tracer "
			"(%s): killing it\n", (int)t->pid, strerror(-rc));
		kill(t->pid, SIGKILL);
		return true;
	}
	if (v->step_syscall && step_syscall_done(tr, t))
		return true;
	if (v->run_syscall)
		present_syscall(tr, t, false);
	else
		tracer_resume(tr, t, 0);
	return true;
}

int vpt_resume(struct tracer *tr, struct tracee *t, int sig, bool syscall)
{
	struct vptracee *v = t->vpt;
	int rc;

	v->run_syscall = syscall;
	v->run_step = v->step_pending;
	v->step_pending = v->step_syscall = false;
	v->stopped = v->unreported = false;
	if ((v->sc_stop && v->sc_entry && !tr->use_seccomp) || v->event == PTRACE_EVENT_SECCOMP) {
		/* Without a filter, or after a seccomp stop of the guest's
		 * filter: burrow's entry work on whatever the tracer left
		 * in the registers.  Without a filter the guest's filters
		 * come first: a seccomp stop of theirs is shown. */
		if (v->event != PTRACE_EVENT_SECCOMP && t->gfilters) {
			v->sc_stop = false;
			switch (gsc_before_enter(tr, t)) {
			case GSC_SHOWN:
				return 0;
			case GSC_ENOSYS:
				return tracer_resume(tr, t, sig);
			default:
				break;
			}
		}
		v->event = 0;
		rc = syscall_enter(t);
		if (rc < 0 && rc != -ESRCH) {
			fprintf(stderr, "burrow: [%d] cannot complete the entry stop after its guest "
				"tracer (%s): killing it\n", (int)t->pid, strerror(-rc));
			kill(t->pid, SIGKILL);
			return 0;
		}
		if (t->vpt)
			vpt_after_enter(t);
	}
	v->sc_stop = false;
	if (v->exec_at_exit)
		return exec_resume(tr, t, syscall) ? 0 : tracer_resume(tr, t, 0);
	if (v->event == PTRACE_EVENT_EXIT) {
		v->event = 0;
		/* The hold may free v. */
		if (exit_hold(tr, t))
			return 0;
	}
	if (t->vpt)
		t->vpt->event = 0;
	return tracer_resume(tr, t, sig);
}

/* SIGCHLD's bits in thread tid's /proc stat (fields 32-34: blocked,
 * ignored, caught; the low 31 signals, in decimal).  -1 unreadable. */
static int stat_sigchld(pid_t tgid, pid_t tid, bool *blocked, bool *ignored, bool *caught)
{
	char path[64], buf[1024];
	unsigned long long v[3];
	size_t n;
	char *p;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", (int)tgid, (int)tid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	/* Fields 3 on follow the last ')' (comm may hold any). */
	p = strrchr(buf, ')');
	for (int field = 2; p && field < 32; field++)
		p = strchr(p + 1, ' ');
	if (!p || sscanf(p, " %llu %llu %llu", &v[0], &v[1], &v[2]) != 3)
		return -1;
	*blocked = v[0] & (1ULL << (SIGCHLD - 1));
	*ignored = v[1] & (1ULL << (SIGCHLD - 1));
	*caught = v[2] & (1ULL << (SIGCHLD - 1));
	return 0;
}

/* Whether thread tid sleeps in rt_sigtimedwait, which unblocks what it
 * waits for (its mask then hides that the signal was blocked). */
static bool in_sigtimedwait(pid_t tid)
{
	char path[64], buf[32] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)tid);
	f = fopen(path, "re");
	if (!f)
		return true;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = 0;
	fclose(f);
	if (buf[0] < '0' || buf[0] > '9')
		return false;	/* "running", or -1: not in a call */
	return arch_sc_from_nr(strtol(buf, NULL, 10)) == SC_rt_sigtimedwait;
}

/* Whether the kernel would drop the SIGCHLD it sends group vt at once
 * (kernel/signal.c sig_ignored): ignored, or default with no thread
 * blocking it (nor waiting for it in sigtimedwait; one in an emulated
 * wait is not).  Then no signal stop of the tracer is needed: strace
 * pays one stop less per stop. */
static bool sigchld_dropped(struct tracer *tr, struct vtracer *vt)
{
	for (unsigned b = 0; b < TRACEE_BUCKETS; b++)
		for (struct tracee *o = tr->table[b]; o; o = o->hnext) {
			bool blocked, ignored, caught;

			if (o->tgid != vt->tgid)
				continue;
			if (stat_sigchld(o->tgid, o->pid, &blocked, &ignored, &caught) < 0)
				return false;
			if (ignored)
				return true;
			if (caught || blocked || (!o->vwait && in_sigtimedwait(o->pid)))
				return false;
		}
	return true;
}

void vt_notify(struct tracer *tr, struct vtracer *vt, int code, pid_t pid, int status, uid_t uid)
{
	/* Threads of the tracer blocked in a real wait: PTRACE_INTERRUPT
	 * makes it return -ERESTARTSYS at its exit stop (wait.c), even if
	 * it has not gone to sleep yet. */
	for (unsigned b = 0; b < TRACEE_BUCKETS; b++)
		for (struct tracee *o = tr->table[b]; o; o = o->hnext)
			if (o->tgid == vt->tgid && o->vwait &&
			    (o->vwait->state == VW_KERNEL || o->vwait->state == VW_PARKED)) {
				o->vwait->state = o->vwait->state == VW_KERNEL ? VW_WAKING
					: VW_PARKED_WAKING;
				ptrace(PTRACE_INTERRUPT, o->pid, NULL, NULL);
			}
	/* The kernel tells a tracer of its tracees' stops and deaths. */
	if (sigchld_dropped(tr, vt))
		return;
	vt->chld.code = code;
	vt->chld.pid = pid;
	vt->chld.status = status;
	vt->chld.uid = uid;
	kill(vt->tgid, SIGCHLD);
}

void vt_fix_sigchld(struct tracer *tr, struct tracee *t)
{
	struct vtracer *vt = vtracer_find(tr, t->tgid);
	siginfo_t si;

	/* kill(2) cannot forge a CLD_* siginfo (rt_sigqueueinfo refuses
	 * si_code >= 0 for another process): rewritten here. */
	if (!vt || !vt->chld.pid || ptrace(PTRACE_GETSIGINFO, t->pid, NULL, &si) < 0 ||
	    si.si_code != SI_USER || si.si_pid != tr->self_pid)
		return;
	memset(&si, 0, sizeof(si));
	si.si_signo = SIGCHLD;
	si.si_code = vt->chld.code;
	si.si_pid = vt->chld.pid;
	si.si_uid = vt->chld.uid;
	si.si_status = vt->chld.status;
	ptrace(PTRACE_SETSIGINFO, t->pid, NULL, &si);
}

/* A traced thread died: a tracer that is not its parent learns it from
 * its own wait (the parent's real wait reports it too). */
static void make_zombie(struct tracer *tr, struct tracee *t, int status, bool hold)
{
	struct vptracee *v = t->vpt;
	struct vtracer *vt = v->vt;
	struct vzombie *z;
	int code, cld_status;

	if (t->parent_tgid == vt->tgid && t->pid == t->tgid)
		return;
	z = talloc_zero(vt, struct vzombie);
	if (!z)
		return;
	z->held = hold ? t->pid : 0;
	z->tid = t->pid;
	z->pgid = v->pgid;
	z->tracer_tid = v->tracer_tid;
	z->status = status;
	z->uid = tr->fake ? t->cred.ruid : getuid();
	z->next = vt->zombies;
	vt->zombies = z;
	talloc_free(v);
	/* do_notify_parent's siginfo. */
	code = (status & 0x80) ? CLD_DUMPED : (status & 0x7f) ? CLD_KILLED : CLD_EXITED;
	cld_status = code == CLD_EXITED ? (status >> 8) & 0xff : status & 0x7f;
	vt_notify(tr, vt, code, z->tid, cld_status, z->uid);
}

/* A held stop that is not a signal's: shown with its status. */
static void present_trap(struct tracer *tr, struct tracee *t, int status, int event,
			 unsigned long msg)
{
	struct vptracee *v = t->vpt;

	v->stopped = v->unreported = true;
	v->interrupt_pending = false;
	v->status = status;
	v->sig = 0;
	v->group_stop = v->sc_stop = false;
	v->event = event;
	v->msg = msg;
	v->pgid = getpgid(t->pid);
	if (tr->verbose >= 2)
		fprintf(stderr, "burrow: [%d] event %d for its guest tracer %d\n", (int)t->pid, event,
			(int)v->tracer_tid);
	vt_notify(tr, v->vt, CLD_TRAPPED, t->pid, SIGTRAP, tr->fake ? t->cred.ruid : getuid());
}

bool vpt_route_event(struct tracer *tr, struct tracee *t, int event, unsigned long msg)
{
	/* PTRACE_O_TRACEFORK is 1 << PTRACE_EVENT_FORK, and so on. */
	if (!(t->vpt->opts & (1UL << event)))
		return false;
	present_trap(tr, t, (SIGTRAP | event << 8) << 8 | 0x7f, event, msg);
	return true;
}

bool vpt_inherit(struct tracer *tr, struct tracee *parent, struct tracee *child, int event)
{
	struct vptracee *v = parent->vpt;

	if (!(v->opts & (1UL << event)) || child->vpt ||
	    vpt_attach(tr, child, v->tracer_tid, v->seized, v->opts, NULL) < 0)
		return false;
	child->vpt->auto_attached = true;
	return true;
}

void vpt_child_start(struct tracer *tr, struct tracee *child)
{
	struct vptracee *v = child->vpt;

	/* Attached by its tracer's SEIZE or ATTACH before this stop. */
	if (!v->auto_attached) {
		tracer_resume(tr, child, 0);
		return;
	}
	v->auto_attached = false;
	/* ptrace_init_task: a seized child traps (EVENT_STOP), another
	 * gets a SIGSTOP. */
	if (v->seized) {
		present_trap(tr, child, PTRACE_EVENT_STOP << 16 | SIGTRAP << 8 | 0x7f,
			     PTRACE_EVENT_STOP, 0);
		return;
	}
	v->start_sigstop = true;
	syscall(SYS_tgkill, child->tgid, child->pid, SIGSTOP);
	tracer_resume(tr, child, 0);
}

bool vpt_route_trap(struct tracer *tr, struct tracee *t)
{
	struct vptracee *v = t->vpt;

	if (!v->interrupt_pending && !v->listening)
		return false;
	v->interrupt_pending = v->listening = false;
	present_trap(tr, t, PTRACE_EVENT_STOP << 16 | SIGTRAP << 8 | 0x7f, PTRACE_EVENT_STOP, 0);
	return true;
}

/* The exit hold of 3.5, once any PTRACE_EVENT_EXIT was shown. */
static bool exit_hold(struct tracer *tr, struct tracee *t)
{
	unsigned long status = 0;

	/* Only a whole process that the tracer did not fork: the parent
	 * must hear of it after the tracer (ptrace(2), "Real parent"). */
	if (t->parent_tgid == t->vpt->vt->tgid || t->pid != t->tgid)
		return false;
	for (unsigned b = 0; b < TRACEE_BUCKETS; b++)
		for (struct tracee *o = tr->table[b]; o; o = o->hnext)
			if (o->tgid == t->tgid && o != t)
				return false;
	if (ptrace(PTRACE_GETEVENTMSG, t->pid, NULL, &status) < 0)
		return false;
	make_zombie(tr, t, (int)status, true);
	return !t->vpt;
}

bool vpt_on_exit(struct tracer *tr, struct tracee *t)
{
	unsigned long status = 0;

	if ((t->vpt->opts & PTRACE_O_TRACEEXIT) &&
	    ptrace(PTRACE_GETEVENTMSG, t->pid, NULL, &status) == 0 &&
	    vpt_route_event(tr, t, PTRACE_EVENT_EXIT, status))
		return true;
	return exit_hold(tr, t);
}

void vzombie_release(struct tracer *tr, struct vzombie *z)
{
	struct tracee *t = z->held ? tracee_find(tr, z->held) : NULL;

	z->held = 0;
	if (t)
		tracer_resume(tr, t, 0);
}

void vpt_thread_gone(struct tracer *tr, struct tracee *t, int status)
{
	pid_t tid = t->pid, tgid = t->tgid;
	struct vtracer *vt, **p;

	if (t->vpt)
		make_zombie(tr, t, status, false);
	vt = vtracer_find(tr, tgid);
	if (!vt)
		return;
	/* Tracing belongs to the thread (exit_ptrace): its tracees die
	 * with PTRACE_O_EXITKILL, or go on untraced, a held stop with its
	 * signal. */
	for (struct vptracee *v = vt->tracees, *next; v; v = next) {
		next = v->next;
		if (v->tracer_tid != tid)
			continue;
		if (v->opts & PTRACE_O_EXITKILL)
			syscall(SYS_tgkill, v->t->tgid, v->t->pid, SIGKILL);
		vpt_detach(v->t, v->sig);
	}
	if (tid != tgid || vt->tracees)
		return;
	/* The group is gone, its zombies with it (a talloc child). */
	for (struct vzombie *z = vt->zombies; z; z = z->next)
		vzombie_release(tr, z);
	for (p = &tr->vtracers; *p; p = &(*p)->next)
		if (*p == vt) {
			*p = vt->next;
			break;
		}
	talloc_free(vt);
}

/* ---- exec (doc/ptrace-emulation.md 3.6) ---- */

void vpt_exec_start(struct tracer *tr, struct tracee *t, bool loader)
{
	struct vptracee *v = t->vpt;
	unsigned long former = (unsigned long)t->pid;

	(void)tr;
	ptrace(PTRACE_GETEVENTMSG, t->pid, NULL, &former);
	v->exec_former_tid = (pid_t)former;
	/* The registers are the new program's: nothing to put back. */
	v->burrow_entered = false;
	t->stop.exit_wanted = false;
	v->await_loader_end = loader;
	v->loader_end = v->exec_at_exit = false;
}

bool vpt_exec_shown(struct tracer *tr, struct tracee *t)
{
	struct vptracee *v = t->vpt;

	if (v->opts & PTRACE_O_TRACEEXEC) {
		present_trap(tr, t, (SIGTRAP | PTRACE_EVENT_EXEC << 8) << 8 | 0x7f, PTRACE_EVENT_EXEC,
			     (unsigned long)v->exec_former_tid);
		return true;
	}
	/* ptrace_event's legacy report: a SIGTRAP, delivered after the
	 * execve's exit stop, except to a seized tracer. */
	if (!v->seized) {
		v->exec_sigtrap = true;
		syscall(SYS_tgkill, t->tgid, t->pid, SIGTRAP);
	}
	return false;
}

bool vpt_loader_end(struct tracee *t)
{
	struct vptracee *v = t->vpt;

	if (!v->await_loader_end || t->stop.sc != SC_execve || arch_arg(&t->stop.regs, 0) != (uint64_t)-1)
		return false;
	v->await_loader_end = false;
	v->loader_end = true;
	syscall_emulate(t, 0);
	return true;
}

/* The exit stop of the loader's execve(-1, sp, entry): the registers
 * become those the kernel's execve leaves (start_thread), the number
 * execve's, its result 0; then the exec is shown. */
static void exec_finish(struct tracer *tr, struct tracee *t)
{
	struct vptracee *v = t->vpt;
	int rc;

	v->loader_end = false;
	v->burrow_entered = false;
	t->stop.exit_wanted = false;
	t->stop.in_syscall = false;
	arch_exec_regs(&t->stop.regs, arch_arg(&t->stop.entry, 2), arch_arg(&t->stop.entry, 1));
	arch_exec_event_regs(&t->stop.regs, false);
	rc = arch_sysnum_store(t->pid, &t->stop.regs, t->stop.nr);
	t->stop.regs_dirty = true;
	if (rc == 0)
		rc = tracee_regs_flush(t);
	if (rc < 0) {
		if (rc != -ESRCH) {
			fprintf(stderr, "burrow: [%d] cannot complete the exec for its guest tracer "
				"(%s): killing it\n", (int)t->pid, strerror(-rc));
			kill(t->pid, SIGKILL);
		}
		return;
	}
	if (vpt_exec_shown(tr, t)) {
		v->exec_at_exit = true;
		arch_exec_event_regs(&t->stop.regs, true);
		t->stop.regs_dirty = true;
		if (tracee_regs_flush(t) < 0)
			kill(t->pid, SIGKILL);
		return;
	}
	if (v->run_syscall)
		present_syscall(tr, t, false);
	else
		tracer_resume(tr, t, 0);
}

/* Resumed from an EXEC event shown at the real exit stop: under
 * PTRACE_SYSCALL the execve's exit stop comes next, from the same real
 * stop.  True when it was shown; otherwise the caller resumes (an event
 * stop drops the signal). */
static bool exec_resume(struct tracer *tr, struct tracee *t, bool syscall)
{
	struct vptracee *v = t->vpt;

	v->exec_at_exit = false;
	v->event = 0;
	if (tracee_regs_fetch(t) == 0) {
		arch_exec_event_regs(&t->stop.regs, false);
		t->stop.regs_dirty = true;
	}
	if (tracee_regs_flush(t) < 0) {
		kill(t->pid, SIGKILL);
		return true;
	}
	if (!syscall)
		return false;
	present_syscall(tr, t, false);
	return true;
}

/* burrow's tgkill stands for the kernel's send_sig(SIGTRAP, current, 0)
 * after an exec (SI_USER from the thread's own process), or for a step's
 * trap (step_syscall_done). */
static void exec_sigtrap_fix(struct tracer *tr, struct tracee *t, int sig)
{
	struct vptracee *v = t->vpt;
	bool step = v->step_sigtrap && !v->exec_sigtrap;
	siginfo_t si;

	v->exec_sigtrap = v->step_sigtrap = false;
	if (ptrace(PTRACE_GETSIGINFO, t->pid, NULL, &si) < 0 || si.si_code != SI_TKILL ||
	    si.si_pid != tr->self_pid)
		return;
	memset(&si, 0, sizeof(si));
	si.si_signo = sig;
	if (step) {
		si.si_code = TRAP_BRKPT;
	} else {
		si.si_code = SI_USER;
		si.si_pid = t->tgid;
		si.si_uid = tr->fake ? t->cred.ruid : getuid();
	}
	ptrace(PTRACE_SETSIGINFO, t->pid, NULL, &si);
}

void vpt_exec_moved(struct tracee *leader, struct tracee *execer)
{
	struct vptracee *v = execer->vpt;

	/* The old leader vanishes without a report (ptrace(2), "execve(2)
	 * under ptrace"). */
	talloc_free(leader->vpt);
	if (!v)
		return;
	talloc_steal(leader, v);
	v->t = leader;
	leader->vpt = v;
	execer->vpt = NULL;
}

/* ---- single-stepping (doc/ptrace-emulation.md 4.1) ---- */

int vpt_step(struct tracer *tr, struct tracee *t, int sig)
{
	t->vpt->step_pending = true;
	return vpt_resume(tr, t, sig, false);
}

int vpt_step_request(struct tracer *tr, struct tracee *t)
{
	struct vptracee *v = t->vpt;
	unsigned char code[ARCH_SYSCALL_INSN_MAX];

	/* With the filter, a stepped syscall still makes burrow's seccomp
	 * stop, and its step trap carries the exit (step_exit_work). */
	if (tr->use_seccomp || v->step_syscall)
		return v->step_syscall ? PTRACE_SYSCALL : PTRACE_SINGLESTEP;
	/* Without it, PTRACE_SINGLESTEP would make no syscall stop and the
	 * call would run untranslated: an instruction that cannot be read
	 * counts as one (fail closed). */
	if (tracee_regs_fetch(t) < 0 ||
	    mem_read(t, arch_ip(&t->stop.regs), code, arch_syscall_insn_len) < 0 ||
	    arch_is_syscall_insn(code)) {
		v->step_syscall = true;
		return PTRACE_SYSCALL;
	}
	return PTRACE_SINGLESTEP;
}

int tracer_resume(struct tracer *tr, struct tracee *t, int sig)
{
	/* An injection waits for the next syscall entry (inject_start);
	 * a guest tracer may want syscall stops. */
	int req = (t->stop.exit_wanted || !tr->use_seccomp || t->inject != INJ_NONE ||
		   t->xmap == XM_ORPHANS || t->xmap == XM_ORPHAN_UNMAPPING ||
		   (t->vpt && t->vpt->run_syscall && !t->vpt->await_loader_end)) ? PTRACE_SYSCALL
		: PTRACE_CONT;

	if (t->vpt && t->vpt->run_step && !t->vpt->await_loader_end && t->inject == INJ_NONE)
		req = vpt_step_request(tr, t);
	/* Any ptrace stop ends a pending PTRACE_INTERRUPT: a guest
	 * tracer's must survive the stops burrow keeps to itself. */
	if (t->vpt && t->vpt->interrupt_pending)
		ptrace(PTRACE_INTERRUPT, t->pid, NULL, NULL);
	/* ESRCH: killed meanwhile; its death is reported by wait. */
	if (ptrace(req, t->pid, NULL, (void *)(long)sig) < 0 && errno != ESRCH)
		return -errno;
	return 0;
}

/* The first signal stop after a step from burrow's seccomp stop comes
 * after the call (the step trap, or a signal that interrupted it): the
 * exit work that PTRACE_SYSCALL would have brought runs here. */
static int step_exit_work(struct tracer *tr, struct tracee *t, int sig)
{
	int rc = 0;

	(void)sig;
	if (!t->stop.exit_wanted || !tr->use_seccomp)
		return 0;
	t->stop.exit_wanted = false;
	t->stop.in_syscall = false;
	rc = syscall_exit(t);
	if (rc == 0)
		rc = vpt_restore(t);
	if (rc < 0 && rc != -ESRCH) {
		fprintf(stderr, "burrow: [%d] cannot complete the exit of a stepped syscall for its "
			"guest tracer (%s): killing it\n", (int)t->pid, strerror(-rc));
		kill(t->pid, SIGKILL);
		return rc;
	}
	return 0;
}

/* Without the filter: the exit stop of a stepped syscall instruction.
 * The kernel's step would trap right after it: a SIGTRAP, made up
 * (TRAP_BRKPT, as x86's user_single_step_report), comes before any
 * other instruction runs. */
static bool step_syscall_done(struct tracer *tr, struct tracee *t)
{
	struct vptracee *v = t->vpt;

	v->step_syscall = false;
	v->run_step = false;
	v->step_sigtrap = true;
	syscall(SYS_tgkill, t->tgid, t->pid, SIGTRAP);
	tracer_resume(tr, t, 0);
	return true;
}

/* ---- the injected filter ---- */

/* Another arch: ALLOW (the main filter refuses it); wait4, waitid and
 * pwrite64 (sys_pwrite64_enter): TRACE; anything else: ALLOW. */
static unsigned vtracer_filter(struct sock_filter *f)
{
	unsigned n = 0;

	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
					      offsetof(struct seccomp_data, arch));
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, arch_audit, 1, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
					      offsetof(struct seccomp_data, nr));
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
					      (uint32_t)arch_host_nr(SC_wait4), 3, 0);
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
					      (uint32_t)arch_host_nr(SC_waitid), 2, 0);
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
					      (uint32_t)arch_host_nr(SC_pwrite64), 1, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE);
	return n;
}

void vt_want_filter(struct tracer *tr, struct vtracer *vt, struct tracee *gt, bool interrupt)
{
	vt->filter = VF_PENDING;
	gt->inject = INJ_WANT;
	/* At a stop of its own (ATTACH), its resume will do. */
	if (!interrupt)
		return;
	/* It may be anywhere, even asleep in a real wait: the interrupt
	 * stops it, and its next syscall entry takes the injection
	 * (tracer_resume resumes it with PTRACE_SYSCALL meanwhile). */
	if (ptrace(PTRACE_INTERRUPT, gt->pid, NULL, NULL) < 0 && tr->verbose >= 1)
		fprintf(stderr, "burrow: [%d] cannot interrupt the guest tracer: %s\n",
			(int)gt->pid, strerror(errno));
}

bool vpt_stop_is_entry(struct tracer *tr, struct tracee *t, const struct arch_regs *r)
{
	if (tr->use_syscall_info) {
		struct __ptrace_syscall_info info;

		if (ptrace(PTRACE_GET_SYSCALL_INFO, t->pid, (void *)sizeof(info), &info) > 0)
			return info.op == PTRACE_SYSCALL_INFO_ENTRY;
	}
	return arch_looks_like_entry(r);
}

static int inject_start(struct tracer *tr, struct tracee *t)
{
	struct sock_filter f[16];
	struct sock_fprog prog;
	uint64_t faddr, paddr;
	unsigned n = vtracer_filter(f);
	int rc;

	t->inject_saved = talloc(t, struct arch_regs);
	if (!t->inject_saved)
		return -ENOMEM;
	*t->inject_saved = t->stop.regs;
	t->stop.stack_cursor = arch_sp(&t->stop.regs) - arch_red_zone;
	rc = mem_push(t, f, n * sizeof(f[0]), &faddr);
	if (rc < 0)
		return rc;
	prog = (struct sock_fprog){ .len = (unsigned short)n,
				    .filter = (struct sock_filter *)(uintptr_t)faddr };
	rc = mem_push(t, &prog, sizeof(prog), &paddr);
	if (rc < 0)
		return rc;
	rc = arch_sysnum_store(t->pid, &t->stop.regs, arch_host_nr(SC_seccomp));
	if (rc < 0)
		return rc;
	/* NO_NEW_PRIVS came with burrow's own filter.  Waits are group-wide,
	 * so every thread gets the filter. */
	arch_set_arg(&t->stop.regs, 0, SECCOMP_SET_MODE_FILTER);
	arch_set_arg(&t->stop.regs, 1, SECCOMP_FILTER_FLAG_TSYNC |
		     (tr->spec_allow ? SECCOMP_FILTER_FLAG_SPEC_ALLOW : 0));
	arch_set_arg(&t->stop.regs, 2, paddr);
	t->stop.regs_dirty = true;
	return tracee_regs_flush(t);
}

bool inject_on_syscall_stop(struct tracer *tr, struct tracee *t)
{
	struct vtracer *vt = vtracer_find(tr, t->tgid);
	int rc, sc;

	if (tracee_regs_fetch(t) < 0)
		return false;
	if (t->inject == INJ_WANT) {
		if (!vpt_stop_is_entry(tr, t, &t->stop.regs))
			return false;	/* an exit: burrow's usual work */
		/* Before Linux 4.8 the seccomp stop came first and may have
		 * translated this call already: take another one. */
		sc = arch_sc_from_nr(arch_sysnum(&t->stop.regs));
		if (tr->use_seccomp && tr->order == ORDER_SECCOMP_THEN_ENTRY && sc != SC_NONE &&
		    syscall_traced(tr, sc))
			return false;
		if (!vt || vt->filter != VF_PENDING) {
			t->inject = INJ_NONE;
			return false;
		}
		rc = inject_start(tr, t);
		if (rc < 0) {
			if (tr->verbose >= 1)
				fprintf(stderr, "burrow: [%d] cannot trap the guest tracer's waits: %s\n",
					(int)t->pid, strerror(-rc));
			vt->filter = VF_FAILED;
			t->inject = INJ_NONE;
			for (struct vptracee *v = vt->tracees, *next; v; v = next) {
				next = v->next;
				vpt_detach(v->t, v->sig);
			}
			/* The registers may be half written: the call runs
			 * as the guest made it. */
			if (t->inject_saved) {
				t->stop.regs = *t->inject_saved;
				t->stop.regs_dirty = true;
				if (tracee_regs_flush(t) < 0 ||
				    arch_sysnum_store(t->pid, &t->stop.regs,
						      arch_sysnum(t->inject_saved)) < 0)
					kill(t->pid, SIGKILL);
				TALLOC_FREE(t->inject_saved);
			}
			return false;
		}
		t->inject = INJ_RUNNING;
		ptrace(PTRACE_SYSCALL, t->pid, NULL, NULL);
		return true;
	}
	/* INJ_RUNNING: the exit of seccomp(); then the replaced call runs. */
	rc = (int)arch_result(&t->stop.regs);
	t->inject = INJ_NONE;
	if (rc == -EINVAL && tr->spec_allow) {
		/* SPEC_ALLOW came in Linux 4.17: again without it, at the
		 * entry of the same call.  (Launch is over: the flag now
		 * only concerns these filters.) */
		tr->spec_allow = false;
		t->inject = INJ_WANT;
	} else if (vt) {
		vt->filter = rc == 0 ? VF_INSTALLED : VF_FAILED;
	}
	if (rc != 0 && t->inject == INJ_NONE) {
		if (tr->verbose >= 1)
			fprintf(stderr, "burrow: [%d] cannot trap the guest tracer's waits: %s\n",
				(int)t->pid, strerror(rc < 0 ? -rc : EINVAL));
		/* Its waits would never see a held tracee: let them all
		 * go, untraced, rather than hang. */
		if (vt)
			for (struct vptracee *v = vt->tracees, *next; v; v = next) {
				next = v->next;
				vpt_detach(v->t, v->sig);
			}
	}
	t->stop.regs = *t->inject_saved;
	arch_setup_reexec(&t->stop.regs, arch_sysnum(t->inject_saved));
	TALLOC_FREE(t->inject_saved);
	t->stop.regs_dirty = true;
	if (tracee_regs_flush(t) < 0)
		kill(t->pid, SIGKILL);
	else
		tracer_resume(tr, t, 0);
	return true;
}
