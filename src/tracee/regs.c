/* The registers of a tracee's current stop (tracee.h). */
#include <errno.h>

#include "tracee/tracee.h"

int tracee_regs_fetch(struct tracee *t)
{
	int rc = tracee_io(t)->regs_get(t, &t->stop.regs);

	t->stop.fetched = t->stop.regs;
	t->stop.regs_dirty = false;
	return rc;
}

/* A stop that changed nothing costs no ptrace call; regs_dirty only
 * says whether anything may have changed. */
int tracee_regs_flush(struct tracee *t)
{
	int rc = 0;

	if (t->stop.regs_dirty)
		rc = t->tracer->test_fail_regs && t->stop.sc == t->tracer->test_fail_regs_sc ? -EIO
			: tracee_io(t)->regs_set(t, &t->stop.fetched, &t->stop.regs);
	t->stop.regs_dirty = false;
	return rc;
}
