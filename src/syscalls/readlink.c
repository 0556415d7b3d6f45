/* readlink and readlinkat.  A symlink's text is already a guest path, so
 * burrow answers the call itself and saves the exit stop; only /proc
 * magic links (exe, cwd, root, fd/N), and absolute links in a binding
 * that name a binding's host side, need translating back. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "syscalls/syscalls.h"
#include "tracee/tracee.h"

int sys_readlink_enter(struct tracee *t)
{
	const struct sc_desc *d = &sc_desc[t->stop.sc];
	/* readlink(path, buf, size) or readlinkat(dirfd, path, buf, size) */
	unsigned buf_arg = d->path[0].arg + 1;
	uint64_t buf = arch_arg(&t->stop.regs, buf_arg);
	int64_t size = (int)arch_arg(&t->stop.regs, buf_arg + 1);
	struct canon_result res;
	char *path;
	size_t len;
	int rc;

	/* readlinkat(fd, "") reads the link fd itself names, when it is one. */
	rc = resolve_path_arg(t, 0, LOOKUP_READ_LINK, &res, &path);
	if (rc == 0 && path[0] != '\0')
		rc = write_path_arg(t, 0, &res, path);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	/* Not a symlink, or missing: the kernel gives the right error on
	 * the translated path. */
	if (!res.is_symlink || res.trailing_slash)
		return 0;
	if (size <= 0)
		return -EINVAL;
	len = strlen(res.link);
	if (len > (size_t)size)
		len = (size_t)size;	/* truncated, not NUL-terminated */
	rc = mem_write(t, buf, res.link, len);
	if (rc < 0)
		return rc;
	return syscall_emulate(t, (int64_t)len);
}
