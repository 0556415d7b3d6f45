/* aarch64 implementation of arch.h.
 *
 * Registers come from PTRACE_GETREGSET with NT_PRSTATUS (struct
 * user_pt_regs: x0..x30, sp, pc, pstate).  Three things differ from
 * x86_64:
 *
 * - The syscall number the kernel will run is pt_regs->syscallno, which
 *   is not part of NT_PRSTATUS: it has its own regset,
 *   NT_ARM_SYSTEM_CALL (Linux 3.19).  Writing x8 changes nothing (the
 *   number was copied out of x8 before the stop), and x8 keeps the old
 *   number after a change, so x8 is not a reliable read either:
 *   arch_regs_fetch reads NT_ARM_SYSTEM_CALL into the spare word
 *   W_SYSNO of struct arch_regs, and arch_sysnum returns that word.
 * - x0 is both the first argument and the result: once the call has
 *   run, its first argument is gone (the tracer keeps t->stop.entry).
 * - There is no -ENOSYS marker at syscall entry; see
 *   arch_looks_like_entry for the x7 convention used instead.
 */
#include "stat-check.h"

#include <elf.h>
#include <errno.h>
#include <linux/audit.h>
#include <stddef.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
/* After <sys/ptrace.h>: its request enum would clash with the macros. */
#include <asm/ptrace.h>

#include "arch.h"

/* The word of struct arch_regs past user_pt_regs that holds the
 * syscall number read from NT_ARM_SYSTEM_CALL. */
#define W_SYSNO (sizeof(struct user_pt_regs) / sizeof(uint64_t))

_Static_assert(sizeof(struct user_pt_regs) % sizeof(uint64_t) == 0,
	       "user_pt_regs is not a whole number of words");
_Static_assert(W_SYSNO < sizeof(((struct arch_regs *)0)->w) / sizeof(uint64_t),
	       "struct arch_regs has no spare word for the syscall number");

/* No red zone in the AAPCS64: everything below sp is free.  sp itself
 * must stay 16-byte aligned whenever it is used to address memory. */
const unsigned arch_red_zone = 0;
const unsigned arch_stack_align = 16;
const uint32_t arch_audit = AUDIT_ARCH_AARCH64;
const char arch_name[] = "aarch64";
const uint16_t arch_elf_machine = EM_AARCH64;

/* TASK_SIZE is 39 or 48 bits (or 47 with 16 KiB pages): probed from the
 * stack, which the kernel puts just below it.  Programs go near 2/3 of
 * it, the mmap area and the stack below its top: a quarter to a half of
 * it is free (2^46 to 2^47 with 48 bits, as 2^45 to 2^46 on x86_64). */
int arch_rt_hole(uint64_t *lo, uint64_t *hi)
{
	uintptr_t here = (uintptr_t)__builtin_frame_address(0);
	int bits = 64 - __builtin_clzll((unsigned long long)here);

	if (bits < 36 || bits > 52)
		return -ENOMEM;
	*lo = 1ULL << (bits - 2);
	*hi = 1ULL << (bits - 1);
	return 0;
}
const int *const arch_sc_nr = sc_nr_aarch64;
const int16_t *const arch_sc_by_nr = sc_by_nr_aarch64;
const unsigned arch_ptrace_regs_size = 0;
const unsigned arch_ptrace_fpregs_size = 0;
const unsigned arch_first_kept_arg = 1;

static struct user_pt_regs *X(struct arch_regs *r)
{
	return (struct user_pt_regs *)r->w;
}

static const struct user_pt_regs *CX(const struct arch_regs *r)
{
	return (const struct user_pt_regs *)r->w;
}

int arch_regs_fetch(pid_t pid, struct arch_regs *r)
{
	struct iovec iov = { r->w, sizeof(struct user_pt_regs) };
	int nr;

	if (ptrace(PTRACE_GETREGSET, pid, (void *)NT_PRSTATUS, &iov) < 0)
		return -errno;
	/* NT_ARM_SYSTEM_CALL: Linux 3.19.  Older kernels cannot change the
	 * number at all; x8 is then the best guess there is. */
	iov = (struct iovec){ &nr, sizeof(nr) };
	if (ptrace(PTRACE_GETREGSET, pid, (void *)NT_ARM_SYSTEM_CALL, &iov) < 0)
		nr = (int)X(r)->regs[8];
	r->w[W_SYSNO] = (uint64_t)(int64_t)nr;
	return 0;
}

/* NT_PRSTATUS only: the syscall number is not in it, and writing it
 * leaves pt_regs->syscallno alone. */
