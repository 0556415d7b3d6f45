#!/bin/sh
# In a removed cwd, ".." still leads to the old parent, but never above
# the guest's root: a relative path burrow cannot resolve from the kernel's
# cwd must not reach the kernel as it is, or it climbs out on the host.
. "$(dirname "$0")/lib.sh"

# The rootfs is $W/root: three ".." from /scratch/d (host
# $W/root/scratch/d) reach $W on the host, the guest's "/" in a chroot.
new_root
echo host-secret >"$W/hostfile"
LISTING=$({ ls -A "$ROOT"; echo escaped; echo escdir; } | sort | tr '\n' ' ' | sed 's/ $//')
UP=../../../../../../../../../../../../../../../../../../../../../..
guest /bin/probe mkdir /scratch/d chdir /scratch/d rmdir /scratch/d \
	cat ../../../hostfile cat ../../hostfile cat "$UP/etc/hostname" stat ../../../root \
	write ../../../escaped out mkdir ../../../escdir ls ../.. cat /escaped stat . cat hostfile
expect removed_cwd_dotdot_stays_in_root "mkdir /scratch/d: ok
chdir /scratch/d: ok
rmdir /scratch/d: ok
cat ../../../hostfile: ENOENT
cat ../../hostfile: ENOENT
cat $UP/etc/hostname: ok guest-hostname\\n
stat ../../../root: ENOENT
write ../../../escaped out: ok
mkdir ../../../escdir: ok
ls ../..: ok $LISTING
cat /escaped: ok out
stat .: ok type=dir mode=0755
cat hostfile: ENOENT"
assert removed_cwd_writes_nothing_on_host "a file or directory appeared next to the rootfs" \
	test ! -e "$W/escaped" -a ! -e "$W/escdir" -a -e "$ROOT/escaped"

# The same from a directory removed by chdir then ".." steps, and with
# the *at calls relative to AT_FDCWD.
new_root
echo host-secret >"$W/hostfile"
guest /bin/probe mkdir /scratch/a mkdir /scratch/a/b chdir /scratch/a/b rmdir /scratch/a/b rmdir /scratch/a \
	fstatat ../../../../hostfile openat ../../../../hostfile chdir ../../../.. getcwd cat hostfile
expect removed_cwd_at_calls_and_chdir "mkdir /scratch/a: ok
mkdir /scratch/a/b: ok
chdir /scratch/a/b: ok
rmdir /scratch/a/b: ok
rmdir /scratch/a: ok
fstatat ../../../../hostfile: ENOENT
openat ../../../../hostfile: ENOENT
chdir ../../../..: ok
getcwd: ok /
cat hostfile: ENOENT"
