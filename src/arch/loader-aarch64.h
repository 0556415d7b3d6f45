/* aarch64 constants for the loader (included with -include). */
#define LOADER_EM 183			/* EM_AARCH64 */
/* ELF_ET_DYN_BASE: 2/3 of the 48-bit address space (DEFAULT_MAP_WINDOW_64),
 * page aligned (the loader then rounds a PIE down to its largest p_align,
 * 64 KiB for Debian's arm64 programs, as the kernel does). */
#define LOADER_ET_DYN_BASE 0xaaaaaaaaa000UL
#define LOADER_RND_BITS 18		/* CONFIG_ARCH_MMAP_RND_BITS default */
#define LOADER_BRK_RND_RANGE 0x40000000UL	/* arch_randomize_brk, 64-bit: 1 GiB */
