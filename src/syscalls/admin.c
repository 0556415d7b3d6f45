/* Paths that only some commands of a call carry: fsconfig's
 * FSCONFIG_SET_PATH(_EMPTY) value, quotactl's Q_QUOTAON quota file and
 * bpf's BPF_OBJ_PIN/BPF_OBJ_GET pathname.  All need privileges; the
 * paths still must not reach the host's tree untranslated.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "path/canon.h"
#include "syscalls/syscalls.h"
#include "tracee/tracee.h"

/* <linux/mount.h>, <linux/quota.h>, <linux/bpf.h> (not all in every
 * libc's headers). */
enum { FSCONFIG_SET_PATH = 3, FSCONFIG_SET_PATH_EMPTY = 4 };
enum { Q_QUOTAON = 0x800002 };
enum { BPF_OBJ_PIN = 6, BPF_OBJ_GET = 7, BPF_F_PATH_FD = 1u << 14 };

int sys_fsconfig_enter(struct tracee *t)
{
	struct canon_result res;
	unsigned long cmd = arch_arg(&t->stop.regs, 1);
	int rc;

	if (cmd != FSCONFIG_SET_PATH && cmd != FSCONFIG_SET_PATH_EMPTY)
		return 0;
	rc = translate_path_arg(t, 0, &res);
	return rc < 0 ? rc : 0;
}

int sys_quotactl_enter(struct tracee *t)
{
	struct canon_result res;
	unsigned long cmd = arch_arg(&t->stop.regs, 0);
	int rc = translate_path_arg(t, 0, &res);

	/* QCMD(cmd, type) is cmd << 8 | type. */
	if (rc >= 0 && (cmd >> 8) == Q_QUOTAON)
		rc = translate_path_arg(t, 1, &res);
	return rc < 0 ? rc : 0;
}

/* The start of union bpf_attr for BPF_OBJ_*: path_fd is Linux 6.5. */
struct bpf_obj_attr {
	uint64_t pathname;
	uint32_t bpf_fd;
	uint32_t file_flags;
	int32_t path_fd;
};

int sys_bpf_enter(struct tracee *t)
{
	unsigned long cmd = arch_arg(&t->stop.regs, 0);
	uint64_t attr_addr = arch_arg(&t->stop.regs, 1), new_addr;
	size_t size = arch_arg(&t->stop.regs, 2);
	struct bpf_obj_attr *attr;
	struct canon_result res;
	char *path;
	int dirfd = AT_FDCWD, rc;

	if ((cmd != BPF_OBJ_PIN && cmd != BPF_OBJ_GET) || attr_addr == 0 ||
	    size < offsetof(struct bpf_obj_attr, file_flags))
		return 0;
	/* The kernel takes up to a page, and wants what it does not know
	 * to be zero: copy the whole of it, then change the pathname. */
	if (size > 4096)
		size = 4096;
	attr = talloc_zero_size(t->stop.scratch, size < sizeof(*attr) ? sizeof(*attr) : size);
	if (!attr)
		return -ENOMEM;
	rc = mem_read(t, attr_addr, attr, size);
	if (rc < 0)
		return rc;
	if (size >= sizeof(*attr) && (attr->file_flags & BPF_F_PATH_FD))
		dirfd = attr->path_fd;
	rc = mem_read_string(t, t->stop.scratch, attr->pathname, PATH_MAX, &path);
	if (rc < 0)
		return rc;
	rc = tracee_lookup(t, dirfd, path, 0, &res);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	if (t->tracer->verbose >= 2)
		fprintf(stderr, "burrow: [%d] bpf(\"%s\") -> \"%s\"\n", (int)t->pid, path, res.host);
	rc = mem_push(t, res.host, strlen(res.host) + 1, &attr->pathname);
	if (rc == 0)
		rc = mem_push(t, attr, size, &new_addr);
	if (rc < 0)
		return rc;
	arch_set_arg(&t->stop.regs, 1, new_addr);
	t->stop.regs_dirty = true;
	return 0;
}
