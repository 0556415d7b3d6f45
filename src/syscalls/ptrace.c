/* ptrace of a guest thread: burrow is the real tracer of every guest
 * thread, so the guest's tracer is a virtual one.  Its requests are
 * emulated here: informational ones go to the kernel from burrow, which
 * holds the tracee in a real ptrace-stop exactly as the guest's tracer
 * must see it (doc/ptrace-emulation.md 2).  Built so far: TRACEME,
 * PEEK/POKE, registers and regsets, siginfo, SETOPTIONS (stored),
 * GETEVENTMSG, CONT, SYSCALL, SINGLESTEP, GET_SYSCALL_INFO, KILL, DETACH, ATTACH,
 * SEIZE, INTERRUPT and LISTEN; the rest EIO, named by --report.  A
 * guest tracer's pwrite64 to /proc/PID/mem of its tracee is done by
 * burrow too (sys_pwrite64_enter).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <stddef.h>
#include <linux/magic.h>
#include <sys/ptrace.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <talloc.h>
#include <unistd.h>

#include "common/autoclose.h"
#include "syscalls/syscalls.h"
#include "syscalls/vptrace.h"

#define REGSET_MAX (64 * 1024)
/* x86's numbers; the arm64 kernel has no such requests (EIO), and its
 * headers no names for them. */
#define REQ_GETREGS 12
#define REQ_SETREGS 13
#define REQ_GETFPREGS 14
#define REQ_SETFPREGS 15

static int traceme(struct tracee *t)
{
	struct tracer *tr = t->tracer;
	pid_t tracer_tid = t->parent_tid;

	/* The command burrow started has its parent outside the guest. */
	if (t->vpt || !t->parent_tid)
		return -EPERM;
	/* A parent thread that exited left the group's leader in charge. */
	if (!tracee_find(tr, tracer_tid))
		tracer_tid = t->parent_tgid;
	if (!tracee_find(tr, tracer_tid))
		return -EPERM;
	return vpt_attach(tr, t, tracer_tid, false, 0, t);
}

/* kernel.yama.ptrace_scope, 0 without Yama. */
static int yama_scope(void)
{
	char buf[16] = "";
	int fd = open("/proc/sys/kernel/yama/ptrace_scope", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	if (read(fd, buf, sizeof(buf) - 1) < 0)
		buf[0] = 0;
	close(fd);
	return atoi(buf);
}

/* CAP_SYS_PTRACE in the effective set of pid. */
static bool may_ptrace_any(struct tracee *t)
{
	char path[64], *line = NULL, *p;
	unsigned long long caps = 0;
	size_t n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)t->pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (getline(&line, &n, f) > 0)
		if (strncmp(line, "CapEff:", 7) == 0) {
			caps = strtoull(line + 7, &p, 16);
			break;
		}
	free(line);
	fclose(f);
	return caps & (1ULL << 19);
}

/* Whether group tgid is an ancestor of target (Yama's scope 1). */
static bool is_ancestor(struct tracer *tr, pid_t tgid, const struct tracee *target)
{
	pid_t p = target->parent_tgid;

	for (int depth = 0; p && depth < 4096; depth++) {
		const struct tracee *up;

		if (p == tgid)
			return true;
		up = tracee_find(tr, p);
		if (!up)
			break;
		p = up->parent_tgid;
	}
	return false;
}

/* ATTACH and SEIZE (kernel/ptrace.c ptrace_attach); uids are all
 * burrow's, so Yama decides. */
static int attach(struct tracee *t, struct tracee *target, bool seize, uint64_t addr,
		  uint64_t data)
{
	struct tracer *tr = t->tracer;
	int scope, rc;

	if (seize && (addr != 0 || (data & ~(uint64_t)PTRACE_O_MASK)))
		return -EIO;
	if (target->tgid == t->tgid || target->vpt)
		return -EPERM;
	scope = yama_scope();
	if (scope >= 3 || (scope == 2 && !may_ptrace_any(t)) ||
	    (scope == 1 && !is_ancestor(tr, t->tgid, target) && !may_ptrace_any(t)))
		return -EPERM;
	rc = vpt_attach(tr, target, t->pid, seize, seize ? data : 0, t);
	if (rc < 0 || seize)
		return rc;
	/* The kernel's SIGSTOP (SEND_SIG_PRIV): its siginfo is made so at
	 * the delivery stop. */
	target->vpt->attach_sigstop = true;
	syscall(SYS_tgkill, target->tgid, target->pid, SIGSTOP);
	return 0;
}

