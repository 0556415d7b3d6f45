/* aarch64 raw syscall for the in-guest runtime: rt_syscall(nr, a1..a6),
 * and the signal restorer its SIGSYS handler returns through. */
	.text
	.globl rt_syscall
	.type rt_syscall, %function
rt_syscall:
	mov x8, x0
	mov x0, x1
	mov x1, x2
	mov x2, x3
	mov x3, x4
	mov x4, x5
	mov x5, x6
	svc #0
	ret

	.globl rt_restorer
	.type rt_restorer, %function
rt_restorer:
	mov x8, #139		/* rt_sigreturn */
	svc #0
	brk #0
	.section .note.GNU-stack, "", %progbits
