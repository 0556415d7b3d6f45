#!/bin/sh
# Every process and thread the guest makes is traced: fork+exec chains,
# vfork, threads, a cwd shared through CLONE_FS (or unshared), execve
# from a thread, and a grandchild outliving its parent.
. "$(dirname "$0")/lib.sh"

guest /bin/forker chain 3
expect fork_exec_chain "chain 3: stat /etc/guest-only ok
chain 2: stat /etc/guest-only ok
chain 1: stat /etc/guest-only ok
chain 0: stat /etc/guest-only ok
chain 1: child exit 0
chain 2: child exit 0
chain 3: child exit 0"

guest -w /etc /bin/forker vfork
expect vfork_then_exec "vfork child runs probe
getcwd: ok /etc
vfork: child exit 0"

guest /bin/forker threads 4
expect threads_path_syscalls "threads: main sees /links/abs -> /etc/hostname
threads: thread 0: 200/200 rounds agree with main
threads: thread 1: 200/200 rounds agree with main
threads: thread 2: 200/200 rounds agree with main
threads: thread 3: 200/200 rounds agree with main"

guest /bin/forker fsshare
expect threads_share_cwd "fsshare: thread chdir /etc ok
fsshare: main after thread's chdir: getcwd /etc
fsshare: main stat guest-only (relative) ok
fsshare: thread after main's chdir /tmp: getcwd /tmp"

guest /bin/forker clonefs
expect clone_fs_process_shares_cwd "clonefs: child exit 0
clonefs: parent after child's chdir /etc: getcwd /etc
clonefs: parent stat guest-only (relative) ok"

guest -w /tmp /bin/forker unsharefs
expect unshare_fs_thread_has_own_cwd "unsharefs: thread unshare(CLONE_FS) ok
unsharefs: thread chdir /etc ok
unsharefs: thread: getcwd /etc
unsharefs: thread stat guest-only (relative) ok
unsharefs: main: getcwd /tmp
unsharefs: main stat guest-only (relative) ENOENT"

guest /bin/forker threadexec
expect execve_from_non_leader_thread "threadexec: probe runs
getcwd: ok /etc"

guest /bin/forker orphan
expect grandchild_outlives_parent "orphan: child exit 0
orphan: grandchild stat /etc/guest-only ok after its parents exited"
