/* burrow's seccomp filter, built from the handler table. */
#ifndef BURROW_TRACER_SECCOMP_H
#define BURROW_TRACER_SECCOMP_H

#include "tracee/tracee.h"

/* The filter for tr's handler table, allocated on mem (pure: the unit
 * tests run it); seccomp_install builds and installs it. */
struct sock_fprog;
struct rt_trap_when;
int seccomp_build(const struct tracer *tr, void *mem, struct sock_fprog *out);
int seccomp_install(struct tracer *tr);
/* The in-guest engine's filter (HACKING.md): calls from the runtime's
 * text [text_lo, text_hi) ALLOW; from elsewhere, the calls the runtime
 * knows SECCOMP_RET_TRAP | tag, every other call that names a path
 * (syscall_names_path) ERRNO, the rest ALLOW.  0 or -errno. */
struct guest_filter {
	uint64_t text_lo, text_hi;
	uint16_t tag;
	const long *known;		/* rt_known_calls' numbers */
	size_t nknown;
	/* rt_signal_calls': trapped always, when their argument is not 0,
	 * or when their pid is <= 0 or self (RT_TRAP_PID) */
	const struct rt_trap_when *sigs;
	size_t nsigs;
	bool phantoms;			/* getdents64 has names to add */
	bool restricted;		/* some binding is read-only or protected */
	uint32_t self;			/* burrow's pid */
};
int seccomp_build_guest(const struct guest_filter *g, void *mem, struct sock_fprog *out);

#endif
