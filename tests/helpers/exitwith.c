/* exitwith N: exit with status N (through exit_group, as libc does). */
#include "helper.h"

int main(int argc, char **argv)
{
	if (argc != 2)
		die_usage("exitwith N");
	syscall(SYS_exit_group, atoi(argv[1]));
	return 99;
}
