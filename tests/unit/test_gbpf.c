/* The evaluator of the guest's own seccomp programs (src/tracee/gbpf.c):
 * burrow's filter and a libseccomp-style one give the verdicts the
 * kernel would, every instruction seccomp allows does what the kernel's
 * does, the programs the kernel refuses are refused (EINVAL), and a
 * chain of filters picks its action as seccomp_run_filters does. */
#include <check.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <talloc.h>

#include "syscalls/syscalls.h"
#include "tracee/gbpf.h"
#include "tracee/tracee.h"
#include "tracer/seccomp.h"

#define STMT(code, k) BPF_STMT(code, k)
#define JUMP(code, k, jt, jf) BPF_JUMP(code, k, jt, jf)
#define N(a) (sizeof(a) / sizeof((a)[0]))
#define OFF(field) offsetof(struct seccomp_data, field)

static uint32_t run(const struct sock_filter *f, size_t n, int nr, uint32_t arch, uint64_t arg0)
{
	struct seccomp_data d = { .nr = nr, .arch = arch, .args = { arg0 } };

	ck_assert_int_eq(gbpf_check(f, n), 0);
	return gbpf_run(f, n, &d);
}

START_TEST(burrows_own_filter)
{
	struct tracer tr;
	struct sock_fprog prog;
	void *mem = talloc_new(NULL);

	memset(&tr, 0, sizeof(tr));
	tr.self_pid = 4242;
	tr.loader_dirfd = -0x62757272;
	ck_assert_int_eq(seccomp_build(&tr, mem, &prog), 0);
	ck_assert_int_eq(gbpf_check(prog.filter, prog.len), 0);
	ck_assert_uint_eq(run(prog.filter, prog.len, arch_host_nr(SC_openat), arch_audit, 3),
			  SECCOMP_RET_TRACE);
	ck_assert_uint_eq(run(prog.filter, prog.len, arch_host_nr(SC_openat), arch_audit,
			      (uint32_t)tr.loader_dirfd), SECCOMP_RET_ALLOW);
	ck_assert_uint_eq(run(prog.filter, prog.len, arch_host_nr(SC_read), arch_audit, 0),
			  SECCOMP_RET_ALLOW);
	ck_assert_uint_eq(run(prog.filter, prog.len, arch_host_nr(SC_openat), arch_audit ^ 1, 0),
			  SECCOMP_RET_ERRNO | ENOSYS);
	ck_assert_uint_eq(run(prog.filter, prog.len, -1, arch_audit, 0), SECCOMP_RET_ALLOW);
	talloc_free(mem);
}
END_TEST

/* The shape libseccomp gives: arch check, x32 guard, a 64-bit argument
 * compared in two halves, actions with data, a default action. */
START_TEST(libseccomp_style_filter)
{
	const uint32_t audit = arch_audit;
	const struct sock_filter f[] = {
		STMT(BPF_LD | BPF_W | BPF_ABS, OFF(arch)),
		JUMP(BPF_JMP | BPF_JEQ | BPF_K, audit, 1, 0),
		STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		STMT(BPF_LD | BPF_W | BPF_ABS, OFF(nr)),
		JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1),
		STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		JUMP(BPF_JMP | BPF_JEQ | BPF_K, 17, 0, 6),		/* nr 17: */
		STMT(BPF_LD | BPF_W | BPF_ABS, OFF(args[0]) + 4),	/*  arg0 hi */
		JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2),
		STMT(BPF_LD | BPF_W | BPF_ABS, OFF(args[0])),		/*  arg0 lo */
		JUMP(BPF_JMP | BPF_JEQ | BPF_K, 5, 1, 0),
		STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE | 0x2a),
		JUMP(BPF_JMP | BPF_JEQ | BPF_K, 18, 0, 1),
		STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP | 7),
		STMT(BPF_RET | BPF_K, SECCOMP_RET_LOG),
	};

	ck_assert_uint_eq(run(f, N(f), 17, audit, 5), SECCOMP_RET_TRACE | 0x2a);
	ck_assert_uint_eq(run(f, N(f), 17, audit, 6), SECCOMP_RET_ALLOW);
	ck_assert_uint_eq(run(f, N(f), 17, audit, 5 | 1ull << 32), SECCOMP_RET_ALLOW);
	ck_assert_uint_eq(run(f, N(f), 18, audit, 0), SECCOMP_RET_TRAP | 7);
	ck_assert_uint_eq(run(f, N(f), 19, audit, 0), SECCOMP_RET_LOG);
	ck_assert_uint_eq(run(f, N(f), 0x40000000 | 17, audit, 5), SECCOMP_RET_ERRNO | EPERM);
	ck_assert_uint_eq(run(f, N(f), 17, audit ^ 1, 5), SECCOMP_RET_KILL_PROCESS);
}
END_TEST

