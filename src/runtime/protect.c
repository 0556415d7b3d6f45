/* Read-only bindings and protected paths for the runtime's opens and
 * accesses (trap.c, calls.c's openat2) and for the descriptor calls
 * trapped only in runs that have such bindings: a read-only mount's
 * order of errors, path/readonly.c's (the ptrace engine's as well), on
 * the runtime's raw calls.  0 to make the call, or -errno. */
#include <asm/unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arch/rt-arch.h"
#include "path/bind.h"
#include "path/readonly.h"
#include "trap-int.h"
#include "trap.h"

/* The host as the runtime sees it: its own raw calls, with the guest's
 * ids (no -0 here). */
static int stat_op(void *opaque, const char *host, bool follow, struct stat *st)
{
	(void)opaque;
	return (int)rt_syscall(__NR_newfstatat, AT_FDCWD, (long)host, (long)st,
			       follow ? 0 : AT_SYMLINK_NOFOLLOW, 0, 0);
}

static int readlink_op(void *opaque, TALLOC_CTX *mem, const char *host, char **target)
{
	char *buf = talloc_size(mem, RT_PATH_MAX);
	long n;

	(void)opaque;
	if (!buf)
		return -ENOMEM;
	n = rt_syscall(__NR_readlinkat, AT_FDCWD, (long)host, (long)buf, RT_PATH_MAX - 1, 0, 0);
	if (n < 0)
		return (int)n;
	buf[n] = '\0';
	*target = buf;
	return 0;
}

static int access_write_op(void *opaque, const char *host)
{
	(void)opaque;
	return (int)rt_syscall(__NR_faccessat, AT_FDCWD, (long)host, W_OK, 0, 0, 0);
}

/* Built on the stack: a static table of pointers would need relocations. */
void rt_ro_ops(struct ro_ops *ops)
{
	*ops = (struct ro_ops){ .stat = stat_op, .readlink = readlink_op,
				.access_write = access_write_op };
}

/* The check on the file res names. */
static int may_change(struct rt *rt, TALLOC_CTX *mem, const struct ro_ops *ops,
		      const struct canon_result *res)
{
	/* A name relative to a removed cwd: nothing is left to change. */
	if (!bindings_restricted(rt->binds) || res->host[0] != '/')
		return 0;
	return ro_may_change(ops, mem, rt->binds, res, CHANGE_NAME);
}

int rt_protect_open(struct rt *rt, TALLOC_CTX *mem, const struct canon_result *res, long flags)
{
	struct ro_ops ops;
	int rc;

	if (!ro_open_changes(flags))
		return 0;
	rt_ro_ops(&ops);
	rc = may_change(rt, mem, &ops, res);
	return rc == -EROFS ? ro_open_error(&ops, mem, res, flags) : rc;
}

int rt_protect_access(struct rt *rt, TALLOC_CTX *mem, const struct canon_result *res)
{
	struct ro_ops ops;
	struct stat st;
	int rc;

	rt_ro_ops(&ops);
	if ((rc = may_change(rt, mem, &ops, res)) != -EROFS)
		return rc;
	if (stat_op(NULL, res->host, true, &st) < 0)
		return 0;
	return ro_stays_writable(st.st_mode) ? 0 : -EROFS;
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
