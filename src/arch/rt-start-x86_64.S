/* x86_64 entry of a freestanding check program (tests/runtime/):
 * exit_group(rt_check_main()). */
	.text
	.globl _start
_start:
	xor %ebp, %ebp
	and $-16, %rsp
	call rt_check_main
	mov %eax, %edi
	mov $231, %eax
	syscall
	hlt
	.section .note.GNU-stack, "", @progbits
