/* Fake root (-0, -i UID:GID): the tracee believes it has the ids it was
 * given, and operations only root may do succeed.  burrow keeps what
 * they would have changed (owners, modes that would lock the real user
 * out, device nodes) in the ids database (src/ids/iddb.h), and shows it
 * through the stat family.  The real files stay the user's, with the
 * user's read and write bits (and search bit for directories) kept on,
 * so that the "root" in the guest can still use everything.
 *
 * Permission rules follow the kernel's, on the faked effective set
 * (cred_capable, caps.c): set*id go by CAP_SETUID and CAP_SETGID, as
 * setpriv's PR_SET_KEEPCAPS and capset need; the file calls by
 * CAP_CHOWN, CAP_FOWNER, CAP_FSETID, CAP_MKNOD, CAP_SETFCAP and
 * CAP_SYS_ADMIN, and by the fs ids for ownership.  A process that
 * dropped to another id (apt's _apt sandbox) is refused as the kernel
 * would refuse it.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "ids/iddb.h"
#include "path/bind.h"
#include "syscalls/syscalls.h"
#include "tracee/tracee.h"

#define NO_ID 0xffffffffu	/* -1: leave this id as it is */
#define FAKE_NGROUPS_MAX 65536	/* NGROUPS_MAX */

static uint32_t arg32(const struct tracee *t, unsigned i)
{
	return (uint32_t)arch_arg(&t->stop.regs, i);
}

static bool capable(const struct tracee *t, int cap)
{
	return cred_capable(&t->cred, cap);
}

static bool in_groups(const struct tracee *t, uint32_t gid)
{
	if (gid == t->cred.fsgid)
		return true;
	for (size_t i = 0; i < t->cred.ngroups; i++)
		if (t->cred.groups[i] == gid)
			return true;
	return false;
}

/* ---- ids ------------------------------------------------------------------ */
static int put_ids(struct tracee *t, const uint32_t ids[3])
{
	for (unsigned i = 0; i < 3; i++) {
		int rc = mem_write(t, arch_arg(&t->stop.regs, i), &ids[i], sizeof(ids[i]));

		if (rc < 0)
			return rc;
	}
	return syscall_emulate(t, 0);
}

int sys_getid_fake(struct tracee *t)
{
	const struct fake_cred *c = &t->cred;

	switch (t->stop.sc) {
	case SC_getuid: return syscall_emulate(t, c->ruid);
	case SC_geteuid: return syscall_emulate(t, c->euid);
	case SC_getgid: return syscall_emulate(t, c->rgid);
	case SC_getegid: return syscall_emulate(t, c->egid);
	case SC_getresuid: return put_ids(t, (uint32_t[3]){ c->ruid, c->euid, c->suid });
	case SC_getresgid: return put_ids(t, (uint32_t[3]){ c->rgid, c->egid, c->sgid });
	case SC_getgroups: {
		int size = (int)arch_arg(&t->stop.regs, 0);
		int rc;

		if (size < 0)
			return -EINVAL;
		if (size == 0)
			return syscall_emulate(t, (int64_t)c->ngroups);
		if ((size_t)size < c->ngroups)
			return -EINVAL;
		rc = mem_write(t, arch_arg(&t->stop.regs, 1), c->groups, c->ngroups * sizeof(uint32_t));
		return rc < 0 ? rc : syscall_emulate(t, (int64_t)c->ngroups);
	}
	default:
		return 0;
	}
}

/* One of the three ids (or -1). */
static bool is_one_of(uint32_t id, uint32_t a, uint32_t b, uint32_t c)
{
	return id == NO_ID || id == a || id == b || id == c;
}

/* setresuid(2) and setresgid(2): ids[0..2] real, effective, saved;
 * cap: CAP_SETUID or CAP_SETGID, which lifts the rules. */
static int set_res(struct tracee *t, uint32_t *ids[4], const uint32_t want[3], int cap)
{
	for (unsigned i = 0; i < 3; i++)
		if (!capable(t, cap) && !is_one_of(want[i], *ids[0], *ids[1], *ids[2]))
			return -EPERM;
	for (unsigned i = 0; i < 3; i++)
		if (want[i] != NO_ID)
			*ids[i] = want[i];
	*ids[3] = *ids[1];	/* the fs id follows the effective one */
	return syscall_emulate(t, 0);
}

/* setreuid(2) and setregid(2). */
static int set_re(struct tracee *t, uint32_t *ids[4], uint32_t r, uint32_t e, int cap)
{
	uint32_t old_r = *ids[0];

	if (!capable(t, cap) && (!is_one_of(r, *ids[0], *ids[1], *ids[1]) ||
				 !is_one_of(e, *ids[0], *ids[1], *ids[2])))
		return -EPERM;
	if (r != NO_ID)
		*ids[0] = r;
	if (e != NO_ID)
		*ids[1] = e;
	if (r != NO_ID || (e != NO_ID && e != old_r))
		*ids[2] = *ids[1];
	*ids[3] = *ids[1];
	return syscall_emulate(t, 0);
}

/* setuid(2) and setgid(2). */
static int set_one(struct tracee *t, uint32_t *ids[4], uint32_t id, int cap)
{
	if (id == NO_ID)
		return -EINVAL;
	if (capable(t, cap)) {
		*ids[0] = *ids[1] = *ids[2] = *ids[3] = id;
		return syscall_emulate(t, 0);
	}
	if (id != *ids[0] && id != *ids[2])
		return -EPERM;
	*ids[1] = *ids[3] = id;
	return syscall_emulate(t, 0);
}

