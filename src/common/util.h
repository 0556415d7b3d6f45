/* Small helpers for the host side: files, directories, the environment.
 * Functions return 0 or -errno unless they say otherwise. */
#ifndef BURROW_COMMON_UTIL_H
#define BURROW_COMMON_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* All n bytes of buf to fd, across short writes and EINTR. */
int write_all(int fd, const void *buf, size_t n);
/* All of buf at offset off (>= 0).  0 or -errno. */
int pwrite_all(int fd, const void *buf, size_t n, off_t off);

/* A switch in the environment: name is set, not empty and not "0". */
bool env_set(const char *name);

/* mkdir -p: the directories on the way that are missing get 0755, path
 * itself mode; one that exists already is fine. */
int mkdirs(const char *path, mode_t mode);

#endif
