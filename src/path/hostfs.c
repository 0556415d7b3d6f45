/* The host's filesystem as burrow itself reads it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bind.h"
#include "canon.h"
#include "hostfs.h"

/* readlink(2) into a talloc buffer that grows until the target fits:
 * host targets have no length limit we could rely on. */
int host_readlink(TALLOC_CTX *mem, const char *host, char **out)
{
	size_t size = 256;

	for (;;) {
		char *buf = talloc_size(mem, size);
		ssize_t n;

		if (!buf)
			return -ENOMEM;
		n = readlink(host, buf, size);
		if (n < 0) {
			int err = -errno;

			talloc_free(buf);
			return err;
		}
		if ((size_t)n < size) {
			buf[n] = '\0';
			*out = buf;
			return 0;
		}
		talloc_free(buf);
		size *= 2;
	}
}

/* Which /proc/PID/... magic link host names, if any: the part after
 * "/proc/N/" or "/proc/N/task/M/". */
const char *proc_magic_tail(const char *host)
{
	const char *p;
	char *end;

	if (strncmp(host, "/proc/", 6) != 0)
		return NULL;
	p = host + 6;
	strtol(p, &end, 10);
	if (end == p || *end != '/')
		return NULL;
	p = end + 1;
	if (strncmp(p, "task/", 5) == 0) {
		const char *q = p + 5;

		strtol(q, &end, 10);
		if (end == q || *end != '/')
			return NULL;
		p = end + 1;
	}
	return p;
}

bool proc_is_magic_link(const char *host)
{
	const char *tail = proc_magic_tail(host);

	return tail && (strcmp(tail, "cwd") == 0 || strcmp(tail, "exe") == 0 ||
			strcmp(tail, "root") == 0 || strncmp(tail, "fd/", 3) == 0 ||
			strncmp(tail, "map_files/", 10) == 0);
}

static int host_lstat(void *opaque, const char *host, struct stat *st)
{
	(void)opaque;
	return lstat(host, st) < 0 ? -errno : 0;
}

/* A kernel path a magic link holds, in the guest's terms: its binding's
 * guest path, or the host path itself when no binding holds it. */
static int magic_to_guest(TALLOC_CTX *mem, const struct bindings *b, const char *raw,
			  char **target)
{
	int rc = bindings_to_guest(mem, b, raw, target);

	return rc == -EXDEV ? 0 : rc;
}

static int host_readlink_kind(void *opaque, TALLOC_CTX *mem, const char *host,
			      char **target, enum fs_link_kind *kind)
{
	const struct bindings *b = opaque;
	const char *tail;
	char *raw;
	int rc;

	*kind = FS_LINK_PLAIN;
	rc = host_readlink(mem, host, &raw);
	if (rc < 0)
		return rc;
	tail = proc_magic_tail(host);
	*target = raw;
	if (!tail)
		return 0;
	if (strcmp(tail, "root") == 0) {
		*kind = FS_LINK_ROOT;
	} else if (strcmp(tail, "cwd") == 0 || strcmp(tail, "exe") == 0) {
		*kind = FS_LINK_GUEST;
		return magic_to_guest(mem, b, raw, target);
	} else if (strncmp(tail, "fd/", 3) == 0 || strncmp(tail, "map_files/", 10) == 0) {
		*kind = FS_LINK_MAGIC;
		return raw[0] == '/' ? magic_to_guest(mem, b, raw, target) : 0;
	}
	return 0;
}

void host_fsops(const struct bindings *b, struct fsops *ops)
{
	*ops = (struct fsops){ .lstat = host_lstat, .readlink = host_readlink_kind,
			       .opaque = (void *)b };
}
