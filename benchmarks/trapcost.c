/* trapcost: what one newfstatat costs on each path an in-guest engine
 * could take (HACKING.md "The in-guest engine"), x86_64 only.
 *
 *   make build/bench/trapcost && build/bench/trapcost [CALLS] [ROUNDS]
 *
 * Each mode calls newfstatat("/etc/passwd") CALLS times (default 100000)
 * from a call site of its own, `mov $262,%eax; syscall`, as libc wrappers
 * have it, and prints the median over ROUNDS rounds (default 11) in ns
 * per call, and the median of each round's cost over the direct call
 * (each mode runs in a child of its own, the modes interleaved), in
 * the thread's CPU time (TRAPCOST_WALL=1: wall-clock time):
 *
 * - direct: the site as is;
 * - sud: Syscall User Dispatch (Linux 5.11) sends SIGSYS for every call
 *   made outside one address range; the handler re-issues the call from
 *   that range ("runtime", which also holds the signal restorer);
 * - seccomp: a filter returns SECCOMP_RET_TRAP for newfstatat made
 *   outside the range, and the same handler re-issues it;
 * - patched: the same filter, but the first trap rewrites the site into
 *   `jmp STUB` (written through /proc/self/mem, the text stays read-only).
 *   The stub, one per site, steps over the red zone, loads the number,
 *   calls the runtime's entry (which saves the registers the syscall ABI
 *   keeps, calls the C dispatcher and restores them) and jumps back: later
 *   calls take no signal at all.
 *
 * - seccomp+canon, patched+canon: the same, with the path translated by
 *   the freestanding path core (rootfs "/", an lstat per component);
 * - runtime: the runtime's own handler (src/runtime/trap.c) end to end:
 *   a bind table image of rootfs "/" read by rt_init, the filter trapping
 *   newfstatat from outside the runtime's text (rt_text) with the run's
 *   tag, the path copied in with rt_copy_str and translated;
 * - runtime-lstat: the same with AT_SYMLINK_NOFOLLOW (lstat, as ls -l,
 *   readlink and lgetxattr look up their final component).
 *
 * The first four translate no path: their differences are the mechanisms'
 * own costs.
 * Compare with build/bench/floor (a ptrace stop) on the same machine. */
#if !defined(__x86_64__)
#include <stdio.h>
int main(void)
{
	fputs("trapcost: x86_64 only\n", stderr);
	return 77;
}
#else
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "arena.h"
#include "path/bind.h"
#include "path/canon.h"
#include "trap.h"

#ifndef PR_SET_SYSCALL_USER_DISPATCH
#define PR_SET_SYSCALL_USER_DISPATCH 59
#define PR_SYS_DISPATCH_OFF 0
#define PR_SYS_DISPATCH_ON 1
#define SYSCALL_DISPATCH_FILTER_ALLOW 0
#define SYSCALL_DISPATCH_FILTER_BLOCK 1
#endif

/* ---- the "runtime": the one address range allowed to make calls ---- */

__attribute__((section("runtime"), noinline))
static long rt_syscall6(long nr, long a, long b, long c, long d, long e, long f)
{
	long ret;
	register long r10 asm("r10") = d;
	register long r8 asm("r8") = e;
	register long r9 asm("r9") = f;

	asm volatile("syscall" : "=a"(ret)
		     : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
		     : "rcx", "r11", "memory");
	return ret;
}

/* The signal restorer lives in the range too: under SUD its rt_sigreturn
 * would trap otherwise. */
asm(".pushsection runtime,\"ax\",@progbits\n"
    "rt_restorer:\n"
    "	mov $15, %eax\n"
    "	syscall\n"
    ".popsection\n");
void rt_restorer(void);

/* The "+canon" modes translate the path as the runtime will: the path
 * core built freestanding ($(B)/rt/path.o), a rootfs "/", an lstat per
 * component made from the runtime's range. */
