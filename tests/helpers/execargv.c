/* execargv: execve with an argv[0] of one's choosing, or none at all.
 *
 *   execargv PATH ARGV0 [ARG...]    execve(PATH, {ARGV0, ARG..., NULL})
 *   execargv PATH @empty            execve(PATH, {NULL}): argc 0 (the
 *                                   kernel then passes {""}, Linux 5.18)
 *   execargv PATH @null             execve(PATH, NULL)
 *
 * On failure prints "execargv PATH: ENAME" and exits 126, or 127 for
 * ENOENT, like execer.
 */
#include "helper.h"

extern char **environ;

int main(int argc, char **argv)
{
	static char *none[] = { NULL };
	char **av;

	if (argc < 3)
		die_usage("execargv PATH ARGV0|@empty|@null [ARG...]");
	if (strcmp(argv[2], "@empty") == 0)
		av = none;
	else if (strcmp(argv[2], "@null") == 0)
		av = NULL;
	else
		av = &argv[2];
	syscall(SYS_execve, path_arg(argv[1]), av, environ);
	int e = errno;
	out("execargv %s: %s", argv[1], errname(e));
	return e == ENOENT ? 127 : 126;
}
