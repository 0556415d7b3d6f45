/* openat2: the path lives in the arguments, the lookup flags in struct
 * open_how (Linux 5.6).
 *
 * Compromises, because burrow resolves the guest path itself and hands
 * the kernel an absolute host path:
 * - RESOLVE_IN_ROOT: resolved by burrow with the dirfd as the root, then
 *   cleared (the host path is absolute).
 * - RESOLVE_BENEATH: checked by burrow (-EXDEV for an absolute path, a
 *   ".." above the start, or a result outside the dirfd's directory),
 *   then cleared.  A symlink that leaves and comes back goes unnoticed.
 * - RESOLVE_NO_SYMLINKS: burrow refuses (-ELOOP) when the lookup met a
 *   symlink; kept for the kernel as well.
 * - RESOLVE_NO_MAGICLINKS: burrow refuses (-ELOOP) a final /proc magic
 *   link; one crossed earlier in the path is followed by burrow and goes
 *   unnoticed.  Kept for the kernel as well.
 * - RESOLVE_NO_XDEV, RESOLVE_CACHED: kept; the kernel applies them to the
 *   host path (so NO_XDEV does not see bindings as mount points).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <string.h>

#include "syscalls/syscalls.h"
#include "tracer/tracer.h"

int sys_openat2_enter(struct tracee *t)
{
	int dirfd = (int)arch_arg(&t->regs, 0);
	uint64_t path_addr = arch_arg(&t->regs, 1);
	uint64_t how_addr = arch_arg(&t->regs, 2);
	uint64_t size = arch_arg(&t->regs, 3);
	struct canon_result res;
	struct open_how how;
	struct fsops ops;
	unsigned flags = 0;
	const char *root;
	char *path, *dirguest = NULL;
	uint64_t addr;
	int rc;

	/* Malformed calls: let the kernel say EINVAL/E2BIG/EFAULT itself. */
	if (size < sizeof(how) || path_addr == 0)
		return 0;
	rc = mem_read(t, how_addr, &how, sizeof(how));
	if (rc < 0)
		return rc;
	rc = mem_read_string(t, t->scratch, path_addr, PATH_MAX, &path);
	if (rc < 0)
		return rc;
	/* getname() refuses "" before the dirfd is looked at. */
	if (path[0] == '\0')
		return -ENOENT;
	if ((how.flags & O_NOFOLLOW) || (how.flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		flags |= CANON_NOFOLLOW;

	if (dirfd != AT_FDCWD || path[0] != '/') {
		if (dirfd == AT_FDCWD) {
			dirguest = t->fs->cwd;
		} else {
			rc = tracee_fd_guest_path(t, t->scratch, dirfd, &dirguest);
			if (rc < 0)
				return rc;
		}
	}
	root = t->fs->root;
	if ((how.resolve & RESOLVE_IN_ROOT) && dirguest)
		root = dirguest;
	if ((how.resolve & RESOLVE_BENEATH) && !path_stays_beneath(path))
		return -EXDEV;
	tracee_fsops(t, &ops);
	rc = canon_resolve(t->scratch, tracee_binds(t), &ops, root,
			   dirguest ? dirguest : t->fs->cwd, path, flags, &res);
	if (rc < 0)
		return rc;
	if ((how.resolve & RESOLVE_BENEATH) && dirguest &&
	    !path_has_prefix(res.guest, dirguest))
		return -EXDEV;
	/* Without symlinks the walk is lexical: any difference means one
	 * was followed. */
	if ((how.resolve & RESOLVE_NO_SYMLINKS) && res.exists) {
		char *lexical = path_normalise(t->scratch, path[0] == '/'
			? path_join(t->scratch, root, path)
			: path_join(t->scratch, dirguest, path));

		if (!lexical)
			return -ENOMEM;
		if (strcmp(lexical, res.guest) != 0 || res.is_symlink)
			return -ELOOP;
	}

	/* The final link is a magic one only before burrow follows it. */
	if ((how.resolve & RESOLVE_NO_MAGICLINKS) && !(flags & CANON_NOFOLLOW)) {
		struct canon_result last;

		rc = canon_resolve(t->scratch, tracee_binds(t), &ops, root,
				   dirguest ? dirguest : t->fs->cwd, path, CANON_NOFOLLOW, &last);
		if (rc == 0 && last.is_symlink && proc_is_magic_link(last.host))
			return -ELOOP;
	}

	if (t->tracer->restricted && (rc = protect_open(t, &res, how.flags)) < 0)
		return rc;

	rc = mem_push(t, res.host, strlen(res.host) + 1, &addr);
	if (rc < 0)
		return rc;
	arch_set_arg(&t->regs, 1, addr);
	if (how.resolve & (RESOLVE_IN_ROOT | RESOLVE_BENEATH)) {
		how.resolve &= ~(uint64_t)(RESOLVE_IN_ROOT | RESOLVE_BENEATH);
		rc = mem_push(t, &how, sizeof(how), &addr);
		if (rc < 0)
			return rc;
		arch_set_arg(&t->regs, 2, addr);
		arch_set_arg(&t->regs, 3, sizeof(how));
	}
	t->regs_dirty = true;
	return 0;
}
