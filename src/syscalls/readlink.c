/* readlink and readlinkat.  A symlink's text is already a guest path, so
 * burrow answers the call itself and saves the exit stop; only /proc
 * magic links (exe, cwd, root, fd/N), and absolute links in a binding
 * that name a binding's host side, need translating back. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "path/bind.h"
#include "syscalls/syscalls.h"
#include "tracer/tracer.h"

/* readlinkat(fd, ""): the link fd itself names (O_PATH|O_NOFOLLOW on a
 * symlink), found by its host path as a path argument would be.  1 when
 * fd is no symlink: the kernel's answer (ENOENT, EBADF) is then right. */
static int empty_path_link(struct tracee *t, struct canon_result *res)
{
	int fd = (int)arch_arg(&t->regs, sc_desc[t->sc].path[0].dirfd);
	char *link, *host, *guest;
	struct stat st;
	int rc;

	if (fd < 0)
		return 1;
	link = talloc_asprintf(t->scratch, "/proc/%d/fd/%d", (int)t->pid, fd);
	if (!link)
		return -ENOMEM;
	if (host_readlink(t->scratch, link, &host) < 0 || host[0] != '/' ||
	    lstat(host, &st) < 0 || !S_ISLNK(st.st_mode))
		return 1;
	rc = bindings_to_guest(t->scratch, tracee_binds(t), host, &guest);
	if (rc < 0 && rc != -EXDEV)
		return rc;
	memset(res, 0, sizeof(*res));
	res->host = host;
	res->guest = guest;
	res->exists = true;
	res->is_symlink = true;
	return 0;
}

int sys_readlink_enter(struct tracee *t)
{
	const struct sc_desc *d = &sc_desc[t->sc];
	/* readlink(path, buf, size) or readlinkat(dirfd, path, buf, size) */
	unsigned buf_arg = d->path[0].arg + 1;
	uint64_t buf = arch_arg(&t->regs, buf_arg);
	int64_t size = (int)arch_arg(&t->regs, buf_arg + 1);
	struct canon_result res;
	enum fs_link_kind kind;
	struct fsops ops;
	char *target, *path;
	size_t len;
	int rc;

	rc = resolve_path_arg(t, 0, 0, &res, &path);
	if (rc == 1 && path && path[0] == '\0')
		rc = empty_path_link(t, &res);
	else if (rc == 0)
		rc = write_path_arg(t, 0, &res, path);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	/* Not a symlink, or missing: the kernel gives the right error on
	 * the translated path. */
	if (!res.is_symlink || res.trailing_slash)
		return 0;
	if (size <= 0)
		return -EINVAL;
	tracee_fsops(t, &ops);
	rc = ops.readlink(ops.opaque, t->scratch, res.host, &target, &kind);
	if (rc < 0)
		return rc;
	if (kind == FS_LINK_ROOT)
		target = "/";
	else if (kind == FS_LINK_PLAIN) {
		char *seen;

		rc = bindings_link_to_guest(t->scratch, tracee_binds(t), t->fs->root, res.guest,
					    target, &seen);
		if (rc < 0)
			return rc;
		target = seen;
	}
	len = strlen(target);
	if (len > (size_t)size)
		len = (size_t)size;	/* truncated, not NUL-terminated */
	rc = mem_write(t, buf, target, len);
	if (rc < 0)
		return rc;
	return syscall_emulate(t, (int64_t)len);
}
