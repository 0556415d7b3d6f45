#!/bin/sh
# The working directory: -w sets it, chdir/fchdir move it, getcwd(2)
# reports it as a guest path.
. "$(dirname "$0")/lib.sh"

guest -w /etc /bin/probe getcwd stat hostname cat sub/inner.txt
expect w_option_sets_initial_cwd "getcwd: ok /etc
stat hostname: ok type=file size=15 mode=0644
cat sub/inner.txt: ok inner\\n"

# burrow is started from a directory outside the rootfs: like chroot(8),
# the guest starts at "/".
guest /bin/probe getcwd
expect default_cwd_is_root "getcwd: ok /"

guest -w /links/absdir /bin/probe getcwd
expect w_through_symlink_is_resolved "getcwd: ok /etc"

guest /bin/probe chdir /etc/sub getcwd chdir .. getcwd chdir sub getcwd chdir /links/reldir getcwd chdir / getcwd
expect chdir_then_getcwd "chdir /etc/sub: ok
getcwd: ok /etc/sub
chdir ..: ok
getcwd: ok /etc
chdir sub: ok
getcwd: ok /etc/sub
chdir /links/reldir: ok
getcwd: ok /etc
chdir /: ok
getcwd: ok /"

guest -w /etc /bin/probe chdir /nope chdir /etc/hostname chdir @fault getcwd
expect chdir_errors_keep_cwd "chdir /nope: ENOENT
chdir /etc/hostname: ENOTDIR
chdir @fault: EFAULT
getcwd: ok /etc"

guest /bin/probe at /etc/sub fchdir getcwd stat inner.txt
expect fchdir_then_getcwd "at /etc/sub: ok
fchdir: ok
getcwd: ok /etc/sub
stat inner.txt: ok type=file size=6 mode=0644"

guest -w /etc /bin/probe stat hostname readlink ../links/abs open sub/inner.txt access ./guest-only \
	at . fstatat guest-only
expect relative_paths_from_cwd "stat hostname: ok type=file size=15 mode=0644
readlink ../links/abs: ok /etc/hostname
open sub/inner.txt: ok type=file
access ./guest-only: ok
at .: ok
fstatat guest-only: ok type=file size=18 mode=0644"

# getcwd(2) with a small buffer: ERANGE unless path + NUL fits.
guest -w /etc /bin/probe getcwdn 3 getcwdn 4 getcwdn 5 getcwdn 100
expect getcwd_small_buffer "getcwdn 3: ERANGE
getcwdn 4: ERANGE
getcwdn 5: ok /etc
getcwdn 100: ok /etc"

# A removed cwd: getcwd(2) fails with ENOENT, relative lookups fail.
guest /bin/probe mkdir /scratch/gone chdir /scratch/gone rmdir /scratch/gone getcwd stat . mkdir sub
expect getcwd_of_removed_dir "mkdir /scratch/gone: ok
chdir /scratch/gone: ok
rmdir /scratch/gone: ok
getcwd: ENOENT
stat .: ok type=dir mode=0755
mkdir sub: ENOENT"

# The cwd follows a rename of one of its parents.
guest /bin/probe mkdir /scratch/a mkdir /scratch/a/b chdir /scratch/a/b rename /scratch/a /scratch/c getcwd
expect getcwd_after_parent_renamed "mkdir /scratch/a: ok
mkdir /scratch/a/b: ok
chdir /scratch/a/b: ok
rename /scratch/a /scratch/c: ok
getcwd: ok /scratch/c/b"
