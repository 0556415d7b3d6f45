/* The name shortcut (HACKING.md glossary), as the ptrace engine's
 * tracee_lookup: a single name not followed, relative to a directory
 * that is the guest's, goes to the kernel as it is.  The directory's
 * host path (getcwd, or /proc/self/fd/N) must map back to itself
 * through the binding it lies in: a descriptor on a host directory
 * outside the rootfs and bindings, or on one a binding hides, is not
 * the guest's, and translation reads names there from the guest's tree.
 * A readlink of /proc/self/fd/N costs some 3 us, ten times an fstat:
 * a directory descriptor found to be the guest's is kept with its
 * inode, per process (a fork's copy stays true: same descriptors). */
#include <asm/unistd.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

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

/* The cache's entry for fd holds dev and ino: the descriptor is still
 * on the directory found to be the guest's.  A torn entry (written by
 * another thread meanwhile) is a miss. */
static bool cached(struct rt *rt, int fd, const struct stat *st)
{
	struct rt_guest_dir *e = &rt->guest_dirs[fd % RT_SHORTCUT_FDS];
	unsigned long seq = __atomic_load_n(&e->seq, __ATOMIC_ACQUIRE);
	bool hit;

	if (seq & 1)
		return false;
	hit = __atomic_load_n(&e->fd, __ATOMIC_RELAXED) == fd &&
	      __atomic_load_n(&e->dev, __ATOMIC_RELAXED) == (unsigned long)st->st_dev &&
	      __atomic_load_n(&e->ino, __ATOMIC_RELAXED) == (unsigned long)st->st_ino;
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return hit && __atomic_load_n(&e->seq, __ATOMIC_RELAXED) == seq;
}

/* Kept unless another thread (or a call this one interrupted) is
 * writing the entry. */
static void cache(struct rt *rt, int fd, const struct stat *st)
{
	struct rt_guest_dir *e = &rt->guest_dirs[fd % RT_SHORTCUT_FDS];
	unsigned long seq = __atomic_load_n(&e->seq, __ATOMIC_RELAXED);

	if ((seq & 1) || !__atomic_compare_exchange_n(&e->seq, &seq, seq + 1, false,
						      __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return;
	__atomic_store_n(&e->fd, (long)fd, __ATOMIC_RELAXED);
	__atomic_store_n(&e->dev, (unsigned long)st->st_dev, __ATOMIC_RELAXED);
	__atomic_store_n(&e->ino, (unsigned long)st->st_ino, __ATOMIC_RELAXED);
	__atomic_store_n(&e->seq, seq + 2, __ATOMIC_RELEASE);
}

bool rt_shortcut(struct rt *rt, TALLOC_CTX *mem, int dirfd, const char *path, unsigned cflags)
{
	struct stat st;
	char *host, *guest;
	long n;
	bool ok;

	/* Under a guest chroot a directory may lie outside the root, where
	 * translation reads names from the guest's tree: every name resolved. */
	if (rt->no_name_shortcut || !lookup_single_name(rt->binds, path, cflags) ||
	    proc_copy_name(path) || strcmp(rt_root(rt), "/") != 0)
		return false;
	/* The same directory on the same descriptor: the same answer (a
	 * guest cannot move a directory out of its tree). */
	if (dirfd != AT_FDCWD &&
	    (dirfd < 0 || rt_syscall(__NR_fstat, dirfd, (long)&st, 0, 0, 0, 0) < 0))
		return false;
	if (dirfd != AT_FDCWD && cached(rt, dirfd, &st))
		return true;
	if (!(host = talloc_size(mem, RT_PATH_MAX)))
		return false;
	if (dirfd == AT_FDCWD)	/* a removed cwd (ENOENT): translation's */
		n = rt_syscall(__NR_getcwd, (long)host, RT_PATH_MAX, 0, 0, 0, 0);
	else
		n = rt_fd_link(mem, dirfd, host, NULL);
	/* A full buffer may be a cut link. */
	if (n <= 0 || n >= RT_PATH_MAX - 1 || host[0] != '/')
		return false;
	ok = bindings_to_guest(mem, rt->binds, host, &guest) == 0 &&
	     bindings_lookup(rt->binds, guest) == bindings_host_lookup(rt->binds, host);
	if (ok && dirfd != AT_FDCWD && S_ISDIR(st.st_mode))
		cache(rt, dirfd, &st);
	return ok;
}
