/* The seccomp-bpf filter: SECCOMP_RET_TRACE for the syscalls the handler
 * table traps, ALLOW for everything else.  The list is derived from the
 * table, never written by hand.
 *
 * Every syscall of every tracee runs the filter, read() and write()
 * included, so the trapped numbers are searched as a balanced tree
 * (about 7 comparisons) rather than one by one (about 100).
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <talloc.h>
#include <unistd.h>

#include "loader/script.h"
#include "runtime/trap.h"
#include "syscalls/syscalls.h"
#include "tracee/tracee.h"
#include "tracer/seccomp.h"

/* x32 syscalls carry this bit in their number. */
#define X32_SYSCALL_BIT 0x40000000u

struct trap {
	unsigned nr;
	unsigned arg;		/* trap only if this argument is non-zero (1-based), or 0 */
	unsigned pid_arg;	/* trap only if this pid argument is <= 0 or self, or 0 */
	uint32_t self;		/* burrow's pid */
	unsigned eq_arg;	/* trap only if this argument's low word is eq, or 0 */
	uint32_t eq;
	uint32_t eq2;		/* or this, when not 0 */
	bool loader_pass;	/* no stop for the loader's opens (H_LOADER_OPEN) */
	uint32_t loader_dirfd;	/* with this dirfd */
	uint32_t ret;		/* what a match returns: SECCOMP_RET_TRACE, or
				 * the in-guest engine's TRAP or ERRNO */
};

struct prog {
	struct sock_filter *f;
	unsigned n;
};

static void emit(struct prog *p, struct sock_filter ins)
{
	p->f[p->n++] = ins;
}

#define STMT(code, k) ((struct sock_filter)BPF_STMT(code, k))
#define JUMP(code, k, jt, jf) ((struct sock_filter)BPF_JUMP(code, k, jt, jf))

/* How many instructions emit_match emits for t. */
static unsigned match_len(const struct trap *t)
{
	return t->arg || t->pid_arg ? 6 : t->eq_arg && t->eq2 ? 5 : t->loader_pass || t->eq_arg ? 4 : 1;
}

/* What to do once the number matched trap t: the accumulator holds nr. */
static void emit_match(struct prog *p, const struct trap *t)
{
	if (t->loader_pass) {
		/* dirfd is an int: its low word. */
		emit(p, STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])));
		emit(p, JUMP(BPF_JMP | BPF_JEQ | BPF_K, t->loader_dirfd, 0, 1));
		emit(p, STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
		emit(p, STMT(BPF_RET | BPF_K, t->ret));
		return;
	}
	if (t->eq_arg && t->eq2) {
		emit(p, STMT(BPF_LD | BPF_W | BPF_ABS,
			     offsetof(struct seccomp_data, args[t->eq_arg - 1])));
		emit(p, JUMP(BPF_JMP | BPF_JEQ | BPF_K, t->eq, 2, 0));
		emit(p, JUMP(BPF_JMP | BPF_JEQ | BPF_K, t->eq2, 1, 0));
		emit(p, STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
		emit(p, STMT(BPF_RET | BPF_K, t->ret));
		return;
	}
	if (t->eq_arg) {
		emit(p, STMT(BPF_LD | BPF_W | BPF_ABS,
			     offsetof(struct seccomp_data, args[t->eq_arg - 1])));
		emit(p, JUMP(BPF_JMP | BPF_JEQ | BPF_K, t->eq, 0, 1));
		emit(p, STMT(BPF_RET | BPF_K, t->ret));
		emit(p, STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
		return;
	}
	if (t->pid_arg) {
		/* pid_t is the low word; <= 0 is 0 or the sign bit set. */
		emit(p, STMT(BPF_LD | BPF_W | BPF_ABS,
			     offsetof(struct seccomp_data, args[t->pid_arg - 1])));
		emit(p, JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 3, 0));
		emit(p, JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x80000000u, 2, 0));
		emit(p, JUMP(BPF_JMP | BPF_JEQ | BPF_K, t->self, 1, 0));
		emit(p, STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
		emit(p, STMT(BPF_RET | BPF_K, t->ret));
		return;
	}
	if (!t->arg) {
		emit(p, STMT(BPF_RET | BPF_K, t->ret));
		return;
	}
	/* Stop only when the 64-bit argument is non-zero; BPF loads it as
	 * two 32-bit words (little-endian on both arches). */
	emit(p, STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[t->arg - 1])));
	emit(p, JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3));
	emit(p, STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[t->arg - 1]) + 4));
	emit(p, JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1));
	emit(p, STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
	emit(p, STMT(BPF_RET | BPF_K, t->ret));
}

/* The subtree for traps[lo, hi): a leaf compares for equality; an inner
 * node splits on the middle number.  Jumps only go forward, and every
 * offset stays far below BPF's 255 because subtrees are small. */
