/* The load script: what burrow hands its loader at the start of every
 * guest exec.  burrow writes it below the loader's initial stack at the
 * exec event and passes its address in the first argument register.
 * Shared by the tracer and the freestanding loader: plain integers only.
 */
#ifndef BURROW_LOADER_SCRIPT_H
#define BURROW_LOADER_SCRIPT_H

/* The loader's first stack pointer is exactly this far below the load
 * script; that is how it finds the script.  (A register would not do:
 * on aarch64 x0 carries execve's result out of the kernel.) */
#define LOADER_SCRIPT_GAP 256

#ifndef __ASSEMBLER__
#include <stdint.h>

#define LOAD_SCRIPT_MAGIC 0x31646c7772727562ULL	/* "burrwld1" */

/* The loader opens the host paths below (absolute) with the dirfd in
 * host_dirfd.  The seccomp filter lets such opens through without a
 * stop: the kernel ignores the dirfd of an absolute path.  Without the
 * filter, burrow passes them untranslated (as AT_FDCWD) between the exec
 * event and the loader's first other syscall.  The value is drawn per
 * run (loader_dirfd_pick): a burrow inside the guest has a loader too,
 * and its opens name host paths of the inner burrow, which are guest
 * paths here and must be translated. */
#define LOADER_DIRFD_BASE 0x40000000	/* dirfd = -(BASE | 30 random bits) */

/* The loader maps this much spare memory for burrow and writes its
 * address into the load script's scratch field (and passes it as the
 * mode argument of its first open): when a translated path cannot be
 * written below the main thread's stack pointer (a stack the kernel has
 * not grown that far), burrow writes it there instead. */
#define LOADER_SCRATCH_SIZE (64 * 1024)

struct load_script {
	uint64_t magic;
	uint64_t sp0;		/* the stack the kernel built: argc, argv, envp, auxv */
	uint64_t prog;		/* host path of the ELF to map: the very file
				 * burrow checked */
	uint64_t interp;	/* host path of its PT_INTERP, or 0 */
	uint64_t execfn;	/* AT_EXECFN: the kernel's bprm->filename */
	uint64_t comm;		/* the task name the kernel would have set */
	uint64_t scratch;	/* written by the loader: its spare memory, or 0.
				 * The script stays just above the program's
				 * first stack frame, so burrow can read it later */
	int64_t host_dirfd;	/* the dirfd of the loader's opens, negative */
	uint64_t flags;		/* LOAD_SCRIPT_* */
};

/* A guest tracer traces the thread: the loader ends with
 * execve((char *)-1, sp, entry) instead of its jump.  burrow catches it
 * and makes the thread look as after the kernel's execve, where the
 * guest tracer is told of the exec (doc/ptrace-emulation.md 3.6); if
 * nothing catches it (EFAULT), the loader jumps as usual. */
#define LOAD_SCRIPT_NOTIFY_END 1

#endif /* __ASSEMBLER__ */
#endif
