/* The handler table: which syscalls burrow stops at, and how it handles
 * them.  The seccomp filter, the exit-stop decision and --report are all
 * derived from it.  Most entries are H_PATHS alone: the generic
 * translation driven by the argument roles of src/arch/syscalls.tbl.
 */
#include <linux/seccomp.h>
#include <linux/sockios.h>
#include <sys/prctl.h>
#include <sys/socket.h>

#include "syscalls/syscalls.h"

/* The optional last argument says what the call changes (enum
 * change_class): read-only bindings and protected paths are checked. */
#define PATHS { .flags = H_PATHS }
#define PATHS_CHANGE(c) { .flags = H_PATHS, .change = (c) }
/* Paths, and under -0/-i a fake-root handler (name_fake[_exit]). */
#define PATHS_FAKE(name, ...) { .flags = H_PATHS, .fake_enter = sys_##name##_fake, __VA_ARGS__ }
#define PATHS_FAKE_EXIT(name, ...) { .flags = H_PATHS, .fake_enter = sys_##name##_fake, \
				     .fake_exit = sys_##name##_fake_exit, __VA_ARGS__ }
/* Paths that name an entry to create or remove (H_NAMES). */
#define NAMES(c) { .flags = H_PATHS | H_NAMES, .change = (c) }
#define NAMES_FAKE_EXIT(name, ...) { .flags = H_PATHS | H_NAMES, .fake_enter = sys_##name##_fake, \
				     .fake_exit = sys_##name##_fake_exit, __VA_ARGS__ }
#define ONE_MOUNT_FAKE_EXIT(name, ...) { .flags = H_PATHS | H_SAME_MOUNT | H_NAMES, \
					 .fake_enter = sys_##name##_fake, \
					 .fake_exit = sys_##name##_fake_exit, __VA_ARGS__ }
#define CH(c) .change = (c)
/* Trapped under -0/-i only. */
#define FAKE(name) { .fake_enter = sys_##name##_fake }
#define FAKE_EXIT(name) { .fake_enter = sys_##name##_fake, .fake_exit = sys_##name##_fake_exit }
/* A signal call naming a pid in argument N. */
#define SIGNAL_PID(n) { .enter = sys_signal_pid_enter, .fake_enter = sys_signal_pid_fake, \
			.trap_if_pid = (n) }
/* A change through a descriptor: trapped under -0/-i, and when some
 * binding is read-only or some path protected. */
#define FD_CHANGE(name) { .fake_enter = sys_##name##_fake, .flags = H_IF_RESTRICTED, CH(C_FD) }

