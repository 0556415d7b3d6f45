/* The selection and status words of a guest tracer's waits, following
 * kernel/exit.c: kernel_wait4 and kernel_waitid (argument checks),
 * eligible_pid and eligible_child (selection), wait_task_stopped and
 * wait_task_zombie (what is reported, and how).
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <sys/wait.h>

#include "syscalls/vwait.h"

#define WAIT4_OPTIONS (WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL)
#define WAITID_OPTIONS (WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | __WNOTHREAD | \
			__WCLONE | __WALL)

int vwait_req_wait4(pid_t pid, int options, pid_t caller_tid, pid_t caller_pgid,
		    struct vwait_req *out)
{
	if (options & ~WAIT4_OPTIONS)
		return -EINVAL;
	/* -INT_MIN is not a process group. */
	if (pid == INT_MIN)
		return -ESRCH;
	out->options = options | WEXITED;
	out->caller_tid = caller_tid;
	if (pid == -1) {
		out->sel = VWS_ALL;
		out->id = 0;
	} else if (pid < -1 || pid == 0) {
		out->sel = VWS_PGID;
		out->id = pid ? -pid : caller_pgid;
	} else {
		out->sel = VWS_PID;
		out->id = pid;
	}
	return 0;
}

int vwait_req_waitid(int which, pid_t id, int options, pid_t caller_tid, pid_t caller_pgid,
		     struct vwait_req *out)
{
	if (options & ~WAITID_OPTIONS)
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	out->options = options;
	out->caller_tid = caller_tid;
	switch (which) {
	case P_ALL:
		out->sel = VWS_ALL;
		out->id = 0;
		return 0;
	case P_PID:
		if (id <= 0)
			return -EINVAL;
		out->sel = VWS_PID;
		out->id = id;
		return 0;
	case P_PGID:
		/* 0: the caller's own group (Linux 5.4). */
		if (id < 0)
			return -EINVAL;
		out->sel = VWS_PGID;
		out->id = id ? id : caller_pgid;
		return 0;
	default:
		return -EINVAL;
	}
}

bool vwait_selects(const struct vwait_req *r, const struct vwait_cand *c)
{
	/* do_wait walks every thread of the caller's group, unless
	 * __WNOTHREAD: then only the caller's own tracees. */
	if ((r->options & __WNOTHREAD) && c->tracer_tid != r->caller_tid)
		return false;
	switch (r->sel) {
	case VWS_PID:
		return c->tid == r->id;
	case VWS_PGID:
		return c->pgid == r->id;
	default:
		return true;
	}
}

enum vwait_verdict vwait_select(const struct vwait_req *r, const struct vwait_cand *cands,
				size_t n, size_t *pick)
{
	bool pending = false;

	for (size_t i = 0; i < n; i++) {
		const struct vwait_cand *c = &cands[i];

		if (!vwait_selects(r, c))
			continue;
		switch (c->state) {
		case VC_ZOMBIE:
			/* Without WEXITED a traced zombie is not even
			 * counted (wait_task_zombie returns first). */
			if (r->options & WEXITED) {
				*pick = i;
				return VWAIT_READY;
			}
			break;
		case VC_STOPPED:
			/* A ptrace stop is reported without WUNTRACED or
			 * WSTOPPED: "Traditionally we see ptrace'd stopped
			 * tasks regardless of options". */
			pending = true;
			if (c->unreported) {
				*pick = i;
				return VWAIT_READY;
			}
			break;
		default:
			/* Running, or stopped after PTRACE_LISTEN: not
			 * reported, but a reason to wait. */
			pending = true;
			break;
		}
	}
	return pending ? VWAIT_PENDING : VWAIT_NONE;
}

void vwait_encode(const struct vwait_cand *c, struct vwait_out *out)
{
	int st = c->status;

	out->pid = c->tid;
	out->wstatus = st;
	out->signo = SIGCHLD;
	out->uid = c->uid;
	if (c->state != VC_ZOMBIE) {
		/* waitid's si_status is the whole exit_code, event bits
		 * included. */
		out->code = CLD_TRAPPED;
		out->cld_status = (st >> 8) & 0xffff;
	} else if (st & 0x7f) {
		out->code = (st & 0x80) ? CLD_DUMPED : CLD_KILLED;
		out->cld_status = st & 0x7f;
	} else {
		out->code = CLD_EXITED;
		out->cld_status = (st >> 8) & 0xff;
	}
}

bool vwait_consumes(const struct vwait_req *r)
{
	return !(r->options & WNOWAIT);
}
