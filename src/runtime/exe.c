/* /proc/PID/exe in the in-guest engine (exe.h).  The kernel's link
 * names the memfd a process was started from (the loader), so that
 * memfd is named after the program's guest path (RT_EXE_PREFIX, in
 * loader/script.h), or says where in it the path is: whoever reads the
 * link of any process of the run recovers it, with no state shared
 * between processes. */
#include <asm/unistd.h>
#include <fcntl.h>
#include <string.h>

#include "arch/rt-arch.h"
#include "exe.h"
#include "loader/script.h"
#include "magic.h"
#include "trap-int.h"

#define EXE_MEMFD "/memfd:" RT_EXE_PREFIX
#define EXE_AT "/memfd:" RT_EXE_AT
#define EXE_DELETED " (deleted)"

const char *rt_exe_name(TALLOC_CTX *mem, const char *guest, uint64_t at, int *in_file)
{
	char hex[17], *h = hex + sizeof(hex) - 1;

	*in_file = sizeof(RT_EXE_PREFIX) - 1 + strlen(guest) > RT_EXE_NAME_MAX;
	if (!*in_file)
		return talloc_asprintf(mem, "%s%s", RT_EXE_PREFIX, guest);
	*h = '\0';
	do
		*--h = "0123456789abcdef"[at & 15];
	while ((at >>= 4) != 0);
	return talloc_asprintf(mem, "%s%s", RT_EXE_AT, h);
}

/* host is /proc/N/exe or /proc/N/task/M/exe (the lookup has followed
 * /proc/self and /proc/thread-self already). */
static int is_proc_exe(const char *host)
{
	const char *tail = rt_proc_tail(host);

	return tail && strcmp(tail, "exe") == 0;
}

/* The path written at the offset in hex (len bytes) into the memfd
 * behind host: 1 and it in *guest, 0 when it cannot be read. */
static int path_in_file(TALLOC_CTX *mem, const char *host, const char *hex, size_t len,
			char **guest)
{
	uint64_t at = 0;
	char *buf;
	long fd, n;

	if (!len || len > 16)
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = hex[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return 0;
		at = at << 4 | (uint64_t)(c <= '9' ? c - '0' : c - 'a' + 10);
	}
	if (!(buf = talloc_size(mem, RT_PATH_MAX)))
		return -ENOMEM;
	fd = rt_syscall(__NR_openat, AT_FDCWD, (long)host, O_RDONLY | O_CLOEXEC, 0, 0, 0);
	if (fd < 0)
		return 0;
	n = rt_syscall(__NR_pread64, fd, (long)buf, RT_PATH_MAX, (long)at, 0, 0);
	rt_syscall(__NR_close, fd, 0, 0, 0, 0, 0);
	if (n <= 0 || buf[0] != '/' || strnlen(buf, (size_t)n) == (size_t)n)
		return 0;
	*guest = buf;
	return 1;
}

int rt_exe_shown(TALLOC_CTX *mem, const char *host, const char *raw, char **guest)
{
	const size_t pre = sizeof(EXE_MEMFD) - 1, post = sizeof(EXE_DELETED) - 1;
	size_t len = strlen(raw);

	if (!is_proc_exe(host) || len <= pre + post || strncmp(raw, EXE_MEMFD, pre) != 0 ||
	    strcmp(raw + len - post, EXE_DELETED) != 0)
		return 0;
	if (strncmp(raw, EXE_AT, sizeof(EXE_AT) - 1) == 0)
		return path_in_file(mem, host, raw + sizeof(EXE_AT) - 1,
				    len - post - (sizeof(EXE_AT) - 1), guest);
	if (raw[pre] != '/')
		return 0;
	*guest = talloc_strndup(mem, raw + pre, len - pre - post);
	return *guest ? 1 : -ENOMEM;
}
