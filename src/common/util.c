/* Small host-side helpers (util.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/util.h"

/* All of buf at off (off < 0: at the file position), through EINTR and
 * short writes.  0 or -errno. */
static int write_all_at(int fd, const void *buf, size_t n, off_t off)
{
	const char *p = buf;

	while (n > 0) {
		ssize_t w = off < 0 ? write(fd, p, n) : pwrite(fd, p, n, off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += w;
		n -= (size_t)w;
		if (off >= 0)
			off += w;
	}
	return 0;
}

int write_all(int fd, const void *buf, size_t n)
{
	return write_all_at(fd, buf, n, -1);
}

int pwrite_all(int fd, const void *buf, size_t n, off_t off)
{
	return write_all_at(fd, buf, n, off);
}

bool env_set(const char *name)
{
	const char *v = getenv(name);

	return v && *v && strcmp(v, "0") != 0;
}

int mkdirs(const char *path, mode_t mode)
{
	char *p = strdup(path);

	if (!p)
		return -ENOMEM;
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST) {
			int err = -errno;

			free(p);
			return err;
		}
		*s = '/';
	}
	free(p);
	if (mkdir(path, mode) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}