static int peek(struct tracee *t, long req, pid_t pid, uint64_t addr, uint64_t data)
{
	long word;

	errno = 0;
	word = ptrace(req, pid, (void *)addr, NULL);
	if (errno)
		return -errno;
	/* The raw call stores the word at data (glibc returns it). */
	return mem_write(t, data, &word, sizeof(word)) < 0 ? -EFAULT : 0;
}

static int regs_copy(struct tracee *t, long req, pid_t pid, uint64_t data, unsigned size,
		     bool get)
{
	void *buf;

	if (!size)
		return -EIO;
	buf = talloc_zero_size(t->stop.scratch, size);
	if (!buf)
		return -ENOMEM;
	if (!get && mem_read(t, data, buf, size) < 0)
		return -EFAULT;
	if (ptrace(req, pid, NULL, buf) < 0)
		return -errno;
	if (get && mem_write(t, data, buf, size) < 0)
		return -EFAULT;
	return 0;
}

static int regset(struct tracee *t, long req, pid_t pid, uint64_t type, uint64_t data)
{
	struct iovec giov, iov;
	uint64_t len;

	if (mem_read(t, data, &giov, sizeof(giov)) < 0)
		return -EFAULT;
	len = giov.iov_len < REGSET_MAX ? giov.iov_len : REGSET_MAX;
	iov.iov_len = len;
	iov.iov_base = talloc_zero_size(t->stop.scratch, len ? len : 1);
	if (!iov.iov_base)
		return -ENOMEM;
	if (req == PTRACE_SETREGSET &&
	    mem_read(t, (uint64_t)(uintptr_t)giov.iov_base, iov.iov_base, len) < 0)
		return -EFAULT;
	if (ptrace(req, pid, (void *)type, &iov) < 0)
		return -errno;
	if (req == PTRACE_GETREGSET) {
		if (mem_write(t, (uint64_t)(uintptr_t)giov.iov_base, iov.iov_base, iov.iov_len) < 0)
			return -EFAULT;
	}
	giov.iov_len = iov.iov_len;
	if (mem_write(t, data + offsetof(struct iovec, iov_len), &giov.iov_len,
		      sizeof(giov.iov_len)) < 0)
		return -EFAULT;
	return 0;
}

/* The held stop is the real one of the same kind, with the registers
 * the guest's tracer must see (entry before burrow's work, exit after
 * its restore): the kernel's answer is the right one. */
static int syscall_info(struct tracee *t, const struct vptracee *v, pid_t pid, uint64_t size,
			uint64_t data)
{
	struct __ptrace_syscall_info info;
	long n;

	memset(&info, 0, sizeof(info));
	n = ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof(info), &info);
	if (n < 0)
		return -errno;
	/* A seccomp stop of the guest's filter is held at burrow's seccomp
	 * stop or, without burrow's filter, at the entry stop. */
	if (v->event == PTRACE_EVENT_SECCOMP && info.op != PTRACE_SYSCALL_INFO_NONE) {
		info.op = PTRACE_SYSCALL_INFO_SECCOMP;
		info.seccomp.ret_data = (uint32_t)v->msg;
		n = (long)(offsetof(struct __ptrace_syscall_info, seccomp.ret_data) +
			   sizeof(info.seccomp.ret_data));
	}
	if (size > (uint64_t)n)
		size = (uint64_t)n;
	if (size && mem_write(t, data, &info, size) < 0)
		return -EFAULT;
	return (int)n;
}

/* An EXEC event shown at the real exit stop of the loader's execve
 * (vptrace.c): GETSIGINFO and GET_SYSCALL_INFO as at the kernel's own
 * event stop (ptrace_notify's siginfo; op NONE).  1 when answered here. */
