/* timer: run a command and print its wall-clock time on the monotonic
 * clock, so every runner (native, burrow, proot) is timed the same way.
 *
 *   timer [-n COUNT] [-o LOG] -- command [args...]
 *
 * Runs the command COUNT times (default 1) one after the other, its
 * stdout and stderr going to LOG (default: inherited), and prints one
 * line: "<mean ns per run> <status>", where status is 0, the first
 * non-zero exit status, or 128+N when signal N killed it (the runs stop
 * at the first failure).  Exits 0 unless the timer itself failed. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Returns the command's status as described above, or -errno. */
static int run_once(char **argv, int log_fd)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		if (log_fd >= 0) {
			dup2(log_fd, 1);
			dup2(log_fd, 2);
		}
		execvp(argv[0], argv);
		fprintf(stderr, "timer: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
	long count = 1;
	int log_fd = -1, opt, status = 0;
	long i;

	while ((opt = getopt(argc, argv, "+n:o:")) != -1) {
		switch (opt) {
		case 'n':
			count = strtol(optarg, NULL, 10);
			break;
		case 'o':
			log_fd = open(optarg, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
			if (log_fd < 0) {
				fprintf(stderr, "timer: %s: %s\n", optarg, strerror(errno));
				return 1;
			}
			break;
		default:
			return 1;
		}
	}
	if (optind >= argc || count < 1) {
		fprintf(stderr, "usage: timer [-n COUNT] [-o LOG] -- command [args...]\n");
		return 1;
	}

	long long start = now_ns();
	for (i = 0; i < count && status == 0; i++)
		status = run_once(argv + optind, log_fd);
	long long elapsed = now_ns() - start;
	if (status < 0) {
		fprintf(stderr, "timer: fork/wait: %s\n", strerror(-status));
		return 1;
	}
	printf("%lld %d\n", elapsed / (i ? i : 1), status);
	return 0;
}
