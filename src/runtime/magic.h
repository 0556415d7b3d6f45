/* The /proc magic links of the in-guest engine other than exe (magic.c). */
#ifndef BURROW_RUNTIME_MAGIC_H
#define BURROW_RUNTIME_MAGIC_H

#include <talloc.h>

#include "path/canon.h"

struct bindings;

/* The part of host after "/proc/N/" or "/proc/N/task/M/", else NULL. */
const char *rt_proc_tail(const char *host);

/* raw, the kernel's text of the host link host: when host is the root,
 * cwd, fd/N or map_files/... link of a process, 1, the text the ptrace
 * engine shows for it in *shown (on mem), under the guest root root,
 * and how a lookup follows it in *kind; 0 when it is no such link;
 * -ENOMEM. */
int rt_magic_shown(TALLOC_CTX *mem, const struct bindings *b, const char *root,
		   const char *host, const char *raw, char **shown, enum fs_link_kind *kind);

#endif