/* One program per instruction; each returns A (or a constant): nr 100,
 * arg0 0x1234567890 are the data. */
static const struct opcase {
	const char *what;
	struct sock_filter f[8];
	unsigned n;
	uint32_t want;
} opcases[] = {
	{ "ld abs nr", { STMT(BPF_LD | BPF_W | BPF_ABS, 0), STMT(BPF_RET | BPF_A, 0) }, 2, 100 },
	{ "ld abs arg0 hi", { STMT(BPF_LD | BPF_W | BPF_ABS, OFF(args[0]) + 4),
			      STMT(BPF_RET | BPF_A, 0) }, 2, 0x12 },
	{ "ld len", { STMT(BPF_LD | BPF_W | BPF_LEN, 0), STMT(BPF_RET | BPF_A, 0) }, 2, 64 },
	{ "ldx len, txa", { STMT(BPF_LDX | BPF_W | BPF_LEN, 0), STMT(BPF_MISC | BPF_TXA, 0),
			    STMT(BPF_RET | BPF_A, 0) }, 3, 64 },
	{ "ld imm", { STMT(BPF_LD | BPF_IMM, 77), STMT(BPF_RET | BPF_A, 0) }, 2, 77 },
	{ "ldx imm, txa", { STMT(BPF_LDX | BPF_IMM, 9), STMT(BPF_MISC | BPF_TXA, 0),
			    STMT(BPF_RET | BPF_A, 0) }, 3, 9 },
	{ "tax", { STMT(BPF_LD | BPF_IMM, 5), STMT(BPF_MISC | BPF_TAX, 0),
		   STMT(BPF_LD | BPF_IMM, 1), STMT(BPF_ALU | BPF_ADD | BPF_X, 0),
		   STMT(BPF_RET | BPF_A, 0) }, 5, 6 },
	{ "st, ld mem", { STMT(BPF_LD | BPF_IMM, 3), STMT(BPF_ST, 15), STMT(BPF_LD | BPF_IMM, 0),
			  STMT(BPF_LD | BPF_MEM, 15), STMT(BPF_RET | BPF_A, 0) }, 5, 3 },
	{ "stx, ldx mem", { STMT(BPF_LDX | BPF_IMM, 4), STMT(BPF_STX, 0), STMT(BPF_LDX | BPF_IMM, 0),
			    STMT(BPF_LDX | BPF_MEM, 0), STMT(BPF_MISC | BPF_TXA, 0),
			    STMT(BPF_RET | BPF_A, 0) }, 6, 4 },
	{ "add k", { STMT(BPF_LD | BPF_IMM, 5), STMT(BPF_ALU | BPF_ADD | BPF_K, 0xffffffff),
		     STMT(BPF_RET | BPF_A, 0) }, 3, 4 },
	{ "sub k", { STMT(BPF_LD | BPF_IMM, 5), STMT(BPF_ALU | BPF_SUB | BPF_K, 7),
		     STMT(BPF_RET | BPF_A, 0) }, 3, 0xfffffffe },
	{ "sub x", { STMT(BPF_LD | BPF_IMM, 5), STMT(BPF_LDX | BPF_IMM, 2),
		     STMT(BPF_ALU | BPF_SUB | BPF_X, 0), STMT(BPF_RET | BPF_A, 0) }, 4, 3 },
	{ "mul k", { STMT(BPF_LD | BPF_IMM, 0x10001), STMT(BPF_ALU | BPF_MUL | BPF_K, 0x10000),
		     STMT(BPF_RET | BPF_A, 0) }, 3, 0x10000 },
	{ "mul x", { STMT(BPF_LD | BPF_IMM, 6), STMT(BPF_LDX | BPF_IMM, 7),
		     STMT(BPF_ALU | BPF_MUL | BPF_X, 0), STMT(BPF_RET | BPF_A, 0) }, 4, 42 },
	{ "div k", { STMT(BPF_LD | BPF_IMM, 100), STMT(BPF_ALU | BPF_DIV | BPF_K, 7),
		     STMT(BPF_RET | BPF_A, 0) }, 3, 14 },
	{ "div x", { STMT(BPF_LD | BPF_IMM, 100), STMT(BPF_LDX | BPF_IMM, 9),
		     STMT(BPF_ALU | BPF_DIV | BPF_X, 0), STMT(BPF_RET | BPF_A, 0) }, 4, 11 },
	{ "div x by 0 kills", { STMT(BPF_LD | BPF_IMM, 100), STMT(BPF_ALU | BPF_DIV | BPF_X, 0),
				STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) }, 3,
	  SECCOMP_RET_KILL_THREAD },
	{ "and k", { STMT(BPF_LD | BPF_IMM, 0xff0), STMT(BPF_ALU | BPF_AND | BPF_K, 0x3c),
		     STMT(BPF_RET | BPF_A, 0) }, 3, 0x30 },
	{ "and x", { STMT(BPF_LD | BPF_IMM, 6), STMT(BPF_LDX | BPF_IMM, 3),
		     STMT(BPF_ALU | BPF_AND | BPF_X, 0), STMT(BPF_RET | BPF_A, 0) }, 4, 2 },
	{ "or k", { STMT(BPF_LD | BPF_IMM, 0x10), STMT(BPF_ALU | BPF_OR | BPF_K, 1),
		    STMT(BPF_RET | BPF_A, 0) }, 3, 0x11 },
	{ "or x", { STMT(BPF_LD | BPF_IMM, 4), STMT(BPF_LDX | BPF_IMM, 1),
		    STMT(BPF_ALU | BPF_OR | BPF_X, 0), STMT(BPF_RET | BPF_A, 0) }, 4, 5 },
	{ "xor k", { STMT(BPF_LD | BPF_IMM, 0xff), STMT(BPF_ALU | BPF_XOR | BPF_K, 0x0f),
		     STMT(BPF_RET | BPF_A, 0) }, 3, 0xf0 },
	{ "xor x", { STMT(BPF_LD | BPF_IMM, 7), STMT(BPF_LDX | BPF_IMM, 7),
		     STMT(BPF_ALU | BPF_XOR | BPF_X, 0), STMT(BPF_RET | BPF_A, 0) }, 4, 0 },
	{ "lsh k", { STMT(BPF_LD | BPF_IMM, 3), STMT(BPF_ALU | BPF_LSH | BPF_K, 31),
		     STMT(BPF_RET | BPF_A, 0) }, 3, 0x80000000 },
	{ "lsh x masks", { STMT(BPF_LD | BPF_IMM, 3), STMT(BPF_LDX | BPF_IMM, 33),
			   STMT(BPF_ALU | BPF_LSH | BPF_X, 0), STMT(BPF_RET | BPF_A, 0) }, 4, 6 },
	{ "rsh k", { STMT(BPF_LD | BPF_IMM, 0x80000000), STMT(BPF_ALU | BPF_RSH | BPF_K, 31),
		     STMT(BPF_RET | BPF_A, 0) }, 3, 1 },
	{ "rsh x", { STMT(BPF_LD | BPF_IMM, 0x100), STMT(BPF_LDX | BPF_IMM, 4),
		     STMT(BPF_ALU | BPF_RSH | BPF_X, 0), STMT(BPF_RET | BPF_A, 0) }, 4, 0x10 },
	{ "neg", { STMT(BPF_LD | BPF_IMM, 1), STMT(BPF_ALU | BPF_NEG, 0),
		   STMT(BPF_RET | BPF_A, 0) }, 3, 0xffffffff },
	{ "ja", { STMT(BPF_JMP | BPF_JA, 1), STMT(BPF_RET | BPF_K, 1), STMT(BPF_RET | BPF_K, 2) },
	  3, 2 },
	{ "jeq k", { STMT(BPF_LD | BPF_W | BPF_ABS, 0), JUMP(BPF_JMP | BPF_JEQ | BPF_K, 100, 1, 0),
		     STMT(BPF_RET | BPF_K, 1), STMT(BPF_RET | BPF_K, 2) }, 4, 2 },
	{ "jeq x", { STMT(BPF_LDX | BPF_IMM, 101), STMT(BPF_LD | BPF_W | BPF_ABS, 0),
		     JUMP(BPF_JMP | BPF_JEQ | BPF_X, 0, 1, 0), STMT(BPF_RET | BPF_K, 1),
		     STMT(BPF_RET | BPF_K, 2) }, 5, 1 },
	{ "jgt k", { STMT(BPF_LD | BPF_W | BPF_ABS, 0), JUMP(BPF_JMP | BPF_JGT | BPF_K, 100, 1, 0),
		     STMT(BPF_RET | BPF_K, 1), STMT(BPF_RET | BPF_K, 2) }, 4, 1 },
	{ "jgt x", { STMT(BPF_LDX | BPF_IMM, 99), STMT(BPF_LD | BPF_W | BPF_ABS, 0),
		     JUMP(BPF_JMP | BPF_JGT | BPF_X, 0, 1, 0), STMT(BPF_RET | BPF_K, 1),
		     STMT(BPF_RET | BPF_K, 2) }, 5, 2 },
	{ "jge k", { STMT(BPF_LD | BPF_W | BPF_ABS, 0), JUMP(BPF_JMP | BPF_JGE | BPF_K, 100, 1, 0),
		     STMT(BPF_RET | BPF_K, 1), STMT(BPF_RET | BPF_K, 2) }, 4, 2 },
	{ "jge x", { STMT(BPF_LDX | BPF_IMM, 101), STMT(BPF_LD | BPF_W | BPF_ABS, 0),
		     JUMP(BPF_JMP | BPF_JGE | BPF_X, 0, 1, 0), STMT(BPF_RET | BPF_K, 1),
		     STMT(BPF_RET | BPF_K, 2) }, 5, 1 },
	{ "jset k", { STMT(BPF_LD | BPF_W | BPF_ABS, 0), JUMP(BPF_JMP | BPF_JSET | BPF_K, 4, 1, 0),
		      STMT(BPF_RET | BPF_K, 1), STMT(BPF_RET | BPF_K, 2) }, 4, 2 },
	{ "jset x", { STMT(BPF_LDX | BPF_IMM, 3), STMT(BPF_LD | BPF_W | BPF_ABS, 0),
		      JUMP(BPF_JMP | BPF_JSET | BPF_X, 0, 1, 0), STMT(BPF_RET | BPF_K, 1),
		      STMT(BPF_RET | BPF_K, 2) }, 5, 1 },
	{ "ret k", { STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE | 0xbeef) }, 1,
	  SECCOMP_RET_TRACE | 0xbeef },
	{ "A and X start at 0", { STMT(BPF_ALU | BPF_ADD | BPF_X, 0), STMT(BPF_RET | BPF_A, 0) },
	  2, 0 },
};

