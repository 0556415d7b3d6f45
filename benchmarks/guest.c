/* guest: the benchmark's own programs, built static and run inside the
 * rootfs as /bench/guest (natively, under burrow and under proot).
 *
 *   guest compute ITERS      ~1 s of arithmetic, no syscalls
 *   guest fdread FILE READS  READS 4 KiB read()s of FILE, rewinding at EOF
 *   guest stat N             N stats of /etc/hostname (translated by burrow)
 *   guest getppid N          N getppid()s (not trapped by burrow)
 *   guest forkexec N         N fork + exec of /bin/true + wait
 *
 * The micro-benchmarks (stat, getppid, forkexec) print "ns/op VALUE",
 * timed inside the guest so that the tracer's start-up is not counted.
 * Syscalls are made with syscall() so that libc cannot pick another one. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int die(const char *what)
{
	fprintf(stderr, "guest: %s: %s\n", what, strerror(errno));
	return 1;
}

static int compute(long iters)
{
	uint64_t x = 88172645463325252ULL, acc = 0;

	for (long i = 0; i < iters; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		acc += x % 1000003;
	}
	printf("%llu\n", (unsigned long long)acc);	/* keeps the loop alive */
	return 0;
}

static int fdread(const char *path, long reads)
{
	char buf[4096];
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return die(path);
	for (long i = 0; i < reads; i++) {
		ssize_t n = syscall(SYS_read, fd, buf, sizeof(buf));
		if (n < 0)
			return die("read");
		if (n == 0 && lseek(fd, 0, SEEK_SET) < 0)
			return die("lseek");
	}
	close(fd);
	return 0;
}

static int stat_loop(long n)
{
	struct stat st;

	for (long i = 0; i < n; i++)
		if (syscall(SYS_newfstatat, AT_FDCWD, "/etc/hostname", &st, 0) < 0)
			return die("stat /etc/hostname");
	return 0;
}

static int getppid_loop(long n)
{
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	return 0;
}

static int forkexec_loop(long n)
{
	for (long i = 0; i < n; i++) {
		int status;
		pid_t pid = fork();

		if (pid < 0)
			return die("fork");
		if (pid == 0) {
			char *argv[] = { "true", NULL }, *envp[] = { NULL };
			execve("/bin/true", argv, envp);
			_exit(127);
		}
		if (waitpid(pid, &status, 0) < 0)
			return die("waitpid");
		if (status != 0) {
			fprintf(stderr, "guest: /bin/true failed (status %#x)\n", status);
			return 1;
		}
	}
	return 0;
}

static int micro(int (*loop)(long), long n)
{
	long long start = now_ns();

	if (n < 1 || loop(n) != 0)
		return 1;
	printf("ns/op %.1f\n", (double)(now_ns() - start) / n);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "compute") == 0)
		return compute(atol(argv[2]));
	if (argc == 4 && strcmp(argv[1], "fdread") == 0)
		return fdread(argv[2], atol(argv[3]));
	if (argc == 3 && strcmp(argv[1], "stat") == 0)
		return micro(stat_loop, atol(argv[2]));
	if (argc == 3 && strcmp(argv[1], "getppid") == 0)
		return micro(getppid_loop, atol(argv[2]));
	if (argc == 3 && strcmp(argv[1], "forkexec") == 0)
		return micro(forkexec_loop, atol(argv[2]));
	fprintf(stderr, "usage: guest compute ITERS | fdread FILE READS | "
		"stat N | getppid N | forkexec N\n");
	return 2;
}