int arch_regs_store(pid_t pid, const struct arch_regs *r)
{
	struct iovec iov = { (void *)r->w, sizeof(struct user_pt_regs) };

	if (ptrace(PTRACE_SETREGSET, pid, (void *)NT_PRSTATUS, &iov) < 0)
		return -errno;
	return 0;
}

/* One SETREGSET whatever changed: NT_PRSTATUS has no per-register
 * request.  W_SYSNO is not compared: arch_sysnum_store writes it at
 * once. */
int arch_regs_store_changed(pid_t pid, struct arch_regs *fetched,
			    const struct arch_regs *r)
{
	int rc;

	if (memcmp(fetched->w, r->w, sizeof(struct user_pt_regs)) == 0)
		return 0;
	rc = arch_regs_store(pid, r);
	if (rc == 0)
		*fetched = *r;
	return rc;
}

long arch_sysnum(const struct arch_regs *r)
{
	return (long)(int64_t)r->w[W_SYSNO];
}

/* Written at once, unlike the general registers: it is a regset of its
 * own.  -1 (NO_SYSCALL) makes the kernel skip the call and leave x0 as
 * the tracer set it. */
int arch_sysnum_store(pid_t pid, struct arch_regs *r, long nr)
{
	int v = (int)nr;
	struct iovec iov = { &v, sizeof(v) };

	if (ptrace(PTRACE_SETREGSET, pid, (void *)NT_ARM_SYSTEM_CALL, &iov) < 0)
		return -errno;
	arch_set_sysnum(r, v);
	return 0;
}

void arch_set_sysnum(struct arch_regs *r, long nr)
{
	r->w[W_SYSNO] = (uint64_t)(int64_t)(int)nr;
}

uint64_t arch_arg(const struct arch_regs *r, unsigned n)
{
	return n < 6 ? CX(r)->regs[n] : 0;
}

void arch_set_arg(struct arch_regs *r, unsigned n, uint64_t v)
{
	if (n < 6)
		X(r)->regs[n] = v;
}

int64_t arch_result(const struct arch_regs *r)
{
	return (int64_t)CX(r)->regs[0];
}

void arch_set_result(struct arch_regs *r, int64_t v)
{
	X(r)->regs[0] = (uint64_t)v;
}

uint64_t arch_sp(const struct arch_regs *r)
{
	return CX(r)->sp;
}

void arch_set_sp(struct arch_regs *r, uint64_t sp)
{
	X(r)->sp = sp;
}

/* `svc #0` is 4 bytes and takes its number from x8.  x0 is the entry's
 * (the caller's r), not -ERESTART*, so the kernel's restart code does
 * not fire for it. */
void arch_setup_reexec(struct arch_regs *r, long nr)
{
	X(r)->pc -= 4;
	X(r)->regs[8] = (uint64_t)nr;
}

uint64_t arch_ip(const struct arch_regs *r)
{
	return CX(r)->pc;
}

/* At a PTRACE_SYSCALL stop the arm64 kernel overwrites x7 with the
 * direction of the stop, 0 (PTRACE_SYSCALL_ENTER) or 1 (..._EXIT), and
 * restores it when the tracee resumes (report_syscall() in
 * arch/arm64/kernel/ptrace.c, there since arm64 was merged in 3.7).
 * It means nothing at a seccomp or signal stop, where x7 is the
 * tracee's own, so this is only a fallback for syscall stops: the
 * tracer asks PTRACE_GET_SYSCALL_INFO (Linux 5.3) first. */
bool arch_looks_like_entry(const struct arch_regs *r)
{
	return CX(r)->regs[7] == 0;
}

/* start_thread_common clears every register and sets pc and sp (x7 at
 * a syscall stop is the kernel's; the loader cleared it). */
void arch_exec_regs(struct arch_regs *r, uint64_t pc, uint64_t sp)
{
	struct user_pt_regs *x = X(r);

	for (unsigned i = 0; i < 31; i++)
		x->regs[i] = 0;
	x->pc = pc;
	x->sp = sp;
	x->pstate &= ~0xf0000000ULL;	/* NZCV: the loader's comparisons */
}

/* At a syscall stop the kernel shows 1 (exit) in x7 and puts back the
 * saved value after it; an event stop shows the saved one (0). */
void arch_exec_event_regs(struct arch_regs *r, bool at_event)
{
	X(r)->regs[7] = at_event ? 0 : 1;
}

/* svc #0, little-endian. */
const unsigned arch_syscall_insn_len = 4;

bool arch_is_syscall_insn(const unsigned char *code)
{
	return code[0] == 0x01 && code[1] == 0x00 && code[2] == 0x00 && code[3] == 0xd4;
}
