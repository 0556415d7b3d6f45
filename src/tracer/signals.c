/* Forwarding of signals sent to burrow to the main program. */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "tracer/tracer.h"

/* The one piece of file-level state: a signal handler has no other way
 * to learn where to forward.  Written once, before the handlers exist. */
static volatile pid_t forward_pid;

static void forward(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	/* A terminal's ^C already reaches the whole foreground process
	 * group (si_code SI_KERNEL); only signals someone sent to burrow
	 * itself (kill, sigqueue, tkill: si_code <= 0) are passed on, or
	 * the guest would see them twice. */
	if (si->si_code <= 0 && forward_pid > 0)
		kill(forward_pid, sig);
}

int signals_forward_to(pid_t pid)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 };
	struct sigaction sa;

	forward_pid = pid;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = forward;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], &sa, NULL) < 0)
			return -errno;
	return 0;
}