/* setfsuid(2) and setfsgid(2): never fail, return the old id. */
static int set_fs(struct tracee *t, uint32_t *ids[4], uint32_t id, int cap)
{
	uint32_t old = *ids[3];

	if (id != NO_ID &&
	    (capable(t, cap) || is_one_of(id, *ids[0], *ids[1], *ids[2]) || id == old))
		*ids[3] = id;
	return syscall_emulate(t, old);
}

static int set_groups(struct tracee *t)
{
	struct fake_cred *c = &t->cred;
	size_t n = (size_t)arch_arg(&t->stop.regs, 0);
	uint32_t *groups;
	int rc;

	if (!capable(t, CAP_SETGID))
		return -EPERM;
	if ((int)arch_arg(&t->stop.regs, 0) < 0 || n > FAKE_NGROUPS_MAX)
		return -EINVAL;
	groups = talloc_array(t, uint32_t, n ? n : 1);
	if (!groups)
		return -ENOMEM;
	rc = n ? mem_read(t, arch_arg(&t->stop.regs, 1), groups, n * sizeof(uint32_t)) : 0;
	if (rc < 0) {
		talloc_free(groups);
		return rc;
	}
	talloc_free(c->groups);
	c->groups = groups;
	c->ngroups = n;
	return syscall_emulate(t, 0);
}

int sys_setid_fake(struct tracee *t)
{
	struct fake_cred *c = &t->cred;
	uint32_t *uids[4] = { &c->ruid, &c->euid, &c->suid, &c->fsuid };
	uint32_t *gids[4] = { &c->rgid, &c->egid, &c->sgid, &c->fsgid };
	const uint32_t args[3] = { arg32(t, 0), arg32(t, 1), arg32(t, 2) };
	const struct fake_cred old = *c;
	int rc;

	switch (t->stop.sc) {
	case SC_setuid: rc = set_one(t, uids, args[0], CAP_SETUID); break;
	case SC_setreuid: rc = set_re(t, uids, args[0], args[1], CAP_SETUID); break;
	case SC_setresuid: rc = set_res(t, uids, args, CAP_SETUID); break;
	case SC_setfsuid: rc = set_fs(t, uids, args[0], CAP_SETUID); break;
	default: rc = 1; break;
	}
	if (rc == 0)
		caps_after_setuid(c, &old, t->stop.sc == SC_setfsuid);
	if (rc <= 0)
		return rc;
	switch (t->stop.sc) {
	case SC_setgid: return set_one(t, gids, args[0], CAP_SETGID);
	case SC_setregid: return set_re(t, gids, args[0], args[1], CAP_SETGID);
	case SC_setresgid: return set_res(t, gids, args, CAP_SETGID);
	case SC_setfsgid: return set_fs(t, gids, args[0], CAP_SETGID);
	case SC_setgroups: return set_groups(t);
	default: return 0;
	}
}

/* prctl(PR_SET_KEEPCAPS, 0|1): recorded for the thread (caps.c keeps
 * the permitted set by it), and made for real too, so that
 * PR_GET_KEEPCAPS needs no stop.  Exec clears it (loop.c). */
int sys_prctl_fake(struct tracee *t)
{
	if ((int)arch_arg(&t->stop.regs, 0) == PR_SET_KEEPCAPS && arch_arg(&t->stop.regs, 1) <= 1)
		t->cred.keepcaps = arch_arg(&t->stop.regs, 1) == 1;
	return 0;
}

/* ---- the file a call acts on ------------------------------------------------ */
struct target {
	char *guest;		/* key in the database; NULL: not a file of the
				 * guest's tree (a pipe, a socket) */
	char *host;		/* for burrow's own calls */
	bool follow;		/* stat, not lstat */
};

/* The path of role 0 as the generic translation resolved it, or the
 * descriptor: in argument fd_arg for the f* calls, the dirfd for an
 * empty path with AT_EMPTY_PATH.  1 when there is nothing to act on
 * (a NULL path: the kernel's EFAULT). */
static int target_of(struct tracee *t, struct target *tg)
{
	const struct sc_desc *d = &sc_desc[t->stop.sc];
	int fd = (int)arch_arg(&t->stop.regs, 0);
	int rc;

	memset(tg, 0, sizeof(*tg));
	tg->follow = true;
	if (d->npaths > 0 && t->stop.path_rc[0] == 0) {
		const struct canon_result *r = &t->stop.path_res[0];
		unsigned long af = d->atflags >= 0 ? arch_arg(&t->stop.regs, d->atflags) : 0;

		tg->host = r->host;
		tg->guest = r->guest;
		tg->follow = !d->path[0].nofollow && !(af & AT_SYMLINK_NOFOLLOW);
		if (r->magic) {
			char *link;

			/* /proc/self/fd/N: the key is the file behind it. */
			tg->guest = NULL;
			if (host_readlink(t->stop.scratch, r->host, &link) == 0 && link[0] == '/' &&
			    bindings_to_guest(t->stop.scratch, tracee_binds(t), link, &tg->guest) < 0)
				tg->guest = NULL;
		}
		return 0;
	}
	if (d->npaths > 0) {
		if (arch_arg(&t->stop.regs, d->path[0].arg) == 0)
			return 1;
		fd = d->path[0].dirfd >= 0 ? (int)arch_arg(&t->stop.regs, d->path[0].dirfd) : AT_FDCWD;
	}
	if (fd == AT_FDCWD) {
		const char *cwd;

		tg->host = talloc_asprintf(t->stop.scratch, "/proc/%d/cwd", (int)t->pid);
		if (tracee_cwd_refresh(t, &cwd) == 0)
			tg->guest = talloc_strdup(t->stop.scratch, cwd);
		return tg->host ? 0 : -ENOMEM;
	}
	tg->host = talloc_asprintf(t->stop.scratch, "/proc/%d/fd/%d", (int)t->pid, fd);
	if (!tg->host)
		return -ENOMEM;
	rc = tracee_fd_guest_path(t, t->stop.scratch, fd, &tg->guest);
	if (rc == -EBADF)
		return rc;
	if (rc < 0)
		tg->guest = NULL;
	return 0;
}

