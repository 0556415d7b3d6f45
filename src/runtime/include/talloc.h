/* The talloc calls of src/path/, for the in-guest runtime: every chunk
 * comes from the arena of its context (src/runtime/arena.h), so the path
 * core builds freestanding unchanged (HACKING.md "The in-guest engine").
 * Only this subset exists; a new talloc call in src/path/ fails the
 * freestanding build (make check-unit) until it is added here.
 *
 * Freeing returns memory only when the chunk is the arena's last one:
 * the runtime resets its arena after each call it translates. */
#ifndef BURROW_RUNTIME_TALLOC_H
#define BURROW_RUNTIME_TALLOC_H

#include <stddef.h>

typedef void TALLOC_CTX;

void *arena_alloc(const void *ctx, size_t size, int zero);
void *arena_realloc(const void *ctx, void *ptr, size_t size, size_t count);
int arena_free(void *ptr);
char *arena_strndup(const void *ctx, const char *s, size_t n);
char *arena_asprintf(const void *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define talloc_size(ctx, size) arena_alloc((ctx), (size), 0)
#define talloc_named_const(ctx, size, name) arena_alloc((ctx), (size), 0)
#define talloc_new(ctx) arena_alloc((ctx), 0, 0)
#define talloc_zero(ctx, type) ((type *)arena_alloc((ctx), sizeof(type), 1))
#define talloc_array(ctx, type, n) ((type *)arena_realloc((ctx), NULL, sizeof(type), (n)))
#define talloc_realloc(ctx, p, type, n) ((type *)arena_realloc((ctx), (p), sizeof(type), (n)))
#define talloc_strdup(ctx, s) arena_strndup((ctx), (s), (size_t)-1)
#define talloc_strndup(ctx, s, n) arena_strndup((ctx), (s), (n))
#define talloc_asprintf arena_asprintf
#define talloc_free(p) arena_free(p)
#define TALLOC_FREE(p) do { arena_free(p); (p) = NULL; } while (0)
#define talloc_set_name_const(p, name) ((void)(p), (void)(name))

#endif
