/* affinity OP...: CPU affinity as a guest sees it, for the co-location
 * tests (src/tracee/colocate.h).  One line per OP:
 *
 *   storm N      N stat("/") calls, in quick succession: "storm: ok"
 *   aff          the CPUs sched_getaffinity(0) reports: "aff: 0,1"
 *   aff8         the same with an 8-byte mask, raw: "aff8: 8 bytes 0,1"
 *   allowed      Cpus_allowed_list of /proc/self/status, as the kernel
 *                really has it: "allowed: 0-1"
 *   sleep MS     sleep MS milliseconds: "sleep: ok"
 *   fork         a child runs "aff" and "allowed" (prefixed "child ")
 *   pinwait N    up to N times, 1000 stat("/") calls in a row until
 *                Cpus_allowed_list names one CPU: "pinwait: pinned" or
 *                "pinwait: not pinned" (burrow pins only while nothing
 *                else on the machine runs, which a test cannot ensure)
 *   childpin N   a child runs "pinwait N", "aff" and "allowed" (prefixed
 *                "child "), while this process waits for it
 *   setlast      sched_setaffinity(0) to the last CPU of the mask:
 *                "setlast: ok"
 */
#include "helper.h"

#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/wait.h>
#include <time.h>

static void print_set(const char *label, const unsigned char *mask, size_t bytes)
{
	const char *sep = "";

	printf("%s", label);
	for (size_t cpu = 0; cpu < bytes * 8; cpu++)
		if (mask[cpu / 8] & (1u << (cpu % 8))) {
			printf("%s%zu", sep, cpu);
			sep = ",";
		}
	printf("\n");
}

static void storm(const char *prefix, long n)
{
	struct stat st;

	for (long k = 0; k < n; k++)
		stat("/", &st);
	printf("%sstorm: ok\n", prefix);
}

/* Whether /proc/self/status allows one CPU only. */
static bool on_one_cpu(void)
{
	char line[4096];
	bool one = false;
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "Cpus_allowed_list:", 18) == 0)
			one = !strpbrk(line + 18, ",-");
	if (f)
		fclose(f);
	return one;
}

static void pinwait(const char *prefix, long tries)
{
	struct stat st;

	for (long t = 0; t < tries; t++) {
		for (int k = 0; k < 1000; k++)
			stat("/", &st);
		if (on_one_cpu()) {
			printf("%spinwait: pinned\n", prefix);
			return;
		}
	}
	printf("%spinwait: not pinned\n", prefix);
}

static void aff(const char *prefix)
{
	cpu_set_t set;
	char label[32];

	if (sched_getaffinity(0, sizeof(set), &set) < 0) {
		printf("%saff: %s\n", prefix, strerrorname_np(errno));
		return;
	}
	snprintf(label, sizeof(label), "%saff: ", prefix);
	print_set(label, (const unsigned char *)&set, sizeof(set));
}

static void allowed(const char *prefix)
{
	char line[4096];
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "Cpus_allowed_list:", 18) == 0) {
			printf("%sallowed: %s", prefix, line + 18 + strspn(line + 18, " \t"));
			fclose(f);
			return;
		}
	printf("%sallowed: no Cpus_allowed_list\n", prefix);
	if (f)
		fclose(f);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 1; i < argc; i++) {
		const char *op = argv[i];

		if (strcmp(op, "storm") == 0 && i + 1 < argc) {
			storm("", atol(argv[++i]));
		} else if (strcmp(op, "aff") == 0) {
			aff("");
		} else if (strcmp(op, "aff8") == 0) {
			uint64_t mask = 0;
			long rc = syscall(SYS_sched_getaffinity, 0, sizeof(mask), &mask);

			if (rc < 0) {
				printf("aff8: %s\n", strerrorname_np(errno));
			} else {
				char label[64];

				snprintf(label, sizeof(label), "aff8: %ld bytes ", rc);
				print_set(label, (const unsigned char *)&mask, sizeof(mask));
			}
		} else if (strcmp(op, "allowed") == 0) {
			allowed("");
		} else if (strcmp(op, "sleep") == 0 && i + 1 < argc) {
			long ms = atol(argv[++i]);
			struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

			nanosleep(&ts, NULL);
			printf("sleep: ok\n");
		} else if (strcmp(op, "pinwait") == 0 && i + 1 < argc) {
			pinwait("", atol(argv[++i]));
		} else if (strcmp(op, "fork") == 0 || strcmp(op, "childpin") == 0) {
			long n = op[0] == 'c' && i + 1 < argc ? atol(argv[++i]) : 0;
			pid_t pid = fork();
			int status;

			if (pid == 0) {
				if (n)
					pinwait("child ", n);
				aff("child ");
				allowed("child ");
				_exit(0);
			}
			if (pid < 0 || waitpid(pid, &status, 0) < 0)
				printf("fork: %s\n", strerrorname_np(errno));
		} else if (strcmp(op, "setlast") == 0) {
			cpu_set_t set, one;
			int last = -1;

			if (sched_getaffinity(0, sizeof(set), &set) < 0) {
				printf("setlast: %s\n", strerrorname_np(errno));
				continue;
			}
			for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
				if (CPU_ISSET(cpu, &set))
					last = cpu;
			CPU_ZERO(&one);
			CPU_SET(last, &one);
			if (sched_setaffinity(0, sizeof(one), &one) < 0)
				printf("setlast: %s\n", strerrorname_np(errno));
			else
				printf("setlast: ok\n");
		} else {
			fprintf(stderr, "affinity: unknown op %s\n", op);
			return 2;
		}
	}
	return 0;
}
