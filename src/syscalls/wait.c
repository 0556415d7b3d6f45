/* wait4 and waitid of a guest tracer: its virtual tracees' stops are
 * reported from burrow's records (syscalls/vwait.c decides which), and a
 * wait that must block sleeps in the real call, which vt_notify
 * interrupts when a tracee stops (doc/ptrace-emulation.md 3.3).
 * Without tracees of the caller's group the call is the kernel's.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <linux/futex.h>
#include <sys/wait.h>
#include <talloc.h>
#include <unistd.h>

#include "syscalls/syscalls.h"
#include "syscalls/vptrace.h"
#include "syscalls/vwait.h"

/* The request from the registers of the call's entry. */
static int request_of(struct tracee *t, const struct arch_regs *r, struct vwait_req *req)
{
	pid_t pgid = getpgid(t->pid);

	if (t->stop.sc == SC_wait4)
		return vwait_req_wait4((pid_t)arch_arg(r, 0), (int)arch_arg(r, 2), t->pid, pgid, req);
	/* P_PIDFD: not emulated yet, the kernel's answer. */
	return vwait_req_waitid((int)arch_arg(r, 0), (pid_t)arch_arg(r, 1), (int)arch_arg(r, 3),
				t->pid, pgid, req);
}

/* The tracees, then the zombies: the kernel's ptraced list keeps a
 * dead tracee where it was, but newest-first among the living and the
 * dead alike is close enough for one report per wait. */
static struct vwait_cand *candidates(struct tracee *t, struct vtracer *vt, size_t *n)
{
	struct vwait_cand *c;
	size_t i = 0;

	for (struct vptracee *v = vt->tracees; v; v = v->next)
		i++;
	for (struct vzombie *z = vt->zombies; z; z = z->next)
		i++;
	c = talloc_zero_array(t->stop.scratch, struct vwait_cand, i ? i : 1);
	if (!c)
		return NULL;
	i = 0;
	for (struct vptracee *v = vt->tracees; v; v = v->next, i++) {
		c[i].tid = v->t->pid;
		c[i].pgid = v->pgid;
		c[i].tracer_tid = v->tracer_tid;
		c[i].state = v->stopped ? VC_STOPPED : VC_RUNNING;
		c[i].unreported = v->unreported;
		c[i].status = v->status;
		c[i].uid = t->tracer->fake ? v->t->cred.ruid : getuid();
	}
	for (struct vzombie *z = vt->zombies; z; z = z->next, i++) {
		c[i].tid = z->tid;
		c[i].pgid = z->pgid;
		c[i].tracer_tid = z->tracer_tid;
		c[i].state = VC_ZOMBIE;
		c[i].status = z->status;
		c[i].uid = z->uid;
	}
	*n = i;
	return c;
}

/* The report of c is consumed: a stop is no longer pending, a zombie
 * is gone. */
static void consume(struct tracer *tr, struct vtracer *vt, const struct vwait_cand *c)
{
	if (c->state == VC_ZOMBIE) {
		for (struct vzombie **z = &vt->zombies; *z; z = &(*z)->next)
			if ((*z)->tid == c->tid) {
				struct vzombie *dead = *z;

				*z = dead->next;
				vzombie_release(tr, dead);
				talloc_free(dead);
				return;
			}
		return;
	}
	for (struct vptracee *v = vt->tracees; v; v = v->next)
		if (v->t->pid == c->tid) {
			v->unreported = false;
			return;
		}
}

/* Write what the call reports about c: 0 or -EFAULT (nothing consumed
 * then). */
