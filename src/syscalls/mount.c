/* Mount namespaces under -0 (issue 20): what a build daemon asks as
 * root, emulated on the caller's bind table (tracee/ns.c) and never
 * passed to the kernel.  A bind mount is a binding; a read-only remount
 * makes changes there fail with EROFS; proc is a binding of /proc;
 * tmpfs a fresh directory of burrow's, removed at the end; propagation
 * types succeed; pivot_root moves the root of the namespace's processes
 * and shows the old root's bindings below put_old; umount2 removes
 * bindings.  Errors come in the kernel's order (fs/namespace.c): the
 * lookup of the target before CAP_SYS_ADMIN for mount and umount2,
 * after it for pivot_root.  Without -0 the calls are translated and
 * the kernel decides, as before.
 */
#include <errno.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "path/bind.h"
#include "path/canon.h"
#include "syscalls/syscalls.h"
#include "tracee/tracee.h"

/* What clone and unshare accept without a kernel namespace. */
#define NS_FLAGS (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC)

#ifndef MNT_EXPIRE
#define MNT_EXPIRE 4
#endif
#ifndef UMOUNT_NOFOLLOW
#define UMOUNT_NOFOLLOW 8
#endif

/* Without -0: the paths translated, as PRoot does. */
static int translate_paths(struct tracee *t)
{
	struct canon_result res;

	for (unsigned i = 0; i < sc_desc[t->stop.sc].npaths; i++) {
		int rc = translate_path_arg(t, i, &res);

		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Path argument i, looked up: 0 with res, -errno (ENOENT when missing,
 * EFAULT for NULL), and *is_dir. */
static int lookup(struct tracee *t, unsigned i, struct canon_result *res, bool *is_dir)
{
	struct stat st;
	char *path;
	int rc = resolve_path_arg(t, i, 0, res, &path);

	if (rc == 1)
		return path ? -ENOENT : -EFAULT;
	if (rc < 0)
		return rc;
	if (res->virtual_dir) {
		*is_dir = true;
		return 0;
	}
	if (!res->exists || stat(res->host, &st) < 0)
		return -ENOENT;
	*is_dir = S_ISDIR(st.st_mode);
	return 0;
}

static bool capable_admin(struct tracee *t)
{
	return cred_capable(&t->cred, CAP_SYS_ADMIN);
}

/* After a change: checks of read-only bindings turn on for good. */
static void changed(struct tracee *t, struct bindings *b)
{
	if (bindings_restricted(b))
		t->tracer->restricted = true;
}

/* A fresh directory for a tmpfs, in a directory of burrow's for the
 * run (main.c removes it).  *host on scratch. */
static int tmpfs_dir(struct tracee *t, mode_t mode, char **host)
{
	struct tracer *tr = t->tracer;
	char *dir;

	if (!tr->tmpfs_dir) {
		const char *tmp = getenv("TMPDIR");
		char *tmpl = talloc_asprintf(tr, "%s/burrow-tmpfs-XXXXXX",
					     tmp && *tmp ? tmp : "/tmp");

		if (!tmpl)
			return -ENOMEM;
		if (!mkdtemp(tmpl)) {
			int err = errno;

			talloc_free(tmpl);
			return -err;
		}
		tr->tmpfs_dir = tmpl;
	}
	dir = talloc_asprintf(t->stop.scratch, "%s/XXXXXX", tr->tmpfs_dir);
	if (!dir)
		return -ENOMEM;
	if (!mkdtemp(dir) || chmod(dir, mode) < 0)
		return -errno;
	*host = dir;
	return 0;
}

/* tmpfs's mode= option (octal), else its default 1777. */
static mode_t tmpfs_mode(const char *data)
{
	const char *m = data ? strstr(data, "mode=") : NULL;

	if (m && (m == data || m[-1] == ','))
		return (mode_t)strtoul(m + 5, NULL, 8) & 07777;
	return 01777;
}

/* Flags and options burrow does not follow: a binding has none. */
static void ignored_options(struct tracee *t, unsigned long flags, const char *type,
			    const char *data)
{
	bool mode_only = data && type && strcmp(type, "tmpfs") == 0 &&
			 strncmp(data, "mode=", 5) == 0 && !strchr(data, ',');

	if ((flags & (MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_SYNCHRONOUS | MS_DIRSYNC |
		      MS_MANDLOCK)) || (data && *data && !mode_only))
		syscall_report_partial(t, PARTIAL_MOUNT_OPTIONS);
}

/* devpts on target: the host's /dev/pts, whose ptmx (mode 0 for
 * users) is covered by the host's /dev/ptmx, so that opening it gives
 * a pty whose other end is in target, as in a new instance.  Without
 * those on the host: EINVAL, as an old kernel's. */
static int devpts_mount(struct tracee *t, const char *target, bool dir)
{
	struct bindings *b;
	struct stat pts, ptmx;
	char *cover;
	int rc;

	if (stat("/dev/pts", &pts) < 0 || !S_ISDIR(pts.st_mode) ||
	    stat("/dev/ptmx", &ptmx) < 0 || !S_ISCHR(ptmx.st_mode)) {
		syscall_report_partial(t, PARTIAL_MOUNT_REFUSED);
		return -EINVAL;
	}
	if (!dir)
		return -ENOTDIR;
	syscall_report_partial(t, PARTIAL_MOUNT_DEVPTS);
	cover = talloc_asprintf(t->stop.scratch, "%s/ptmx", strcmp(target, "/") ? target : "");
	b = tracee_binds_mut(t);
	if (!cover || !b)
		return -ENOMEM;
	rc = bindings_add(b, "/dev/pts", target);
	if (rc == 0)
		rc = bindings_add(b, "/dev/ptmx", cover);
	changed(t, b);
	return rc;
}

/* A new mount of type fstype on target (dir: a directory). */
static int new_mount(struct tracee *t, const char *type, const char *data, unsigned long flags,
		     const char *target, bool dir)
{
	struct bindings *b;
	char *host = NULL;
	int rc, i;

	if (strcmp(type, "proc") == 0 || strcmp(type, "sysfs") == 0) {
		/* The host's: the processes of every pid "namespace". */
		host = strcmp(type, "proc") == 0 ? "/proc" : "/sys";
		syscall_report_partial(t, PARTIAL_MOUNT_PROC);
	} else if (strcmp(type, "tmpfs") == 0 || strcmp(type, "ramfs") == 0) {
		if (!dir)
			return -ENOTDIR;
		rc = tmpfs_dir(t, tmpfs_mode(data), &host);
		if (rc < 0)
			return rc;
	} else if (strcmp(type, "devpts") == 0) {
		return devpts_mount(t, target, dir);
	} else {
		/* A device burrow cannot mount. */
		syscall_report_partial(t, PARTIAL_MOUNT_REFUSED);
		return -ENODEV;
	}
	/* The filesystem is known before the mount point's type counts. */
	if (!dir)
		return -ENOTDIR;
	b = tracee_binds_mut(t);
	if (!b)
		return -ENOMEM;
	rc = bindings_add(b, host, target);
	i = bindings_find(b, target);
	if (rc == 0 && i > 0)
		rc = bindings_set_flags(b, (size_t)i, (flags & MS_RDONLY) ? BIND_READONLY : 0);
	changed(t, b);
	return rc;
}

static int mount_fake(struct tracee *t)
{
	unsigned long flags = arch_arg(&t->stop.regs, 3);
	uint64_t type_addr = arch_arg(&t->stop.regs, 2), data_addr = arch_arg(&t->stop.regs, 4);
	struct canon_result dst, src;
	char *type = NULL, *data = NULL;
	struct bindings *b;
	bool dir, src_dir;
	int rc, i;

	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~MS_MGC_MSK;
	if (type_addr && !(flags & (MS_REMOUNT | MS_BIND | MS_SHARED | MS_PRIVATE | MS_SLAVE |
				     MS_UNBINDABLE | MS_MOVE)) &&
	    (rc = mem_read_string(t, t->stop.scratch, type_addr, 4096, &type)) < 0)
		return rc;
	if (data_addr && (rc = mem_read_string(t, t->stop.scratch, data_addr, 4096, &data)) < 0)
		data = NULL;
	rc = lookup(t, 1, &dst, &dir);
	if (rc < 0)
		return rc;
	if (!capable_admin(t))
		return -EPERM;
	ignored_options(t, flags, type, (flags & MS_BIND) ? NULL : data);
	i = bindings_find(tracee_binds(t), dst.guest);
	if (flags & MS_REMOUNT) {
		if (i < 0)
			return -EINVAL;
		/* Without MS_BIND the whole filesystem would change. */
		if (!(flags & MS_BIND))
			syscall_report_partial(t, PARTIAL_MOUNT_REMOUNT);
		b = tracee_binds_mut(t);
		if (!b)
			return -ENOMEM;
		rc = bindings_set_flags(b, (size_t)i, (flags & MS_RDONLY) ? BIND_READONLY : 0);
		changed(t, b);
		return rc < 0 ? rc : syscall_emulate(t, 0);
	}
	if (flags & (MS_BIND | MS_MOVE)) {
		rc = lookup(t, 0, &src, &src_dir);
		if (rc < 0)
			return rc == -EFAULT ? -EINVAL : rc;
		if (src_dir != dir)
			return -ENOTDIR;
		if ((flags & MS_MOVE) && bindings_find(tracee_binds(t), src.guest) <= 0)
			return -EINVAL;
		/* The root binding stays the rootfs (bind.h). */
		if (strcmp(dst.guest, "/") == 0) {
			syscall_report_partial(t, PARTIAL_MOUNT_REFUSED);
			return -EINVAL;
		}
		b = tracee_binds_mut(t);
		if (!b)
			return -ENOMEM;
		rc = bindings_bind(b, src.guest, dst.guest, (flags & (MS_REC | MS_MOVE)) != 0);
		if (rc == 0 && (flags & MS_MOVE))
			rc = bindings_remove(b, src.guest, true);
		changed(t, b);
		return rc < 0 ? rc : syscall_emulate(t, 0);
	}
	if (flags & (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE)) {
		unsigned long kind = flags & (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE);

		if (i < 0 || (kind & (kind - 1)))
			return -EINVAL;
		/* Nothing propagates between burrow's tables: private. */
		if (kind & (MS_SHARED | MS_SLAVE))
			syscall_report_partial(t, PARTIAL_MOUNT_PROPAGATION);
		return syscall_emulate(t, 0);
	}
	if (!type)
		return -EINVAL;
	rc = new_mount(t, type, data, flags, dst.guest, dir);
	return rc < 0 ? rc : syscall_emulate(t, 0);
}

int sys_mount_enter(struct tracee *t)
{
	return t->tracer->fake ? mount_fake(t) : translate_paths(t);
}

int sys_umount2_enter(struct tracee *t)
{
	unsigned long flags = arch_arg(&t->stop.regs, 1);
	struct canon_result res;
	struct bindings *b;
	bool dir;
	int rc;

	if (!t->tracer->fake)
		return translate_paths(t);
	if (flags & ~(unsigned long)(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	rc = lookup(t, 0, &res, &dir);
	if (rc < 0)
		return rc;
	if (!capable_admin(t))
		return -EPERM;
	if (bindings_find(tracee_binds(t), res.guest) < 0)
		return -EINVAL;
	b = tracee_binds_mut(t);
	if (!b)
		return -ENOMEM;
	rc = bindings_remove(b, res.guest, (flags & MNT_DETACH) != 0);
	return rc < 0 ? rc : syscall_emulate(t, 0);
}

/* The root (and a cwd at the root) of every process of the namespace
 * that had old as its root becomes new, as pivot_root does. */
static int move_roots(struct tracee *t, const char *old, const char *new)
{
	struct tracer *tr = t->tracer;
	struct bindings *b = tracee_binds(t);

	for (unsigned k = 0; k < TRACEE_BUCKETS; k++) {
		for (struct tracee *o = tr->table[k]; o; o = o->hnext) {
			int rc;

			if (!o->fs || o->ns.mnt != t->ns.mnt || strcmp(o->fs->root, old) != 0)
				continue;
			if (strcmp(o->fs->cwd, old) == 0)
				fs_info_set_cwd(o->fs, b, new, NULL);
			rc = fs_info_set_root(o->fs, b, new);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

int sys_pivot_root_enter(struct tracee *t)
{
	struct canon_result nr, po;
	struct bindings *b;
	char *old;
	bool dir;
	int rc;

	if (!t->tracer->fake)
		return translate_paths(t);
	if (!capable_admin(t))
		return -EPERM;
	rc = lookup(t, 0, &nr, &dir);
	if (rc == 0 && !dir)
		rc = -ENOTDIR;
	if (rc < 0)
		return rc;
	rc = lookup(t, 1, &po, &dir);
	if (rc == 0 && !dir)
		rc = -ENOTDIR;
	if (rc < 0)
		return rc;
	old = talloc_strdup(t->stop.scratch, t->fs->root);
	if (!old)
		return -ENOMEM;
	/* pivot_root(".", ".") stacks the old root on the new one: not
	 * emulated (EBUSY), and said so. */
	if (strcmp(nr.guest, po.guest) == 0)
		syscall_report_partial(t, PARTIAL_MOUNT_REFUSED);
	b = tracee_binds_mut(t);
	if (!b)
		return -ENOMEM;
	rc = bindings_pivot(b, old, nr.guest, po.guest);
	if (rc == 0)
		rc = move_roots(t, old, nr.guest);
	return rc < 0 ? rc : syscall_emulate(t, 0);
}

/* clone and unshare: the namespaces are burrow's, and the kernel sees
 * the call without their flags.  CLONE_NEWPID, CLONE_NEWNET and
 * CLONE_NEWIPC have no effect (--report says so). */
static int ns_allowed(struct tracee *t, unsigned long ns)
{
	if (!capable_admin(t))
		return -EPERM;
	if (ns & (CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC))
		syscall_report_partial(t, PARTIAL_NAMESPACE);
	return 0;
}

int sys_unshare_fake(struct tracee *t)
{
	unsigned long flags = arch_arg(&t->stop.regs, 0), ns = flags & NS_FLAGS;
	int rc;

	if (!ns)
		return 0;
	rc = ns_allowed(t, ns);
	if (rc == 0)
		rc = tracee_ns_unshare(t, ns);
	if (rc < 0)
		return rc;
	arch_set_arg(&t->stop.regs, 0, flags & ~ns);
	t->stop.regs_dirty = true;
	return 0;
}

int sys_clone_fake(struct tracee *t)
{
	uint64_t flags = arch_arg(&t->stop.regs, 0), ns = flags & NS_FLAGS;
	int rc;

	t->ns.clone_flags = 0;
	if (!ns)
		return 0;
	if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS))
		return -EINVAL;
	rc = ns_allowed(t, ns);
	if (rc < 0)
		return rc;
	t->ns.clone_flags = ns;
	arch_set_arg(&t->stop.regs, 0, flags & ~ns);
	t->stop.regs_dirty = true;
	/* Cleared at the exit, in case the clone makes no child. */
	t->stop.exit_wanted = true;
	return 0;
}

/* clone3's flags are the first field of struct clone_args: a copy of
 * it without them goes below the stack. */
int sys_clone3_fake(struct tracee *t)
{
	uint64_t addr = arch_arg(&t->stop.regs, 0), size = arch_arg(&t->stop.regs, 1), flags, ns, copy;
	unsigned char args[256];
	int rc;

	t->ns.clone_flags = 0;
	/* The kernel's own errors for odd sizes and addresses. */
	if (size < sizeof(flags) || size > sizeof(args) || mem_read(t, addr, args, size) < 0)
		return 0;
	memcpy(&flags, args, sizeof(flags));
	ns = flags & NS_FLAGS;
	if (!ns)
		return 0;
	if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS))
		return -EINVAL;
	rc = ns_allowed(t, ns);
	if (rc < 0)
		return rc;
	flags &= ~ns;
	memcpy(args, &flags, sizeof(flags));
	rc = mem_push(t, args, size, &copy);
	if (rc < 0)
		return rc;
	t->ns.clone_flags = ns;
	arch_set_arg(&t->stop.regs, 0, copy);
	t->stop.regs_dirty = true;
	t->stop.exit_wanted = true;
	return 0;
}

int sys_clone_fake_exit(struct tracee *t)
{
	t->ns.clone_flags = 0;
	return 0;
}
