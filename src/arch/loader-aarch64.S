/* aarch64 entry, syscall and jump for the loader. */
#include <asm/unistd.h>

#include "loader/script.h"
#include "arch/raw-syscall-aarch64.h"

	.text
	.globl _start
_start:
	/* The kernel's stack, passed on for a script in the leading
	 * argument strings; else the load script is in .bss
	 * (src/loader/script.h). */
	mov x0, sp
	mov x29, #0
	mov x30, #0
	bl loader_main
	brk #0

	RAW_SYSCALL loader_syscall

	.globl loader_jump
loader_jump:
	/* (entry, sp, src, nbytes, maplen, notify): copy the program's
	 * stack block from src to sp (nbytes is a multiple of 8), unmap
	 * src, and start the program as from the kernel: its stack block at
	 * sp, x0 = 0 (no finaliser to register), no frame to return to.  The
	 * copy may land on this stack: nothing is stored on it. */
	mov x21, x5
	mov x16, x0
	mov x17, x1
	mov x19, x2
	mov x20, x4
1:	cbz x3, 2f
	ldr x5, [x2], #8
	str x5, [x1], #8
	sub x3, x3, #8
	b 1b
2:	mov x0, x19
	mov x1, x20
	mov x8, #__NR_munmap
	svc #0
	mov sp, x17
	/* notify: execve(-1, sp, entry), which burrow turns into the end
	 * of an exec for a guest tracer (script.h); EFAULT otherwise.  x7
	 * is 0 as after an exec: the kernel puts back the value it had
	 * before the exit stop, whatever burrow writes there. */
	cbz x21, 3f
	mov x0, #-1
	mov x1, x17
	mov x2, x16
	mov x7, #0
	mov x8, #__NR_execve
	svc #0
3:	mov x0, #0
	mov x29, #0
	mov x30, #0
	br x16

	.section .note.GNU-stack,"",@progbits