static int write_outputs(struct tracee *t, const struct arch_regs *r, const struct vwait_cand *c,
			 int64_t *result)
{
	struct vwait_out o;
	struct rusage ru;
	uint64_t ru_addr;

	memset(&ru, 0, sizeof(ru));
	if (c) {
		vwait_encode(c, &o);
	} else {
		memset(&o, 0, sizeof(o));
	}
	if (t->stop.sc == SC_wait4) {
		int st = o.wstatus;

		if (arch_arg(r, 1) && mem_write(t, arch_arg(r, 1), &st, sizeof(st)) < 0)
			return -EFAULT;
		ru_addr = arch_arg(r, 3);
		*result = o.pid;
	} else {
		siginfo_t si;

		/* What the kernel writes: the zeroed header when nothing
		 * was reported (WNOHANG). */
		memset(&si, 0, sizeof(si));
		si.si_signo = c ? o.signo : 0;
		si.si_code = o.code;
		si.si_pid = o.pid;
		si.si_uid = o.uid;
		si.si_status = o.cld_status;
		if (arch_arg(r, 2) && mem_write(t, arch_arg(r, 2), &si, sizeof(si)) < 0)
			return -EFAULT;
		ru_addr = arch_arg(r, 4);
		*result = 0;
	}
	/* No usage for a stop (the kernel's counts the tracee's time). */
	if (c && ru_addr && mem_write(t, ru_addr, &ru, sizeof(ru)) < 0)
		return -EFAULT;
	return 0;
}

/* Report the ready candidate, if any: 1 when reported (result set), 0
 * when none is ready, or -errno. */
static int report(struct tracee *t, struct vtracer *vt, const struct arch_regs *r,
		  enum vwait_verdict *verdict, int64_t *result)
{
	struct vwait_req req;
	struct vwait_cand *c;
	size_t n = 0, pick = 0;
	int rc;

	*verdict = VWAIT_NONE;
	if (request_of(t, r, &req) < 0)
		return 0;	/* the kernel gives the error */
	c = candidates(t, vt, &n);
	if (!c)
		return -ENOMEM;
	*verdict = vwait_select(&req, c, n, &pick);
	if (*verdict != VWAIT_READY)
		return 0;
	rc = write_outputs(t, r, &c[pick], result);
	if (rc < 0)
		return rc;
	if (vwait_consumes(&req))
		consume(t->tracer, vt, &c[pick]);
	return 1;
}

/* A wait the kernel may block in.  By a group that traces, it must be
 * woken by vt_notify even when no tracee is eligible yet: a child that
 * becomes a tracee meanwhile (TRACEME) stops for burrow, which the real
 * wait never hears of (gdb's feature probe, while it traces others). */
static bool wait_blocks(const struct tracee *t)
{
	uint64_t options = arch_arg(&t->stop.regs, t->stop.sc == SC_wait4 ? 2 : 3);

	return !(options & WNOHANG);
}

static int wait_enter(struct tracee *t)
{
	struct vtracer *vt;
	enum vwait_verdict verdict = VWAIT_NONE;
	int64_t result = 0;
	int rc;

	if (!t->tracer->vtracers)
		return 0;
	vt = vtracer_find(t->tracer, t->tgid);
	if (!vt)
		return 0;
	rc = vt->tracees || vt->zombies ? report(t, vt, &t->stop.regs, &verdict, &result) : 0;
	if (rc < 0)
		return rc;
	if (rc > 0)
		return syscall_emulate(t, result);
	if (verdict == VWAIT_PENDING || wait_blocks(t)) {
		/* The real call runs (real children may have news) and
		 * sleeps until vt_notify interrupts it. */
		TALLOC_FREE(t->vwait);
		t->vwait = talloc_zero(t, struct vwait);
		if (!t->vwait)
			return -ENOMEM;
		t->vwait->state = VW_KERNEL;
		t->stop.exit_wanted = true;
	}
	return 0;
}

int sys_wait4_enter(struct tracee *t)
{
	return wait_enter(t);
}

int sys_waitid_enter(struct tracee *t)
{
	return wait_enter(t);
}

/* The thread sleeps in futex(&zero, FUTEX_WAIT_PRIVATE, 0, NULL) until
 * vt_notify interrupts it: without a timeout it returns -ERESTARTSYS on
 * a signal, as the wait would.  Then the wait runs again
 * (vwait_on_parked_stop). */
