/* x86_64 raw syscall(nr, a1..a6) for the freestanding programs: the
 * loader (loader_syscall) and the in-guest runtime (rt_syscall). */
.macro RAW_SYSCALL name
	.globl \name
	.type \name, @function
\name:
	mov %rdi, %rax
	mov %rsi, %rdi
	mov %rdx, %rsi
	mov %rcx, %rdx
	mov %r8, %r10
	mov %r9, %r8
	mov 8(%rsp), %r9
	syscall
	ret
.endm
