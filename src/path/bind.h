/* The bind table: guest path prefixes mapped to host paths.
 *
 * The rootfs itself is the binding "/" -> ROOTFS, so a guest path always
 * matches at least one binding.  Lookups take the longest matching
 * prefix, in either direction.  Pure: no filesystem access, no globals.
 * Functions return 0 or -errno; allocations come from the caller.
 */
#ifndef BURROW_PATH_BIND_H
#define BURROW_PATH_BIND_H

#include <stdbool.h>
#include <talloc.h>

enum binding_flags {
	BIND_READONLY = 1 << 0,	/* the guest may not change what it holds:
				 * mutating calls fail with EROFS, as on a
				 * read-only mount (an archive's image) */
};

struct binding {
	char *host;		/* absolute, normalised, no trailing "/" (except "/") */
	char *guest;		/* absolute, normalised, no trailing "/" (except "/") */
	unsigned flags;		/* enum binding_flags */
};

struct bindings;

/* An empty table whose root binding maps "/" to rootfs (absolute,
 * already resolved by the caller). */
struct bindings *bindings_new(TALLOC_CTX *mem, const char *rootfs);

/* Add host -> guest.  Both absolute; they are normalised lexically here.
 * A later binding of the same guest path replaces the earlier one
 * (as a later mount would).  0, -EINVAL for a relative path, -ENOMEM. */
int bindings_add(struct bindings *b, const char *host, const char *guest);

/* Set the flags of binding i (0: the root binding).  0 or -EINVAL. */
int bindings_set_flags(struct bindings *b, size_t i, unsigned flags);

/* Protect a host path (absolute; normalised here): the guest may read
 * it but no mutating call may name it (EACCES), whatever binding it is
 * reached through.  The ids journal is one.  0, -EINVAL or -ENOMEM. */
int bindings_protect(struct bindings *b, const char *host);

/* The same for every host path whose text starts with prefix (absolute,
 * taken as it is): the journal's compaction files, "JOURNAL.tmp.". */
int bindings_protect_prefix(struct bindings *b, const char *prefix);

/* True when some binding is read-only or some path protected: only then
 * do mutating calls need a check (bindings_may_change). */
bool bindings_restricted(const struct bindings *b);

/* How a mutating call names a path, for bindings_may_change. */
enum change_kind {
	CHANGE_NAME,		/* creates, changes or removes this name */
	CHANGE_TREE,		/* moves or removes it with what it holds
				 * (rename): a protected path below counts */
};

/* May the guest change the file at host, reached through guest (its
 * canonical guest path, or NULL when only the host path is known, as
 * for a descriptor)?  0, -EACCES for a protected path (or, for
 * CHANGE_TREE, an ancestor of one), -EROFS inside a read-only binding.
 * The binding is the one guest goes through, else the one whose host
 * holds host (as bindings_to_guest picks it). */
int bindings_may_change(const struct bindings *b, const char *guest, const char *host,
			enum change_kind kind);

/* Mount namespaces (emulated under -0): each has its own table.  A
 * copy of b on mem, flags and protected paths included; NULL when out
 * of memory. */
struct bindings *bindings_copy(TALLOC_CTX *mem, const struct bindings *b);

/* The index of the binding whose guest path is exactly guest (a mount
 * point; 0 for "/"), or -ENOENT. */
int bindings_find(const struct bindings *b, const char *guest);

/* A bind mount: the canonical guest path to shows what from shows
 * (through the binding from goes through, with its flags: a bind of a
 * read-only mount is read-only).  With recursive, the bindings below
 * from appear below to too (MS_REC).  0, -EINVAL (to is "/": the root
 * binding stays the rootfs), -ENOMEM. */
int bindings_bind(struct bindings *b, const char *from, const char *to, bool recursive);

/* An unmount: remove the binding at guest and, with below, those under
 * it (MNT_DETACH).  0, -EINVAL when guest is no binding's, -EBUSY for
 * the root binding or, without below, when some binding lies under it. */
int bindings_remove(struct bindings *b, const char *guest, bool below);

