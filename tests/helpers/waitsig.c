/* waitsig: print "ready", wait for one of HUP INT QUIT TERM USR1 USR2,
 * print "got SIG<NAME>" and exit 0.
 *
 * Tests start it in the background, wait for "ready" and then signal the
 * tracer: the guest line shows the signal was forwarded, and the
 * tracer's exit status should be the guest's (0).  Handlers replace
 * any inherited SIG_IGN (a shell's background job ignores INT and QUIT).
 */
#include "helper.h"

static volatile sig_atomic_t got;

static void on_signal(int sig)
{
	got = sig;
}

int main(int argc, char **argv)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2 };
	struct sigaction sa;
	sigset_t block, old;

	(void)argv;
	if (argc != 1)
		die_usage("waitsig");
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&block);
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
		sigaction(sigs[i], &sa, NULL);
		sigaddset(&block, sigs[i]);
	}
	/* Block first, then sigsuspend: no signal can slip in between the
	 * check and the wait. */
	sigprocmask(SIG_BLOCK, &block, &old);
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
		sigdelset(&old, sigs[i]);
	out("ready");
	while (!got)
		sigsuspend(&old);
	out("got SIG%s", sig_name(got));
	return 0;
}
