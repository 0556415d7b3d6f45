#!/bin/sh
# /proc bound into the guest: the magic links in /proc/self show guest
# paths, and following them stays in the guest.
. "$(dirname "$0")/lib.sh"

PROBE_SIZE=$(stat -c %s "$ROOT/bin/probe")

guest -b /proc -w /etc /bin/probe readlink /proc/self/cwd stat /proc/self/cwd/hostname
expect readlink_proc_self_cwd "readlink /proc/self/cwd: ok /etc
stat /proc/self/cwd/hostname: ok type=file size=15 mode=0644"

guest -b /proc /bin/probe readlink /proc/self/root ls /proc/self/root/
expect readlink_proc_self_root "readlink /proc/self/root: ok /
ls /proc/self/root/: ok$(root_listing)"

guest -b /proc /bin/probe readlink /proc/self/exe stat /proc/self/exe
expect readlink_proc_self_exe "readlink /proc/self/exe: ok /bin/probe
stat /proc/self/exe: ok type=file size=$PROBE_SIZE mode=0755"

guest -b /proc /links/tobin/probe readlink /proc/self/exe
expect proc_self_exe_of_program_run_through_symlink "readlink /proc/self/exe: ok /bin/probe"

guest -b /proc /bin/probe chdir /etc/sub readlink /proc/self/cwd chdir /links/absdir readlink /proc/self/cwd
expect proc_self_cwd_follows_chdir "chdir /etc/sub: ok
readlink /proc/self/cwd: ok /etc/sub
chdir /links/absdir: ok
readlink /proc/self/cwd: ok /etc"

guest -b /proc /bin/probe open /etc/guest-only fdpath open /links/abs fdpath open /tmp directory fdpath
expect proc_self_fd_links "open /etc/guest-only: ok type=file
fdpath: ok /etc/guest-only
open /links/abs: ok type=file
fdpath: ok /etc/hostname
open /tmp directory: ok type=dir
fdpath: ok /tmp"

guest -b /proc -w /etc /bin/probe readlinkn /proc/self/cwd 3 readlinkn /proc/self/exe 4
expect readlink_proc_self_truncated "readlinkn /proc/self/cwd 3: ok len=3 /et
readlinkn /proc/self/exe 4: ok len=4 /bin"

# A rootfs link to /proc/self, then a magic link under it.
guest -b /proc -w /etc /bin/probe readlink /links/proc_self readlink /links/proc_self/cwd \
	readlink /links/proc_self/root
expect symlink_to_proc_self "readlink /links/proc_self: ok /proc/self
readlink /links/proc_self/cwd: ok /etc
readlink /links/proc_self/root: ok /"

# Bindings show as their guest path in /proc too.
mkdir -p "$HOSTD/bdir"
guest -b /proc -b "$HOSTD/bdir:/mnt/x" -w /mnt/x /bin/probe readlink /proc/self/cwd open /mnt/x directory fdpath
expect proc_self_links_in_binding "readlink /proc/self/cwd: ok /mnt/x
open /mnt/x directory: ok type=dir
fdpath: ok /mnt/x"

guest -b /proc /bin/probe openat2 /proc/self/exe no_magiclinks openat2 /proc/self/exe
expect openat2_no_magiclinks "openat2 /proc/self/exe no_magiclinks: ELOOP
openat2 /proc/self/exe: ok type=file"
