/* A guest chroot in the in-guest engine (trap-int.h), as the ptrace
 * engine's (syscalls/cwd.c): chroot changes no kernel state, only the
 * guest path every lookup of the process starts "/" and stops ".." at.
 * It lives in the runtime's memory, so a fork child inherits it with
 * the copy, and an exec passes it on in the run's blob (cwd.c).  A
 * vfork child shares its parent's memory: its chroot is kept apart, by
 * its pid, and the parent, which has another pid, does not see it. */
#include <asm/unistd.h>
#include <errno.h>
#include <linux/capability.h>
#include <linux/kcmp.h>
#include <stdint.h>
#include <string.h>

#include "arch/rt-arch.h"
#include "trap-int.h"
#include "trap.h"

static long sys0(long nr)
{
	return rt_syscall(nr, 0, 0, 0, 0, 0, 0);
}

const char *rt_root(const struct rt *rt)
{
	int pid = __atomic_load_n(&rt->vfork_pid, __ATOMIC_ACQUIRE);
	const char *r;

	if (pid && pid == (int)sys0(__NR_getpid))
		return rt->vfork_root;
	r = rt->root[__atomic_load_n(&rt->root_cur, __ATOMIC_ACQUIRE) & 1];
	return r[0] ? r : "/";
}

/* The kernel's test, which the ptrace engine's caps_may_chroot asks
 * without -0: CAP_SYS_CHROOT in the caller's effective set. */
static int may_chroot(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	long r = rt_syscall(__NR_capget, (long)&h, (long)d, 0, 0, 0, 0);

	if (r < 0)
		return sys0(__NR_geteuid) == 0 ? 0 : -EPERM;
	return d[0].effective & (1u << CAP_SYS_CHROOT) ? 0 : -EPERM;
}

static void set_root(struct rt *rt, const char *guest, size_t n)
{
	int next = !(__atomic_load_n(&rt->root_cur, __ATOMIC_RELAXED) & 1);

	memcpy(rt->root[next], guest, n);
	rt->root[next][n] = '\0';
	__atomic_store_n(&rt->root_cur, next, __ATOMIC_RELEASE);
}

long rt_chroot(struct rt *rt, const char *guest)
{
	size_t n = strlen(guest);
	long pid, rc = may_chroot();

	if (rc < 0)
		return rc;
	while (n > 1 && guest[n - 1] == '/')
		n--;
	if (n >= RT_CWD_MAX)
		return -ENAMETOOLONG;
	pid = sys0(__NR_getpid);
	/* The parent's memory (a vfork or posix_spawn child): its own slot. */
	if (rt_syscall(__NR_kcmp, pid, sys0(__NR_getppid), KCMP_VM, 0, 0, 0) == 0) {
		__atomic_store_n(&rt->vfork_pid, 0, __ATOMIC_RELEASE);
		memcpy(rt->vfork_root, guest, n);
		rt->vfork_root[n] = '\0';
		__atomic_store_n(&rt->vfork_pid, (int)pid, __ATOMIC_RELEASE);
		return 0;
	}
	set_root(rt, guest, n);
	return 0;
}

void rt_root_start(struct rt *rt, const char *guest, size_t n)
{
	if (n && n < RT_CWD_MAX && guest[0] == '/')
		set_root(rt, guest, n);
}
