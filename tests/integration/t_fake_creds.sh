#!/bin/sh
# Fake root (-0, -i) for a build daemon (issue 20): signals follow the
# faked credentials, SO_PEERCRED and /proc/PID/status show faked ids,
# the faked root may bring up lo and change to any ids.  The truth is
# real root in a real chroot (IT_REF_AS), where one can be had.
. "$(dirname "$0")/lib.sh"

# A root guest turned 999 names a root child and its own (and their
# groups) every way a signal can: the root child is refused (EPERM), as
# by the kernel.
new_root
IT_REF_AS=0:0
guest -0 -b /proc /bin/sigsend drop 999
expect signals_follow_faked_credentials "kill root child: EPERM
tkill root child: EPERM
tgkill root child: EPERM
rt_sigqueueinfo root child: EPERM
rt_tgsigqueueinfo root child: EPERM
kill group of root child: EPERM
pidfd_send_signal root child: EPERM
kill own child: ok
tkill own child: ok
tgkill own child: ok
rt_sigqueueinfo own child: ok
rt_tgsigqueueinfo own child: ok
kill group of own child: ok
pidfd_send_signal own child: ok
root child: exit 0
own child: exit 0
caller alive"

# Root's power to signal others is CAP_KILL, not its euid: without it
# in the effective set, a child turned 999 is refused (EPERM).
new_root
guest -0 -b /proc /bin/sigsend nokill 999
expect signals_follow_faked_cap_kill "capset without CAP_KILL: ok
kill child: EPERM
capset with CAP_KILL: ok
kill child: ok
child: exit 0"

# Then kill(-1, SIGKILL), as guix-daemon's helper does after setuid:
# only the faked 999's other process dies; the root child, the caller
# and burrow live.  Never natively (it would reach the whole machine):
# no reference, and the helper refuses unless its tracer hides itself.
new_root
saved_native=$IT_NATIVE
IT_NATIVE=0
IT_KILL_ALL=1
export IT_KILL_ALL
guest -0 -b /proc /bin/sigsend drop-all 999
unset IT_KILL_ALL
IT_NATIVE=$saved_native
expect kill_all_follows_faked_credentials "kill root child: EPERM
tkill root child: EPERM
tgkill root child: EPERM
rt_sigqueueinfo root child: EPERM
rt_tgsigqueueinfo root child: EPERM
kill group of root child: EPERM
pidfd_send_signal root child: EPERM
kill own child: ok
tkill own child: ok
tgkill own child: ok
rt_sigqueueinfo own child: ok
rt_tgsigqueueinfo own child: ok
kill group of own child: ok
pidfd_send_signal own child: ok
kill(-1, KILL): ok
root child: exit 0
own child: signal KILL
caller alive"

# A daemon checks its clients with SO_PEERCRED: it sees the faked ids
# of the client (which became 999 before connecting), the client the
# daemon's.
new_root
guest -0 /bin/fakecreds peercred 999
expect peercred_shows_faked_ids "server sees the client: uid 999 gid 999
client sees the server: uid 0 gid 0"

# /proc/self/status, as id, ps and guix-daemon read it, after setresgid,
# setgroups and setresuid; read and pread.
new_root
guest -0 -b /proc /bin/fakecreds setuid 999
expect proc_status_shows_faked_ids "$(printf 'read Uid:\t999\t999\t999\t999
read Gid:\t999\t999\t999\t999
read Groups:\t5 999 
pread Uid:\t999\t999\t999\t999
pread Gid:\t999\t999\t999\t999
pread Groups:\t5 999 ')"

# The capability lines are the faked sets (as capget shows them) after a
# capset to CAP_SETGID and CAP_SETUID alone.
new_root
guest -0 -b /proc /bin/fakecreds caps c0
expect proc_status_shows_faked_caps "$(printf 'read CapInh:\t0000000000000000
read CapPrm:\t00000000000000c0
read CapEff:\t00000000000000c0
pread CapInh:\t0000000000000000
pread CapPrm:\t00000000000000c0
pread CapEff:\t00000000000000c0')"
unset IT_REF_AS

# The ids of -i, which a chroot cannot show with their one group.
new_root
saved_native=$IT_NATIVE
IT_NATIVE=0
guest -i 1234:5678 -b /proc /bin/fakecreds status
expect proc_status_shows_change_id "$(printf 'read Uid:\t1234\t1234\t1234\t1234
read Gid:\t5678\t5678\t5678\t5678
read Groups:\t5678 
pread Uid:\t1234\t1234\t1234\t1234
pread Gid:\t5678\t5678\t5678\t5678
pread Groups:\t5678 ')"
IT_NATIVE=$saved_native

