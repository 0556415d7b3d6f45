/* sites: path calls made many times from the same call site, for the
 * in-guest engine's rewritten sites (HACKING.md "Rewritten sites").
 * x86_64 only does the helper's own site have the shape the runtime
 * rewrites (`mov $nr,%eax; syscall`); elsewhere it is plain syscall().
 *
 *   sites OP ARGS [OP ARGS]...
 *     stat N PATH     newfstatat(PATH) N times from the helper's site A
 *     glibc N PATH    fstatat(PATH) and open(PATH) N times, through libc
 *     threads N PATH  4 threads, each N times from site A, site B (first
 *                     met here) and libc
 *     blocked N PATH  SIGUSR1 blocked and pending, N calls from site A,
 *                     then unblocked: it is delivered once, after them
 *     fork N PATH     a child makes the N calls from site A
 *     vfork N PATH    a vfork child makes the N calls from site B (on
 *                     its parent's memory: not to be rewritten)
 *     filter          installs a seccomp filter of its own (allows all)
 *     filter-stat0    one that refuses newfstatat with flags 0 (EPERM),
 *                     as a sandbox may (its other forms are let through)
 *     state           whether sites A, B and libc's fstatat are
 *                     rewritten ("jump") or as built ("syscall")
 *     exec OP...      execs /bin/sites with the ops that follow
 */
#include "helper.h"

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#if defined(__x86_64__)
/* Own sites of the shape the runtime knows; their first byte tells. */
extern const unsigned char site_a_at[], site_b_at[];
#define SITE(name, label)							\
	__attribute__((noinline, noclone)) static long name(const char *p,	\
							    struct stat *st)	\
	{									\
		long ret;							\
		register long r10 asm("r10") = 0;				\
		asm volatile(".globl " #label "\n" #label ":\n\t"		\
			     "mov $262, %%eax\n\tsyscall"			\
			     : "=a"(ret)					\
			     : "D"((long)AT_FDCWD), "S"(p), "d"(st), "r"(r10)	\
			     : "rcx", "r11", "memory");			\
		if (ret < 0) {							\
			errno = (int)-ret;					\
			return -1;						\
		}								\
		return ret;							\
	}
SITE(site_a, site_a_at)
SITE(site_b, site_b_at)
#define SITE_STATE(at) ((at)[0] == 0xe9 ? "jump" : "syscall")
#else
static long site_a(const char *p, struct stat *st)
{
	return syscall(SYS_newfstatat, AT_FDCWD, p, st, 0);
}
#define site_b site_a
#define SITE_STATE(at) "syscall"
#endif

typedef long site_fn(const char *, struct stat *);

/* N calls: 0 when all give the first one's result (kept in *first). */
static int calls(site_fn *fn, long n, const char *path, struct stat *first, int *err)
{
	struct stat st;

	*err = 0;
	for (long i = 0; i < n; i++) {
		int e = fn(path, i ? &st : first) < 0 ? errno : 0;

		if (i == 0)
			*err = e;
		else if (e != *err || (!e && (st.st_size != first->st_size ||
					      st.st_mode != first->st_mode ||
					      st.st_ino != first->st_ino)))
			return -1;
	}
	return 0;
}

static void report(const char *label, long n, const char *path, int rc, int err,
		   const struct stat *st)
{
	if (rc < 0)
		out("%s %ld %s: results differ", label, n, path);
	else if (err)
		out("%s %ld %s: %s", label, n, path, errname(err));
	else
		out("%s %ld %s: ok mode=%04o size=%lld", label, n, path,
		    (unsigned)st->st_mode, (long long)st->st_size);
}

