/* The syscall table, generated from src/arch/syscalls.tbl (the only
 * source of syscall numbers and argument roles in burrow).
 *
 * Both architectures' columns are compiled on every host, so the x86_64
 * CI also checks the aarch64 numbers.  arch_host_nr() (arch.h) picks the
 * host's column.
 */
#ifndef BURROW_ARCH_SYSTABLE_H
#define BURROW_ARCH_SYSTABLE_H

#include <stdint.h>

#include "systable-gen.h"	/* enum sc { SC_read, ..., SC_COUNT }, SC_NR_LIMIT */

#define SC_NONE (-1)

struct sc_path_arg {
	int8_t arg;		/* 0-based argument index of the path */
	int8_t dirfd;		/* 0-based index of its dirfd, or -1 (AT_FDCWD) */
	uint8_t nofollow;	/* final component not followed by default */
};

struct sc_desc {
	const char *name;
	uint8_t npaths;
	struct sc_path_arg path[2];
	int8_t atflags;		/* flags argument with AT_SYMLINK_NOFOLLOW and
				 * AT_EMPTY_PATH meaning, or -1 */
	int8_t linkflags;	/* flags argument with AT_SYMLINK_FOLLOW meaning
				 * (linkat), or -1 */
	int8_t oflags;		/* open(2) flags argument, or -1 */
	int8_t flagbits;	/* flags argument of the call's own kind, or -1: */
	uint32_t nofollow_bits;	/* its bits that mean "final symlink not followed" */
	uint32_t empty_bits;	/* its bits that mean "an empty path is the dirfd" */
};

extern const struct sc_desc sc_desc[SC_COUNT];

/* Per-arch numbers, SC_NONE where the arch lacks the call. */
extern const int sc_nr_x86_64[SC_COUNT];
extern const int sc_nr_aarch64[SC_COUNT];

/* Reverse maps: syscall number -> enum sc, or SC_NONE. */
extern const int16_t sc_by_nr_x86_64[SC_NR_LIMIT];
extern const int16_t sc_by_nr_aarch64[SC_NR_LIMIT];

#endif
