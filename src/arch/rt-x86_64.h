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

/* Rewritten sites (runtime/sites.c): `mov $nr,%eax; syscall` (b8 imm32
 * 0f 05), ending at the trap's si_call_addr, with imm the trapped nr.
 * The first 5 bytes become `jmp rel32` to a stub; the syscall stays (a
 * jump that lands on it still traps).  RT_SITE_LEN 0: no rewriting. */
#define RT_SITE_LEN 7
#define RT_SITE_JUMP 5
#define RT_SITE_STUB_MAX 40
#define RT_SITE_REACH 0x7ff00000L	/* rel32, with a margin */

/* rt-x86_64.S: what a stub calls; keeps every register but rax, rcx and
 * r11, and the flags, and calls rt_site_call. */
extern char rt_site_entry[] __attribute__((visibility("hidden")));

static inline int rt_site_shape(const unsigned char *s, long nr)
{
	unsigned imm = (unsigned)s[1] | (unsigned)s[2] << 8 | (unsigned)s[3] << 16 |
		       (unsigned)s[4] << 24;

	return s[0] == 0xb8 && s[5] == 0x0f && s[6] == 0x05 && (long)imm == nr;
}

/* rel32 at q, for an instruction ending at next (its address once in
 * place) that goes to to; the byte after it. */
static inline unsigned char *rt_put_rel32(unsigned char *q, unsigned long next, unsigned long to)
{
	unsigned rel = (unsigned)(int)(long)(to - next);

	for (int i = 0; i < 4; i++)
		*q++ = (unsigned char)(rel >> (8 * i));
	return q;
}

/* The stub for the site at site, whose bytes are s, to live at `at`
 * (built in q): steps over the red zone, loads the number, calls entry
 * (which keeps what the syscall keeps) and jumps back after the
 * syscall.  Its length. */
static inline unsigned long rt_site_stub(unsigned char *q, const unsigned char *s,
					 unsigned long site, unsigned long at, unsigned long entry)
{
	static const unsigned char down[] = { 0x48, 0x8d, 0x64, 0x24, 0x80 };	/* lea -128(%rsp),%rsp */
	static const unsigned char up[] = { 0x48, 0x8d, 0xa4, 0x24, 0x80, 0, 0, 0 };
	unsigned char *p = q;

	for (unsigned i = 0; i < sizeof(down); i++)
		*p++ = down[i];
	for (int i = 0; i < 5; i++)		/* mov $nr,%eax */
		*p++ = s[i];
	*p++ = 0x49, *p++ = 0xbb;		/* movabs $entry,%r11 */
	for (int i = 0; i < 8; i++)
		*p++ = (unsigned char)(entry >> (8 * i));
	*p++ = 0x41, *p++ = 0xff, *p++ = 0xd3;	/* call *%r11 */
	for (unsigned i = 0; i < sizeof(up); i++)	/* lea 128(%rsp),%rsp */
		*p++ = up[i];
	*p++ = 0xe9;				/* jmp site + 7 */
	p = rt_put_rel32(p, at + (unsigned long)(p - q) + 4, site + RT_SITE_LEN);
	return (unsigned long)(p - q);
}

/* The jump that replaces the site's first RT_SITE_JUMP bytes. */
static inline void rt_site_jump(unsigned char *q, unsigned long site, unsigned long stub)
{
	q[0] = 0xe9;
	rt_put_rel32(q + 1, site + RT_SITE_JUMP, stub);
}

#endif
