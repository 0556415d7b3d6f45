/* The guest's own seccomp filters: seccomp() and prctl(PR_SET_SECCOMP)
 * recorded per thread, and their TRACE actions turned into a guest
 * tracer's PTRACE_EVENT_SECCOMP stops (doc/ptrace-emulation.md 5).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>

#include "syscalls/gseccomp.h"
#include "syscalls/syscalls.h"
#include "syscalls/vptrace.h"
#include "tracee/gbpf.h"

/* A program read at the entry of the call that installs it, kept
 * until its exit says whether the kernel took it. */
struct gsc_install {
	unsigned long flags;
	size_t len;
	struct sock_filter *insns;
};

/* Read the program at addr; a copy of it waits for the exit.  A program
 * the kernel will refuse (EFAULT, EINVAL) is not kept: the call fails. */
static int install_enter(struct tracee *t, uint64_t addr, unsigned long flags)
{
	struct sock_fprog prog;
	struct gsc_install *in;

	if (mem_read(t, addr, &prog, sizeof(prog)) < 0 || prog.len == 0 || prog.len > BPF_MAXINSNS)
		return 0;
	in = talloc_zero(t->stop.scratch, struct gsc_install);
	if (!in)
		return -ENOMEM;
	in->flags = flags;
	in->len = prog.len;
	in->insns = talloc_array(in, struct sock_filter, prog.len);
	if (!in->insns)
		return -ENOMEM;
	if (mem_read(t, (uint64_t)(uintptr_t)prog.filter, in->insns,
		     prog.len * sizeof(in->insns[0])) < 0 ||
	    gbpf_check(in->insns, in->len) < 0) {
		talloc_free(in);
		return 0;
	}
	t->stop.exit_data = in;
	t->stop.exit_wanted = true;
	return 0;
}

int sys_seccomp_enter(struct tracee *t)
{
	/* burrow's own injection (a guest tracer's wait filter). */
	if (t->inject == INJ_RUNNING || arch_arg(&t->stop.regs, 0) != SECCOMP_SET_MODE_FILTER)
		return 0;
	return install_enter(t, arch_arg(&t->stop.regs, 2), arch_arg(&t->stop.regs, 1));
}

int sys_prctl_enter(struct tracee *t)
{
	if ((int)arch_arg(&t->stop.regs, 0) != PR_SET_SECCOMP ||
	    arch_arg(&t->stop.regs, 1) != SECCOMP_MODE_FILTER)
		return 0;
	return install_enter(t, arch_arg(&t->stop.regs, 2), 0);
}

int sys_seccomp_install_exit(struct tracee *t)
{
	struct gsc_install *in = talloc_get_type(t->stop.exit_data, struct gsc_install);
	struct tracer *tr = t->tracer;
	int64_t rc = arch_result(&t->stop.regs);
	struct gfilter *g;

	/* NEW_LISTENER returns a descriptor; TSYNC's failure a tid. */
	if (!in || (in->flags & SECCOMP_FILTER_FLAG_NEW_LISTENER ? rc < 0 : rc != 0))
		return 0;
	g = gfilter_push(t->gfilters, in->insns, in->len);
	if (!g) {
		fprintf(stderr, "burrow: [%d] out of memory for a copy of its seccomp filter: "
			"its tracer will miss its stops\n", (int)t->pid);
		return 0;
	}
	t->gfilters = g;
	if (tr->verbose >= 2)
		fprintf(stderr, "burrow: [%d] installed a seccomp filter of %zu instructions\n",
			(int)t->pid, in->len);
	/* TSYNC: every thread of the group has the caller's filters now. */
	if (in->flags & SECCOMP_FILTER_FLAG_TSYNC)
		for (unsigned b = 0; b < TRACEE_BUCKETS; b++)
			for (struct tracee *o = tr->table[b]; o; o = o->hnext)
				if (o->tgid == t->tgid && o != t && o->gfilters != g) {
					gfilter_unref(o->gfilters);
					o->gfilters = gfilter_ref(g);
				}
	return 0;
}

/* seccomp(2): "If there is no tracer present, the system call is not
 * executed and returns a failure status with errno set to ENOSYS." */
static int skip_enosys(struct tracee *t)
{
	struct tracer *tr = t->tracer;
	int rc;

	t->stop.exit_data = NULL;
	t->stop.exit_wanted = false;
	t->stop.entry = t->stop.regs;
	t->stop.nr = arch_sysnum(&t->stop.regs);
	t->stop.sc = arch_sc_from_nr(t->stop.nr);
	t->stop.emulated = true;
	t->stop.emulated_result = -ENOSYS;
	rc = tracee_io(t)->sysnum_set(t, &t->stop.regs, -1);
	if (rc < 0)
		return rc;
	arch_set_result(&t->stop.regs, -ENOSYS);
	t->stop.regs_dirty = true;
	if (tr->skip_result != SKIP_KEEPS_RESULT && t->stop.sc != SC_NONE)
		t->stop.exit_wanted = true;
	if (t->vpt)
		vpt_after_enter(t);
	return tracee_regs_flush(t);
}