static long glibc_stat(const char *p, struct stat *st)
{
	int fd;

	if (fstatat(AT_FDCWD, p, st, 0) < 0)
		return -1;
	fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

/* libc's fstatat site: its first `syscall` and the 5 bytes before it. */
static const char *glibc_state(void)
{
#if defined(__x86_64__)
	const unsigned char *p = (const unsigned char *)(void *)fstatat;

	for (int i = 5; i < 64; i++)
		if (p[i] == 0x0f && p[i + 1] == 0x05)
			return SITE_STATE(p + i - 5);
#endif
	return "syscall";
}

struct job {
	long n;
	const char *path;
	int ok;
};

static void *thread_main(void *arg)
{
	struct job *j = arg;
	struct stat a, b, c;
	int ea, eb, ec;

	j->ok = calls(site_a, j->n, j->path, &a, &ea) == 0 &&
		calls(site_b, j->n, j->path, &b, &eb) == 0 &&
		calls(glibc_stat, j->n, j->path, &c, &ec) == 0 && ea == eb && eb == ec &&
		(ea || (a.st_size == b.st_size && b.st_size == c.st_size));
	return NULL;
}

static volatile sig_atomic_t usr1;

static void on_usr1(int sig)
{
	(void)sig;
	usr1++;
}

static __attribute__((noinline)) void vfork_calls(long n, const char *path)
{
	struct stat st;
	int status, err, rc;
	pid_t pid = vfork();

	if (pid < 0)
		die_usage("sites: vfork failed");
	if (pid == 0) {
		rc = calls(site_b, n, path, &st, &err);
		report("vfork child", n, path, rc, err, &st);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	out("vfork: child status %d", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

int main(int argc, char **argv)
{
	struct stat st;
	int err, rc;

	for (int i = 1; i < argc; i++) {
		const char *op = argv[i];
		long n = i + 1 < argc ? atol(argv[i + 1]) : 0;
		const char *path = i + 2 < argc ? argv[i + 2] : "";

		if (strcmp(op, "state") == 0) {
#if defined(__x86_64__)
			out("site A: %s", SITE_STATE(site_a_at));
			out("site B: %s", SITE_STATE(site_b_at));
#else
			out("site A: syscall");
			out("site B: syscall");
#endif
			out("libc site: %s", glibc_state());
			continue;
		}
		if (strcmp(op, "exec") == 0) {
			argv[i] = (char *)"sites";
			execv("/bin/sites", &argv[i]);
			out("exec: %s", errname(errno));
			return 1;
		}
		if (strcmp(op, "filter") == 0 || strcmp(op, "filter-stat0") == 0) {
			struct sock_filter stat0[] = {
				BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
				BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_newfstatat, 0, 3),
				BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
					 offsetof(struct seccomp_data, args[3])),
				BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),
				BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
				BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
			};
			struct sock_fprog prog = { 6, stat0 };

			if (strcmp(op, "filter") == 0)
				prog = (struct sock_fprog){ 1, &stat0[5] };

			if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
			    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
				out("filter: %s", errname(errno));
			else
				out("filter: ok");
			continue;
		}
		if (i + 2 >= argc)
			die_usage("sites stat|glibc|threads|blocked|fork N PATH... | state");
		i += 2;
		if (strcmp(op, "stat") == 0) {
			rc = calls(site_a, n, path, &st, &err);
			report(op, n, path, rc, err, &st);
		} else if (strcmp(op, "glibc") == 0) {
			rc = calls(glibc_stat, n, path, &st, &err);
			report(op, n, path, rc, err, &st);
		} else if (strcmp(op, "threads") == 0) {
			pthread_t t[4];
			struct job j[4];
			int all = 1;

			for (int k = 0; k < 4; k++) {
				j[k] = (struct job){ n, path, 0 };
				if (pthread_create(&t[k], NULL, thread_main, &j[k]) != 0)
					die_usage("sites: pthread_create failed");
			}
			for (int k = 0; k < 4; k++) {
				pthread_join(t[k], NULL);
				all &= j[k].ok;
			}
			out("threads %ld %s: %s", n, path, all ? "ok" : "results differ");
		} else if (strcmp(op, "blocked") == 0) {
			sigset_t set, pend;

			signal(SIGUSR1, on_usr1);
			sigemptyset(&set);
			sigaddset(&set, SIGUSR1);
			sigprocmask(SIG_BLOCK, &set, NULL);
			raise(SIGUSR1);
			rc = calls(site_a, n, path, &st, &err);
			sigpending(&pend);
			report(op, n, path, rc, err, &st);
			out("blocked: pending=%d delivered=%d", sigismember(&pend, SIGUSR1),
			    (int)usr1);
			sigprocmask(SIG_UNBLOCK, &set, NULL);
			out("unblocked: delivered=%d", (int)usr1);
		} else if (strcmp(op, "fork") == 0) {
			pid_t pid = fork();
			int status;

			if (pid < 0)
				die_usage("sites: fork failed");
			if (pid == 0) {
				rc = calls(site_a, n, path, &st, &err);
				report("child", n, path, rc, err, &st);
				_exit(0);
			}
			waitpid(pid, &status, 0);
			out("fork: child status %d", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		} else if (strcmp(op, "vfork") == 0) {
			vfork_calls(n, path);
		} else {
			die_usage("sites stat|glibc|threads|blocked|fork N PATH... | state");
		}
	}
	return 0;
}
