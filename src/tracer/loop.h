/* The event loop: wait, classify and dispatch until no tracee is left. */
#ifndef BURROW_TRACER_LOOP_H
#define BURROW_TRACER_LOOP_H

#include "tracee/tracee.h"

int tracer_run(struct tracer *tr);
/* Whether to poll for stops before sleeping: off when off names why, or
 * burrow may use only one CPU. */
void tracer_init_spin(struct tracer *tr, const char *off);

#endif
