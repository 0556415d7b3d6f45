/* burrow's seccomp filter, built from the handler table. */
#ifndef BURROW_TRACER_SECCOMP_H
#define BURROW_TRACER_SECCOMP_H

#include "tracee/tracee.h"

/* The filter for tr's handler table, allocated on mem (pure: the unit
 * tests run it); seccomp_install builds and installs it. */
struct sock_fprog;
int seccomp_build(const struct tracer *tr, void *mem, struct sock_fprog *out);
int seccomp_install(struct tracer *tr);

#endif