/* pivot_root as seen from a process whose root is old_root: the
 * bindings under old_root but not under new_root (a binding's guest
 * path, not old_root) also appear under put_old (new_root or beneath
 * it), as the old root's mounts do.  Guest paths stay those of the
 * whole table: the caller makes new_root the process's root.  0,
 * -EBUSY (new_root or put_old on old_root's mount; put_old is new_root,
 * which burrow does not emulate), -EINVAL (new_root no mount point,
 * put_old not beneath it), -ENOMEM. */
int bindings_pivot(struct bindings *b, const char *old_root, const char *new_root,
		   const char *put_old);

/* Number of bindings including the root one, and access by index, in
 * the order they were added (index 0 is the root binding). */
size_t bindings_count(const struct bindings *b);
const struct binding *bindings_get(const struct bindings *b, size_t i);

/* The host path of the rootfs (the root binding's host). */
const char *bindings_rootfs(const struct bindings *b);

/* The binding a guest path goes through (longest guest prefix), or NULL
 * for a relative path.  Two paths through different bindings are on
 * different mounts, as far as the guest can tell. */
const struct binding *bindings_lookup(const struct bindings *b, const char *guest);

/* guest -> host: guest must be absolute and normalised.  Longest guest
 * prefix wins.  *host is allocated on mem.  0 or -ENOMEM. */
int bindings_to_host(TALLOC_CTX *mem, const struct bindings *b,
		     const char *guest, char **host);

/* The binding bindings_to_guest maps host through, NULL when none. */
const struct binding *bindings_host_lookup(const struct bindings *b, const char *host);

/* host -> guest: the binding with the longest host prefix that contains
 * host (ties: the one added last).  The root binding takes part like any
 * other.  A host path outside every binding is returned unchanged and
 * the function returns -EXDEV (callers usually still use *guest, as
 * PRoot does).  0, -EXDEV or -ENOMEM. */
int bindings_to_guest(TALLOC_CTX *mem, const struct bindings *b,
		      const char *host, char **guest);

/* The text of a symlink as the guest sees it.  link is the link's
 * guest path, target its text on the host.  An absolute target of a link
 * inside a binding (not the rootfs) is in host terms: when a binding
 * other than the rootfs holds it on the host, it becomes that binding's
 * guest path (the deepest such binding; the last added on ties), so
 * "-b /s/u:/data" shows "/s/u/l -> /s/u/f" as "/data/l -> /data/f".
 * Any other target (relative, in the rootfs, outside every binding) is
 * returned as it is.  root is the guest path the reader sees as "/" (a
 * guest chroot): the mapped path is given relative to it, and one
 * outside it is not mapped.  *out on mem.  1 when mapped, 0 when not,
 * -ENOMEM. */
int bindings_link_to_guest(TALLOC_CTX *mem, const struct bindings *b, const char *root,
			   const char *link, const char *target, char **out);

/* True when guest is a strict ancestor of some binding's guest path, i.e.
 * a directory that must appear in the guest even if the rootfs lacks it
 * ("-b /x:/a/b/c" makes "/a" and "/a/b" such directories). */
bool bindings_is_virtual_dir(const struct bindings *b, const char *guest);

/* True when name (one path component) is a component of some binding's
 * guest path, the root binding aside: only then can a lookup of name
 * in some directory reach a binding, or a directory that exists only
 * for one ("-b /x:/a/b" names "a" and "b"). */
bool bindings_name_is_bound(const struct bindings *b, const char *name);

/* The table as one block of memory with offsets, not pointers (the
 * in-guest runtime maps it read-only): a header (magic, version, sizes),
 * entries of host offset, guest offset and flags, the protected paths
 * and prefixes, then a pool of NUL-terminated strings.  Native byte
 * order: it never leaves the machine.  *image (on mem) and *size;
 * 0 or -ENOMEM. */
int bindings_to_image(TALLOC_CTX *mem, const struct bindings *b, void **image, size_t *size);

/* The table an image describes, on mem.  Every size, offset and string
 * is checked against size before use: a bad image (wrong magic or
 * version, an offset or count out of bounds, a string without its NUL,
 * a relative path, no root binding first, unknown flags) gives -EINVAL
 * and nothing is read outside image[0..size).  0, -EINVAL, -ENOMEM. */
int bindings_from_image(TALLOC_CTX *mem, const void *image, size_t size, struct bindings **out);

#endif
