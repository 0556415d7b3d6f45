/* forker: process and thread shapes a tracer must follow.
 *
 *   forker chain N     fork+exec /bin/forker N levels deep
 *   forker vfork       vfork, the child execs /bin/probe
 *   forker threads N   N threads doing path syscalls at the same time
 *   forker blockedsys N  N threads block SIGSYS, send it to themselves and
 *                      make path syscalls at once, then unblock it
 *   forker blockedopen threads make path syscalls while one waits inside
 *                      an open (of a FIFO in /tmp, until main opens it)
 *   forker fsshare     a thread's chdir is seen by the other (CLONE_FS)
 *   forker clonefs     same with a process made by clone(CLONE_FS)
 *   forker unsharefs   a thread that did unshare(CLONE_FS) has its own cwd
 *   forker threadexec  a non-leader thread calls execve
 *   forker orphan      a grandchild outlives its parent, then works
 *   forker N           chain N, vfork, threads 4, fsshare, clonefs,
 *                      unsharefs, one after another
 *
 * Output is deterministic: threads record their results and the main
 * thread prints them in order; processes print after waiting.
 */
#include "helper.h"

#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

static void print_cwd(const char *who)
{
	char buf[4096];
	if (syscall(SYS_getcwd, buf, sizeof buf) < 0)
		out("%s: getcwd %s", who, errname(errno));
	else
		out("%s: getcwd %s", who, buf);
}

static const char *stat_rel(const char *path)
{
	struct stat st;
	return syscall(SYS_newfstatat, AT_FDCWD, path, &st, 0) < 0 ? errname(errno) : "ok";
}

static int chain(int n)
{
	char arg[16];
	out("chain %d: stat /etc/guest-only %s", n, stat_rel("/etc/guest-only"));
	if (n <= 0)
		return 0;
	snprintf(arg, sizeof arg, "%d", n - 1);
	pid_t pid = fork();
	if (pid < 0) {
		out("chain %d: fork %s", n, errname(errno));
		return 1;
	}
	if (pid == 0) {
		char *av[] = { "forker", "chain", arg, NULL };
		syscall(SYS_execve, "/bin/forker", av, environ);
		out("chain %d: execve %s", n, errname(errno));
		_exit(127);
	}
	int st;
	waitpid(pid, &st, 0);
	out("chain %d: child %s", n, wait_status(st));
	return 0;
}

static int do_vfork(void)
{
	char *av[] = { "probe", "echo", "vfork child runs probe", "getcwd", NULL };
	pid_t pid = vfork();
	if (pid == 0) {
		syscall(SYS_execve, "/bin/probe", av, environ);
		_exit(127);
	}
	if (pid < 0) {
		out("vfork: %s", errname(errno));
		return 1;
	}
	int st;
	waitpid(pid, &st, 0);
	out("vfork: child %s", wait_status(st));
	return 0;
}

/* ---- threads doing path syscalls concurrently ---------------------- */

#define ROUNDS 200
static struct stat ref_stat;
static char ref_link[256];
static long ref_link_len;

static void *worker(void *arg)
{
	long good = 0;
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		struct stat st;
		char buf[256];
		int ok = 1;
		if (syscall(SYS_newfstatat, AT_FDCWD, "/etc/guest-only", &st, 0) < 0 ||
		    st.st_size != ref_stat.st_size)
			ok = 0;
		long n = syscall(SYS_readlinkat, AT_FDCWD, "/links/abs", buf, sizeof buf);
		if (n != ref_link_len || memcmp(buf, ref_link, n) != 0)
			ok = 0;
		long fd = syscall(SYS_openat, AT_FDCWD, "/etc/../etc/guest-only", O_RDONLY);
		if (fd < 0)
			ok = 0;
		else
			close(fd);
		good += ok;
	}
	return (void *)good;
}

static int threads(int n)
{
	pthread_t t[64];
	if (n > 64)
		n = 64;
	if (syscall(SYS_newfstatat, AT_FDCWD, "/etc/guest-only", &ref_stat, 0) < 0)
		out("threads: stat /etc/guest-only %s", errname(errno));
	ref_link_len = syscall(SYS_readlinkat, AT_FDCWD, "/links/abs", ref_link, sizeof ref_link);
	out("threads: main sees /links/abs -> %.*s", (int)(ref_link_len > 0 ? ref_link_len : 0), ref_link);
	for (int i = 0; i < n; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	for (int i = 0; i < n; i++) {
		void *good;
		pthread_join(t[i], &good);
		out("threads: thread %d: %ld/%d rounds agree with main", i, (long)good, ROUNDS);
	}
	return 0;
}

/* ---- threads that all block SIGSYS at once ------------------------- */

static pthread_barrier_t all_blocked;
static int sigsys_seen;

static void count_sigsys(int sig)
{
	(void)sig;
	__atomic_fetch_add(&sigsys_seen, 1, __ATOMIC_RELAXED);
}

/* Each thread blocks SIGSYS and sends itself one, which waits (its
 * siginfo kept by the runtime) until the thread unblocks it. */
static void *blocked_worker(void *arg)
{
	sigset_t sys;
	void *good;

	(void)arg;
	sigemptyset(&sys);
	sigaddset(&sys, SIGSYS);
	pthread_sigmask(SIG_BLOCK, &sys, NULL);
	syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGSYS);
	pthread_barrier_wait(&all_blocked);
	good = worker(NULL);
	pthread_sigmask(SIG_UNBLOCK, &sys, NULL);
	return good;
}

