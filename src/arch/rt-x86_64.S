/* x86_64 raw syscall for the in-guest runtime: rt_syscall(nr, a1..a6),
 * and the signal restorer its SIGSYS handler returns through. */
#include "arch/raw-syscall-x86_64.h"

	.text
	RAW_SYSCALL rt_syscall

	.globl rt_restorer
	.type rt_restorer, @function
rt_restorer:
	mov $15, %eax		/* rt_sigreturn */
	syscall
	hlt
	.section .note.GNU-stack, "", @progbits
