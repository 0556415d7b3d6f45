/* wait4 and waitid of a guest tracer: its virtual tracees' stops are
 * reported from burrow's records (tracer/vwait.c decides which), and a
 * wait that must block sleeps in the real call, which vt_notify
 * interrupts when a tracee stops (doc/ptrace-emulation.md 3.3).
 * Without tracees of the caller's group the call is the kernel's.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <talloc.h>
#include <unistd.h>

#include "syscalls/syscalls.h"
#include "tracer/vptrace.h"
#include "tracer/vwait.h"

/* The request from the registers of the call's entry. */
static int request_of(struct tracee *t, const struct arch_regs *r, struct vwait_req *req)
{
	pid_t pgid = getpgid(t->pid);

	if (t->sc == SC_wait4)
		return vwait_req_wait4((pid_t)arch_arg(r, 0), (int)arch_arg(r, 2), t->pid, pgid, req);
	/* P_PIDFD: not emulated yet, the kernel's answer. */
	return vwait_req_waitid((int)arch_arg(r, 0), (pid_t)arch_arg(r, 1), (int)arch_arg(r, 3),
				t->pid, pgid, req);
}

static struct vwait_cand *candidates(struct tracee *t, struct vtracer *vt, size_t *n)
{
	struct vwait_cand *c;
	size_t i = 0;

	for (struct vptracee *v = vt->tracees; v; v = v->next)
		i++;
	c = talloc_zero_array(t->scratch, struct vwait_cand, i ? i : 1);
	if (!c)
		return NULL;
	i = 0;
	for (struct vptracee *v = vt->tracees; v; v = v->next, i++) {
		c[i].tid = v->t->pid;
		c[i].pgid = getpgid(v->t->pid);
		c[i].tracer_tid = v->tracer_tid;
		c[i].state = v->stopped ? VC_STOPPED : VC_RUNNING;
		c[i].unreported = v->unreported;
		c[i].status = v->status;
		c[i].uid = t->tracer->fake ? v->t->cred.ruid : getuid();
	}
	*n = i;
	return c;
}

static struct vptracee *vpt_of(struct vtracer *vt, pid_t tid)
{
	for (struct vptracee *v = vt->tracees; v; v = v->next)
		if (v->t->pid == tid)
			return v;
	return NULL;
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
	if (t->sc == SC_wait4) {
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
	if (vwait_consumes(&req)) {
		struct vptracee *v = vpt_of(vt, c[pick].tid);

		if (v)
			v->unreported = false;
	}
	return 1;
}

static int wait_enter(struct tracee *t)
{
	struct vtracer *vt;
	enum vwait_verdict verdict;
	int64_t result = 0;
	int rc;

	if (!t->tracer->vtracers)
		return 0;
	vt = vtracer_find(t->tracer, t->tgid);
	if (!vt || !vt->tracees)
		return 0;
	rc = report(t, vt, &t->regs, &verdict, &result);
	if (rc < 0)
		return rc;
	if (rc > 0) {
		t->emulated = true;
		t->emulated_result = result;
		return 0;
	}
	if (verdict == VWAIT_PENDING) {
		/* The real call runs (real children may have news) and
		 * sleeps until vt_notify interrupts it. */
		TALLOC_FREE(t->vwait);
		t->vwait = talloc_zero(t, struct vwait);
		if (!t->vwait)
			return -ENOMEM;
		t->vwait->state = VW_KERNEL;
		t->exit_wanted = true;
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

static bool is_restart(int64_t rc)
{
	return rc <= -512 && rc >= -516;	/* -ERESTARTSYS ... -ERESTART_RESTARTBLOCK */
}

int sys_wait_exit(struct tracee *t)
{
	struct vtracer *vt = vtracer_find(t->tracer, t->tgid);
	int64_t rc = arch_result(&t->regs), result = 0;
	enum vwait_verdict verdict;
	int r;

	if (!t->vwait)
		return 0;
	TALLOC_FREE(t->vwait);
	/* A real child's news, or an error of the kernel's own. */
	if (!vt || !(is_restart(rc) || rc == -ECHILD || rc == 0))
		return 0;
	r = report(t, vt, &t->entry, &verdict, &result);
	if (r < 0)
		return r;
	if (r == 0 && is_restart(rc)) {
		/* Interrupted, nothing ready after all (or a real
		 * signal): the call runs again, trapped again. */
		t->regs = t->entry;
		arch_setup_reexec(&t->regs, t->nr);
		t->regs_dirty = true;
		return 0;
	}
	if (r == 0 && !(verdict == VWAIT_PENDING && rc == -ECHILD))
		return 0;
	if (r == 0) {
		/* WNOHANG with only virtual tracees that are not ready:
		 * 0, not ECHILD.  (Blocking: not emulated yet for a
		 * tracer that is not the parent.) */
		if (!((t->sc == SC_wait4 ? arch_arg(&t->entry, 2) : arch_arg(&t->entry, 3)) & WNOHANG))
			return 0;
		r = write_outputs(t, &t->entry, NULL, &result);
		if (r < 0)
			return r;
		result = 0;
	}
	arch_set_result(&t->regs, result);
	t->regs_dirty = true;
	return 0;
}
