/* The load script: what burrow hands its loader at the start of every
 * guest exec.  burrow writes it into the loader's own .bss
 * (loader_script_area) at the exec event, before the loader's first
 * instruction.  Shared by the tracer and the freestanding loader: plain
 * integers only.
 */
#ifndef BURROW_LOADER_SCRIPT_H
#define BURROW_LOADER_SCRIPT_H

/* Not below the stack pointer: at exec the kernel maps the stack only
 * down to the page that holds it once argv and envp's pointers pass the
 * 128 KiB it maps below the strings (about 16,000 variables), and a
 * remote write does not grow a stack (Linux 6.5).  The loader's .bss
 * is mapped whole by the kernel, at a place burrow learns from the
 * entry point (the tracee's first instruction pointer).  The area
 * holds the script and its strings: host paths that burrow itself
 * opened (shorter than PATH_MAX), AT_EXECFN (at most "/dev/fd/N/" and
 * a path) and the name. */
#define LOADER_SCRIPT_SIZE (16 * 1024)

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
				 * The loader's .bss stays mapped, so burrow can
				 * read it later */
	int64_t host_dirfd;	/* the dirfd of the loader's opens, negative */
	uint64_t flags;		/* LOAD_SCRIPT_* */
	/* LOAD_SCRIPT_GUEST: where the runtime goes, the run's tag, and the
	 * descriptor of the run's sealed memfd (struct rt_run_blob), which
	 * the loader maps read-only and closes. */
	uint64_t rt_base;
	int64_t rt_fd;
	uint64_t rt_tag;
	uint64_t rt_off;	/* of the run blob in rt_fd's file */
	int64_t prog_fd;	/* LOAD_SCRIPT_CLOSE_PROG */
};

/* A guest tracer traces the thread: the loader ends with
 * execve((char *)-1, sp, entry) instead of its jump.  burrow catches it
 * and makes the thread look as after the kernel's execve, where the
 * guest tracer is told of the exec (doc/ptrace-emulation.md 3.6); if
 * nothing catches it (EFAULT), the loader jumps as usual. */
#define LOAD_SCRIPT_NOTIFY_END 1
/* The in-guest engine (HACKING.md): the loader maps the runtime at
 * rt_base and starts it, maps the program, then installs the run's
 * seccomp filter as its last step before the jump. */
#define LOAD_SCRIPT_GUEST 2
/* With LOAD_SCRIPT_GUEST, from the runtime's exec (src/runtime/exec.c):
 * the filter came with the exec, so the loader installs no second one,
 * and its opens go through the runtime's own syscall (the filter traps
 * the loader's). */
#define LOAD_SCRIPT_INHERITED 4
/* ... and prog is /proc/self/fd/N of a descriptor the runtime passed
 * (the guest's execveat(fd, "") on one that may be close-on-exec):
 * the loader closes prog_fd once it has mapped the program. */
#define LOAD_SCRIPT_CLOSE_PROG 8
/* With LOAD_SCRIPT_GUEST, from burrow for a command that is a "#!"
 * script: the loader starts the runtime, installs the filter, and
 * execve's execfn (a guest path) with the program's argv, which the
 * runtime's exec then serves; prog is unused. */
#define LOAD_SCRIPT_EXEC 16

/* Without ptrace there is no exec event to write the script at: it
 * comes as the leading argument strings, which the loader removes
 * before the program sees its argv.  argv[0] is the mark, then the
 * numbers "flags:host_dirfd:rt_base:rt_fd:rt_tag[:rt_off[:prog_fd]]" in
 * hex (host_dirfd and rt_fd as signed; rt_off, the run blob's offset in
 * rt_fd's file, 0 when left out; prog_fd with LOAD_SCRIPT_CLOSE_PROG), prog, interp ("" for none), execfn,
 * comm. */
#define LOAD_SCRIPT_ARGV_MARK "\001burrow-load-script"
#define LOAD_SCRIPT_ARGC 6

/* The run's memfd for the in-guest engine, sealed: this header, the
 * filter (struct sock_filter[filter_len]) at filter_off, the bind
 * table's image at image_off (bindings_to_image), the loader's ELF
 * file at loader_off, which the runtime execs at the guest's exec, the
 * phantom entries at phantom_off (runtime/dirents.h; size 0: none), and
 * the loader file's host path at loader_file_off.  In the memfd of an
 * exec (runtime/exec.c) the blob follows the loader that runs, at
 * loader_before: its own loader part is left a hole, never written. */
#define RT_RUN_MAGIC 0x316e757274727562ULL	/* "burtrun1" */
#define RT_UN_DIR_MAX 48
struct rt_run_blob {
	uint64_t magic;
	uint64_t filter_off, filter_len;	/* filter_len instructions */
	uint64_t filter_flags;			/* for seccomp(SET_MODE_FILTER) */
	uint64_t image_off, image_size;
	uint64_t loader_off, loader_size;
	uint64_t phantom_off, phantom_size;
	uint64_t burrow_pid;			/* no guest signal reaches it */
	/* The loader's file, NUL-terminated, when no memfd may be run
	 * (vm.memfd_noexec=2): what the runtime's exec runs then (size 0:
	 * none). */
	uint64_t loader_file_off, loader_file_size;
	uint64_t cwd_off, cwd_size;		/* "guest\0host\0" ["root\0"]: cwd.c */
	/* A directory for links to the directories of socket names too
	 * long for sun_path (runtime/socket.c), made at need; "": none. */
	char un_dir[RT_UN_DIR_MAX];
	uint64_t flags;				/* RT_RUN_* */
	/* Not 0: the loader is the file's start, this many bytes before
	 * the blob, and the loader maps it with the blob. */
	uint64_t loader_before;
};
/* BURROW_NO_NAME_SHORTCUT=1: the runtime resolves every name. */
#define RT_RUN_NO_NAME_SHORTCUT 1
/* BURROW_NO_OPENAT2=1, or burrow found no openat2: an lstat per
 * component, as the ptrace engine does then. */
#define RT_RUN_NO_OPENAT2 2
/* The runtime rewrites the call sites it knows (runtime/sites.c). */
#define RT_RUN_SITE_REWRITE 4
/* BURROW_COPY_RUNTIME=1: the loader copies the runtime's image to
 * RT_BASE at every exec rather than map it from the exec's memfd. */
#define RT_RUN_COPY_RUNTIME 8
/* The guest asked for a seccomp filter of its own before an exec: its
 * stats are made as the path's own call (trap.c stat_call). */
#define RT_RUN_GUEST_FILTER 16

/* The in-guest engine names the memfd each process runs after its
 * program's guest path, so that /proc/PID/exe, which reads
 * "/memfd:NAME (deleted)", tells it (runtime/exe.c): NAME is
 * RT_EXE_PREFIX and the path, at most RT_EXE_NAME_MAX bytes (the
 * kernel's limit for a memfd's name).  A longer path goes into the
 * memfd, NUL-terminated, after the loader, and NAME is RT_EXE_AT and
 * its offset in hex. */
#define RT_EXE_PREFIX "burrow:"
#define RT_EXE_AT "burrow:@"
#define RT_EXE_NAME_MAX 249

#endif /* __ASSEMBLER__ */
#endif
