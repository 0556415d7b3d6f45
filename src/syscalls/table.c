/* The handler table: which syscalls burrow stops at, and how it handles
 * them.  The seccomp filter, the exit-stop decision and --report are all
 * derived from it.  Most entries are H_PATHS alone: the generic
 * translation driven by the argument roles of src/arch/syscalls.tbl.
 */
#include "syscalls/syscalls.h"

#define PATHS { .flags = H_PATHS }
#define PATHS_ONE_MOUNT { .flags = H_PATHS | H_SAME_MOUNT }
/* Paths, and under -0/-i a fake-root handler (name_fake[_exit]). */
#define PATHS_FAKE(name) { .flags = H_PATHS, .fake_enter = sys_##name##_fake }
#define PATHS_FAKE_EXIT(name) { .flags = H_PATHS, .fake_enter = sys_##name##_fake, \
				.fake_exit = sys_##name##_fake_exit }
#define ONE_MOUNT_FAKE_EXIT(name) { .flags = H_PATHS | H_SAME_MOUNT, \
				    .fake_enter = sys_##name##_fake, .fake_exit = sys_##name##_fake_exit }
/* Trapped under -0/-i only. */
#define FAKE(name) { .fake_enter = sys_##name##_fake }
#define FAKE_EXIT(name) { .fake_enter = sys_##name##_fake, .fake_exit = sys_##name##_fake_exit }

const struct handler handlers[SC_COUNT] = {
	/* open and create */
	[SC_open] = PATHS_FAKE_EXIT(create),
	/* The loader opens with openat (src/loader/loader.c). */
	[SC_openat] = { .flags = H_PATHS | H_LOADER_OPEN, .fake_enter = sys_create_fake,
			.fake_exit = sys_create_fake_exit },
	[SC_openat2] = { .enter = sys_openat2_enter },
	[SC_creat] = PATHS_FAKE_EXIT(create),
	[SC_mknod] = PATHS_FAKE_EXIT(mknod),
	[SC_mknodat] = PATHS_FAKE_EXIT(mknod),
	[SC_mkdir] = PATHS_FAKE_EXIT(mkdir),
	[SC_mkdirat] = PATHS_FAKE_EXIT(mkdir),
	/* metadata */
	[SC_stat] = PATHS_FAKE_EXIT(stat),
	[SC_lstat] = PATHS_FAKE_EXIT(stat),
	[SC_newfstatat] = PATHS_FAKE_EXIT(stat),
	[SC_statx] = PATHS_FAKE_EXIT(stat),
	[SC_statfs] = PATHS,
	[SC_access] = PATHS,
	[SC_faccessat] = PATHS,
	[SC_faccessat2] = PATHS,
	[SC_chmod] = PATHS_FAKE(chmod),
	[SC_fchmodat] = PATHS_FAKE(chmod),
	[SC_fchmodat2] = PATHS_FAKE(chmod),
	[SC_chown] = PATHS_FAKE(chown),
	[SC_lchown] = PATHS_FAKE(chown),
	[SC_fchownat] = PATHS_FAKE(chown),
	[SC_truncate] = PATHS,
	[SC_utime] = PATHS,
	[SC_utimes] = PATHS,
	[SC_futimesat] = PATHS,
	[SC_utimensat] = PATHS,
	[SC_file_getattr] = PATHS,
	[SC_file_setattr] = PATHS,
	/* names */
	[SC_rmdir] = PATHS_FAKE_EXIT(unlink),
	[SC_unlink] = PATHS_FAKE_EXIT(unlink),
	[SC_unlinkat] = PATHS_FAKE_EXIT(unlink),
	[SC_link] = ONE_MOUNT_FAKE_EXIT(link),
	[SC_linkat] = ONE_MOUNT_FAKE_EXIT(link),
	[SC_symlink] = PATHS,
	[SC_symlinkat] = PATHS,
	[SC_rename] = ONE_MOUNT_FAKE_EXIT(rename),
	[SC_renameat] = ONE_MOUNT_FAKE_EXIT(rename),
	[SC_renameat2] = ONE_MOUNT_FAKE_EXIT(rename),
	[SC_getdents64] = { .enter = sys_getdents64_enter, .exit = sys_getdents64_exit,
			    .flags = H_IF_PHANTOMS },
	[SC_readlink] = { .enter = sys_readlink_enter },
	[SC_readlinkat] = { .enter = sys_readlink_enter },
	/* extended attributes */
	[SC_setxattr] = PATHS_FAKE(setxattr),
	[SC_lsetxattr] = PATHS_FAKE(setxattr),
	[SC_getxattr] = PATHS,
	[SC_lgetxattr] = PATHS,
	[SC_listxattr] = PATHS,
	[SC_llistxattr] = PATHS,
	[SC_removexattr] = PATHS,
	[SC_lremovexattr] = PATHS,
	[SC_setxattrat] = PATHS_FAKE(setxattr),
	[SC_getxattrat] = PATHS,
	[SC_listxattrat] = PATHS,
	[SC_removexattrat] = PATHS,
	/* directories and roots */
	[SC_getcwd] = { .enter = sys_getcwd_enter },
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
	/* mounts and system files, translated as PRoot does */
	[SC_mount] = PATHS,
	[SC_umount2] = PATHS,
	[SC_pivot_root] = PATHS,
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
	/* AF_UNIX socket names */
	[SC_bind] = { .enter = sys_socket_addr_enter },
	[SC_connect] = { .enter = sys_socket_addr_enter },
	[SC_sendto] = { .enter = sys_socket_addr_enter, .trap_if_arg = 5 },
	[SC_sendmsg] = { .enter = sys_socket_addr_enter },
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
	[SC_fchown] = FAKE(chown),
	[SC_fchmod] = FAKE(chmod),
	[SC_fstat] = FAKE_EXIT(stat),
	[SC_fsetxattr] = FAKE(setxattr),
	/* CPU affinity, while burrow may pin (tracer/colocate.h) */
	[SC_sched_getaffinity] = { .enter = sys_sched_getaffinity_enter,
				   .exit = sys_sched_getaffinity_exit, .flags = H_IF_COLOCATE },
	[SC_sched_setaffinity] = { .enter = sys_sched_setaffinity_enter, .flags = H_IF_COLOCATE },
	/* signals: never to burrow (signal.c) */
	[SC_kill] = { .enter = sys_kill_enter, .trap_if_pid = 1 },
	[SC_tkill] = { .enter = sys_signal_pid_enter, .trap_if_pid = 1 },
	[SC_tgkill] = { .enter = sys_signal_pid_enter, .trap_if_pid = 1 },
	[SC_rt_sigqueueinfo] = { .enter = sys_signal_pid_enter, .trap_if_pid = 1 },
	[SC_rt_tgsigqueueinfo] = { .enter = sys_signal_pid_enter, .trap_if_pid = 1 },
	[SC_pidfd_open] = { .enter = sys_signal_pid_enter, .trap_if_pid = 1 },
	[SC_pidfd_send_signal] = { .enter = sys_pidfd_send_signal_enter },
	/* io_uring operations would reach the filesystem untranslated. */
	[SC_io_uring_setup] = { .flags = H_ENOSYS },
};
