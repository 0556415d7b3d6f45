/* Read-only bindings and protected paths for the runtime's opens and
 * accesses (trap.c, calls.c's openat2) and for the descriptor calls
 * trapped only in runs that have such bindings: a read-only mount's
 * order of errors, as the ptrace engine's protect.c.  0 to make the
 * call, or -errno. */
#include <asm/unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arch/rt-arch.h"
#include "path/bind.h"
#include "trap-int.h"
#include "trap.h"

static int host_stat(const char *host, struct stat *st, int flags)
{
	return (int)rt_syscall(__NR_newfstatat, AT_FDCWD, (long)host, (long)st, flags, 0, 0);
}

int rt_parent_error(TALLOC_CTX *mem, const char *host)
{
	char *dir = talloc_strdup(mem, host), *slash = NULL;
	struct stat st;
	size_t n;
	int rc;

	if (!dir)
		return -ENOMEM;
	n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		dir[--n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (dir[i] == '/')
			slash = dir + i;
	if (!slash)
		return 0;
	slash[slash == dir] = '\0';
	rc = host_stat(dir, &st, 0);
	if (rc < 0)
		return rc;
	return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}

/* The check on the file res names: a magic link's (/proc/self/fd/N)
 * by the host path the kernel would follow it to. */
static int may_change(struct rt *rt, TALLOC_CTX *mem, const struct canon_result *res)
{
	const char *host = res->host, *guest = res->guest;

	/* A name relative to a removed cwd: nothing is left to change. */
	if (!bindings_restricted(rt->binds) || res->host[0] != '/')
		return 0;
	if (res->magic) {
		char *buf = talloc_size(mem, RT_PATH_MAX);
		long n;

		if (!buf)
			return -ENOMEM;
		n = rt_syscall(__NR_readlinkat, AT_FDCWD, (long)host, (long)buf, RT_PATH_MAX - 1,
			       0, 0);
		/* A pipe, a socket, an anonymous inode: no file of ours. */
		if (n <= 0 || buf[0] != '/')
			return 0;
		buf[n] = '\0';
		host = buf;
		guest = NULL;
	}
	return bindings_may_change(rt->binds, guest, host, CHANGE_NAME);
}

int rt_protect_open(struct rt *rt, TALLOC_CTX *mem, const struct canon_result *res, long flags)
{
	struct stat st;
	int rc;

	/* O_TMPFILE needs write access: covered. */
	if (!(flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC)))
		return 0;
	rc = may_change(rt, mem, res);
	if (rc != -EROFS)
		return rc;
	/* res->host is the final target already, unless it is not
	 * followed (then the kernel says ELOOP or EEXIST) or magic. */
	rc = host_stat(res->host, &st, res->magic ? 0 : AT_SYMLINK_NOFOLLOW);
	if (rc < 0) {
		if (rc == -ENOENT && (flags & O_CREAT) && (flags & O_TMPFILE) != O_TMPFILE) {
			rc = rt_parent_error(mem, res->host);
			return rc < 0 ? rc : -EROFS;
		}
		return 0;	/* the kernel fails as well, changing nothing */
	}
	if ((flags & O_TMPFILE) == O_TMPFILE)
		return S_ISDIR(st.st_mode) ? -EROFS : 0;
	if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return 0;	/* EEXIST */
	/* Directories give EISDIR; devices, fifos and sockets stay
	 * writable on a read-only mount; a symlink not followed, ELOOP. */
	if (!S_ISREG(st.st_mode))
		return 0;
	/* The kernel checks O_TRUNC before permissions, write access
	 * after them (the guest's ids are its own: no -0 here). */
	if (flags & O_TRUNC)
		return -EROFS;
	if ((flags & O_ACCMODE) == O_RDONLY)
		return 0;
	if (rt_syscall(__NR_faccessat, AT_FDCWD, (long)res->host, W_OK, 0, 0, 0) == -EACCES)
		return -EACCES;
	return -EROFS;
}

int rt_protect_access(struct rt *rt, TALLOC_CTX *mem, const struct canon_result *res)
{
	struct stat st;
	int rc = may_change(rt, mem, res);

	if (rc != -EROFS)
		return rc;
	if (host_stat(res->host, &st, 0) < 0)
		return 0;
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISFIFO(st.st_mode) ||
	    S_ISSOCK(st.st_mode))
		return 0;
	return -EROFS;
}

int rt_protect_fd(struct rt *rt, TALLOC_CTX *mem, int fd)
{
	char *buf;
	long n;

	if (!bindings_restricted(rt->binds) || (fd < 0 && fd != AT_FDCWD))
		return 0;	/* EBADF is the kernel's */
	if (!(buf = talloc_size(mem, RT_PATH_MAX)))
		return -ENOMEM;
	if (fd == AT_FDCWD)
		n = rt_syscall(__NR_readlinkat, AT_FDCWD, (long)"/proc/self/cwd", (long)buf,
			       RT_PATH_MAX - 1, 0, 0);
	else
		n = rt_fd_link(mem, fd, buf, NULL);
	/* Not open, or a pipe, a socket...: the kernel decides. */
	if (n <= 0 || buf[0] != '/')
		return 0;
	buf[n] = '\0';
	return bindings_may_change(rt->binds, NULL, buf, CHANGE_NAME);
}
