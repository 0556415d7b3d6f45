/* Starting the first tracee. */
#ifndef BURROW_TRACER_LAUNCH_H
#define BURROW_TRACER_LAUNCH_H

#include "tracee/tracee.h"

/* Start argv as the first tracee; 0 or -errno with a message already
 * printed. */
struct launch {
	const char *path;		/* guest path of the program */
	char *const *argv;		/* its argv, argv[0] as the user gave it */
	const char *host_cwd;		/* host path to chdir to before exec */
	const char *guest_cwd;
};
int tracer_launch(struct tracer *tr, const struct launch *l);
/* guest.c: the in-guest engine runs l without ptrace and waits for
 * every descendant; the status in tr->main_status.  0, or -errno after
 * a one-line error. */
int guest_launch(struct tracer *tr, const struct launch *l);
/* Start the process that kills what is left of an in-guest run (its
 * processes map the runtime at rt_base) once burrow is gone, unless
 * guest_watch_done(*fd) said that nothing is.  0 or -errno. */
int guest_watch_start(uint64_t rt_base, int *fd);
void guest_watch_done(int fd);

#endif
