/* sigguard: what a guest's own signal handling sees when it touches the
 * signals the in-guest runtime owns (SIGSYS, SIGSEGV, SIGBUS): a full
 * mask, its own SIGSYS handler, a real fault, a bad path pointer.  Each
 * line is what a native run prints. */
#include <setjmp.h>
#include <sys/stat.h>

#include "helper.h"

static volatile sig_atomic_t sys_code = 99;
static sigjmp_buf env;

static void on_sys(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	sys_code = si->si_code;
}

static void on_segv(int sig)
{
	(void)sig;
	siglongjmp(env, 1);
}

int main(void)
{
	struct sigaction sa = { 0 }, old = { 0 };
	struct stat st;
	sigset_t all, view;

	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	printf("all blocked, stat /etc/hostname: %s\n",
	       stat("/etc/hostname", &st) == 0 ? "ok" : strerror(errno));
	sigprocmask(SIG_SETMASK, NULL, &view);
	printf("SIGSYS blocked in the mask: %d\n", sigismember(&view, SIGSYS));
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);

	sa.sa_sigaction = on_sys;
	sa.sa_flags = SA_SIGINFO;
	sigfillset(&sa.sa_mask);
	sigaction(SIGSYS, &sa, NULL);
	raise(SIGSYS);
	printf("raise(SIGSYS): handler saw si_code %d\n", (int)sys_code);
	sigaction(SIGSYS, NULL, &old);
	printf("SIGSYS action read back: %s, mask full %d\n",
	       old.sa_sigaction == on_sys ? "the same" : "another",
	       sigismember(&old.sa_mask, SIGSYS) && sigismember(&old.sa_mask, SIGUSR1));

	signal(SIGSEGV, on_segv);
	if (sigsetjmp(env, 1) == 0) {
		*(volatile int *)8 = 1;
		printf("write to address 8: no fault\n");
	} else {
		printf("write to address 8: SIGSEGV caught by the guest\n");
	}
	printf("stat of a bad pointer: %s\n",
	       syscall(SYS_newfstatat, AT_FDCWD, (char *)8, &st, 0) == 0 ? "ok" : strerror(errno));
	return 0;
}
