/* /proc/PID/exe in the in-guest engine (exe.c). */
#ifndef BURROW_RUNTIME_EXE_H
#define BURROW_RUNTIME_EXE_H

#include <errno.h>
#include <talloc.h>

/* The name of the memfd that runs the program at guest path guest, on
 * mem; NULL when the path is too long to be a memfd's name (or no
 * memory): the memfd then gets a name that tells nothing. */
const char *rt_exe_name(TALLOC_CTX *mem, const char *guest);

/* raw, the text of the host link host: when host is /proc/N/exe or
 * /proc/N/task/M/exe and raw names a memfd of rt_exe_name, 1 and the
 * program's guest path in *guest (on mem); 0 when it is not such a
 * link; -ENOMEM. */
int rt_exe_shown(TALLOC_CTX *mem, const char *host, const char *raw, char **guest);

#endif
