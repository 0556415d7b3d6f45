/* /proc/PID/exe in the in-guest engine (exe.h).  The kernel's link
 * names the memfd a process was started from (the loader), so that
 * memfd is named after the program's guest path (RT_EXE_PREFIX, in
 * loader/script.h): whoever reads the link of any process of the run
 * recovers it, with no state shared between processes. */
#include <string.h>

#include "exe.h"
#include "loader/script.h"

#define EXE_MEMFD "/memfd:" RT_EXE_PREFIX
#define EXE_DELETED " (deleted)"

const char *rt_exe_name(TALLOC_CTX *mem, const char *guest)
{
	size_t len = strlen(guest);

	if (guest[0] != '/' || sizeof(RT_EXE_PREFIX) - 1 + len > RT_EXE_NAME_MAX)
		return NULL;
	return talloc_asprintf(mem, "%s%s", RT_EXE_PREFIX, guest);
}

/* digits, then a '/': the end of them, else NULL. */
static const char *number(const char *p)
{
	const char *q = p;

	while (*q >= '0' && *q <= '9')
		q++;
	return q != p && *q == '/' ? q + 1 : NULL;
}

/* host is /proc/N/exe or /proc/N/task/M/exe (the lookup has followed
 * /proc/self and /proc/thread-self already). */
static int is_proc_exe(const char *host)
{
	const char *p;

	if (strncmp(host, "/proc/", 6) != 0 || !(p = number(host + 6)))
		return 0;
	if (strncmp(p, "task/", 5) == 0 && !(p = number(p + 5)))
		return 0;
	return strcmp(p, "exe") == 0;
}

int rt_exe_shown(TALLOC_CTX *mem, const char *host, const char *raw, char **guest)
{
	const size_t pre = sizeof(EXE_MEMFD) - 1, post = sizeof(EXE_DELETED) - 1;
	size_t len = strlen(raw);

	if (!is_proc_exe(host) || len <= pre + post || strncmp(raw, EXE_MEMFD, pre) != 0 ||
	    strcmp(raw + len - post, EXE_DELETED) != 0 || raw[pre] != '/')
		return 0;
	*guest = talloc_strndup(mem, raw + pre, len - pre - post);
	return *guest ? 1 : -ENOMEM;
}
