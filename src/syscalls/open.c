/* openat2: the path lives in the arguments, the lookup flags in struct
 * open_how (Linux 5.6).
 *
 * Compromises, because burrow resolves the guest path itself and hands
 * the kernel an absolute host path:
 * - RESOLVE_IN_ROOT: resolved by burrow with the dirfd (or cwd) as the
 *   root, then cleared (the host path is absolute).
 * - RESOLVE_BENEATH: checked by burrow (-EXDEV for an absolute path, a
 *   ".." above the start, or a result outside the dirfd's directory),
 *   then cleared.  A symlink that leaves and comes back goes unnoticed.
 * - RESOLVE_NO_SYMLINKS: burrow refuses (-ELOOP) when the lookup met a
 *   symlink, final or on the way; kept for the kernel as well.
 * - RESOLVE_NO_MAGICLINKS: burrow refuses (-ELOOP) when the lookup
 *   followed a /proc magic link, final or on the way.  Kept for the
 *   kernel as well.
 * - RESOLVE_NO_XDEV, RESOLVE_CACHED: kept; the kernel applies them to the
 *   host path (so NO_XDEV does not see bindings as mount points).
 * - A /proc file burrow serves as a copy (procstatus.c) is served, but
 *   under RESOLVE_NO_XDEV.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <string.h>

#include "syscalls/syscalls.h"
#include "tracee/tracee.h"

int sys_openat2_enter(struct tracee *t)
{
	int dirfd = (int)arch_arg(&t->stop.regs, 0);
	uint64_t path_addr = arch_arg(&t->stop.regs, 1);
	uint64_t how_addr = arch_arg(&t->stop.regs, 2);
	uint64_t size = arch_arg(&t->stop.regs, 3);
	struct canon_result res;
	struct open_how how;
	unsigned flags = 0;
	bool how_changed = false;
	char *path, *copy;
	uint64_t addr;
	int rc;

	/* Malformed calls: let the kernel say EINVAL/E2BIG/EFAULT itself. */
	if (size < sizeof(how) || path_addr == 0)
		return 0;
	rc = mem_read(t, how_addr, &how, sizeof(how));
	if (rc < 0)
		return rc;
	rc = mem_read_string(t, t->stop.scratch, path_addr, PATH_MAX, &path);
	if (rc < 0)
		return rc;
	if ((how.flags & O_NOFOLLOW) || (how.flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		flags |= CANON_NOFOLLOW;
	if (how.resolve & RESOLVE_IN_ROOT)
		flags |= LOOKUP_IN_ROOT;
	if (how.resolve & RESOLVE_BENEATH)
		flags |= LOOKUP_BENEATH;
	if (how.resolve & RESOLVE_NO_SYMLINKS)
		flags |= LOOKUP_NO_SYMLINKS;
	if (how.resolve & RESOLVE_NO_MAGICLINKS)
		flags |= LOOKUP_NO_MAGICLINKS;
	rc = tracee_lookup(t, dirfd, path, flags, &res);
	if (rc != 0)
		return rc < 0 ? rc : 0;

	if (t->tracer->restricted && (rc = protect_open(t, &res, how.flags)) < 0)
		return rc;
	/* A /proc file served as a copy (procstatus.c), reached through a
	 * magic link: the lookup was checked above.  Not under NO_XDEV,
	 * which only the kernel's walk can answer. */
	copy = NULL;
	if (!(how.resolve & RESOLVE_NO_XDEV) &&
	    (rc = proc_copy_of(t, res.host, how.flags, &copy)) < 0)
		return rc;
	if (copy) {
		res.host = copy;
		how.flags &= ~(uint64_t)O_NOFOLLOW;
		how.resolve &= ~(uint64_t)(RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
		how_changed = true;
	}

	rc = mem_push(t, res.host, strlen(res.host) + 1, &addr);
	if (rc < 0)
		return rc;
	arch_set_arg(&t->stop.regs, 1, addr);
	if (how_changed || (how.resolve & (RESOLVE_IN_ROOT | RESOLVE_BENEATH))) {
		how.resolve &= ~(uint64_t)(RESOLVE_IN_ROOT | RESOLVE_BENEATH);
		rc = mem_push(t, &how, sizeof(how), &addr);
		if (rc < 0)
			return rc;
		arch_set_arg(&t->stop.regs, 2, addr);
		arch_set_arg(&t->stop.regs, 3, sizeof(how));
	}
	t->stop.regs_dirty = true;
	return 0;
}
