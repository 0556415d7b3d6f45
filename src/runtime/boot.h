/* The runtime's entry points as the loader (rt_boot) and burrow
 * (rt_known_calls, trap.h) call them, at addresses the build takes from
 * the runtime's image ($(B)/rt/runtime.elf). */
#ifndef BURROW_RUNTIME_BOOT_H
#define BURROW_RUNTIME_BOOT_H

/* Makes the runtime this process's: the bind table from the run's
 * blob run[0..run_size) (struct rt_run_blob, which must stay mapped),
 * tag the run's filter's SECCOMP_RET_DATA, base where the loader mapped
 * the runtime, the SIGSYS handler installed.  0 or -errno. */
long rt_boot(unsigned long tag, const void *run, unsigned long run_size, unsigned long base);

#endif
