/* aarch64 entry of a freestanding check program (tests/runtime/):
 * exit_group(rt_check_main()). */
	.text
	.globl _start
_start:
	mov x29, #0
	mov x30, #0
	bl rt_check_main
	mov x8, #94
	svc #0
	.section .note.GNU-stack, "", %progbits
