/* The in-guest runtime's SIGSYS handler (trap.h).  Freestanding: its
 * calls are raw (rt_syscall, from the runtime's text, which the filter
 * allows); guest memory is read and written with rt_copy and
 * rt_copy_str, whose faults the runtime's SIGSEGV/SIGBUS handler turns
 * into -EFAULT, as the kernel's own copy would.  Kernel dependencies of
 * the calls it knows: SECCOMP_RET_TRAP 3.5, statx 4.11, faccessat2 5.8
 * (a kernel without them answers ENOSYS, which the guest gets). */
#include <asm/unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>

#include "arch/rt-arch.h"
#include "exe.h"
#include "magic.h"
#include "maps.h"
#include "path/bind.h"
#include "path/lex.h"
#include "path/lookup.h"
#include "trap-int.h"
#include "trap.h"

#ifndef SYS_SECCOMP
#define SYS_SECCOMP 1		/* si_code of a seccomp SIGSYS */
#endif
#define RT_SA_RESTORER 0x04000000

/* The runtime's one mutable static: a signal handler is passed no state.
 * In the loader's image it lives in the runtime's data, at RT_BASE. */
static struct rt *rt_self;

static int rt_lstat(void *opaque, const char *host, struct stat *st)
{
	(void)opaque;
	return (int)rt_syscall(__NR_newfstatat, AT_FDCWD, (long)host, (long)st,
			       AT_SYMLINK_NOFOLLOW, 0, 0);
}

static int rt_readlink(void *opaque, TALLOC_CTX *mem, const char *host, char **target,
		       enum fs_link_kind *kind)
{
	const struct rt *rt = opaque;
	char *buf = talloc_size(mem, RT_PATH_MAX);
	long n;

	if (!buf)
		return -ENOMEM;
	n = rt_syscall(__NR_readlinkat, AT_FDCWD, (long)host, (long)buf, RT_PATH_MAX - 1, 0, 0);
	if (n < 0)
		return (int)n;
	buf[n] = '\0';
	*target = buf;
	*kind = FS_LINK_PLAIN;
	/* /proc/PID/exe: the program, not the loader's memfd. */
	n = rt_exe_shown(mem, host, buf, target);
	if (n > 0)
		*kind = FS_LINK_GUEST;
	else if (n == 0)	/* root, cwd, fd/N: guest paths too */
		n = rt_magic_shown(mem, rt->binds, rt_root(rt), host, buf, target, kind);
	return n < 0 ? (int)n : 0;
}

static long rt_openat2_plain(const char *host, bool any_last)
{
	/* No symlink of any kind (magic links included) anywhere in host:
	 * what succeeds is a chain of plain directories (O_PATH opens the
	 * last, whatever it is, without touching it). */
	struct open_how how = {
		.flags = O_PATH | (any_last ? 0 : O_DIRECTORY) | O_CLOEXEC,
		.resolve = RESOLVE_NO_SYMLINKS,
	};

	return rt_syscall(__NR_openat2, AT_FDCWD, (long)host, (long)&how, sizeof(how), 0, 0);
}

/* What a stat's translation keeps of its plain-run check that reached
 * the final name (followed): the O_PATH fd on path, so that the call
 * is made on it and the kernel does not walk the path a second time;
 * and for newfstatat (mem set), its last lstat that found no symlink:
 * when that is the final name, the call's answer (stat does not
 * automount either). */
struct plain_keep {
	struct rt *rt;
	long fd;		/* -1 when none */
	const char *path;
	TALLOC_CTX *mem;
	char *st_path;		/* NULL when none */
	struct stat st;
};

/* Below a binding's host path that holds no symlink (the rootfs is a
 * realpath, as burrow makes it): each asked once, and all given up for
 * good when openat2 is missing or a filter of the guest's refuses it.
 * Past the first 64 bindings, the walk is by lstat. */