START_TEST(every_instruction)
{
	const struct opcase *c = &opcases[_i];
	struct seccomp_data d = { .nr = 100, .arch = arch_audit, .args = { 0x1234567890ull } };

	ck_assert_msg(gbpf_check(c->f, c->n) == 0, "%s: refused", c->what);
	ck_assert_msg(gbpf_run(c->f, c->n, &d) == c->want, "%s: %#x, not %#x", c->what,
		      gbpf_run(c->f, c->n, &d), c->want);
}
END_TEST

/* Programs seccomp_prepare_filter refuses with EINVAL. */
static const struct badcase {
	const char *what;
	struct sock_filter f[4];
	unsigned n;
} badcases[] = {
	{ "empty", { STMT(BPF_RET | BPF_K, 0) }, 0 },
	{ "no return at the end", { STMT(BPF_LD | BPF_IMM, 0) }, 1 },
	{ "load past seccomp_data", { STMT(BPF_LD | BPF_W | BPF_ABS, 64), STMT(BPF_RET | BPF_A, 0) }, 2 },
	{ "unaligned load", { STMT(BPF_LD | BPF_W | BPF_ABS, 2), STMT(BPF_RET | BPF_A, 0) }, 2 },
	{ "byte load", { STMT(BPF_LD | BPF_B | BPF_ABS, 0), STMT(BPF_RET | BPF_A, 0) }, 2 },
	{ "half load", { STMT(BPF_LD | BPF_H | BPF_ABS, 0), STMT(BPF_RET | BPF_A, 0) }, 2 },
	{ "indirect load", { STMT(BPF_LD | BPF_W | BPF_IND, 0), STMT(BPF_RET | BPF_A, 0) }, 2 },
	{ "ldx msh", { STMT(BPF_LDX | BPF_B | BPF_MSH, 0), STMT(BPF_RET | BPF_A, 0) }, 2 },
	{ "mod (not for seccomp)", { STMT(BPF_ALU | BPF_MOD | BPF_K, 3), STMT(BPF_RET | BPF_A, 0) }, 2 },
	{ "div by constant 0", { STMT(BPF_ALU | BPF_DIV | BPF_K, 0), STMT(BPF_RET | BPF_A, 0) }, 2 },
	{ "shift by 32", { STMT(BPF_ALU | BPF_LSH | BPF_K, 32), STMT(BPF_RET | BPF_A, 0) }, 2 },
	{ "scratch cell 16", { STMT(BPF_ST, 16), STMT(BPF_RET | BPF_A, 0) }, 2 },
	{ "cell read before written", { STMT(BPF_LD | BPF_MEM, 1), STMT(BPF_RET | BPF_A, 0) }, 2 },
	{ "cell written on one path only", { JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),
					     STMT(BPF_ST, 2), STMT(BPF_LD | BPF_MEM, 2),
					     STMT(BPF_RET | BPF_A, 0) }, 4 },
	{ "ja out of the program", { STMT(BPF_JMP | BPF_JA, 1), STMT(BPF_RET | BPF_K, 0) }, 2 },
	{ "jeq out of the program", { JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0),
				      STMT(BPF_RET | BPF_K, 0) }, 2 },
	{ "unknown class code", { STMT(0xffff, 0), STMT(BPF_RET | BPF_K, 0) }, 2 },
	{ "ret x", { STMT(BPF_RET | BPF_X, 0) }, 1 },
};

