/* Classic BPF as seccomp runs it: the checks of seccomp_prepare_filter
 * (net/core/filter.c bpf_check_classic, kernel/seccomp.c
 * seccomp_check_filter) and an evaluator of what they allow.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <talloc.h>

#include "tracee/gbpf.h"

#define MEMWORDS 16		/* BPF_MEMWORDS: the scratch cells */

/* The instructions seccomp_check_filter lets through (LD W ABS and the
 * LEN loads it rewrites included). */
static bool seccomp_code(uint16_t code)
{
	switch (code) {
	case BPF_LD | BPF_W | BPF_ABS:
	case BPF_LD | BPF_W | BPF_LEN:
	case BPF_LDX | BPF_W | BPF_LEN:
	case BPF_RET | BPF_K:
	case BPF_RET | BPF_A:
	case BPF_ALU | BPF_ADD | BPF_K: case BPF_ALU | BPF_ADD | BPF_X:
	case BPF_ALU | BPF_SUB | BPF_K: case BPF_ALU | BPF_SUB | BPF_X:
	case BPF_ALU | BPF_MUL | BPF_K: case BPF_ALU | BPF_MUL | BPF_X:
	case BPF_ALU | BPF_DIV | BPF_K: case BPF_ALU | BPF_DIV | BPF_X:
	case BPF_ALU | BPF_AND | BPF_K: case BPF_ALU | BPF_AND | BPF_X:
	case BPF_ALU | BPF_OR | BPF_K: case BPF_ALU | BPF_OR | BPF_X:
	case BPF_ALU | BPF_XOR | BPF_K: case BPF_ALU | BPF_XOR | BPF_X:
	case BPF_ALU | BPF_LSH | BPF_K: case BPF_ALU | BPF_LSH | BPF_X:
	case BPF_ALU | BPF_RSH | BPF_K: case BPF_ALU | BPF_RSH | BPF_X:
	case BPF_ALU | BPF_NEG:
	case BPF_LD | BPF_IMM:
	case BPF_LDX | BPF_IMM:
	case BPF_MISC | BPF_TAX:
	case BPF_MISC | BPF_TXA:
	case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_MEM:
	case BPF_ST:
	case BPF_STX:
	case BPF_JMP | BPF_JA:
	case BPF_JMP | BPF_JEQ | BPF_K: case BPF_JMP | BPF_JEQ | BPF_X:
	case BPF_JMP | BPF_JGE | BPF_K: case BPF_JMP | BPF_JGE | BPF_X:
	case BPF_JMP | BPF_JGT | BPF_K: case BPF_JMP | BPF_JGT | BPF_X:
	case BPF_JMP | BPF_JSET | BPF_K: case BPF_JMP | BPF_JSET | BPF_X:
		return true;
	}
	return false;
}

static bool is_cond_jump(uint16_t code)
{
	return BPF_CLASS(code) == BPF_JMP && BPF_OP(code) != BPF_JA;
}

/* check_load_and_stores: on every path, a scratch cell is stored
 * before it is loaded. */
static int check_memory(const struct sock_filter *f, size_t len)
{
	uint16_t masks[BPF_MAXINSNS], valid = 0;

	memset(masks, 0xff, len * sizeof(masks[0]));
	for (size_t pc = 0; pc < len; pc++) {
		valid &= masks[pc];
		switch (f[pc].code) {
		case BPF_ST:
		case BPF_STX:
			valid |= (uint16_t)(1u << f[pc].k);
			break;
		case BPF_LD | BPF_MEM:
		case BPF_LDX | BPF_MEM:
			if (!(valid & (1u << f[pc].k)))
				return -EINVAL;
			break;
		case BPF_JMP | BPF_JA:
			masks[pc + 1 + f[pc].k] &= valid;
			valid = 0xffff;
			break;
		default:
			if (is_cond_jump(f[pc].code)) {
				masks[pc + 1 + f[pc].jt] &= valid;
				masks[pc + 1 + f[pc].jf] &= valid;
				valid = 0xffff;
			}
		}
	}
	return 0;
}

int gbpf_check(const struct sock_filter *f, size_t len)
{
	if (len == 0 || len > BPF_MAXINSNS)
		return -EINVAL;
	for (size_t pc = 0; pc < len; pc++) {
		const struct sock_filter *i = &f[pc];

		if (!seccomp_code(i->code))
			return -EINVAL;
		switch (i->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (i->k >= sizeof(struct seccomp_data) || (i->k & 3))
				return -EINVAL;
			break;
		case BPF_ALU | BPF_DIV | BPF_K:
			if (i->k == 0)
				return -EINVAL;
			break;
		case BPF_ALU | BPF_LSH | BPF_K:
		case BPF_ALU | BPF_RSH | BPF_K:
			if (i->k >= 32)
				return -EINVAL;
			break;
		case BPF_LD | BPF_MEM:
		case BPF_LDX | BPF_MEM:
		case BPF_ST:
		case BPF_STX:
			if (i->k >= MEMWORDS)
				return -EINVAL;
			break;
		case BPF_JMP | BPF_JA:
			if (i->k >= len - pc - 1)
				return -EINVAL;
			break;
		default:
			if (is_cond_jump(i->code) &&
			    (pc + i->jt + 1 >= len || pc + i->jf + 1 >= len))
				return -EINVAL;
		}
	}
	if (f[len - 1].code != (BPF_RET | BPF_K) && f[len - 1].code != (BPF_RET | BPF_A))
		return -EINVAL;
	return check_memory(f, len);
}

