/* x86_64 raw syscall for the in-guest runtime: rt_syscall(nr, a1..a6),
 * the signal restorer its handlers return through, and the copies of
 * guest memory that recover from a fault (rt-arch.h). */
#include "arch/raw-syscall-x86_64.h"

	.text
	RAW_SYSCALL rt_syscall

	.globl rt_restorer
	.type rt_restorer, @function
rt_restorer:
	mov $15, %eax		/* rt_sigreturn */
	syscall
	hlt

#ifndef RT_SYSCALL_ONLY
/* The copies: leaf routines between rt_copy_start and rt_copy_fault, so
 * the SIGSEGV/SIGBUS handler knows a fault there is theirs and resumes
 * at rt_copy_fault, which returns -EFAULT to their caller (the return
 * address is still on top of the stack). */
	.globl rt_copy_start, rt_copy_fault, rt_copy, rt_copy_str
	.hidden rt_copy_start, rt_copy_fault, rt_copy, rt_copy_str
	.type rt_copy, @function
	.type rt_copy_str, @function
rt_copy_start:
rt_copy:			/* (dst, src, n): 0 or -EFAULT */
	mov %rdx, %rcx
	rep movsb
	xor %eax, %eax
	ret

rt_copy_str:			/* (dst, src, max): length, max, or -EFAULT */
	xor %eax, %eax
1:	cmp %rdx, %rax
	je 2f
	movzbl (%rsi,%rax), %ecx
	mov %cl, (%rdi,%rax)
	test %cl, %cl
	je 2f
	inc %rax
	jmp 1b
2:	ret

rt_copy_fault:
	mov $-14, %rax		/* -EFAULT */
	ret

/* A rewritten site's stub calls here (runtime/sites.c) with the number
 * in eax and the arguments where the syscall has them: keeps what the
 * syscall keeps (all but rax, rcx, r11; the flags too), calls
 * rt_site_call(nr, a[6]) on a 16-byte aligned stack, returns its result
 * in rax. */
	.globl rt_site_entry
	.hidden rt_site_entry
	.type rt_site_entry, @function
rt_site_entry:
	push %rbp
	mov %rsp, %rbp
	pushfq
	push %r9
	push %r8
	push %r10
	push %rdx
	push %rsi
	push %rdi		/* a[0..5] */
	mov %rax, %rdi
	mov %rsp, %rsi
	and $-16, %rsp
	cld
	call rt_site_call
	lea -56(%rbp), %rsp
	pop %rdi
	pop %rsi
	pop %rdx
	pop %r10
	pop %r8
	pop %r9
	popfq
	pop %rbp
	ret
#endif
#ifdef RT_SYSCALL_ONLY
/* trap-check's guest side only: guest_thread(flags, stack_top, fn, arg)
 * clones a thread that runs fn(arg) on stack_top and exits; the
 * parent gets clone's result.  fn and arg ride in r9 and r8, which
 * clone leaves alone and the child inherits. */
	.globl guest_thread
	.hidden guest_thread
	.type guest_thread, @function
guest_thread:
	mov %rdx, %r9
	mov %rcx, %r8
	xor %edx, %edx
	xor %r10d, %r10d
	mov $56, %eax		/* clone */
	syscall
	test %rax, %rax
	jnz 1f
	mov %r8, %rdi
	and $-16, %rsp
	call *%r9
	xor %edi, %edi
	mov $60, %eax		/* exit, this thread */
	syscall
	hlt
1:	ret
#endif
	.section .note.GNU-stack, "", @progbits
