/* trap-check: the in-guest runtime's SIGSYS handler (src/runtime/trap.c)
 * end to end, in a process of its own.  Built like path-check (no libc,
 * no relocations); the runtime's code is the section rt_text, the rest of
 * this program plays the guest, with its own syscall instruction
 * (guest_syscall).
 *
 * It builds a tree in /tmp, a bind table image for rootfs TREE/root plus
 * TREE/host at /data, installs the handler and a filter that traps the
 * runtime's calls when made outside rt_text, then makes them as the
 * guest on guest paths and checks what they return.  Exits 0 when every
 * check passes; says which failed on stderr. */
#include <asm/unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include "arch/rt-arch.h"
#include "path/bind.h"
#include "trap.h"

long guest_syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
int rt_check_main(void);
/* Hidden, like rt_restorer: no GOT entry. */
extern char __start_rt_text[] __attribute__((visibility("hidden")));
extern char __stop_rt_text[] __attribute__((visibility("hidden")));

#define TAG 0x5a17
#define OTHER_TAG 0x0bad

#define G0(nr) guest_syscall((nr), 0, 0, 0, 0, 0, 0)
#define G(nr, a, b, c, d) guest_syscall((nr), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)

static void say(const char *s)
{
	guest_syscall(__NR_write, 2, (long)s, (long)strlen(s), 0, 0, 0);
}

static char *append(char *to, const char *s)
{
	size_t n = strlen(s);

	memcpy(to, s, n + 1);
	return to + n;
}

static void say_long(long v)
{
	char d[24], *p = d + sizeof(d) - 1;
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;

	*p = '\0';
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	say(p);
}

static int expect(const char *what, long got, long want)
{
	if (got == want)
		return 0;
	say("trap-check: ");
	say(what);
	say(": got ");
	say_long(got);
	say(", want ");
	say_long(want);
	say("\n");
	return 1;
}

static int expect_str(const char *what, const char *got, size_t n, const char *want)
{
	if (strlen(want) == n && memcmp(got, want, n) == 0)
		return 0;
	say("trap-check: ");
	say(what);
	say(": got another text, want ");
	say(want);
	say("\n");
	return 1;
}

/* The tree: TREE/root (the rootfs) with etc/f, etc/lnk -> /etc/f and
 * rel -> etc/f; TREE/host (at /data) with g and l -> TREE/host/g. */
struct tree {
	char base[96], root[112], host[112], f[128], g[128], lnk[128], rel[128], l[128];
};

static int make_file(const char *path)
{
	long fd = G(__NR_openat, AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		return (int)fd;
	guest_syscall(__NR_write, fd, (long)"text\n", 5, 0, 0, 0);
	return (int)G(__NR_close, fd, 0, 0, 0);
}

static int make_tree(struct tree *t)
{
	char *p = append(t->base, "/tmp/burrow-trap-check.");
	long pid = G0(__NR_getpid);
	char d[24], *q = d + sizeof(d) - 1;

	*q = '\0';
	do
		*--q = (char)('0' + pid % 10);
	while ((pid /= 10) != 0);
	append(p, q);
	append(append(t->root, t->base), "/root");
	append(append(t->host, t->base), "/host");
	append(append(t->f, t->root), "/etc/f");
	append(append(t->lnk, t->root), "/etc/lnk");
	append(append(t->rel, t->root), "/rel");
	append(append(t->g, t->host), "/g");
	append(append(t->l, t->host), "/l");

	char etc[128];
	append(append(etc, t->root), "/etc");
	if (G(__NR_mkdirat, AT_FDCWD, t->base, 0700, 0) || G(__NR_mkdirat, AT_FDCWD, t->root, 0755, 0) ||
	    G(__NR_mkdirat, AT_FDCWD, etc, 0755, 0) || G(__NR_mkdirat, AT_FDCWD, t->host, 0755, 0) ||
	    make_file(t->f) || make_file(t->g) ||
	    G(__NR_symlinkat, "/etc/f", AT_FDCWD, t->lnk, 0) ||
	    G(__NR_symlinkat, "etc/f", AT_FDCWD, t->rel, 0) ||
	    G(__NR_symlinkat, t->g, AT_FDCWD, t->l, 0))
		return 1;
	return 0;
}

static void remove_tree(const struct tree *t)
{
	char etc[128];

	append(append(etc, t->root), "/etc");
	G(__NR_unlinkat, AT_FDCWD, t->f, 0, 0);
	G(__NR_unlinkat, AT_FDCWD, t->lnk, 0, 0);
	G(__NR_unlinkat, AT_FDCWD, t->rel, 0, 0);
	G(__NR_unlinkat, AT_FDCWD, t->g, 0, 0);
	G(__NR_unlinkat, AT_FDCWD, t->l, 0, 0);
	G(__NR_unlinkat, AT_FDCWD, etc, AT_REMOVEDIR, 0);
	G(__NR_unlinkat, AT_FDCWD, t->root, AT_REMOVEDIR, 0);
	G(__NR_unlinkat, AT_FDCWD, t->host, AT_REMOVEDIR, 0);
	G(__NR_unlinkat, AT_FDCWD, t->base, AT_REMOVEDIR, 0);
}

static long ino_of(const char *path, int flags)
{
	struct stat st;
	long rc = G(__NR_newfstatat, AT_FDCWD, path, &st, flags);

	return rc < 0 ? rc : (long)st.st_ino;
}

/* Traps the runtime's calls made outside rt_text, with TAG. */
static int install_filter(void)
{
	unsigned long lo = (unsigned long)__start_rt_text, hi = (unsigned long)__stop_rt_text;
	long nr[32];
	size_t k = rt_known_calls(nr, 32), n = 0;
	struct sock_filter f[48];
	struct sock_fprog prog;

	if (k > 32 || (lo >> 32) != ((hi - 1) >> 32))
		return -1;
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, RT_AUDIT_ARCH, 1, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
					      offsetof(struct seccomp_data, instruction_pointer) + 4);
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)(lo >> 32), 0, 4);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
					      offsetof(struct seccomp_data, instruction_pointer));
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (uint32_t)lo, 0, 2);
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (uint32_t)hi, 1, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
	for (size_t i = 0; i < k; i++)
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)nr[i],
						      (uint8_t)(k - i), 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP | TAG);
	prog.len = (unsigned short)n;
	prog.filter = f;
	if (G(__NR_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0) ||
	    G(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog, 0))
		return -1;
	return 0;
}

