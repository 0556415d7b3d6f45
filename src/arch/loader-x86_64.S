/* x86_64 entry, syscall and jump for the loader. */
	.text
	.globl _start
_start:
	/* burrow put the load script's address in %rdi. */
	and $-16, %rsp
	call loader_main
	hlt

	.globl loader_syscall
loader_syscall:
	mov %rdi, %rax
	mov %rsi, %rdi
	mov %rdx, %rsi
	mov %rcx, %rdx
	mov %r8, %r10
	mov %r9, %r8
	mov 8(%rsp), %r9
	syscall
	ret

	.globl loader_jump
loader_jump:
	/* The program starts as from the kernel: its stack block at %rsp,
	 * %rdx = 0 (no finaliser to register). */
	mov %rsi, %rsp
	xor %edx, %edx
	xor %ebp, %ebp
	jmp *%rdi

	.section .note.GNU-stack,"",@progbits
