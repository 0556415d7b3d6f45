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

#endif
