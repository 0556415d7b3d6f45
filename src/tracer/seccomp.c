/* The seccomp-bpf filter: SECCOMP_RET_TRACE for the syscalls the handler
 * table traps, ALLOW for everything else.  The list is derived from the
 * table, never written by hand. */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <talloc.h>
#include <unistd.h>

#include "syscalls/syscalls.h"
#include "tracer/tracer.h"

/* x32 syscalls carry this bit in their number. */
#define X32_SYSCALL_BIT 0x40000000u

int seccomp_install(struct tracer *tr)
{
	unsigned n = 0, max = 0;
	int highest_nr = -1;
	struct sock_filter *f;
	struct sock_fprog prog;
	int rc = 0;

	for (int sc = 0; sc < SC_COUNT; sc++) {
		int nr = arch_host_nr(sc);

		if (nr > highest_nr)
			highest_nr = nr;
		if (nr != SC_NONE && syscall_traced(tr, sc))
			max++;
	}
	f = talloc_array(NULL, struct sock_filter, 7 * max + 8);
	if (!f)
		return -ENOMEM;

	/* Another ABI (i386 int 0x80, x32) would bypass translation:
	 * refuse it rather than let paths through untranslated. */
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
					      offsetof(struct seccomp_data, arch));
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, arch_audit, 1, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
					      offsetof(struct seccomp_data, nr));
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, X32_SYSCALL_BIT, 0, 1);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS);
	for (int sc = 0; sc < SC_COUNT; sc++) {
		int nr = arch_host_nr(sc);

		unsigned arg = handlers[sc].trap_if_arg;

		if (nr == SC_NONE || !syscall_traced(tr, sc))
			continue;
		if (arg == 0 || tr->report) {
			f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr, 0, 1);
			f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE);
			continue;
		}
		/* Stop only when the 64-bit argument is non-zero; BPF loads
		 * it as two 32-bit words (little-endian on both arches). */
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr, 0, 6);
		f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
						      offsetof(struct seccomp_data, args[arg - 1]));
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3);
		f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
						      offsetof(struct seccomp_data, args[arg - 1]) + 4);
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1);
		f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
		f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE);
	}
	/* --report also wants syscalls newer than the table. */
	if (tr->report) {
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K,
						      (unsigned)highest_nr, 0, 1);
		f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE);
	}
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);

	prog.len = (unsigned short)n;
	prog.filter = f;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)
		rc = -errno;
	talloc_free(f);
	return rc;
}