static uint32_t alu(uint16_t op, uint32_t a, uint32_t v)
{
	switch (op) {
	case BPF_ADD: return a + v;
	case BPF_SUB: return a - v;
	case BPF_MUL: return a * v;
	case BPF_DIV: return a / v;
	case BPF_AND: return a & v;
	case BPF_OR: return a | v;
	case BPF_XOR: return a ^ v;
	case BPF_LSH: return a << (v & 31);	/* the interpreter masks */
	case BPF_RSH: return a >> (v & 31);
	}
	return -a;	/* BPF_NEG */
}

static bool jump_taken(uint16_t op, uint32_t a, uint32_t v)
{
	switch (op) {
	case BPF_JEQ: return a == v;
	case BPF_JGT: return a > v;
	case BPF_JGE: return a >= v;
	}
	return (a & v) != 0;	/* BPF_JSET */
}

uint32_t gbpf_run(const struct sock_filter *f, size_t len, const struct seccomp_data *sd)
{
	uint32_t a = 0, x = 0, mem[MEMWORDS] = { 0 };
	size_t pc = 0;

	while (pc < len) {
		const struct sock_filter *i = &f[pc++];
		uint32_t v = BPF_SRC(i->code) == BPF_X ? x : i->k;

		switch (BPF_CLASS(i->code)) {
		case BPF_LD:
			if (i->code == (BPF_LD | BPF_W | BPF_ABS))
				memcpy(&a, (const char *)sd + i->k, sizeof(a));
			else if (i->code == (BPF_LD | BPF_W | BPF_LEN))
				a = sizeof(*sd);
			else if (i->code == (BPF_LD | BPF_MEM))
				a = mem[i->k];
			else
				a = i->k;
			break;
		case BPF_LDX:
			x = i->code == (BPF_LDX | BPF_W | BPF_LEN) ? sizeof(*sd)
				: i->code == (BPF_LDX | BPF_MEM) ? mem[i->k] : i->k;
			break;
		case BPF_ST:
			mem[i->k] = a;
			break;
		case BPF_STX:
			mem[i->k] = x;
			break;
		case BPF_ALU:
			/* The converted program returns 0 (KILL_THREAD) on a
			 * division by a zero X. */
			if (BPF_OP(i->code) == BPF_DIV && v == 0)
				return 0;
			a = alu(BPF_OP(i->code), a, v);
			break;
		case BPF_JMP:
			if (BPF_OP(i->code) == BPF_JA)
				pc += i->k;
			else
				pc += jump_taken(BPF_OP(i->code), a, v) ? i->jt : i->jf;
			break;
		case BPF_RET:
			return BPF_RVAL(i->code) == BPF_A ? a : i->k;
		case BPF_MISC:
			if (BPF_MISCOP(i->code) == BPF_TAX)
				x = a;
			else
				a = x;
			break;
		}
	}
	return 0;	/* not reached for a checked program */
}

struct gfilter *gfilter_push(struct gfilter *prev, const struct sock_filter *f, size_t len)
{
	struct gfilter *g = talloc_size(NULL, sizeof(*g) + len * sizeof(f[0]));

	if (!g)
		return NULL;
	talloc_set_name_const(g, "struct gfilter");
	g->refs = 1;
	g->prev = prev;
	g->len = (unsigned short)len;
	memcpy(g->insns, f, len * sizeof(f[0]));
	return g;
}

struct gfilter *gfilter_ref(struct gfilter *g)
{
	if (g)
		g->refs++;
	return g;
}

void gfilter_unref(struct gfilter *g)
{
	while (g && --g->refs == 0) {
		struct gfilter *prev = g->prev;

		talloc_free(g);
		g = prev;
	}
}

uint32_t gfilter_run(const struct gfilter *g, const struct seccomp_data *sd)
{
	uint32_t ret = SECCOMP_RET_ALLOW;

	for (; g; g = g->prev) {
		uint32_t cur = gbpf_run(g->insns, g->len, sd);

		if ((int32_t)(cur & SECCOMP_RET_ACTION_FULL) < (int32_t)(ret & SECCOMP_RET_ACTION_FULL))
			ret = cur;
	}
	return ret;
}
