/* Rewritten call sites (HACKING.md "Rewritten sites"): after a trapped
 * call of the hot set, a site of the arch's known shape (x86_64: `mov
 * $nr,%eax; syscall`) becomes a jump to a stub of its own, in a page
 * mapped within the jump's reach, that calls rt_site_entry: the same
 * rt_call as the SIGSYS handler, without the signal.  Only while the
 * process is the one user of its memory (one thread, and not a vfork
 * child on its parent's), with every other signal blocked, so no other
 * thread can run the bytes half written; through /proc/self/mem, so the
 * text stays read-only.  Whatever fails leaves the site trapping. */
#include <asm/unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/kcmp.h>
#include <linux/mman.h>
#include <linux/prctl.h>
#include <sys/stat.h>

#include "arch/rt-arch.h"
#include "trap-int.h"
#include "trap.h"

/* The calls a stub may make: the hot path calls, whose result depends
 * on nothing but the arguments and the process's files.  Never the
 * signal calls (answered on a SIGSYS's ucontext), exec, fork or clone. */
static bool site_call(long nr)
{
	switch (nr) {
	case __NR_newfstatat:
	case __NR_statx:
	case __NR_openat:
	case __NR_faccessat:
	case __NR_faccessat2:
	case __NR_readlinkat:
	case __NR_getxattr:
	case __NR_lgetxattr:
#ifdef __NR_stat
	case __NR_stat:
	case __NR_lstat:
#endif
#ifdef __NR_open
	case __NR_open:
#endif
#ifdef __NR_access
	case __NR_access:
#endif
#ifdef __NR_readlink
	case __NR_readlink:
#endif
		return true;
	}
	return false;
}

/* 1 when this process alone runs its memory: one thread (/proc's task
 * directory has 2 + threads links), not sharing it with its parent (a
 * vfork or CLONE_VM child); 0 when not now; -errno when it cannot be
 * told, for good. */
static int alone(void)
{
	struct stat st;
	long pid, ppid, r;

	r = rt_syscall(__NR_newfstatat, AT_FDCWD, (long)"/proc/self/task", (long)&st, 0, 0, 0);
	if (r < 0)
		return (int)r;
	if (st.st_nlink != 3)
		return -EBUSY;		/* threads seldom all end: stop trying */
	pid = rt_syscall(__NR_getpid, 0, 0, 0, 0, 0, 0);
	ppid = rt_syscall(__NR_getppid, 0, 0, 0, 0, 0, 0);
	if (ppid <= 0)
		return 1;		/* no parent in our pid namespace shares it */
	r = rt_syscall(__NR_kcmp, pid, ppid, KCMP_VM, 0, 0, 0);
	if (r < 0)
		return (int)r;
	return r != 0;
}

/* 1 when [lo, hi) lies in one private executable mapping that is not a
 * special one ([vdso], [vsyscall]): /proc/self/maps, read a byte at a
 * time through a small buffer (lines may be longer than it). */
static int private_text(unsigned long lo, unsigned long hi)
{
	char buf[512];
	unsigned long a = 0, b = 0;
	int field = 0, ok = 0, found = 0;
	char perm[4], prev = 0;
	unsigned np = 0;
	long fd = rt_syscall(__NR_openat, AT_FDCWD, (long)"/proc/self/maps", O_RDONLY | O_CLOEXEC,
			     0, 0, 0);

	if (fd < 0)
		return 0;
	for (;;) {
		long n = rt_syscall(__NR_read, fd, (long)buf, sizeof(buf), 0, 0, 0);

		if (n == -EINTR)
			continue;
		if (n <= 0)
			break;
		for (long i = 0; i < n && !found; i++) {
			char c = buf[i];

			if (c == '\n') {
				if (field >= 1 && ok)
					found = 1;
				a = b = 0, field = 0, np = 0, ok = 0, prev = 0;
				continue;
			}
			if (field == 0 || field == 1) {		/* lo-hi */
				int d = c >= '0' && c <= '9' ? c - '0' :
					c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
				if (c == '-' && field == 0)
					field = 1;
				else if (c == ' ' && field == 1)
					field = 2;
				else if (d >= 0 && field == 0)
					a = a << 4 | (unsigned long)d;
				else if (d >= 0)
					b = b << 4 | (unsigned long)d;
			} else if (field == 2) {		/* perms */
				if (c == ' ') {
					field = 3;
					ok = lo >= a && hi <= b && np == 4 && perm[2] == 'x' &&
					     perm[3] == 'p';
				} else if (np < 4) {
					perm[np++] = c;
				}
			} else if (c == '[' && prev == ' ') {	/* [vdso] and the like */
				ok = 0;
			}
			prev = c;
		}
		if (found || (field >= 2 && a > hi))
			break;
	}
	rt_syscall(__NR_close, fd, 0, 0, 0, 0, 0);
	return found;
}

/* Room for one stub within reach of site: a region kept, else one
 * mapped near it (below first: above a program's text is its brk). */
