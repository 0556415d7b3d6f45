/* x86_64 implementation of arch.h. */
#include "stat-check.h"

#include <errno.h>
#include <linux/audit.h>
#include <stddef.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <elf.h>

#include "arch.h"

_Static_assert(sizeof(struct user_regs_struct) <= sizeof(struct arch_regs),
	       "struct arch_regs too small for user_regs_struct");

const unsigned arch_red_zone = 128;
const unsigned arch_stack_align = 16;
const uint32_t arch_audit = AUDIT_ARCH_X86_64;
const char arch_name[] = "x86_64";
const uint16_t arch_elf_machine = EM_X86_64;

/* 47 bits of user space (without a hint above it, even with 5-level
 * paging): programs at 4 MiB or near 2/3 of it, the mmap area and the
 * stack below its top.  2^45 to 2^46 is free. */
int arch_rt_hole(uint64_t *lo, uint64_t *hi)
{
	*lo = 1ULL << 45;
	*hi = 1ULL << 46;
	return 0;
}
const int *const arch_sc_nr = sc_nr_x86_64;
const int16_t *const arch_sc_by_nr = sc_by_nr_x86_64;
const unsigned arch_ptrace_regs_size = sizeof(struct user_regs_struct);
const unsigned arch_first_kept_arg = 0;
const unsigned arch_ptrace_fpregs_size = sizeof(struct user_fpregs_struct);

static struct user_regs_struct *X(struct arch_regs *r)
{
	return (struct user_regs_struct *)r->w;
}

static const struct user_regs_struct *CX(const struct arch_regs *r)
{
	return (const struct user_regs_struct *)r->w;
}

int arch_regs_fetch(pid_t pid, struct arch_regs *r)
{
	struct iovec iov = { r->w, sizeof(struct user_regs_struct) };

	if (ptrace(PTRACE_GETREGSET, pid, (void *)NT_PRSTATUS, &iov) < 0)
		return -errno;
	return 0;
}

int arch_regs_store(pid_t pid, const struct arch_regs *r)
{
	struct iovec iov = { (void *)r->w, sizeof(struct user_regs_struct) };

	if (ptrace(PTRACE_SETREGSET, pid, (void *)NT_PRSTATUS, &iov) < 0)
		return -errno;
	return 0;
}

/* Registers a single PTRACE_POKEUSER may write: the ones burrow
 * changes (arguments, result, number, stack pointer).  putreg() checks
 * the others (segments, flags, fs_base) in ways not worth repeating. */
static bool pokeable(size_t off)
{
	static const size_t ok[] = {
		offsetof(struct user_regs_struct, rdi),
		offsetof(struct user_regs_struct, rsi),
		offsetof(struct user_regs_struct, rdx),
		offsetof(struct user_regs_struct, r10),
		offsetof(struct user_regs_struct, r8),
		offsetof(struct user_regs_struct, r9),
		offsetof(struct user_regs_struct, rax),
		offsetof(struct user_regs_struct, orig_rax),
		offsetof(struct user_regs_struct, rsp),
	};

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (ok[i] == off)
			return true;
	return false;
}

int arch_regs_store_changed(pid_t pid, struct arch_regs *fetched,
			    const struct arch_regs *r)
{
	const size_t nw = sizeof(struct user_regs_struct) / sizeof(uint64_t);
	size_t changed = 0, which = 0;
	int rc;

	for (size_t i = 0; i < nw; i++) {
		if (fetched->w[i] != r->w[i]) {
			changed++;
			which = i;
		}
	}
	if (changed == 0)
		return 0;
	if (changed == 1 && pokeable(which * sizeof(uint64_t))) {
		size_t off = offsetof(struct user, regs) + which * sizeof(uint64_t);

		if (ptrace(PTRACE_POKEUSER, pid, (void *)off, (void *)r->w[which]) < 0)
			return -errno;
		fetched->w[which] = r->w[which];
		return 0;
	}
	rc = arch_regs_store(pid, r);
	if (rc == 0)
		*fetched = *r;
	return rc;
}

long arch_sysnum(const struct arch_regs *r)
{
	return (long)CX(r)->orig_rax;
}

/* orig_rax is part of the general registers on x86_64: the caller's
 * next arch_regs_store writes it. */
int arch_sysnum_store(pid_t pid, struct arch_regs *r, long nr)
{
	(void)pid;
	arch_set_sysnum(r, nr);
	return 0;
}

void arch_set_sysnum(struct arch_regs *r, long nr)
{
	X(r)->orig_rax = (unsigned long long)nr;
}

uint64_t arch_arg(const struct arch_regs *r, unsigned n)
{
	const struct user_regs_struct *x = CX(r);

	switch (n) {
	case 0: return x->rdi;
	case 1: return x->rsi;
	case 2: return x->rdx;
	case 3: return x->r10;
	case 4: return x->r8;
	case 5: return x->r9;
	}
	return 0;
}

void arch_set_arg(struct arch_regs *r, unsigned n, uint64_t v)
{
	struct user_regs_struct *x = X(r);

	switch (n) {
	case 0: x->rdi = v; break;
	case 1: x->rsi = v; break;
	case 2: x->rdx = v; break;
	case 3: x->r10 = v; break;
	case 4: x->r8 = v; break;
	case 5: x->r9 = v; break;
	}
}

int64_t arch_result(const struct arch_regs *r)
{
	return (int64_t)CX(r)->rax;
}

void arch_set_result(struct arch_regs *r, int64_t v)
{
	X(r)->rax = (uint64_t)v;
}

uint64_t arch_sp(const struct arch_regs *r)
{
	return CX(r)->rsp;
}

void arch_set_sp(struct arch_regs *r, uint64_t sp)
{
	X(r)->rsp = sp;
}

uint64_t arch_ip(const struct arch_regs *r)
{
	return CX(r)->rip;
}

/* `syscall` is 2 bytes.  orig_rax -1: no restart of the call that
 * stopped (rax no longer holds -ERESTART* either). */
void arch_setup_reexec(struct arch_regs *r, long nr)
{
	X(r)->rip -= 2;
	X(r)->rax = (uint64_t)nr;
	X(r)->orig_rax = (uint64_t)-1;
}

bool arch_looks_like_entry(const struct arch_regs *r)
{
	return (int64_t)CX(r)->rax == -ENOSYS;
}

/* ELF_PLAT_INIT (elf_common_init) clears the general registers;
 * start_thread sets ip, sp and flags (IF).  Segments and fs/gs bases
 * stay: the loader does not change them. */
void arch_exec_regs(struct arch_regs *r, uint64_t pc, uint64_t sp)
{
	struct user_regs_struct *x = X(r);

	x->r15 = x->r14 = x->r13 = x->r12 = x->rbp = x->rbx = 0;
	x->r11 = x->r10 = x->r9 = x->r8 = 0;
	x->rax = x->rcx = x->rdx = x->rsi = x->rdi = 0;
	x->rip = pc;
	x->rsp = sp;
	x->eflags = 0x200;
}

/* syscall: 0f 05. */
const unsigned arch_syscall_insn_len = 2;

bool arch_is_syscall_insn(const unsigned char *code)
{
	return code[0] == 0x0f && code[1] == 0x05;
}

/* Inside the execve, rax still holds the entry's -ENOSYS. */
void arch_exec_event_regs(struct arch_regs *r, bool at_event)
{
	X(r)->rax = at_event ? (uint64_t)-ENOSYS : 0;
}
