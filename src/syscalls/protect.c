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
 * nothing.  The order itself is path/readonly.c's, shared with the
 * in-guest runtime.  Every function returns 0 to let the call run, or
 * -errno.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "path/bind.h"
#include "path/canon.h"
#include "path/readonly.h"
#include "syscalls/syscalls.h"
#include "tracee/tracee.h"

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
		return ro_open_changes((long)syscall_open_flags(t));
	case C_ACCESS:
		return (access_mode(t, i) & W_OK) != 0;
	default:
		return true;
	}
}

/* The host as the ptrace engine sees it: burrow's own calls. */
static int host_stat_op(void *opaque, const char *host, bool follow, struct stat *st)
{
	(void)opaque;
	return (follow ? stat(host, st) : lstat(host, st)) < 0 ? -errno : 0;
}

static int host_readlink_op(void *opaque, TALLOC_CTX *mem, const char *host, char **target)
{
	(void)opaque;
	return host_readlink(mem, host, target);
}

/* burrow has the guest's real ids, unless a faked root's (which may
 * write any regular file). */
static int access_write_op(void *opaque, const char *host)
{
	if (ids_root_access(opaque))
		return 0;
	return access(host, W_OK) < 0 ? -errno : 0;
}

static struct ro_ops host_ops(struct tracee *t)
{
	return (struct ro_ops){ .stat = host_stat_op, .readlink = host_readlink_op,
				.access_write = access_write_op, .opaque = t };
}

static int may_change(struct tracee *t, const struct canon_result *res, enum change_kind kind)
{
	struct ro_ops ops = host_ops(t);

	return ro_may_change(&ops, t->stop.scratch, tracee_binds(t), res, kind);
}

static int create_error(struct tracee *t, const struct canon_result *res)
{
	struct ro_ops ops = host_ops(t);

	return ro_create_error(&ops, t->stop.scratch, res);
}

int protect_open(struct tracee *t, const struct canon_result *res, unsigned long flags)
{
	struct ro_ops ops = host_ops(t);
	int rc;

	if (!ro_open_changes((long)flags))
		return 0;
	rc = may_change(t, res, CHANGE_NAME);
	return rc == -EROFS ? ro_open_error(&ops, t->stop.scratch, res, (long)flags) : rc;
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
	return ro_stays_writable(st.st_mode) ? 0 : -EROFS;
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
	case C_TRUNCATE: {
		struct ro_ops ops = host_ops(t);

		return ro_modify_error(&ops, res, change == C_TRUNCATE);
	}
	default: {
		struct ro_ops ops = host_ops(t);

		/* unlink, rmdir, rename: the kernel wants write access to
		 * the mount before it looks at the last component. */
		rc = ro_parent_error(&ops, t->stop.scratch, res->host);
		return rc < 0 ? rc : -EROFS;
	}
	}
}
