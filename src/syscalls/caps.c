/* Fake root's capabilities and exec (-0, -i): capget and capset answer
 * from the tracee's faked sets, which follow the kernel's rules
 * (capabilities(7)) when the faked ids change by set*id or by an exec
 * of a set-user-ID or set-group-ID file (its faked mode and owner, from
 * the ids journal); file capabilities that setcap kept in the journal
 * count at exec.  The auxiliary vector then carries the faked ids.
 *
 * The sets decide every faked check (cred_capable): set*id (CAP_SETUID,
 * CAP_SETGID), signals (CAP_KILL), lo's flags (CAP_NET_ADMIN), chroot,
 * capset, exec, and the file calls of ids.c (CAP_CHOWN, CAP_FOWNER,
 * CAP_MKNOD, CAP_SETFCAP, CAP_SYS_ADMIN, CAP_DAC_OVERRIDE), which go by
 * the fs ids as the kernel's do.
 */
#include <errno.h>
#include <linux/capability.h>
#include <linux/auxvec.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ids/iddb.h"
#include "syscalls/syscalls.h"
#include "tracee/tracee.h"

/* The capabilities that follow the fs uid (capabilities(7)). */
#define FS_CAPS ((1ull << CAP_CHOWN) | (1ull << CAP_DAC_OVERRIDE) | \
		 (1ull << CAP_DAC_READ_SEARCH) | (1ull << CAP_FOWNER) | \
		 (1ull << CAP_FSETID) | (1ull << CAP_LINUX_IMMUTABLE) | \
		 (1ull << CAP_MAC_OVERRIDE) | (1ull << CAP_MKNOD))

/* The capabilities burrow grants by itself under -0/-i, whatever the
 * host allows: the faked root is root of an imaginary machine, and
 * these are what its set*id, signals, file calls, chroot, capset and
 * setcap, lo's flags, sethostname and trusted.* xattrs are emulated by
 * (CAP_SYS_ADMIN for the last two: a container without it must not
 * refuse what -0 allows). */
#define EMULATED_CAPS ((1ull << CAP_CHOWN) | (1ull << CAP_DAC_OVERRIDE) | \
		       (1ull << CAP_DAC_READ_SEARCH) | (1ull << CAP_FOWNER) | \
		       (1ull << CAP_FSETID) | (1ull << CAP_KILL) | (1ull << CAP_SETGID) | \
		       (1ull << CAP_SETUID) | (1ull << CAP_SETPCAP) | \
		       (1ull << CAP_NET_ADMIN) | (1ull << CAP_SYS_CHROOT) | \
		       (1ull << CAP_MKNOD) | (1ull << CAP_SETFCAP) | (1ull << CAP_SYS_ADMIN))

uint64_t caps_of_fake_root(uint64_t bounding)
{
	return bounding | EMULATED_CAPS;
}

bool cred_capable(const struct fake_cred *c, int cap)
{
	return cap >= 0 && cap < 64 && (c->cap_eff >> cap) & 1;
}

uint32_t fake_shown_uid(const struct fake_ids *f, uint32_t uid)
{
	return uid == f->real_uid ? f->uid : uid;
}

uint32_t fake_shown_gid(const struct fake_ids *f, uint32_t gid)
{
	return gid == f->real_gid ? f->gid : gid;
}

struct tracee *tracee_cred_of(struct tracer *tr, pid_t pid)
{
	struct tracee *t = tracee_find(tr, pid);
	char buf[2048], *p;
	int tgid = 0, ppid = 0;

	if (t && t->fs)
		return t;
	if (proc_read(pid, "status", buf, sizeof(buf)) <= 0)
		return NULL;
	p = strstr(buf, "\nTracerPid:");
	if (!p || strtol(p + 11, NULL, 10) != getpid())
		return NULL;
	if ((p = strstr(buf, "\nTgid:")))
		tgid = atoi(p + 6);
	if ((p = strstr(buf, "\nPPid:")))
		ppid = atoi(p + 6);
	t = tracee_find(tr, tgid && tgid != pid ? tgid : ppid);
	return t && t->fs ? t : NULL;
}

/* The kernel's header check: the number of 32-bit words the version
 * moves, or -EINVAL after writing the version it prefers. */
static int cap_words(struct tracee *t, uint64_t hdr, uint32_t *version)
{
	uint32_t v3 = _LINUX_CAPABILITY_VERSION_3;
	int rc = mem_read(t, hdr, version, sizeof(*version));

	if (rc < 0)
		return rc;
	switch (*version) {
	case _LINUX_CAPABILITY_VERSION_1:
		return 1;
	case _LINUX_CAPABILITY_VERSION_2:
	case _LINUX_CAPABILITY_VERSION_3:
		return 2;
	default:
		rc = mem_write(t, hdr, &v3, sizeof(v3));
		return rc < 0 ? rc : -EINVAL;
	}
}

