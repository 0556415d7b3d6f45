/* The in-guest runtime's arch parts in C: where a SIGSYS ucontext keeps
 * the call's arguments and its result (rt-x86_64.h, rt-aarch64.h), and
 * the raw syscall and signal restorer (rt-ARCH.S). */
#ifndef BURROW_ARCH_RT_ARCH_H
#define BURROW_ARCH_RT_ARCH_H

#if defined(__x86_64__)
#include "rt-x86_64.h"
#elif defined(__aarch64__)
#include "rt-aarch64.h"
#else
#error "the in-guest runtime knows x86_64 and aarch64"
#endif

/* The signal mask the interrupted code ran with, which rt_sigreturn
 * restores: the kernel's 64-bit set is the first word of uc_sigmask on
 * both arches. */
static inline unsigned long *rt_uc_sigmask(ucontext_t *uc)
{
	return (unsigned long *)(void *)&uc->uc_sigmask;
}

/* rt_syscall(nr, a1..a6): the call, made from the runtime's text. */
long rt_syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
/* The signal restorer (rt_sigreturn), in the runtime's text too.
 * Hidden: its address is then computed, not loaded from a GOT entry
 * (a relocation, which the runtime may not have). */
__attribute__((visibility("hidden"))) void rt_restorer(void);

/* Copies of guest memory that give -EFAULT instead of a fault: the
 * runtime's SIGSEGV/SIGBUS handler resumes a fault whose pc is in
 * [rt_copy_start, rt_copy_fault) at rt_copy_fault.  rt_copy: n bytes, 0.
 * rt_copy_str: up to max bytes, to and with the first NUL; the string's
 * length, or max when those bytes hold no NUL. */
__attribute__((visibility("hidden"))) long rt_copy(void *dst, const void *src, unsigned long n);
__attribute__((visibility("hidden"))) long rt_copy_str(char *dst, const char *src,
						       unsigned long max);
extern char rt_copy_start[] __attribute__((visibility("hidden")));
extern char rt_copy_fault[] __attribute__((visibility("hidden")));

#endif