struct xlate {
	int on;
	struct arena arena, table;	/* per call; the bind table's */
	void *ctx;			/* the per-call arena's root */
	struct bindings *binds;
	struct fsops fs;
	char mem[65536], table_mem[8192];
};
/* A signal handler cannot be passed state: the benchmark's one static. */
static struct xlate xlate;

__attribute__((section("runtime")))
static int rt_lstat(void *opaque, const char *host, struct stat *st)
{
	(void)opaque;
	return (int)rt_syscall6(__NR_newfstatat, AT_FDCWD, (long)host, (long)st,
				AT_SYMLINK_NOFOLLOW, 0, 0);
}

__attribute__((section("runtime")))
static int rt_readlink(void *opaque, TALLOC_CTX *mem, const char *host, char **target,
		       enum fs_link_kind *kind)
{
	char *buf = talloc_size(mem, 4096);
	long n;

	(void)opaque;
	if (!buf)
		return -ENOMEM;
	n = rt_syscall6(__NR_readlinkat, AT_FDCWD, (long)host, (long)buf, 4095, 0, 0);
	if (n < 0)
		return (int)n;
	buf[n] = '\0';
	*target = buf;
	*kind = FS_LINK_PLAIN;
	return 0;
}

/* newfstatat(dirfd, path, st, flags) with path translated. */
static long rt_translated(long nr, long dirfd, long path, long st, long flags)
{
	struct canon_result res;
	long rc;

	if ((int)dirfd != AT_FDCWD || ((const char *)path)[0] != '/')
		return -ENOSYS;		/* not in this benchmark */
	arena_reset(&xlate.arena);
	rc = canon_resolve(xlate.ctx, xlate.binds, &xlate.fs, "/", "/", (const char *)path,
			   (flags & AT_SYMLINK_NOFOLLOW) ? CANON_NOFOLLOW : 0, &res);
	if (rc < 0)
		return rc;
	return rt_syscall6(nr, dirfd, (long)res.host, st, flags, 0, 0);
}

/* The saved registers, in the order rt_entry pushes them. */
struct frame {
	long nr, a1, a2, a3, a4, a5, a6;
};

/* What a patched site reaches: a function call, no signal. */
long rt_dispatch(struct frame *f);
__attribute__((section("runtime"), used, noinline))
long rt_dispatch(struct frame *f)
{
	if (xlate.on)
		return rt_translated(f->nr, f->a1, f->a2, f->a3, f->a4);
	return rt_syscall6(f->nr, f->a1, f->a2, f->a3, f->a4, f->a5, f->a6);
}

/* Entry from a stub: keeps every register the syscall instruction keeps
 * (all but rax, rcx, r11), aligns the stack for C, calls rt_dispatch. */
asm(".pushsection runtime,\"ax\",@progbits\n"
    "rt_entry:\n"
    "	push %rbp\n"
    "	mov %rsp, %rbp\n"
    "	push %r9\n"
    "	push %r8\n"
    "	push %r10\n"
    "	push %rdx\n"
    "	push %rsi\n"
    "	push %rdi\n"
    "	push %rax\n"
    "	mov %rsp, %rdi\n"
    "	and $-16, %rsp\n"
    "	call rt_dispatch\n"
    "	lea -48(%rbp), %rsp\n"
    "	pop %rdi\n"
    "	pop %rsi\n"
    "	pop %rdx\n"
    "	pop %r10\n"
    "	pop %r8\n"
    "	pop %r9\n"
    "	pop %rbp\n"
    "	ret\n"
    ".popsection\n");
void rt_entry(void);
extern char __start_runtime[], __stop_runtime[];

/* ---- call sites: the instruction bytes of a libc wrapper ---- */

#define SITE(name)								\
	__attribute__((noinline)) static long name(int dirfd, const char *p,	\
						   struct stat *st, int fl)	\
	{									\
		long ret;							\
		register long r10 asm("r10") = fl;				\
		asm volatile("mov $262, %%eax\n\tsyscall" : "=a"(ret)		\
			     : "D"((long)dirfd), "S"(p), "d"(st), "r"(r10)	\
			     : "rcx", "r11", "memory");			\
		return ret;							\
	}