int sys_capget_fake(struct tracee *t)
{
	uint64_t hdr = arch_arg(&t->stop.regs, 0), data = arch_arg(&t->stop.regs, 1);
	struct __user_cap_data_struct d[2];
	const struct fake_cred *c = &t->cred;
	uint32_t version;
	int32_t pid;
	int words = cap_words(t, hdr, &version), rc;

	/* libcap asks for the version with a NULL data pointer. */
	if (data == 0 && (words == -EINVAL || words > 0))
		return syscall_emulate(t, 0);
	if (words < 0)
		return words;
	rc = mem_read(t, hdr + 4, &pid, sizeof(pid));
	if (rc < 0)
		return rc;
	if (pid < 0)
		return -EINVAL;
	if (pid != 0 && pid != t->pid) {
		const struct tracee *o = tracee_cred_of(t->tracer, pid);

		if (!o)
			return 0;	/* not the guest's: the kernel's answer */
		c = &o->cred;
	}
	for (int i = 0; i < 2; i++) {
		d[i].effective = (uint32_t)(c->cap_eff >> (32 * i));
		d[i].permitted = (uint32_t)(c->cap_perm >> (32 * i));
		d[i].inheritable = (uint32_t)(c->cap_inh >> (32 * i));
	}
	rc = mem_write(t, data, d, (size_t)words * sizeof(d[0]));
	return rc < 0 ? rc : syscall_emulate(t, 0);
}

/* cap_capset: the new sets within what the old ones allow. */
int sys_capset_fake(struct tracee *t)
{
	uint64_t hdr = arch_arg(&t->stop.regs, 0), data = arch_arg(&t->stop.regs, 1);
	struct __user_cap_data_struct d[2] = { { 0, 0, 0 }, { 0, 0, 0 } };
	struct fake_cred *c = &t->cred;
	uint64_t all = t->tracer->fake->cap_all, eff = 0, perm = 0, inh = 0;
	uint32_t version;
	int32_t pid;
	int words = cap_words(t, hdr, &version), rc;

	if (words < 0)
		return words;
	rc = mem_read(t, hdr + 4, &pid, sizeof(pid));
	if (rc < 0)
		return rc;
	if (pid != 0 && pid != t->pid)
		return -EPERM;
	rc = mem_read(t, data, d, (size_t)words * sizeof(d[0]));
	if (rc < 0)
		return rc;
	for (int i = 0; i < words; i++) {
		eff |= (uint64_t)d[i].effective << (32 * i);
		perm |= (uint64_t)d[i].permitted << (32 * i);
		inh |= (uint64_t)d[i].inheritable << (32 * i);
	}
	eff &= all;
	perm &= all;
	inh &= all;
	if (!cred_capable(c, CAP_SETPCAP) && (inh & ~(c->cap_inh | c->cap_perm)))
		return -EPERM;
	if ((inh & ~(c->cap_inh | all)) || (perm & ~c->cap_perm) || (eff & ~perm))
		return -EPERM;
	c->cap_eff = eff;
	c->cap_perm = perm;
	c->cap_inh = inh;
	return syscall_emulate(t, 0);
}

/* What a change of uids does to the sets (capabilities(7), "Effect of
 * user ID changes on capabilities", the kernel's cap_task_fix_setuid:
 * the fs uid's rule for setfsuid alone).  Losing uid 0 from all three
 * ids clears the permitted set unless the thread's PR_SET_KEEPCAPS is
 * on; the effective set goes whenever the euid leaves 0 (setpriv raises
 * it again by capset). */
void caps_after_setuid(struct fake_cred *c, const struct fake_cred *old, bool fs)
{
	if (fs) {
		if (old->fsuid == 0 && c->fsuid != 0)
			c->cap_eff &= ~FS_CAPS;
		if (old->fsuid != 0 && c->fsuid == 0)
			c->cap_eff |= c->cap_perm & FS_CAPS;
		return;
	}
	if ((old->ruid == 0 || old->euid == 0 || old->suid == 0) && c->ruid && c->euid &&
	    c->suid && !c->keepcaps)
		c->cap_perm = c->cap_eff = 0;
	if (old->euid == 0 && c->euid != 0)
		c->cap_eff = 0;
	if (old->euid != 0 && c->euid == 0)
		c->cap_eff = c->cap_perm;
}

