/* The in-guest runtime's calls beyond the hot set (trap.c): the generic
 * translation of every call whose path roles say it all, driven by the
 * table generated from the handler table (calls.h), and the few with
 * code of their own (getcwd, chdir, chroot, openat2, and the paths of
 * some commands of quotactl, fsconfig and bpf).  As the ptrace engine's
 * syscalls.c and protect.c, on the runtime's raw calls. */
#include <asm/unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>

#include "arch/rt-arch.h"
#include "calls.h"
#include "maps.h"
#include "path/bind.h"
#include "path/lex.h"
#include "path/lookup.h"
#include "path/readonly.h"
#include "trap-int.h"
#include "trap.h"

/* The lookup flags of path i, from its roles and the call's flags
 * (the ptrace engine's lookup_flags). */
static unsigned role_flags(const struct rt_call_desc *d, unsigned i, const long a[6])
{
	unsigned f = d->path[i].nofollow ? CANON_NOFOLLOW : 0;

	if (d->atflags >= 0) {
		if (a[d->atflags] & AT_SYMLINK_NOFOLLOW)
			f |= CANON_NOFOLLOW;
		if (a[d->atflags] & AT_EMPTY_PATH)
			f |= CANON_EMPTY_PATH;
	}
	/* linkat's old path: followed only with AT_SYMLINK_FOLLOW. */
	if (d->linkflags >= 0 && i == 0) {
		if (a[d->linkflags] & AT_SYMLINK_FOLLOW)
			f &= ~(unsigned)CANON_NOFOLLOW;
		if (a[d->linkflags] & AT_EMPTY_PATH)
			f |= CANON_EMPTY_PATH;
	}
	if (d->flagbits >= 0) {
		if ((unsigned long)a[d->flagbits] & d->nofollow_bits)
			f |= CANON_NOFOLLOW;
		if ((unsigned long)a[d->flagbits] & d->empty_bits)
			f |= CANON_EMPTY_PATH;
	}
	if (d->oflags >= 0) {
		long of = a[d->oflags];

		if ((of & O_NOFOLLOW) || (of & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
			f |= CANON_NOFOLLOW;
	}
	return f;
}

/* ---- read-only bindings and protected paths (protect.c's order) ---- */

static int host_stat(const char *host, struct stat *st, int flags)
{
	return (int)rt_syscall(__NR_newfstatat, AT_FDCWD, (long)host, (long)st, flags, 0, 0);
}

/* Path i of a call that changes it, refused in a read-only binding or
 * on a protected path with the error a read-only mount gives first. */
static int protect_arg(struct rt *rt, TALLOC_CTX *mem, const struct rt_call_desc *d, unsigned i,
		       const struct canon_result *res)
{
	struct ro_ops ops;
	int rc = bindings_may_change(rt->binds, res->guest, res->host,
				     d->change == RT_CH_REMOVE ? CHANGE_TREE : CHANGE_NAME);

	if (rc != -EROFS)
		return rc;
	rt_ro_ops(&ops);
	switch (d->change) {
	case RT_CH_CREATE_LAST:
		/* link's old name is not changed: protection alone. */
		if (i == 0)
			return 0;
		return ro_create_error(&ops, mem, res);
	case RT_CH_CREATE:
		return ro_create_error(&ops, mem, res);
	case RT_CH_MODIFY:
	case RT_CH_TRUNCATE:
		return ro_modify_error(&ops, res, d->change == RT_CH_TRUNCATE);
	case RT_CH_OPEN:
		return -EROFS;	/* creat: always writes */
	default:
		/* unlink, rmdir, rename: write access to the mount is
		 * wanted before the last component is looked at. */
		rc = ro_parent_error(&ops, mem, res->host);
		return rc < 0 ? rc : -EROFS;
	}
}

/* Does path i change what it names? */
static int arg_changes(const struct rt_call_desc *d, unsigned i, const long a[6])
{
	switch (d->change) {
	case RT_CH_NONE:
	case RT_CH_FD:
	case RT_CH_ACCESS:	/* after the call, as trap.c's access_call */
		return 0;
	case RT_CH_OPEN:
		return d->oflags < 0 ||
		       (a[d->oflags] & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC)) != 0;
	default:
		(void)i;
		return 1;
	}
}

/* ---- the generic translation ---- */

static int protect_args(struct rt *rt, TALLOC_CTX *mem, const struct rt_call_desc *d, unsigned mask,
			const struct canon_result res[2])
{
	for (unsigned i = 0; i < d->npaths; i++) {
		int rc;

		if ((mask & (1u << i)) && (rc = protect_arg(rt, mem, d, i, &res[i])) < 0)
			return rc;
	}
	return 0;
}

/* Every path argument becomes its host path (its dirfd AT_FDCWD), the
 * changes are checked, and the call is made. */
static long generic_call(struct rt *rt, TALLOC_CTX *mem, long nr, const struct rt_call_desc *d,
			 const long a[6])
{
	struct canon_result res[2];
	unsigned extra = CANON_LAZY_FINAL | ((d->flags & RT_NAMES) ? CANON_KEEP_DOTS : 0);
	int restricted = bindings_restricted(rt->binds);
	unsigned changes = 0;
	long b[6];
	int rc[2] = { 1, 1 };

	memcpy(b, a, sizeof(b));
	for (unsigned i = 0; i < d->npaths; i++) {
		const struct rt_path_role *p = &d->path[i];
		long dirfd = p->dirfd >= 0 ? a[p->dirfd] : AT_FDCWD;

		/* NULL: the kernel decides (EFAULT, or the dirfd itself
		 * for utimensat and futimesat). */
		if (a[p->arg] == 0) {
			if (restricted && arg_changes(d, i, a) && (int)dirfd != AT_FDCWD)
				changes |= 1u << (2 + i);
			continue;
		}
		/* The name shortcut, as the ptrace engine's: not where the
		 * protections or the same-mount check need the paths. */
		bool may = !(d->flags & RT_SAME_MOUNT) && !(restricted && arg_changes(d, i, a));

		rc[i] = rt_resolve(rt, mem, dirfd, a[p->arg],
				   role_flags(d, i, a) | extra | (may ? LOOKUP_KERNEL_MAY : 0), &res[i]);
		if (rc[i] < 0)
			return rc[i];
		b[p->arg] = (long)res[i].host;
		if (rc[i] == 0 && p->dirfd >= 0)
			b[p->dirfd] = AT_FDCWD;
		if (!restricted || !arg_changes(d, i, a))
			continue;
		/* A final "." or "..": the kernel refuses it before EROFS;
		 * a name relative to a removed cwd changes nothing. */
		if (rc[i] == 0 && !res[i].final_dot && res[i].host[0] == '/')
			changes |= 1u << i;
		else if (rc[i] == 1 && p->dirfd >= 0)
			changes |= 1u << (2 + i);	/* "": the dirfd's file */
	}
	/* Changes through a descriptor (AT_EMPTY_PATH, utimensat's NULL). */
	for (unsigned i = 0; i < d->npaths; i++) {
		int err;

		if ((changes & (1u << (2 + i))) &&
		    (err = rt_protect_fd(rt, mem, (int)a[d->path[i].dirfd])) < 0)
			return err;
	}
	changes &= 3;
	/* The kernel's order: link's new name (EROFS) before EXDEV, EXDEV
	 * before rename's names. */
	int err;
	if (d->change != RT_CH_REMOVE && (err = protect_args(rt, mem, d, changes, res)) < 0)
		return err;
	if ((d->flags & RT_SAME_MOUNT) && rc[0] == 0 && rc[1] == 0 &&
	    bindings_lookup(rt->binds, res[0].guest) != bindings_lookup(rt->binds, res[1].guest))
		return -EXDEV;
	if (d->change == RT_CH_REMOVE && (err = protect_args(rt, mem, d, changes, res)) < 0)
		return err;
	return rt_syscall(nr, b[0], b[1], b[2], b[3], b[4], b[5]);
}

/* ---- calls of their own ---- */

/* getcwd(buf, size): the host cwd, mapped back; the kernel's ERANGE. */
static long getcwd_call(struct rt *rt, TALLOC_CTX *mem, long buf, long size)
{
	char *host = talloc_size(mem, RT_PATH_MAX), *guest;
	const char *root;
	long n, rc;
	size_t len;

	if (!host)
		return -ENOMEM;
	n = rt_syscall(__NR_getcwd, (long)host, RT_PATH_MAX, 0, 0, 0, 0);
	if (n < 0)
		return n;
	rc = bindings_to_guest(mem, rt->binds, host, &guest);
	/* Outside every binding, the host path is what the guest sees. */
	if (rc < 0 && rc != -EXDEV)
		return rc;
	if (rt_cwd_guest(rt, host))
		guest = (char *)rt_cwd_guest(rt, host);
	/* Under a guest chroot: without its prefix, and outside it marked
	 * as the kernel's getcwd marks it. */
	root = rt_root(rt);
	if (strcmp(root, "/") != 0 && !path_has_prefix(guest, root) &&
	    !(guest = talloc_asprintf(mem, "(unreachable)%s", guest)))
		return -ENOMEM;
	guest = (char *)path_seen_from(root, guest);
	len = strlen(guest) + 1;
	if ((unsigned long)size < len)
		return -ERANGE;
	rc = rt_copy_out(buf, guest, len);
	return rc < 0 ? rc : (long)len;
}

static long chdir_call(struct rt *rt, TALLOC_CTX *mem, long path)
{
	struct canon_result res;
	int rc = rt_resolve(rt, mem, AT_FDCWD, path, 0, &res);

	if (rc < 0)
		return rc;
	rc = (int)rt_syscall(__NR_chdir, (long)res.host, 0, 0, 0, 0, 0);
	if (rc == 0)
		rt_cwd_changed(rt, mem, res.guest);
	return rc;
}

/* chroot: the lookup's errors, then the caller's right (root.c), as the
 * ptrace engine answers without -0. */
static long chroot_call(struct rt *rt, TALLOC_CTX *mem, long path)
{
	struct canon_result res;
	struct stat st;
	int rc = rt_resolve(rt, mem, AT_FDCWD, path, 0, &res);

	if (rc < 0)
		return rc;
	if ((rc = host_stat(res.host, &st, AT_SYMLINK_NOFOLLOW)) < 0)
		return rc;
	return S_ISDIR(st.st_mode) ? rt_chroot(rt, res.guest) : -ENOTDIR;
}

/* openat2 (Linux 5.6): resolved here with the resolve flags, with
 * open.c's compromises (RESOLVE_IN_ROOT and RESOLVE_BENEATH applied
 * here and cleared, the others kept for the kernel too). */
static long openat2_call(struct rt *rt, TALLOC_CTX *mem, const long a[6])
{
	struct lookup_from from = { .root = rt_root(rt) };
	size_t size = (size_t)a[3];
	struct canon_result res;
	struct open_how *how;
	unsigned flags = 0;
	char *path, *dir = NULL;
	long fd;
	int rc;

	/* Malformed: the kernel refuses it before it reads the path. */
	if (size < sizeof(*how) || a[1] == 0)
		return rt_syscall(__NR_openat2, a[0], a[1], a[2], a[3], 0, 0);
	if (size > 4096)
		return -E2BIG;	/* the kernel's limit is a page */
	if (!(how = talloc_size(mem, size)))
		return -ENOMEM;
	if ((rc = (int)rt_copy_in(how, a[2], size)) < 0 ||
	    (rc = rt_copy_path(mem, a[1], &path)) < 0)
		return rc;
	if ((how->flags & O_NOFOLLOW) || (how->flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		flags |= CANON_NOFOLLOW;
	if (how->resolve & RESOLVE_IN_ROOT)
		flags |= LOOKUP_IN_ROOT;
	if (how->resolve & RESOLVE_BENEATH)
		flags |= LOOKUP_BENEATH;
	if (how->resolve & RESOLVE_NO_SYMLINKS)
		flags |= LOOKUP_NO_SYMLINKS;
	if (how->resolve & RESOLVE_NO_MAGICLINKS)
		flags |= LOOKUP_NO_MAGICLINKS;
	if (path[0] == '\0')
		return -ENOENT;
	if ((path[0] != '/' || (flags & LOOKUP_IN_ROOT)) &&
	    (rc = rt_base_of(rt, mem, (int)a[0], &dir)) < 0)
		return rc;
	from.dir = dir;
	from.dir_removed = dir && rc == 1;
	rc = lookup_resolve(mem, rt->binds, &rt->fs, &from, path, flags, &res);
	if (rc < 0)
		return rc;
	if (rc == 1)	/* stays in a removed cwd: nothing there to change */
		return rt_syscall(__NR_openat2, a[0], a[1], a[2], a[3], 0, 0);
	if ((rc = rt_protect_open(rt, mem, &res, (long)how->flags)) < 0)
		return rc;
	/* The copy of maps is reached through a magic link: its flags only. */
	if ((rc = rt_maps_open(mem, rt->binds, rt_root(rt), res.host, (long)how->flags,
				 &fd)) != 0)
		return rc < 0 ? rc : fd;
	how->resolve &= ~(uint64_t)(RESOLVE_IN_ROOT | RESOLVE_BENEATH);
	return rt_syscall(__NR_openat2, AT_FDCWD, (long)res.host, (long)how, (long)size, 0, 0);
}

/* The calls whose argument is a path for some commands only (admin.c):
 * <linux/mount.h>, <linux/quota.h>, <linux/bpf.h>. */
enum { FSCONFIG_SET_PATH = 3, FSCONFIG_SET_PATH_EMPTY = 4 };
enum { Q_QUOTAON = 0x800002 };
enum { BPF_OBJ_PIN = 6, BPF_OBJ_GET = 7, BPF_F_PATH_FD = 1u << 14 };

/* quotactl: the special file always, the quota file for Q_QUOTAON
 * only (QCMD(cmd, type) is cmd << 8 | type). */
static long quotactl_call(struct rt *rt, TALLOC_CTX *mem, long nr, const struct rt_call_desc *d,
			  const long a[6])
{
	struct rt_call_desc one = *d;

	if ((uint32_t)a[0] >> 8 != Q_QUOTAON)
		one.npaths = 1;
	return generic_call(rt, mem, nr, &one, a);
}

/* fsconfig: its value is a path for FSCONFIG_SET_PATH(_EMPTY) only. */
static long fsconfig_call(struct rt *rt, TALLOC_CTX *mem, long nr, const struct rt_call_desc *d,
			  const long a[6])
{
	if ((int)a[1] != FSCONFIG_SET_PATH && (int)a[1] != FSCONFIG_SET_PATH_EMPTY)
		return rt_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	return generic_call(rt, mem, nr, d, a);
}

/* The start of union bpf_attr for BPF_OBJ_*: path_fd is Linux 6.5. */
struct bpf_obj_attr {
	uint64_t pathname;
	uint32_t bpf_fd;
	uint32_t file_flags;
	int32_t path_fd;
};

/* bpf(BPF_OBJ_PIN or BPF_OBJ_GET): the pathname inside the attr. */
static long bpf_call(struct rt *rt, TALLOC_CTX *mem, long nr, const long a[6])
{
	size_t size = (uint32_t)a[2], have = sizeof(struct bpf_obj_attr);
	struct bpf_obj_attr *attr;
	struct canon_result res;
	long dirfd = AT_FDCWD;
	int rc;

	if (((int)a[0] != BPF_OBJ_PIN && (int)a[0] != BPF_OBJ_GET) || a[1] == 0 ||
	    size < offsetof(struct bpf_obj_attr, file_flags))
		return rt_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	if (size > 4096)
		return -E2BIG;	/* the kernel's limit is a page */
	/* The whole attr (what the kernel does not know must stay zero),
	 * then its pathname changed. */
	if (!(attr = talloc_size(mem, size > have ? size : have)))
		return -ENOMEM;
	memset(attr, 0, size > have ? size : have);
	if ((rc = (int)rt_copy_in(attr, a[1], size)) < 0)
		return rc;
	if (size >= have && (attr->file_flags & BPF_F_PATH_FD))
		dirfd = attr->path_fd;
	rc = rt_resolve(rt, mem, dirfd, (long)attr->pathname, 0, &res);
	if (rc < 0)
		return rc;
	attr->pathname = (uint64_t)(unsigned long)res.host;
	return rt_syscall(nr, a[0], (long)attr, a[2], a[3], a[4], a[5]);
}

long rt_call_table(struct rt *rt, TALLOC_CTX *mem, long nr, const long a[6])
{
	const struct rt_call_desc *d = rt_call_desc_of(nr);

	if (!d)
		return -ENOSYS;
	switch (d->kind) {
	case RT_GENERIC:
		return generic_call(rt, mem, nr, d, a);
	case RT_EPERM:
		return -EPERM;
	case RT_FD: {
		int rc = rt_protect_fd(rt, mem, (int)a[0]);

		return rc < 0 ? rc : rt_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	}
	case RT_OWN:
		if (nr == __NR_getcwd)
			return getcwd_call(rt, mem, a[0], a[1]);
		if (nr == __NR_chdir)
			return chdir_call(rt, mem, a[0]);
		if (nr == __NR_chroot)
			return chroot_call(rt, mem, a[0]);
		if (nr == __NR_openat2)
			return openat2_call(rt, mem, a);
		if (nr == __NR_quotactl)
			return quotactl_call(rt, mem, nr, d, a);
		if (nr == __NR_fsconfig)
			return fsconfig_call(rt, mem, nr, d, a);
		if (nr == __NR_bpf)
			return bpf_call(rt, mem, nr, a);
		if (nr == __NR_execve || nr == __NR_execveat)
			return rt_exec(rt, mem, nr, a);
		if (nr == __NR_getdents64)
			return rt_getdents64(rt, mem, a);
		/* Without -0 (which the ptrace engine serves): translated,
		 * and the kernel decides, as the ptrace engine does. */
		if (nr == __NR_mount || nr == __NR_umount2)
			return generic_call(rt, mem, nr, d, a);
		break;	/* readlink: trap.c's */
	}
	return -ENOSYS;
}

size_t rt_known_calls(long *nr, size_t max)
{
	/* The generated table: the hot set is in it too. */
	for (size_t i = 0; i < rt_ncalls && i < max; i++)
		nr[i] = rt_calls[i].nr;
	return rt_ncalls;
}
