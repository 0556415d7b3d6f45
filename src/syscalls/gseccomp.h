/* The guest's own seccomp filters (doc/ptrace-emulation.md 5): burrow
 * keeps a copy of every program a guest thread installs (the kernel
 * installs it too, and applies its ERRNO, KILL, TRAP and USER_NOTIF
 * actions itself), and where burrow's entry work would run it asks them
 * what the kernel asked: a TRACE is shown to a guest tracer that set
 * PTRACE_O_TRACESECCOMP as its PTRACE_EVENT_SECCOMP stop, and fails
 * with ENOSYS without one (seccomp(2)).
 */
#ifndef BURROW_SYSCALLS_GSECCOMP_H
#define BURROW_SYSCALLS_GSECCOMP_H

#include <stdbool.h>

#include "tracee/tracee.h"

/* gsc_before_enter, which vpt_resume calls too: vptrace.h. */

/* A real seccomp stop (seccomp mode or not): true when handled here
 * (resumed or held), false for burrow's usual work. */
bool gsc_on_seccomp_stop(struct tracer *tr, struct tracee *t);
/* An entry stop without burrow's filter, of a thread with guest
 * filters: true when handled (held or resumed). */
bool gsc_on_entry_stop(struct tracer *tr, struct tracee *t);

#endif
