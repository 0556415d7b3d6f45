#!/bin/sh
# chroot() inside the guest: it changes what "/" means for the caller's
# later lookups, inside the guest.  It needs root (-0 here, for any
# user; without it, t_fake_ids_proot.sh), so this is not compared with
# a chroot.
. "$(dirname "$0")/lib.sh"
new_root

run_burrow -0 -r "$ROOT" -w /etc /bin/sysraw chroot /etc /hostname /sub/inner.txt /guest-only /bin/probe
expect guest_chroot_changes_root "chroot: ok 0
stat /hostname: ok size=15
stat /sub/inner.txt: ok size=6
stat /guest-only: ok size=18
stat /bin/probe: ENOENT
getcwd: ok /"

# The cwd stays where it was; outside the new root the kernel marks it.
run_burrow -0 -r "$ROOT" -w /data /bin/sysraw chroot /etc
expect guest_chroot_cwd_outside_is_unreachable "chroot: ok 0
getcwd: ok (unreachable)/data"

# .. and absolute symlinks stop at the new root.
run_burrow -0 -r "$ROOT" -w / /bin/sysraw chroot /etc /../../hostname /sub/../../hostname
expect guest_chroot_dotdot_stays_inside "chroot: ok 0
stat /../../hostname: ok size=15
stat /sub/../../hostname: ok size=15
getcwd: ok (unreachable)/"

run_burrow -0 -r "$ROOT" /bin/sysraw chroot /etc/hostname
expect guest_chroot_of_file_is_enotdir "chroot: ENOTDIR
getcwd: ok /"