# The faked root brings up lo (up already): success, and no effect;
# another faked user is refused, as by the kernel.
new_root
IT_REF_AS=0:0
guest -0 /bin/fakecreds ifup lo
expect siocsifflags_lo_for_faked_root "SIOCSIFFLAGS: ok
lo up: yes"
IT_REF_AS=999:999
guest -i 999:999 /bin/fakecreds ifup lo
expect siocsifflags_lo_refused_to_others "SIOCSIFFLAGS: EPERM
lo up: yes"
unset IT_REF_AS

# The file calls go by the faked capabilities and fs ids, as the
# kernel's: after setfsuid(1000) the faked root lost CAP_CHOWN,
# CAP_FOWNER and CAP_MKNOD; with them dropped by capset only its own
# files' modes are left; a uid-1000 process that kept CAP_CHOWN
# (PR_SET_KEEPCAPS, then capset) may chown.  Checked with real root.
new_root
printf 'f\n' >"$ROOT/scratch/f"
IT_REF_AS=0:0
guest -0 /bin/fakecreds files fsuid=1000 /scratch/f
expect file_calls_follow_faked_fsuid "chown: EPERM
chmod: EPERM
mknod: EPERM"
new_root
printf 'f\n' >"$ROOT/scratch/f"
guest -0 /bin/fakecreds files drop=8000009 /scratch/f
expect file_calls_follow_faked_caps "chown: EPERM
chmod: ok
mknod: EPERM"
new_root
printf 'f\n' >"$ROOT/scratch/f"
guest -0 /bin/fakecreds files keepuid=1000 raise=1 /scratch/f
expect file_calls_allow_kept_cap_chown "chown: ok
chmod: EPERM
mknod: EPERM"
# Root's access to a file it lacks permission for is CAP_DAC_OVERRIDE
# (and CAP_DAC_READ_SEARCH): dropped, a mode-0 file is EACCES.  A real
# root's burrow has its own override, which -0 does not take away.
new_root
printf 'f\n' >"$ROOT/scratch/locked"
chmod 0 "$ROOT/scratch/locked"
if [ "$IT_UID" = 0 ]; then
	skip_user access_follows_faked_cap_dac_override "a real root's own access is root's"
else
	guest -0 /bin/fakecreds open drop=6 /scratch/locked
	expect access_follows_faked_cap_dac_override "open: EACCES"
fi
unset IT_REF_AS
# sethostname by CAP_SYS_ADMIN, which the faked root has (-k keeps the
# host's name as it is): refused once dropped.
new_root
run_burrow -r "$ROOT" -0 -k 5.0 /bin/fakecreds hostname drop=200000 other
expect sethostname_follows_faked_cap_sys_admin "sethostname: EPERM"

# --report says which of these were emulated only in part.
new_root
run_burrow -r "$ROOT" -0 --report /bin/fakecreds ifup lo
assert report_names_partial_emulation "--report has no line for SIOCSIFFLAGS" \
	grep -q "SIOCSIFFLAGS.*emulated in part" "$ERR"

# Files a root turned build user (999) creates are its own, as natively:
# a build daemon rejects an output its build user does not own, then
# hands it to root (lchown) and stats it again.
new_root
if add_shell; then
	IT_REF_AS=0:0
	guest -0 -w /scratch /bin/sh -c 'mkdir w && chmod 0777 w && cd w &&
		/bin/mountns setid 999 999 exec /bin/sh -c "umask 022; mkdir d; echo x >f
			ln -s f l; mkfifo p; stat -c \"%n %u %g\" d f l p"
		chown -h 0:0 d f l p && stat -c "%n %u %g %a" d f l p'
	expect files_of_a_faked_user_are_its_own "setid 999 999: ok
exec /bin/sh: going
d 999 999
f 999 999
l 999 999
p 999 999
d 0 0 755
f 0 0 644
l 0 0 777
p 0 0 644"
	unset IT_REF_AS
else
	skip_machine files_of_a_faked_user_are_its_own "no static busybox on this machine"
fi

# util-linux setpriv, as root: PR_SET_KEEPCAPS, setresuid, capset, then
# setresgid and setgroups, which root's kept capabilities allow.  Once
# 999 (a new program: nothing kept), it may not become root, nor clear
# its groups, as natively (checked with real root in this chroot).
here=$(cd "$(dirname "$0")" && pwd)
if ! DEB=$(sh "$here/../fixtures/debian-rootfs.sh" 2>"$T/fixture.err"); then
	skip setpriv_to_any_ids "$(cat "$T/fixture.err")"
	exit 0
fi
run_burrow -r "$DEB" --ids-file="$T/ids" -0 /usr/bin/setpriv --reuid=999 --regid=999 \
	--clear-groups /bin/sh -c 'id -u; id -g; id -G
	setpriv --reuid=0 --regid=0 --clear-groups true 2>/dev/null; echo $?
	setpriv --reuid=999 --regid=999 --clear-groups true 2>/dev/null; echo $?'
expect setpriv_to_any_ids "999
999
999
127
127"
