/* Guest path canonicalisation: pure, no global state, no tracer knowledge.
 *
 * Everything here returns 0 or -errno.  All allocations come from the
 * caller's talloc context, so a scratch context per stop frees them.
 */
#ifndef BURROW_PATH_CANON_H
#define BURROW_PATH_CANON_H

#include <stdbool.h>
#include <sys/stat.h>
#include <talloc.h>

#include "lex.h"

struct bindings;

/* The kernel's limit on symlinks followed during one lookup (MAXSYMLINKS). */
#define CANON_MAX_SYMLINKS 40

/* What a readlink through fsops may add about the link it read. */
enum fs_link_kind {
	FS_LINK_PLAIN = 0,	/* an ordinary symlink: target is a guest path */
	FS_LINK_MAGIC = 1,	/* a /proc magic link to a kernel object (fd/N to a
				 * pipe, socket, deleted file...): when it is the final
				 * component and is followed, the lookup stops and the
				 * host path is passed to the kernel unchanged */
	FS_LINK_ROOT = 2,	/* /proc/PID/root: means the guest root, "/" */
	FS_LINK_GUEST = 3,	/* a /proc link burrow already put in guest terms
				 * (exe, cwd): followed like a plain one, never
				 * mapped through the bindings again */
};

/* The filesystem operations the canonicaliser needs, on host paths.
 * A tracer passes real ones (with /proc/self mapped to the tracee);
 * unit tests pass a table-driven fake. */
struct fsops {
	/* 0 or -errno, like lstat(2). */
	int (*lstat)(void *opaque, const char *host_path, struct stat *st);
	/* 0 or -errno.  On success *target is a NUL-terminated string
	 * allocated on mem, and *kind says how to treat it.  Magic /proc
	 * targets are already translated into guest paths by the caller's
	 * implementation, as the tracee's readlink(2) would show them
	 * (relative to its root: an absolute one restarts at root like any
	 * symlink); plain targets are returned verbatim. */
	int (*readlink)(void *opaque, TALLOC_CTX *mem, const char *host_path,
			char **target, enum fs_link_kind *kind);
	/* Optional (NULL: every component gets its own lstat).  0 when
	 * each component of rel ("a/b/c": relative, no ".", "..", or empty
	 * component), looked up from the directory host_dir, is a
	 * directory and none is a symlink, checked in one go; with
	 * any_last, the last component exists and is anything but a
	 * symlink.  -errno otherwise, for any reason at all (the
	 * canonicaliser then walks the same components one by one, so a
	 * failure only costs time).  mem is for scratch. */
	int (*plain_dirs)(void *opaque, TALLOC_CTX *mem, const char *host_dir, const char *rel,
			  bool any_last);
	void *opaque;
};

/* Lookup flags, mirroring the kernel's. */
enum canon_flags {
	CANON_NOFOLLOW = 1 << 0,	/* do not follow a symlink in the final
					 * component (lstat, AT_SYMLINK_NOFOLLOW,
					 * O_NOFOLLOW, O_CREAT|O_EXCL, unlink...);
					 * a trailing slash still forces a follow */
	CANON_EMPTY_PATH = 1 << 1,	/* AT_EMPTY_PATH: "" means base itself */
	CANON_LAZY_FINAL = 1 << 2,	/* with CANON_NOFOLLOW: the caller does not
					 * need to know what the final component
					 * is, so it is not looked at (exists and
					 * is_symlink then say nothing about it) */
	CANON_KEEP_DOTS = 1 << 3,	/* a final "." or ".." stays on host, after
					 * the directory it names an entry of, and
					 * final_dot is set: calls that create,
					 * remove or rename a name refuse it in the
					 * kernel (EINVAL, EBUSY, EEXIST...) */
};

