/* The host's filesystem as burrow itself reads it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
