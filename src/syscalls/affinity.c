/* sched_getaffinity and sched_setaffinity, trapped only while burrow may
 * pin a lone tracee to its own CPU (src/tracee/colocate.c): the guest
 * must see the affinity it would have without burrow, and one that sets
 * its own affinity is left with it. */
#include <errno.h>
#include <string.h>

#include "syscalls/syscalls.h"
#include "tracee/tracee.h"

int sys_sched_getaffinity_enter(struct tracee *t)
{
	pid_t pid = (pid_t)arch_arg(&t->stop.regs, 0);

	/* A process burrow did not pin reads its own affinity as is. */
	if (coloc_pinned(t->tracer, pid == 0 ? t->pid : pid))
		t->stop.exit_wanted = true;
	return 0;
}

int sys_sched_getaffinity_exit(struct tracee *t)
{
	const struct colocate *c = &t->tracer->coloc;
	long len = (long)arch_result(&t->stop.regs);

	/* The kernel's result is the size it wrote: the pinned mask's.
	 * The same bytes of the affinity the guest really has replace it. */
	if (len <= 0)
		return 0;
	if ((size_t)len > sizeof(c->host))
		len = sizeof(c->host);
	return mem_write(t, arch_arg(&t->stop.entry, 2), &c->host, (size_t)len);
}

int sys_sched_setaffinity_enter(struct tracee *t)
{
	coloc_disable(t->tracer);
	return 0;
}
