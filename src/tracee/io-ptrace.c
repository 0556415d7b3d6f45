/* The ptrace engine's tracee I/O (io.h), and the calls every handler
 * makes through whichever engine a tracee has. */
#include "tracee/tracee.h"

static int ptrace_regs_get(struct tracee *t, struct arch_regs *r)
{
	return arch_regs_fetch(t->pid, r);
}

static int ptrace_regs_set(struct tracee *t, struct arch_regs *held, const struct arch_regs *r)
{
	return arch_regs_store_changed(t->pid, held, r);
}

static int ptrace_sysnum_set(struct tracee *t, struct arch_regs *r, long nr)
{
	return arch_sysnum_store(t->pid, r, nr);
}

const struct tracee_io tracee_io_ptrace = {
	.read = ptrace_mem_read,
	.write = ptrace_mem_write,
	.regs_get = ptrace_regs_get,
	.regs_set = ptrace_regs_set,
	.sysnum_set = ptrace_sysnum_set,
	.fsops = ptrace_fsops,
};

int mem_read(struct tracee *t, uint64_t addr, void *buf, size_t len)
{
	return tracee_io(t)->read(t, addr, buf, len);
}

int mem_write(struct tracee *t, uint64_t addr, const void *buf, size_t len)
{
	return tracee_io(t)->write(t, addr, buf, len);
}

void tracee_fsops(struct tracee *t, struct fsops *ops)
{
	tracee_io(t)->fsops(t, ops);
}
