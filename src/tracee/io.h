/* The tracee I/O seam: what a syscall handler reads from and changes in
 * a tracee (memory, registers) and the filesystem as the tracee sees it,
 * behind one table, as the canonicaliser takes struct fsops.  The ptrace
 * engine's is tracee_io_ptrace; the unit tests run the handlers against
 * a fake (tests/unit/faketracee.c), and a second engine brings its own.
 *
 * Registers are read and changed in the tracee's copy (t->stop.regs, with the
 * pure arch_arg, arch_set_result, arch_sp...): the table moves that copy
 * in and out.  Functions return 0 or -errno.
 */
#ifndef BURROW_TRACEE_IO_H
#define BURROW_TRACEE_IO_H

#include <stddef.h>
#include <stdint.h>

#include "arch/arch.h"

struct fsops;
struct tracee;

struct tracee_io {
	/* len bytes at addr in the tracee: -EFAULT for a bad address. */
	int (*read)(struct tracee *t, uint64_t addr, void *buf, size_t len);
	int (*write)(struct tracee *t, uint64_t addr, const void *buf, size_t len);
	/* The general registers of the current stop into r. */
	int (*regs_get)(struct tracee *t, struct arch_regs *r);
	/* Store r where it differs from *held (what the tracee holds now);
	 * *held becomes r on success. */
	int (*regs_set)(struct tracee *t, struct arch_regs *held, const struct arch_regs *r);
	/* The syscall number at a syscall entry, -1 to skip the call; r
	 * receives it too (arch_sysnum_store). */
	int (*sysnum_set)(struct tracee *t, struct arch_regs *r, long nr);
	/* The canonicaliser's filesystem operations for this tracee. */
	void (*fsops)(struct tracee *t, struct fsops *ops);
};

/* ptrace and process_vm_readv/writev, the real filesystem (mem.c,
 * fsops.c).  A tracee whose io is NULL uses these. */
extern const struct tracee_io tracee_io_ptrace;
int ptrace_mem_read(struct tracee *t, uint64_t addr, void *buf, size_t len);
int ptrace_mem_write(struct tracee *t, uint64_t addr, const void *buf, size_t len);
void ptrace_fsops(struct tracee *t, struct fsops *ops);

#endif
