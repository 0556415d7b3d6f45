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
#include <linux/openat2.h>
#include <linux/seccomp.h>
#include <linux/sched.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#include "arch/rt-arch.h"
#include "path/bind.h"
#include "trap.h"

long guest_syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
/* The guest's restorer, for the handlers the kernel runs itself. */
__attribute__((visibility("hidden"))) void guest_restorer(void);
/* A thread running fn(arg) on stack_top (rt-<arch>.S, guest side). */
__attribute__((visibility("hidden"))) long guest_thread(long flags, void *stack_top,
							void (*fn)(void *), void *arg);
int rt_check_main(void);
/* Hidden, like rt_restorer: no GOT entry. */
extern char __start_rt_text[] __attribute__((visibility("hidden")));
extern char __stop_rt_text[] __attribute__((visibility("hidden")));

#define TAG 0x5a17
#define OTHER_TAG 0x0bad

#define G0(nr) guest_syscall((nr), 0, 0, 0, 0, 0, 0)
#define G(nr, a, b, c, d) guest_syscall((nr), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define G5(nr, a, b, c, d, e) guest_syscall((nr), (long)(a), (long)(b), (long)(c), (long)(d), \
					     (long)(e), 0)
/* The host's answer: the call made from rt_text, which the filter lets
 * through untranslated. */
#define H(nr, a, b, c, d) rt_syscall((nr), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define H5(nr, a, b, c, d, e) rt_syscall((nr), (long)(a), (long)(b), (long)(c), (long)(d), \
					  (long)(e), 0)

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

/* The tree: TREE/root (the rootfs) with etc/f, etc/lnk -> /etc/f,
 * rel -> etc/f and an empty directory w; TREE/host (at /data) with g and
 * l -> TREE/host/g. */
struct tree {
	char base[96], root[112], host[112], f[128], g[128], lnk[128], rel[128], l[128], w[128];
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
	append(append(t->w, t->root), "/w");

	char etc[128];
	append(append(etc, t->root), "/etc");
	if (G(__NR_mkdirat, AT_FDCWD, t->base, 0700, 0) || G(__NR_mkdirat, AT_FDCWD, t->root, 0755, 0) ||
	    G(__NR_mkdirat, AT_FDCWD, etc, 0755, 0) || G(__NR_mkdirat, AT_FDCWD, t->host, 0755, 0) ||
	    G(__NR_mkdirat, AT_FDCWD, t->w, 0755, 0) ||
	    make_file(t->f) || make_file(t->g) ||
	    G(__NR_symlinkat, "/etc/f", AT_FDCWD, t->lnk, 0) ||
	    G(__NR_symlinkat, "etc/f", AT_FDCWD, t->rel, 0) ||
	    G(__NR_symlinkat, t->g, AT_FDCWD, t->l, 0))
		return 1;
	return 0;
}

/* With host calls (H): the filter traps unlinkat once installed.  What
 * check_calls leaves when it fails is removed too. */
static void remove_tree(const struct tree *t)
{
	static const char left[][12] = {
		"/w/d/s2", "/w/d", "/w/e", "/s3", "/w/s", "/w/abs", "/w/hard", "/w/file",
		"/w/fifo", "/w/t", "/w/tl", "/w/hard2", "/w/h", "/w/old", "/w/old2", "/w/oldl", "/w/olds", "/w/creat", "/etc/new",
		"/w",
	};
	char etc[128], p[160];

	for (size_t i = 0; i < sizeof(left) / sizeof(left[0]); i++) {
		append(append(p, t->root), left[i]);
		if (H(__NR_unlinkat, AT_FDCWD, p, 0, 0) == -EISDIR)
			H(__NR_unlinkat, AT_FDCWD, p, AT_REMOVEDIR, 0);
	}
	append(append(etc, t->root), "/etc");
	append(append(p, t->host), "/new");
	H(__NR_unlinkat, AT_FDCWD, p, 0, 0);
	H(__NR_unlinkat, AT_FDCWD, t->f, 0, 0);
	H(__NR_unlinkat, AT_FDCWD, t->lnk, 0, 0);
	H(__NR_unlinkat, AT_FDCWD, t->rel, 0, 0);
	H(__NR_unlinkat, AT_FDCWD, t->g, 0, 0);
	H(__NR_unlinkat, AT_FDCWD, t->l, 0, 0);
	H(__NR_unlinkat, AT_FDCWD, etc, AT_REMOVEDIR, 0);
	H(__NR_unlinkat, AT_FDCWD, t->root, AT_REMOVEDIR, 0);
	H(__NR_unlinkat, AT_FDCWD, t->host, AT_REMOVEDIR, 0);
	H(__NR_unlinkat, AT_FDCWD, t->base, AT_REMOVEDIR, 0);
}

static long ino_of(const char *path, int flags)
{
	struct stat st;
	long rc = G(__NR_newfstatat, AT_FDCWD, path, &st, flags);

	return rc < 0 ? rc : (long)st.st_ino;
}

/* Traps the runtime's calls made outside rt_text, with TAG: the known
 * ones always, the signal calls as rt_signal_calls says. */
static int install_filter(void)
{
	unsigned long lo = (unsigned long)__start_rt_text, hi = (unsigned long)__stop_rt_text;
	long nr[128];
	struct rt_trap_when w[24];
	size_t k = rt_known_calls(nr, 128), m = rt_signal_calls(w, 24), n = 0, nb = 0;
	struct sock_filter f[256];
	struct sock_fprog prog;

	if (k > 128 || m > 24 || (lo >> 32) != ((hi - 1) >> 32))
		return -1;
	for (size_t j = 0; j < m; j++)
		nb += w[j].arg >= 0;
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
	/* Then: a JEQ per call, ALLOW, a block of 4 per argument rule (its
	 * argument's two words against 0), ALLOW, TRAP; all jumps forward. */
	size_t first = n, allow0 = first + k + m, blocks = allow0 + 1, allow = blocks + 4 * nb,
	       trap = allow + 1, b = 0;
	for (size_t i = 0; i < k; i++, n++)
		f[n] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)nr[i],
						    (uint8_t)(trap - n - 1), 0);
	for (size_t j = 0; j < m; j++, n++) {
		size_t to = w[j].arg < 0 ? trap : blocks + 4 * b++;
		f[n] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)w[j].nr,
						    (uint8_t)(to - n - 1), 0);
	}
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	for (size_t j = 0; j < m; j++) {
		uint32_t at = offsetof(struct seccomp_data, args) + 8 * (uint32_t)w[j].arg;
		if (w[j].arg < 0)
			continue;
		f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, at);
		f[n] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, (uint8_t)(trap - n - 1));
		n++;
		f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, at + 4);
		f[n] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, (uint8_t)(allow - n - 1),
						    (uint8_t)(trap - n - 1));
		n++;
	}
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP | TAG);
	if (n != trap + 1)
		return -1;
	prog.len = (unsigned short)n;
	prog.filter = f;
	if (G(__NR_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0) ||
	    G(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog, 0))
		return -1;
	return 0;
}

/* The guest's own handlers: they count what reaches them. */
static volatile int guest_sigsys, guest_usr1, guest_segv, usr1_stat, sig_seen;
static volatile long segv_addr, segv_code;
static volatile unsigned long guest_mask_in_handler;
static void guest_handler(int sig, void *si, void *uc)
{
	unsigned long mask = 0;

	(void)si, (void)uc;
	guest_sigsys++;
	sig_seen = sig;
	G(__NR_rt_sigprocmask, SIG_BLOCK, NULL, &mask, 8);
	guest_mask_in_handler = mask;
}

