/* aarch64 raw syscall for the in-guest runtime: rt_syscall(nr, a1..a6),
 * the signal restorer its handlers return through, and the copies of
 * guest memory that recover from a fault (rt-arch.h). */
#include "arch/raw-syscall-aarch64.h"

	.text
	RAW_SYSCALL rt_syscall

	.globl rt_restorer
	.type rt_restorer, %function
rt_restorer:
	mov x8, #139		/* rt_sigreturn */
	svc #0
	brk #0

#ifndef RT_SYSCALL_ONLY
/* The copies: leaf routines between rt_copy_start and rt_copy_fault, so
 * the SIGSEGV/SIGBUS handler knows a fault there is theirs and resumes
 * at rt_copy_fault, which returns -EFAULT to their caller (x30 holds
 * the return address still). */
	.globl rt_copy_start, rt_copy_fault, rt_copy, rt_copy_str
	.hidden rt_copy_start, rt_copy_fault, rt_copy, rt_copy_str
	.type rt_copy, %function
	.type rt_copy_str, %function
rt_copy_start:
rt_copy:			/* (dst, src, n): 0 or -EFAULT */
	cbz x2, 2f
1:	ldrb w3, [x1], #1
	strb w3, [x0], #1
	subs x2, x2, #1
	b.ne 1b
2:	mov x0, #0
	ret

rt_copy_str:			/* (dst, src, max): length, max, or -EFAULT */
	mov x3, #0
1:	cmp x3, x2
	b.eq 2f
	ldrb w4, [x1, x3]
	strb w4, [x0, x3]
	cbz w4, 2f
	add x3, x3, #1
	b 1b
2:	mov x0, x3
	ret

rt_copy_fault:
	mov x0, #-14		/* -EFAULT */
	ret
#endif
#ifdef RT_SYSCALL_ONLY
/* trap-check's guest side only: guest_thread(flags, stack_top, fn, arg)
 * clones a thread that runs fn(arg) on stack_top and exits; the
 * parent gets clone's result.  fn and arg ride in x9 and x10, which
 * the child inherits. */
	.globl guest_thread
	.hidden guest_thread
	.type guest_thread, %function
guest_thread:
	mov x9, x2
	mov x10, x3
	mov x2, #0
	mov x3, #0
	mov x4, #0
	mov x8, #220		/* clone */
	svc #0
	cbnz x0, 1f
	mov x0, x10
	blr x9
	mov x0, #0
	mov x8, #93		/* exit, this thread */
	svc #0
	brk #0
1:	ret
#endif
	.section .note.GNU-stack, "", %progbits