/* target_of, and what the file really is: 1 when there is no file to
 * act on, -errno when it cannot be reached (the call's own error). */
static int target_find(struct tracee *t, struct target *tg, struct stat *st)
{
	int rc = target_of(t, tg);

	if (rc != 0)
		return rc;
	rc = tg->follow ? stat(tg->host, st) : lstat(tg->host, st);
	return rc < 0 ? -errno : 0;
}

/* What the guest believes about a file it can stat: its entry, or the
 * real file with the user's ids shown as the faked ones. */
static bool current_meta(struct tracer *tr, const char *guest, const struct stat *st,
			 struct id_meta *m)
{
	if (guest && iddb_get(tr->fake->db, guest, m) == 0)
		return true;
	m->mode = st->st_mode & 07777;
	m->uid = fake_shown_uid(tr->fake, st->st_uid);
	m->gid = fake_shown_gid(tr->fake, st->st_gid);
	m->rdev = 0;
	return false;
}

static int record(struct tracer *tr, const char *guest, const struct id_meta *m)
{
	int rc;

	if (!guest)
		return 0;
	rc = iddb_set(tr->fake->db, guest, m);
	return rc == -EINVAL ? -EIO : rc;
}

/* ---- owners, modes, device nodes -------------------------------------------- */
int sys_chown_fake(struct tracee *t)
{
	bool at = t->stop.sc == SC_fchownat;
	uint32_t uid = arg32(t, at ? 2 : 1), gid = arg32(t, at ? 3 : 2);
	struct target tg;
	struct id_meta m;
	struct stat st;
	int rc;

	rc = target_find(t, &tg, &st);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	current_meta(t->tracer, tg.guest, &st, &m);
	/* The kernel's rule, on the faked owner: only the owner, only to a
	 * group of its own.  (burrow's own ids may be root's: not asked.) */
	if (!capable(t, CAP_CHOWN) && (m.uid != t->cred.fsuid || (uid != NO_ID && uid != m.uid) ||
			       (gid != NO_ID && gid != m.gid && !in_groups(t, gid))))
		return -EPERM;
	if (uid != NO_ID)
		m.uid = uid;
	if (gid != NO_ID)
		m.gid = gid;
	/* As for any chown since Linux 2.2.13, root's included. */
	if (!S_ISDIR(st.st_mode) && (uid != NO_ID || gid != NO_ID)) {
		m.mode &= ~(uint32_t)S_ISUID;
		if (m.mode & S_IXGRP)
			m.mode &= ~(uint32_t)S_ISGID;
	}
	rc = record(t->tracer, tg.guest, &m);
	/* A chown drops file capabilities, as the kernel's does. */
	if (rc == 0 && tg.guest && (uid != NO_ID || gid != NO_ID))
		iddb_set_fcap(t->tracer->fake->db, tg.guest, NULL, 0);
	return rc < 0 ? rc : syscall_emulate(t, 0);
}

/* The mode the real file gets: the user must keep using it, and no
 * set-id bit reaches the disk (a set-uid file of the user's would run
 * as the user for whoever else can reach it). */
static mode_t usable_mode(mode_t want, const struct stat *st)
{
	/* Root may run a file with any x bit. */
	return (want & ~(mode_t)(S_ISUID | S_ISGID)) | S_IRUSR | S_IWUSR |
	       (S_ISDIR(st->st_mode) || (want & 0111) ? S_IXUSR : 0);
}

int sys_chmod_fake(struct tracee *t)
{
	unsigned mode_arg = t->stop.sc == SC_chmod || t->stop.sc == SC_fchmod ? 1 : 2;
	mode_t want = (mode_t)arch_arg(&t->stop.regs, mode_arg) & 07777;
	struct target tg;
	struct id_meta m;
	struct stat st;
	bool had, denied;
	int rc;

	rc = target_find(t, &tg, &st);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	/* Linux has no mode for a symlink itself (fchmodat2 says so). */
	if (S_ISLNK(st.st_mode))
		return -EOPNOTSUPP;
	had = current_meta(t->tracer, tg.guest, &st, &m);
	if (m.uid != t->cred.fsuid && !capable(t, CAP_FOWNER))
		return -EPERM;
	/* Silently, as the kernel does. */
	if (!S_ISDIR(st.st_mode) && !in_groups(t, m.gid) && !capable(t, CAP_FSETID))
		want &= ~(mode_t)S_ISGID;
	rc = chmod(tg.host, usable_mode(want, &st));
	denied = rc < 0 && errno == EPERM;	/* not the user's: root may */
	if (rc < 0 && !denied)
		return -errno;
	if (had || denied || usable_mode(want, &st) != want) {
		m.mode = (m.mode & S_IFMT) | want;
		rc = record(t->tracer, tg.guest, &m);
		if (rc < 0)
			return rc;
	}
	return syscall_emulate(t, 0);
}

/* The tracee's umask, which mknod and mkdir apply. */
static mode_t tracee_umask(struct tracee *t)
{
	char path[64], line[128];
	unsigned mask = 022;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)t->pid);
	f = fopen(path, "re");
	if (!f)
		return mask;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Umask: %o", &mask) == 1)
			break;
	fclose(f);
	return mask & 0777;
}

