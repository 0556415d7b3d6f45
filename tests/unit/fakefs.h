/* A table-driven fake filesystem behind struct fsops, for the unit tests
 * and the fuzz target.  Self-contained: no Check, no globals.
 *
 * The table lists host paths (absolute, clean: no "//", ".", ".." and no
 * trailing "/").  Every strict ancestor of a listed path is an implicit
 * directory, as it would have to be on a real filesystem, so a table
 * only lists leaves and whatever must not be a plain directory.
 */
#ifndef BURROW_TESTS_FAKEFS_H
#define BURROW_TESTS_FAKEFS_H

#include <stddef.h>

#include "path/canon.h"

enum fake_type {
	FAKE_DIR,
	FAKE_FILE,
	FAKE_SYMLINK,		/* target: the body, returned as FS_LINK_PLAIN */
	FAKE_MAGIC,		/* target returned as FS_LINK_MAGIC */
	FAKE_ROOTLINK,		/* /proc/PID/root: FS_LINK_ROOT */
	FAKE_GUESTLINK,		/* /proc/PID/exe: FS_LINK_GUEST */
	FAKE_DENIED,		/* a directory without search permission:
				 * looking anything up below it gives EACCES */
};

struct fake_entry {
	const char *path;
	enum fake_type type;
	const char *target;
};

struct fakefs {
	const struct fake_entry *entries;
	size_t count;
	/* Lookups whose host path went through a symlink.  The kernel would
	 * follow it on the host, outside the guest's view, so the
	 * canonicaliser must never cause one: tests assert this stays 0. */
	unsigned crossed_symlinks;
	unsigned lstat_calls;
	unsigned readlink_calls;
	unsigned plain_dirs_calls;
	/* plain_dirs fails with this (-ENOSYS...) when not 0, as openat2
	 * does on an old kernel or when a rename races with it. */
	int plain_dirs_error;
};

void fakefs_init(struct fakefs *ffs, const struct fake_entry *entries,
		 size_t count);

/* The fsops to pass to canon_resolve; opaque points to ffs.  The
 * optional plain_dirs is left out: fakefs_ops_plain_dirs adds it. */
struct fsops fakefs_ops(struct fakefs *ffs);
struct fsops fakefs_ops_plain_dirs(struct fakefs *ffs);

#endif