static int blockedsys(int n)
{
	pthread_t t[64];

	if (n > 64)
		n = 64;
	if (syscall(SYS_newfstatat, AT_FDCWD, "/etc/guest-only", &ref_stat, 0) < 0)
		out("blockedsys: stat /etc/guest-only %s", errname(errno));
	ref_link_len = syscall(SYS_readlinkat, AT_FDCWD, "/links/abs", ref_link, sizeof ref_link);
	signal(SIGSYS, count_sigsys);
	pthread_barrier_init(&all_blocked, NULL, (unsigned)n);
	for (int i = 0; i < n; i++)
		pthread_create(&t[i], NULL, blocked_worker, NULL);
	for (int i = 0; i < n; i++) {
		void *good;
		pthread_join(t[i], &good);
		if ((long)good != ROUNDS)
			out("blockedsys: thread %d: %ld/%d rounds agree with main", i, (long)good, ROUNDS);
	}
	out("blockedsys: %d threads done, %d SIGSYS handled", n, sigsys_seen);
	return 0;
}

/* ---- threads trapping while one waits inside a trapped call --------- */

#define FIFO "/tmp/forker-fifo"
static volatile int reader_started;

static void *fifo_reader(void *arg)
{
	(void)arg;
	__atomic_store_n(&reader_started, 1, __ATOMIC_RELEASE);
	return (void *)syscall(SYS_openat, AT_FDCWD, FIFO, O_RDONLY);
}

static int blockedopen(void)
{
	struct timespec pause = { 0, 20 * 1000 * 1000 };
	pthread_t t;
	void *fd;
	long good, wfd;

	unlink(FIFO);
	if (mkfifo(FIFO, 0600) < 0 ||
	    syscall(SYS_newfstatat, AT_FDCWD, "/etc/guest-only", &ref_stat, 0) < 0) {
		out("blockedopen: %s", errname(errno));
		return 1;
	}
	ref_link_len = syscall(SYS_readlinkat, AT_FDCWD, "/links/abs", ref_link, sizeof ref_link);
	pthread_create(&t, NULL, fifo_reader, NULL);
	while (!__atomic_load_n(&reader_started, __ATOMIC_ACQUIRE))
		sched_yield();
	nanosleep(&pause, NULL);	/* into its open, most likely: no harm if not */
	good = (long)worker(NULL);
	out("blockedopen: %ld/%d rounds agree while a thread waits in open", good, ROUNDS);
	wfd = syscall(SYS_openat, AT_FDCWD, FIFO, O_WRONLY);
	pthread_join(t, &fd);
	out("blockedopen: the writer's open %s, the reader's %s", wfd >= 0 ? "ok" : errname(errno),
	    (long)fd >= 0 ? "ok" : "failed");
	unlink(FIFO);
	return 0;
}

/* ---- cwd shared between threads (CLONE_FS) -------------------------- */

static sem_t step1, step2;

static void *fsshare_thread(void *arg)
{
	(void)arg;
	out("fsshare: thread chdir /etc %s", syscall(SYS_chdir, "/etc") < 0 ? errname(errno) : "ok");
	sem_post(&step1);
	sem_wait(&step2);
	print_cwd("fsshare: thread after main's chdir /tmp");
	return NULL;
}

static int fsshare(void)
{
	pthread_t t;
	sem_init(&step1, 0, 0);
	sem_init(&step2, 0, 0);
	syscall(SYS_chdir, "/");
	pthread_create(&t, NULL, fsshare_thread, NULL);
	sem_wait(&step1);
	print_cwd("fsshare: main after thread's chdir");
	out("fsshare: main stat guest-only (relative) %s", stat_rel("guest-only"));
	syscall(SYS_chdir, "/tmp");
	sem_post(&step2);
	pthread_join(t, NULL);
	return 0;
}