START_TEST(bad_programs_refused)
{
	const struct badcase *c = &badcases[_i];

	ck_assert_msg(gbpf_check(c->f, c->n) == -EINVAL, "%s: accepted", c->what);
}
END_TEST

START_TEST(too_long_refused)
{
	static struct sock_filter f[BPF_MAXINSNS + 1];

	for (size_t i = 0; i < N(f); i++)
		f[i] = (struct sock_filter)STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	ck_assert_int_eq(gbpf_check(f, BPF_MAXINSNS), 0);
	ck_assert_int_eq(gbpf_check(f, BPF_MAXINSNS + 1), -EINVAL);
}
END_TEST

/* seccomp_run_filters: newest first, the lowest action (signed: KILL_
 * PROCESS lowest), the newest of equal ones; the chain is shared and
 * freed with its last holder. */
START_TEST(chain_lowest_action_wins)
{
	const struct sock_filter allow[] = { STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
	const struct sock_filter trace1[] = { STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE | 1) };
	const struct sock_filter trace2[] = { STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE | 2) };
	const struct sock_filter errno_[] = { STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1) };
	const struct sock_filter killp[] = { STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS) };
	struct seccomp_data d = { 0 };
	size_t blocks = talloc_total_blocks(NULL);
	struct gfilter *a, *b, *c, *fork;

	ck_assert_uint_eq(gfilter_run(NULL, &d), SECCOMP_RET_ALLOW);
	a = gfilter_push(NULL, trace1, 1);
	b = gfilter_push(a, allow, 1);
	ck_assert_uint_eq(gfilter_run(b, &d), SECCOMP_RET_TRACE | 1);
	c = gfilter_push(b, trace2, 1);
	ck_assert_uint_eq(gfilter_run(c, &d), SECCOMP_RET_TRACE | 2);	/* the newest */
	fork = gfilter_ref(c);
	fork = gfilter_push(fork, errno_, 1);
	ck_assert_uint_eq(gfilter_run(fork, &d), SECCOMP_RET_ERRNO | 1);
	ck_assert_uint_eq(gfilter_run(c, &d), SECCOMP_RET_TRACE | 2);
	gfilter_unref(c);
	fork = gfilter_push(fork, killp, 1);
	ck_assert_uint_eq(gfilter_run(fork, &d), SECCOMP_RET_KILL_PROCESS);
	gfilter_unref(fork);
	ck_assert_uint_eq(talloc_total_blocks(NULL), blocks);
}
END_TEST

Suite *gbpf_suite(void)
{
	Suite *s = suite_create("gbpf");
	TCase *tc = tcase_create("gbpf");

	tcase_add_test(tc, burrows_own_filter);
	tcase_add_test(tc, libseccomp_style_filter);
	tcase_add_loop_test(tc, every_instruction, 0, (int)N(opcases));
	tcase_add_loop_test(tc, bad_programs_refused, 0, (int)N(badcases));
	tcase_add_test(tc, too_long_refused);
	tcase_add_test(tc, chain_lowest_action_wins);
	suite_add_tcase(s, tc);
	return s;
}
