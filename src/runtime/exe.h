/* /proc/PID/exe in the in-guest engine (exe.c). */
#ifndef BURROW_RUNTIME_EXE_H
#define BURROW_RUNTIME_EXE_H

#include <errno.h>
#include <stdint.h>
#include <talloc.h>

/* The name of the memfd that runs the program at guest path guest, on
 * mem (NULL when out of memory).  *in_file: the path is too long for a
 * name, so the name says it is at offset at in the memfd, and the
 * caller writes it there, with its NUL. */
const char *rt_exe_name(TALLOC_CTX *mem, const char *guest, uint64_t at, int *in_file);

/* raw, the text of the host link host: when host is /proc/N/exe or
 * /proc/N/task/M/exe and raw names a memfd of rt_exe_name, 1 and the
 * program's guest path in *guest (on mem); 0 when it is not such a
 * link, or the path in the memfd cannot be read; -ENOMEM. */
int rt_exe_shown(TALLOC_CTX *mem, const char *host, const char *raw, char **guest);

#endif