static int exec_event_info(struct tracee *t, struct tracee *target, long req, uint64_t addr,
			   uint64_t data, int *rc)
{
	struct __ptrace_syscall_info info;
	siginfo_t si;
	size_t n;

	if (!target->vpt->exec_at_exit)
		return 0;
	if (req == PTRACE_GETSIGINFO) {
		memset(&si, 0, sizeof(si));
		si.si_signo = SIGTRAP;
		si.si_code = SIGTRAP | PTRACE_EVENT_EXEC << 8;
		si.si_pid = target->tgid;
		si.si_uid = t->tracer->fake ? target->cred.ruid : getuid();
		*rc = mem_write(t, data, &si, sizeof(si)) < 0 ? -EFAULT : 0;
		return 1;
	}
	if (req != PTRACE_GET_SYSCALL_INFO ||
	    ptrace(PTRACE_GET_SYSCALL_INFO, target->pid, (void *)sizeof(info), &info) < 0)
		return 0;
	info.op = PTRACE_SYSCALL_INFO_NONE;
	n = offsetof(struct __ptrace_syscall_info, entry);
	*rc = (int)n;
	if (addr < n)
		n = addr;
	if (n && mem_write(t, data, &info, n) < 0)
		*rc = -EFAULT;
	return 1;
}

/* A request not emulated, for --report: the kernel may know it. */
static void refused(struct tracer *tr, long req)
{
	int i;

	for (i = 0; i < TRACER_PTRACE_REFUSED - 1; i++)
		if (!tr->report_ptrace[i].n || tr->report_ptrace[i].req == req)
			break;
	/* The last slot counts all further ones, as -1. */
	if (i == TRACER_PTRACE_REFUSED - 1)
		req = -1;
	tr->report_ptrace[i].req = req;
	tr->report_ptrace[i].n++;
}

/* Names of the requests the kernel has and burrow refuses; numbers
 * that mean different things per arch (33, 34) stay numbers. */
static const char *refused_name(long req)
{
	static const struct { long req; const char *name; } names[] = {
		{ 25, "GET_THREAD_AREA" }, { 26, "SET_THREAD_AREA" }, { 30, "ARCH_PRCTL" },
		{ 31, "SYSEMU" }, { 32, "SYSEMU_SINGLESTEP" }, { 0x4209, "PEEKSIGINFO" },
		{ 0x420a, "GETSIGMASK" }, { 0x420b, "SETSIGMASK" },
		{ 0x420c, "SECCOMP_GET_FILTER" }, { 0x420d, "SECCOMP_GET_METADATA" },
		{ 0x420f, "GET_RSEQ_CONFIGURATION" },
		{ 0x4210, "SET_SYSCALL_USER_DISPATCH_CONFIG" },
		{ 0x4211, "GET_SYSCALL_USER_DISPATCH_CONFIG" }, { 0x4212, "SET_SYSCALL_INFO" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].req == req)
			return names[i].name;
	return NULL;
}

void ptrace_report_print(const struct tracer *tr)
{
	const char *name;
	char *line;

	if (!tr->report_ptrace[0].n)
		return;
	line = talloc_strdup(NULL, "");
	for (int i = 0; i < TRACER_PTRACE_REFUSED && tr->report_ptrace[i].n && line; i++) {
		long req = tr->report_ptrace[i].req;

		name = refused_name(req);
		if (req == -1)
			line = talloc_asprintf_append(line, "%sothers %lu", *line ? ", " : "",
						      tr->report_ptrace[i].n);
		else if (name)
			line = talloc_asprintf_append(line, "%sPTRACE_%s %lu", *line ? ", " : "",
						      name, tr->report_ptrace[i].n);
		else
			line = talloc_asprintf_append(line, "%srequest %ld %lu", *line ? ", " : "",
						      req, tr->report_ptrace[i].n);
	}
	if (line)
		fprintf(stderr, "burrow: report: ptrace requests of guest tracers refused "
				"with EIO (not emulated): %s\n", line);
	talloc_free(line);
}

static bool valid_signal(uint64_t sig)
{
	return sig < _NSIG;
}