SITE(site_direct)
SITE(site_sud)
SITE(site_seccomp)
SITE(site_patched)
SITE(site_runtime)

typedef long site_fn(int, const char *, struct stat *, int);

/* ---- patching ---- */

struct patcher {
	int on;			/* rewrite sites at their first trap */
	int mem;		/* /proc/self/mem */
	unsigned char *stubs;	/* RWX page within rel32 reach of the text */
	size_t used;
	int patched;
};
/* The handler's only state: a signal handler cannot be passed any. */
static struct patcher patcher = { .mem = -1 };

static int put(struct patcher *p, uintptr_t at, const void *bytes, size_t n)
{
	return pwrite(p->mem, bytes, n, (off_t)at) == (ssize_t)n ? 0 : -EIO;
}

static int32_t rel32(uintptr_t from_next, uintptr_t to)
{
	return (int32_t)((intptr_t)to - (intptr_t)from_next);
}

/* `end` is the address after the syscall instruction. */
static int patch_site(struct patcher *p, uintptr_t end)
{
	const unsigned char *s = (const unsigned char *)end - 7;
	unsigned char *stub = p->stubs + p->used;
	unsigned char *q = stub;
	uintptr_t entry = (uintptr_t)rt_entry;

	if (s[0] != 0xb8 || s[5] != 0x0f || s[6] != 0x05 || p->used + 64 > 4096)
		return -ENOEXEC;
	memcpy(q, "\x48\x8d\x64\x24\x80", 5), q += 5;		/* lea -128(%rsp),%rsp */
	memcpy(q, s, 5), q += 5;				/* mov $nr,%eax */
	memcpy(q, "\x49\xbb", 2), q += 2;			/* movabs $rt_entry,%r11 */
	memcpy(q, &entry, 8), q += 8;
	memcpy(q, "\x41\xff\xd3", 3), q += 3;			/* call *%r11 */
	memcpy(q, "\x48\x8d\xa4\x24\x80\x00\x00\x00", 8), q += 8; /* lea 128(%rsp),%rsp */
	*q++ = 0xe9;						/* jmp end */
	int32_t back = rel32((uintptr_t)q + 4, end);
	memcpy(q, &back, 4), q += 4;
	p->used += (size_t)(q - stub);

	/* jmp stub; the syscall instruction stays, for a jump that lands on it */
	unsigned char jmp[5] = { 0xe9 };
	int32_t to = rel32((uintptr_t)s + 5, (uintptr_t)stub);
	memcpy(jmp + 1, &to, 4);
	return put(p, (uintptr_t)s, jmp, sizeof jmp);
}

static void on_sigsys(int sig, siginfo_t *si, void *ctx)
{
	greg_t *g = ((ucontext_t *)ctx)->uc_mcontext.gregs;

	(void)sig;
	if (patcher.on && patch_site(&patcher, (uintptr_t)si->si_call_addr) == 0)
		patcher.patched++;
	if (xlate.on)
		g[REG_RAX] = rt_translated(g[REG_RAX], g[REG_RDI], g[REG_RSI], g[REG_RDX],
					   g[REG_R10]);
	else
		g[REG_RAX] = rt_syscall6(g[REG_RAX], g[REG_RDI], g[REG_RSI], g[REG_RDX],
					 g[REG_R10], g[REG_R8], g[REG_R9]);
}

/* ---- measuring ---- */

static volatile unsigned char sud_selector = SYSCALL_DISPATCH_FILTER_ALLOW;

/* CPU time of the thread by default: the machine may be shared, and
 * every mechanism here runs in the one thread (no wakeup to count). */
static clockid_t clock_used = CLOCK_THREAD_CPUTIME_ID;

