/* aarch64: a seccomp SIGSYS's ucontext holds the arguments in x0..x5
 * (x0 restored by the kernel's rollback) and takes the result in x0;
 * pc is past the svc. */
#ifndef BURROW_ARCH_RT_AARCH64_H
#define BURROW_ARCH_RT_AARCH64_H

#include <linux/audit.h>
#include <sys/ucontext.h>

#define RT_AUDIT_ARCH AUDIT_ARCH_AARCH64
#define RT_ELF_MACHINE 183	/* EM_AARCH64: what exec.c runs */

static inline long rt_uc_arg(const ucontext_t *uc, int i)
{
	return (long)uc->uc_mcontext.regs[i];
}

static inline void rt_uc_set_result(ucontext_t *uc, long v)
{
	uc->uc_mcontext.regs[0] = (unsigned long long)v;
}

/* Where a fault happened, and where the thread resumes. */
static inline unsigned long rt_uc_pc(const ucontext_t *uc)
{
	return (unsigned long)uc->uc_mcontext.pc;
}

static inline void rt_uc_set_pc(ucontext_t *uc, unsigned long pc)
{
	uc->uc_mcontext.pc = (unsigned long long)pc;
}

/* Rewritten sites (runtime/sites.c): not yet on aarch64 (`svc #0` to
 * `b stub` is to follow); RT_SITE_LEN 0 turns rewriting off. */
#define RT_SITE_LEN 0
#define RT_SITE_JUMP 0
#define RT_SITE_STUB_MAX 16
#define RT_SITE_REACH 0L
#define rt_site_entry ((char *)0)

static inline int rt_site_shape(const unsigned char *s, long nr)
{
	(void)s, (void)nr;
	return 0;
}

static inline unsigned long rt_site_stub(unsigned char *q, const unsigned char *s,
					 unsigned long site, unsigned long at, unsigned long entry)
{
	(void)q, (void)s, (void)site, (void)at, (void)entry;
	return 0;
}

static inline void rt_site_jump(unsigned char *q, unsigned long site, unsigned long stub)
{
	(void)q, (void)site, (void)stub;
}

#endif