/* The guest's own SIGSYS handler: counts what reaches it. */
static volatile int guest_sigsys;
static void guest_handler(int sig, void *si, void *uc)
{
	(void)sig, (void)si, (void)uc;
	guest_sigsys++;
}

/* SIGSYS without the run's tag: to the guest's handler when it has
 * one, else its default action (the process dies of it). */
static int check_other_sigsys(struct rt *rt)
{
	siginfo_t si;
	long pid = G0(__NR_getpid), tid = G0(__NR_gettid), child;
	int status = 0, bad = 0;

	memset(&si, 0, sizeof(si));
	si.si_signo = SIGSYS;
	si.si_code = 1;		/* SYS_SECCOMP, as another filter's */
	si.si_errno = OTHER_TAG;
	rt->guest.handler = guest_handler;
	bad |= expect("rt_tgsigqueueinfo", G(__NR_rt_tgsigqueueinfo, pid, tid, SIGSYS, &si), 0);
	bad |= expect("SIGSYS of another filter reaches the guest's handler", guest_sigsys, 1);
	bad |= expect("tgkill", G(__NR_tgkill, pid, tid, SIGSYS, 0), 0);
	bad |= expect("a SIGSYS from kill reaches the guest's handler", guest_sigsys, 2);
	rt->guest.handler = NULL;	/* SIG_DFL */

	child = G(__NR_clone, SIGCHLD, 0, 0, 0);
	if (child == 0) {
		G(__NR_tgkill, G0(__NR_getpid), G0(__NR_gettid), SIGSYS, 0);
		G(__NR_exit_group, 0, 0, 0, 0);
	}
	bad |= expect("wait4", G(__NR_wait4, child, &status, 0, 0), child);
	bad |= expect("without a guest handler, SIGSYS kills", status & 0x7f, SIGSYS);
	return bad;
}