struct canon_result {
	char *guest;		/* canonical guest path, absolute, in the
				 * guest's namespace: starts with root.  No
				 * trailing "/" when exists (see trailing_slash);
				 * when !exists it ends with the unresolved
				 * tail, verbatim */
	char *host;		/* the host path to hand to the kernel */
	bool trailing_slash;	/* the final component was followed by "/",
				 * in the input or in the body of a final
				 * symlink; kept on host so that the kernel
				 * reports ENOTDIR for a non-directory */
	bool exists;		/* every component was found; false when the
				 * walk stopped at a missing component or at a
				 * non-directory followed by more */
	bool is_symlink;	/* final component is a symlink that was
				 * not followed (NOFOLLOW) */
	bool magic;		/* final component is a magic /proc link left
				 * for the kernel to follow; host is the link
				 * itself, guest the link's guest path */
	bool virtual_dir;	/* final component is an ancestor of a binding
				 * that the host lacks: a directory for the
				 * guest, but host gives ENOENT, so the caller
				 * has to emulate it */
	bool final_dot;		/* CANON_KEEP_DOTS kept a final "." or "..":
				 * guest and host end with it, exists is
				 * false */
	bool link_crossed;	/* the walk followed a symlink, final or on
				 * the way */
	bool magic_crossed;	/* the walk followed a /proc magic link (any
				 * link fsops did not call FS_LINK_PLAIN),
				 * final or on the way */
	char *link;		/* LOOKUP_READ_LINK (lookup.h): the text of
				 * the final symlink; NULL otherwise */
};

/* Resolve path the way the kernel would inside the guest.
 *
 * base is the canonical guest directory that relative paths start from
 * (the tracee's cwd, or the guest path of a dirfd).  root is the guest
 * path of the tracee's root (normally "/"; something else after a guest
 * chroot()): ".." never climbs above it and absolute paths and symlinks
 * restart there.  Guest paths returned are relative to the real guest
 * namespace, i.e. they include root as a prefix.
 *
 * Components that exist are resolved, symlinks included, sharing one
 * budget of CANON_MAX_SYMLINKS.  From the first component that does not
 * exist (or is not a directory but is followed by more), the rest of the
 * path is appended unchanged so that the kernel reports exactly the error
 * it would have reported (ENOENT, ENOTDIR).
 *
 * A base outside root (a cwd kept across chroot()) is taken as root, so
 * that results always lie under root.  base may be NULL when path is
 * absolute.  Missing ancestors of a binding count as directories.
 * A magic link as the final, followed component stops the walk (the
 * kernel follows it); as an intermediate one its target is followed like
 * an absolute symlink, or, when it is not a path (pipe:[N]), handed to
 * the kernel with the rest so that it reports ENOTDIR.  An empty symlink
 * body is also left to the kernel (ENOENT).
 *
 * Returns 0, -ELOOP when the symlink budget runs out, -ENOENT for an
 * empty path without CANON_EMPTY_PATH, -ENAMETOOLONG when path itself is
 * PATH_MAX bytes or longer (as the kernel's getname() would), -EINVAL for
 * a relative root or a relative path without an absolute base, -ENOMEM,
 * or another -errno from fsops for anything but ENOENT/ENOTDIR.  On
 * error *out is zeroed and nothing is left allocated on mem.
 */
int canon_resolve(TALLOC_CTX *mem, const struct bindings *binds,
		  const struct fsops *fs, const char *root, const char *base,
		  const char *path, unsigned flags, struct canon_result *out);

/* Add host -> guest, with guest resolved in the guest as the table
 * stands (the rootfs and the bindings added before), as PRoot does: a
 * symlink on the way, or guest itself unless nofollow, is followed, so
 * the binding shows through every link that leads to it ("/var/run ->
 * /run" and "-b X:/var/run/dbus" bind /run/dbus).  What does not exist
 * is taken as written.  *where (optional) gets the guest path used, on
 * mem.  0, -EINVAL, -ENOMEM, or the resolution's -errno (-ELOOP...). */
int bindings_add_resolved(struct bindings *b, const struct fsops *fs, const char *host,
			  const char *guest, bool nofollow, TALLOC_CTX *mem, char **where);

#endif