static double ns_per_call(site_fn *site, long n, int sud, int flags)
{
	struct timespec t0, t1;
	struct stat st;

	clock_gettime(clock_used, &t0);
	if (sud)
		sud_selector = SYSCALL_DISPATCH_FILTER_BLOCK;
	for (long i = 0; i < n; i++)
		if (site(AT_FDCWD, "/etc/passwd", &st, flags) != 0)
			abort();
	if (sud)
		sud_selector = SYSCALL_DISPATCH_FILTER_ALLOW;
	clock_gettime(clock_used, &t1);
	return ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / n;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median_of(double *v, int n)
{
	qsort(v, n, sizeof v[0], cmp);
	return v[n / 2];
}

struct kernel_sigaction {
	void (*handler)(int, siginfo_t *, void *);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

enum mode { DIRECT, SUD, SECCOMP, PATCHED, SECCOMP_CANON, PATCHED_CANON, RUNTIME, RUNTIME_LSTAT,
	     MODES };
static const char *const mode_name[MODES] = {
	"direct", "sud", "seccomp", "patched", "seccomp+canon", "patched+canon", "runtime",
	"runtime-lstat",
};

/* The runtime's code (the section rt_text of $(B)/rt/runtime.o). */
extern char __start_rt_text[], __stop_rt_text[];
#define RUNTIME_TAG 0x7ac5

/* The runtime mode's setup: its handler, its table from an image. */
static int runtime_setup(struct rt *rt, char *table_mem, size_t table_size, char *call_mem,
			 size_t call_size)
{
	struct arena scratch;
	void *ctx = arena_init(&scratch, call_mem, call_size);
	struct bindings *b = bindings_new(ctx, "/");
	static char image[4096];
	void *img;
	size_t size;

	if (!b || bindings_to_image(ctx, b, &img, &size) || size > sizeof(image))
		return -1;
	memcpy(image, img, size);
	if (rt_init(rt, RUNTIME_TAG, image, size, table_mem, table_size, call_mem, call_size) ||
	    rt_install(rt))
		return -1;
	return 0;
}

/* One mode in a fresh child: a filter cannot be removed, so each round
 * of each mode starts clean.  ns per call, or -1. */
static double measure(enum mode m, long n)
{
	int in_rt = m == RUNTIME || m == RUNTIME_LSTAT;
	uintptr_t lo = (uintptr_t)(in_rt ? __start_rt_text : __start_runtime);
	uintptr_t hi = (uintptr_t)(in_rt ? __stop_rt_text : __stop_runtime);
	struct kernel_sigaction ka = {
		.handler = on_sigsys, .flags = SA_SIGINFO | SA_NODEFER | 0x04000000 /* SA_RESTORER */,
		.restorer = rt_restorer,
	};
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_newfstatat, 0, 7),
		/* the high word first: the range is within one 4 GiB window */
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, instruction_pointer) + 4),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)(lo >> 32), 0, 4),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, instruction_pointer)),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (uint32_t)lo, 0, 2),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (uint32_t)hi, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP | (in_rt ? RUNTIME_TAG : 0)),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof f / sizeof f[0], f };
	double r;

	if (syscall(SYS_rt_sigaction, SIGSYS, &ka, NULL, 8)) {
		perror("trapcost: rt_sigaction");
		return -1;
	}
	if (m == DIRECT)
		return ns_per_call(site_direct, n, 0, 0);
	if (m == SUD) {
		if (prctl(PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_ON, lo, hi - lo, &sud_selector)) {
			perror("trapcost: PR_SET_SYSCALL_USER_DISPATCH");
			return -1;
		}
		return ns_per_call(site_sud, n, 1, 0);
	}
	if ((lo >> 32) != ((hi - 1) >> 32) || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog)) {
		perror("trapcost: seccomp");
		return -1;
	}
	if (m == SECCOMP_CANON || m == PATCHED_CANON) {
		xlate.ctx = arena_init(&xlate.arena, xlate.mem, sizeof(xlate.mem));
		xlate.binds = bindings_new(arena_init(&xlate.table, xlate.table_mem,
						      sizeof(xlate.table_mem)), "/");
		xlate.fs.lstat = rt_lstat;
		xlate.fs.readlink = rt_readlink;
		if (!xlate.binds) {
			fputs("trapcost: no bind table\n", stderr);
			return -1;
		}
		xlate.on = 1;
	}
	if (m == SECCOMP || m == SECCOMP_CANON)
		return ns_per_call(site_seccomp, n, 0, 0);
	if (in_rt) {
		static char table_mem[16384], call_mem[65536];
		struct rt rt;

		if (runtime_setup(&rt, table_mem, sizeof(table_mem), call_mem, sizeof(call_mem))) {
			fputs("trapcost: cannot set up the runtime\n", stderr);
			return -1;
		}
		r = ns_per_call(site_runtime, n, 0, m == RUNTIME_LSTAT ? AT_SYMLINK_NOFOLLOW : 0);
		if (rt.traps != (unsigned long)n) {
			fprintf(stderr, "trapcost: %lu calls trapped, expected %ld\n", rt.traps, n);
			return -1;
		}
		return r;
	}

	/* Stubs within rel32 reach of the site: ask for a page 512 MiB above. */
	uintptr_t near = ((uintptr_t)site_patched & ~(uintptr_t)0xfff) + (1UL << 29);
	patcher.stubs = mmap((void *)near, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	patcher.mem = open("/proc/self/mem", O_RDWR | O_CLOEXEC);
	if (patcher.stubs == MAP_FAILED || patcher.mem < 0 ||
	    llabs((long long)((uintptr_t)patcher.stubs - (uintptr_t)site_patched)) > (1LL << 31) - 4096) {
		perror("trapcost: stubs");
		return -1;
	}
	patcher.on = 1;
	r = ns_per_call(site_patched, n, 0, 0);
	if (patcher.patched != 1) {
		fprintf(stderr, "trapcost: %d sites patched, expected 1\n", patcher.patched);
		return -1;
	}
	return r;
}

