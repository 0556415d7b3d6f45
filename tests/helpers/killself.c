/* killself SIG: die from signal SIG sent to itself (default action).
 * killself crash: die from a real invalid memory access (SIGSEGV raised
 * by the CPU, not by kill()).
 *
 * Core dumps are disabled so a test never leaves a core file behind. */
#include "helper.h"

#include <sys/resource.h>

int main(int argc, char **argv)
{
	struct rlimit no_core = { 0, 0 };
	sigset_t all;

	if (argc != 2)
		die_usage("killself SIG|crash");
	setrlimit(RLIMIT_CORE, &no_core);
	if (strcmp(argv[1], "crash") == 0) {
		signal(SIGSEGV, SIG_DFL);
		*(volatile int *)8 = 1;
		return 98;
	}
	int sig = sig_parse(argv[1]);
	if (sig <= 0)
		die_usage("killself SIG|crash");
	signal(sig, SIG_DFL);
	sigemptyset(&all);
	sigaddset(&all, sig);
	sigprocmask(SIG_UNBLOCK, &all, NULL);
	syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), sig);
	out("killself: still alive after SIG%s", sig_name(sig));
	return 99;
}
