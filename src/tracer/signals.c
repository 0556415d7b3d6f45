/* Forwarding of signals sent to burrow to the main program: what a
 * batch system sends the job reaches it as it would without burrow. */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "tracer/signals.h"

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

/* SIGTSTP sent to burrow (a batch system suspending the job) stops the
 * command, which then stays in its group-stop until SIGCONT, also
 * forwarded.  A terminal's ^Z stops the whole foreground group: burrow
 * stops with it, as a shell expects of its child. */
static void on_tstp(int sig, siginfo_t *si, void *uc)
{
	struct sigaction dfl, self;

	(void)uc;
	if (si->si_code <= 0) {
		if (forward_pid > 0)
			kill(forward_pid, sig);
		return;
	}
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(SIGTSTP, &dfl, &self);
	raise(SIGTSTP);		/* delivered at once: SA_NODEFER */
	sigaction(SIGTSTP, &self, NULL);
}

int signals_forward_to(pid_t pid)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGCONT };
	struct sigaction sa;

	forward_pid = pid;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = forward;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], &sa, NULL) < 0)
			return -errno;
	/* exec's ETXTBSY check holds a read lease for an instant; a writer
	 * opening then would send burrow SIGIO, whose default kills.  Only
	 * burrow ignores it: the command was started before. */
	if (signal(SIGIO, SIG_IGN) == SIG_ERR)
		return -errno;
	sa.sa_sigaction = on_tstp;
	sa.sa_flags = SA_SIGINFO | SA_RESTART | SA_NODEFER;
	if (sigaction(SIGTSTP, &sa, NULL) < 0)
		return -errno;
	return 0;
}
