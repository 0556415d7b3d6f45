/* The handler table and the per-stop entry/exit dispatch.
 *
 * One handler per syscall; its class flags drive everything derived
 * from the table: the seccomp trap list, whether the generic path
 * translation applies, whether the exit stop is needed.
 */
#ifndef BURROW_SYSCALLS_SYSCALLS_H
#define BURROW_SYSCALLS_SYSCALLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "arch/systable.h"
#include "path/procmaps.h"
#include "syscalls/setup.h"

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
				 * tracee to one CPU (tracee/colocate.h) */
	H_LOADER_OPEN = 1 << 5,	/* how burrow's loader opens host files: with
				 * dirfd tr->loader_dirfd it passes the filter
				 * without a stop (loader/script.h) */
	H_EPERM = 1 << 8,	/* refused with EPERM, as container runtimes'
				 * default filters do: a file handle names an
				 * inode, which cannot be translated */
	H_NAMES = 1 << 7,	/* its paths name an entry to create, remove or
				 * rename: a final "." or ".." goes to the
				 * kernel, which refuses it (CANON_KEEP_DOTS) */
	H_IF_UTS = 1 << 9,	/* trapped only under -k (uname.c) */
	H_IF_RESTRICTED = 1 << 10,/* trapped only when some binding is
				 * read-only or some path protected */
	H_VTRACER = 1 << 11,	/* never in burrow's filter: a guest tracer's
				 * own filter traps it (syscalls/vptrace.c) */
	H_PROC_COPY = 1 << 12,	/* an open that may be of a /proc file
				 * burrow serves as a copy (procstatus.c) */
	H_NAMES_OTHER = 1 << 13,/* names a file in a way the path roles do
				 * not describe (an AF_UNIX address, getcwd's
				 * answer): syscall_names_path */
};

/* What a call changes, for read-only bindings and protected paths
 * (bindings_may_change, src/syscalls/protect.c).  The kernel's own
 * errors that a read-only mount reports first (a missing parent,
 * EEXIST...) still come first. */
enum change_class {
	C_NONE,
	C_MODIFY,	/* its paths name existing files it changes (chmod) */
	C_TRUNCATE,	/* the same, for regular files only */
	C_CREATE,	/* its paths name files it creates (mkdir, symlink) */
	C_CREATE_LAST,	/* only its last path is created (link); the first
			 * is checked for protection alone */
	C_REMOVE,	/* its paths name files it removes or moves (rename) */
	C_OPEN,		/* what its open flags say (the oflags role; creat
			 * has none and always writes) */
	C_FD,		/* argument 1 is a descriptor of the file it changes */
	C_ACCESS,	/* changes nothing, but asks whether it could: W_OK
			 * in the argument after the path gives EROFS */
};

/* Entry handlers return 0 to let the (possibly rewritten) call run, or
 * -errno to make it fail with that error; they may also emulate it by
 * setting t->stop.emulated.  Exit handlers return 0 or -errno (the tracee
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
	unsigned char change;	/* enum change_class */
	/* When non-zero, the filter stops only if this argument (1-based),
	 * a pid, is <= 0 or burrow's own (signal.c); under -0/-i, when the
	 * call has a fake_enter, for every pid (the faked credentials
	 * decide). */
	unsigned trap_if_pid;
	/* When non-zero, the filter stops only if the low word of this
	 * argument (1-based) is trap_eq (an ioctl's request, a
	 * getsockopt's name): hot calls whose other uses need no stop. */
	unsigned trap_if_eq;
	uint32_t trap_eq;
	/* Under -0/-i, a second value of that argument that stops (for
	 * fake_enter), or 0. */
	uint32_t trap_eq_fake;
};

extern const struct handler handlers[SC_COUNT];

/* True when the tracer must stop at this syscall. */
bool syscall_traced(const struct tracer *tr, int sc);
/* True when the call names a file (path roles, H_PATHS, H_NAMES_OTHER)
 * or is refused for bypassing translation (H_ENOSYS, H_EPERM): the
 * in-guest engine must never let it run untranslated. */
bool syscall_names_path(int sc);

/* Handle a syscall-entry (or seccomp) stop; registers are fetched here.
 * Sets t->stop.exit_wanted when the exit stop is needed. */