bool fcaps_parse(const uint8_t *v, size_t len, struct exec_ids *x)
{
	uint32_t w[5];

	if (len != XATTR_CAPS_SZ_2 && len != XATTR_CAPS_SZ_3)
		return false;
	memcpy(w, v, sizeof(w));	/* little-endian, as on both arches */
	if ((w[0] & VFS_CAP_REVISION_MASK) !=
	    (len == XATTR_CAPS_SZ_2 ? VFS_CAP_REVISION_2 : VFS_CAP_REVISION_3))
		return false;
	if (!x)
		return true;
	x->fcap_eff = w[0] & VFS_CAP_FLAGS_EFFECTIVE;
	x->fcap_perm = w[1] | (uint64_t)w[3] << 32;
	x->fcap_inh = w[2] | (uint64_t)w[4] << 32;
	return true;
}

/* At an exec's entry: the program file host (guest: its journal key,
 * or NULL) as the faked ids see it. */
void caps_exec_enter(struct tracee *t, const char *host, const char *guest)
{
	struct fake_ids *f = t->tracer->fake;
	struct exec_ids *x = &t->cred.next_exec;
	uint8_t v[IDDB_FCAP_MAX];
	struct id_meta m;
	struct stat st;
	size_t len;

	memset(x, 0, sizeof(*x));
	if (!f || stat(host, &st) < 0)
		return;
	x->known = true;
	if (guest && iddb_get(f->db, guest, &m) == 0) {
		x->mode = m.mode & 07777;
		x->uid = m.uid;
		x->gid = m.gid;
		if (iddb_get_fcap(f->db, guest, v, &len) == 0)
			x->fcaps = fcaps_parse(v, len, x);
		return;
	}
	x->mode = st.st_mode & 07777;
	x->uid = fake_shown_uid(f, st.st_uid);
	x->gid = fake_shown_gid(f, st.st_gid);
}

/* At the exec event: the new ids and sets, as the kernel's
 * bprm_fill_uid and cap_bprm_creds_from_file make them (ambient sets
 * are not kept).  Returns AT_SECURE's value. */
bool caps_exec(struct tracee *t)
{
	struct fake_cred *c = &t->cred;
	const struct exec_ids *x = &c->next_exec;
	uint64_t all = t->tracer->fake->cap_all, fperm = 0, finh = 0, perm;
	uint32_t old_ruid = c->ruid, old_rgid = c->rgid;
	bool feff = false;

	if (x->known && (x->mode & S_ISUID))
		c->euid = x->uid;
	if (x->known && (x->mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
		c->egid = x->gid;
	c->suid = c->fsuid = c->euid;
	c->sgid = c->fsgid = c->egid;
	if (c->euid == 0 || c->ruid == 0) {
		fperm = finh = all;
		feff = c->euid == 0;
	} else if (x->known && x->fcaps) {
		fperm = x->fcap_perm;
		finh = x->fcap_inh;
		feff = x->fcap_eff;
	}
	perm = (c->cap_inh & finh) | (fperm & all);
	c->cap_perm = perm;
	c->cap_eff = feff ? perm : 0;
	memset(&c->next_exec, 0, sizeof(c->next_exec));
	return c->euid != old_ruid || c->egid != old_rgid || (c->ruid != 0 && perm != 0);
}

/* chroot needs CAP_SYS_CHROOT: the faked one under -0/-i, else the
 * tracee's own (capget on it: a real root may, a user may not). */
int caps_may_chroot(struct tracee *t)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, t->pid };
	struct __user_cap_data_struct d[2];

	if (t->tracer->fake)
		return cred_capable(&t->cred, CAP_SYS_CHROOT) ? 0 : -EPERM;
	if (syscall(SYS_capget, &h, d) < 0)
		return geteuid() == 0 ? 0 : -EPERM;
	return d[0].effective & (1u << CAP_SYS_CHROOT) ? 0 : -EPERM;
}

/* Under -0/-i, after caps_exec: the auxv's AT_UID, AT_EUID, AT_GID,
 * AT_EGID and AT_SECURE from the faked ids (aux[] holds type, value
 * pairs before AT_NULL).  true when aux changed. */
bool caps_fix_auxv(const struct tracee *t, uint64_t *aux, size_t pairs, bool secure)
{
	const struct fake_cred *c = &t->cred;
	bool changed = false;

	for (size_t i = 0; i < pairs; i++) {
		uint64_t *v = &aux[2 * i + 1], want;

		switch (aux[2 * i]) {
		case AT_UID: want = c->ruid; break;
		case AT_EUID: want = c->euid; break;
		case AT_GID: want = c->rgid; break;
		case AT_EGID: want = c->egid; break;
		/* The kernel's own 1 (burrow run set-id) stays. */
		case AT_SECURE: want = *v || secure; break;
		default: continue;
		}
		changed |= *v != want;
		*v = want;
	}
	return changed;
}
