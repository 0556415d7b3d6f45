/* The variants of one guest path lookup: openat2's resolve flags, the
 * text of a final symlink, a removed start directory.  Returns 0 or
 * -errno (1 where said). */
#include <errno.h>
#include <string.h>

#include "bind.h"
#include "lookup.h"

_Static_assert((CANON_EMPTY_PATH | CANON_NOFOLLOW | CANON_LAZY_FINAL | CANON_KEEP_DOTS) <=
	       LOOKUP_CANON_FLAGS, "canon flags fit below the lookup flags");

bool lookup_single_name(const struct bindings *b, const char *path, unsigned flags)
{
	if (!(flags & CANON_NOFOLLOW) || path[0] == '\0' || path[0] == '/' ||
	    strchr(path, '/') || strcmp(path, ".") == 0 || strcmp(path, "..") == 0)
		return false;
	return !bindings_name_is_bound(b, path);
}

int lookup_read_link(TALLOC_CTX *mem, const struct bindings *b, const struct fsops *fs,
		     const char *root, struct canon_result *res)
{
	enum fs_link_kind kind;
	char *target;
	int rc = fs->readlink(fs->opaque, mem, res->host, &target, &kind);

	if (rc < 0)
		return rc;
	if (kind == FS_LINK_ROOT) {
		talloc_free(target);
		res->link = talloc_strdup(mem, "/");
		return res->link ? 0 : -ENOMEM;
	}
	if (kind != FS_LINK_PLAIN) {
		res->link = target;
		return 0;
	}
	rc = bindings_link_to_guest(mem, b, root, res->guest, target, &res->link);
	talloc_free(target);
	return rc < 0 ? rc : 0;
}

/* The checks of openat2's resolve flags on a result. */
static int resolve_checks(const char *dir, unsigned flags, const struct canon_result *res)
{
	if ((flags & LOOKUP_BENEATH) && dir && !path_has_prefix(res->guest, dir))
		return -EXDEV;
	/* The kernel meets a symlink before any missing name after it. */
	if ((flags & LOOKUP_NO_SYMLINKS) && (res->link_crossed || res->is_symlink))
		return -ELOOP;
	if ((flags & LOOKUP_NO_MAGICLINKS) && res->magic_crossed)
		return -ELOOP;
	return 0;
}

int lookup_resolve(TALLOC_CTX *mem, const struct bindings *b, const struct fsops *fs,
		   const struct lookup_from *from, const char *path, unsigned flags,
		   struct canon_result *res)
{
	const char *root = from->root, *dir = from->dir;
	int rc;

	memset(res, 0, sizeof(*res));
	/* The kernel finds no name in a removed directory, so a path that
	 * stays in it is its business alone; ".." still leads to the old
	 * parent, on the host, and from there above the guest's root: such
	 * a path is resolved from the guest path the directory had. */
	if (from->dir_removed && path[0] != '/' && path_stays_beneath(path))
		return 1;
	if ((flags & LOOKUP_IN_ROOT) && dir)
		root = dir;
	if ((flags & LOOKUP_BENEATH) && !path_stays_beneath(path))
		return -EXDEV;
	rc = canon_resolve(mem, b, fs, root, dir, path, flags & LOOKUP_CANON_FLAGS, res);
	if (rc < 0)
		return rc;
	rc = resolve_checks(dir, flags, res);
	if (rc == 0 && (flags & LOOKUP_READ_LINK) && res->is_symlink && !res->trailing_slash)
		rc = lookup_read_link(mem, b, fs, root, res);
	if (rc < 0) {
		TALLOC_FREE(res->guest);
		TALLOC_FREE(res->host);
		memset(res, 0, sizeof(*res));
	}
	return rc;
}
