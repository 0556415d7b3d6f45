/* x86_64 entry, syscall and jump for the loader. */
#include <asm/unistd.h>

#include "loader/script.h"
#include "arch/raw-syscall-x86_64.h"

	.text
	.globl _start
_start:
	/* The kernel's stack, passed on for a script in the leading
	 * argument strings; else the load script is in .bss
	 * (src/loader/script.h). */
	mov %rsp, %rdi
	and $-16, %rsp
	call loader_main
	hlt

	RAW_SYSCALL loader_syscall

	.globl loader_jump
loader_jump:
	/* (entry, sp, src, nbytes, maplen, notify): copy the program's
	 * stack block from src to sp, unmap src, and start the program as
	 * from the kernel: its stack block at %rsp, %rdx = 0 (no finaliser
	 * to register).  The copy may land on this stack: no push, no call. */
	mov %r9, %r15
	mov %rdi, %r9
	mov %rsi, %rbx
	mov %rdx, %r12
	mov %r8, %r13
	mov %rsi, %rdi
	mov %rdx, %rsi
	cld
	rep movsb
	mov $__NR_munmap, %eax
	mov %r12, %rdi
	mov %r13, %rsi
	syscall
	mov %rbx, %rsp
	/* notify: execve(-1, sp, entry), which burrow turns into the end
	 * of an exec for a guest tracer (script.h); EFAULT otherwise. */
	test %r15, %r15
	jz 1f
	mov $__NR_execve, %eax
	mov $-1, %rdi
	mov %rbx, %rsi
	mov %r9, %rdx
	syscall
1:	xor %edx, %edx
	xor %ebp, %ebp
	jmp *%r9

	.section .note.GNU-stack,"",@progbits