const struct handler handlers[SC_COUNT] = {
	/* open and create */
	[SC_open] = { .flags = H_PATHS | H_PROC_COPY, .fake_enter = sys_create_fake,
		      .fake_exit = sys_create_fake_exit, CH(C_OPEN) },
	/* The loader opens with openat (src/loader/loader.c). */
	[SC_openat] = { .flags = H_PATHS | H_LOADER_OPEN | H_PROC_COPY,
			.fake_enter = sys_create_fake, .fake_exit = sys_create_fake_exit,
			CH(C_OPEN) },
	[SC_openat2] = { .enter = sys_openat2_enter },
	[SC_creat] = PATHS_FAKE_EXIT(create, CH(C_OPEN)),
	[SC_mknod] = NAMES_FAKE_EXIT(mknod, CH(C_CREATE)),
	[SC_mknodat] = NAMES_FAKE_EXIT(mknod, CH(C_CREATE)),
	[SC_mkdir] = NAMES_FAKE_EXIT(mkdir, CH(C_CREATE)),
	[SC_mkdirat] = NAMES_FAKE_EXIT(mkdir, CH(C_CREATE)),
	/* metadata */
	[SC_stat] = PATHS_FAKE_EXIT(stat),
	[SC_lstat] = PATHS_FAKE_EXIT(stat),
	[SC_newfstatat] = PATHS_FAKE_EXIT(stat),
	[SC_statx] = PATHS_FAKE_EXIT(stat),
	[SC_statfs] = PATHS,
	[SC_access] = PATHS_CHANGE(C_ACCESS),
	[SC_faccessat] = PATHS_CHANGE(C_ACCESS),
	[SC_faccessat2] = PATHS_CHANGE(C_ACCESS),
	[SC_chmod] = PATHS_FAKE(chmod, CH(C_MODIFY)),
	[SC_fchmodat] = PATHS_FAKE(chmod, CH(C_MODIFY)),
	[SC_fchmodat2] = PATHS_FAKE(chmod, CH(C_MODIFY)),
	[SC_chown] = PATHS_FAKE(chown, CH(C_MODIFY)),
	[SC_lchown] = PATHS_FAKE(chown, CH(C_MODIFY)),
	[SC_fchownat] = PATHS_FAKE(chown, CH(C_MODIFY)),
	[SC_truncate] = PATHS_CHANGE(C_TRUNCATE),
	[SC_utime] = PATHS_CHANGE(C_MODIFY),
	[SC_utimes] = PATHS_CHANGE(C_MODIFY),
	[SC_futimesat] = PATHS_CHANGE(C_MODIFY),
	[SC_utimensat] = PATHS_CHANGE(C_MODIFY),
	[SC_file_getattr] = PATHS,
	[SC_file_setattr] = PATHS_CHANGE(C_MODIFY),
	/* names */
	[SC_rmdir] = NAMES_FAKE_EXIT(unlink, CH(C_REMOVE)),
	[SC_unlink] = NAMES_FAKE_EXIT(unlink, CH(C_REMOVE)),
	[SC_unlinkat] = NAMES_FAKE_EXIT(unlink, CH(C_REMOVE)),
	[SC_link] = ONE_MOUNT_FAKE_EXIT(link, CH(C_CREATE_LAST)),
	[SC_linkat] = ONE_MOUNT_FAKE_EXIT(link, CH(C_CREATE_LAST)),
	[SC_symlink] = NAMES_FAKE_EXIT(create, CH(C_CREATE)),
	[SC_symlinkat] = NAMES_FAKE_EXIT(create, CH(C_CREATE)),
	[SC_rename] = ONE_MOUNT_FAKE_EXIT(rename, CH(C_REMOVE)),
	[SC_renameat] = ONE_MOUNT_FAKE_EXIT(rename, CH(C_REMOVE)),
	[SC_renameat2] = ONE_MOUNT_FAKE_EXIT(rename, CH(C_REMOVE)),
	[SC_getdents64] = { .enter = sys_getdents64_enter, .exit = sys_getdents64_exit,
			    .flags = H_IF_PHANTOMS },
	[SC_readlink] = { .enter = sys_readlink_enter },
	[SC_readlinkat] = { .enter = sys_readlink_enter },
	/* extended attributes */
	[SC_setxattr] = PATHS_FAKE(setxattr, CH(C_MODIFY)),
	[SC_lsetxattr] = PATHS_FAKE(setxattr, CH(C_MODIFY)),
	[SC_getxattr] = PATHS_FAKE(getxattr),
	[SC_lgetxattr] = PATHS_FAKE(getxattr),
	[SC_listxattr] = PATHS_FAKE(listxattr),
	[SC_llistxattr] = PATHS_FAKE(listxattr),
	[SC_removexattr] = PATHS_FAKE(removexattr, CH(C_MODIFY)),
	[SC_lremovexattr] = PATHS_FAKE(removexattr, CH(C_MODIFY)),
	[SC_setxattrat] = PATHS_FAKE(setxattr, CH(C_MODIFY)),
	[SC_getxattrat] = PATHS_FAKE(getxattr),
	[SC_listxattrat] = PATHS_FAKE(listxattr),
	[SC_removexattrat] = PATHS_FAKE(removexattr, CH(C_MODIFY)),
	/* directories and roots */
	[SC_getcwd] = { .enter = sys_getcwd_enter, .flags = H_NAMES_OTHER },
	[SC_chdir] = { .enter = sys_chdir_enter, .exit = sys_chdir_exit, .flags = H_EXIT },
	[SC_fchdir] = { .enter = sys_fchdir_enter, .exit = sys_chdir_exit, .flags = H_EXIT },
	[SC_chroot] = { .enter = sys_chroot_enter },
	/* exec */
	[SC_execve] = { .enter = sys_execve_enter },
	[SC_execveat] = { .enter = sys_execve_enter },
	[SC_uselib] = PATHS,
	/* watching and handles */
	[SC_inotify_add_watch] = PATHS,
	[SC_fanotify_mark] = PATHS,
	[SC_name_to_handle_at] = PATHS,
	/* A forged handle opens any inode of the filesystem, the host's "/". */
	[SC_open_by_handle_at] = { .flags = H_EPERM },
	/* mounts and system files, translated as PRoot does */
	[SC_mount] = { .enter = sys_mount_enter },
	[SC_umount2] = { .enter = sys_umount2_enter },
	[SC_pivot_root] = { .enter = sys_pivot_root_enter },
	[SC_open_tree] = PATHS,
	[SC_open_tree_attr] = PATHS,
	[SC_move_mount] = PATHS,
	[SC_mount_setattr] = PATHS,
	[SC_fspick] = PATHS,
	[SC_acct] = PATHS,
	[SC_swapon] = PATHS,
	[SC_swapoff] = PATHS,
	[SC_quotactl] = { .enter = sys_quotactl_enter },
	[SC_fsconfig] = { .enter = sys_fsconfig_enter },
	[SC_bpf] = { .enter = sys_bpf_enter },
	/* AF_UNIX socket names, and ports under -p/-n (inet.c) */
	[SC_bind] = { .enter = sys_socket_addr_enter, .exit = sys_bind_exit, .flags = H_NAMES_OTHER },
	[SC_connect] = { .enter = sys_socket_addr_enter, .flags = H_NAMES_OTHER },
	[SC_sendto] = { .enter = sys_socket_addr_enter, .trap_if_arg = 5, .flags = H_NAMES_OTHER },
	[SC_sendmsg] = { .enter = sys_socket_addr_enter, .flags = H_NAMES_OTHER },
	[SC_accept] = { .enter = sys_socket_result_enter, .exit = sys_socket_result_exit },
	[SC_accept4] = { .enter = sys_socket_result_enter, .exit = sys_socket_result_exit },
	[SC_getsockname] = { .enter = sys_socket_result_enter, .exit = sys_socket_result_exit },
	[SC_getpeername] = { .enter = sys_socket_result_enter, .exit = sys_socket_result_exit },
	[SC_recvfrom] = { .enter = sys_socket_result_enter, .exit = sys_socket_result_exit,
			  .trap_if_arg = 5 },
	[SC_recvmsg] = { .enter = sys_socket_result_enter, .exit = sys_socket_result_exit },
	/* fake root (-0, -i): ids, and calls on descriptors */
	[SC_getuid] = FAKE(getid),
	[SC_geteuid] = FAKE(getid),
	[SC_getgid] = FAKE(getid),
	[SC_getegid] = FAKE(getid),
	[SC_getresuid] = FAKE(getid),
	[SC_getresgid] = FAKE(getid),
	[SC_getgroups] = FAKE(getid),
	[SC_setuid] = FAKE(setid),
	[SC_setgid] = FAKE(setid),
	[SC_setreuid] = FAKE(setid),
	[SC_setregid] = FAKE(setid),
	[SC_setresuid] = FAKE(setid),
	[SC_setresgid] = FAKE(setid),
	[SC_setfsuid] = FAKE(setid),
	[SC_setfsgid] = FAKE(setid),
	[SC_setgroups] = FAKE(setid),
	[SC_capget] = FAKE(capget),
	[SC_capset] = FAKE(capset),
	[SC_fchown] = FD_CHANGE(chown),
	[SC_fchmod] = FD_CHANGE(chmod),
	[SC_fstat] = FAKE_EXIT(stat),
	[SC_fsetxattr] = FD_CHANGE(setxattr),
	[SC_fremovexattr] = { .fake_enter = sys_removexattr_fake, .flags = H_IF_RESTRICTED,
			       CH(C_FD) },
	[SC_fgetxattr] = FAKE(getxattr),
	[SC_flistxattr] = FAKE(listxattr),
	/* CPU affinity, while burrow may pin (tracee/colocate.h) */
	[SC_sched_getaffinity] = { .enter = sys_sched_getaffinity_enter,
				   .exit = sys_sched_getaffinity_exit, .flags = H_IF_COLOCATE },
	[SC_sched_setaffinity] = { .enter = sys_sched_setaffinity_enter, .flags = H_IF_COLOCATE },
	/* -k: the kernel's names as the user set them (uname.c) */
	[SC_uname] = { .exit = sys_uname_exit, .fake_enter = sys_uts_fake,
		       .flags = H_EXIT | H_IF_UTS },
	[SC_sethostname] = { .enter = sys_sethostname_enter, .exit = sys_sethostname_exit,
			     .fake_enter = sys_uts_fake, .flags = H_IF_UTS },
	[SC_setdomainname] = { .enter = sys_sethostname_enter, .exit = sys_sethostname_exit,
			       .fake_enter = sys_uts_fake, .flags = H_IF_UTS },
	/* -0: namespaces of burrow's own (mount.c, tracee/ns.c) */
	[SC_unshare] = FAKE(unshare),
	[SC_clone] = FAKE_EXIT(clone),
	[SC_clone3] = { .fake_enter = sys_clone3_fake, .fake_exit = sys_clone_fake_exit },
	/* signals: never to burrow; under -0/-i by the faked credentials,
	 * stopped for every pid then (signal.c) */
	[SC_kill] = { .enter = sys_kill_enter, .fake_enter = sys_kill_fake, .trap_if_pid = 1 },
	[SC_tkill] = SIGNAL_PID(1),
	[SC_tgkill] = SIGNAL_PID(1),
	[SC_rt_sigqueueinfo] = SIGNAL_PID(1),
	[SC_rt_tgsigqueueinfo] = SIGNAL_PID(1),
	[SC_pidfd_open] = { .enter = sys_signal_pid_enter, .trap_if_pid = 1 },
	[SC_pidfd_send_signal] = { .enter = sys_pidfd_send_signal_enter,
				   .fake_enter = sys_pidfd_send_signal_fake },
	/* -0/-i: a guest daemon's other needs (ids.c, socket.c) */
	[SC_prctl] = { .enter = sys_prctl_enter, .exit = sys_seccomp_install_exit,
		       .fake_enter = sys_prctl_fake, .trap_if_eq = 1, .trap_eq = PR_SET_SECCOMP,
		       .trap_eq_fake = PR_SET_KEEPCAPS },
	[SC_getsockopt] = { .fake_enter = sys_getsockopt_fake, .fake_exit = sys_getsockopt_fake_exit,
			    .trap_if_eq = 3, .trap_eq = SO_PEERCRED },
	[SC_ioctl] = { .fake_enter = sys_ioctl_fake, .trap_if_eq = 2, .trap_eq = SIOCSIFFLAGS },
	/* guest tracers (ptrace.c, wait.c): ptrace is rare and always
	 * trapped; the waits, and pwrite64 (to /proc/PID/mem: gdb's
	 * breakpoints), only in a guest tracer's group, by its own filter
	 * (H_VTRACER) */
	[SC_ptrace] = { .enter = sys_ptrace_enter },
	[SC_pwrite64] = { .enter = sys_pwrite64_enter, .flags = H_VTRACER },
	[SC_wait4] = { .enter = sys_wait4_enter, .exit = sys_wait_exit, .flags = H_VTRACER },
	[SC_waitid] = { .enter = sys_waitid_enter, .exit = sys_wait_exit, .flags = H_VTRACER },
	/* the guest's own filters, for its tracer's seccomp stops
	 * (syscalls/gseccomp.c); installing one is rare */
	[SC_seccomp] = { .enter = sys_seccomp_enter, .exit = sys_seccomp_install_exit,
			 .trap_if_eq = 1, .trap_eq = SECCOMP_SET_MODE_FILTER },
	/* io_uring operations would reach the filesystem untranslated. */
	[SC_io_uring_setup] = { .flags = H_ENOSYS },
};
