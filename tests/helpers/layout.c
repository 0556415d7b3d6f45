/* layout: where the program was put, and who it runs as.
 *
 *   layout   prints text=ADDR (its main), entry=AT_ENTRY,
 *            ids=UID/EUID/GID/EGID and cmdline=ARGS|SEPARATED
 *
 * Built static here; t_exec_layout.sh also builds it as a static-pie
 * and a dynamic PIE to see where the loader puts those.
 */
#include <sys/auxv.h>

#include "helper.h"

int main(int argc, char **argv)
{
	char cmd[4096];
	ssize_t n;
	int fd;

	(void)argc;
	(void)argv;
	out("text=%p entry=%#lx", (void *)main, getauxval(AT_ENTRY));
	out("ids=%u/%u/%u/%u", (unsigned)getuid(), (unsigned)geteuid(),
	    (unsigned)getgid(), (unsigned)getegid());
	fd = open("/proc/self/cmdline", O_RDONLY);
	n = fd < 0 ? -1 : read(fd, cmd, sizeof(cmd) - 1);
	if (n < 0) {
		out("cmdline: %s", errname(errno));
		return 0;
	}
	for (ssize_t i = 0; i < n; i++)
		if (cmd[i] == '\0')
			cmd[i] = '|';
	cmd[n] = '\0';
	out("cmdline=%s", cmd);
	return 0;
}