/* SIGUSR1's: makes a trapped call, which dies if SIGSYS is blocked. */
static void usr1_handler(int sig, void *si, void *uc)
{
	struct stat st;

	(void)sig, (void)si, (void)uc;
	guest_usr1++;
	usr1_stat = (int)G(__NR_newfstatat, AT_FDCWD, "/etc/f", &st, 0);
}

/* SIGSEGV's: notes the fault and maps the page, so that the write
 * it interrupted succeeds when resumed. */
#define SPAN 65536L		/* a multiple of every page size */
static void segv_handler(int sig, void *si, void *uc)
{
	siginfo_t *info = si;
	long page = (long)info->si_addr & -SPAN;

	(void)sig, (void)uc;
	guest_segv++;
	segv_addr = (long)info->si_addr;
	segv_code = info->si_code;
	guest_syscall(__NR_mmap, page, SPAN, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
}

static long set_action(int sig, void *handler, unsigned long flags, unsigned long mask,
		       struct rt_sigaction *old)
{
	struct rt_sigaction sa = { 0 };

	sa.handler = (void (*)(int, void *, void *))handler;
	sa.flags = flags | 0x04000000;	/* SA_RESTORER */
	sa.restorer = guest_restorer;
	sa.mask = mask;
	return G(__NR_rt_sigaction, sig, handler == (void *)-1 ? NULL : &sa, old, 8);
}

static long kill_self(int sig)
{
	return G(__NR_tgkill, G0(__NR_getpid), G0(__NR_gettid), sig, 0);
}

#define BIT(sig) (1UL << ((sig) - 1))

/* Runs fn in a child (no core file); its wait status. */
static int in_child(void (*fn)(void))
{
	struct rlimit none = { 0, 0 };
	int status = 0;
	long child = G(__NR_clone, SIGCHLD, 0, 0, 0);

	if (child == 0) {
		G(__NR_prlimit64, 0, RLIMIT_CORE, &none, 0);
		fn();
		G(__NR_exit_group, 0, 0, 0, 0);
	}
	if (child < 0 || G(__NR_wait4, child, &status, 0, 0) != child)
		return -1;
	return status;
}

static void sigsys_by_kill(void)
{
	kill_self(SIGSYS);
}

/* SIGSYS without the run's tag: to the guest's handler, set through the
 * trapped rt_sigaction, else its default action (the process dies). */
static int check_other_sigsys(void)
{
	siginfo_t si;
	long pid = G0(__NR_getpid), tid = G0(__NR_gettid);
	struct rt_sigaction old;
	int bad = 0;

	memset(&si, 0, sizeof(si));
	si.si_signo = SIGSYS;
	si.si_code = 1;		/* SYS_SECCOMP, as another filter's */
	si.si_errno = OTHER_TAG;
	bad |= expect("rt_sigaction SIGSYS", set_action(SIGSYS, guest_handler, SA_SIGINFO, BIT(SIGUSR2), &old), 0);
	bad |= expect("  oldact: SIG_DFL", (long)old.handler, (long)SIG_DFL);
	bad |= expect("rt_tgsigqueueinfo", G(__NR_rt_tgsigqueueinfo, pid, tid, SIGSYS, &si), 0);
	bad |= expect("SIGSYS of another filter reaches the guest's handler", guest_sigsys, 1);
	bad |= expect("kill(getpid(), SIGSYS)", G(__NR_kill, pid, SIGSYS, 0, 0), 0);
	bad |= expect("a SIGSYS from kill reaches the guest's handler", guest_sigsys, 2);
	bad |= expect("  its mask there blocks SIGSYS and sa_mask",
		      (long)(guest_mask_in_handler & (BIT(SIGSYS) | BIT(SIGUSR2))),
		      (long)(BIT(SIGSYS) | BIT(SIGUSR2)));
	bad |= expect("rt_sigaction SIGSYS, query", set_action(SIGSYS, (void *)-1, 0, 0, &old), 0);
	bad |= expect("  oldact: the guest's handler", (long)old.handler, (long)guest_handler);
	bad |= expect("  its flags", (long)(old.flags & ~0x04000000UL), SA_SIGINFO);
	bad |= expect("  its mask", (long)old.mask, (long)BIT(SIGUSR2));

	/* SA_NODEFER, and a plain handler (no SA_SIGINFO). */
	bad |= expect("rt_sigaction SIGSYS, plain, SA_NODEFER",
		      set_action(SIGSYS, guest_handler, SA_NODEFER, 0, NULL), 0);
	sig_seen = 0;
	bad |= expect("kill, SA_NODEFER", kill_self(SIGSYS), 0);
	bad |= expect("  reaches the plain handler", guest_sigsys, 3);
	bad |= expect("  as SIGSYS", sig_seen, SIGSYS);
	bad |= expect("  SIGSYS not blocked there", (long)(guest_mask_in_handler & BIT(SIGSYS)), 0);

	/* SA_RESETHAND: once to the handler, then the default action. */
	bad |= expect("rt_sigaction SIGSYS SA_RESETHAND",
		      set_action(SIGSYS, guest_handler, SA_SIGINFO | SA_RESETHAND, 0, NULL), 0);
	bad |= expect("kill, SA_RESETHAND", kill_self(SIGSYS), 0);
	bad |= expect("  reaches the handler once", guest_sigsys, 4);
	set_action(SIGSYS, (void *)-1, 0, 0, &old);
	bad |= expect("  then the action is SIG_DFL", (long)old.handler, (long)SIG_DFL);
	bad |= expect("  and SIGSYS kills", in_child(sigsys_by_kill) & 0x7f, SIGSYS);
	bad |= expect("  (the real action is still the runtime's)",
		      ino_of("/etc/f", 0) > 0, 1);
	return bad;
}

/* Why the runtime keeps SIGSYS out of every real mask. */
static void sigsys_really_blocked(void)
{
	unsigned long set = BIT(SIGSYS);

	rt_syscall(__NR_rt_sigprocmask, SIG_BLOCK, (long)&set, 0, 8, 0, 0);	/* untrapped */
	ino_of("/etc/f", 0);
}

/* sigprocmask: SIGSYS blocked in the guest's view only. */
static int check_masks(void)
{
	unsigned long set = BIT(SIGSYS) | BIT(SIGUSR2), old = 0, none = 0;
	int bad = 0;

	set_action(SIGSYS, guest_handler, SA_SIGINFO, 0, NULL);
	guest_sigsys = 0;
	bad |= expect("rt_sigprocmask SIG_BLOCK SIGSYS", G(__NR_rt_sigprocmask, SIG_BLOCK, &set, &old, 8), 0);
	bad |= expect("  a trapped call works", ino_of("/etc/f", 0) > 0, 1);
	bad |= expect("  oldset: nothing blocked before", (long)old, 0);
	bad |= expect("rt_sigprocmask, query", G(__NR_rt_sigprocmask, SIG_BLOCK, NULL, &old, 8), 0);
	bad |= expect("  oldset shows SIGSYS blocked", (long)(old & set), (long)set);
	bad |= expect("kill while blocked", kill_self(SIGSYS), 0);
	bad |= expect("  is held", guest_sigsys, 0);
	bad |= expect("SIG_SETMASK, nothing", G(__NR_rt_sigprocmask, SIG_SETMASK, &none, &old, 8), 0);
	bad |= expect("  delivers it", guest_sigsys, 1);
	bad |= expect("  oldset", (long)(old & set), (long)set);
	G(__NR_rt_sigprocmask, SIG_BLOCK, NULL, &old, 8);
	bad |= expect("  now nothing blocked", (long)old, 0);
	bad |= expect("rt_sigprocmask, bad size", G(__NR_rt_sigprocmask, SIG_BLOCK, &set, NULL, 4), -EINVAL);
	bad |= expect("rt_sigprocmask, bad how", G(__NR_rt_sigprocmask, 7, &set, NULL, 8), -EINVAL);
	bad |= expect("rt_sigprocmask, bad set", G(__NR_rt_sigprocmask, SIG_BLOCK, 8, NULL, 8), -EFAULT);
	bad |= expect("this kernel kills on a trap while SIGSYS is really blocked",
		      in_child(sigsys_really_blocked) & 0x7f, SIGSYS);
	return bad;
}

/* A handler of another signal whose sa_mask blocks everything, run by
 * the kernel (no runtime in between) while the guest blocks everything,
 * or inside rt_sigsuspend's and ppoll's masks: its trapped call works. */
static void usr1_everything_blocked(void)
{
	unsigned long all = ~0UL, but_usr1 = ~BIT(SIGUSR1);
	struct timespec zero = { 0, 0 };

	set_action(SIGUSR1, usr1_handler, SA_SIGINFO, all, NULL);
	G(__NR_rt_sigprocmask, SIG_SETMASK, &all, NULL, 8);
	kill_self(SIGUSR1);		/* pending */
	if (G(__NR_rt_sigsuspend, &but_usr1, 8, 0, 0) != -EINTR || guest_usr1 != 1 || usr1_stat)
		G(__NR_exit_group, 1, 0, 0, 0);
	kill_self(SIGUSR1);
	if (guest_syscall(__NR_ppoll, 0, 0, (long)&zero, (long)&but_usr1, 8, 0) != -EINTR ||
	    guest_usr1 != 2 || usr1_stat)
		G(__NR_exit_group, 2, 0, 0, 0);
	long pair[2] = { (long)&but_usr1, 8 };
	kill_self(SIGUSR1);
	if (guest_syscall(__NR_pselect6, 0, 0, 0, 0, (long)&zero, (long)pair) != -EINTR ||
	    guest_usr1 != 3 || usr1_stat)
		G(__NR_exit_group, 3, 0, 0, 0);
	struct epoll_event ev;
	long ep = G(__NR_epoll_create1, 0, 0, 0, 0);
	kill_self(SIGUSR1);
	/* No timeout: with 0 it returns before it looks at signals. */
	if (guest_syscall(__NR_epoll_pwait, ep, (long)&ev, 1, -1, (long)&but_usr1, 8) != -EINTR ||
	    guest_usr1 != 4 || usr1_stat)
		G(__NR_exit_group, 4, 0, 0, 0);
	kill_self(SIGUSR1);
	G(__NR_rt_sigprocmask, SIG_SETMASK, &but_usr1, NULL, 8);	/* SIGUSR1 delivered */
	if (guest_usr1 != 5 || usr1_stat)
		G(__NR_exit_group, 5, 0, 0, 0);
}

static int check_other_handlers(void)
{
	struct rt_sigaction old;
	int bad = 0, status = in_child(usr1_everything_blocked);

	bad |= expect("a handler blocking all makes a trapped call (exit 1 to 5 says where)",
		      status, 0);
	set_action(SIGUSR1, usr1_handler, SA_SIGINFO, ~0UL, NULL);
	set_action(SIGUSR1, (void *)-1, 0, 0, &old);
	bad |= expect("  oldact's sa_mask has SIGSYS", (long)(old.mask & BIT(SIGSYS)), (long)BIT(SIGSYS));
	set_action(SIGUSR1, SIG_DFL, 0, 0, NULL);
	return bad;
}

/* Two threads at once: each faults in the copies (signal calls, which
 * take no call arena) and keeps its own view. */
#define ROUNDS 3000
static volatile int thread_done, thread_bad;
static char thread_stack[65536] __attribute__((aligned(16)));

static int fault_rounds(int blocks)
{
	unsigned long set = BIT(SIGSYS), old = 0;
	struct rt_sigaction sa;
	int bad = 0;

	if (blocks)
		G(__NR_rt_sigprocmask, SIG_BLOCK, &set, NULL, 8);
	for (int i = 0; i < ROUNDS; i++) {
		if (G(__NR_rt_sigprocmask, SIG_BLOCK, 8, NULL, 8) != -EFAULT ||
		    G(__NR_rt_sigaction, SIGUSR2, NULL, 16, 8) != -EFAULT ||
		    G(__NR_rt_sigaction, SIGUSR2, NULL, &sa, 8) != 0)
			bad |= 1;
		if (G(__NR_rt_sigprocmask, SIG_BLOCK, NULL, &old, 8) || (old & set) != (blocks ? set : 0))
			bad |= 2;
	}
	G(__NR_rt_sigprocmask, SIG_UNBLOCK, &set, NULL, 8);
	return bad;
}

static void thread_body(void *arg)
{
	(void)arg;
	thread_bad = fault_rounds(1);
	__atomic_store_n(&thread_done, 1, __ATOMIC_RELEASE);
}

static int check_threads(void)
{
	long flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM;
	long tid = guest_thread(flags, thread_stack + sizeof(thread_stack), thread_body, NULL);
	int bad = 0, mine;

	if (tid < 0)
		return expect("clone a thread", tid, 0);
	mine = fault_rounds(0);
	while (!__atomic_load_n(&thread_done, __ATOMIC_ACQUIRE))
		G0(__NR_sched_yield);
	bad |= expect("two threads: EFAULT from the copies, own views (this one's)", mine, 0);
	bad |= expect("  the other's (1: EFAULT, 2: its view)", thread_bad, 0);
	return bad;
}

/* SA_RESTART: a kill's SIGSYS interrupting a blocked read restarts it
 * or not as the guest's action says.  The read is in a thread; the
 * other waits until it sleeps (its /proc stat, read with the runtime's
 * own untrapped syscall), then sends SIGSYS, then writes a byte. */
static char restart_stack[2][65536] __attribute__((aligned(16)));
static volatile long restart_read;
static volatile int restart_done;
static int restart_pipe[2];

static void restart_body(void *arg)
{
	char c;

	(void)arg;
	restart_read = G(__NR_read, restart_pipe[0], &c, 1, 0);
	__atomic_store_n(&restart_done, 1, __ATOMIC_RELEASE);
}

/* 1 when thread tid sleeps, 0 when not, -1 when /proc cannot say. */
static int sleeping(long tid)
{
	char path[64], buf[256], d[24], *q = d + sizeof(d) - 1, *p;
	long fd, n;

	*q = '\0';
	do
		*--q = (char)('0' + tid % 10);
	while ((tid /= 10) != 0);
	append(append(append(path, "/proc/self/task/"), q), "/stat");
	fd = rt_syscall(__NR_openat, AT_FDCWD, (long)path, O_RDONLY, 0, 0, 0);
	if (fd < 0)
		return -1;	/* no /proc: fail, never wait on */
	n = rt_syscall(__NR_read, fd, (long)buf, sizeof(buf) - 1, 0, 0, 0);
	rt_syscall(__NR_close, fd, 0, 0, 0, 0, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = buf + n;
	while (p > buf && *p != ')')
		p--;
	return p[0] == ')' && p[1] == ' ' && p[2] == 'S';
}

static long read_interrupted(int restart, char *stack)
{
	long flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM;
	int before = guest_sigsys, state;
	long tid;

	set_action(SIGSYS, guest_handler, SA_SIGINFO | (restart ? SA_RESTART : 0), 0, NULL);
	restart_done = 0;
	if (G(__NR_pipe2, restart_pipe, 0, 0, 0))
		return -1000;
	tid = guest_thread(flags, stack + sizeof(restart_stack[0]), restart_body, NULL);
	if (tid < 0)
		return -1001;
	while ((state = sleeping(tid)) == 0)
		G0(__NR_sched_yield);
	if (state < 0) {
		say("trap-check: cannot read /proc/self/task/TID/stat\n");
		G(__NR_tgkill, G0(__NR_getpid), tid, SIGKILL, 0);	/* kills all */
	}
	G(__NR_tgkill, G0(__NR_getpid), tid, SIGSYS, 0);
	while (guest_sigsys == before)
		G0(__NR_sched_yield);
	G(__NR_write, restart_pipe[1], "x", 1, 0);
	while (!__atomic_load_n(&restart_done, __ATOMIC_ACQUIRE))
		G0(__NR_sched_yield);
	G(__NR_close, restart_pipe[0], 0, 0, 0);
	G(__NR_close, restart_pipe[1], 0, 0, 0);
	return restart_read;
}

static int check_restart(void)
{
	int bad = 0;

	bad |= expect("a kill's SIGSYS interrupts a read, no SA_RESTART",
		      read_interrupted(0, restart_stack[0]), -EINTR);
	bad |= expect("  with SA_RESTART the read goes on", read_interrupted(1, restart_stack[1]), 1);
	set_action(SIGSYS, SIG_DFL, 0, 0, NULL);
	return bad;
}

/* Per-thread call arenas: thread A blocks inside a trapped call (an open
 * of a FIFO), holding its arena, while main and B trap (one arena for
 * all would wait for A forever), B forks a child that traps, and main
 * vforks one that traps on the memory they share (B's child finds
 * every arena held by the parent's threads and takes one).  Then a SIGUSR1
 * handler that traps runs in A, nested in its open: the open, restarted,
 * reads its host path from A's arena again, so it must be intact. */
#define ARENA_ROUNDS 300
static char arena_stack[3][65536] __attribute__((aligned(16)));
static volatile long arena_fd;
static volatile int arena_a_done, arena_usr1, arena_b_done, arena_b_bad, arena_vfork_bad;
static long arena_ino_f, arena_ino_g, arena_a;
static struct rt *arena_rt;

/* Trapped calls whose answers are known; a bit set per kind that fails. */
static int arena_rounds(int n)
{
	char buf[32];
	int bad = 0;

	for (int i = 0; i < n; i++) {
		if (ino_of("/etc/lnk", 0) != arena_ino_f ||
		    ino_of("/data/../etc/./../data/l", 0) != arena_ino_g)
			bad |= 1;
		if (G(__NR_readlinkat, AT_FDCWD, "/data/l", buf, sizeof(buf)) != 7 ||
		    memcmp(buf, "/data/g", 7) != 0)
			bad |= 2;
	}
	return bad;
}

static void arena_a_body(void *arg)
{
	(void)arg;
	arena_fd = G(__NR_openat, AT_FDCWD, "/w/afifo", O_RDONLY, 0);
	__atomic_store_n(&arena_a_done, 1, __ATOMIC_RELEASE);
}

static void arena_usr1_handler(int sig, void *si, void *uc)
{
	(void)sig, (void)si, (void)uc;
	arena_usr1 = 1 + arena_rounds(20);
}

static void arena_b_body(void *arg)
{
	int status = -1;
	long child;

	(void)arg;
	arena_b_bad = arena_rounds(ARENA_ROUNDS);
	child = G(__NR_clone, SIGCHLD, 0, 0, 0);
	if (child == 0) {
		/* Every arena held by a thread of the parent (A, which lives
		 * on there): in this copy of the memory all may be taken. */
		for (int i = 0; i < RT_ARENAS; i++)
			if (!arena_rt->arenas[i].tid)
				arena_rt->arenas[i].tid = (int)arena_a;
		G(__NR_exit_group, arena_rounds(20), 0, 0, 0);
	}
	if (child < 0 || G(__NR_wait4, child, &status, 0, 0) != child || status != 0)
		arena_b_bad |= 4;
	arena_b_bad |= arena_rounds(ARENA_ROUNDS);
	__atomic_store_n(&arena_b_done, 1, __ATOMIC_RELEASE);
}

static void arena_vfork_body(void *arg)
{
	(void)arg;
	arena_vfork_bad = arena_rounds(20);
}

static int check_arenas(struct rt *rt, const struct tree *t)
{
	long flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM;
	char fifo[144];
	struct stat st, fst;
	long a, b, child, wfd;
	int bad = 0, state, status = -1;

	arena_ino_f = ino_of("/etc/f", 0);
	arena_ino_g = ino_of("/data/g", 0);
	append(append(fifo, t->root), "/w/afifo");
	if (H(__NR_mknodat, AT_FDCWD, fifo, S_IFIFO | 0600, 0) ||
	    H(__NR_newfstatat, AT_FDCWD, fifo, &st, 0))
		return expect("mknod a FIFO", -1, 0);
	set_action(SIGUSR1, arena_usr1_handler, SA_SIGINFO | SA_RESTART, 0, NULL);
	arena_rt = rt;
	arena_a = a = guest_thread(flags, arena_stack[0] + sizeof(arena_stack[0]), arena_a_body, NULL);
	if (a < 0)
		return expect("clone thread A", a, 0);
	while ((state = sleeping(a)) == 0)
		G0(__NR_sched_yield);
	if (state < 0) {
		say("trap-check: cannot read /proc/self/task/TID/stat\n");
		G(__NR_tgkill, G0(__NR_getpid), a, SIGKILL, 0);	/* kills all */
	}
	b = guest_thread(flags, arena_stack[1] + sizeof(arena_stack[1]), arena_b_body, NULL);
	bad |= expect("clone thread B", b < 0 ? b : 0, 0);
	bad |= expect("threads trap while A is blocked in a trapped call (1: stat, 2: readlink)",
		      arena_rounds(ARENA_ROUNDS), 0);
	child = guest_thread(CLONE_VM | CLONE_VFORK | SIGCHLD,
			     arena_stack[2] + sizeof(arena_stack[2]), arena_vfork_body, NULL);
	if (child < 0 || G(__NR_wait4, child, &status, 0, 0) != child)
		bad |= expect("vfork a child", child, 0);
	bad |= expect("  a vfork child traps on the shared memory", arena_vfork_bad, 0);
	while (b >= 0 && !__atomic_load_n(&arena_b_done, __ATOMIC_ACQUIRE))
		G0(__NR_sched_yield);
	bad |= expect("  thread B meanwhile (4: its fork child's calls)", arena_b_bad, 0);
	G(__NR_tgkill, G0(__NR_getpid), a, SIGUSR1, 0);
	while (!arena_usr1)
		G0(__NR_sched_yield);
	bad |= expect("A's handler traps, nested in A's open", arena_usr1, 1);
	/* The reader's open, restarted, meets this writer. */
	wfd = H(__NR_openat, AT_FDCWD, fifo, O_WRONLY, 0);
	while (!__atomic_load_n(&arena_a_done, __ATOMIC_ACQUIRE))
		G0(__NR_sched_yield);
	bad |= expect("  then its open opens the FIFO", arena_fd < 0 ? arena_fd : 0, 0);
	if (arena_fd >= 0) {
		bad |= expect("  the FIFO's inode", H5(__NR_newfstatat, arena_fd, "", &fst, AT_EMPTY_PATH, 0) ? -1 :
			      (long)fst.st_ino, (long)st.st_ino);
		G(__NR_close, arena_fd, 0, 0, 0);
	}
	if (wfd >= 0)
		G(__NR_close, wfd, 0, 0, 0);
	H(__NR_unlinkat, AT_FDCWD, fifo, 0, 0);
	set_action(SIGUSR1, SIG_DFL, 0, 0, NULL);
	return bad;
}

static char *segv_page;		/* SPAN mapped, then SPAN unmapped */

static void write_unmapped(void)
{
	*(volatile char *)(segv_page + SPAN + 16) = 1;
}

/* Faults: the guest's SIGSEGV handler gets its own, with si_addr; the
 * runtime's copies get EFAULT and the handler never sees theirs. */
static int check_faults(void)
{
	struct stat st;
	int bad = 0;
	char *end;

	segv_page = (char *)guest_syscall(__NR_mmap, 0, 2 * SPAN, PROT_READ | PROT_WRITE,
					  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if ((long)segv_page < 0 || G(__NR_munmap, segv_page + SPAN, SPAN, 0, 0))
		return expect("mmap", (long)segv_page, 0) | 1;
	end = segv_page + SPAN;
	bad |= expect("a fault with SIG_DFL kills with SIGSEGV", in_child(write_unmapped) & 0x7f, SIGSEGV);
	bad |= expect("rt_sigaction SIGSEGV", set_action(SIGSEGV, segv_handler, SA_SIGINFO, 0, NULL), 0);
	write_unmapped();
	bad |= expect("the guest's SIGSEGV handler gets a real fault", guest_segv, 1);
	bad |= expect("  its si_addr", segv_addr, (long)(end + 16));
	bad |= expect("  its si_code", segv_code, SEGV_MAPERR);
	bad |= expect("  the write resumed", end[16], 1);
	G(__NR_munmap, end, SPAN, 0, 0);

	memcpy(end - 7, "/etc/f", 7);
	bad |= expect("a path ending at a page's end, before an unmapped one",
		      G(__NR_newfstatat, AT_FDCWD, end - 7, &st, 0), 0);
	memcpy(end - 6, "/etc/f", 6);
	bad |= expect("a path that runs into an unmapped page",
		      G(__NR_newfstatat, AT_FDCWD, end - 6, &st, 0), -EFAULT);
	bad |= expect("a path in an unmapped page", G(__NR_newfstatat, AT_FDCWD, end, &st, 0), -EFAULT);
	bad |= expect("readlinkat into an unmapped page",
		      G(__NR_readlinkat, AT_FDCWD, "/etc/lnk", end - 2, 16), -EFAULT);
	bad |= expect("  the guest's handler saw none of those", guest_segv, 1);
	set_action(SIGSEGV, SIG_DFL, 0, 0, NULL);
	G(__NR_munmap, segv_page, SPAN, 0, 0);
	return bad;
}

/* getcwd as the guest: want, and ERANGE with one byte too few. */
static int expect_cwd(const char *what, const char *want)
{
	char buf[64];
	long n = G(__NR_getcwd, buf, sizeof(buf), 0, 0);
	size_t len = strlen(want) + 1;
	int bad = expect_str(what, buf, n > 0 ? (size_t)n - 1 : 0, want);

	bad |= expect(what, n, (long)len);
	bad |= expect("  getcwd, buffer too small", G(__NR_getcwd, buf, len - 1, 0, 0), -ERANGE);
	return bad;
}

/* The host path of the guest path g, in the rootfs. */
static const char *in_root(const struct tree *t, char *buf, const char *g)
{
	append(append(buf, t->root), g);
	return buf;
}

static long host_ino(const char *host, int flags)
{
	struct stat st;
	long rc = H(__NR_newfstatat, AT_FDCWD, host, &st, flags);

	return rc < 0 ? rc : (long)st.st_ino;
}

/* Every path role of the generated table at least once, each call's
 * result compared with the host's on the mapped host path (H). */
static int check_calls(struct rt *rt, const struct tree *t)
{
	char h1[160], h2[160], buf[256], buf2[256];
	struct stat st;
	int bad = 0;
	long rc, fd;

	/* dirfd + lpath, a name created (mkdirat), relative to a dirfd. */
	bad |= expect("mkdirat /w/d", G(__NR_mkdirat, AT_FDCWD, "/w/d", 0755, 0), 0);
	bad |= expect("  made on the host", H(__NR_newfstatat, AT_FDCWD, in_root(t, h1, "/w/d"), &st, 0), 0);
	bad |= expect("  a directory", S_ISDIR(st.st_mode), 1);
	long wfd = G(__NR_openat, AT_FDCWD, "/w", O_RDONLY | O_DIRECTORY, 0);
	bad |= expect("mkdirat dirfd of /w, e", G(__NR_mkdirat, wfd, "e", 0700, 0), 0);
	bad |= expect("  made on the host", H(__NR_faccessat, AT_FDCWD, in_root(t, h1, "/w/e"), F_OK, 0), 0);
	bad |= expect("mkdirat /w/d again", G(__NR_mkdirat, AT_FDCWD, "/w/d", 0755, 0), -EEXIST);
	bad |= expect("mkdirat /w/d/. (a final dot)", G(__NR_mkdirat, AT_FDCWD, "/w/d/.", 0755, 0),
		      H(__NR_mkdirat, AT_FDCWD, in_root(t, h1, "/w/d/."), 0755, 0));

	/* symlinkat: the link's name translated, its text kept as written. */
	bad |= expect("symlinkat ../etc/f /w/s", G(__NR_symlinkat, "../etc/f", AT_FDCWD, "/w/s", 0), 0);
	rc = H(__NR_readlinkat, AT_FDCWD, in_root(t, h1, "/w/s"), buf, sizeof(buf));
	bad |= expect_str("  its text on the host", buf, rc < 0 ? 0 : (size_t)rc, "../etc/f");
	bad |= expect("symlinkat /etc/f, dirfd of /w, abs",
		      G(__NR_symlinkat, "/etc/f", wfd, "abs", 0), 0);
	rc = H(__NR_readlinkat, AT_FDCWD, in_root(t, h1, "/w/abs"), buf, sizeof(buf));
	bad |= expect_str("  its text on the host", buf, rc < 0 ? 0 : (size_t)rc, "/etc/f");
	bad |= expect("symlinkat, bad target", G(__NR_symlinkat, 8, AT_FDCWD, "/w/bad", 0), -EFAULT);

	/* renameat2: two dirfd + lpath pairs, across the rootfs. */
	long ino_s = host_ino(in_root(t, h1, "/w/s"), AT_SYMLINK_NOFOLLOW);
	bad |= expect("renameat2 /w/s /w/d/s2",
		      G5(__NR_renameat2, AT_FDCWD, "/w/s", AT_FDCWD, "/w/d/s2", 0), 0);
	bad |= expect("renameat2 dirfd of /w, d/s2 -> /s3",
		      G5(__NR_renameat2, wfd, "d/s2", AT_FDCWD, "/s3", 0), 0);
	bad |= expect("  moved on the host", host_ino(in_root(t, h1, "/s3"), AT_SYMLINK_NOFOLLOW), ino_s);
	bad |= expect("renameat2, bad second path",
		      G5(__NR_renameat2, AT_FDCWD, "/s3", AT_FDCWD, 8, 0), -EFAULT);
	bad |= expect("  not moved", host_ino(in_root(t, h1, "/s3"), AT_SYMLINK_NOFOLLOW), ino_s);
	bad |= expect("renameat2 /s3 to /data (another binding)",
		      G5(__NR_renameat2, AT_FDCWD, "/s3", AT_FDCWD, "/data/s3", 0), -EXDEV);
#ifdef __NR_renameat
	bad |= expect("renameat /s3 /w/s", G(__NR_renameat, AT_FDCWD, "/s3", AT_FDCWD, "/w/s"), 0);
	bad |= expect("  moved on the host", host_ino(in_root(t, h1, "/w/s"), AT_SYMLINK_NOFOLLOW), ino_s);
#else
	bad |= expect("renameat2 /s3 /w/s", G5(__NR_renameat2, AT_FDCWD, "/s3", AT_FDCWD, "/w/s", 0), 0);
#endif

	/* linkat: linkflags (the old path followed only with AT_SYMLINK_FOLLOW). */
	fd = G(__NR_openat, AT_FDCWD, "/w/t", O_WRONLY | O_CREAT, 0644);
	G(__NR_close, fd, 0, 0, 0);
	bad |= expect("symlinkat t /w/tl", G(__NR_symlinkat, "t", AT_FDCWD, "/w/tl", 0), 0);
	bad |= expect("linkat /w/tl /w/hard, AT_SYMLINK_FOLLOW",
		      G5(__NR_linkat, AT_FDCWD, "/w/tl", AT_FDCWD, "/w/hard", AT_SYMLINK_FOLLOW), 0);
	bad |= expect("  the target's inode", host_ino(in_root(t, h1, "/w/hard"), AT_SYMLINK_NOFOLLOW),
		      host_ino(in_root(t, h2, "/w/t"), 0));
	bad |= expect("linkat /w/tl /w/hard2, the link itself",
		      G5(__NR_linkat, wfd, "tl", wfd, "hard2", 0), 0);
	bad |= expect("  the link's inode", host_ino(in_root(t, h1, "/w/hard2"), AT_SYMLINK_NOFOLLOW),
		      host_ino(in_root(t, h2, "/w/tl"), AT_SYMLINK_NOFOLLOW));
	bad |= expect("linkat, bad second path",
		      G5(__NR_linkat, AT_FDCWD, "/w/t", AT_FDCWD, 8, 0), -EFAULT);
	bad |= expect("linkat /w/t to /data (read-only)",
		      G5(__NR_linkat, AT_FDCWD, "/w/t", AT_FDCWD, "/data/h", 0), -EROFS);
	bad |= expect("linkat /data/g to /w (another binding)",
		      G5(__NR_linkat, AT_FDCWD, "/data/g", AT_FDCWD, "/w/h", 0), -EXDEV);
	bad |= expect("linkat /etc/f (protected)",
		      G5(__NR_linkat, AT_FDCWD, "/etc/f", AT_FDCWD, "/w/h", 0), -EACCES);
	bad |= expect("unlinkat /w/hard2", G(__NR_unlinkat, wfd, "hard2", 0, 0), 0);
	bad |= expect("unlinkat /w/tl", G(__NR_unlinkat, wfd, "tl", 0, 0), 0);
	bad |= expect("unlinkat /w/t", G(__NR_unlinkat, wfd, "t", 0, 0), 0);
	bad |= expect("unlinkat /w/hard", G(__NR_unlinkat, AT_FDCWD, "/w/hard", 0, 0), 0);

	/* A file of ours: fchmodat, fchownat, utimensat, truncate. */
	fd = G(__NR_openat, AT_FDCWD, "/w/file", O_WRONLY | O_CREAT, 0644);
	bad |= expect("openat /w/file O_CREAT", fd < 0 ? fd : 0, 0);
	in_root(t, h1, "/w/file");
	bad |= expect("fchmodat /w/file 0600", G(__NR_fchmodat, AT_FDCWD, "/w/file", 0600, 0), 0);
	H(__NR_newfstatat, AT_FDCWD, h1, &st, 0);
	bad |= expect("  its mode on the host", st.st_mode & 07777, 0600);
	bad |= expect("fchownat /w/file -1 -1, nofollow",
		      G5(__NR_fchownat, AT_FDCWD, "/w/file", -1, -1, AT_SYMLINK_NOFOLLOW),
		      H5(__NR_fchownat, AT_FDCWD, h1, -1, -1, AT_SYMLINK_NOFOLLOW));
	bad |= expect("fchownat /none", G5(__NR_fchownat, AT_FDCWD, "/none", -1, -1, 0), -ENOENT);
	struct timespec ts[2] = { { 1, 0 }, { 12345, 0 } };
	bad |= expect("utimensat /w/file", G(__NR_utimensat, AT_FDCWD, "/w/file", ts, 0), 0);
	H(__NR_newfstatat, AT_FDCWD, h1, &st, 0);
	bad |= expect("  its mtime on the host", (long)st.st_mtime, 12345);
	ts[1].tv_sec = 23456;
	bad |= expect("utimensat(fd, NULL)", G(__NR_utimensat, fd, 0, ts, 0), 0);
	H(__NR_newfstatat, AT_FDCWD, h1, &st, 0);
	bad |= expect("  its mtime on the host", (long)st.st_mtime, 23456);
	bad |= expect("utimensat(AT_FDCWD, NULL)", G(__NR_utimensat, AT_FDCWD, 0, ts, 0),
		      H(__NR_utimensat, AT_FDCWD, 0, ts, 0));
	G(__NR_close, fd, 0, 0, 0);
	bad |= expect("truncate /w/file 3", G(__NR_truncate, "/w/file", 3, 0, 0), 0);
	H(__NR_newfstatat, AT_FDCWD, h1, &st, 0);
	bad |= expect("  its size on the host", (long)st.st_size, 3);
	bad |= expect("mknodat /w/fifo", G(__NR_mknodat, AT_FDCWD, "/w/fifo", S_IFIFO | 0600, 0), 0);
	H(__NR_newfstatat, AT_FDCWD, in_root(t, h2, "/w/fifo"), &st, 0);
	bad |= expect("  a fifo on the host", S_ISFIFO(st.st_mode), 1);

	/* The xattr family: the host's answers on the host path. */
	in_root(t, h2, "/w/abs");
	bad |= expect("setxattr /w/file", G5(__NR_setxattr, "/w/file", "user.k", "v", 1, 0),
		      H5(__NR_setxattr, h1, "user.k2", "v", 1, 0));
	bad |= expect("listxattr /w/file", G(__NR_listxattr, "/w/file", buf, sizeof(buf), 0),
		      H(__NR_listxattr, h1, buf2, sizeof(buf2), 0));
	bad |= expect("removexattr /w/file", G(__NR_removexattr, "/w/file", "user.k", 0, 0),
		      H(__NR_removexattr, h1, "user.k2", 0, 0));
	bad |= expect("lsetxattr /w/abs", G5(__NR_lsetxattr, "/w/abs", "user.k", "v", 1, 0),
		      H5(__NR_lsetxattr, h2, "user.k", "v", 1, 0));
	bad |= expect("llistxattr /w/abs", G(__NR_llistxattr, "/w/abs", buf, sizeof(buf), 0),
		      H(__NR_llistxattr, h2, buf2, sizeof(buf2), 0));
	bad |= expect("lremovexattr /w/abs", G(__NR_lremovexattr, "/w/abs", "user.k", 0, 0),
		      H(__NR_lremovexattr, h2, "user.k", 0, 0));
	bad |= expect("listxattr /w/abs follows to /etc/f",
		      G(__NR_listxattr, "/w/abs", buf, sizeof(buf), 0),
		      H(__NR_listxattr, t->f, buf2, sizeof(buf2), 0));

	/* statfs, inotify_add_watch (flagbits), name_to_handle_at. */
	struct statfs sf, hsf;
	bad |= expect("statfs /data", G(__NR_statfs, "/data", &sf, 0, 0), H(__NR_statfs, t->host, &hsf, 0, 0));
	bad |= expect("  its type", (long)sf.f_type, (long)hsf.f_type);
	bad |= expect("statfs /none", G(__NR_statfs, "/none", &sf, 0, 0), -ENOENT);
	long in = G(__NR_inotify_init1, 0, 0, 0, 0);
	rc = G(__NR_inotify_add_watch, in, "/data/g", IN_OPEN, 0);
	bad |= expect("inotify_add_watch /data/g: the host file's watch", rc,
		      H(__NR_inotify_add_watch, in, t->g, IN_OPEN, 0));
	rc = G(__NR_inotify_add_watch, in, "/data/l", IN_OPEN | IN_DONT_FOLLOW, 0);
	bad |= expect("inotify_add_watch /data/l, IN_DONT_FOLLOW: the link's", rc,
		      H(__NR_inotify_add_watch, in, t->l, IN_OPEN | IN_DONT_FOLLOW, 0));
	bad |= expect("  not the target's", rc == H(__NR_inotify_add_watch, in, t->g, IN_OPEN, 0), 0);
	bad |= expect("inotify_add_watch /none", G(__NR_inotify_add_watch, in, "/none", IN_OPEN, 0),
		      -ENOENT);
	G(__NR_close, in, 0, 0, 0);
	struct { struct file_handle h; unsigned char b[128]; } fh = { .h.handle_bytes = 128 },
		hfh = { .h.handle_bytes = 128 };
	int mnt = 0, hmnt = 0;
	rc = G5(__NR_name_to_handle_at, AT_FDCWD, "/data/g", &fh, &mnt, 0);
	bad |= expect("name_to_handle_at /data/g", rc,
		      H5(__NR_name_to_handle_at, AT_FDCWD, t->g, &hfh, &hmnt, 0));
	bad |= expect("  the host file's handle", rc == 0 && (fh.h.handle_bytes != hfh.h.handle_bytes ||
		      memcmp(fh.b, hfh.b, fh.h.handle_bytes) != 0), 0);
	bad |= expect("open_by_handle_at: refused", G(__NR_open_by_handle_at, AT_FDCWD, &fh, O_RDONLY, 0),
		      -EPERM);

	/* openat2: its resolve flags, in the guest's terms. */
	struct open_how how = { .flags = O_RDONLY };
	long dfd = G(__NR_openat, AT_FDCWD, "/data", O_RDONLY | O_DIRECTORY, 0);
	fd = G(__NR_openat2, AT_FDCWD, "/data/g", &how, sizeof(how));
	if (fd != -ENOSYS) {	/* Linux 5.6 */
		bad |= expect("openat2 /data/g", fd < 0 ? fd : 0, 0);
		bad |= expect("  its inode", G(__NR_fstat, fd, &st, 0, 0) < 0 ? -1 : (long)st.st_ino,
			      host_ino(t->g, 0));
		G(__NR_close, fd, 0, 0, 0);
		how.resolve = RESOLVE_IN_ROOT;
		fd = G(__NR_openat2, dfd, "/g", &how, sizeof(how));
		bad |= expect("openat2 dirfd of /data, /g, RESOLVE_IN_ROOT", fd < 0 ? fd : 0, 0);
		bad |= expect("  its inode", G(__NR_fstat, fd, &st, 0, 0) < 0 ? -1 : (long)st.st_ino,
			      host_ino(t->g, 0));
		G(__NR_close, fd, 0, 0, 0);
		how.resolve = RESOLVE_BENEATH;
		bad |= expect("openat2 dirfd of /data, ../etc/f, RESOLVE_BENEATH",
			      G(__NR_openat2, dfd, "../etc/f", &how, sizeof(how)), -EXDEV);
		how.resolve = RESOLVE_NO_SYMLINKS;
		bad |= expect("openat2 /etc/lnk, RESOLVE_NO_SYMLINKS",
			      G(__NR_openat2, AT_FDCWD, "/etc/lnk", &how, sizeof(how)), -ELOOP);
		how.resolve = 0;
		bad |= expect("openat2 /tmp", G(__NR_openat2, AT_FDCWD, "/tmp", &how, sizeof(how)), -ENOENT);
		how.flags = O_WRONLY;
		bad |= expect("openat2 /data/g O_WRONLY",
			      G(__NR_openat2, AT_FDCWD, "/data/g", &how, sizeof(how)), -EROFS);
		bad |= expect("openat2, bad path", G(__NR_openat2, AT_FDCWD, 8, &how, sizeof(how)),
			      -EFAULT);
		bad |= expect("openat2, bad how", G(__NR_openat2, AT_FDCWD, "/data/g", 8, sizeof(how)),
			      -EFAULT);
		bad |= expect("openat2, short how", G(__NR_openat2, AT_FDCWD, "/data/g", &how, 8),
			      -EINVAL);
	}
	G(__NR_close, dfd, 0, 0, 0);

	/* Paths of some commands only: quotactl's special file, fsconfig's
	 * FSCONFIG_SET_PATH value (3), bpf's BPF_OBJ_GET pathname (7). */
	const long getfmt = 0x80000400;	/* QCMD(Q_GETFMT, USRQUOTA) */
	rc = H(__NR_quotactl, getfmt, t->g, 0, buf2);
	bad |= expect("quotactl(Q_GETFMT) /data/g", G(__NR_quotactl, getfmt, "/data/g", 0, buf), rc);
	bad |= expect("  the host's answer is not ENOENT", rc == -ENOENT, 0);
	bad |= expect("quotactl(Q_GETFMT) /none", G(__NR_quotactl, getfmt, "/none", 0, buf), -ENOENT);
	long fsfd = G(__NR_fsopen, "tmpfs", 0, 0, 0);	/* needs CAP_SYS_ADMIN */
	bad |= expect("fsconfig(FSCONFIG_SET_PATH) /data/g",
		      G5(__NR_fsconfig, fsfd, 3, "source", "/data/g", AT_FDCWD),
		      H5(__NR_fsconfig, fsfd, 3, "source", t->g, AT_FDCWD));
	/* The filesystem looks its path up later (not "source"). */
	if (fsfd >= 0) {
		bad |= expect("fsconfig(FSCONFIG_SET_PATH), bad path",
			      G5(__NR_fsconfig, fsfd, 3, "source", 8, AT_FDCWD), -EFAULT);
		G(__NR_close, fsfd, 0, 0, 0);
	}
	struct { uint64_t pathname; uint32_t bpf_fd, file_flags; int32_t path_fd; } battr = { 0 };
	battr.pathname = (uint64_t)(unsigned long)t->g;
	rc = H(__NR_bpf, 7, &battr, sizeof(battr), 0);
	battr.pathname = (uint64_t)(unsigned long)"/data/g";
	bad |= expect("bpf(BPF_OBJ_GET) /data/g", G(__NR_bpf, 7, &battr, sizeof(battr), 0), rc);
	battr.pathname = (uint64_t)(unsigned long)"/none";
	bad |= expect("bpf(BPF_OBJ_GET) /none", G(__NR_bpf, 7, &battr, sizeof(battr), 0),
		      H(__NR_bpf, 7, &battr, sizeof(battr), 0) == -EPERM ? -EPERM : -ENOENT);
	battr.pathname = 8;
	bad |= expect("bpf(BPF_OBJ_GET), bad path", G(__NR_bpf, 7, &battr, sizeof(battr), 0),
		      H(__NR_bpf, 7, &battr, sizeof(battr), 0));

	/* chroot: the lookup's errors, then the caller's CAP_SYS_CHROOT
	 * (root.c); under the new root "/" is /data and ".." stops there. */
	bad |= expect("chroot /none", G(__NR_chroot, "/none", 0, 0, 0), -ENOENT);
	bad |= expect("chroot /etc/f", G(__NR_chroot, "/etc/f", 0, 0, 0), -ENOTDIR);
	long ino_g = ino_of("/data/g", 0);
	rc = G(__NR_chroot, "/data", 0, 0, 0);
	bad |= expect("chroot /data: 0, or EPERM without CAP_SYS_CHROOT", rc == 0 || rc == -EPERM, 1);
	if (rc == 0) {
		bad |= expect("  /g is /data/g", ino_of("/g", 0), ino_g);
		bad |= expect("  /../../g too", ino_of("/../../g", 0), ino_g);
		rt->root[0][0] = rt->root[1][0] = '\0';	/* "/" again */
	}

	/* A read-only binding and a protected file: nothing changed. */
	bad |= expect("mkdirat /data/d", G(__NR_mkdirat, AT_FDCWD, "/data/d", 0755, 0), -EROFS);
	append(append(h2, t->host), "/d");
	bad |= expect("  not made", H(__NR_faccessat, AT_FDCWD, h2, F_OK, 0), -ENOENT);
	bad |= expect("mkdirat /data/g (exists)", G(__NR_mkdirat, AT_FDCWD, "/data/g", 0755, 0), -EEXIST);
	bad |= expect("unlinkat /data/g", G(__NR_unlinkat, AT_FDCWD, "/data/g", 0, 0), -EROFS);
	bad |= expect("  still there", host_ino(t->g, 0) > 0, 1);
	bad |= expect("fchmodat /data/g", G(__NR_fchmodat, AT_FDCWD, "/data/g", 0600, 0), -EROFS);
	bad |= expect("truncate /data/none", G(__NR_truncate, "/data/none", 0, 0, 0), -ENOENT);
	bad |= expect("setxattr /data/g", G5(__NR_setxattr, "/data/g", "user.k", "v", 1, 0), -EROFS);
	bad |= expect("unlinkat /etc/f (protected)", G(__NR_unlinkat, AT_FDCWD, "/etc/f", 0, 0), -EACCES);
	bad |= expect("renameat2 /etc/f (protected)",
		      G5(__NR_renameat2, AT_FDCWD, "/etc/f", AT_FDCWD, "/etc/new", 0), -EACCES);
	bad |= expect("renameat2 over /etc (holds a protected file)",
		      G5(__NR_renameat2, AT_FDCWD, "/w/d", AT_FDCWD, "/etc", 0), -EACCES);
	bad |= expect("  still there", host_ino(t->f, 0) > 0, 1);
	long gfd = G(__NR_openat, AT_FDCWD, "/data/g", O_RDONLY, 0);
	bad |= expect("utimensat(fd of /data/g, NULL)", G(__NR_utimensat, gfd, 0, 0, 0), -EROFS);
	bad |= expect("fchownat(fd of /data/g, \"\", AT_EMPTY_PATH)",
		      G5(__NR_fchownat, gfd, "", -1, -1, AT_EMPTY_PATH), -EROFS);
	G(__NR_close, gfd, 0, 0, 0);

	/* The old forms, where the arch has them. */
#ifdef __NR_mkdir
	bad |= expect("mkdir /w/old", G(__NR_mkdir, "/w/old", 0755, 0, 0), 0);
	bad |= expect("rename /w/old /w/old2", G(__NR_rename, "/w/old", "/w/old2", 0, 0), 0);
	bad |= expect("rmdir /w/old2", G(__NR_rmdir, "/w/old2", 0, 0, 0), 0);
	bad |= expect("  gone on the host", H(__NR_faccessat, AT_FDCWD, in_root(t, h2, "/w/old2"), F_OK, 0),
		      -ENOENT);
	bad |= expect("symlink", G(__NR_symlink, "f", "/w/olds", 0, 0), 0);
	rc = H(__NR_readlinkat, AT_FDCWD, in_root(t, h2, "/w/olds"), buf, sizeof(buf));
	bad |= expect_str("  its text on the host", buf, rc < 0 ? 0 : (size_t)rc, "f");
	bad |= expect("link", G(__NR_link, "/w/file", "/w/oldl", 0, 0), 0);
	bad |= expect("chmod", G(__NR_chmod, "/w/oldl", 0640, 0, 0), 0);
	H(__NR_newfstatat, AT_FDCWD, h1, &st, 0);
	bad |= expect("  its mode on the host", st.st_mode & 07777, 0640);
	bad |= expect("unlink", G(__NR_unlink, "/w/oldl", 0, 0, 0), 0);
	bad |= expect("unlink /w/olds", G(__NR_unlink, "/w/olds", 0, 0, 0), 0);
	fd = G(__NR_creat, "/w/creat", 0600, 0, 0);
	bad |= expect("creat /w/creat", fd < 0 ? fd : 0, 0);
	G(__NR_close, fd, 0, 0, 0);
	bad |= expect("creat /data/c", G(__NR_creat, "/data/c", 0600, 0, 0), -EROFS);
	bad |= expect("unlink /w/creat", G(__NR_unlink, "/w/creat", 0, 0, 0), 0);
	bad |= expect("mkdir /data/d", G(__NR_mkdir, "/data/d", 0755, 0, 0), -EROFS);
#endif

	/* unlinkat: what this made, through the runtime. */
	bad |= expect("unlinkat /w/s", G(__NR_unlinkat, AT_FDCWD, "/w/s", 0, 0), 0);
	bad |= expect("unlinkat dirfd of /w, abs", G(__NR_unlinkat, wfd, "abs", 0, 0), 0);
	bad |= expect("unlinkat /w/file", G(__NR_unlinkat, AT_FDCWD, "/w/file", 0, 0), 0);
	bad |= expect("unlinkat /w/fifo", G(__NR_unlinkat, AT_FDCWD, "/w/fifo", 0, 0), 0);
	bad |= expect("unlinkat /w/d", G(__NR_unlinkat, AT_FDCWD, "/w/d", AT_REMOVEDIR, 0), 0);
	bad |= expect("unlinkat /w/e", G(__NR_unlinkat, wfd, "e", AT_REMOVEDIR, 0), 0);
	bad |= expect("  gone on the host", H(__NR_faccessat, AT_FDCWD, in_root(t, h1, "/w/e"), F_OK, 0),
		      -ENOENT);
	G(__NR_close, wfd, 0, 0, 0);

	/* getcwd after chdir into a binding: the guest path. */
	bad |= expect("chdir /data/", G(__NR_chdir, "/data/", 0, 0, 0), 0);
	bad |= expect_cwd("getcwd after chdir /data/", "/data");
	bad |= expect("chdir /none", G(__NR_chdir, "/none", 0, 0, 0), -ENOENT);
	bad |= expect("chdir, bad path", G(__NR_chdir, 8, 0, 0, 0), -EFAULT);
	bad |= expect("getcwd, bad buffer", G(__NR_getcwd, 8, 64, 0, 0), -EFAULT);
	bad |= expect("chdir /", G(__NR_chdir, "/", 0, 0, 0), 0);
	bad |= expect_cwd("getcwd after chdir /", "/");
	return bad;
}

int rt_check_main(void)
{
	char table_mem[16384], call_mem[65536], buf[64];
	struct tree t = { .base = { 0 } };
	struct stat st;
	struct statx stx;
	struct rt rt = { 0 };
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

	/* Blocked before the runtime: that becomes the guest's view. */
	unsigned long sigsys = 1UL << (SIGSYS - 1), mask = 0;
	G(__NR_rt_sigprocmask, SIG_BLOCK, &sigsys, NULL, 8);
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
	bad |= expect("SIGSYS blocked before rt_install, in the view",
		      G(__NR_rt_sigprocmask, SIG_SETMASK, NULL, &mask, 8) == 0 && (mask & sigsys), 1);
	G(__NR_rt_sigprocmask, SIG_UNBLOCK, &sigsys, NULL, 8);
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
	bad |= expect("chdir /etc", G(__NR_chdir, "/etc", 0, 0, 0), 0);
	bad |= expect_cwd("getcwd after chdir /etc", "/etc");
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
	bad |= expect("  not created", H(__NR_faccessat, AT_FDCWD, created, F_OK, 0), -ENOENT);
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

	bad |= check_calls(&rt, &t);
	bad |= check_other_sigsys();
	bad |= check_masks();
	bad |= check_other_handlers();
	bad |= check_faults();
	bad |= check_threads();
	bad |= check_restart();
	bad |= check_arenas(&rt, &t);
	remove_tree(&t);
	return bad;
}
