/* Read-only bindings and protected paths: the kernel's order of
 * errors (readonly.h). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "path/readonly.h"

bool ro_open_changes(long flags)
{
	/* O_TMPFILE needs write access: covered. */
	return (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC)) != 0;
}

bool ro_stays_writable(unsigned mode)
{
	return S_ISCHR(mode) || S_ISBLK(mode) || S_ISFIFO(mode) || S_ISSOCK(mode);
}

int ro_may_change(const struct ro_ops *ops, TALLOC_CTX *mem, const struct bindings *b,
		  const struct canon_result *res, enum change_kind kind)
{
	const char *host = res->host, *guest = res->guest;

	if (res->magic) {
		char *target;

		if (ops->readlink(ops->opaque, mem, res->host, &target) < 0 || target[0] != '/')
			return 0;
		host = target;
		guest = NULL;
	}
	return bindings_may_change(b, guest, host, kind);
}

int ro_parent_error(const struct ro_ops *ops, TALLOC_CTX *mem, const char *host)
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
	if ((rc = ops->stat(ops->opaque, dir, true, &st)) < 0)
		return rc;
	return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}

int ro_create_error(const struct ro_ops *ops, TALLOC_CTX *mem, const struct canon_result *res)
{
	struct stat st;
	int rc;

	if (res->virtual_dir || (rc = ops->stat(ops->opaque, res->host, false, &st)) == 0)
		return -EEXIST;
	if (rc != -ENOENT)
		return rc;
	rc = ro_parent_error(ops, mem, res->host);
	return rc < 0 ? rc : -EROFS;
}

int ro_modify_error(const struct ro_ops *ops, const struct canon_result *res, bool truncate)
{
	struct stat st;
	int rc = ops->stat(ops->opaque, res->host, res->magic, &st);

	if (rc < 0)
		return rc;
	if (truncate && S_ISDIR(st.st_mode))
		return -EISDIR;
	if (truncate && !S_ISREG(st.st_mode))
		return -EINVAL;
	return -EROFS;
}

int ro_open_error(const struct ro_ops *ops, TALLOC_CTX *mem, const struct canon_result *res,
		  long flags)
{
	struct stat st;
	int rc;

	/* res->host is the final target already, unless it is not
	 * followed (then the kernel says ELOOP or EEXIST) or magic. */
	rc = ops->stat(ops->opaque, res->host, res->magic, &st);
	if (rc < 0) {
		if (rc == -ENOENT && (flags & O_CREAT) && (flags & O_TMPFILE) != O_TMPFILE) {
			rc = ro_parent_error(ops, mem, res->host);
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
	 * after them. */
	if (flags & O_TRUNC)
		return -EROFS;
	if ((flags & O_ACCMODE) == O_RDONLY)
		return 0;
	return ops->access_write(ops->opaque, res->host) == -EACCES ? -EACCES : -EROFS;
}
