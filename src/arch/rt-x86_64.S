/* x86_64 raw syscall for the in-guest runtime: rt_syscall(nr, a1..a6),
 * and the signal restorer its SIGSYS handler returns through. */
	.text
	.globl rt_syscall
	.type rt_syscall, @function
rt_syscall:
	mov %rdi, %rax
	mov %rsi, %rdi
	mov %rdx, %rsi
	mov %rcx, %rdx
	mov %r8, %r10
	mov %r9, %r8
	mov 8(%rsp), %r9
	syscall
	ret

	.globl rt_restorer
	.type rt_restorer, @function
rt_restorer:
	mov $15, %eax		/* rt_sigreturn */
	syscall
	hlt
	.section .note.GNU-stack, "", @progbits
