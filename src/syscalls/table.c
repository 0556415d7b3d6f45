/* The handler table: which syscalls burrow stops at, and how it handles
 * them.  The seccomp filter, the exit-stop decision and --report are all
 * derived from it.  Most entries are H_PATHS alone: the generic
 * translation driven by the argument roles of src/arch/syscalls.tbl.
 */
#include "syscalls/syscalls.h"

#define PATHS { .flags = H_PATHS }
#define PATHS_ONE_MOUNT { .flags = H_PATHS | H_SAME_MOUNT }

const struct handler handlers[SC_COUNT] = {
	/* open and create */
	[SC_open] = PATHS,
	[SC_openat] = PATHS,
	[SC_openat2] = { .enter = sys_openat2_enter },
	[SC_creat] = PATHS,
	[SC_mknod] = PATHS,
	[SC_mknodat] = PATHS,
	[SC_mkdir] = PATHS,
	[SC_mkdirat] = PATHS,
	/* metadata */
	[SC_stat] = PATHS,
	[SC_lstat] = PATHS,
	[SC_newfstatat] = PATHS,
	[SC_statx] = PATHS,
	[SC_statfs] = PATHS,
	[SC_access] = PATHS,
	[SC_faccessat] = PATHS,
	[SC_faccessat2] = PATHS,
	[SC_chmod] = PATHS,
	[SC_fchmodat] = PATHS,
	[SC_fchmodat2] = PATHS,
	[SC_chown] = PATHS,
	[SC_lchown] = PATHS,
	[SC_fchownat] = PATHS,
	[SC_truncate] = PATHS,
	[SC_utime] = PATHS,
	[SC_utimes] = PATHS,
	[SC_futimesat] = PATHS,
	[SC_utimensat] = PATHS,
	[SC_file_getattr] = PATHS,
	[SC_file_setattr] = PATHS,
	/* names */
	[SC_rmdir] = PATHS,
	[SC_unlink] = PATHS,
	[SC_unlinkat] = PATHS,
	[SC_link] = PATHS_ONE_MOUNT,
	[SC_linkat] = PATHS_ONE_MOUNT,
	[SC_symlink] = PATHS,
	[SC_symlinkat] = PATHS,
	[SC_rename] = PATHS_ONE_MOUNT,
	[SC_renameat] = PATHS_ONE_MOUNT,
	[SC_renameat2] = PATHS_ONE_MOUNT,
	[SC_getdents64] = { .enter = sys_getdents64_enter, .exit = sys_getdents64_exit,
			    .flags = H_IF_PHANTOMS },
	[SC_readlink] = { .enter = sys_readlink_enter },
	[SC_readlinkat] = { .enter = sys_readlink_enter },
	/* extended attributes */
	[SC_setxattr] = PATHS,
	[SC_lsetxattr] = PATHS,
	[SC_getxattr] = PATHS,
	[SC_lgetxattr] = PATHS,
	[SC_listxattr] = PATHS,
	[SC_llistxattr] = PATHS,
	[SC_removexattr] = PATHS,
	[SC_lremovexattr] = PATHS,
	[SC_setxattrat] = PATHS,
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
	[SC_quotactl] = PATHS,
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
	/* io_uring operations would reach the filesystem untranslated. */
	[SC_io_uring_setup] = { .flags = H_ENOSYS },
};