static double in_child(enum mode m, long n)
{
	int p[2];
	double r = -1;
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		r = measure(m, n);
		_exit(write(p[1], &r, sizeof r) == sizeof r ? 0 : 1);
	}
	close(p[1]);
	if (pid < 0 || read(p[0], &r, sizeof r) != sizeof r)
		r = -1;
	close(p[0]);
	while (pid > 0 && waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	return r;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100000;
	int rounds = argc > 2 ? atoi(argv[2]) : 11;
	double v[MODES][101], over[MODES][101];

	if (getenv("TRAPCOST_WALL"))
		clock_used = CLOCK_MONOTONIC;
	if (n < 1 || rounds < 1 || rounds > 101) {
		fputs("usage: trapcost [CALLS] [ROUNDS<=101]\n", stderr);
		return 2;
	}
	/* Rounds interleave the modes, so that a busy moment of the
	 * machine weighs on all of them alike. */
	for (int r = 0; r < rounds; r++)
		for (int m = 0; m < MODES; m++) {
			v[m][r] = in_child(m, n);
			if (v[m][r] < 0)
				return 1;
			over[m][r] = v[m][r] - v[DIRECT][r];
		}
	printf("newfstatat, %d interleaved rounds of %ld calls, %s time: median ns per call, "
	       "and median of each round's cost over direct\n", rounds, n,
	       clock_used == CLOCK_MONOTONIC ? "wall" : "thread CPU");
	for (int m = 0; m < MODES; m++) {
		double c = median_of(v[m], rounds);

		if (m == DIRECT)
			printf("%-14s %7.0f\n", mode_name[m], c);
		else
			printf("%-14s %7.0f  %+7.0f\n", mode_name[m], c, median_of(over[m], rounds));
	}
	return 0;
}
#endif