int syscall_enter(struct tracee *t);
/* Handle the matching syscall-exit stop. */
int syscall_exit(struct tracee *t);
/* A handler's answer in the kernel's place: the call is skipped and
 * the tracee sees result.  Returns 0. */
int syscall_emulate(struct tracee *t, int64_t result);
/* An open's flags, creat's included (O_CREAT | O_WRONLY | O_TRUNC). */
unsigned long syscall_open_flags(const struct tracee *t);

/* The generic translation, callable by handlers that do extra work:
 * rewrite path argument i of sc_desc[t->stop.sc].  0 when res holds the
 * translation, 1 when the argument was left alone (NULL, an empty path
 * meaning the dirfd, or a path that stays inside a removed cwd), or
 * -errno. */
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

/* protect.c: refusing changes to read-only bindings and protected
 * paths.  Each returns 0 to let the call run, or -errno. */
/* Does path argument i of this call change what it names? */
bool protect_arg_changes(const struct tracee *t, unsigned i);
/* Path argument i as resolve_path_arg left it: rc 0 (res holds it) or
 * 1 (path: what the tracee passed, NULL for a NULL pointer). */
int protect_path_arg(struct tracee *t, unsigned i, int rc, const struct canon_result *res,
		     const char *path);
/* An open with these flags (open, openat, creat, openat2) of res. */
int protect_open(struct tracee *t, const struct canon_result *res, unsigned long flags);
/* A change made through descriptor fd (AT_FDCWD: the cwd). */
int protect_fd(struct tracee *t, int fd);
/* A new name at res (an AF_UNIX socket's): -EEXIST when it exists. */
int protect_create(struct tracee *t, const struct canon_result *res);

/* Report of untranslated syscalls, printed at exit with --report. */
void syscall_report_print(const struct tracer *tr);
/* --report: calls burrow emulated only in part, counted by what. */
enum partial {
	PARTIAL_PEERCRED,	/* SO_PEERCRED: the peer's ids now */
	PARTIAL_IFFLAGS,	/* SIOCSIFFLAGS on lo: no effect */
	PARTIAL_STATUS,		/* /proc/PID/status: a copy */
	PARTIAL_NAMESPACE,	/* CLONE_NEWPID/NET/IPC: no effect */
	PARTIAL_MOUNT_PROC,	/* proc, sysfs: the host's */
	PARTIAL_MOUNT_REMOUNT,	/* a remount: this binding only */
	PARTIAL_MOUNT_PROPAGATION, /* shared, slave: nothing propagates */
	PARTIAL_MOUNT_REFUSED,	/* devices, on "/", pivot_root(new, new) */
	PARTIAL_MOUNT_OPTIONS,	/* nosuid, nodev, noexec, size=...: ignored */
	PARTIAL_MOUNT_DEVPTS,	/* devpts: the host's /dev/pts */
	PARTIALS
};
void syscall_report_partial(struct tracee *t, enum partial what);
/* --report: the ptrace requests refused (ptrace.c). */
void ptrace_report_print(const struct tracer *tr);

/* Family handlers (src/syscalls/<family>.c). */
int sys_getcwd_enter(struct tracee *t);
int sys_chdir_enter(struct tracee *t);
int sys_fchdir_enter(struct tracee *t);
int sys_chdir_exit(struct tracee *t);
int sys_chroot_enter(struct tracee *t);
int sys_readlink_enter(struct tracee *t);
int sys_openat2_enter(struct tracee *t);
int sys_execve_enter(struct tracee *t);
/* The stops of the mmap or munmap that exec.c runs in place of an exec
 * (xmap): true when it handled the stop and resumed the tracee. */
bool exec_map_stop(struct tracer *tr, struct tracee *t);
/* At an exec event: the old memory's mapping is gone with it, or, when
 * another process shares that memory, is that process's to unmap. */
