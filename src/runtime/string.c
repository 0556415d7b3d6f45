/* The string functions the path core calls, for the freestanding
 * runtime (HACKING.md "The in-guest engine").  Loops the build forbids
 * the compiler to turn back into calls of themselves
 * (-fno-tree-loop-distribute-patterns); memcpy, strlen and strnlen, a
 * tenth of a translated stat's time as byte loops, go a word at a time
 * (both arches load unaligned words; strlen's are aligned, so never
 * cross into a page past the string's end). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef unsigned long __attribute__((may_alias, aligned(1))) uword;
typedef unsigned long __attribute__((may_alias)) aword;

#define ONES ((unsigned long)-1 / 0xff)
#define HIGHS (ONES << 7)
/* Non-zero when a byte of w is zero. */
#define HAS_ZERO(w) (((w) - ONES) & ~(w) & HIGHS)

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	for (; n >= sizeof(uword); n -= sizeof(uword), d += sizeof(uword), s += sizeof(uword))
		*(uword *)d = *(const uword *)s;
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d < s)
		while (n--)
			*d++ = *s++;
	else
		while (n--)
			d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	const char *p = s;
	const aword *w;

	for (; (uintptr_t)p % sizeof(*w); p++)
		if (!*p)
			return (size_t)(p - s);
	for (w = (const aword *)(const void *)p; !HAS_ZERO(*w); w++)
		;
	for (p = (const char *)w; *p; p++)
		;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	for (; n < max && (uintptr_t)(s + n) % sizeof(aword); n++)
		if (!s[n])
			return n;
	for (; max - n >= sizeof(aword) && !HAS_ZERO(*(const aword *)(const void *)(s + n));
	     n += sizeof(aword))
		;
	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++)
		if (*a != *b || !*a)
			return (unsigned char)*a - (unsigned char)*b;
	return 0;
}

size_t strcspn(const char *s, const char *reject)
{
	size_t n = 0;

	for (; s[n]; n++)
		for (const char *r = reject; *r; r++)
			if (s[n] == *r)
				return n;
	return n;
}

char *strchrnul(const char *s, int c)
{
	while (*s && *s != (char)c)
		s++;
	return (char *)s;
}

char *strchr(const char *s, int c)
{
	s = strchrnul(s, c);
	return *s == (char)c ? (char *)s : NULL;
}
