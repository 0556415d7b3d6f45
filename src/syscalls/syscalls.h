/* The handler table and the per-stop entry/exit dispatch.
 *
 * One handler per syscall; its class flags drive everything derived
 * from the table: the seccomp trap list, whether the generic path
 * translation applies, whether the exit stop is needed.
 */
#ifndef BURROW_SYSCALLS_SYSCALLS_H
#define BURROW_SYSCALLS_SYSCALLS_H

#include <stdbool.h>

#include "arch/systable.h"

struct canon_result;

struct tracee;
struct tracer;

enum handler_flags {
	H_PATHS = 1 << 0,	/* translate the path roles of sc_desc at entry */
	H_EXIT = 1 << 1,	/* needs the exit stop (exit handler) */
	H_ENOSYS = 1 << 2,	/* refused: its operations would bypass translation */
	H_SAME_MOUNT = 1 << 3,	/* its two paths must be on one mount (rename,
				 * link): EXDEV across bindings, as across
				 * real bind mounts */
	H_IF_PHANTOMS = 1 << 4,	/* trapped only when some binding must be
				 * added to its parent's listing */
	H_IF_COLOCATE = 1 << 6,	/* trapped only when burrow may pin a
				 * tracee to one CPU (tracer/colocate.h) */
	H_LOADER_OPEN = 1 << 5,	/* how burrow's loader opens host files: with
				 * dirfd LOADER_HOST_DIRFD it passes the filter
				 * without a stop (loader/script.h) */
};

/* Entry handlers return 0 to let the (possibly rewritten) call run, or
 * -errno to make it fail with that error; they may also emulate it by
 * setting t->emulated.  Exit handlers return 0 or -errno (the tracee
 * then sees that error instead of the kernel's result). */
struct handler {
	int (*enter)(struct tracee *t);
	int (*exit)(struct tracee *t);
	/* Under -0/-i only (the syscall is then trapped even without other
	 * handlers): after enter, unless it emulated the call; fake_exit
	 * runs at the exit stop that fake_enter asked for. */
	int (*fake_enter)(struct tracee *t);
	int (*fake_exit)(struct tracee *t);
	unsigned flags;
	/* When non-zero, the seccomp filter stops only if this argument
	 * (1-based) is non-zero: send() and recv() pass no address and
	 * need no stop. */
	unsigned trap_if_arg;
	/* When non-zero, the filter stops only if this argument (1-based),
	 * a pid, is <= 0 or burrow's own (signal.c). */
	unsigned trap_if_pid;
};

extern const struct handler handlers[SC_COUNT];

/* True when the tracer must stop at this syscall. */
bool syscall_traced(const struct tracer *tr, int sc);

/* Handle a syscall-entry (or seccomp) stop; registers are fetched here.
 * Sets t->exit_wanted when the exit stop is needed. */
int syscall_enter(struct tracee *t);
/* Handle the matching syscall-exit stop. */
int syscall_exit(struct tracee *t);

/* The generic translation, callable by handlers that do extra work:
 * rewrite path argument i of sc_desc[t->sc].  0 when res holds the
 * translation, 1 when the argument was left alone (NULL, an empty path
 * meaning the dirfd, or relative to a removed cwd), or -errno. */
int translate_path_arg(struct tracee *t, unsigned i, struct canon_result *res);
/* Its two halves, for a handler that decides what to write itself:
 * read path argument i (*path on scratch, NULL for a NULL pointer) and
 * canonicalise it with the lookup flags of its roles plus extra, same
 * results; then make the argument name res->host (path is what the
 * tracee passed: nothing is written when they are the same). */
int resolve_path_arg(struct tracee *t, unsigned i, unsigned extra,
		     struct canon_result *res, char **path);
int write_path_arg(struct tracee *t, unsigned i, const struct canon_result *res,
		   const char *path);

/* Report of untranslated syscalls, printed at exit with --report. */
void syscall_report_print(const struct tracer *tr);

/* Family handlers (src/syscalls/<family>.c). */
int sys_getcwd_enter(struct tracee *t);
int sys_chdir_enter(struct tracee *t);
int sys_fchdir_enter(struct tracee *t);
int sys_chdir_exit(struct tracee *t);
int sys_chroot_enter(struct tracee *t);
int sys_readlink_enter(struct tracee *t);
int sys_openat2_enter(struct tracee *t);
int sys_execve_enter(struct tracee *t);
int sys_getdents64_enter(struct tracee *t);
int sys_getdents64_exit(struct tracee *t);
int sys_socket_addr_enter(struct tracee *t);
int sys_socket_result_enter(struct tracee *t);
int sys_sched_getaffinity_enter(struct tracee *t);
int sys_sched_getaffinity_exit(struct tracee *t);
int sys_sched_setaffinity_enter(struct tracee *t);
int sys_socket_result_exit(struct tracee *t);
int sys_fsconfig_enter(struct tracee *t);
int sys_quotactl_enter(struct tracee *t);
int sys_bpf_enter(struct tracee *t);
/* signal.c: no guest signal reaches burrow */
int sys_kill_enter(struct tracee *t);
int sys_signal_pid_enter(struct tracee *t);
int sys_pidfd_send_signal_enter(struct tracee *t);
/* ids.c: fake root */
int sys_getid_fake(struct tracee *t);
int sys_setid_fake(struct tracee *t);
int sys_chown_fake(struct tracee *t);
int sys_chmod_fake(struct tracee *t);
int sys_mknod_fake(struct tracee *t);
int sys_mknod_fake_exit(struct tracee *t);
int sys_mkdir_fake(struct tracee *t);
int sys_mkdir_fake_exit(struct tracee *t);
int sys_create_fake(struct tracee *t);
int sys_create_fake_exit(struct tracee *t);
int sys_setxattr_fake(struct tracee *t);
int sys_stat_fake(struct tracee *t);
int sys_stat_fake_exit(struct tracee *t);
int sys_unlink_fake(struct tracee *t);
int sys_unlink_fake_exit(struct tracee *t);
int sys_rename_fake(struct tracee *t);
int sys_rename_fake_exit(struct tracee *t);
int sys_link_fake(struct tracee *t);
int sys_link_fake_exit(struct tracee *t);

#endif