int rt_check_main(void)
{
	char table_mem[16384], call_mem[65536], buf[64];
	struct tree t = { .base = { 0 } };
	struct stat st;
	struct statx stx;
	struct rt rt;
	void *img;
	size_t img_size;
	int bad = 0;
	long rc;

	if (make_tree(&t)) {
		say("trap-check: cannot build the tree in /tmp\n");
		remove_tree(&t);
		return 1;
	}
	/* The image, as burrow makes it (here in the call arena, which
	 * rt_init then takes over: it is read before). */
	struct arena scratch;
	void *sctx = arena_init(&scratch, call_mem, sizeof(call_mem));
	struct bindings *b = bindings_new(sctx, t.root);
	/* /data read-only, /etc/f protected (as the ids journal is). */
	if (!b || bindings_add(b, t.host, "/data") || bindings_set_flags(b, 1, BIND_READONLY) ||
	    bindings_protect(b, t.f) || bindings_to_image(sctx, b, &img, &img_size)) {
		say("trap-check: cannot make the image\n");
		remove_tree(&t);
		return 1;
	}
	char image[2048];
	if (img_size > sizeof(image))
		return 1;
	memcpy(image, img, img_size);

	/* What the host says, before any call is trapped. */
	long ino_f = ino_of(t.f, 0), ino_g = ino_of(t.g, 0), ino_lnk = ino_of(t.lnk, AT_SYMLINK_NOFOLLOW);
	long xattr_host = G(__NR_getxattr, t.f, "user.none", buf, sizeof(buf));
	long dirfd = G(__NR_openat, AT_FDCWD, t.host, O_RDONLY | O_DIRECTORY, 0);

	if (dirfd < 0 || rt_init(&rt, TAG, image, img_size, table_mem, sizeof(table_mem), call_mem,
				 sizeof(call_mem)) || rt_install(&rt)) {
		say("trap-check: cannot set up the runtime\n");
		remove_tree(&t);
		return 1;
	}
	if (install_filter()) {
		say("trap-check: cannot install the seccomp filter (qemu-user has no seccomp)\n");
		remove_tree(&t);
		return 1;
	}

	/* The stat family, on guest paths. */
	bad |= expect("newfstatat /etc/f", ino_of("/etc/f", 0), ino_f);
	bad |= expect("the call trapped", (long)rt.traps, 1);
	bad |= expect("newfstatat /data/g", ino_of("/data/g", 0), ino_g);
	bad |= expect("newfstatat /etc/lnk follows", ino_of("/etc/lnk", 0), ino_f);
	bad |= expect("newfstatat /rel follows", ino_of("/rel", 0), ino_f);
	bad |= expect("newfstatat /etc/lnk, nofollow", ino_of("/etc/lnk", AT_SYMLINK_NOFOLLOW), ino_lnk);
	bad |= expect("newfstatat /data/l follows into the binding", ino_of("/data/l", 0), ino_g);
	bad |= expect("newfstatat /tmp (host only)", ino_of(t.base, 0), -ENOENT);
	bad |= expect("newfstatat /data/none", ino_of("/data/none", 0), -ENOENT);
	bad |= expect("newfstatat /data/../etc/f", ino_of("/data/../etc/f", 0), ino_f);
	bad |= expect("newfstatat dirfd of /data, g", G(__NR_newfstatat, dirfd, "g", &st, 0), 0);
	bad |= expect("  its inode", (long)st.st_ino, ino_g);
	bad |= expect("newfstatat, dirfd, AT_EMPTY_PATH", G(__NR_newfstatat, dirfd, "", &st, AT_EMPTY_PATH), 0);
	bad |= expect("statx /data/g", guest_syscall(__NR_statx, AT_FDCWD, (long)"/data/g", 0,
						      STATX_INO, (long)&stx, 0), 0);
	bad |= expect("  its inode", (long)stx.stx_ino, ino_g);
#ifdef __NR_stat
	bad |= expect("stat /etc/lnk", G(__NR_stat, "/etc/lnk", &st, 0, 0), 0);
	bad |= expect("  its inode", (long)st.st_ino, ino_f);
	bad |= expect("lstat /etc/lnk", G(__NR_lstat, "/etc/lnk", &st, 0, 0), 0);
	bad |= expect("  its inode", (long)st.st_ino, ino_lnk);
#endif

	/* open, relative paths. */
	rc = G(__NR_openat, AT_FDCWD, "/data/g", O_RDONLY, 0);
	bad |= expect("openat /data/g", rc < 0 ? rc : 0, 0);
	if (rc >= 0) {
		bad |= expect("read it", guest_syscall(__NR_read, rc, (long)buf, sizeof(buf), 0, 0, 0), 5);
		bad |= expect_str("  its text", buf, 5, "text\n");
		G(__NR_close, rc, 0, 0, 0);
	}
	bad |= expect("openat /tmp", G(__NR_openat, AT_FDCWD, "/tmp", O_RDONLY, 0), -ENOENT);
	bad |= expect("openat /etc/lnk O_NOFOLLOW",
		      G(__NR_openat, AT_FDCWD, "/etc/lnk", O_RDONLY | O_NOFOLLOW, 0), -ELOOP);
	char etc[128];
	append(append(etc, t.root), "/etc");
	bad |= expect("chdir (host path, not trapped)", G(__NR_chdir, etc, 0, 0, 0), 0);
	bad |= expect("newfstatat f from the cwd /etc", ino_of("f", 0), ino_f);
	bad |= expect("newfstatat ../data/g from the cwd /etc", ino_of("../data/g", 0), ino_g);
#ifdef __NR_open
	rc = G(__NR_open, "lnk", O_RDONLY, 0, 0);
	bad |= expect("open lnk from the cwd /etc", rc < 0 ? rc : 0, 0);
	if (rc >= 0)
		G(__NR_close, rc, 0, 0, 0);
#endif

	/* A read-only binding, a protected file: refused, never made. */
	char created[136];
	append(append(created, t.host), "/new");
	bad |= expect("openat /data/g O_WRONLY", G(__NR_openat, AT_FDCWD, "/data/g", O_WRONLY, 0), -EROFS);
	bad |= expect("openat /data/new O_CREAT",
		      G(__NR_openat, AT_FDCWD, "/data/new", O_WRONLY | O_CREAT, 0644), -EROFS);
	bad |= expect("  not created", ino_of("/data/new", 0), -ENOENT);
	G(__NR_unlinkat, AT_FDCWD, created, 0, 0);	/* not trapped: a host path */
	bad |= expect("openat /etc/f O_RDWR (protected)",
		      G(__NR_openat, AT_FDCWD, "/etc/f", O_RDWR, 0), -EACCES);
	bad |= expect("faccessat /data/g W_OK", G(__NR_faccessat, AT_FDCWD, "/data/g", W_OK, 0), -EROFS);
	bad |= expect("faccessat /data/none W_OK",
		      G(__NR_faccessat, AT_FDCWD, "/data/none", W_OK, 0), -ENOENT);

	/* access. */
	bad |= expect("faccessat /etc/f", G(__NR_faccessat, AT_FDCWD, "/etc/f", R_OK, 0), 0);
	bad |= expect("faccessat /tmp", G(__NR_faccessat, AT_FDCWD, "/tmp", F_OK, 0), -ENOENT);
	rc = G(__NR_faccessat2, AT_FDCWD, "/data/l", R_OK, AT_SYMLINK_NOFOLLOW);
	bad |= expect("faccessat2 /data/l", rc == -ENOSYS ? 0 : rc, 0);
#ifdef __NR_access
	bad |= expect("access /data/g", G(__NR_access, "/data/g", R_OK, 0, 0), 0);
#endif

	/* readlink: the text in guest terms. */
	rc = G(__NR_readlinkat, AT_FDCWD, "/data/l", buf, sizeof(buf));
	bad |= expect_str("readlinkat /data/l", buf, rc < 0 ? 0 : (size_t)rc, "/data/g");
	rc = G(__NR_readlinkat, AT_FDCWD, "/etc/lnk", buf, sizeof(buf));
	bad |= expect_str("readlinkat /etc/lnk", buf, rc < 0 ? 0 : (size_t)rc, "/etc/f");
	rc = G(__NR_readlinkat, AT_FDCWD, "/data/l", buf, 3);
	bad |= expect_str("readlinkat /data/l, 3 bytes", buf, rc < 0 ? 0 : (size_t)rc, "/da");
	bad |= expect("readlinkat /data/g", G(__NR_readlinkat, AT_FDCWD, "/data/g", buf, sizeof(buf)),
		      -EINVAL);
	long lfd = G(__NR_openat, dirfd, "l", O_PATH | O_NOFOLLOW, 0);
	rc = G(__NR_readlinkat, lfd, "", buf, sizeof(buf));
	bad |= expect_str("readlinkat an O_PATH fd of /data/l", buf, rc < 0 ? 0 : (size_t)rc, "/data/g");
	G(__NR_close, lfd, 0, 0, 0);
	bad |= expect("readlinkat, size 0", G(__NR_readlinkat, AT_FDCWD, "/data/l", buf, 0), -EINVAL);
#ifdef __NR_readlink
	rc = G(__NR_readlink, "lnk", buf, sizeof(buf), 0);
	bad |= expect_str("readlink lnk from the cwd /etc", buf, rc < 0 ? 0 : (size_t)rc, "/etc/f");
#endif

	/* getxattr: the host file's answer. */
	bad |= expect("getxattr /etc/f", G(__NR_getxattr, "/etc/f", "user.none", buf, sizeof(buf)),
		      xattr_host);
	bad |= expect("lgetxattr /tmp", G(__NR_lgetxattr, "/tmp", "user.none", buf, sizeof(buf)),
		      -ENOENT);

	/* Bad pointers: EFAULT, as from the kernel. */
	bad |= expect("newfstatat, bad path", G(__NR_newfstatat, AT_FDCWD, 8, &st, 0), -EFAULT);
	bad |= expect("newfstatat, bad buffer", G(__NR_newfstatat, AT_FDCWD, "/etc/f", 8, 0), -EFAULT);
	bad |= expect("readlinkat, bad buffer", G(__NR_readlinkat, AT_FDCWD, "/etc/lnk", 8, 64), -EFAULT);
	bad |= expect("openat, bad path", G(__NR_openat, AT_FDCWD, -4096L, O_RDONLY, 0), -EFAULT);

	bad |= check_other_sigsys(&rt);
	remove_tree(&t);
	return bad;
}
