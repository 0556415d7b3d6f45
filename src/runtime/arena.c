/* The runtime's arena (arena.h) and the talloc subset over it
 * (include/talloc.h).  Freestanding: no libc. */
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "talloc.h"

/* Precedes every chunk; 16 bytes keep chunks 16-byte aligned. */
struct chunk {
	struct arena *arena;
	size_t size;
};
#define ALIGN 16
_Static_assert(sizeof(struct chunk) % ALIGN == 0, "chunks stay aligned");

static struct chunk *chunk_of(const void *p)
{
	return (struct chunk *)p - 1;
}

static size_t rounded(size_t n)
{
	return (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
}

static void *carve(struct arena *a, size_t size)
{
	size_t need;
	struct chunk *c;

	if (size > a->size)
		return NULL;
	need = sizeof(struct chunk) + rounded(size);
	if (need > a->size - a->used)
		return NULL;
	c = (struct chunk *)(a->base + a->used);
	c->arena = a;
	c->size = size;
	a->used += need;
	return c + 1;
}

void *arena_init(struct arena *a, void *mem, size_t size)
{
	uintptr_t start = ((uintptr_t)mem + ALIGN - 1) & ~(uintptr_t)(ALIGN - 1);

	if (!mem || size < start - (uintptr_t)mem + sizeof(struct chunk))
		return NULL;
	a->base = (char *)start;
	a->size = size - (start - (uintptr_t)mem);
	a->used = 0;
	return carve(a, 0);
}

void arena_reset(struct arena *a)
{
	a->used = sizeof(struct chunk);
}

void *arena_alloc(const void *ctx, size_t size, int zero)
{
	void *p;

	if (!ctx)
		return NULL;
	p = carve(chunk_of(ctx)->arena, size);
	if (p && zero)
		memset(p, 0, size);
	return p;
}

void *arena_realloc(const void *ctx, void *ptr, size_t size, size_t count)
{
	struct arena *a;
	struct chunk *c;
	void *p;

	if (size && count > SIZE_MAX / size)
		return NULL;
	if (!ptr)
		return arena_alloc(ctx, size * count, 0);
	c = chunk_of(ptr);
	a = c->arena;
	/* The last chunk grows in place. */
	if ((char *)ptr + rounded(c->size) == a->base + a->used) {
		size_t start = (size_t)((char *)ptr - a->base);

		if (size * count > a->size - start)
			return NULL;
		a->used = start + rounded(size * count);
		c->size = size * count;
		return ptr;
	}
	p = carve(a, size * count);
	if (p)
		memcpy(p, ptr, c->size < size * count ? c->size : size * count);
	return p;
}

int arena_free(void *ptr)
{
	struct chunk *c;
	struct arena *a;

	if (!ptr)
		return -1;
	c = chunk_of(ptr);
	a = c->arena;
	/* Only the last chunk, never the root, goes back. */
	if ((char *)c != a->base && (char *)ptr + rounded(c->size) == a->base + a->used)
		a->used = (size_t)((char *)c - a->base);
	return 0;
}

char *arena_strndup(const void *ctx, const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = arena_alloc(ctx, len + 1, 0);

	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* Writes what fmt makes into out (when not NULL) and returns its length,
 * or -1 for a conversion other than %s, %.*s and %%: the path core uses
 * no other. */
static long format(char *out, const char *fmt, va_list ap)
{
	long len = 0;

	for (const char *f = fmt; *f; f++) {
		const char *s;
		size_t n;

		if (*f != '%') {
			if (out)
				out[len] = *f;
			len++;
			continue;
		}
		f++;
		if (*f == '%') {
			s = "%";
			n = 1;
		} else if (*f == 's') {
			s = va_arg(ap, const char *);
			n = strlen(s);
		} else if (f[0] == '.' && f[1] == '*' && f[2] == 's') {
			int prec = va_arg(ap, int);

			s = va_arg(ap, const char *);
			n = prec < 0 ? strlen(s) : strnlen(s, (size_t)prec);
			f += 2;
		} else {
			return -1;
		}
		if (out)
			memcpy(out + len, s, n);
		len += (long)n;
	}
	return len;
}

char *arena_asprintf(const void *ctx, const char *fmt, ...)
{
	va_list ap;
	long len;
	char *p;

	va_start(ap, fmt);
	len = format(NULL, fmt, ap);
	va_end(ap);
	if (len < 0)
		return NULL;
	p = arena_alloc(ctx, (size_t)len + 1, 0);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	format(p, fmt, ap);
	va_end(ap);
	p[len] = '\0';
	return p;
}
