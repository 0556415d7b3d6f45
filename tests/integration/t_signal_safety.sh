#!/bin/sh
# No signal the guest sends reaches burrow (README, "Signals"): burrow
# runs as the guest's user and in its process group, and its death would
# take every guest process with it (PTRACE_O_EXITKILL).
. "$(dirname "$0")/lib.sh"

# kill(-1, SIGKILL) reaches the guest's other processes, in any group,
# and the caller survives.  Natively it would reach every process of the
# user on this machine: never run it outside burrow (no reference), and
# the helper itself refuses unless its tracer hides itself.  So these
# run under the ptrace engine: the in-guest engine has no tracer to look
# for, and its kill(-1) is checked under a uid of its own instead
# (t_engine_guest_signals.sh).
new_root
saved_native=$IT_NATIVE
IT_NATIVE=0
IT_KILL_ALL=1
export IT_KILL_ALL
guest --engine=ptrace -b /proc /bin/sigsend all
unset IT_KILL_ALL
IT_NATIVE=$saved_native
expect kill_all_spares_caller_and_burrow "kill(-1, 0): ok
kill(-1, KILL): ok
child 0: signal KILL
child 1: signal KILL
caller alive"

# Under -0 too, whose guest believes it is root.
new_root
saved_native=$IT_NATIVE
IT_NATIVE=0
IT_KILL_ALL=1
export IT_KILL_ALL
guest -0 -b /proc /bin/sigsend all
unset IT_KILL_ALL
IT_NATIVE=$saved_native
expect kill_all_under_fake_root "kill(-1, 0): ok
kill(-1, KILL): ok
child 0: signal KILL
child 1: signal KILL
caller alive"

# The kernel's permission rule still holds: a root guest that became
# nobody may not kill its root child (kill(-1) then returns 0 all the
# same, as natively).
if [ "$IT_UID" = 0 ]; then
	new_root
	saved_native=$IT_NATIVE
	IT_NATIVE=0
	IT_KILL_ALL=1
	export IT_KILL_ALL
	guest --engine=ptrace -b /proc /bin/sigsend all-as 65534
	unset IT_KILL_ALL
	IT_NATIVE=$saved_native
	expect kill_all_keeps_eperm_rules "kill(-1, KILL) as another uid: ok
child: exit 0"
else
	skip_user kill_all_keeps_eperm_rules "only root can change its uid"
fi

# A child kills its own process group, which burrow is in: the group
# dies (the main command too: 137), burrow lives on and waits for a
# survivor in another group, which prints once the group is gone.  The
# group is timeout(1)'s, which dies with it as root, natively too.
for how in 0 -pgrp; do
	guest /bin/sigsend group "$how"
	expect "kill_group_${how#-}_spares_burrow" "survivor: the group is gone" 137
done

# burrow's own pid, named every way a signal can name it, is not there
# (ESRCH, as in a pid namespace); the parent seen natively is another
# process, so no reference.
saved_native=$IT_NATIVE
IT_NATIVE=0
guest -b /proc /bin/sigsend parent
IT_NATIVE=$saved_native
expect signal_to_burrow_pid_is_esrch "kill: ESRCH
tkill: ESRCH
tgkill: ESRCH
tgkill own tgid: ESRCH
rt_sigqueueinfo: ESRCH
rt_tgsigqueueinfo: ESRCH
pidfd_open: ESRCH
pidfd_send_signal: ESRCH
alive"
