/* Generated from src/arch/syscalls.tbl by src/arch/gen-systable.awk.
 * Do not edit: edit the table. */
/* CHECK_NR(sc, nr) for every syscall the including header set knows. */
#ifdef __NR_read
CHECK_NR(SC_read, __NR_read)
#endif
#ifdef __NR_write
CHECK_NR(SC_write, __NR_write)
#endif
#ifdef __NR_open
CHECK_NR(SC_open, __NR_open)
#endif
#ifdef __NR_close
CHECK_NR(SC_close, __NR_close)
#endif
#ifdef __NR_stat
CHECK_NR(SC_stat, __NR_stat)
#endif
#ifdef __NR_fstat
CHECK_NR(SC_fstat, __NR_fstat)
#endif
#ifdef __NR_lstat
CHECK_NR(SC_lstat, __NR_lstat)
#endif
#ifdef __NR_poll
CHECK_NR(SC_poll, __NR_poll)
#endif
#ifdef __NR_lseek
CHECK_NR(SC_lseek, __NR_lseek)
#endif
#ifdef __NR_mmap
CHECK_NR(SC_mmap, __NR_mmap)
#endif
#ifdef __NR_mprotect
CHECK_NR(SC_mprotect, __NR_mprotect)
#endif
#ifdef __NR_munmap
CHECK_NR(SC_munmap, __NR_munmap)
#endif
#ifdef __NR_brk
CHECK_NR(SC_brk, __NR_brk)
#endif
#ifdef __NR_rt_sigaction
CHECK_NR(SC_rt_sigaction, __NR_rt_sigaction)
#endif
#ifdef __NR_rt_sigprocmask
CHECK_NR(SC_rt_sigprocmask, __NR_rt_sigprocmask)
#endif
#ifdef __NR_rt_sigreturn
CHECK_NR(SC_rt_sigreturn, __NR_rt_sigreturn)
#endif
#ifdef __NR_ioctl
CHECK_NR(SC_ioctl, __NR_ioctl)
#endif
#ifdef __NR_pread64
CHECK_NR(SC_pread64, __NR_pread64)
#endif
#ifdef __NR_pwrite64
CHECK_NR(SC_pwrite64, __NR_pwrite64)
#endif
#ifdef __NR_readv
CHECK_NR(SC_readv, __NR_readv)
#endif
#ifdef __NR_writev
CHECK_NR(SC_writev, __NR_writev)
#endif
#ifdef __NR_access
CHECK_NR(SC_access, __NR_access)
#endif
#ifdef __NR_pipe
CHECK_NR(SC_pipe, __NR_pipe)
#endif
#ifdef __NR_select
CHECK_NR(SC_select, __NR_select)
#endif
#ifdef __NR_sched_yield
CHECK_NR(SC_sched_yield, __NR_sched_yield)
#endif
#ifdef __NR_mremap
CHECK_NR(SC_mremap, __NR_mremap)
#endif
#ifdef __NR_msync
CHECK_NR(SC_msync, __NR_msync)
#endif
#ifdef __NR_mincore
CHECK_NR(SC_mincore, __NR_mincore)
#endif
#ifdef __NR_madvise
CHECK_NR(SC_madvise, __NR_madvise)
#endif
#ifdef __NR_shmget
CHECK_NR(SC_shmget, __NR_shmget)
#endif
#ifdef __NR_shmat
CHECK_NR(SC_shmat, __NR_shmat)
#endif
#ifdef __NR_shmctl
CHECK_NR(SC_shmctl, __NR_shmctl)
#endif
#ifdef __NR_dup
CHECK_NR(SC_dup, __NR_dup)
#endif
#ifdef __NR_dup2
CHECK_NR(SC_dup2, __NR_dup2)
#endif
#ifdef __NR_pause
CHECK_NR(SC_pause, __NR_pause)
#endif
#ifdef __NR_nanosleep
CHECK_NR(SC_nanosleep, __NR_nanosleep)
#endif
#ifdef __NR_getitimer
CHECK_NR(SC_getitimer, __NR_getitimer)
#endif
#ifdef __NR_alarm
CHECK_NR(SC_alarm, __NR_alarm)
#endif
#ifdef __NR_setitimer
CHECK_NR(SC_setitimer, __NR_setitimer)
#endif
#ifdef __NR_getpid
CHECK_NR(SC_getpid, __NR_getpid)
#endif
#ifdef __NR_sendfile
CHECK_NR(SC_sendfile, __NR_sendfile)
#endif
#ifdef __NR_socket
CHECK_NR(SC_socket, __NR_socket)
#endif
#ifdef __NR_connect
CHECK_NR(SC_connect, __NR_connect)
#endif
#ifdef __NR_accept
CHECK_NR(SC_accept, __NR_accept)
#endif
#ifdef __NR_sendto
CHECK_NR(SC_sendto, __NR_sendto)
#endif
#ifdef __NR_recvfrom
CHECK_NR(SC_recvfrom, __NR_recvfrom)
#endif
#ifdef __NR_sendmsg
CHECK_NR(SC_sendmsg, __NR_sendmsg)
#endif
#ifdef __NR_recvmsg
CHECK_NR(SC_recvmsg, __NR_recvmsg)
#endif
#ifdef __NR_shutdown
CHECK_NR(SC_shutdown, __NR_shutdown)
#endif
#ifdef __NR_bind
CHECK_NR(SC_bind, __NR_bind)
#endif
#ifdef __NR_listen
CHECK_NR(SC_listen, __NR_listen)
#endif
#ifdef __NR_getsockname
CHECK_NR(SC_getsockname, __NR_getsockname)
#endif
#ifdef __NR_getpeername
CHECK_NR(SC_getpeername, __NR_getpeername)
#endif
#ifdef __NR_socketpair
CHECK_NR(SC_socketpair, __NR_socketpair)
#endif
#ifdef __NR_setsockopt
CHECK_NR(SC_setsockopt, __NR_setsockopt)
#endif
#ifdef __NR_getsockopt
CHECK_NR(SC_getsockopt, __NR_getsockopt)
#endif
#ifdef __NR_clone
CHECK_NR(SC_clone, __NR_clone)
#endif
#ifdef __NR_fork
CHECK_NR(SC_fork, __NR_fork)
#endif
#ifdef __NR_vfork
CHECK_NR(SC_vfork, __NR_vfork)
#endif
#ifdef __NR_execve
CHECK_NR(SC_execve, __NR_execve)
#endif
#ifdef __NR_exit
CHECK_NR(SC_exit, __NR_exit)
#endif
#ifdef __NR_wait4
CHECK_NR(SC_wait4, __NR_wait4)
#endif
#ifdef __NR_kill
CHECK_NR(SC_kill, __NR_kill)
#endif
#ifdef __NR_uname
CHECK_NR(SC_uname, __NR_uname)
#endif
#ifdef __NR_semget
CHECK_NR(SC_semget, __NR_semget)
#endif
#ifdef __NR_semop
CHECK_NR(SC_semop, __NR_semop)
#endif
#ifdef __NR_semctl
CHECK_NR(SC_semctl, __NR_semctl)
#endif
#ifdef __NR_shmdt
CHECK_NR(SC_shmdt, __NR_shmdt)
#endif
#ifdef __NR_msgget
CHECK_NR(SC_msgget, __NR_msgget)
#endif
#ifdef __NR_msgsnd
CHECK_NR(SC_msgsnd, __NR_msgsnd)
#endif
#ifdef __NR_msgrcv
CHECK_NR(SC_msgrcv, __NR_msgrcv)
#endif
#ifdef __NR_msgctl
CHECK_NR(SC_msgctl, __NR_msgctl)
#endif
#ifdef __NR_fcntl
CHECK_NR(SC_fcntl, __NR_fcntl)
#endif
#ifdef __NR_flock
CHECK_NR(SC_flock, __NR_flock)
#endif
#ifdef __NR_fsync
CHECK_NR(SC_fsync, __NR_fsync)
#endif
#ifdef __NR_fdatasync
CHECK_NR(SC_fdatasync, __NR_fdatasync)
#endif
#ifdef __NR_truncate
CHECK_NR(SC_truncate, __NR_truncate)
#endif
#ifdef __NR_ftruncate
CHECK_NR(SC_ftruncate, __NR_ftruncate)
#endif
#ifdef __NR_getdents
CHECK_NR(SC_getdents, __NR_getdents)
#endif
#ifdef __NR_getcwd
CHECK_NR(SC_getcwd, __NR_getcwd)
#endif
#ifdef __NR_chdir
CHECK_NR(SC_chdir, __NR_chdir)
#endif
#ifdef __NR_fchdir
CHECK_NR(SC_fchdir, __NR_fchdir)
#endif
#ifdef __NR_rename
CHECK_NR(SC_rename, __NR_rename)
#endif
#ifdef __NR_mkdir
CHECK_NR(SC_mkdir, __NR_mkdir)
#endif
#ifdef __NR_rmdir
CHECK_NR(SC_rmdir, __NR_rmdir)
#endif
#ifdef __NR_creat
CHECK_NR(SC_creat, __NR_creat)
#endif
#ifdef __NR_link
CHECK_NR(SC_link, __NR_link)
#endif
#ifdef __NR_unlink
CHECK_NR(SC_unlink, __NR_unlink)
#endif
#ifdef __NR_symlink
CHECK_NR(SC_symlink, __NR_symlink)
#endif
#ifdef __NR_readlink
CHECK_NR(SC_readlink, __NR_readlink)
#endif
#ifdef __NR_chmod
CHECK_NR(SC_chmod, __NR_chmod)
#endif
#ifdef __NR_fchmod
CHECK_NR(SC_fchmod, __NR_fchmod)
#endif
#ifdef __NR_chown
CHECK_NR(SC_chown, __NR_chown)
#endif
#ifdef __NR_fchown
CHECK_NR(SC_fchown, __NR_fchown)
#endif
#ifdef __NR_lchown
CHECK_NR(SC_lchown, __NR_lchown)
#endif
#ifdef __NR_umask
CHECK_NR(SC_umask, __NR_umask)
#endif
#ifdef __NR_gettimeofday
CHECK_NR(SC_gettimeofday, __NR_gettimeofday)
#endif
#ifdef __NR_getrlimit
CHECK_NR(SC_getrlimit, __NR_getrlimit)
#endif
#ifdef __NR_getrusage
CHECK_NR(SC_getrusage, __NR_getrusage)
#endif
#ifdef __NR_sysinfo
CHECK_NR(SC_sysinfo, __NR_sysinfo)
#endif
#ifdef __NR_times
CHECK_NR(SC_times, __NR_times)
#endif
#ifdef __NR_ptrace
CHECK_NR(SC_ptrace, __NR_ptrace)
#endif
#ifdef __NR_getuid
CHECK_NR(SC_getuid, __NR_getuid)
#endif
#ifdef __NR_syslog
CHECK_NR(SC_syslog, __NR_syslog)
#endif
#ifdef __NR_getgid
CHECK_NR(SC_getgid, __NR_getgid)
#endif
#ifdef __NR_setuid
CHECK_NR(SC_setuid, __NR_setuid)
#endif
#ifdef __NR_setgid
CHECK_NR(SC_setgid, __NR_setgid)
#endif
#ifdef __NR_geteuid
CHECK_NR(SC_geteuid, __NR_geteuid)
#endif
#ifdef __NR_getegid
CHECK_NR(SC_getegid, __NR_getegid)
#endif
#ifdef __NR_setpgid
CHECK_NR(SC_setpgid, __NR_setpgid)
#endif
#ifdef __NR_getppid
CHECK_NR(SC_getppid, __NR_getppid)
#endif
#ifdef __NR_getpgrp
CHECK_NR(SC_getpgrp, __NR_getpgrp)
#endif
#ifdef __NR_setsid
CHECK_NR(SC_setsid, __NR_setsid)
#endif
#ifdef __NR_setreuid
CHECK_NR(SC_setreuid, __NR_setreuid)
#endif
#ifdef __NR_setregid
CHECK_NR(SC_setregid, __NR_setregid)
#endif
#ifdef __NR_getgroups
CHECK_NR(SC_getgroups, __NR_getgroups)
#endif
#ifdef __NR_setgroups
CHECK_NR(SC_setgroups, __NR_setgroups)
#endif
#ifdef __NR_setresuid
CHECK_NR(SC_setresuid, __NR_setresuid)
#endif
#ifdef __NR_getresuid
CHECK_NR(SC_getresuid, __NR_getresuid)
#endif
#ifdef __NR_setresgid
CHECK_NR(SC_setresgid, __NR_setresgid)
#endif
#ifdef __NR_getresgid
CHECK_NR(SC_getresgid, __NR_getresgid)
#endif
#ifdef __NR_getpgid
CHECK_NR(SC_getpgid, __NR_getpgid)
#endif
#ifdef __NR_setfsuid
CHECK_NR(SC_setfsuid, __NR_setfsuid)
#endif
#ifdef __NR_setfsgid
CHECK_NR(SC_setfsgid, __NR_setfsgid)
#endif
#ifdef __NR_getsid
CHECK_NR(SC_getsid, __NR_getsid)
#endif
#ifdef __NR_capget
CHECK_NR(SC_capget, __NR_capget)
#endif
#ifdef __NR_capset
CHECK_NR(SC_capset, __NR_capset)
#endif
#ifdef __NR_rt_sigpending
CHECK_NR(SC_rt_sigpending, __NR_rt_sigpending)
#endif
#ifdef __NR_rt_sigtimedwait
CHECK_NR(SC_rt_sigtimedwait, __NR_rt_sigtimedwait)
#endif
#ifdef __NR_rt_sigqueueinfo
CHECK_NR(SC_rt_sigqueueinfo, __NR_rt_sigqueueinfo)
#endif
#ifdef __NR_rt_sigsuspend
CHECK_NR(SC_rt_sigsuspend, __NR_rt_sigsuspend)
#endif
#ifdef __NR_sigaltstack
CHECK_NR(SC_sigaltstack, __NR_sigaltstack)
#endif
#ifdef __NR_utime
CHECK_NR(SC_utime, __NR_utime)
#endif
#ifdef __NR_mknod
CHECK_NR(SC_mknod, __NR_mknod)
#endif
#ifdef __NR_uselib
CHECK_NR(SC_uselib, __NR_uselib)
#endif
#ifdef __NR_personality
CHECK_NR(SC_personality, __NR_personality)
#endif
#ifdef __NR_ustat
CHECK_NR(SC_ustat, __NR_ustat)
#endif
#ifdef __NR_statfs
CHECK_NR(SC_statfs, __NR_statfs)
#endif
#ifdef __NR_fstatfs
CHECK_NR(SC_fstatfs, __NR_fstatfs)
#endif
#ifdef __NR_sysfs
CHECK_NR(SC_sysfs, __NR_sysfs)
#endif
#ifdef __NR_getpriority
CHECK_NR(SC_getpriority, __NR_getpriority)
#endif
#ifdef __NR_setpriority
CHECK_NR(SC_setpriority, __NR_setpriority)
#endif
#ifdef __NR_sched_setparam
CHECK_NR(SC_sched_setparam, __NR_sched_setparam)
#endif
#ifdef __NR_sched_getparam
CHECK_NR(SC_sched_getparam, __NR_sched_getparam)
#endif
#ifdef __NR_sched_setscheduler
CHECK_NR(SC_sched_setscheduler, __NR_sched_setscheduler)
#endif
#ifdef __NR_sched_getscheduler
CHECK_NR(SC_sched_getscheduler, __NR_sched_getscheduler)
#endif
#ifdef __NR_sched_get_priority_max
CHECK_NR(SC_sched_get_priority_max, __NR_sched_get_priority_max)
#endif
#ifdef __NR_sched_get_priority_min
CHECK_NR(SC_sched_get_priority_min, __NR_sched_get_priority_min)
#endif
#ifdef __NR_sched_rr_get_interval
CHECK_NR(SC_sched_rr_get_interval, __NR_sched_rr_get_interval)
#endif
#ifdef __NR_mlock
CHECK_NR(SC_mlock, __NR_mlock)
#endif
#ifdef __NR_munlock
CHECK_NR(SC_munlock, __NR_munlock)
#endif
#ifdef __NR_mlockall
CHECK_NR(SC_mlockall, __NR_mlockall)
#endif
#ifdef __NR_munlockall
CHECK_NR(SC_munlockall, __NR_munlockall)
#endif
#ifdef __NR_vhangup
CHECK_NR(SC_vhangup, __NR_vhangup)
#endif
#ifdef __NR_modify_ldt
CHECK_NR(SC_modify_ldt, __NR_modify_ldt)
#endif
#ifdef __NR_pivot_root
CHECK_NR(SC_pivot_root, __NR_pivot_root)
#endif
#ifdef __NR__sysctl
CHECK_NR(SC__sysctl, __NR__sysctl)
#endif
#ifdef __NR_prctl
CHECK_NR(SC_prctl, __NR_prctl)
#endif
#ifdef __NR_arch_prctl
CHECK_NR(SC_arch_prctl, __NR_arch_prctl)
#endif
#ifdef __NR_adjtimex
CHECK_NR(SC_adjtimex, __NR_adjtimex)
#endif
#ifdef __NR_setrlimit
CHECK_NR(SC_setrlimit, __NR_setrlimit)
#endif
#ifdef __NR_chroot
CHECK_NR(SC_chroot, __NR_chroot)
#endif
#ifdef __NR_sync
CHECK_NR(SC_sync, __NR_sync)
#endif
#ifdef __NR_acct
CHECK_NR(SC_acct, __NR_acct)
#endif
#ifdef __NR_settimeofday
CHECK_NR(SC_settimeofday, __NR_settimeofday)
#endif
#ifdef __NR_mount
CHECK_NR(SC_mount, __NR_mount)
#endif
#ifdef __NR_umount2
CHECK_NR(SC_umount2, __NR_umount2)
#endif
#ifdef __NR_swapon
CHECK_NR(SC_swapon, __NR_swapon)
#endif
#ifdef __NR_swapoff
CHECK_NR(SC_swapoff, __NR_swapoff)
#endif
#ifdef __NR_reboot
CHECK_NR(SC_reboot, __NR_reboot)
#endif
#ifdef __NR_sethostname
CHECK_NR(SC_sethostname, __NR_sethostname)
#endif
#ifdef __NR_setdomainname
CHECK_NR(SC_setdomainname, __NR_setdomainname)
#endif
#ifdef __NR_iopl
CHECK_NR(SC_iopl, __NR_iopl)
#endif
#ifdef __NR_ioperm
CHECK_NR(SC_ioperm, __NR_ioperm)
#endif
#ifdef __NR_create_module
CHECK_NR(SC_create_module, __NR_create_module)
#endif
#ifdef __NR_init_module
CHECK_NR(SC_init_module, __NR_init_module)
#endif
#ifdef __NR_delete_module
CHECK_NR(SC_delete_module, __NR_delete_module)
#endif
#ifdef __NR_get_kernel_syms
CHECK_NR(SC_get_kernel_syms, __NR_get_kernel_syms)
#endif
#ifdef __NR_query_module
CHECK_NR(SC_query_module, __NR_query_module)
#endif
#ifdef __NR_quotactl
CHECK_NR(SC_quotactl, __NR_quotactl)
#endif
#ifdef __NR_nfsservctl
CHECK_NR(SC_nfsservctl, __NR_nfsservctl)
#endif
#ifdef __NR_getpmsg
CHECK_NR(SC_getpmsg, __NR_getpmsg)
#endif
#ifdef __NR_putpmsg
CHECK_NR(SC_putpmsg, __NR_putpmsg)
#endif
#ifdef __NR_afs_syscall
CHECK_NR(SC_afs_syscall, __NR_afs_syscall)
#endif
#ifdef __NR_tuxcall
CHECK_NR(SC_tuxcall, __NR_tuxcall)
#endif
#ifdef __NR_security
CHECK_NR(SC_security, __NR_security)
#endif
#ifdef __NR_gettid
CHECK_NR(SC_gettid, __NR_gettid)
#endif
#ifdef __NR_readahead
CHECK_NR(SC_readahead, __NR_readahead)
#endif
#ifdef __NR_setxattr
CHECK_NR(SC_setxattr, __NR_setxattr)
#endif
#ifdef __NR_lsetxattr
CHECK_NR(SC_lsetxattr, __NR_lsetxattr)
#endif
#ifdef __NR_fsetxattr
CHECK_NR(SC_fsetxattr, __NR_fsetxattr)
#endif
#ifdef __NR_getxattr
CHECK_NR(SC_getxattr, __NR_getxattr)
#endif
#ifdef __NR_lgetxattr
CHECK_NR(SC_lgetxattr, __NR_lgetxattr)
#endif
#ifdef __NR_fgetxattr
CHECK_NR(SC_fgetxattr, __NR_fgetxattr)
#endif
#ifdef __NR_listxattr
CHECK_NR(SC_listxattr, __NR_listxattr)
#endif
#ifdef __NR_llistxattr
CHECK_NR(SC_llistxattr, __NR_llistxattr)
#endif
#ifdef __NR_flistxattr
CHECK_NR(SC_flistxattr, __NR_flistxattr)
#endif
#ifdef __NR_removexattr
CHECK_NR(SC_removexattr, __NR_removexattr)
#endif
#ifdef __NR_lremovexattr
CHECK_NR(SC_lremovexattr, __NR_lremovexattr)
#endif
#ifdef __NR_fremovexattr
CHECK_NR(SC_fremovexattr, __NR_fremovexattr)
#endif
#ifdef __NR_tkill
CHECK_NR(SC_tkill, __NR_tkill)
#endif
#ifdef __NR_time
CHECK_NR(SC_time, __NR_time)
#endif
#ifdef __NR_futex
CHECK_NR(SC_futex, __NR_futex)
#endif
#ifdef __NR_sched_setaffinity
CHECK_NR(SC_sched_setaffinity, __NR_sched_setaffinity)
#endif
#ifdef __NR_sched_getaffinity
CHECK_NR(SC_sched_getaffinity, __NR_sched_getaffinity)
#endif
#ifdef __NR_set_thread_area
CHECK_NR(SC_set_thread_area, __NR_set_thread_area)
#endif
#ifdef __NR_io_setup
CHECK_NR(SC_io_setup, __NR_io_setup)
#endif
#ifdef __NR_io_destroy
CHECK_NR(SC_io_destroy, __NR_io_destroy)
#endif
#ifdef __NR_io_getevents
CHECK_NR(SC_io_getevents, __NR_io_getevents)
#endif
#ifdef __NR_io_submit
CHECK_NR(SC_io_submit, __NR_io_submit)
#endif
#ifdef __NR_io_cancel
CHECK_NR(SC_io_cancel, __NR_io_cancel)
#endif
#ifdef __NR_get_thread_area
CHECK_NR(SC_get_thread_area, __NR_get_thread_area)
#endif
#ifdef __NR_lookup_dcookie
CHECK_NR(SC_lookup_dcookie, __NR_lookup_dcookie)
#endif
#ifdef __NR_epoll_create
CHECK_NR(SC_epoll_create, __NR_epoll_create)
#endif
#ifdef __NR_epoll_ctl_old
CHECK_NR(SC_epoll_ctl_old, __NR_epoll_ctl_old)
#endif
#ifdef __NR_epoll_wait_old
CHECK_NR(SC_epoll_wait_old, __NR_epoll_wait_old)
#endif
#ifdef __NR_remap_file_pages
CHECK_NR(SC_remap_file_pages, __NR_remap_file_pages)
#endif
#ifdef __NR_getdents64
CHECK_NR(SC_getdents64, __NR_getdents64)
#endif
#ifdef __NR_set_tid_address
CHECK_NR(SC_set_tid_address, __NR_set_tid_address)
#endif
#ifdef __NR_restart_syscall
CHECK_NR(SC_restart_syscall, __NR_restart_syscall)
#endif
#ifdef __NR_semtimedop
CHECK_NR(SC_semtimedop, __NR_semtimedop)
#endif
#ifdef __NR_fadvise64
CHECK_NR(SC_fadvise64, __NR_fadvise64)
#endif
#ifdef __NR_timer_create
CHECK_NR(SC_timer_create, __NR_timer_create)
#endif
#ifdef __NR_timer_settime
CHECK_NR(SC_timer_settime, __NR_timer_settime)
#endif
#ifdef __NR_timer_gettime
CHECK_NR(SC_timer_gettime, __NR_timer_gettime)
#endif
#ifdef __NR_timer_getoverrun
CHECK_NR(SC_timer_getoverrun, __NR_timer_getoverrun)
#endif
#ifdef __NR_timer_delete
CHECK_NR(SC_timer_delete, __NR_timer_delete)
#endif
#ifdef __NR_clock_settime
CHECK_NR(SC_clock_settime, __NR_clock_settime)
#endif
#ifdef __NR_clock_gettime
CHECK_NR(SC_clock_gettime, __NR_clock_gettime)
#endif
#ifdef __NR_clock_getres
CHECK_NR(SC_clock_getres, __NR_clock_getres)
#endif
#ifdef __NR_clock_nanosleep
CHECK_NR(SC_clock_nanosleep, __NR_clock_nanosleep)
#endif
#ifdef __NR_exit_group
CHECK_NR(SC_exit_group, __NR_exit_group)
#endif
#ifdef __NR_epoll_wait
CHECK_NR(SC_epoll_wait, __NR_epoll_wait)
#endif
#ifdef __NR_epoll_ctl
CHECK_NR(SC_epoll_ctl, __NR_epoll_ctl)
#endif
#ifdef __NR_tgkill
CHECK_NR(SC_tgkill, __NR_tgkill)
#endif
#ifdef __NR_utimes
CHECK_NR(SC_utimes, __NR_utimes)
#endif
#ifdef __NR_vserver
CHECK_NR(SC_vserver, __NR_vserver)
#endif
#ifdef __NR_mbind
CHECK_NR(SC_mbind, __NR_mbind)
#endif
#ifdef __NR_set_mempolicy
CHECK_NR(SC_set_mempolicy, __NR_set_mempolicy)
#endif
#ifdef __NR_get_mempolicy
CHECK_NR(SC_get_mempolicy, __NR_get_mempolicy)
#endif
#ifdef __NR_mq_open
CHECK_NR(SC_mq_open, __NR_mq_open)
#endif
#ifdef __NR_mq_unlink
CHECK_NR(SC_mq_unlink, __NR_mq_unlink)
#endif
#ifdef __NR_mq_timedsend
CHECK_NR(SC_mq_timedsend, __NR_mq_timedsend)
#endif
#ifdef __NR_mq_timedreceive
CHECK_NR(SC_mq_timedreceive, __NR_mq_timedreceive)
#endif
#ifdef __NR_mq_notify
CHECK_NR(SC_mq_notify, __NR_mq_notify)
#endif
#ifdef __NR_mq_getsetattr
CHECK_NR(SC_mq_getsetattr, __NR_mq_getsetattr)
#endif
#ifdef __NR_kexec_load
CHECK_NR(SC_kexec_load, __NR_kexec_load)
#endif
#ifdef __NR_waitid
CHECK_NR(SC_waitid, __NR_waitid)
#endif
#ifdef __NR_add_key
CHECK_NR(SC_add_key, __NR_add_key)
#endif
#ifdef __NR_request_key
CHECK_NR(SC_request_key, __NR_request_key)
#endif
#ifdef __NR_keyctl
CHECK_NR(SC_keyctl, __NR_keyctl)
#endif
#ifdef __NR_ioprio_set
CHECK_NR(SC_ioprio_set, __NR_ioprio_set)
#endif
#ifdef __NR_ioprio_get
CHECK_NR(SC_ioprio_get, __NR_ioprio_get)
#endif
#ifdef __NR_inotify_init
CHECK_NR(SC_inotify_init, __NR_inotify_init)
#endif
#ifdef __NR_inotify_add_watch
CHECK_NR(SC_inotify_add_watch, __NR_inotify_add_watch)
#endif
#ifdef __NR_inotify_rm_watch
CHECK_NR(SC_inotify_rm_watch, __NR_inotify_rm_watch)
#endif
#ifdef __NR_migrate_pages
CHECK_NR(SC_migrate_pages, __NR_migrate_pages)
#endif
#ifdef __NR_openat
CHECK_NR(SC_openat, __NR_openat)
#endif
#ifdef __NR_mkdirat
CHECK_NR(SC_mkdirat, __NR_mkdirat)
#endif
#ifdef __NR_mknodat
CHECK_NR(SC_mknodat, __NR_mknodat)
#endif
#ifdef __NR_fchownat
CHECK_NR(SC_fchownat, __NR_fchownat)
#endif
#ifdef __NR_futimesat
CHECK_NR(SC_futimesat, __NR_futimesat)
#endif
#ifdef __NR_newfstatat
CHECK_NR(SC_newfstatat, __NR_newfstatat)
#endif
#ifdef __NR_unlinkat
CHECK_NR(SC_unlinkat, __NR_unlinkat)
#endif
#ifdef __NR_renameat
CHECK_NR(SC_renameat, __NR_renameat)
#endif
#ifdef __NR_linkat
CHECK_NR(SC_linkat, __NR_linkat)
#endif
#ifdef __NR_symlinkat
CHECK_NR(SC_symlinkat, __NR_symlinkat)
#endif
#ifdef __NR_readlinkat
CHECK_NR(SC_readlinkat, __NR_readlinkat)
#endif
#ifdef __NR_fchmodat
CHECK_NR(SC_fchmodat, __NR_fchmodat)
#endif
#ifdef __NR_faccessat
CHECK_NR(SC_faccessat, __NR_faccessat)
#endif
#ifdef __NR_pselect6
CHECK_NR(SC_pselect6, __NR_pselect6)
#endif
#ifdef __NR_ppoll
CHECK_NR(SC_ppoll, __NR_ppoll)
#endif
#ifdef __NR_unshare
CHECK_NR(SC_unshare, __NR_unshare)
#endif
#ifdef __NR_set_robust_list
CHECK_NR(SC_set_robust_list, __NR_set_robust_list)
#endif
#ifdef __NR_get_robust_list
CHECK_NR(SC_get_robust_list, __NR_get_robust_list)
#endif
#ifdef __NR_splice
CHECK_NR(SC_splice, __NR_splice)
#endif
#ifdef __NR_tee
CHECK_NR(SC_tee, __NR_tee)
#endif
#ifdef __NR_sync_file_range
CHECK_NR(SC_sync_file_range, __NR_sync_file_range)
#endif
#ifdef __NR_vmsplice
CHECK_NR(SC_vmsplice, __NR_vmsplice)
#endif
#ifdef __NR_move_pages
CHECK_NR(SC_move_pages, __NR_move_pages)
#endif
#ifdef __NR_utimensat
CHECK_NR(SC_utimensat, __NR_utimensat)
#endif
#ifdef __NR_epoll_pwait
CHECK_NR(SC_epoll_pwait, __NR_epoll_pwait)
#endif
#ifdef __NR_signalfd
CHECK_NR(SC_signalfd, __NR_signalfd)
#endif
#ifdef __NR_timerfd_create
CHECK_NR(SC_timerfd_create, __NR_timerfd_create)
#endif
#ifdef __NR_eventfd
CHECK_NR(SC_eventfd, __NR_eventfd)
#endif
#ifdef __NR_fallocate
CHECK_NR(SC_fallocate, __NR_fallocate)
#endif
#ifdef __NR_timerfd_settime
CHECK_NR(SC_timerfd_settime, __NR_timerfd_settime)
#endif
#ifdef __NR_timerfd_gettime
CHECK_NR(SC_timerfd_gettime, __NR_timerfd_gettime)
#endif
#ifdef __NR_accept4
CHECK_NR(SC_accept4, __NR_accept4)
#endif
#ifdef __NR_signalfd4
CHECK_NR(SC_signalfd4, __NR_signalfd4)
#endif
#ifdef __NR_eventfd2
CHECK_NR(SC_eventfd2, __NR_eventfd2)
#endif
#ifdef __NR_epoll_create1
CHECK_NR(SC_epoll_create1, __NR_epoll_create1)
#endif
#ifdef __NR_dup3
CHECK_NR(SC_dup3, __NR_dup3)
#endif
#ifdef __NR_pipe2
CHECK_NR(SC_pipe2, __NR_pipe2)
#endif
#ifdef __NR_inotify_init1
CHECK_NR(SC_inotify_init1, __NR_inotify_init1)
#endif
#ifdef __NR_preadv
CHECK_NR(SC_preadv, __NR_preadv)
#endif
#ifdef __NR_pwritev
CHECK_NR(SC_pwritev, __NR_pwritev)
#endif
#ifdef __NR_rt_tgsigqueueinfo
CHECK_NR(SC_rt_tgsigqueueinfo, __NR_rt_tgsigqueueinfo)
#endif
#ifdef __NR_perf_event_open
CHECK_NR(SC_perf_event_open, __NR_perf_event_open)
#endif
#ifdef __NR_recvmmsg
CHECK_NR(SC_recvmmsg, __NR_recvmmsg)
#endif
#ifdef __NR_fanotify_init
CHECK_NR(SC_fanotify_init, __NR_fanotify_init)
#endif
#ifdef __NR_fanotify_mark
CHECK_NR(SC_fanotify_mark, __NR_fanotify_mark)
#endif
#ifdef __NR_prlimit64
CHECK_NR(SC_prlimit64, __NR_prlimit64)
#endif
#ifdef __NR_name_to_handle_at
CHECK_NR(SC_name_to_handle_at, __NR_name_to_handle_at)
#endif
#ifdef __NR_open_by_handle_at
CHECK_NR(SC_open_by_handle_at, __NR_open_by_handle_at)
#endif
#ifdef __NR_clock_adjtime
CHECK_NR(SC_clock_adjtime, __NR_clock_adjtime)
#endif
#ifdef __NR_syncfs
CHECK_NR(SC_syncfs, __NR_syncfs)
#endif
#ifdef __NR_sendmmsg
CHECK_NR(SC_sendmmsg, __NR_sendmmsg)
#endif
#ifdef __NR_setns
CHECK_NR(SC_setns, __NR_setns)
#endif
#ifdef __NR_getcpu
CHECK_NR(SC_getcpu, __NR_getcpu)
#endif
#ifdef __NR_process_vm_readv
CHECK_NR(SC_process_vm_readv, __NR_process_vm_readv)
#endif
#ifdef __NR_process_vm_writev
CHECK_NR(SC_process_vm_writev, __NR_process_vm_writev)
#endif
#ifdef __NR_kcmp
CHECK_NR(SC_kcmp, __NR_kcmp)
#endif
#ifdef __NR_finit_module
CHECK_NR(SC_finit_module, __NR_finit_module)
#endif
#ifdef __NR_sched_setattr
CHECK_NR(SC_sched_setattr, __NR_sched_setattr)
#endif
#ifdef __NR_sched_getattr
CHECK_NR(SC_sched_getattr, __NR_sched_getattr)
#endif
#ifdef __NR_renameat2
CHECK_NR(SC_renameat2, __NR_renameat2)
#endif
#ifdef __NR_seccomp
CHECK_NR(SC_seccomp, __NR_seccomp)
#endif
#ifdef __NR_getrandom
CHECK_NR(SC_getrandom, __NR_getrandom)
#endif
#ifdef __NR_memfd_create
CHECK_NR(SC_memfd_create, __NR_memfd_create)
#endif
#ifdef __NR_kexec_file_load
CHECK_NR(SC_kexec_file_load, __NR_kexec_file_load)
#endif
#ifdef __NR_bpf
CHECK_NR(SC_bpf, __NR_bpf)
#endif
#ifdef __NR_execveat
CHECK_NR(SC_execveat, __NR_execveat)
#endif
#ifdef __NR_userfaultfd
CHECK_NR(SC_userfaultfd, __NR_userfaultfd)
#endif
#ifdef __NR_membarrier
CHECK_NR(SC_membarrier, __NR_membarrier)
#endif
#ifdef __NR_mlock2
CHECK_NR(SC_mlock2, __NR_mlock2)
#endif
#ifdef __NR_copy_file_range
CHECK_NR(SC_copy_file_range, __NR_copy_file_range)
#endif
#ifdef __NR_preadv2
CHECK_NR(SC_preadv2, __NR_preadv2)
#endif
#ifdef __NR_pwritev2
CHECK_NR(SC_pwritev2, __NR_pwritev2)
#endif
#ifdef __NR_pkey_mprotect
CHECK_NR(SC_pkey_mprotect, __NR_pkey_mprotect)
#endif
#ifdef __NR_pkey_alloc
CHECK_NR(SC_pkey_alloc, __NR_pkey_alloc)
#endif
#ifdef __NR_pkey_free
CHECK_NR(SC_pkey_free, __NR_pkey_free)
#endif
#ifdef __NR_statx
CHECK_NR(SC_statx, __NR_statx)
#endif
#ifdef __NR_io_pgetevents
CHECK_NR(SC_io_pgetevents, __NR_io_pgetevents)
#endif
#ifdef __NR_rseq
CHECK_NR(SC_rseq, __NR_rseq)
#endif
#ifdef __NR_uretprobe
CHECK_NR(SC_uretprobe, __NR_uretprobe)
#endif
#ifdef __NR_uprobe
CHECK_NR(SC_uprobe, __NR_uprobe)
#endif
#ifdef __NR_pidfd_send_signal
CHECK_NR(SC_pidfd_send_signal, __NR_pidfd_send_signal)
#endif
#ifdef __NR_io_uring_setup
CHECK_NR(SC_io_uring_setup, __NR_io_uring_setup)
#endif
#ifdef __NR_io_uring_enter
CHECK_NR(SC_io_uring_enter, __NR_io_uring_enter)
#endif
#ifdef __NR_io_uring_register
CHECK_NR(SC_io_uring_register, __NR_io_uring_register)
#endif
#ifdef __NR_open_tree
CHECK_NR(SC_open_tree, __NR_open_tree)
#endif
#ifdef __NR_move_mount
CHECK_NR(SC_move_mount, __NR_move_mount)
#endif
#ifdef __NR_fsopen
CHECK_NR(SC_fsopen, __NR_fsopen)
#endif
#ifdef __NR_fsconfig
CHECK_NR(SC_fsconfig, __NR_fsconfig)
#endif
#ifdef __NR_fsmount
CHECK_NR(SC_fsmount, __NR_fsmount)
#endif
#ifdef __NR_fspick
CHECK_NR(SC_fspick, __NR_fspick)
#endif
#ifdef __NR_pidfd_open
CHECK_NR(SC_pidfd_open, __NR_pidfd_open)
#endif
#ifdef __NR_clone3
CHECK_NR(SC_clone3, __NR_clone3)
#endif
#ifdef __NR_close_range
CHECK_NR(SC_close_range, __NR_close_range)
#endif
#ifdef __NR_openat2
CHECK_NR(SC_openat2, __NR_openat2)
#endif
#ifdef __NR_pidfd_getfd
CHECK_NR(SC_pidfd_getfd, __NR_pidfd_getfd)
#endif
#ifdef __NR_faccessat2
CHECK_NR(SC_faccessat2, __NR_faccessat2)
#endif
#ifdef __NR_process_madvise
CHECK_NR(SC_process_madvise, __NR_process_madvise)
#endif
#ifdef __NR_epoll_pwait2
CHECK_NR(SC_epoll_pwait2, __NR_epoll_pwait2)
#endif
#ifdef __NR_mount_setattr
CHECK_NR(SC_mount_setattr, __NR_mount_setattr)
#endif
#ifdef __NR_quotactl_fd
CHECK_NR(SC_quotactl_fd, __NR_quotactl_fd)
#endif
#ifdef __NR_landlock_create_ruleset
CHECK_NR(SC_landlock_create_ruleset, __NR_landlock_create_ruleset)
#endif
#ifdef __NR_landlock_add_rule
CHECK_NR(SC_landlock_add_rule, __NR_landlock_add_rule)
#endif
#ifdef __NR_landlock_restrict_self
CHECK_NR(SC_landlock_restrict_self, __NR_landlock_restrict_self)
#endif
#ifdef __NR_memfd_secret
CHECK_NR(SC_memfd_secret, __NR_memfd_secret)
#endif
#ifdef __NR_process_mrelease
CHECK_NR(SC_process_mrelease, __NR_process_mrelease)
#endif
#ifdef __NR_futex_waitv
CHECK_NR(SC_futex_waitv, __NR_futex_waitv)
#endif
#ifdef __NR_set_mempolicy_home_node
CHECK_NR(SC_set_mempolicy_home_node, __NR_set_mempolicy_home_node)
#endif
#ifdef __NR_cachestat
CHECK_NR(SC_cachestat, __NR_cachestat)
#endif
#ifdef __NR_fchmodat2
CHECK_NR(SC_fchmodat2, __NR_fchmodat2)
#endif
#ifdef __NR_map_shadow_stack
CHECK_NR(SC_map_shadow_stack, __NR_map_shadow_stack)
#endif
#ifdef __NR_futex_wake
CHECK_NR(SC_futex_wake, __NR_futex_wake)
#endif
#ifdef __NR_futex_wait
CHECK_NR(SC_futex_wait, __NR_futex_wait)
#endif
#ifdef __NR_futex_requeue
CHECK_NR(SC_futex_requeue, __NR_futex_requeue)
#endif
#ifdef __NR_statmount
CHECK_NR(SC_statmount, __NR_statmount)
#endif
#ifdef __NR_listmount
CHECK_NR(SC_listmount, __NR_listmount)
#endif
#ifdef __NR_lsm_get_self_attr
CHECK_NR(SC_lsm_get_self_attr, __NR_lsm_get_self_attr)
#endif
#ifdef __NR_lsm_set_self_attr
CHECK_NR(SC_lsm_set_self_attr, __NR_lsm_set_self_attr)
#endif
#ifdef __NR_lsm_list_modules
CHECK_NR(SC_lsm_list_modules, __NR_lsm_list_modules)
#endif
#ifdef __NR_mseal
CHECK_NR(SC_mseal, __NR_mseal)
#endif
#ifdef __NR_setxattrat
CHECK_NR(SC_setxattrat, __NR_setxattrat)
#endif
#ifdef __NR_getxattrat
CHECK_NR(SC_getxattrat, __NR_getxattrat)
#endif
#ifdef __NR_listxattrat
CHECK_NR(SC_listxattrat, __NR_listxattrat)
#endif
#ifdef __NR_removexattrat
CHECK_NR(SC_removexattrat, __NR_removexattrat)
#endif
#ifdef __NR_open_tree_attr
CHECK_NR(SC_open_tree_attr, __NR_open_tree_attr)
#endif
#ifdef __NR_file_getattr
CHECK_NR(SC_file_getattr, __NR_file_getattr)
#endif
#ifdef __NR_file_setattr
CHECK_NR(SC_file_setattr, __NR_file_setattr)
#endif
