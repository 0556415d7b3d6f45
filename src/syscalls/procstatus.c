/* /proc/PID/status under -0/-i: `id`, `ps` and daemons read a guest
 * process's ids there, and must find the faked ones.  An open for
 * reading of /proc/PID/status or /proc/PID/task/TID/status of a traced
 * process becomes an open of a copy, whose Uid:, Gid:, Groups: and
 * CapInh:, CapPrm:, CapEff: lines carry that process's faked ids and
 * capability sets (caps.c; CapBnd and CapAmb stay the kernel's): a
 * memfd of burrow's, written at the open and reached through
 * /proc/BURROW/fd/N (as the loader is), closed by burrow once the
 * tracee holds its own descriptor.  The
 * copy is a regular file: read, pread and lseek work as on the kernel's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common/autoclose.h"
#include "syscalls/syscalls.h"
#include "tracee/tracee.h"

#define STATUS_MAX (64 * 1024)	/* far above any kernel's status file */

/* One line of ids as the kernel writes it: tab-separated. */
static char *ids_line(char *out, const char *name, const uint32_t ids[4])
{
	return talloc_asprintf_append_buffer(out, "%s\t%u\t%u\t%u\t%u\n", name, ids[0], ids[1],
					     ids[2], ids[3]);
}

/* A capability set as the kernel writes it: 16 hex digits. */
static char *cap_line(char *out, const char *name, uint64_t set)
{
	return talloc_asprintf_append_buffer(out, "%s\t%016llx\n", name, (unsigned long long)set);
}

char *status_fake_text(void *mem, const char *text, const struct fake_cred *c)
{
	char *out = talloc_strdup(mem, "");
	const char *line = text;

	while (out && *line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) + 1 : strlen(line);

		if (strncmp(line, "Uid:", 4) == 0) {
			out = ids_line(out, "Uid:",
				       (uint32_t[4]){ c->ruid, c->euid, c->suid, c->fsuid });
		} else if (strncmp(line, "Gid:", 4) == 0) {
			out = ids_line(out, "Gid:",
				       (uint32_t[4]){ c->rgid, c->egid, c->sgid, c->fsgid });
		} else if (strncmp(line, "Groups:", 7) == 0) {
			/* Each group but the first after a space, then a
			 * space the kernel has always added. */
			out = talloc_strdup_append_buffer(out, "Groups:\t");
			for (size_t i = 0; out && i < c->ngroups; i++)
				out = talloc_asprintf_append_buffer(out, "%s%u", i ? " " : "",
								    c->groups[i]);
			if (out)
				out = talloc_strdup_append_buffer(out, " \n");
		} else if (strncmp(line, "CapInh:", 7) == 0) {
			out = cap_line(out, "CapInh:", c->cap_inh);
		} else if (strncmp(line, "CapPrm:", 7) == 0) {
			out = cap_line(out, "CapPrm:", c->cap_perm);
		} else if (strncmp(line, "CapEff:", 7) == 0) {
			out = cap_line(out, "CapEff:", c->cap_eff);
		} else {
			out = talloc_strndup_append_buffer(out, line, len);
		}
		line += len;
	}
	return out;
}

/* The process or thread a host path /proc/PID/status or
 * /proc/PID/task/TID/status names, or 0. */
static pid_t status_pid(const char *host)
{
	const char *p;
	char *end;
	long pid;

	if (strncmp(host, "/proc/", 6) != 0)
		return 0;
	pid = strtol(host + 6, &end, 10);
	if (end == host + 6 || pid <= 0)
		return 0;
	p = end;
	if (strncmp(p, "/task/", 6) == 0) {
		pid = strtol(p + 6, &end, 10);
		if (end == p + 6 || pid <= 0)
			return 0;
		p = end;
	}
	return strcmp(p, "/status") == 0 ? (pid_t)pid : 0;
}

/* The kernel's text for host, on mem: 0 or -errno. */
static int read_all(void *mem, const char *host, char **text)
{
	AUTOCLOSE int fd = open(host, O_RDONLY | O_CLOEXEC);
	size_t len = 0;
	char *buf;

	if (fd < 0)
		return -errno;
	buf = talloc_size(mem, STATUS_MAX + 1);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t n = read(fd, buf + len, STATUS_MAX - len);

		if (n < 0)
			return -errno;
		if (n == 0 || (len += (size_t)n) == STATUS_MAX)
			break;
	}
	buf[len] = '\0';
	*text = buf;
	return 0;
}

struct status_copy {
	int fd;
};

static int status_copy_close(struct status_copy *c)
{
	close(c->fd);
	return 0;
}

/* Point the open at a copy of host with target's faked ids: 0 when
 * done, 1 when the open is better left as it was. */
static int serve_copy(struct tracee *t, const struct tracee *target, unsigned long flags)
{
	const struct sc_desc *d = &sc_desc[t->stop.sc];
	struct canon_result res;
	struct status_copy *copy;
	char *text = NULL;
	size_t len, done = 0;
	int rc = read_all(t->stop.scratch, t->stop.path_res[0].host, &text);

	if (rc < 0)
		return 1;
	text = status_fake_text(t->stop.scratch, text, &target->cred);
	if (!text)
		return -ENOMEM;
	copy = talloc(t->stop.scratch, struct status_copy);
	if (!copy)
		return -ENOMEM;
	/* Linux 3.17. */
	copy->fd = memfd_create("status", MFD_CLOEXEC);
	if (copy->fd < 0)
		return 1;
	talloc_set_destructor(copy, status_copy_close);
	len = strlen(text);
	while (done < len) {
		ssize_t n = write(copy->fd, text + done, len - done);

		if (n <= 0)
			return 1;
		done += (size_t)n;
	}
	memset(&res, 0, sizeof(res));
	res.host = talloc_asprintf(t->stop.scratch, "/proc/%d/fd/%d", (int)getpid(), copy->fd);
	if (!res.host)
		return -ENOMEM;
	rc = write_path_arg(t, 0, &res, "");
	if (rc < 0)
		return rc;
	/* The copy is reached through a magic link. */
	if (flags & O_NOFOLLOW) {
		arch_set_arg(&t->stop.regs, d->oflags, flags & ~(unsigned long)O_NOFOLLOW);
		t->stop.regs_dirty = true;
	}
	syscall_report_partial(t, PARTIAL_STATUS);
	return 0;
}

int sys_open_fake(struct tracee *t)
{
	const struct sc_desc *d = &sc_desc[t->stop.sc];
	unsigned long flags = d->oflags >= 0 ? arch_arg(&t->stop.regs, d->oflags) : 0;
	const struct tracee *target;
	pid_t pid;
	int rc;

	if (t->stop.path_rc[0] != 0 || d->oflags < 0 ||
	    (flags & (O_ACCMODE | O_CREAT | O_PATH | O_TRUNC)) != O_RDONLY)
		return sys_create_fake(t);
	pid = status_pid(t->stop.path_res[0].host);
	target = pid ? tracee_cred_of(t->tracer, pid) : NULL;
	if (!target)
		return sys_create_fake(t);
	rc = serve_copy(t, target, flags);
	return rc == 1 ? sys_create_fake(t) : rc;
}

int sys_open_fake_exit(struct tracee *t)
{
	return sys_create_fake_exit(t);
}