static int emit_tree(struct prog *p, const struct trap *traps, unsigned lo, unsigned hi)
{
	if (hi - lo <= 3) {
		for (unsigned i = lo; i < hi; i++) {
			emit(p, JUMP(BPF_JMP | BPF_JEQ | BPF_K, traps[i].nr, 0, match_len(&traps[i])));
			emit_match(p, &traps[i]);
		}
		emit(p, STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
		return 0;
	}
	unsigned mid = lo + (hi - lo) / 2;
	unsigned jge = p->n;
	int rc;

	/* if nr >= traps[mid].nr goto right else fall into left */
	emit(p, JUMP(BPF_JMP | BPF_JGE | BPF_K, traps[mid].nr, 0, 0));
	rc = emit_tree(p, traps, lo, mid);
	if (rc < 0)
		return rc;
	if (p->n - jge - 1 > 255)
		return -E2BIG;
	p->f[jge].jt = (unsigned char)(p->n - jge - 1);
	return emit_tree(p, traps, mid, hi);
}

static int cmp_trap(const void *a, const void *b)
{
	unsigned x = ((const struct trap *)a)->nr, y = ((const struct trap *)b)->nr;

	return x < y ? -1 : x > y;
}

/* Another ABI (i386 int 0x80, x32) would bypass translation: refuse it
 * rather than let paths through untranslated.  Leaves nr loaded. */
static void emit_abi_guard(struct prog *p)
{
	emit(p, STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)));
	emit(p, JUMP(BPF_JMP | BPF_JEQ | BPF_K, arch_audit, 1, 0));
	emit(p, STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS));
	emit(p, STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)));
	emit(p, JUMP(BPF_JMP | BPF_JGE | BPF_K, X32_SYSCALL_BIT, 0, 3));
	/* -1 is no x32 call: a guest tracer skipped the call at its entry
	 * stop (before this filter since Linux 4.8) and set the result,
	 * which ERRNO would overwrite.  The kernel runs nothing for it. */
	emit(p, JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xffffffffu, 0, 1));
	emit(p, STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
	emit(p, STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS));
}

int seccomp_build(const struct tracer *tr, void *mem, struct sock_fprog *out)
{
	struct trap *traps;
	unsigned ntraps = 0;
	int highest_nr = -1;
	struct prog p = { 0 };
	int rc;

	traps = talloc_array(NULL, struct trap, SC_COUNT);
	if (!traps)
		return -ENOMEM;
	for (int sc = 0; sc < SC_COUNT; sc++) {
		int nr = arch_host_nr(sc);

		if (nr > highest_nr)
			highest_nr = nr;
		if (nr == SC_NONE || !syscall_traced(tr, sc))
			continue;
		traps[ntraps].nr = (unsigned)nr;
		/* --report wants to see every such call, even send(). */
		traps[ntraps].arg = tr->report ? 0 : handlers[sc].trap_if_arg;
		/* Under -0/-i the faked credentials decide for every pid. */
		traps[ntraps].pid_arg = tr->report || (tr->fake && handlers[sc].fake_enter)
			? 0 : handlers[sc].trap_if_pid;
		traps[ntraps].eq_arg = tr->report ? 0 : handlers[sc].trap_if_eq;
		traps[ntraps].eq = handlers[sc].trap_eq;
		traps[ntraps].eq2 = tr->fake ? handlers[sc].trap_eq_fake : 0;
		traps[ntraps].self = (uint32_t)tr->self_pid;
		/* No dirfd drawn (0): every open stops. */
		traps[ntraps].loader_pass = !tr->report && (handlers[sc].flags & H_LOADER_OPEN) &&
					    tr->loader_dirfd < 0;
		traps[ntraps].loader_dirfd = (uint32_t)tr->loader_dirfd;
		traps[ntraps].ret = SECCOMP_RET_TRACE;
		ntraps++;
	}
	qsort(traps, ntraps, sizeof(*traps), cmp_trap);
	p.f = talloc_array(mem, struct sock_filter, 8 * ntraps + 16);
	if (!p.f) {
		talloc_free(traps);
		return -ENOMEM;
	}

	emit_abi_guard(&p);
	/* --report also wants syscalls newer than the table. */
	if (tr->report) {
		emit(&p, JUMP(BPF_JMP | BPF_JGT | BPF_K, (unsigned)highest_nr, 0, 1));
		emit(&p, STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE));
	}
	rc = emit_tree(&p, traps, 0, ntraps);
	talloc_free(traps);
	if (rc < 0) {
		talloc_free(p.f);
		return rc;
	}
	out->len = (unsigned short)p.n;
	out->filter = p.f;
	return 0;
}

