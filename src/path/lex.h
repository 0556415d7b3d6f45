/* Purely lexical path helpers, for the bind table, the canonicaliser
 * and their callers: no filesystem access, no state.
 */
#ifndef BURROW_PATH_LEX_H
#define BURROW_PATH_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <talloc.h>

/* One component of a path, as path_next_comp finds it. */
struct path_comp {
	const char *s;		/* its first byte */
	size_t len;
	const char *end;	/* just after it: "/" or the NUL */
	const char *next;	/* past the slashes after it: "" for the last */
};

/* The component at p, leading slashes skipped: false when none is left.
 * Inline: the walk calls it for every component of every lookup. */
static inline bool path_next_comp(const char *p, struct path_comp *c)
{
	while (*p == '/')
		p++;
	if (!*p)
		return false;
	c->s = p;
	while (*p && *p != '/')
		p++;
	c->end = p;
	c->len = (size_t)(p - c->s);
	while (*p == '/')
		p++;
	c->next = p;
	return true;
}

/* Join a and b with exactly one "/" between them; b may be absolute
 * (then it is still appended, not substituted).  An empty b (or only
 * slashes) gives a copy of a without its trailing slashes; trailing
 * slashes of b are kept.  NULL on ENOMEM. */
char *path_join(TALLOC_CTX *mem, const char *a, const char *b);

/* Normalise an absolute path lexically: collapse "//", drop ".", apply
 * "..", never above "/", no trailing "/".  No filesystem access.  A
 * relative path is taken as relative to "/".  NULL on ENOMEM. */
char *path_normalise(TALLOC_CTX *mem, const char *abs_path);

/* True when the relative path never climbs above its starting
 * directory, lexically ("a/../b" does not, "../a" and "a/../.." do). */
bool path_stays_beneath(const char *path);

/* True when path equals prefix or starts with prefix followed by "/".
 * prefix "/" matches every absolute path. */
bool path_has_prefix(const char *path, const char *prefix);

/* guest as a process whose root (a guest chroot) is root names it: the
 * part after root ("/" for root itself), or guest as it is when root is
 * "/" or guest lies outside it.  A pointer into guest or a literal. */
const char *path_seen_from(const char *root, const char *guest);

#endif
