/* floor: the least a seccomp+ptrace tracer can pay per stop, to set
 * burrow's per-stop cost against.
 *
 *   floor [STOPS]     (default 100000)
 *
 * A child installs a seccomp filter that returns SECCOMP_RET_TRACE for
 * getppid alone and calls getppid STOPS times.  The tracer does, per
 * stop, either nothing but PTRACE_CONT, or the minimum a path-rewriting
 * tracer does: read the registers, process_vm_readv 64 bytes,
 * process_vm_writev them back, write the registers, PTRACE_CONT (register
 * access is PTRACE_GETREGSET/SETREGSET NT_PRSTATUS, as burrow does; on
 * x86_64 it costs the same as PTRACE_GETREGS).  Each case runs 5 times
 * with the two processes free to move between CPUs (as burrow runs), 5
 * times with both pinned to one CPU (tracer and child: where a tracer
 * shares its tracee's CPU, a stop is two context switches, with no
 * wakeup of a halted CPU), and 5 times unpinned with a tracer
 * that polls waitpid(WNOHANG) between stops instead of sleeping in it (as
 * burrow does while stops come quickly); the medians are printed in µs
 * per stop, less the untraced getppid. */
#include <elf.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RUNS 5

/* What the tracer reads and writes at each stop; the child's copy is at
 * the same address, since it is a fork without exec. */
static char scratch[64];

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void fail(const char *what)
{
	fprintf(stderr, "floor: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Pin this process (and so the child it forks next) to the first CPU
 * it may use; *saved receives the affinity to restore. */
static void pin(cpu_set_t *saved)
{
	cpu_set_t set;
	int cpu = 0;

	if (sched_getaffinity(0, sizeof(*saved), saved) < 0)
		fail("sched_getaffinity");
	while (cpu < CPU_SETSIZE - 1 && !CPU_ISSET(cpu, saved))
		cpu++;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) < 0)
		fail("sched_setaffinity");
}

static void child(long stops)
{
	/* No arch check: the benchmark's child makes native syscalls only. */
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(filter) / sizeof(filter[0]), .filter = filter };

	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
		fail("PTRACE_TRACEME");
	raise(SIGSTOP);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)
		fail("seccomp");
	for (long i = 0; i < stops; i++)
		syscall(SYS_getppid);
	_exit(0);
}

/* The next wait status of pid: sleeping in waitpid, or polling it. */
static void wait_for(pid_t pid, int *status, int poll)
{
	pid_t got;

	do
		got = waitpid(pid, status, poll ? WNOHANG : 0);
	while (got == 0);
	if (got < 0)
		fail("waitpid");
}

/* One traced run; returns its ns per stop. */
static double traced_run(long stops, int full, int pinned, int poll)
{
	int status;
	long seen = 0;
	struct user_regs_struct regs;
	struct iovec regs_iov = { &regs, sizeof(regs) };
	char buf[sizeof(scratch)];
	struct iovec local = { buf, sizeof(buf) }, remote = { scratch, sizeof(scratch) };
	cpu_set_t saved;
	pid_t pid;

	/* Both, tracer and child: pinning the child alone leaves them on
	 * two CPUs most of the time. */
	if (pinned)
		pin(&saved);
	pid = fork();
	if (pid < 0)
		fail("fork");
	if (pid == 0)
		child(stops);
	if (waitpid(pid, &status, 0) < 0 || !WIFSTOPPED(status))
		fail("waiting for the child's SIGSTOP");
	if (ptrace(PTRACE_SETOPTIONS, pid, NULL,
		   (void *)(PTRACE_O_TRACESECCOMP | PTRACE_O_EXITKILL)) < 0)
		fail("PTRACE_SETOPTIONS");
	long long start = now_ns();
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	for (;;) {
		wait_for(pid, &status, poll);
		if (WIFEXITED(status) || WIFSIGNALED(status))
			break;
		int sig = 0;
		if (status >> 8 == (SIGTRAP | (PTRACE_EVENT_SECCOMP << 8))) {
			seen++;
			if (full) {
				if (ptrace(PTRACE_GETREGSET, pid, (void *)NT_PRSTATUS, &regs_iov) < 0)
					fail("PTRACE_GETREGSET");
				if (process_vm_readv(pid, &local, 1, &remote, 1, 0) != sizeof(buf))
					fail("process_vm_readv");
				if (process_vm_writev(pid, &local, 1, &remote, 1, 0) != sizeof(buf))
					fail("process_vm_writev");
				if (ptrace(PTRACE_SETREGSET, pid, (void *)NT_PRSTATUS, &regs_iov) < 0)
					fail("PTRACE_SETREGSET");
			}
		} else if (WIFSTOPPED(status) && WSTOPSIG(status) != SIGTRAP) {
			sig = WSTOPSIG(status);
		}
		ptrace(PTRACE_CONT, pid, NULL, (void *)(long)sig);
	}
	long long elapsed = now_ns() - start;
	if (pinned && sched_setaffinity(0, sizeof(saved), &saved) < 0)
		fail("sched_setaffinity");
	if (seen != stops) {
		fprintf(stderr, "floor: saw %ld stops, expected %ld\n", seen, stops);
		exit(1);
	}
	return (double)elapsed / stops;
}

static double untraced_ns(long n)
{
	long long start = now_ns();

	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	return (double)(now_ns() - start) / n;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median_run(long stops, int full, int pinned, int poll)
{
	double v[RUNS];

	for (int i = 0; i < RUNS; i++)
		v[i] = traced_run(stops, full, pinned, poll);
	qsort(v, RUNS, sizeof(v[0]), cmp_double);
	return v[RUNS / 2];
}

int main(int argc, char **argv)
{
	long stops = argc > 1 ? atol(argv[1]) : 100000;

	if (stops < 1) {
		fprintf(stderr, "usage: floor [STOPS]\n");
		return 2;
	}
	/* The median of several long loops: one preemption of this noisy VM
	 * in a short loop would otherwise be subtracted from every result. */
	double base_runs[RUNS];
	for (int i = 0; i < RUNS; i++)
		base_runs[i] = untraced_ns(100000);
	qsort(base_runs, RUNS, sizeof(base_runs[0]), cmp_double);
	double base = base_runs[RUNS / 2];
	printf("ptrace floor: seccomp RET_TRACE stop on getppid, %ld stops, median of %d runs\n",
	       stops, RUNS);
	printf("  %-56s %8.3f µs\n", "untraced getppid", base / 1000);
	static const struct {
		const char *where;
		int pinned, poll;
	} cases[] = {
		{ "unpinned", 0, 0 },
		{ "both on CPU 0", 1, 0 },
		{ "polling", 0, 1 },
	};
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		char label[80];

		snprintf(label, sizeof(label), "stop + PTRACE_CONT, %s", cases[c].where);
		printf("  %-56s %8.3f µs/stop\n", label,
		       (median_run(stops, 0, cases[c].pinned, cases[c].poll) - base) / 1000);
		snprintf(label, sizeof(label), "+ GETREGS, readv 64, writev 64, SETREGS, %s",
			 cases[c].where);
		printf("  %-56s %8.3f µs/stop\n", label,
		       (median_run(stops, 1, cases[c].pinned, cases[c].poll) - base) / 1000);
		fflush(stdout);
	}
	return 0;
}