static bool among(long nr, const long *known, size_t nknown)
{
	for (size_t i = 0; i < nknown; i++)
		if (known[i] == nr)
			return true;
	return false;
}

static const struct rt_trap_when *signal_call(const struct guest_filter *g, long nr)
{
	for (size_t i = 0; i < g->nsigs; i++)
		if (g->sigs[i].nr == nr)
			return &g->sigs[i];
	return NULL;
}

int seccomp_build_guest(const struct guest_filter *g, void *mem, struct sock_fprog *out)
{
	const struct rt_trap_when *w;
	struct trap *traps;
	unsigned ntraps = 0;
	struct prog p = { 0 };
	int rc;

	traps = talloc_zero_array(NULL, struct trap, SC_COUNT);
	if (!traps)
		return -ENOMEM;
	for (int sc = 0; sc < SC_COUNT; sc++) {
		int nr = arch_host_nr(sc);
		struct trap *t = &traps[ntraps];

		if (nr == SC_NONE)
			continue;
		t->nr = (unsigned)nr;
		/* getdents64 only where listings gain names (dirents.c). */
		if ((handlers[sc].flags & H_IF_PHANTOMS) && !g->phantoms)
			continue;
		/* fchmod and the like only where they may be refused. */
		if ((handlers[sc].flags & H_IF_RESTRICTED) && !g->restricted)
			continue;
		if (among(nr, g->known, g->nknown)) {
			t->ret = SECCOMP_RET_TRAP | g->tag;
			/* sendto, recvfrom: only with an address. */
			t->arg = handlers[sc].trap_if_arg;
		} else if ((w = signal_call(g, nr)) != NULL) {
			/* The runtime keeps SIGSYS deliverable (sig.c). */
			t->ret = SECCOMP_RET_TRAP | g->tag;
			t->arg = w->arg < 0 ? 0 : (unsigned)w->arg + 1;
			/* A signal naming a pid: only one burrow must answer. */
			if (w->arg <= RT_TRAP_PID(0)) {
				t->pid_arg = (unsigned)(RT_TRAP_PID(0) - w->arg) + 1;
				t->self = g->self;
			}
		} else if (syscall_names_path(sc)) {
			/* Not translated yet: it must not run on host paths. */
			t->ret = SECCOMP_RET_ERRNO |
				 ((handlers[sc].flags & H_EPERM) ? EPERM : ENOSYS);
			t->arg = handlers[sc].trap_if_arg;
		} else {
			continue;
		}
		ntraps++;
	}
	qsort(traps, ntraps, sizeof(*traps), cmp_trap);
	p.f = talloc_array(mem, struct sock_filter, 8 * ntraps + 24);
	if (!p.f) {
		talloc_free(traps);
		return -ENOMEM;
	}
	emit_abi_guard(&p);
	/* The runtime's own calls: [text_lo, text_hi), one high word
	 * (guest_rt_base keeps it so). */
	emit(&p, STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, instruction_pointer) + 4));
	emit(&p, JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)(g->text_lo >> 32), 0, 4));
	emit(&p, STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, instruction_pointer)));
	emit(&p, JUMP(BPF_JMP | BPF_JGE | BPF_K, (uint32_t)g->text_lo, 0, 2));
	emit(&p, JUMP(BPF_JMP | BPF_JGE | BPF_K, (uint32_t)g->text_hi, 1, 0));
	emit(&p, STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
	emit(&p, STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)));
	rc = emit_tree(&p, traps, 0, ntraps);
	talloc_free(traps);
	if (rc < 0) {
		talloc_free(p.f);
		return rc;
	}
	out->len = (unsigned short)p.n;
	out->filter = p.f;
	return 0;
}

/* Kernels before 5.16 (spec_store_bypass_disable=seccomp and
 * spectre_v2_user=seccomp, their default) turn on the Speculative Store
 * Bypass and STIBP mitigations for every process under a filter, which
 * can slow compute by several percent: a sandbox's price.  burrow is no
 * sandbox, so the guest keeps what it would have natively.  The flag
 * came in Linux 4.17, seccomp(2) in 3.17: older kernels refuse them
 * (EINVAL, ENOSYS) and get the prctl. */
static int install_filter(const struct tracer *tr, const struct sock_fprog *fprog)
{
	if (tr->spec_allow &&
	    syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_SPEC_ALLOW, fprog) == 0)
		return 0;
	if (tr->spec_allow && errno != EINVAL && errno != ENOSYS)
		return -errno;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, fprog) < 0 ? -errno : 0;
}

int seccomp_install(struct tracer *tr)
{
	struct sock_fprog fprog;
	int rc = seccomp_build(tr, NULL, &fprog);

	if (rc < 0)
		return rc;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		rc = -errno;
	else
		rc = install_filter(tr, &fprog);
	talloc_free(fprog.filter);
	return rc;
}
