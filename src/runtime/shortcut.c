/* The name shortcut (HACKING.md glossary), as the ptrace engine's
 * tracee_lookup: a single name not followed, relative to a directory
 * that is the guest's, goes to the kernel as it is.  The directory's
 * host path (getcwd, or /proc/self/fd/N) must map back to itself
 * through the binding it lies in: a descriptor on a host directory
 * outside the rootfs and bindings, or on one a binding hides, is not
 * the guest's, and translation reads names there from the guest's tree.
 * One readlink (or getcwd) replaces an lstat per component. */
#include <asm/unistd.h>
#include <fcntl.h>
#include <string.h>

#include "arch/rt-arch.h"
#include "path/bind.h"
#include "path/lookup.h"
#include "trap-int.h"
#include "trap.h"

/* /proc/PID/maps and the like are copied with guest names (maps.c),
 * which needs their host path. */
static bool proc_copy_name(const char *name)
{
	return strcmp(name, "maps") == 0 || strcmp(name, "smaps") == 0 ||
	       strcmp(name, "numa_maps") == 0;
}

bool rt_shortcut(struct rt *rt, TALLOC_CTX *mem, int dirfd, const char *path, unsigned cflags)
{
	char *host, *guest;
	long n;

	if (rt->no_name_shortcut || !lookup_single_name(rt->binds, path, cflags) ||
	    proc_copy_name(path))
		return false;
	if (!(host = talloc_size(mem, RT_PATH_MAX)))
		return false;
	if (dirfd == AT_FDCWD)	/* a removed cwd (ENOENT): translation's */
		n = rt_syscall(__NR_getcwd, (long)host, RT_PATH_MAX, 0, 0, 0, 0);
	else
		n = rt_fd_link(mem, dirfd, host, NULL);
	/* A full buffer may be a cut link. */
	if (n <= 0 || n >= RT_PATH_MAX - 1 || host[0] != '/')
		return false;
	return bindings_to_guest(mem, rt->binds, host, &guest) == 0 &&
	       bindings_lookup(rt->binds, guest) == bindings_host_lookup(rt->binds, host);
}
