/* The guest path of the cwd where one host directory has two guest
 * paths (bound twice): the kernel's cwd maps back to one of them only,
 * so the runtime keeps the one the run started in (burrow's -w, from the
 * run's blob) or the last chdir named, with the host path the kernel
 * gave for it, as the ptrace engine keeps each tracee's guest cwd.  An
 * exec passes it on in the blob it hands the next loader, with a guest
 * chroot's root (root.c): "guest\0host\0" then "root\0" when there is one
 * (guest and host "" when no cwd is kept). */
#include <asm/unistd.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "arch/rt-arch.h"
#include "loader/script.h"
#include "trap-int.h"
#include "trap.h"

/* guest and host (NUL-terminated, under RT_CWD_MAX) kept; too long:
 * nothing kept.  The host path's first byte last: another thread's
 * lookup meanwhile matches nothing. */
static void keep(struct rt *rt, const char *guest, size_t glen, const char *host, size_t hlen)
{
	rt->cwd_host[0] = '\0';
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	if (glen >= RT_CWD_MAX || hlen >= RT_CWD_MAX || !hlen)
		return;
	memcpy(rt->cwd_guest, guest, glen);
	rt->cwd_guest[glen] = '\0';
	memcpy(rt->cwd_host + 1, host + 1, hlen - 1);
	rt->cwd_host[hlen] = '\0';
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	rt->cwd_host[0] = host[0];
}

void rt_cwd_start(struct rt *rt, const void *run, unsigned long run_size)
{
	const struct rt_run_blob *blob = run;
	const char *s = (const char *)run + blob->cwd_off;
	size_t glen, hlen, left;

	if (!blob->cwd_size || blob->cwd_off > run_size || blob->cwd_size > run_size - blob->cwd_off)
		return;
	/* "guest\0host\0" ["root\0"] */
	glen = strnlen(s, blob->cwd_size);
	if (glen + 1 >= blob->cwd_size)
		return;
	hlen = strnlen(s + glen + 1, blob->cwd_size - glen - 1);
	if (glen + 1 + hlen >= blob->cwd_size)
		return;
	keep(rt, s, glen, s + glen + 1, hlen);
	s += glen + hlen + 2;
	left = blob->cwd_size - glen - hlen - 2;
	glen = strnlen(s, left);
	if (glen < left)
		rt_root_start(rt, s, glen);
}

void rt_cwd_changed(struct rt *rt, TALLOC_CTX *mem, const char *guest)
{
	char *host = talloc_size(mem, RT_PATH_MAX);
	long n;

	rt->cwd_host[0] = '\0';
	if (!host)
		return;
	n = rt_syscall(__NR_getcwd, (long)host, RT_PATH_MAX, 0, 0, 0, 0);
	if (n > 0 && host[0] == '/')
		keep(rt, guest, strlen(guest), host, strlen(host));
}

const char *rt_cwd_guest(const struct rt *rt, const char *host)
{
	return rt->cwd_host[0] && strcmp(rt->cwd_host, host) == 0 ? rt->cwd_guest : NULL;
}

long rt_cwd_to_exec(const struct rt *rt, long fd, uint64_t off)
{
	const struct rt_run_blob *blob = rt->run;
	/* In place of the blob's own when it ends the blob: an exec chain
	 * does not grow it. */
	const uint64_t at = blob->cwd_size && blob->cwd_off + blob->cwd_size == rt->run_size ?
			    blob->cwd_off : (rt->run_size + 15) & ~15UL;
	uint64_t where[2] = { at, 0 };
	size_t hlen = strlen(rt->cwd_host), glen = hlen ? strlen(rt->cwd_guest) : 0;
	const char *root = rt_root(rt);
	size_t rlen = strcmp(root, "/") != 0 ? strlen(root) + 1 : 0;
	long r = 0;

	if (hlen || rlen) {
		where[1] = glen + hlen + 2 + rlen;
		r = rt_write_at(fd, hlen ? rt->cwd_guest : "", glen + 1, off + at);
		if (r == 0)
			r = rt_write_at(fd, rt->cwd_host, hlen + 1, off + at + glen + 1);
		if (r == 0 && rlen)
			r = rt_write_at(fd, root, rlen, off + at + glen + hlen + 2);
	}
	if (r == 0)
		r = rt_write_at(fd, where, sizeof(where), off + offsetof(struct rt_run_blob, cwd_off));
	return r;
}
