/* x86_64: a seccomp SIGSYS's ucontext holds the arguments in rdi, rsi,
 * rdx, r10, r8, r9 and takes the result in rax (the kernel rolled the
 * call back: rip is past the syscall instruction). */
#ifndef BURROW_ARCH_RT_X86_64_H
#define BURROW_ARCH_RT_X86_64_H

#include <linux/audit.h>
#include <sys/ucontext.h>

#define RT_AUDIT_ARCH AUDIT_ARCH_X86_64
#define RT_ELF_MACHINE 62	/* EM_X86_64: what exec.c runs */

static inline long rt_uc_arg(const ucontext_t *uc, int i)
{
	const greg_t *g = uc->uc_mcontext.gregs;

	switch (i) {
	case 0: return g[REG_RDI];
	case 1: return g[REG_RSI];
	case 2: return g[REG_RDX];
	case 3: return g[REG_R10];
	case 4: return g[REG_R8];
	default: return g[REG_R9];
	}
}

static inline void rt_uc_set_result(ucontext_t *uc, long v)
{
	uc->uc_mcontext.gregs[REG_RAX] = v;
}

/* Where a fault happened, and where the thread resumes. */
static inline unsigned long rt_uc_pc(const ucontext_t *uc)
{
	return (unsigned long)uc->uc_mcontext.gregs[REG_RIP];
}

static inline void rt_uc_set_pc(ucontext_t *uc, unsigned long pc)
{
	uc->uc_mcontext.gregs[REG_RIP] = (greg_t)pc;
}

#endif
