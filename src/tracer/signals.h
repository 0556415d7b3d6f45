#ifndef BURROW_TRACER_SIGNALS_H
#define BURROW_TRACER_SIGNALS_H

#include <sys/types.h>

/* Forward job-control and termination signals to main. */
int signals_forward_to(pid_t pid);

#endif
