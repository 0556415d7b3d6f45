#!/bin/sh
# --engine=guest: the signals a guest sends follow the ptrace engine's
# rules (t_signal_safety.sh, src/syscalls/signal.c), answered by the
# runtime (src/runtime/kill.c): kill(-1) reaches the run's processes
# only, a group kill never reaches burrow, and burrow's pid is not there.
. "$(dirname "$0")/lib.sh"

unset BURROW_NO_SECCOMP PROOT_NO_SECCOMP BURROW_ENGINE

# A uid no process has now: 50000 and up.
free_uid() {
	_u=$((50000 + $$ % 10000))
	while grep -qs "^Uid:[[:space:]]*${_u}[[:space:]]" /proc/[0-9]*/status; do
		_u=$((_u + 1))
	done
	echo "$_u"
}

# kill(-1, SIGTERM) reaches the guest's other processes, in any group,
# and neither the caller, nor burrow (which reports the command's 0),
# nor a process of the same user outside the run.  Safe whatever burrow
# does: burrow, the guest and the outside process run under a uid of
# their own that no other process has, so a kill(-1) that escapes the
# run reaches only this test's processes, never the machine (as root)
# nor the user's session.  The same check in both passes: it needs root
# to take that uid.
if [ "$(id -u)" = 0 ]; then
	ku=$(free_uid)
	kas="setpriv --reuid=$ku --regid=$ku --clear-groups"
	new_root
	$kas sleep 3600 &
	outside=$!
	saved_as=$IT_AS saved_native=$IT_NATIVE saved_uid=$IT_UID
	IT_AS=$kas IT_NATIVE=0 IT_UID=0
	IT_KILL_ALL=unguarded
	export IT_KILL_ALL
	guest --engine=guest /bin/sigsend all-run
	unset IT_KILL_ALL
	IT_AS=$saved_as IT_NATIVE=$saved_native IT_UID=$saved_uid
	expect guest_engine_kill_all_reaches_the_run_only "kill(-1, 0): ok
kill(-1, TERM): ok
child 0: signal TERM
child 1: signal TERM
caller alive"
	assert guest_engine_kill_all_spares_outside_process \
		"the same user's process outside the run was killed" _it_alive "$outside"
	kill "$outside" 2>/dev/null
	wait "$outside" 2>/dev/null
else
	skip_user guest_engine_kill_all_reaches_the_run_only "needs root for a uid of its own"
	skip_user guest_engine_kill_all_spares_outside_process "needs root for a uid of its own"
fi

# A child kills its own process group, which burrow leads (setsid):
# the caller left it, so only the child dies, and burrow, which the
# kernel would kill too, lives on and exits with the caller's 7.
# pidfd_send_signal's PIDFD_SIGNAL_PROCESS_GROUP (Linux 6.9) names the
# group by its leader, burrow (its /proc directory, as pidfd_open of it
# fails): ESRCH, as for every signal to burrow.
new_root
saved_as=$IT_AS saved_native=$IT_NATIVE
IT_AS="$IT_AS setsid" IT_NATIVE=0
for how in 0 -pgrp pidfd; do
	if [ "$how" = pidfd ] && ! kernel_at_least 6 9; then
		skip_machine guest_engine_kill_group_pidfd_spares_burrow \
			"Linux 6.9 for PIDFD_SIGNAL_PROCESS_GROUP"
		continue
	fi
	guest --engine=guest -b /proc /bin/sigsend group-alone "$how"
	if [ "$how" = pidfd ]; then
		expect guest_engine_kill_group_pidfd_spares_burrow "pidfd group signal: ESRCH
child: exit 1
caller alive" 7
	else
		expect "guest_engine_kill_group_${how#-}_spares_burrow" "child: signal KILL
caller alive" 7
	fi
done
IT_AS=$saved_as IT_NATIVE=$saved_native

# burrow's own pid, named every way a signal can name it, is not there
# (ESRCH, as in a pid namespace): kill, tkill, tgkill, the queueinfo
# calls, pidfd_open, and pidfd_send_signal through /proc/PID.
new_root
saved_native=$IT_NATIVE
IT_NATIVE=0
guest --engine=guest -b /proc /bin/sigsend parent
IT_NATIVE=$saved_native
expect guest_engine_signal_to_burrow_pid_is_esrch "kill: ESRCH
tkill: ESRCH
tgkill: ESRCH
tgkill own tgid: ESRCH
rt_sigqueueinfo: ESRCH
rt_tgsigqueueinfo: ESRCH
pidfd_open: ESRCH
pidfd_send_signal: ESRCH
alive"

# The guest's other processes are the kernel's as before: a positive
# pid, its own group, and kill(-1)'s errors for a bad signal.
new_root
if [ "$IT_UID" = 0 ]; then
	guest --engine=guest -b /proc /bin/sigsend drop 65534
	expect guest_engine_kernel_rules_for_other_pids "kill root child: EPERM
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
else
	skip_user guest_engine_kernel_rules_for_other_pids "only root can change its uid"
fi
