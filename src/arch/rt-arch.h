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

/* rt_syscall(nr, a1..a6): the call, made from the runtime's text. */
long rt_syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
/* The signal restorer (rt_sigreturn), in the runtime's text too.
 * Hidden: its address is then computed, not loaded from a GOT entry
 * (a relocation, which the runtime may not have). */
__attribute__((visibility("hidden"))) void rt_restorer(void);

#endif
