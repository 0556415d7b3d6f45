#!/bin/sh
# ".." never climbs above the guest root, whether written in a path, used
# from the cwd, or stored in a symlink.  The host's /etc/hostname differs
# from the guest's and /etc/guest-only exists only in the guest, so an
# escape shows.
. "$(dirname "$0")/lib.sh"

guest /bin/probe stat /../../etc/hostname cat /../etc/guest-only ls /.. ls /../../..
expect dotdot_above_root_absolute "stat /../../etc/hostname: ok type=file size=15 mode=0644
cat /../etc/guest-only: ok only in the guest\\n
ls /..: ok$(root_listing)
ls /../../..: ok$(root_listing)"

guest -w /tmp /bin/probe stat ../../../../etc/guest-only chdir ../../../.. getcwd stat ../etc/hostname ls ..
expect dotdot_above_root_relative "stat ../../../../etc/guest-only: ok type=file size=18 mode=0644
chdir ../../../..: ok
getcwd: ok /
stat ../etc/hostname: ok type=file size=15 mode=0644
ls ..: ok$(root_listing)"

guest /bin/probe ls /links/escape stat /links/escape/guest-only cat /links/escape_file
expect symlink_dotdot_escape_stays_inside "ls /links/escape: ok$(root_listing /etc)
stat /links/escape/guest-only: ok type=file size=18 mode=0644
cat /links/escape_file: ok only in the guest\\n"

guest -w /links /bin/probe chdir escape getcwd chdir ../../../.. getcwd
expect chdir_through_escape_link "chdir escape: ok
getcwd: ok /etc
chdir ../../../..: ok
getcwd: ok /"

guest /bin/probe at /etc fstatat ../../../etc/guest-only openat ../../../../etc/guest-only fstat
expect dotdot_from_dirfd "at /etc: ok
fstatat ../../../etc/guest-only: ok type=file size=18 mode=0644
openat ../../../../etc/guest-only: ok type=file
fstat: ok type=file size=18 mode=0644"

# Writes through an escaping path land in the guest, never on the host.
guest /bin/probe write /../../scratch/escape-write x write /links/escape/../scratch/escape-write2 y
expect write_through_dotdot_stays_inside "write /../../scratch/escape-write x: ok
write /links/escape/../scratch/escape-write2 y: ok"
assert write_through_dotdot_lands_in_rootfs "the files are not in ROOTFS/scratch" \
	test -f "$ROOT/scratch/escape-write" -a -f "$ROOT/scratch/escape-write2"
