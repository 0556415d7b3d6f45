/* One lookup of a guest path with the variants the syscalls need, on
 * top of canon_resolve: pure like it (no tracer knowledge), so that the
 * unit tests run it against the fake filesystem.  The tracer's entry
 * point (tracee_lookup) gathers the start directory and calls it. */
#ifndef BURROW_PATH_LOOKUP_H
#define BURROW_PATH_LOOKUP_H

#include <stdbool.h>
#include <talloc.h>

#include "canon.h"

/* Lookup flags beyond enum canon_flags (which use the low byte). */
enum lookup_flags {
	LOOKUP_KERNEL_MAY = 1 << 8,	/* the name shortcut: the caller only
					 * needs the host path, so a single name
					 * the kernel finds as translation would
					 * is not resolved at all (result 1) */
	LOOKUP_IN_ROOT = 1 << 9,	/* openat2's RESOLVE_IN_ROOT: the start
					 * directory is also the root */
	LOOKUP_BENEATH = 1 << 10,	/* openat2's RESOLVE_BENEATH: -EXDEV for
					 * an absolute path, a ".." above the
					 * start or a result outside it */
	LOOKUP_NO_SYMLINKS = 1 << 11,	/* RESOLVE_NO_SYMLINKS: -ELOOP when a
					 * symlink was met */
	LOOKUP_NO_MAGICLINKS = 1 << 12,	/* RESOLVE_NO_MAGICLINKS: -ELOOP when
					 * a /proc magic link was followed */
	LOOKUP_READ_LINK = 1 << 13,	/* a final symlink not followed: its
					 * text, as the guest's readlink shows
					 * it, goes to res->link */
};
#define LOOKUP_CANON_FLAGS 0xffu

/* Where a lookup starts. */
struct lookup_from {
	const char *root;	/* the caller's guest root */
	const char *dir;	/* guest path of the start directory (cwd or
				 * dirfd); NULL when the path is absolute and
				 * no flag needs it */
	bool dir_removed;	/* dir is a cwd another process removed */
};

/* The single name (no "/", not "." or "..", not followed) that
 * LOOKUP_KERNEL_MAY lets the kernel look up alone, when no binding has
 * a component of that name; the caller still has to check that the
 * directory it starts from is the guest's. */
bool lookup_single_name(const struct bindings *b, const char *path, unsigned flags);

/* canon_resolve with the lookup flags.  0 when res holds the answer,
 * 1 when nothing was resolved because the kernel's own lookup of path
 * is the right one (a path that stays inside a removed dir: the kernel
 * finds no name there, and "." is still the directory), or -errno
 * (res zeroed). */
int lookup_resolve(TALLOC_CTX *mem, const struct bindings *b, const struct fsops *fs,
		   const struct lookup_from *from, const char *path, unsigned flags,
		   struct canon_result *res);

/* res->link: the text of res's final symlink (res->host) as the
 * guest's readlink shows it, root being the caller's. */
int lookup_read_link(TALLOC_CTX *mem, const struct bindings *b, const struct fsops *fs,
		     const char *root, struct canon_result *res);

#endif
