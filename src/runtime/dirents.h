/* The in-guest engine's phantom entries (HACKING.md "The in-guest
 * engine"): the names the ptrace engine's getdents64 adds to listings
 * (src/syscalls/dirent.c, path/glue.h's struct phantom), which burrow
 * writes into the run's blob and the runtime reads there. */
#ifndef BURROW_RUNTIME_DIRENTS_H
#define BURROW_RUNTIME_DIRENTS_H

#include <stdint.h>

/* One phantom: this header, then parent_len bytes of the directory's
 * canonical guest path and name_len bytes of the name (no NULs); the
 * next record starts at the next multiple of 8.  dir_dev and dir_ino
 * are the directory's on the host (0, 0: unknown), so that the end of
 * a listing costs an fstat, and a readlink only where they match. */
struct rt_phantom_rec {
	uint64_t ino;			/* the entry's d_ino */
	uint64_t dir_dev, dir_ino;
	uint16_t parent_len, name_len;
	uint8_t type;			/* DT_* */
	uint8_t pad[3];
};

#define RT_PHANTOM_REC_SIZE(p, n) \
	((sizeof(struct rt_phantom_rec) + (size_t)(p) + (size_t)(n) + 7) & ~(size_t)7)

#endif