/* The group a new file in guest directory of path gets: the directory's
 * when its (faked) mode has the set-group-ID bit, which new directories
 * then inherit too. */
static bool parent_setgid(struct tracee *t, const char *path, uint32_t *gid)
{
	const char *slash = strrchr(path, '/');
	char *parent;
	struct id_meta m;

	if (!slash || iddb_count(t->tracer->fake->db) == 0)
		return false;
	parent = talloc_strndup(t->stop.scratch, path, slash == path ? 1 : (size_t)(slash - path));
	if (!parent || iddb_get(t->tracer->fake->db, parent, &m) < 0 || !(m.mode & S_ISGID))
		return false;
	*gid = m.gid;
	return true;
}

/* A device node is an empty file that the database calls a device. */
int sys_mknod_fake(struct tracee *t)
{
	unsigned mode_arg = t->stop.sc == SC_mknod ? 1 : 2;
	mode_t mode = (mode_t)arch_arg(&t->stop.regs, mode_arg);
	uint64_t dev = arch_arg(&t->stop.regs, mode_arg + 1);
	struct id_meta m;
	int fd, rc;

	if (t->stop.path_rc[0] != 0)
		return 0;
	if (!S_ISCHR(mode) && !S_ISBLK(mode))
		return sys_create_fake(t);
	if (!capable(t, CAP_MKNOD))
		return -EPERM;
	fd = open(t->stop.path_res[0].host, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	close(fd);
	m.mode = (mode & S_IFMT) | (mode & 07777 & ~tracee_umask(t));
	m.uid = t->cred.fsuid;
	m.gid = t->cred.fsgid;
	parent_setgid(t, t->stop.path_res[0].guest, &m.gid);
	m.rdev = dev;
	rc = record(t->tracer, t->stop.path_res[0].guest, &m);
	if (rc < 0) {
		unlink(t->stop.path_res[0].host);
		return rc;
	}
	return syscall_emulate(t, 0);
}

/* Whether a file created with owner uid:gid needs an entry: an entry-less
 * file shows the user's own ids as the faked ones, so one made by a
 * process that became another user (a build user) must say whose it is. */
static bool owner_is_default(const struct tracee *t, uint32_t uid, uint32_t gid)
{
	const struct fake_ids *f = t->tracer->fake;

	return uid == f->uid && gid == f->gid;
}

/* A file about to be created: what its entry must say, if anything. */
struct creation {
	struct id_meta m;
	bool mode_known;	/* m.mode is the mode asked for (else: the real one) */
};

static int created_later(struct tracee *t, struct creation *c)
{
	t->stop.exit_data = c;
	t->stop.exit_wanted = true;
	return 0;
}

/* New directories without the user's rwx (dpkg makes them mode 0, then
 * chmods) get them for real, with the mode asked for recorded; in a
 * set-group-ID directory, they take its group and bit. */
int sys_mkdir_fake(struct tracee *t)
{
	unsigned mode_arg = t->stop.sc == SC_mkdir ? 1 : 2;
	mode_t mode = (mode_t)arch_arg(&t->stop.regs, mode_arg) & 07777;
	struct creation *c;
	uint32_t gid = t->cred.fsgid;
	bool inherit;

	if (t->stop.path_rc[0] != 0)
		return 0;
	inherit = parent_setgid(t, t->stop.path_res[0].guest, &gid);
	if (!inherit && (mode & 0700) == 0700 && owner_is_default(t, t->cred.fsuid, gid))
		return 0;
	c = talloc_zero(t->stop.scratch, struct creation);
	if (!c)
		return -ENOMEM;
	c->m.mode = mode | (inherit ? S_ISGID : 0);
	c->m.uid = t->cred.fsuid;
	c->m.gid = gid;
	c->mode_known = true;
	if ((mode & 0700) != 0700) {
		arch_set_arg(&t->stop.regs, mode_arg, mode | 0700);
		t->stop.regs_dirty = true;
	}
	return created_later(t, c);
}

/* open(O_CREAT), creat, mknod of a FIFO or socket, symlink: only a
 * set-group-ID directory or a creator that is not the default owner
 * makes them worth an entry. */
int sys_create_fake(struct tracee *t)
{
	const struct sc_desc *d = &sc_desc[t->stop.sc];
	struct creation *c;
	uint32_t gid;
	bool excl;

	if (t->stop.path_rc[0] != 0)
		return 0;
	if (d->oflags >= 0 && !(arch_arg(&t->stop.regs, d->oflags) & O_CREAT))
		return 0;
	/* An exclusive creation succeeds only on a new name, and its lookup
	 * does not look at the final component: exists says nothing. */
	excl = (handlers[t->stop.sc].flags & H_NAMES) ||
	       (d->oflags >= 0 && (arch_arg(&t->stop.regs, d->oflags) & O_EXCL));
	if (t->stop.path_res[0].exists && !excl)
		return 0;
	gid = t->cred.fsgid;
	if (!parent_setgid(t, t->stop.path_res[0].guest, &gid) &&
	    owner_is_default(t, t->cred.fsuid, gid))
		return 0;
	c = talloc_zero(t->stop.scratch, struct creation);
	if (!c)
		return -ENOMEM;
	c->m.uid = t->cred.fsuid;
	c->m.gid = gid;
	return created_later(t, c);
}

int sys_create_fake_exit(struct tracee *t)
{
	struct creation *c = t->stop.exit_data;
	struct stat st;

	if (!c || (int64_t)arch_result(&t->stop.regs) < 0)
		return 0;
	if (c->mode_known) {
		c->m.mode &= ~(uint32_t)tracee_umask(t) | S_ISGID;
	} else {
		if (lstat(t->stop.path_res[0].host, &st) < 0)
			return 0;
		c->m.mode = st.st_mode & 07777;
	}
	return record(t->tracer, t->stop.path_res[0].guest, &c->m);
}

int sys_mkdir_fake_exit(struct tracee *t)
{
	return sys_create_fake_exit(t);
}

int sys_mknod_fake_exit(struct tracee *t)
{
	return sys_create_fake_exit(t);
}

#define FCAP_NAME "security.capability"

/* 1 when the extended attribute the call names (its argument i) is
 * the file capabilities, 0 when not, -errno. */
static int names_fcaps(struct tracee *t, unsigned i)
{
	char *name;
	int rc = mem_read_string(t, t->stop.scratch, arch_arg(&t->stop.regs, i), 256, &name);

	return rc < 0 ? rc : strcmp(name, FCAP_NAME) == 0;
}

/* setcap's value, checked as the kernel's cap_convert_nscap does; a
 * revision 3 whose root is 0 is kept as revision 2, as the kernel shows
 * it.  0, or -EINVAL. */
static int fcaps_value(struct tracee *t, uint64_t addr, size_t size, uint8_t *v, size_t *len)
{
	uint32_t magic;

	if ((size != XATTR_CAPS_SZ_2 && size != XATTR_CAPS_SZ_3) || !addr)
		return -EINVAL;
	if (mem_read(t, addr, v, size) < 0)
		return -EFAULT;
	if (!fcaps_parse(v, size, NULL))
		return -EINVAL;
	*len = size;
	if (size == XATTR_CAPS_SZ_3 && !memcmp(v + XATTR_CAPS_SZ_2, "\0\0\0\0", 4)) {
		memcpy(&magic, v, sizeof(magic));
		magic = (magic & ~VFS_CAP_REVISION_MASK) | VFS_CAP_REVISION_2;
		memcpy(v, &magic, sizeof(magic));
		*len = XATTR_CAPS_SZ_2;
	}
	return 0;
}

/* File capabilities (setcap): kept in the journal with the file. */
static int set_fcaps(struct tracee *t)
{
	bool at = t->stop.sc == SC_setxattrat;
	uint64_t addr = arch_arg(&t->stop.regs, 2);
	size_t size = (size_t)arch_arg(&t->stop.regs, 3), len;
	unsigned flags = (unsigned)arch_arg(&t->stop.regs, 4);
	uint8_t v[XATTR_CAPS_SZ_3], old[IDDB_FCAP_MAX];
	struct fake_ids *f = t->tracer->fake;
	struct target tg;
	struct id_meta m;
	struct stat st;
	bool has;
	int rc;

	if (at) {
		/* struct xattr_args: value, size, flags */
		struct { uint64_t value; uint32_t size, flags; } xa;

		if (mem_read(t, arch_arg(&t->stop.regs, 4), &xa, sizeof(xa)) < 0)
			return -EFAULT;
		addr = xa.value;
		size = xa.size;
		flags = xa.flags;
	}
	rc = target_find(t, &tg, &st);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	if (!tg.guest)
		return 0;
	if (flags & ~(unsigned)(XATTR_CREATE | XATTR_REPLACE))
		return -EINVAL;
	rc = fcaps_value(t, addr, size, v, &len);
	if (rc < 0)
		return rc;
	has = iddb_get_fcap(f->db, tg.guest, old, &size) == 0;
	if (has && (flags & XATTR_CREATE))
		return -EEXIST;
	if (!has && (flags & XATTR_REPLACE))
		return -ENODATA;
	if (!current_meta(t->tracer, tg.guest, &st, &m) && (rc = record(t->tracer, tg.guest, &m)) < 0)
		return rc;
	rc = iddb_set_fcap(f->db, tg.guest, v, len);
	return rc < 0 ? rc : syscall_emulate(t, 0);
}

/* security.capability needs CAP_SETFCAP, the other security.* and
 * trusted.* CAP_SYS_ADMIN: with it they succeed (and are not kept, but
 * for the file capabilities), without it they go to the kernel. */
int sys_setxattr_fake(struct tracee *t)
{
	unsigned name_arg = t->stop.sc == SC_setxattrat ? 3 : 1;
	struct target tg;
	struct stat st;
	char *name;
	bool fcaps;
	int rc;

	rc = mem_read_string(t, t->stop.scratch, arch_arg(&t->stop.regs, name_arg), 256, &name);
	if (rc < 0)
		return 0;	/* the kernel's error */
	if (strncmp(name, "security.", 9) != 0 && strncmp(name, "trusted.", 8) != 0)
		return 0;
	fcaps = strcmp(name, FCAP_NAME) == 0;
	if (!capable(t, fcaps ? CAP_SETFCAP : CAP_SYS_ADMIN))
		return 0;
	if (fcaps)
		return set_fcaps(t);
	rc = target_find(t, &tg, &st);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	return syscall_emulate(t, 0);
}

/* The file capabilities kept for the file the call names, in v (0), or
 * 1 when it has none kept (the kernel answers). */
static int kept_fcaps(struct tracee *t, unsigned name_arg, uint8_t *v, size_t *len)
{
	struct target tg;

	if (iddb_count(t->tracer->fake->db) == 0 ||
	    (name_arg && names_fcaps(t, name_arg) != 1) ||
	    target_of(t, &tg) != 0 || !tg.guest ||
	    iddb_get_fcap(t->tracer->fake->db, tg.guest, v, len) < 0)
		return 1;
	return 0;
}

/* getxattr of the file capabilities setcap kept (getcap). */
int sys_getxattr_fake(struct tracee *t)
{
	bool at = t->stop.sc == SC_getxattrat;
	uint64_t buf = arch_arg(&t->stop.regs, 2);
	size_t size = (size_t)arch_arg(&t->stop.regs, 3), len;
	uint8_t v[IDDB_FCAP_MAX];
	int rc;

	if (at) {
		/* struct xattr_args: value, size, flags; anything else
		 * than its first version is left to the kernel. */
		struct { uint64_t value; uint32_t size, flags; } xa;

		if (arch_arg(&t->stop.regs, 5) != sizeof(xa) ||
		    mem_read(t, arch_arg(&t->stop.regs, 4), &xa, sizeof(xa)) < 0 || xa.flags)
			return 0;
		buf = xa.value;
		size = xa.size;
	}
	if (kept_fcaps(t, at ? 3 : 1, v, &len) != 0)
		return 0;
	if (size == 0)
		return syscall_emulate(t, (int64_t)len);
	if (size < len)
		return -ERANGE;
	rc = mem_write(t, buf, v, len);
	return rc < 0 ? rc : syscall_emulate(t, (int64_t)len);
}

/* The kernel's list of a file's attribute names with the kept file
 * capabilities' name added (getcap -r, getfattr -m -). */
int sys_listxattr_fake(struct tracee *t)
{
	bool at = t->stop.sc == SC_listxattrat;
	uint64_t buf = arch_arg(&t->stop.regs, at ? 3 : 1);
	size_t size = (size_t)arch_arg(&t->stop.regs, at ? 4 : 2), len, have;
	uint8_t v[IDDB_FCAP_MAX];
	struct target tg;
	char *names = NULL;
	ssize_t n;
	int rc;

	if (kept_fcaps(t, 0, v, &len) != 0 || target_of(t, &tg) != 0)
		return 0;
	/* The names may change between the two calls: ask again. */
	do {
		n = tg.follow ? listxattr(tg.host, NULL, 0) : llistxattr(tg.host, NULL, 0);
		if (n < 0)
			return -errno;
		talloc_free(names);
		names = talloc_size(t->stop.scratch, (size_t)n + sizeof(FCAP_NAME));
		if (!names)
			return -ENOMEM;
		n = tg.follow ? listxattr(tg.host, names, (size_t)n)
			      : llistxattr(tg.host, names, (size_t)n);
	} while (n < 0 && errno == ERANGE);
	if (n < 0)
		return -errno;
	have = (size_t)n;
	for (size_t i = 0; i < have; i += strlen(names + i) + 1)
		if (strcmp(names + i, FCAP_NAME) == 0)
			return 0;
	memcpy(names + have, FCAP_NAME, sizeof(FCAP_NAME));
	have += sizeof(FCAP_NAME);
	/* XATTR_LIST_MAX */
	if (have > 65536)
		return -E2BIG;
	if (size == 0)
		return syscall_emulate(t, (int64_t)have);
	if (size < have)
		return -ERANGE;
	rc = mem_write(t, buf, names, have);
	return rc < 0 ? rc : syscall_emulate(t, (int64_t)have);
}

/* removexattr of kept file capabilities (setcap -r). */
int sys_removexattr_fake(struct tracee *t)
{
	uint8_t v[IDDB_FCAP_MAX];
	struct target tg;
	size_t len;
	int rc;

	unsigned name_arg = t->stop.sc == SC_removexattrat ? 3 : 1;

	if (names_fcaps(t, name_arg) != 1 || target_of(t, &tg) != 0)
		return 0;
	if (kept_fcaps(t, 0, v, &len) != 0) {
		/* None kept: a root may remove them, and the file has
		 * none for the kernel to refuse the user to remove. */
		if (!capable(t, CAP_SETFCAP))
			return 0;
		rc = tg.follow ? (int)getxattr(tg.host, FCAP_NAME, NULL, 0)
			       : (int)lgetxattr(tg.host, FCAP_NAME, NULL, 0);
		return rc < 0 && errno == ENODATA ? -ENODATA : 0;
	}
	if (!capable(t, CAP_SETFCAP))
		return -EPERM;
	rc = iddb_set_fcap(t->tracer->fake->db, tg.guest, NULL, 0);
	return rc < 0 ? rc : syscall_emulate(t, 0);
}

/* ---- root's access --------------------------------------------------------- */
/* A file or directory of the user's that lacks the user's own access
 * (made read-only before burrow ran: an archive, chmod -R a-w) gets it
 * for real, with its mode as it was kept in the journal, as chmod
 * under -0 does.  Others' files, and read-only bindings, stay as they
 * are. */
static bool give_user_access(struct tracee *t, const char *host, const char *guest)
{
	struct tracer *tr = t->tracer;
	struct id_meta m;
	struct stat st;
	mode_t want;

	if (!guest || lstat(host, &st) < 0 || st.st_uid != tr->fake->real_uid)
		return false;
	if (S_ISDIR(st.st_mode))
		want = S_IRWXU;
	else if (S_ISREG(st.st_mode))
		want = S_IRUSR | S_IWUSR;
	else
		return false;
	if ((st.st_mode & want) == want ||
	    bindings_may_change(tracee_binds(t), guest, host, CHANGE_NAME) < 0)
		return false;
	if (!current_meta(tr, guest, &st, &m) && record(tr, guest, &m) < 0)
		return false;
	return chmod(host, (st.st_mode & 07777) | want) == 0;
}

bool ids_root_access(const struct tracee *t)
{
	const struct fake_ids *f = t->tracer->fake;

	return f && f->real_uid != 0 && cred_capable(&t->cred, CAP_DAC_OVERRIDE);
}

static char *parent_of(TALLOC_CTX *mem, const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return NULL;
	return talloc_strndup(mem, path, slash == path ? 1 : (size_t)(slash - path));
}

/* What the call needs of the file it names itself: R_OK, W_OK (an
 * existing file's access only matters for opens, truncate and access;
 * stat and the calls -0 fakes need none). */
static int access_needed(struct tracee *t, unsigned i)
{
	const struct sc_desc *d = &sc_desc[t->stop.sc];
	unsigned long flags;

	switch (handlers[t->stop.sc].change) {
	case C_OPEN:
		flags = syscall_open_flags(t);
		if (flags & O_PATH)
			return 0;
		return ((flags & O_ACCMODE) != O_WRONLY ? R_OK : 0) |
		       ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC) ? W_OK : 0);
	case C_TRUNCATE:
		return W_OK;
	case C_ACCESS:
		return (int)arch_arg(&t->stop.regs, d->path[i].arg + 1) & (R_OK | W_OK | X_OK);
	default:
		return 0;
	}
}

