/* execargv: execve with an argv[0] of one's choosing, or none at all.
 *
 *   execargv PATH ARGV0 [ARG...]    execve(PATH, {ARGV0, ARG..., NULL})
 *   execargv PATH @empty            execve(PATH, {NULL}): argc 0 (the
 *                                   kernel then passes {""}, Linux 5.18)
 *   execargv PATH @null             execve(PATH, NULL)
 *
 * An ARG "@seq=N" stands for the N words 1 to N, "@long=N" for one word
 * of N bytes: more than this program's own exec could take.
 *   execargv PATH @vfork ARGV0 [ARG...]   the same from a vfork child;
 *                                   then "execargv PATH: vfork, exit N",
 *                                   with "(mappings changed)" as above
 *   execargv PATH @vfork=K ARGV0 [ARG...] the same K times, or until an
 *                                   exit is not 0 ("vfork K times")
 *
 * On failure prints "execargv PATH: ENAME" and exits 126, or 127 for
 * ENOENT, like execer; with "(mappings changed)" when /proc/self/maps
 * (if /proc is there) differs from before the call: a failed exec
 * returns to the old image as it was.
 */
#include "helper.h"

#include <sys/wait.h>

extern char **environ;

/* /proc/self/maps, read with raw calls (stdio would map its buffer). */
static long read_maps(char *buf, size_t size)
{
	long fd = syscall(SYS_openat, AT_FDCWD, "/proc/self/maps", O_RDONLY), n, len = 0;

	if (fd < 0)
		return -1;
	while ((size_t)len < size && (n = syscall(SYS_read, fd, buf + len, size - len)) > 0)
		len += n;
	syscall(SYS_close, fd);
	return len;
}

/* argv with its @seq= and @long= words expanded. */
static char **expand(char **args)
{
	size_t n = 0, k = 0;
	char **av;

	for (char **a = args; *a; a++)
		n += strncmp(*a, "@seq=", 5) == 0 ? strtoul(*a + 5, NULL, 10) : 1;
	av = calloc(n + 1, sizeof(*av));
	if (!av)
		exit(125);
	for (char **a = args; *a; a++) {
		if (strncmp(*a, "@seq=", 5) == 0) {
			for (unsigned long i = 1, m = strtoul(*a + 5, NULL, 10); i <= m; i++)
				if (asprintf(&av[k++], "%lu", i) < 0)
					exit(125);
		} else if (strncmp(*a, "@long=", 6) == 0) {
			size_t len = strtoul(*a + 6, NULL, 10);

			av[k] = malloc(len + 1);
			if (!av[k])
				exit(125);
			memset(av[k], 'x', len);
			av[k++][len] = '\0';
		} else {
			av[k++] = *a;
		}
	}
	return av;
}

int main(int argc, char **argv)
{
	static char *none[] = { NULL };
	static char before[1 << 16], after[1 << 16];
	long nb, na;
	char **av;

	if (argc < 3)
		die_usage("execargv PATH ARGV0|@empty|@null [ARG...]");
	if (strncmp(argv[2], "@vfork", 6) == 0 && (!argv[2][6] || argv[2][6] == '=') && argc > 3) {
		unsigned long rounds = argv[2][6] ? strtoul(argv[2] + 7, NULL, 10) : 1, i;
		int status = 0;
		pid_t pid;
		char times[32] = "";

		av = expand(&argv[3]);
		nb = read_maps(before, sizeof before);
		for (i = 0; i < rounds && status == 0; i++) {
			pid = vfork();
			if (pid == 0) {
				syscall(SYS_execve, path_arg(argv[1]), av, environ);
				_exit(126);
			}
			if (pid < 0 || waitpid(pid, &status, 0) < 0)
				return 125;
		}
		if (rounds != 1)
			snprintf(times, sizeof(times), " %lu times", i);
		na = read_maps(after, sizeof after);
		out("execargv %s: vfork%s, exit %d%s", argv[1], times, WEXITSTATUS(status),
		    nb != na || memcmp(before, after, (size_t)(nb > 0 ? nb : 0)) ? " (mappings changed)" : "");
		return 0;
	}
	if (strcmp(argv[2], "@empty") == 0)
		av = none;
	else if (strcmp(argv[2], "@null") == 0)
		av = NULL;
	else
		av = expand(&argv[2]);
	nb = read_maps(before, sizeof before);
	syscall(SYS_execve, path_arg(argv[1]), av, environ);
	int e = errno;
	na = read_maps(after, sizeof after);
	out("execargv %s: %s%s", argv[1], errname(e),
	    nb != na || memcmp(before, after, (size_t)(nb > 0 ? nb : 0)) ? " (mappings changed)" : "");
	return e == ENOENT ? 127 : 126;
}
