/* Read-only bindings and protected paths (path/bind.h).
 *
 * An archive's image is read-only to the guest, as a read-only mount
 * would be: a run must not change what the next run of the same archive
 * sees.  The ids journal is protected: the guest may read it, but no
 * call may replace, remove or write it (EACCES), so burrow's own writes
 * cannot be redirected.  Which arguments a call changes comes from the
 * handler table (enum change_class); the checks run in the generic
 * translation, in openat2's handler and, for descriptors, at the entry
 * of the f* calls, which are trapped only then (H_IF_RESTRICTED).
 *
 * Where a real read-only mount gives another error first (a missing
 * parent, EEXIST for a name that exists, EISDIR...), so does burrow:
 * it looks, or leaves the call to the kernel when that call can change
 * nothing.  Every function returns 0 to let the call run, or -errno.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "path/bind.h"
#include "path/canon.h"
#include "syscalls/syscalls.h"
#include "tracee/tracee.h"

static bool open_changes(unsigned long flags)
{
	/* O_TMPFILE needs write access: covered. */
	return (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC)) != 0;
}

/* access(2)'s mode follows the path in all three calls. */
static unsigned long access_mode(const struct tracee *t, unsigned i)
{
	return arch_arg(&t->stop.regs, sc_desc[t->stop.sc].path[i].arg + 1);
}

bool protect_arg_changes(const struct tracee *t, unsigned i)
{
	switch (handlers[t->stop.sc].change) {
	case C_NONE:
	case C_FD:
		return false;
	case C_OPEN:
		return open_changes(syscall_open_flags(t));
	case C_ACCESS:
		return (access_mode(t, i) & W_OK) != 0;
	default:
		return true;
	}
}

/* The host path a /proc magic link (res->magic) leads to, or NULL. */
static const char *magic_target(struct tracee *t, const struct canon_result *res)
{
	char *target;

	if (host_readlink(t->stop.scratch, res->host, &target) < 0 || target[0] != '/')
		return NULL;
	return target;
}

/* The check itself, on the file res names. */
static int may_change(struct tracee *t, const struct canon_result *res, enum change_kind kind)
{
	const char *host = res->host, *guest = res->guest;

	if (res->magic) {
		host = magic_target(t, res);
		guest = NULL;
		/* A pipe, a socket, an anonymous inode: no file of ours. */
		if (!host)
			return 0;
	}
	return bindings_may_change(tracee_binds(t), guest, host, kind);
}

/* What the lookup of host's parent gives: 0 for a directory. */
static int parent_error(struct tracee *t, const char *host)
{
	char *dir = talloc_strdup(t->stop.scratch, host), *slash;
	struct stat st;
	size_t n;

	if (!dir)
		return -ENOMEM;
	n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		dir[--n] = '\0';
	slash = strrchr(dir, '/');
	if (!slash)
		return 0;
	slash[slash == dir] = '\0';
	if (stat(dir, &st) < 0)
		return -errno;
	return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}

/* A new name in a read-only place: EEXIST when it exists. */
static int create_error(struct tracee *t, const struct canon_result *res)
{
	struct stat st;
	int rc;

	if (res->virtual_dir || lstat(res->host, &st) == 0)
		return -EEXIST;
	if (errno != ENOENT)
		return -errno;
	rc = parent_error(t, res->host);
	return rc < 0 ? rc : -EROFS;
}

/* An existing file changed in a read-only place: the lookup's error
 * first, and truncate's own for what is no regular file. */
static int modify_error(const struct canon_result *res, bool truncate)
{
	struct stat st;
	int rc = res->magic ? stat(res->host, &st) : lstat(res->host, &st);

	if (rc < 0)
		return -errno;
	if (truncate && S_ISDIR(st.st_mode))
		return -EISDIR;
	if (truncate && !S_ISREG(st.st_mode))
		return -EINVAL;
	return -EROFS;
}