void ids_dac_override(struct tracee *t)
{
	const struct sc_desc *d = &sc_desc[t->stop.sc];
	bool names = handlers[t->stop.sc].flags & H_NAMES;

	if (handlers[t->stop.sc].change == C_OPEN && (syscall_open_flags(t) & O_CREAT))
		names = true;
	for (unsigned i = 0; i < d->npaths && i < 2; i++) {
		const struct canon_result *r = &t->stop.path_res[i];
		char *ph, *pg, *back;
		struct stat st;
		int need;

		if (t->stop.path_rc[i] != 0 || r->magic)
			continue;
		/* Creating, removing or renaming a name: its directory, if
		 * the guest's (not the host's above the rootfs or a
		 * binding). */
		if (names && (ph = parent_of(t->stop.scratch, r->host)) &&
		    (pg = parent_of(t->stop.scratch, r->guest)) && strcmp(r->guest, "/") != 0 &&
		    access(ph, W_OK | X_OK) < 0 && errno == EACCES &&
		    bindings_to_guest(t->stop.scratch, tracee_binds(t), ph, &back) == 0 &&
		    strcmp(back, pg) == 0)
			give_user_access(t, ph, pg);
		need = access_needed(t, i);
		/* The common case, the user's access, costs one call. */
		if (!need || !r->exists || r->is_symlink || access(r->host, need) == 0 ||
		    errno != EACCES)
			continue;
		/* Root may run a file only with some x bit, which the
		 * user's x on disk then shows (usable_mode). */
		if (need & X_OK) {
			if (stat(r->host, &st) < 0)
				continue;
			if (!S_ISDIR(st.st_mode)) {
				need &= ~X_OK;
				if (!need || access(r->host, need) == 0 || errno != EACCES)
					continue;
			}
		}
		give_user_access(t, r->host, r->guest);
	}
}

