/* What a guest tracer's wait4/waitid would report about its (virtual)
 * tracees, as kernel/exit.c decides it: which tracees a call selects,
 * whether one is ready, and the status words.  Pure, so the unit tests
 * cover it (test_vwait.c); the handlers fill the candidates from their
 * struct vptracee and struct vzombie records (doc/ptrace-emulation.md
 * 3.3).  Functions return 0 or -errno unless they say otherwise.
 */
#ifndef BURROW_SYSCALLS_VWAIT_H
#define BURROW_SYSCALLS_VWAIT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* A wait call, with its selector made explicit. */
struct vwait_req {
	enum { VWS_ALL, VWS_PID, VWS_PGID } sel;
	pid_t id;		/* the tid (VWS_PID) or process group (VWS_PGID) */
	int options;		/* WEXITED included for wait4, as the kernel adds it */
	pid_t caller_tid;	/* for __WNOTHREAD */
};

/* One tracee of the guest tracer, or a zombie it has not reaped. */
struct vwait_cand {
	pid_t tid;		/* what the wait returns */
	pid_t pgid;		/* its process group */
	pid_t tracer_tid;	/* the thread that traces it */
	enum { VC_RUNNING, VC_STOPPED, VC_LISTENING, VC_ZOMBIE } state;
	bool unreported;	/* VC_STOPPED: no wait has consumed the stop */
	int status;		/* wait status word: (exit_code << 8) | 0x7f for
				 * a stop, the exit status of a zombie */
	uid_t uid;		/* waitid's si_uid */
};

/* What the call writes: wait4's return value and status word, waitid's
 * siginfo: si_pid, si_signo, si_code, si_status, si_uid. */
struct vwait_out {
	pid_t pid;
	int wstatus;
	int signo, code, cld_status;
	uid_t uid;
};

/* wait4(pid, ..., options) as a request: -EINVAL for options wait4 does
 * not take, -ESRCH for INT_MIN; pid 0 is the caller's process group. */
int vwait_req_wait4(pid_t pid, int options, pid_t caller_tid, pid_t caller_pgid,
		    struct vwait_req *out);
/* waitid(which, id, ..., options): -EINVAL as the kernel gives it.
 * P_PIDFD is the caller's to turn into P_PID first. */
int vwait_req_waitid(int which, pid_t id, int options, pid_t caller_tid, pid_t caller_pgid,
		     struct vwait_req *out);

/* Whether r selects c at all (selector, __WNOTHREAD); tracees are
 * selected whatever __WCLONE and __WALL say (Linux 4.7+). */
bool vwait_selects(const struct vwait_req *r, const struct vwait_cand *c);

enum vwait_verdict {
	VWAIT_READY,		/* cands[*pick] is reported */
	VWAIT_PENDING,		/* selected tracees, none ready: block, or 0 with WNOHANG */
	VWAIT_NONE,		/* nothing selected: ECHILD, unless real children answer */
};
/* The kernel's choice among cands, in its order (the tracer's list:
 * newest tracee first): the first ready one wins. */
enum vwait_verdict vwait_select(const struct vwait_req *r, const struct vwait_cand *cands,
				size_t n, size_t *pick);

/* The outputs for a reported candidate. */
void vwait_encode(const struct vwait_cand *c, struct vwait_out *out);
/* Whether reporting consumes the event (not with WNOWAIT). */
bool vwait_consumes(const struct vwait_req *r);

#endif
