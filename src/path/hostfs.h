/* The host's filesystem as burrow itself reads it: readlink into talloc
 * memory, and what /proc's magic links are. */
#ifndef BURROW_PATH_HOSTFS_H
#define BURROW_PATH_HOSTFS_H

#include <stdbool.h>
#include <talloc.h>

/* readlink(2) into a buffer that grows to fit (host paths have no
 * useful length limit).  0 or -errno. */
int host_readlink(TALLOC_CTX *mem, const char *host, char **out);
/* Which /proc/PID/... link host names, if any: the part after
 * "/proc/N/" or "/proc/N/task/M/"; NULL for anything else. */
const char *proc_magic_tail(const char *host);
/* A /proc/PID/{cwd,exe,root,fd/N,map_files/...} link. */
bool proc_is_magic_link(const char *host);

struct bindings;
struct fsops;
/* The canonicaliser's operations on the host as burrow itself sees it,
 * before any guest runs (the command line, the glue): plain lstat and
 * readlink, /proc's magic links in guest terms through b as a tracee's
 * would be (its root "/", /proc/self burrow). */
void host_fsops(const struct bindings *b, struct fsops *ops);

#endif
