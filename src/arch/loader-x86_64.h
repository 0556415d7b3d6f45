/* x86_64 constants for the loader (included with -include). */
#define LOADER_EM 62			/* EM_X86_64 */
/* ELF_ET_DYN_BASE: 2/3 of TASK_SIZE, page aligned, as the kernel uses. */
#define LOADER_ET_DYN_BASE 0x555555554000UL
#define LOADER_RND_BITS 28		/* mmap_rnd_bits default */
#define LOADER_BRK_RND_RANGE 0x40000000UL	/* arch_randomize_brk, 64-bit: 1 GiB */