static bool plain_binding(struct rt *rt, const char *host_dir)
{
	const struct binding *b = bindings_host_lookup(rt->binds, host_dir);
	size_t i = 0, n = bindings_count(rt->binds);
	unsigned long bit;
	long fd;

	while (i < n && i < 64 && bindings_get(rt->binds, i) != b)
		i++;
	if (!b || i == n || i == 64)
		return false;
	bit = 1UL << i;
	if (!(__atomic_load_n(&rt->plain_asked, __ATOMIC_ACQUIRE) & bit)) {
		fd = rt_openat2_plain(b->host, false);
		if (fd >= 0) {
			rt_syscall(__NR_close, fd, 0, 0, 0, 0, 0);
			__atomic_fetch_or(&rt->plain_binds, bit, __ATOMIC_RELAXED);
		} else if (fd == -ENOSYS || fd == -EPERM) {
			rt->plain_root = -1;
		}
		__atomic_fetch_or(&rt->plain_asked, bit, __ATOMIC_RELEASE);
	}
	return (__atomic_load_n(&rt->plain_binds, __ATOMIC_RELAXED) & bit) != 0;
}

static int plain_dirs(struct rt *rt, TALLOC_CTX *mem, const char *host_dir, const char *rel,
		      bool any_last, struct plain_keep *keep)
{
	char *path;
	long fd;

	if (rt->plain_root < 0 || !plain_binding(rt, host_dir))
		return -EXDEV;
	path = path_join(mem, host_dir, rel);
	if (!path)
		return -ENOMEM;
	fd = rt_openat2_plain(path, any_last);
	if (fd == -ENOSYS || fd == -EPERM)
		rt->plain_root = -1;
	if (fd >= 0 && keep && any_last) {
		/* path stays: chunks before it are not given back while it
		 * lives (arena.c), and the call's arena is reset after it. */
		if (keep->fd >= 0)
			rt_syscall(__NR_close, keep->fd, 0, 0, 0, 0, 0);
		keep->fd = fd;
		keep->path = path;
		return 0;
	}
	talloc_free(path);
	if (fd < 0)
		return (int)fd;
	rt_syscall(__NR_close, fd, 0, 0, 0, 0, 0);
	return 0;
}

static int rt_plain_dirs(void *opaque, TALLOC_CTX *mem, const char *host_dir, const char *rel,
			 bool any_last)
{
	return plain_dirs(opaque, mem, host_dir, rel, any_last, NULL);
}

static int kept_plain_dirs(void *opaque, TALLOC_CTX *mem, const char *host_dir, const char *rel,
			   bool any_last)
{
	struct plain_keep *keep = opaque;

	return plain_dirs(keep->rt, mem, host_dir, rel, any_last, keep);
}

static int kept_lstat(void *opaque, const char *host, struct stat *st)
{
	struct plain_keep *keep = opaque;
	int rc = rt_lstat(keep->rt, host, st);

	if (keep->mem && rc == 0 && !S_ISLNK(st->st_mode) &&
	    (keep->st_path = talloc_strdup(keep->mem, host)))
		keep->st = *st;
	return rc;
}

static int kept_readlink(void *opaque, TALLOC_CTX *mem, const char *host, char **target,
			 enum fs_link_kind *kind)
{
	return rt_readlink(((struct plain_keep *)opaque)->rt, mem, host, target, kind);
}

int rt_init(struct rt *rt, uint16_t tag, const void *image, size_t size, void *table_mem,
	    size_t table_size, void *call_mem, size_t call_size)
{
	void *tctx;

	rt->tag = tag;
	tctx = arena_init(&rt->table, table_mem, table_size);
	rt->call_size = call_size;
	rt->arenas[0].ctx = arena_init(&rt->arenas[0].a, call_mem, call_size);
	if (!tctx || !rt->arenas[0].ctx)
		return -EINVAL;
	rt->fs.lstat = rt_lstat;
	rt->fs.readlink = rt_readlink;
	rt->fs.plain_dirs = rt_plain_dirs;
	rt->fs.opaque = rt;
	return bindings_from_image(tctx, image, size, &rt->binds);
}

/* ---- guest memory ---- */

/* The guest's string at addr, copied onto mem: -EFAULT where it cannot
 * be read, -ENAMETOOLONG without a NUL in RT_PATH_MAX bytes (getname). */
