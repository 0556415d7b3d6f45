/* Inside the runtime: what trap.c gives calls.c (guest memory, lookups)
 * and what calls.c gives trap.c.  0 or -errno unless said otherwise. */
#ifndef BURROW_RUNTIME_TRAP_INT_H
#define BURROW_RUNTIME_TRAP_INT_H

#include <stddef.h>

#include "path/canon.h"

struct rt;

#define RT_PATH_MAX 4096

/* n bytes of src to the guest's addr (-EFAULT). */
long rt_copy_out(long addr, const void *src, size_t n);
/* The host path for the guest's (dirfd, path at upath): 0 and *res, or
 * 1 when the call names no path (AT_EMPTY_PATH with ""). */
int rt_resolve(struct rt *rt, TALLOC_CTX *mem, long dirfd, long upath, unsigned cflags,
	       struct canon_result *res);

/* calls.c: a call the hot set does not cover, by the generated table
 * (calls.h); -ENOSYS for one it does not know. */
long rt_call_table(struct rt *rt, long nr, const long a[6]);

#endif
