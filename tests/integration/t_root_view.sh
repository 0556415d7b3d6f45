#!/bin/sh
# The guest sees ROOTFS as "/", and nothing of the host.
. "$(dirname "$0")/lib.sh"

guest /bin/probe ls /
expect root_listing_is_rootfs "ls /: ok$(root_listing)"

guest /bin/probe ls /etc ls /empty
expect directory_listing "ls /etc: ok$(root_listing /etc)
ls /empty: ok"

guest /bin/probe stat /etc/hostname lstat /etc/hostname stat /etc stat /tmp stat /bin/probe cat /etc/hostname
expect stat_lstat_guest_files "stat /etc/hostname: ok type=file size=15 mode=0644
lstat /etc/hostname: ok type=file size=15 mode=0644
stat /etc: ok type=dir mode=0755
stat /tmp: ok type=dir mode=1777
stat /bin/probe: ok type=file size=$(stat -c %s "$ROOT/bin/probe") mode=0755
cat /etc/hostname: ok guest-hostname\\n"

# Files that exist on the host but not in the rootfs.
guest /bin/probe stat /etc/os-release open /etc/os-release stat /usr/bin/env access /proc/self
expect host_files_invisible "stat /etc/os-release: ENOENT
open /etc/os-release: ENOENT
stat /usr/bin/env: ENOENT
access /proc/self: ENOENT"

guest /bin/probe open /etc/guest-only fstat cat /etc/guest-only open /etc directory fstat open /etc/guest-only/x
expect open_guest_files "open /etc/guest-only: ok type=file
fstat: ok type=file size=18 mode=0644
cat /etc/guest-only: ok only in the guest\\n
open /etc directory: ok type=dir
fstat: ok type=dir mode=0755
open /etc/guest-only/x: ENOTDIR"

guest /bin/probe stat /etc/hostname/ stat /etc/ stat //etc//hostname stat /./etc/./hostname
expect trailing_and_repeated_slashes "stat /etc/hostname/: ENOTDIR
stat /etc/: ok type=dir mode=0755
stat //etc//hostname: ok type=file size=15 mode=0644
stat /./etc/./hostname: ok type=file size=15 mode=0644"

# The rootfs itself has a host path; inside the guest it means nothing.
guest /bin/probe stat "$ROOT/etc/guest-only"
expect host_path_of_rootfs_invisible "stat $ROOT/etc/guest-only: ENOENT"

# Relative to a directory fd (the *at calls) and AT_EMPTY_PATH.
guest /bin/probe at /etc fstatat guest-only statx guest-only fstatat "" empty statx "" empty faccessat guest-only r
expect at_calls_relative_to_dirfd "at /etc: ok
fstatat guest-only: ok type=file size=18 mode=0644
statx guest-only: ok type=file size=18 mode=0644
fstatat  empty: ok type=dir mode=0755
statx  empty: ok type=dir mode=0755
faccessat guest-only r: ok"

guest /bin/probe statx /etc/guest-only statx /links/abs nofollow statx /links/abs statx /nope
expect statx_follow_and_nofollow "statx /etc/guest-only: ok type=file size=18 mode=0644
statx /links/abs nofollow: ok type=symlink size=13 mode=0777
statx /links/abs: ok type=file size=15 mode=0644
statx /nope: ENOENT"

guest /bin/probe access /etc/guest-only access /bin/probe x access /etc/guest-only x access /nope \
	faccessat2 /etc/guest-only r faccessat2 /links/dangling f,nofollow faccessat2 /links/dangling f
expect access_family "access /etc/guest-only: ok
access /bin/probe x: ok
access /etc/guest-only x: EACCES
access /nope: ENOENT
faccessat2 /etc/guest-only r: ok
faccessat2 /links/dangling f,nofollow: ok
faccessat2 /links/dangling f: ENOENT"

# Long names: a 256-byte component is too long; a 4000-byte path is not,
# though ROOTFS + path is longer than PATH_MAX on the host.
long=$(printf '%0256d' 0)
guest /bin/probe stat "/$long"
expect component_too_long "stat /$long: ENAMETOOLONG"
deep=$(printf '/.%.0s' $(seq 1990))/etc/hostname
guest /bin/probe stat "$deep"
expect path_near_path_max "stat $deep: ok type=file size=15 mode=0644"
