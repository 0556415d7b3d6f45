/* The runtime's allocator: a bump arena in memory the runtime owns (per
 * thread), behind the talloc subset of include/talloc.h.  A context is
 * any chunk; each chunk records its arena, so talloc_zero(ctx, T) finds
 * where to allocate.  Exhaustion gives NULL, which the path core turns
 * into -ENOMEM: the call fails, it never runs untranslated. */
#ifndef BURROW_RUNTIME_ARENA_H
#define BURROW_RUNTIME_ARENA_H

#include <stddef.h>

struct arena {
	char *base;
	size_t size, used;
};

/* The root context of mem[0..size), to pass where the path core takes a
 * TALLOC_CTX; NULL when size cannot hold it. */
void *arena_init(struct arena *a, void *mem, size_t size);
/* Frees every chunk but the root. */
void arena_reset(struct arena *a);

#endif
