/* Everything that differs between architectures, behind one interface.
 * src/arch/x86_64.c and src/arch/aarch64.c implement it; the GNUmakefile
 * compiles the host's one.  Nothing outside src/arch/ tests the arch.
 *
 * Functions that touch the tracee return 0 or -errno.
 */
#ifndef BURROW_ARCH_ARCH_H
#define BURROW_ARCH_ARCH_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "systable.h"

/* Room for any arch's general registers (x86_64 user_regs_struct is
 * 27 words, aarch64 user_pt_regs 34). */
struct arch_regs {
	uint64_t w[40];
};

/* Bytes below the stack pointer that the ABI lets a leaf function use
 * (the x86_64 red zone); data written for the tracee goes below it. */
extern const unsigned arch_red_zone;
/* Stack alignment kept when writing below the stack pointer. */
extern const unsigned arch_stack_align;
/* AUDIT_ARCH_* value the seccomp filter compares seccomp_data.arch to. */
extern const uint32_t arch_audit;
/* e_machine of the ELF programs this arch runs. */
extern const uint16_t arch_elf_machine;
/* Name for messages, "x86_64" or "aarch64". */
extern const char arch_name[];
/* The host's column of the syscall table and its reverse map. */
extern const int *const arch_sc_nr;
extern const int16_t *const arch_sc_by_nr;

static inline int arch_host_nr(enum sc sc)
{
	return arch_sc_nr[sc];
}

static inline int arch_sc_from_nr(long nr)
{
	return nr >= 0 && nr < SC_NR_LIMIT ? arch_sc_by_nr[nr] : SC_NONE;
}

/* The enum sc of a call named name (sc_desc's names), or SC_NONE. */
static inline int arch_sc_by_name(const char *name)
{
	for (int sc = 0; name && sc < SC_COUNT; sc++)
		if (__builtin_strcmp(sc_desc[sc].name, name) == 0)
			return sc;
	return SC_NONE;
}

/* The hole of the address space where the in-guest engine's runtime
 * goes (RT_BASE, drawn in [*lo, *hi)): no program, interpreter, heap,
 * mmap area or stack the kernel lays out reaches it.  0 or -errno. */
int arch_rt_hole(uint64_t *lo, uint64_t *hi);

/* Read all general registers of a stopped tracee. */
int arch_regs_fetch(pid_t pid, struct arch_regs *r);
/* Write them back (not the syscall number on arches that keep it apart:
 * use arch_sysnum_store for that). */
int arch_regs_store(pid_t pid, const struct arch_regs *r);
/* Write back only what differs from fetched (what the last fetch or
 * store left in the tracee): nothing when nothing changed, and the
 * cheapest request the arch has for what did (x86_64: one POKEUSER for
 * a single register).  fetched becomes r on success. */
int arch_regs_store_changed(pid_t pid, struct arch_regs *fetched,
			    const struct arch_regs *r);

/* The syscall number as seen at a syscall or seccomp stop. */
long arch_sysnum(const struct arch_regs *r);
/* Change the syscall number of a tracee stopped at syscall entry; -1
 * skips the call.  Updates r as well.  On aarch64 this is a separate
 * regset (NT_ARM_SYSTEM_CALL); on x86_64 it is orig_rax. */
int arch_sysnum_store(pid_t pid, struct arch_regs *r, long nr);
/* The same in r alone (a fake tracee's registers). */
void arch_set_sysnum(struct arch_regs *r, long nr);

uint64_t arch_arg(const struct arch_regs *r, unsigned n);
void arch_set_arg(struct arch_regs *r, unsigned n, uint64_t v);
/* Syscall result, valid at syscall exit. */
int64_t arch_result(const struct arch_regs *r);
void arch_set_result(struct arch_regs *r, int64_t v);
uint64_t arch_sp(const struct arch_regs *r);
void arch_set_sp(struct arch_regs *r, uint64_t sp);
uint64_t arch_ip(const struct arch_regs *r);

/* Registers for running a syscall again (ptrace emulation): r holds
 * the registers of its entry stop, with the ip just past the syscall
 * instruction; after this, resuming from any stop executes that
 * instruction again with r's number and arguments, and the kernel's own
 * restart logic stays out of it. */
void arch_setup_reexec(struct arch_regs *r, long nr);
/* The syscall instruction: its length (at most ARCH_SYSCALL_INSN_MAX),
 * and whether code (that many bytes) holds it. */
#define ARCH_SYSCALL_INSN_MAX 4
extern const unsigned arch_syscall_insn_len;
bool arch_is_syscall_insn(const unsigned char *code);
/* The registers the kernel's execve leaves (start_thread): pc and sp,
 * the general registers 0, the result 0. */
void arch_exec_regs(struct arch_regs *r, uint64_t pc, uint64_t sp);
/* The EXEC event is shown at the real exit stop of the loader's execve:
 * what the event's own stop shows (at_event), or the exit stop (arm64's
 * x7 is 1 there; arch_exec_regs cleared it). */
void arch_exec_event_regs(struct arch_regs *r, bool at_event);
/* Bytes that PTRACE_GETREGS and PTRACE_GETFPREGS (x86_64 only) copy:
 * 0 where the arch has no such request (the kernel then says EIO). */
extern const unsigned arch_ptrace_regs_size, arch_ptrace_fpregs_size;
/* The first syscall argument register that still holds its value at the
 * exit stop (aarch64's x0 holds the result): burrow's rewrites of the
 * others are undone there for a guest tracer. */
extern const unsigned arch_first_kept_arg;

/* At a syscall stop whose kind the kernel did not tell us, guess whether
 * it is the entry (x86_64: rax still holds -ENOSYS). */
bool arch_looks_like_entry(const struct arch_regs *r);

#endif