bool ids_search_override(struct tracee *t)
{
	const struct sc_desc *d = &sc_desc[t->stop.sc];
	bool fixed = false;

	for (unsigned i = 0; i < d->npaths && i < 2; i++) {
		int dirfd = d->path[i].dirfd >= 0 ? (int)arch_arg(&t->stop.regs, d->path[i].dirfd)
						  : AT_FDCWD;
		char *path;

		if (mem_read_string(t, t->stop.scratch, arch_arg(&t->stop.regs, d->path[i].arg), 4096,
				    &path) < 0 || !path[0])
			continue;
		/* Each directory on the way, in order: a fixed one lets the
		 * lookup of the next one through. */
		for (char *p = path + 1;; p++) {
			struct canon_result r;
			char save = *p;
			int rc;

			if (save != '/' && save != '\0')
				continue;
			if (p[-1] == '/') {
				if (!save)
					break;
				continue;
			}
			*p = '\0';
			rc = tracee_lookup(t, dirfd, path, 0, &r);
			*p = save;
			if (rc != 0)
				break;
			if (r.exists && !r.magic && give_user_access(t, r.host, r.guest))
				fixed = true;
			if (!save)
				break;
		}
	}
	return fixed;
}

/* ---- what stat shows ------------------------------------------------------- */
int sys_stat_fake(struct tracee *t)
{
	struct target tg;

	t->stop.exit_wanted = true;
	/* The key matters only when some file has an entry. */
	if (iddb_count(t->tracer->fake->db) == 0 || target_of(t, &tg) != 0)
		return 0;
	t->stop.exit_data = tg.guest;
	return 0;
}