/* Whether ip lies in burrow's own loader, which stays mapped after it
 * jumps to the program: the span of its file's mappings (by device and
 * inode: an inner burrow's loader has the same name), found once per
 * exec (the load script's address tells execs apart). */
static bool ip_in_burrows_loader(struct tracee *t, uint64_t ip)
{
	unsigned long long lo, hi, ino;
	unsigned maj, min;
	char path[64], *line = NULL;
	size_t n = 0;
	struct stat st;
	FILE *f;

	if (!t->loader.script_addr)
		return false;
	if (t->gsc_loader_key != t->loader.script_addr) {
		t->gsc_loader_key = t->loader.script_addr;
		t->gsc_loader_lo = t->gsc_loader_hi = 0;
		snprintf(path, sizeof(path), "/proc/%d/maps", (int)t->pid);
		if (!t->tracer->loader_path || stat(t->tracer->loader_path, &st) < 0 ||
		    !(f = fopen(path, "re")))
			return false;
		while (getline(&line, &n, f) > 0)
			if (sscanf(line, "%llx-%llx %*s %*s %x:%x %llu", &lo, &hi, &maj, &min,
				   &ino) == 5 && maj == major(st.st_dev) &&
			    min == minor(st.st_dev) && ino == st.st_ino) {
				if (!t->gsc_loader_hi || lo < t->gsc_loader_lo)
					t->gsc_loader_lo = lo;
				if (hi > t->gsc_loader_hi)
					t->gsc_loader_hi = hi;
			}
		free(line);
		fclose(f);
	}
	return ip >= t->gsc_loader_lo && ip < t->gsc_loader_hi;
}

enum gsc_verdict gsc_before_enter(struct tracer *tr, struct tracee *t)
{
	struct seccomp_data sd = { 0 };
	uint32_t ret;
	int rc;

	if (!t->gfilters || tracee_regs_fetch(t) < 0)
		return GSC_NONE;
	sd.nr = (int)arch_sysnum(&t->stop.regs);
	sd.arch = arch_audit;
	sd.instruction_pointer = arch_ip(&t->stop.regs);
	for (unsigned i = 0; i < 6; i++)
		sd.args[i] = arch_arg(&t->stop.regs, i);
	ret = gfilter_run(t->gfilters, &sd);
	if ((ret & SECCOMP_RET_ACTION_FULL) != SECCOMP_RET_TRACE)
		return GSC_NONE;
	/* After an exec, burrow's loader runs first: natively there is
	 * none, so its calls are no business of the guest's filters (nor
	 * of its tracer). */
	if (ip_in_burrows_loader(t, sd.instruction_pointer))
		return GSC_NONE;
	/* PTRACE_O_TRACESECCOMP is 1 << PTRACE_EVENT_SECCOMP. */
	if (t->vpt && vpt_route_event(tr, t, PTRACE_EVENT_SECCOMP, ret & SECCOMP_RET_DATA))
		return GSC_SHOWN;
	if (tr->verbose >= 2)
		fprintf(stderr, "burrow: [%d] its seccomp filter traces syscall %d, but no tracer "
			"asked: ENOSYS\n", (int)t->pid, sd.nr);
	rc = skip_enosys(t);
	if (rc < 0 && rc != -ESRCH) {
		fprintf(stderr, "burrow: [%d] cannot skip the call its seccomp filter traces (%s): "
			"killing it\n", (int)t->pid, strerror(-rc));
		kill(t->pid, SIGKILL);
	}
	return GSC_ENOSYS;
}

static bool handled(struct tracer *tr, struct tracee *t)
{
	switch (gsc_before_enter(tr, t)) {
	case GSC_SHOWN:
		return true;
	case GSC_ENOSYS:
		tracer_resume(tr, t, 0);
		return true;
	default:
		return false;
	}
}

bool gsc_on_seccomp_stop(struct tracer *tr, struct tracee *t)
{
	/* burrow's own injected seccomp() passes burrow's filter too; and
	 * without that filter, a seccomp stop is the guest's, whose fate
	 * was decided at the entry stop, on the guest's registers (this
	 * one comes from the translated ones). */
	if (t->inject == INJ_RUNNING || !tr->use_seccomp) {
		tracer_resume(tr, t, 0);
		return true;
	}
	return t->gfilters && handled(tr, t);
}

bool gsc_on_entry_stop(struct tracer *tr, struct tracee *t)
{
	return handled(tr, t);
}