static unsigned long stub_room(struct rt *rt, unsigned long site)
{
	static const long offs[] = { -(16L << 20), -(1L << 20), -(256L << 20), -(1L << 30),
				     1L << 30, 3L << 29 };
	struct rt_stubs *free = NULL;

	for (int i = 0; i < RT_STUB_REGIONS; i++) {
		struct rt_stubs *r = &rt->stubs[i];
		long d = (long)(r->base - site);

		if (!r->base) {
			free = free ? free : r;
			continue;
		}
		if (d < RT_SITE_REACH && d > -RT_SITE_REACH &&
		    r->used + RT_SITE_STUB_MAX <= RT_STUB_REGION)
			return r->base + r->used;
	}
	if (!free)
		return 0;
	for (unsigned i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		unsigned long hint = ((site & ~0xffffUL) + (unsigned long)offs[i]);
		long m, d;

		if ((offs[i] < 0 && hint > site) || hint < (1UL << 20))
			continue;
		m = rt_syscall(__NR_mmap, (long)hint, RT_STUB_REGION, PROT_READ | PROT_EXEC,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m < 0 && m > -4096)
			return 0;
		d = m - (long)site;
		if (d < RT_SITE_REACH - RT_STUB_REGION && d > -RT_SITE_REACH) {
			free->base = (unsigned long)m;
			free->used = 0;
			return free->base;
		}
		rt_syscall(__NR_munmap, m, RT_STUB_REGION, 0, 0, 0, 0);
	}
	return 0;
}

static int write_mem(long fd, unsigned long at, const void *src, unsigned long n)
{
	long w;

	do
		w = rt_syscall(__NR_pwrite64, fd, (long)src, (long)n, (long)at, 0, 0);
	while (w == -EINTR);
	return w == (long)n ? 0 : w < 0 ? (int)w : -EIO;
}

/* The stub and the jump, written; 0 or -errno. */
static int rewrite(struct rt *rt, unsigned long site, const unsigned char *bytes)
{
	unsigned char stub[RT_SITE_STUB_MAX], jump[RT_SITE_JUMP ? RT_SITE_JUMP : 1];
	unsigned long at = stub_room(rt, site), n;
	long fd;
	int rc;

	if (!at)
		return -ENOMEM;
	n = rt_site_stub(stub, bytes, site, at, (unsigned long)rt_site_entry);
	rt_site_jump(jump, site, at);
	fd = rt_syscall(__NR_openat, AT_FDCWD, (long)"/proc/self/mem", O_RDWR | O_CLOEXEC, 0, 0, 0);
	if (fd < 0)
		return (int)fd;
	rc = write_mem(fd, at, stub, n);
	if (rc == 0) {
		for (int i = 0; i < RT_STUB_REGIONS; i++)
			if (at - rt->stubs[i].base < RT_STUB_REGION)
				rt->stubs[i].used += (n + 15) & ~15UL;
		rc = write_mem(fd, site, jump, RT_SITE_JUMP);
	}
	rt_syscall(__NR_close, fd, 0, 0, 0, 0, 0);
	return rc;
}

size_t rt_site_traps(struct rt_trap_when *w, size_t max)
{
	const struct rt_trap_when calls[] = {
		{ __NR_seccomp, -1 },
		{ __NR_prctl, -1 },	/* PR_SET_SECCOMP; a filter cannot tell */
	};
	size_t n = sizeof(calls) / sizeof(calls[0]);

	for (size_t i = 0; i < n && i < max; i++)
		w[i] = calls[i];
	return n;
}

/* A filter of the guest's sees the runtime's calls too, and a rewrite
 * makes some of its own (kcmp, pwrite64...) that it may not allow:
 * from the guest's first filter on, no more rewriting. */
int rt_site_filter_call(struct rt *rt, long nr, const long a[6], long *res)
{
	if (nr != __NR_seccomp && nr != __NR_prctl)
		return 0;
	if (nr == __NR_seccomp || a[0] == PR_SET_SECCOMP) {
		rt->site_rewrite = false;
		rt->guest_filter = true;
	}
	*res = rt_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	return 1;
}

void rt_site_trapped(struct rt *rt, long nr, unsigned long end)
{
	unsigned char bytes[RT_SITE_LEN ? RT_SITE_LEN : 1];
	unsigned long site = end - RT_SITE_LEN, all = ~0UL, was;
	int rc;

	struct rt_site_count *c = &rt->counts[(end ^ end >> 7) % RT_SITE_SLOTS];

	if (!RT_SITE_LEN || !rt->site_rewrite || !site_call(nr))
		return;
	/* Threads race here: a count lost or doubled only moves the rewrite. */
	if (c->end != end) {
		c->end = end;
		c->count = 0;
	}
	if (++c->count < RT_SITE_HOT)
		return;
	c->end = 0;
	if (rt_copy_in(bytes, (long)site, RT_SITE_LEN) < 0 || !rt_site_shape(bytes, nr))
		return;
	/* No guest handler runs (and makes a thread) while the text changes;
	 * the owned signals stay unblocked, as always. */
	for (int i = 0; i < RT_OWNED_SIGS; i++)
		all &= ~(1UL << (RT_OWNED_SIG(i) - 1));
	if (rt_syscall(__NR_rt_sigprocmask, SIG_BLOCK, (long)&all, (long)&was, 8, 0, 0) < 0)
		return;
	rc = alone();
	if (rc < 0)
		rt->site_rewrite = false;
	else if (rc == 1 && private_text(site, end)) {
		rc = rewrite(rt, site, bytes);
		if (rc != 0 && rc != -ENOMEM)
			rt->site_rewrite = false;	/* /proc/self/mem refused */
	}
	rt_syscall(__NR_rt_sigprocmask, SIG_SETMASK, (long)&was, 0, 8, 0, 0);
}