static int request(struct tracee *t, long req, struct tracee *target, uint64_t addr,
		   uint64_t data)
{
	struct vptracee *v = target->vpt;
	pid_t pid = target->pid;
	siginfo_t si;
	int rc;

	/* ptrace_check_attach: traced by this very thread, and stopped
	 * (KILL and INTERRUPT need no stop). */
	if (!v || v->tracer_tid != t->pid ||
	    (!v->stopped && req != PTRACE_KILL && req != PTRACE_INTERRUPT))
		return -ESRCH;
	if (exec_event_info(t, target, req, addr, data, &rc))
		return rc;
	switch (req) {
	case PTRACE_PEEKTEXT:
	case PTRACE_PEEKDATA:
	case PTRACE_PEEKUSER:
		return peek(t, req, pid, addr, data);
	case PTRACE_POKETEXT:
	case PTRACE_POKEDATA:
	case PTRACE_POKEUSER:
		return ptrace(req, pid, (void *)addr, (void *)data) < 0 ? -errno : 0;
	case REQ_GETREGS:
	case REQ_SETREGS:
		return regs_copy(t, req, pid, data, arch_ptrace_regs_size, req == REQ_GETREGS);
	case REQ_GETFPREGS:
	case REQ_SETFPREGS:
		return regs_copy(t, req, pid, data, arch_ptrace_fpregs_size, req == REQ_GETFPREGS);
	case PTRACE_GETREGSET:
	case PTRACE_SETREGSET:
		return regset(t, req, pid, addr, data);
	case PTRACE_GETSIGINFO:
		if (ptrace(req, pid, NULL, &si) < 0)
			return -errno;
		return mem_write(t, data, &si, sizeof(si)) < 0 ? -EFAULT : 0;
	case PTRACE_SETSIGINFO:
		if (mem_read(t, data, &si, sizeof(si)) < 0)
			return -EFAULT;
		return ptrace(req, pid, NULL, &si) < 0 ? -errno : 0;
	case PTRACE_SETOPTIONS:
		if (data & ~(uint64_t)PTRACE_O_MASK)
			return -EINVAL;
		v->opts = data;
		return 0;
	case PTRACE_GETEVENTMSG:
		return mem_write(t, data, &v->msg, sizeof(v->msg)) < 0 ? -EFAULT : 0;
	case PTRACE_CONT:
	case PTRACE_SYSCALL:
		if (!valid_signal(data))
			return -EIO;
		vpt_resume(t->tracer, target, (int)data, req == PTRACE_SYSCALL);
		return 0;
	case PTRACE_SINGLESTEP:
		if (!valid_signal(data))
			return -EIO;
		vpt_step(t->tracer, target, (int)data);
		return 0;
	case PTRACE_GET_SYSCALL_INFO:
		return syscall_info(t, v, pid, addr, data);
	case PTRACE_INTERRUPT:
		if (!v->seized)
			return -EIO;
		/* The real trap comes now, or after the next resume of a
		 * held thread, as the kernel's JOBCTL_TRAP_STOP; shown then. */
		if (ptrace(PTRACE_INTERRUPT, pid, NULL, NULL) < 0)
			return -errno;
		v->interrupt_pending = true;
		return 0;
	case PTRACE_LISTEN:
		if (!v->seized || v->event != PTRACE_EVENT_STOP)
			return -EIO;
		if (ptrace(PTRACE_LISTEN, pid, NULL, NULL) < 0)
			return -errno;
		/* Not stopped for requests and waits; its next trap (a
		 * SIGCONT, a group stop, an INTERRUPT) is shown. */
		v->stopped = v->unreported = false;
		v->listening = true;
		v->event = 0;
		return 0;
	case PTRACE_KILL:
		syscall(SYS_tgkill, target->tgid, pid, SIGKILL);
		return 0;
	case PTRACE_DETACH:
		if (!valid_signal(data))
			return -EIO;
		vpt_detach(target, (int)data);
		return 0;
	default:
		refused(t->tracer, req);
		return -EIO;
	}
}

