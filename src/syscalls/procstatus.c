/* /proc files burrow serves as copies, generated at the open: an open
 * for reading of one of them becomes an open of a memfd of burrow's,
 * written at the open and reached through /proc/BURROW/fd/N (as the
 * loader is), closed by burrow once the tracee holds its own
 * descriptor.  The copy is a regular file: read, pread and lseek work
 * as on the kernel's; it is a snapshot taken at the open.
 * - /proc/PID/status (and task/TID/status) of a traced process under
 *   -0/-i: `id`, `ps` and daemons read a guest process's ids there, and
 *   must find the faked ones.  Its Uid:, Gid:, Groups: and CapInh:,
 *   CapPrm:, CapEff: lines carry that process's faked ids and
 *   capability sets (caps.c; CapBnd and CapAmb stay the kernel's).
 * - /proc/PID/maps, smaps and numa_maps (and task/TID/) of any process,
 *   always: the names of mapped files in guest terms (procmaps.c).
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

/* Far above any kernel's status file, or maps of a real program. */
#define COPY_MAX (1 << 30)

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

enum proc_file { PROC_NONE, PROC_STATUS, PROC_MAPS, PROC_SMAPS, PROC_NUMA_MAPS };

static const char *const proc_files[] = {
	[PROC_STATUS] = "status", [PROC_MAPS] = "maps", [PROC_SMAPS] = "smaps",
	[PROC_NUMA_MAPS] = "numa_maps",
};

bool proc_copy_name(const char *name)
{
	for (size_t i = 1; i < sizeof(proc_files) / sizeof(proc_files[0]); i++)
		if (strcmp(name, proc_files[i]) == 0)
			return true;
	return false;
}

/* Which file a host path /proc/PID/NAME or /proc/PID/task/TID/NAME is,
 * and of which process or thread. */
static enum proc_file proc_file_of(const char *host, pid_t *pid_out)
{
	const char *p;
	char *end;
	long pid;

	if (strncmp(host, "/proc/", 6) != 0)
		return PROC_NONE;
	pid = strtol(host + 6, &end, 10);
	if (end == host + 6 || pid <= 0)
		return PROC_NONE;
	p = end;
	if (strncmp(p, "/task/", 6) == 0) {
		pid = strtol(p + 6, &end, 10);
		if (end == p + 6 || pid <= 0)
			return PROC_NONE;
		p = end;
	}
	if (*p++ != '/')
		return PROC_NONE;
	*pid_out = (pid_t)pid;
	for (size_t i = 1; i < sizeof(proc_files) / sizeof(proc_files[0]); i++)
		if (strcmp(p, proc_files[i]) == 0)
			return (enum proc_file)i;
	return PROC_NONE;
}

/* The kernel's text for host, on mem: 0 or -errno. */
static int read_all(void *mem, const char *host, char **text)
{
	AUTOCLOSE int fd = open(host, O_RDONLY | O_CLOEXEC);
	size_t len = 0, size = 64 * 1024;
	char *buf;

	if (fd < 0)
		return -errno;
	buf = talloc_size(mem, size + 1);
	for (;;) {
		ssize_t n;

		if (!buf)
			return -ENOMEM;
		n = read(fd, buf + len, size - len);
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		len += (size_t)n;
		if (len == size) {
			if (size >= COPY_MAX)
				return -EFBIG;
			size *= 2;
			buf = talloc_realloc_size(mem, buf, size + 1);
		}
	}
	buf[len] = '\0';
	*text = buf;
	return 0;
}

struct proc_copy {
	int fd;
};

static int proc_copy_close(struct proc_copy *c)
{
	close(c->fd);
	return 0;
}

/* A memfd of burrow's holding text, as a host path the tracee can open
 * (on the stop's scratch): 0, 1 when none could be made, or -errno. */
static int make_copy(struct tracee *t, const char *name, const char *text, char **host)
{
	struct proc_copy *copy;
	size_t len, done = 0;

	copy = talloc(t->stop.scratch, struct proc_copy);
	if (!copy)
		return -ENOMEM;
	/* Linux 3.17. */
	copy->fd = memfd_create(name, MFD_CLOEXEC);
	if (copy->fd < 0)
		return 1;
	talloc_set_destructor(copy, proc_copy_close);
	len = strlen(text);
	while (done < len) {
		ssize_t n = write(copy->fd, text + done, len - done);

		if (n <= 0)
			return 1;
		done += (size_t)n;
	}
	*host = talloc_asprintf(t->stop.scratch, "/proc/%d/fd/%d", (int)getpid(), copy->fd);
	return *host ? 0 : -ENOMEM;
}

/* The copy's text for file of pid: 0 with *out, 1 when there is none
 * (the kernel's open is left to answer), or -errno. */
static int copy_text(struct tracee *t, const char *host, enum proc_file file, pid_t pid,
		     char **out)
{
	void *mem = t->stop.scratch;
	const struct tracee *target;
	struct maps_namer namer;
	char *text, *maps = NULL;
	int rc;

	if (file == PROC_STATUS) {
		target = t->tracer->fake ? tracee_cred_of(t->tracer, pid) : NULL;
		if (!target || read_all(mem, host, &text) < 0)
			return 1;
		*out = status_fake_text(mem, text, &target->cred);
		return *out ? 0 : -ENOMEM;
	}
	if (read_all(mem, host, &text) < 0)
		return 1;
	if (file == PROC_NUMA_MAPS) {
		char *maps_host = talloc_strdup(mem, host);

		if (!maps_host)
			return -ENOMEM;
		/* ".../numa_maps" -> ".../maps" */
		memmove(maps_host + strlen(maps_host) - 9, "maps", 5);
		rc = read_all(mem, maps_host, &maps);
		if (rc < 0)
			maps = NULL;
	}
	maps_namer_of(t, &namer);
	*out = maps_guest_text(mem, text, maps, file == PROC_NUMA_MAPS, &namer);
	return *out ? 0 : -ENOMEM;
}

int proc_copy_of(struct tracee *t, const char *host, unsigned long flags, char **copy)
{
	enum proc_file file;
	pid_t pid = 0;
	char *text;
	int rc;

	*copy = NULL;
	if ((flags & (O_ACCMODE | O_CREAT | O_PATH | O_TRUNC)) != O_RDONLY)
		return 0;
	file = proc_file_of(host, &pid);
	if (file == PROC_NONE)
		return 0;
	rc = copy_text(t, host, file, pid, &text);
	if (rc == 0)
		rc = make_copy(t, proc_files[file], text, copy);
	if (rc == 0 && file == PROC_STATUS)
		syscall_report_partial(t, PARTIAL_STATUS);
	return rc < 0 ? rc : 0;
}

int proc_copy_enter(struct tracee *t)
{
	const struct sc_desc *d = &sc_desc[t->stop.sc];
	unsigned long flags;
	struct canon_result res;
	char *copy;
	int rc;

	/* Only a translated path (no shortcut). */
	if (t->stop.path_rc[0] != 0 || d->oflags < 0)
		return 0;
	flags = arch_arg(&t->stop.regs, d->oflags);
	rc = proc_copy_of(t, t->stop.path_res[0].host, flags, &copy);
	if (rc < 0 || !copy)
		return rc;
	memset(&res, 0, sizeof(res));
	res.host = copy;
	rc = write_path_arg(t, 0, &res, "");
	if (rc < 0)
		return rc;
	/* The copy is reached through a magic link. */
	if (flags & O_NOFOLLOW) {
		arch_set_arg(&t->stop.regs, d->oflags, flags & ~(unsigned long)O_NOFOLLOW);
		t->stop.regs_dirty = true;
	}
	return 0;
}
