/* /proc/PID/maps, smaps and numa_maps in the in-guest engine (maps.c). */
#ifndef BURROW_RUNTIME_MAPS_H
#define BURROW_RUNTIME_MAPS_H

#include <talloc.h>

struct bindings;

/* An open with flags of host, the process's maps, smaps or numa_maps
 * (after "/proc/N/" or "/proc/N/task/M/"), for reading: 1 and *fd, a
 * descriptor of a copy with the names of mapped files in guest terms,
 * open with flags at offset 0 (names as seen from root, the reader's
 * guest chroot, "/" without one); 0 when host is no such file or the open
 * may write (the kernel's open answers); -errno. */
int rt_maps_open(TALLOC_CTX *mem, const struct bindings *b, const char *root,
		 const char *host, long flags, long *fd);

#endif