int sys_ptrace_enter(struct tracee *t)
{
	long req = (long)arch_arg(&t->stop.regs, 0);
	pid_t pid = (pid_t)arch_arg(&t->stop.regs, 1);
	struct tracee *target;
	int rc;

	if (req == PTRACE_TRACEME) {
		rc = traceme(t);
	} else {
		target = tracee_find(t->tracer, pid);
		/* A host process: the kernel answers. */
		if (!target)
			return 0;
		if (req == PTRACE_ATTACH || req == PTRACE_SEIZE)
			rc = attach(t, target, req == PTRACE_SEIZE, arch_arg(&t->stop.regs, 2),
				    arch_arg(&t->stop.regs, 3));
		else
			rc = request(t, req, target, arch_arg(&t->stop.regs, 2), arch_arg(&t->stop.regs, 3));
	}
	/* GET_SYSCALL_INFO returns a size; everything else 0. */
	return rc < 0 ? rc : syscall_emulate(t, rc);
}

/* The thread whose /proc/PID/mem (or /proc/PID/task/TID/mem) the
 * guest's fd names: 0 if it names something else. */
static pid_t mem_file_tid(struct tracee *t, int fd)
{
	char link[64], *end, *p;
	char *path = talloc_asprintf(t->stop.scratch, "/proc/%d/fd/%d", (int)t->pid, fd);
	ssize_t n = path ? readlink(path, link, sizeof(link) - 1) : -1;
	long tid;

	if (n < 5)
		return 0;
	link[n] = '\0';
	if (strcmp(link + n - 4, "/mem") != 0)
		return 0;
	link[n - 4] = '\0';
	p = strrchr(link, '/');
	if (!p || !p[1])
		return 0;
	tid = strtol(p + 1, &end, 10);
	return *end || tid <= 0 || tid > INT32_MAX ? 0 : (pid_t)tid;
}

/* A guest tracer's pwrite64 to /proc/PID/mem of a thread it traces
 * (how gdb writes its breakpoints).  Into read-only text such a write
 * needs FOLL_FORCE, which Linux 6.12+ built with
 * PROC_MEM_FORCE_PTRACE (Debian's kernels), or booted with
 * proc_mem.force_override=ptrace, grants only to the thread's real
 * ptracer: burrow.  So burrow writes, through a copy of the guest's
 * descriptor (the same mm: a stale one after an exec fails as the
 * guest's would) and with its arguments.  The kernel's own rule then
 * applies with burrow as the tracer; anything else is the kernel's. */
int sys_pwrite64_enter(struct tracee *t)
{
	const size_t max = 1 << 20;
	int fd = (int)arch_arg(&t->stop.regs, 0);
	uint64_t buf = arch_arg(&t->stop.regs, 1), len = arch_arg(&t->stop.regs, 2);
	off_t off = (off_t)arch_arg(&t->stop.regs, 3);
	AUTOCLOSE int pidfd = -1;
	AUTOCLOSE int copy = -1;
	struct tracee *target;
	struct statfs sfs;
	pid_t tid;
	ssize_t n;
	char *data;

	if (len == 0 || !vtracer_find(t->tracer, t->tgid))
		return 0;
	tid = mem_file_tid(t, fd);
	target = tid ? tracee_find(t->tracer, tid) : NULL;
	/* The kernel's rule: the writer is the thread that traces it. */
	if (!target || !target->vpt || target->vpt->tracer_tid != t->pid)
		return 0;
	/* pidfd_getfd: Linux 5.6; before it, the kernel's unforced write. */
	pidfd = (int)syscall(SYS_pidfd_open, t->tgid, 0);
	if (pidfd < 0)
		return 0;
	copy = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	if (copy < 0 || fstatfs(copy, &sfs) < 0 || sfs.f_type != PROC_SUPER_MAGIC)
		return 0;
	/* Larger writes end short, which pwrite may do. */
	if (len > max)
		len = max;
	data = talloc_size(t->stop.scratch, len);
	if (!data)
		return -ENOMEM;
	/* The kernel's results, errors included (not burrow's own). */
	if (mem_read(t, buf, data, len) < 0)
		return syscall_emulate(t, -EFAULT);
	n = pwrite(copy, data, len, off);
	return syscall_emulate(t, n < 0 ? -errno : n);
}
