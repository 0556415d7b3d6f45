/* aarch64 raw syscall for the in-guest runtime: rt_syscall(nr, a1..a6),
 * and the signal restorer its SIGSYS handler returns through. */
#include "arch/raw-syscall-aarch64.h"

	.text
	RAW_SYSCALL rt_syscall

	.globl rt_restorer
	.type rt_restorer, %function
rt_restorer:
	mov x8, #139		/* rt_sigreturn */
	svc #0
	brk #0
	.section .note.GNU-stack, "", %progbits