static void show(struct tracer *tr, const char *guest, uint32_t *mode, uint32_t *uid,
		 uint32_t *gid, uint64_t *rdev)
{
	struct id_meta m;

	if (guest && iddb_get(tr->fake->db, guest, &m) == 0) {
		*uid = m.uid;
		*gid = m.gid;
		if (m.mode & S_IFMT) {
			*mode = m.mode;
			*rdev = m.rdev;
		} else {
			*mode = (*mode & S_IFMT) | (m.mode & 07777);
		}
		return;
	}
	*uid = fake_shown_uid(tr->fake, *uid);
	*gid = fake_shown_gid(tr->fake, *gid);
}

int sys_stat_fake_exit(struct tracee *t)
{
	bool is_statx = t->stop.sc == SC_statx;
	union {
		struct stat st;
		struct statx sx;
	} b;
	size_t len = is_statx ? sizeof(b.sx) : sizeof(b.st);
	uint64_t addr;
	/* The fields show() may change, as the call returned them. */
	struct {
		uint32_t mode, uid, gid;
		uint64_t rdev;
	} was, now;

	if (arch_result(&t->stop.regs) != 0)
		return 0;
	addr = arch_arg(&t->stop.entry, is_statx ? 4 : t->stop.sc == SC_newfstatat ? 2 : 1);
	if (mem_read(t, addr, &b, len) < 0)
		return 0;
	if (is_statx) {
		was.mode = b.sx.stx_mode;
		was.uid = b.sx.stx_uid;
		was.gid = b.sx.stx_gid;
		was.rdev = makedev(b.sx.stx_rdev_major, b.sx.stx_rdev_minor);
	} else {
		was.mode = b.st.st_mode;
		was.uid = b.st.st_uid;
		was.gid = b.st.st_gid;
		was.rdev = b.st.st_rdev;
	}
	now = was;
	show(t->tracer, t->stop.exit_data, &now.mode, &now.uid, &now.gid, &now.rdev);
	if (now.mode == was.mode && now.uid == was.uid && now.gid == was.gid &&
	    now.rdev == was.rdev)
		return 0;
	if (is_statx) {
		b.sx.stx_mode = (uint16_t)now.mode;
		b.sx.stx_uid = now.uid;
		b.sx.stx_gid = now.gid;
		b.sx.stx_rdev_major = major(now.rdev);
		b.sx.stx_rdev_minor = minor(now.rdev);
	} else {
		b.st.st_mode = now.mode;
		b.st.st_uid = now.uid;
		b.st.st_gid = now.gid;
		b.st.st_rdev = now.rdev;
	}
	mem_write(t, addr, &b, len);
	return 0;
}

