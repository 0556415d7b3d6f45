/* The in-guest runtime's image ($(B)/rt/runtime.elf, named by RT_ELF),
 * in the loader's read-only data: the loader maps it at RT_BASE. */
	.section .rodata
	/* A page of its own: an exec maps it from the loader's file. */
	.balign 4096
	.globl loader_rt_image
	.hidden loader_rt_image
loader_rt_image:
	.incbin RT_ELF
	.globl loader_rt_image_end
	.hidden loader_rt_image_end
loader_rt_image_end:
	.section .note.GNU-stack,"",%progbits