static int park(struct tracee *t)
{
	uint64_t zero = 0, addr;
	int rc;

	t->stop.stack_cursor = arch_sp(&t->stop.entry) - arch_red_zone;
	rc = mem_push(t, &zero, sizeof(zero), &addr);
	if (rc < 0)
		return 0;	/* ECHILD rather than a wait that never ends */
	t->vwait = talloc_zero(t, struct vwait);
	if (!t->vwait)
		return 0;
	t->vwait->state = VW_PARKED;
	t->stop.regs = t->stop.entry;
	arch_setup_reexec(&t->stop.regs, arch_host_nr(SC_futex));
	arch_set_arg(&t->stop.regs, 0, addr);
	arch_set_arg(&t->stop.regs, 1, FUTEX_WAIT_PRIVATE);
	arch_set_arg(&t->stop.regs, 2, 0);
	arch_set_arg(&t->stop.regs, 3, 0);
	t->stop.regs_dirty = true;
	t->stop.exit_wanted = true;	/* PTRACE_SYSCALL: its stops come here */
	return 0;
}

/* The wait runs again, trapped: from the futex's exit stop, or from the
 * interrupt's stop before the futex was even entered. */
static void unpark(struct tracer *tr, struct tracee *t)
{
	TALLOC_FREE(t->vwait);
	t->stop.regs = t->stop.entry;
	arch_setup_reexec(&t->stop.regs, t->stop.nr);
	t->stop.regs_dirty = true;
	t->stop.exit_wanted = false;
	if (tracee_regs_flush(t) < 0) {
		kill(t->pid, SIGKILL);
		return;
	}
	tracer_resume(tr, t, 0);
}

bool vwait_on_parked_stop(struct tracer *tr, struct tracee *t)
{
	if (t->vwait->state != VW_PARKED && t->vwait->state != VW_PARKED_WAKING)
		return false;
	if (tracee_regs_fetch(t) < 0)
		return false;
	/* Woken, or a signal: the futex returned. */
	if (!vpt_stop_is_entry(tr, t, &t->stop.regs))
		unpark(tr, t);
	else
		tracer_resume(tr, t, 0);
	return true;
}

bool vwait_on_interrupt(struct tracer *tr, struct tracee *t)
{
	/* Woken on its way to the futex: the interrupt's trap took the
	 * pending signal state with it, so the futex would sleep. */
	if (t->vwait->state != VW_PARKED_WAKING || tracee_regs_fetch(t) < 0)
		return false;
	unpark(tr, t);
	return true;
}

static bool is_restart(int64_t rc)
{
	return rc <= -512 && rc >= -516;	/* -ERESTARTSYS ... -ERESTART_RESTARTBLOCK */
}

int sys_wait_exit(struct tracee *t)
{
	struct vtracer *vt = vtracer_find(t->tracer, t->tgid);
	int64_t rc = arch_result(&t->stop.regs), result = 0;
	enum vwait_verdict verdict;
	int r;

	if (!t->vwait)
		return 0;
	TALLOC_FREE(t->vwait);
	/* A real child's news, or an error of the kernel's own. */
	if (!vt || !(is_restart(rc) || rc == -ECHILD || rc == 0))
		return 0;
	r = report(t, vt, &t->stop.entry, &verdict, &result);
	if (r < 0)
		return r;
	/* Interrupted, nothing ready after all, or a real signal: the
	 * kernel's own restart runs the call again (trapped again), or
	 * gives EINTR for a handler without SA_RESTART. */
	if (r == 0 && is_restart(rc))
		return 0;
	if (r == 0 && !(verdict == VWAIT_PENDING && rc == -ECHILD))
		return 0;
	if (r == 0) {
		/* Only virtual tracees, none ready: WNOHANG gives 0, not
		 * ECHILD; a blocking wait parks until one is. */
		if (!((t->stop.sc == SC_wait4 ? arch_arg(&t->stop.entry, 2) : arch_arg(&t->stop.entry, 3)) & WNOHANG))
			return park(t);
		r = write_outputs(t, &t->stop.entry, NULL, &result);
		if (r < 0)
			return r;
		result = 0;
	}
	arch_set_result(&t->stop.regs, result);
	t->stop.regs_dirty = true;
	return 0;
}
