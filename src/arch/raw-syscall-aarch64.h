/* aarch64 raw syscall(nr, a1..a6) for the freestanding programs: the
 * loader (loader_syscall) and the in-guest runtime (rt_syscall). */
.macro RAW_SYSCALL name
	.globl \name
	.type \name, %function
\name:
	mov x8, x0
	mov x0, x1
	mov x1, x2
	mov x2, x3
	mov x3, x4
	mov x4, x5
	mov x5, x6
	svc #0
	ret
.endm
