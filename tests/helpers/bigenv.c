/* bigenv: programs started with large environments.
 *
 *   bigenv starts N FIRST COUNT STEP CMD [ARG]...
 *       COUNT times, with PAD = FIRST, FIRST + STEP, ...: fork, and exec
 *       CMD with ARGs (the word @N becomes N, @PAD becomes PAD) and
 *       exactly the environment of N and PAD (below), with
 *       ADDR_NO_RANDOMIZE where the kernel allows it.  Prints
 *       "N variables, COUNT starts: ok", or the first start that did not
 *       exit 0 and how many did not, exit 1.
 *   bigenv check N PAD
 *       exit 0 when this process's environment is exactly that of N and
 *       PAD, else print the first difference and exit 1.
 *
 * The environment of N and PAD: "PWD=/", "PAD=" and PAD times 'p', then
 * "E0=0" ... "E<N-1>=<N-1>".  Each variable takes 8 bytes of pointer,
 * so from about 16,000 of them the pointers pass the 128 KiB the kernel
 * maps below the strings at exec, and the stack is mapped only from the
 * stack pointer's page up.  Without ASLR (the kernel's own
 * randomisation moves the stack pointer within a page), PAD moves the
 * stack pointer by exactly its length rounded to 16: STEP 16 and COUNT
 * 256 put it at every 16-byte place of a page once.
 */
#include <sys/personality.h>
#include <sys/wait.h>

#include "helper.h"

extern char **environ;

static char *entry(long i, long pad)
{
	char *s;

	if (i == 0)
		return strdup("PWD=/");
	if (i == 1) {
		s = malloc((size_t)pad + 5);
		if (s) {
			memcpy(s, "PAD=", 4);
			memset(s + 4, 'p', (size_t)pad);
			s[pad + 4] = '\0';
		}
		return s;
	}
	if (asprintf(&s, "E%ld=%ld", i - 2, i - 2) < 0)
		return NULL;
	return s;
}

static char **make_env(long n, long pad)
{
	char **env = calloc((size_t)n + 3, sizeof(*env));

	if (!env)
		return NULL;
	for (long i = 0; i < n + 2; i++)
		if (!(env[i] = entry(i, pad)))
			return NULL;
	return env;
}

static long num(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 0)
		die_usage("bigenv: numbers are decimal and not negative");
	return v;
}

static int check(long n, long pad)
{
	char **env = make_env(n, pad);
	long i;

	if (!env) {
		out("check: out of memory");
		return 1;
	}
	for (i = 0; env[i]; i++) {
		if (!environ[i]) {
			out("check: environment ends at %ld of %ld", i, n + 2);
			return 1;
		}
		if (strcmp(environ[i], env[i]) != 0) {
			out("check: variable %ld is \"%.40s\", not \"%.40s\"", i, environ[i], env[i]);
			return 1;
		}
	}
	if (environ[i]) {
		out("check: more than %ld variables: \"%.40s\"", n + 2, environ[i]);
		return 1;
	}
	return 0;
}

static int starts(long n, long first, long count, long step, char **cmd)
{
	char nbuf[24], padbuf[24];
	long failed = 0, first_bad = -1;
	int first_st = 0;
	size_t argc = 0;
	char **argv, **env = make_env(n, 0);

	while (cmd[argc])
		argc++;
	argv = calloc(argc + 1, sizeof(*argv));
	if (!argv || !env) {
		out("starts: out of memory");
		return 2;
	}
	for (long k = 0; k < count; k++) {
		long pad = first + k * step;
		int st;
		pid_t pid;

		free(env[1]);
		if (!(env[1] = entry(1, pad))) {
			out("starts: out of memory");
			return 2;
		}
		snprintf(nbuf, sizeof nbuf, "%ld", n);
		snprintf(padbuf, sizeof padbuf, "%ld", pad);
		for (size_t i = 0; i < argc; i++)
			argv[i] = strcmp(cmd[i], "@N") == 0 ? nbuf :
				  strcmp(cmd[i], "@PAD") == 0 ? padbuf : cmd[i];
		fflush(stdout);
		pid = fork();
		if (pid < 0) {
			out("starts: fork: %s", errname(errno));
			return 2;
		}
		if (pid == 0) {
			/* Best effort: refused in some containers, and then
			 * the stack moves at random, which covers the same
			 * places with high probability. */
			personality(ADDR_NO_RANDOMIZE);
			execve(argv[0], argv, env);
			out("starts: exec %s: %s", argv[0], errname(errno));
			_exit(127);
		}
		if (waitpid(pid, &st, 0) != pid) {
			out("starts: waitpid: %s", errname(errno));
			return 2;
		}
		if ((!WIFEXITED(st) || WEXITSTATUS(st) != 0) && failed++ == 0) {
			first_bad = pad;
			first_st = st;
		}
	}
	if (failed) {
		out("%ld variables: %ld of %ld starts failed, the first with PAD %ld: %s",
		    n, failed, count, first_bad, wait_status(first_st));
		return 1;
	}
	out("%ld variables, %ld starts: ok", n, count);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 7 && strcmp(argv[1], "starts") == 0)
		return starts(num(argv[2]), num(argv[3]), num(argv[4]), num(argv[5]), &argv[6]);
	if (argc == 4 && strcmp(argv[1], "check") == 0)
		return check(num(argv[2]), num(argv[3]));
	die_usage("bigenv starts N FIRST COUNT STEP CMD [ARG]... | check N PAD");
}