/* ---- names that go, move, or multiply -------------------------------------- */
int sys_unlink_fake(struct tracee *t)
{
	struct id_meta m;

	if (t->stop.path_rc[0] != 0 || iddb_get(t->tracer->fake->db, t->stop.path_res[0].guest, &m) < 0)
		return 0;
	t->stop.exit_data = t->stop.path_res[0].guest;
	t->stop.exit_wanted = true;
	return 0;
}

int sys_unlink_fake_exit(struct tracee *t)
{
	/* The name is gone whatever the database says. */
	if (t->stop.exit_data && arch_result(&t->stop.regs) == 0)
		iddb_remove(t->tracer->fake->db, t->stop.exit_data);
	return 0;
}

struct move {
	const char *from, *to;
	bool tree, exchange;
};

int sys_rename_fake(struct tracee *t)
{
	struct move *mv;
	struct stat st;

	if (t->stop.path_rc[0] != 0 || t->stop.path_rc[1] != 0 || iddb_count(t->tracer->fake->db) == 0)
		return 0;
	mv = talloc(t->stop.scratch, struct move);
	if (!mv)
		return -ENOMEM;
	mv->from = t->stop.path_res[0].guest;
	mv->to = t->stop.path_res[1].guest;
	mv->tree = lstat(t->stop.path_res[0].host, &st) == 0 && S_ISDIR(st.st_mode);
	mv->exchange = t->stop.sc == SC_renameat2 && (arch_arg(&t->stop.regs, 4) & RENAME_EXCHANGE);
	t->stop.exit_data = mv;
	t->stop.exit_wanted = true;
	return 0;
}

/* A rename onto the same file (the name itself, or another hard link
 * of it) succeeds and does nothing: both names are still there, one
 * inode.  After any rename that did something they are not. */
static bool renamed_nothing(const struct tracee *t)
{
	struct stat a, b;

	return lstat(t->stop.path_res[0].host, &a) == 0 && lstat(t->stop.path_res[1].host, &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

int sys_rename_fake_exit(struct tracee *t)
{
	const struct move *mv = t->stop.exit_data;
	struct iddb *db = t->tracer->fake->db;
	struct id_meta a, b;
	bool has_a, has_b;

	if (!mv || arch_result(&t->stop.regs) != 0 || renamed_nothing(t))
		return 0;
	if (!mv->exchange) {
		iddb_rename(db, mv->from, mv->to, mv->tree);
		return 0;
	}
	/* Two names swapped: so are their entries (not those below). */
	has_a = iddb_get(db, mv->from, &a) == 0;
	has_b = iddb_get(db, mv->to, &b) == 0;
	if (has_b)
		iddb_set(db, mv->from, &b);
	else if (has_a)
		iddb_remove(db, mv->from);
	if (has_a)
		iddb_set(db, mv->to, &a);
	else if (has_b)
		iddb_remove(db, mv->to);
	return 0;
}

/* A hard link is the same file: the new name gets the entry too. */
int sys_link_fake(struct tracee *t)
{
	struct id_meta m;

	if (t->stop.path_rc[0] != 0 || t->stop.path_rc[1] != 0 ||
	    iddb_get(t->tracer->fake->db, t->stop.path_res[0].guest, &m) < 0)
		return 0;
	t->stop.exit_wanted = true;
	t->stop.exit_data = t;	/* anything but NULL: the paths are in path_res */
	return 0;
}

int sys_link_fake_exit(struct tracee *t)
{
	struct iddb *db = t->tracer->fake->db;
	struct id_meta m;

	if (!t->stop.exit_data || arch_result(&t->stop.regs) != 0 ||
	    iddb_get(db, t->stop.path_res[0].guest, &m) < 0)
		return 0;
	iddb_set(db, t->stop.path_res[1].guest, &m);
	return 0;
}