int protect_open(struct tracee *t, const struct canon_result *res, unsigned long flags)
{
	struct stat st;
	int rc;

	if (!open_changes(flags))
		return 0;
	rc = may_change(t, res, CHANGE_NAME);
	if (rc != -EROFS)
		return rc;
	/* res->host is the final target already, unless it is not
	 * followed (then the kernel says ELOOP or EEXIST) or magic. */
	rc = res->magic ? stat(res->host, &st) : lstat(res->host, &st);
	if (rc < 0) {
		if (errno == ENOENT && (flags & O_CREAT) && (flags & O_TMPFILE) != O_TMPFILE) {
			rc = parent_error(t, res->host);
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
	/* The kernel checks O_TRUNC before permissions, and write access
	 * after them.  burrow has the guest's real ids, unless a faked
	 * root's (which may write any regular file). */
	if (flags & O_TRUNC)
		return -EROFS;
	if ((flags & O_ACCMODE) == O_RDONLY)
		return 0;
	if (!ids_root_access(t) && access(res->host, W_OK) < 0 && errno == EACCES)
		return -EACCES;
	return -EROFS;
}

int protect_create(struct tracee *t, const struct canon_result *res)
{
	int rc = may_change(t, res, CHANGE_NAME);

	return rc == -EROFS ? create_error(t, res) : rc;
}

/* Whether access(2) passes the faked root: the kernel's do_faccessat
 * keeps the effective set with AT_EACCESS, else gives the real uid 0
 * its permitted set and others none. */
static bool fake_root_access(const struct tracee *t, int flags)
{
	const struct fake_ids *f = t->tracer->fake;
	struct fake_cred c;

	if (!f || f->real_uid == 0)
		return false;	/* a root burrow's own access() answers */
	c = t->cred;
	if (!(flags & AT_EACCESS))
		c.cap_eff = c.ruid == 0 ? c.cap_perm : 0;
	return cred_capable(&c, CAP_DAC_OVERRIDE);
}

/* access(W_OK): as on a read-only mount, EROFS only once the kernel
 * would have granted it, and never for devices, fifos or sockets. */
static int access_error(const struct tracee *t, unsigned i, const struct canon_result *res)
{
	unsigned long flags = 0;
	struct stat st;

	if (sc_desc[t->stop.sc].atflags >= 0)
		flags = arch_arg(&t->stop.regs, sc_desc[t->stop.sc].atflags) & AT_EACCESS;
	if (stat(res->host, &st) < 0)
		return 0;	/* the kernel says why itself */
	/* A faked root passes but for X_OK on a file without any x bit
	 * (the real-uid/effective distinction is not faked); others are
	 * asked with burrow's ids, the guest's real ones. */
	if (fake_root_access(t, (int)flags)) {
		if ((access_mode(t, i) & X_OK) && !S_ISDIR(st.st_mode) && !(st.st_mode & 0111))
			return 0;
	} else if (faccessat(AT_FDCWD, res->host, (int)access_mode(t, i), (int)flags) < 0) {
		return 0;
	}
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISFIFO(st.st_mode) ||
	    S_ISSOCK(st.st_mode))
		return 0;
	return -EROFS;
}

int protect_fd(struct tracee *t, int fd)
{
	char *link, *host;

	if (fd < 0 && fd != AT_FDCWD)
		return 0;	/* EBADF */
	link = fd == AT_FDCWD ? talloc_asprintf(t->stop.scratch, "/proc/%d/cwd", (int)t->pid)
			      : talloc_asprintf(t->stop.scratch, "/proc/%d/fd/%d", (int)t->pid, fd);
	if (!link)
		return -ENOMEM;
	/* Not open (EBADF), or a pipe, a socket...: the kernel decides. */
	if (host_readlink(t->stop.scratch, link, &host) < 0 || host[0] != '/')
		return 0;
	return bindings_may_change(tracee_binds(t), NULL, host, CHANGE_NAME);
}

int protect_path_arg(struct tracee *t, unsigned i, int rc, const struct canon_result *res,
		     const char *path)
{
	const struct sc_path_arg *pa = &sc_desc[t->stop.sc].path[i];
	unsigned char change = handlers[t->stop.sc].change;

	if (rc == 1) {
		int dirfd = pa->dirfd >= 0 ? (int)arch_arg(&t->stop.regs, pa->dirfd) : AT_FDCWD;

		/* A name relative to a removed cwd: nothing is left to
		 * change there.  access() on a descriptor: the kernel's
		 * answer, which may miss the EROFS. */
		if ((path && path[0]) || change == C_ACCESS)
			return 0;
		/* NULL names the dirfd for utimensat and futimesat, and
		 * is EFAULT with AT_FDCWD; "" with AT_EMPTY_PATH names it. */
		if (!path && dirfd == AT_FDCWD)
			return 0;
		return protect_fd(t, dirfd);
	}
	if (change == C_OPEN)
		return protect_open(t, res, syscall_open_flags(t));
	rc = may_change(t, res, change == C_REMOVE ? CHANGE_TREE : CHANGE_NAME);
	if (change == C_ACCESS)
		return rc == -EROFS ? access_error(t, i, res) : 0;
	if (rc != -EROFS)
		return rc;
	switch (change) {
	case C_CREATE_LAST:
		/* link's old name is not changed: protection alone. */
		if (i == 0)
			return 0;
		return create_error(t, res);
	case C_CREATE:
		return create_error(t, res);
	case C_MODIFY:
	case C_TRUNCATE:
		return modify_error(res, change == C_TRUNCATE);
	default:
		/* unlink, rmdir, rename: the kernel wants write access to
		 * the mount before it looks at the last component. */
		rc = parent_error(t, res->host);
		return rc < 0 ? rc : -EROFS;
	}
}