static int clonefs(void)
{
	syscall(SYS_chdir, "/");
	/* No CLONE_VM: a fork that shares cwd and root with its parent. */
	long pid = syscall(SYS_clone, CLONE_FS | SIGCHLD, 0, NULL, NULL, 0);
	if (pid == 0) {
		syscall(SYS_chdir, "/etc");
		syscall(SYS_exit_group, 0);
	}
	if (pid < 0) {
		out("clonefs: clone %s", errname(errno));
		return 1;
	}
	int st;
	waitpid(pid, &st, 0);
	out("clonefs: child %s", wait_status(st));
	print_cwd("clonefs: parent after child's chdir /etc");
	out("clonefs: parent stat guest-only (relative) %s", stat_rel("guest-only"));
	return 0;
}

static void *unsharefs_thread(void *arg)
{
	(void)arg;
	out("unsharefs: thread unshare(CLONE_FS) %s",
	    syscall(SYS_unshare, CLONE_FS) < 0 ? errname(errno) : "ok");
	out("unsharefs: thread chdir /etc %s", syscall(SYS_chdir, "/etc") < 0 ? errname(errno) : "ok");
	print_cwd("unsharefs: thread");
	out("unsharefs: thread stat guest-only (relative) %s", stat_rel("guest-only"));
	return NULL;
}

static int unsharefs(void)
{
	pthread_t t;
	syscall(SYS_chdir, "/tmp");
	pthread_create(&t, NULL, unsharefs_thread, NULL);
	pthread_join(t, NULL);
	print_cwd("unsharefs: main");
	out("unsharefs: main stat guest-only (relative) %s", stat_rel("guest-only"));
	return 0;
}

/* ---- execve from a thread that is not the leader -------------------- */

static void *exec_thread(void *arg)
{
	char *av[] = { "probe", "echo", "threadexec: probe runs", "getcwd", NULL };
	(void)arg;
	syscall(SYS_execve, "/bin/probe", av, environ);
	out("threadexec: execve %s", errname(errno));
	syscall(SYS_exit_group, 127);
	return NULL;
}

static int threadexec(void)
{
	pthread_t t;
	syscall(SYS_chdir, "/etc");
	pthread_create(&t, NULL, exec_thread, NULL);
	for (;;)
		pause();	/* the exec kills this thread */
	return 0;
}

/* ---- a grandchild that works after its parent has gone --------------- */

static int orphan(void)
{
	int p[2];
	if (pipe(p) < 0)
		return 1;
	pid_t child = fork();
	if (child == 0) {
		if (fork() == 0) {
			char c;
			close(p[1]);
			/* EOF once the top process has exited. */
			while (read(p[0], &c, 1) > 0)
				;
			out("orphan: grandchild stat /etc/guest-only %s after its parents exited",
			    stat_rel("/etc/guest-only"));
			_exit(0);
		}
		_exit(0);
	}
	close(p[0]);
	int st;
	waitpid(child, &st, 0);
	out("orphan: child %s", wait_status(st));
	return 0;	/* exiting closes p[1] and wakes the grandchild */
}

static int in_child(int (*fn)(void))
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(fn());
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}

static int threads4(void) { return threads(4); }

int main(int argc, char **argv)
{
	static const char usage[] =
		"forker chain N | vfork | threads N | blockedsys N | blockedopen | fsshare | clonefs | "
		"unsharefs | threadexec | orphan | N";
	if (argc == 3 && strcmp(argv[1], "chain") == 0)
		return chain(atoi(argv[2]));
	if (argc == 3 && strcmp(argv[1], "threads") == 0)
		return threads(atoi(argv[2]));
	if (argc == 3 && strcmp(argv[1], "blockedsys") == 0)
		return blockedsys(atoi(argv[2]));
	if (argc == 2 && strcmp(argv[1], "blockedopen") == 0)
		return blockedopen();
	if (argc == 2 && strcmp(argv[1], "vfork") == 0)
		return do_vfork();
	if (argc == 2 && strcmp(argv[1], "fsshare") == 0)
		return fsshare();
	if (argc == 2 && strcmp(argv[1], "clonefs") == 0)
		return clonefs();
	if (argc == 2 && strcmp(argv[1], "unsharefs") == 0)
		return unsharefs();
	if (argc == 2 && strcmp(argv[1], "threadexec") == 0)
		return threadexec();
	if (argc == 2 && strcmp(argv[1], "orphan") == 0)
		return orphan();
	if (argc == 2 && argv[1][0] >= '0' && argv[1][0] <= '9') {
		int rc = chain(atoi(argv[1]));
		rc |= do_vfork();
		rc |= in_child(threads4);
		rc |= in_child(fsshare);
		rc |= in_child(clonefs);
		rc |= in_child(unsharefs);
		return rc;
	}
	die_usage(usage);
}