void exec_map_after_exec(struct tracer *tr, struct tracee *t);
int sys_getdents64_enter(struct tracee *t);
int sys_getdents64_exit(struct tracee *t);
int sys_socket_addr_enter(struct tracee *t);
int sys_socket_result_enter(struct tracee *t);
int sys_sched_getaffinity_enter(struct tracee *t);
int sys_sched_getaffinity_exit(struct tracee *t);
int sys_sched_setaffinity_enter(struct tracee *t);
int sys_socket_result_exit(struct tracee *t);
/* inet.c: ports under -p/-n.  An AF_INET/AF_INET6 address of len bytes
 * the guest gives (rewritten in place: 1 when changed, 0 or -errno), or
 * one the kernel returns to it (1 when changed, else 0).  -n's bind
 * wants its exit, sys_bind_exit.  Setting up: syscalls/setup.h. */
bool inet_ports_on(const struct tracer *tr);
int inet_addr_from_guest(struct tracee *t, unsigned char *sa, size_t len);
int inet_addr_to_guest(struct tracee *t, unsigned char *sa, size_t len);
int sys_bind_exit(struct tracee *t);
int sys_fsconfig_enter(struct tracee *t);
int sys_quotactl_enter(struct tracee *t);
int sys_bpf_enter(struct tracee *t);
/* mount.c: mount namespaces under -0 (translated paths otherwise) */
int sys_mount_enter(struct tracee *t);
int sys_umount2_enter(struct tracee *t);
int sys_pivot_root_enter(struct tracee *t);
int sys_unshare_fake(struct tracee *t);
int sys_clone_fake(struct tracee *t);
int sys_clone3_fake(struct tracee *t);
int sys_clone_fake_exit(struct tracee *t);
/* uname.c: -k, and UTS namespaces under -0 */
int sys_uts_fake(struct tracee *t);
int sys_uname_exit(struct tracee *t);
int sys_sethostname_enter(struct tracee *t);
int sys_sethostname_exit(struct tracee *t);
/* At an exec event under -k: AT_HWCAP as asked, and the vDSO hidden
 * (AT_SYSINFO_EHDR becomes AT_IGNORE), in the auxv on the new stack. */
int exec_fix_auxv(struct tracee *t);
/* signal.c: no guest signal reaches burrow.  proc_read: /proc/PID/FILE
 * into buf, NUL-terminated: its length, or -errno. */
ssize_t proc_read(pid_t pid, const char *file, char *buf, size_t size);
int sys_kill_enter(struct tracee *t);
int sys_ptrace_enter(struct tracee *t);
int sys_pwrite64_enter(struct tracee *t);
int sys_wait4_enter(struct tracee *t);
int sys_waitid_enter(struct tracee *t);
int sys_wait_exit(struct tracee *t);
int sys_signal_pid_enter(struct tracee *t);
int sys_pidfd_send_signal_enter(struct tracee *t);
/* syscalls/gseccomp.c: the guest's own seccomp filters, copied when the
 * kernel installs them (seccomp, prctl PR_SET_SECCOMP). */
int sys_seccomp_enter(struct tracee *t);
int sys_prctl_enter(struct tracee *t);
int sys_seccomp_install_exit(struct tracee *t);
/* caps.c: fake root's capabilities, set-id exec and chroot.
 * caps_of_fake_root: syscalls/setup.h.
 * caps_after_setuid: after a set*uid
 * (setfsuid: fs) changed c's uids from old's.  caps_exec_enter: at an exec's
 * entry, the program file (host path, journal key or NULL).  caps_exec:
 * at its event, the new ids and sets; returns AT_SECURE.
 * caps_fix_auxv: the auxv's ids from them (true when changed).
 * caps_may_chroot: 0 or -EPERM. */
struct fake_ids;
struct fake_cred;
void caps_after_setuid(struct fake_cred *c, const struct fake_cred *old, bool fs);
void caps_exec_enter(struct tracee *t, const char *host, const char *guest);
bool caps_exec(struct tracee *t);
bool caps_fix_auxv(const struct tracee *t, uint64_t *aux, size_t pairs, bool secure);
int caps_may_chroot(struct tracee *t);
/* The one test of the faked credentials (-0/-i): cap in c's effective
 * set, which a change of the fs uid adjusts as the kernel does. */
bool cred_capable(const struct fake_cred *c, int cap);
/* A real id as the guest sees it: the user's own shows as the faked. */
uint32_t fake_shown_uid(const struct fake_ids *f, uint32_t uid);
uint32_t fake_shown_gid(const struct fake_ids *f, uint32_t gid);
/* A vfs_cap_data value (security.capability): revision 2 in 20 bytes
 * or 3 in 24, as the kernel checks it; its sets into x (may be NULL). */
