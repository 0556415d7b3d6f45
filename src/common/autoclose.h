/* AUTOCLOSE int fd = -1;  closes fd when it goes out of scope, keeping
 * errno (cleanup handlers run on every return path). */
#ifndef BURROW_COMMON_AUTOCLOSE_H
#define BURROW_COMMON_AUTOCLOSE_H

#include <errno.h>
#include <unistd.h>

static inline void autoclose_fd(int *fd)
{
	int saved = errno;

	if (*fd >= 0)
		close(*fd);
	errno = saved;
}
#define AUTOCLOSE __attribute__((cleanup(autoclose_fd)))

/* Both ends of a pipe: AUTOCLOSE_PIPE int p[2] = { -1, -1 }; */
static inline void autoclose_pipe(int (*p)[2])
{
	autoclose_fd(&(*p)[0]);
	autoclose_fd(&(*p)[1]);
}
#define AUTOCLOSE_PIPE __attribute__((cleanup(autoclose_pipe)))

/* The descriptor *fd, now the caller's to keep: not closed at the end
 * of its scope. */
static inline int autoclose_take(int *fd)
{
	int kept = *fd;

	*fd = -1;
	return kept;
}

#endif