static int copy_path(TALLOC_CTX *mem, long addr, char **out)
{
	char *buf = talloc_size(mem, RT_PATH_MAX);
	long n;

	if (!buf)
		return -ENOMEM;
	n = rt_copy_str(buf, (const char *)addr, RT_PATH_MAX);
	if (n < 0)
		return -EFAULT;		/* its one error */
	if (n == RT_PATH_MAX)
		return -ENAMETOOLONG;
	*out = buf;
	return 0;
}

static long copy_out(long addr, const void *src, size_t n)
{
	return rt_copy((void *)addr, src, n);
}

/* n bytes of the guest's addr into dst: -EFAULT where it cannot be read. */
long rt_copy_in(void *dst, long addr, size_t n)
{
	return rt_copy(dst, (const void *)addr, n);
}

/* ---- translation ---- */

long rt_fd_link(TALLOC_CTX *mem, int fd, char *buf, char **proc)
{
	char path[32] = "/proc/self/fd/", digits[12];
	size_t len = strlen(path), d = 0;
	unsigned v = (unsigned)fd;
	long n;

	if (fd < 0)
		return -EBADF;
	do
		digits[d++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (d)
		path[len++] = digits[--d];
	path[len] = '\0';
	if (proc && !(*proc = talloc_strndup(mem, path, len)))
		return -ENOMEM;
	n = rt_syscall(__NR_readlinkat, AT_FDCWD, (long)path, (long)buf, RT_PATH_MAX - 1, 0, 0);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

/* A removed cwd (getcwd's ENOENT): the guest path it had, from the
 * kernel's link without its " (deleted)"; 1, or -errno. */
static int removed_cwd(struct rt *rt, TALLOC_CTX *mem, char **guest)
{
	char *host = talloc_size(mem, RT_PATH_MAX);
	long n;

	if (!host)
		return -ENOMEM;
	n = rt_syscall(__NR_readlinkat, AT_FDCWD, (long)"/proc/self/cwd", (long)host,
		       RT_PATH_MAX - 1, 0, 0);
	if (n < 0)
		return (int)n;
	host[n] = '\0';
	if (n > 10 && strcmp(host + n - 10, " (deleted)") == 0)
		host[n - 10] = '\0';
	if (host[0] != '/')
		return -ENOENT;
	n = bindings_to_guest(mem, rt->binds, host, guest);
	return n == 0 || n == -EXDEV ? 1 : (int)n;
}

/* The guest path of the directory a relative path starts from: the
 * cwd, or dirfd's, asked of the kernel and mapped back; 1 for a
 * removed cwd (trap-int.h). */
static int base_of(struct rt *rt, TALLOC_CTX *mem, int dirfd, char **guest)
{
	char *host = talloc_size(mem, RT_PATH_MAX);
	long n;

	if (!host)
		return -ENOMEM;
	if (dirfd == AT_FDCWD) {
		n = rt_syscall(__NR_getcwd, (long)host, RT_PATH_MAX, 0, 0, 0, 0);
		if (n == -ENOENT)
			return removed_cwd(rt, mem, guest);
		if (n < 0)
			return (int)n;
	} else {
		n = rt_fd_link(mem, dirfd, host, NULL);
		if (n < 0)
			return (int)(n == -ENOENT ? -EBADF : n);
		host[n] = '\0';
		if (host[0] != '/')
			return -ENOTDIR;	/* a pipe, a socket... */
	}
	/* Outside every binding, the host path is what the guest sees. */
	n = bindings_to_guest(mem, rt->binds, host, guest);
	if (dirfd == AT_FDCWD && n >= 0 && rt_cwd_guest(rt, host))
		*guest = (char *)rt_cwd_guest(rt, host);
	return n == -EXDEV ? 0 : (int)n;
}

/* The host path for the guest's (dirfd, path): 0 and *res, or 1 when
 * the call names no path (AT_EMPTY_PATH with "") or the name shortcut
 * takes it (LOOKUP_KERNEL_MAY), to be made with dirfd and res->host,
 * the path as copied; -errno. */
static int resolve(struct rt *rt, TALLOC_CTX *mem, long dirfd, long upath, unsigned cflags,
		   struct canon_result *res, struct plain_keep *keep)
{
	char *path = NULL, *base = NULL;
	struct fsops fs = rt->fs;
	int rc = copy_path(mem, upath, &path);

	if (rc < 0)
		return rc;
	memset(res, 0, sizeof(*res));
	res->host = path;	/* for 1: the copy, which no guest thread changes */
	if (path[0] == '\0')	/* the kernel's getname: before the dirfd */
		return (cflags & CANON_EMPTY_PATH) ? 1 : -ENOENT;
	/* The kernel's own lookup reaches what translation would. */
	if ((cflags & LOOKUP_KERNEL_MAY) && rt_shortcut(rt, mem, (int)dirfd, path, cflags))
		return 1;
	cflags &= ~(unsigned)LOOKUP_KERNEL_MAY;
	if (path[0] != '/' && (rc = base_of(rt, mem, (int)dirfd, &base)) < 0)
		return rc;
	/* In a removed cwd the kernel finds no name and "." is still the
	 * directory: a path that stays in it goes as written (".." leads
	 * to the old parent: that is resolved from the old guest path), as
	 * the ptrace engine's lookup_resolve; the old path is its guest
	 * path, for the protections. */
	if (path[0] != '/' && rc == 1 && path_stays_beneath(path)) {
		memset(res, 0, sizeof(*res));
		res->guest = base;
		res->host = path;
		return 0;
	}
	if (keep) {
		fs.lstat = kept_lstat;
		fs.plain_dirs = kept_plain_dirs;
		fs.readlink = kept_readlink;
		fs.opaque = keep;
	}
	/* A final component not followed is the kernel's to look at: one
	 * lstat less (the handlers use no res->exists nor is_symlink). */
	return canon_resolve(mem, rt->binds, &fs, rt_root(rt), base, path,
			     (cflags & ~(unsigned)CANON_EMPTY_PATH) | CANON_LAZY_FINAL, res);
}

int rt_copy_path(TALLOC_CTX *mem, long addr, char **out)
{
	return copy_path(mem, addr, out);
}

long rt_copy_out(long addr, const void *src, size_t n)
{
	return copy_out(addr, src, n);
}

int rt_resolve(struct rt *rt, TALLOC_CTX *mem, long dirfd, long upath, unsigned cflags,
	       struct canon_result *res)
{
	return resolve(rt, mem, dirfd, upath, cflags, res, NULL);
}

int rt_base_of(struct rt *rt, TALLOC_CTX *mem, int dirfd, char **guest)
{
	return base_of(rt, mem, dirfd, guest);
}

static unsigned at_flags(long flags)
{
	return ((flags & AT_SYMLINK_NOFOLLOW) ? CANON_NOFOLLOW : 0) |
	       ((flags & AT_EMPTY_PATH) ? CANON_EMPTY_PATH : 0);
}

/* newfstatat and statx, their flags at a[fl]: translated to
 * nr(AT_FDCWD, host, rest...), or made as it is when it names no path;
 * on the O_PATH fd of a plain run checked to the final name when there
 * is one, which is what host reaches (the same string, followed): the
 * kernel does not walk it a second time. */
static long stat_call(struct rt *rt, TALLOC_CTX *mem, long nr, const long a[6], int fl,
		      unsigned cflags)
{
	struct plain_keep keep;	/* not zeroed whole: st is 144 bytes */
	struct canon_result res;
	long b[6], r;
	int rc;

	keep.rt = rt;
	keep.fd = -1;
	keep.st_path = NULL;
	/* Only flags the lstat answers for: 0, AT_NO_AUTOMOUNT. */
	keep.mem = nr == __NR_newfstatat && !(a[3] & ~(long)AT_NO_AUTOMOUNT) ? mem : NULL;
	/* Not followed, the final name is neither in a run nor lstat'ed. */
	rc = resolve(rt, mem, a[0], a[1], cflags, &res,
		     (cflags & CANON_NOFOLLOW) || rt->guest_filter ? NULL : &keep);
	if (rc == 0 && keep.st_path && strcmp(keep.st_path, res.host) == 0) {
		if (keep.fd >= 0)
			rt_syscall(__NR_close, keep.fd, 0, 0, 0, 0, 0);
		r = copy_out(a[2], &keep.st, sizeof(keep.st));
		return r < 0 ? r : 0;
	}
	for (int i = 0; i < 6; i++)
		b[i] = a[i];
	if (rc == 0 && keep.fd >= 0 && strcmp(keep.path, res.host) == 0) {
		b[0] = keep.fd;
		b[1] = (long)"";
		b[fl] |= AT_EMPTY_PATH;
	} else if (rc == 0) {
		b[0] = AT_FDCWD;
		b[1] = (long)res.host;
	} else if (rc == 1) {
		b[1] = (long)res.host;
	}
	r = rc < 0 ? rc : rt_syscall(nr, b[0], b[1], b[2], b[3], b[4], b[5]);
	if (keep.fd >= 0)
		rt_syscall(__NR_close, keep.fd, 0, 0, 0, 0, 0);
	return r;
}

/* A call of the form nr(path, rest...) (getxattr). */
static long path_call(struct rt *rt, TALLOC_CTX *mem, long nr, const long a[6], unsigned cflags)
{
	struct canon_result res;
	int rc = resolve(rt, mem, AT_FDCWD, a[0], cflags, &res, NULL);

	if (rc < 0)
		return rc;
	return rt_syscall(nr, (long)res.host, a[1], a[2], a[3], a[4], a[5]);
}

/* readlinkat(dirfd, path, buf, size): the text in guest terms. */
static long readlink_call(struct rt *rt, TALLOC_CTX *mem, long dirfd, long path, long buf,
			  long size)
{
	struct canon_result res;
	char *target, *shown;
	enum fs_link_kind kind;
	long n;
	int rc;

	if ((int)size <= 0)
		return -EINVAL;
	rc = resolve(rt, mem, dirfd, path, CANON_NOFOLLOW | CANON_EMPTY_PATH, &res, NULL);
	if (rc < 0)
		return rc;
	if (!(target = talloc_size(mem, RT_PATH_MAX)))
		return -ENOMEM;
	if (rc == 1) {
		/* readlinkat(fd, ""): the link an O_PATH fd is open on; the
		 * fd's own path tells an exe, cwd or fd/N link. */
		long h;

		n = rt_syscall(__NR_readlinkat, dirfd, (long)"", (long)target, RT_PATH_MAX - 1, 0, 0);
		if (n < 0)
			return n;
		if ((rc = base_of(rt, mem, (int)dirfd, &res.guest)) < 0)
			return rc;
		if (!(res.host = talloc_size(mem, RT_PATH_MAX)))
			return -ENOMEM;
		if ((h = rt_fd_link(mem, (int)dirfd, res.host, NULL)) < 0)
			return h;
	} else {
		n = rt_syscall(__NR_readlinkat, AT_FDCWD, (long)res.host, (long)target,
			       RT_PATH_MAX - 1, 0, 0);
	}
	if (n < 0)
		return n;
	target[n] = '\0';
	rc = rt_exe_shown(mem, res.host, target, &shown);
	if (rc == 0)
		rc = rt_magic_shown(mem, rt->binds, rt_root(rt), res.host, target, &shown, &kind);
	if (rc == 0)
		rc = bindings_link_to_guest(mem, rt->binds, rt_root(rt), res.guest, target, &shown);
	if (rc < 0)
		return rc;
	n = (long)strlen(shown);
	if (n > (int)size)
		n = (int)size;
	rc = (int)copy_out(buf, shown, (size_t)n);
	return rc < 0 ? rc : n;
}

static long open_call(struct rt *rt, TALLOC_CTX *mem, long dirfd, long path, long flags, long mode)
{
	struct canon_result res;
	/* O_CREAT|O_EXCL does not follow a final symlink either. */
	int nofollow = (flags & O_NOFOLLOW) || (flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL);
	/* The shortcut where no protection needs the paths. */
	int may = !(flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC)) ||
		  !bindings_restricted(rt->binds);
	int rc = resolve(rt, mem, dirfd, path,
			 (nofollow ? CANON_NOFOLLOW : 0) | (may ? LOOKUP_KERNEL_MAY : 0), &res,
			 NULL);
	long fd;

	if (rc < 0)
		return rc;
	if (rc == 1)
		return rt_syscall(__NR_openat, dirfd, (long)res.host, flags, mode, 0, 0);
	if ((rc = rt_protect_open(rt, mem, &res, flags)) < 0)
		return rc;
	/* /proc/PID/maps and the like: a copy with guest names. */
	if ((rc = rt_maps_open(mem, rt->binds, rt_root(rt), res.host, flags, &fd)) != 0)
		return rc < 0 ? rc : fd;
	return rt_syscall(__NR_openat, AT_FDCWD, (long)res.host, flags, mode, 0, 0);
}

/* faccessat2(dirfd, path, mode, flags), the others as its forms. */
static long access_call(struct rt *rt, TALLOC_CTX *mem, long nr, long dirfd, long path, long mode,
			long flags)
{
	struct canon_result res;
	int rc = resolve(rt, mem, dirfd, path, at_flags(flags), &res, NULL);
	long r;

	if (rc < 0)
		return rc;
	if (rc == 1)
		return rt_syscall(nr, dirfd, (long)res.host, mode, flags, 0, 0);
	r = rt_syscall(nr, AT_FDCWD, (long)res.host, mode, flags, 0, 0);
	/* As on a read-only mount: the file is there, writing is not. */
	if (r == 0 && (mode & W_OK) && (rc = rt_protect_access(rt, mem, &res)) < 0)
		return rc;
	return r;
}

long rt_call(struct rt *rt, TALLOC_CTX *mem, long nr, const long a[6])
{
	const long cwd = AT_FDCWD;

	switch (nr) {
	case __NR_newfstatat:
		return stat_call(rt, mem, nr, a, 3, at_flags(a[3]) | LOOKUP_KERNEL_MAY);
	case __NR_statx:
		return stat_call(rt, mem, nr, a, 2, at_flags(a[2]) | LOOKUP_KERNEL_MAY);
	case __NR_openat:
		return open_call(rt, mem, a[0], a[1], a[2], a[3]);
	case __NR_faccessat:
		return access_call(rt, mem, nr, a[0], a[1], a[2], 0);
	case __NR_faccessat2:
		return access_call(rt, mem, nr, a[0], a[1], a[2], a[3]);
	case __NR_readlinkat:
		return readlink_call(rt, mem, a[0], a[1], a[2], a[3]);
	case __NR_getxattr:
		return path_call(rt, mem, nr, a, 0);
	case __NR_lgetxattr:
		return path_call(rt, mem, nr, a, CANON_NOFOLLOW);
	/* The old calls, where the arch has them, as their *at forms. */
#ifdef __NR_stat
	case __NR_stat:
	case __NR_lstat: {
		const long b[6] = { cwd, a[0], a[1], nr == __NR_lstat ? AT_SYMLINK_NOFOLLOW : 0, 0, 0 };
		return stat_call(rt, mem, __NR_newfstatat, b, 3,
				 nr == __NR_lstat ? CANON_NOFOLLOW | LOOKUP_KERNEL_MAY : 0);
	}
#endif
#ifdef __NR_open
	case __NR_open:
		return open_call(rt, mem, cwd, a[0], a[1], a[2]);
#endif
#ifdef __NR_access
	case __NR_access:
		return access_call(rt, mem, __NR_faccessat, cwd, a[0], a[1], 0);
#endif
#ifdef __NR_readlink
	case __NR_readlink:
		return readlink_call(rt, mem, cwd, a[0], a[1], a[2]);
#endif
	}
	(void)cwd;
	return rt_call_table(rt, mem, nr, a);
}

/* ---- the handler ---- */

/* rt_call on thread tid's arena; a trapped call inside a guest handler
 * that interrupted another one nests: it gives back only what it took.
 * -ENOMEM when no arena can be had. */
static long held_call(struct rt *rt, int tid, long nr, const long a[6])
{
	struct rt_arena *ar;
	size_t mark;
	int nested;
	long r;

	if (!(ar = rt_arena_hold(rt, tid, &nested)))
		return -ENOMEM;
	mark = ar->a.used;
	r = rt_call(rt, ar->ctx, nr, a);
	ar->a.used = mark;
	if (!nested)
		rt_arena_release(ar);
	return r;
}

static void rt_sigsys(int sig, siginfo_t *si, void *ctx)
{
	struct rt *rt = rt_self;
	ucontext_t *uc = ctx;
	long a[6], r;
	int tid, handled, locked = 0;

	if (si->si_code != SYS_SECCOMP || si->si_errno != rt->tag) {
		rt_sig_deliver(rt, sig, si, uc);	/* the guest's */
		return;
	}
	if (si->si_arch != RT_AUDIT_ARCH) {
		rt_uc_set_result(uc, -ENOSYS);	/* the filter lets those through */
		return;
	}
	for (int i = 0; i < 6; i++)
		a[i] = rt_uc_arg(uc, i);
	tid = (int)rt_syscall(__NR_gettid, 0, 0, 0, 0, 0, 0);
	/* The socket calls may block: they hold an arena only to translate. */
	if (rt_socket_call(rt, tid, si->si_syscall, a, &r)) {
		rt_uc_set_result(uc, r);
		__atomic_fetch_add(&rt->traps, 1, __ATOMIC_RELAXED);
		return;
	}
	if (rt_kill_call(rt, tid, si->si_syscall, a, &r)) {
		rt_uc_set_result(uc, r);
		__atomic_fetch_add(&rt->traps, 1, __ATOMIC_RELAXED);
		return;
	}
	if (rt_site_filter_call(rt, si->si_syscall, a, &r)) {
		rt_uc_set_result(uc, r);
		__atomic_fetch_add(&rt->traps, 1, __ATOMIC_RELAXED);
		return;
	}
	if (si->si_syscall == __NR_rt_sigaction)
		locked = !rt_sig_lock(rt, tid);
	handled = rt_sig_call(rt, si->si_syscall, a, uc, &r);
	if (locked)
		rt_sig_unlock(rt);
	if (handled) {
		rt_uc_set_result(uc, r);
		__atomic_fetch_add(&rt->traps, 1, __ATOMIC_RELAXED);
		/* A held signal's handler may trap in turn. */
		rt_sig_deliver_held(rt, uc);
		return;
	}
	rt_uc_set_result(uc, held_call(rt, tid, si->si_syscall, a));
	__atomic_fetch_add(&rt->traps, 1, __ATOMIC_RELAXED);
	rt_site_trapped(rt, si->si_syscall, (unsigned long)si->si_call_addr);
}

long rt_site_call(long nr, const long a[6])
{
	return held_call(rt_self, (int)rt_syscall(__NR_gettid, 0, 0, 0, 0, 0, 0), nr, a);
}

/* SIGSEGV, SIGBUS: a fault of the copies resumes at their fixup, which
 * returns -EFAULT (the pc says it is theirs, per thread, and si_code
 * that the kernel sent it, not a kill); any other is the guest's. */
static void rt_sigfault(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	unsigned long pc = rt_uc_pc(uc);

	if (si->si_code > 0 && pc >= (unsigned long)rt_copy_start &&
	    pc < (unsigned long)rt_copy_fault) {
		rt_uc_set_pc(uc, (unsigned long)rt_copy_fault);
		return;
	}
	rt_sig_deliver(rt_self, sig, si, uc);
}

int rt_install(struct rt *rt)
{
	unsigned long owned = 0, was = 0;
	struct rt_thread_sig *th = &rt->threads[0];

	rt_self = rt;
	for (int i = 0; i < RT_OWNED_SIGS; i++) {
		struct rt_sigaction *sa = &rt->real[i];
		int sig = RT_OWNED_SIG(i);
		long r;

		sa->handler = (void (*)(int, void *, void *))(sig == SIGSYS ? rt_sigsys : rt_sigfault);
		sa->flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER | RT_SA_RESTORER;
		sa->restorer = rt_restorer;
		sa->mask = 0;
		r = rt_syscall(__NR_rt_sigaction, sig, (long)sa, (long)&rt->guest[i], 8, 0, 0);
		if (r < 0)
			return (int)r;
		owned |= 1UL << (sig - 1);
	}
	/* A mask inherited with them blocked becomes the view (one thread). */
	if (rt_syscall(__NR_rt_sigprocmask, SIG_UNBLOCK, (long)&owned, (long)&was, 8, 0, 0) == 0 &&
	    (was & owned)) {
		th->tid = (int)rt_syscall(__NR_gettid, 0, 0, 0, 0, 0, 0);
		th->blocked = was & owned;
	}
	return 0;
}