struct exec_ids;
bool fcaps_parse(const uint8_t *v, size_t len, struct exec_ids *x);
/* The tracee whose faked credentials pid has: itself, or before burrow
 * saw it born (no fs yet, or not in the table), the thread or process
 * it was copied from; NULL when pid is not the guest's. */
struct tracee *tracee_cred_of(struct tracer *tr, pid_t pid);
int sys_capget_fake(struct tracee *t);
int sys_capset_fake(struct tracee *t);
/* Under -0/-i: the kernel's permission rule on the faked credentials
 * (the same handlers, stopped for every pid). */
int sys_kill_fake(struct tracee *t);
int sys_signal_pid_fake(struct tracee *t);
int sys_pidfd_send_signal_fake(struct tracee *t);
/* Who may signal whom: what the kernel compares (kill_ok_by_cred). */
struct sig_cred {
	uint32_t ruid, euid, suid;
	bool cap_kill;
	int sid;			/* session, for SIGCONT */
};
bool signal_permitted(const struct sig_cred *from, const struct sig_cred *to, int sig);
/* procstatus.c: /proc/PID/status of a guest process under -0/-i shows
 * its faked Uid:, Gid:, Groups: and CapInh:, CapPrm:, CapEff: lines.  status_fake_text rewrites
 * the kernel's text (pure); NULL when out of memory. */
char *status_fake_text(void *mem, const char *text, const struct fake_cred *c);
/* The open of a /proc file served as a copy (H_PROC_COPY): the status of
 * a guest process under -0/-i, maps, smaps and numa_maps always.  0 or
 * -errno; an open left as it was is 0 too. */
int proc_copy_enter(struct tracee *t);
/* The same for openat2: *copy is the host path to open instead (a magic
 * link), or NULL to open host. */
int proc_copy_of(struct tracee *t, const char *host, unsigned long flags, char **copy);
/* Whether a single name is one of those files' (the name shortcut must
 * let burrow see it). */
bool proc_copy_name(const char *name);
/* procmaps.c: the names of maps, smaps and numa_maps in guest terms
 * (path/procmaps.h).  text with guest names; numa: text is numa_maps,
 * whose devices come from maps (may be NULL; set in n).  NULL when out
 * of memory. */
char *maps_guest_text(void *mem, const char *text, const char *maps, bool numa,
		      struct maps_namer *n);
/* The namer of what t reads: its bindings and root, this run's loader. */
void maps_namer_of(struct tracee *t, struct maps_namer *n);
/* socket.c, under -0/-i: SO_PEERCRED shows the peer's faked ids;
 * SIOCSIFFLAGS on lo succeeds for the faked root. */
int sys_getsockopt_fake(struct tracee *t);
int sys_getsockopt_fake_exit(struct tracee *t);
int sys_ioctl_fake(struct tracee *t);
/* ids.c: prctl(PR_SET_KEEPCAPS) under -0/-i */
int sys_prctl_fake(struct tracee *t);
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
/* Under -0/-i: the faked CAP_DAC_OVERRIDE, when burrow is not root
 * (a root burrow's own access already answers as root). */
bool ids_root_access(const struct tracee *t);
/* Under -0, as a user, after the paths are translated: the user's
 * files that lack the user's access get it, as root needs no access. */
void ids_dac_override(struct tracee *t);
/* The same when a lookup failed with EACCES, for the directories on
 * the way: true when one changed (the lookup may be tried again). */
bool ids_search_override(struct tracee *t);
int sys_getxattr_fake(struct tracee *t);
int sys_listxattr_fake(struct tracee *t);
int sys_removexattr_fake(struct tracee *t);
int sys_stat_fake(struct tracee *t);
int sys_stat_fake_exit(struct tracee *t);
int sys_unlink_fake(struct tracee *t);
int sys_unlink_fake_exit(struct tracee *t);
int sys_rename_fake(struct tracee *t);
int sys_rename_fake_exit(struct tracee *t);
int sys_link_fake(struct tracee *t);
int sys_link_fake_exit(struct tracee *t);

#endif
