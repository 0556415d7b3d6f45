#!/bin/sh
# The ids PRoot fakes (issue 16): the auxiliary vector's ids, chroot's
# EPERM, capget/capset and setcap's file capabilities, set-id files on
# exec, root's permission checks.  Under -0 the truth is a real chroot
# entered as real root on a copy owned by root (IT_REF_AS=0:0), whoever
# runs burrow.
. "$(dirname "$0")/lib.sh"

new_root
if ! add_shell; then
	skip fake_ids_proot_shell "needs a static busybox (apt-get install busybox-static)"
	exit 0
fi
for a in rm ls touch cat mkdir chmod chown; do ln -s busybox "$ROOT/bin/$a"; done
cp "$ROOT/bin/probe" "$ROOT/scratch/prog"
IT_REF_AS=0:0

# AT_UID, AT_EUID, AT_GID, AT_EGID: the faked ids.
guest -0 /bin/probe auxvids
expect auxv_ids_are_faked_root "auxvids: ok uid 0 euid 0 gid 0 egid 0 secure 0"
IT_REF_AS=1000:1001
guest -i 1000:1001 /bin/probe auxvids ids
expect auxv_ids_are_change_id "auxvids: ok uid 1000 euid 1000 gid 1001 egid 1001 secure 0
ids: ok 1000 1000 1000 / 1001 1001 1001"
IT_REF_AS=0:0

# chroot needs root: a faked root may, a faked user may not, and
# without -0 the kernel's answer for the real user.
guest -0 /bin/probe chroot /etc setresuid 1000 1000 1000 chroot /
expect_same_as_chroot chroot_needs_faked_root
if [ "$IT_UID" = 0 ]; then want=ok; else want=EPERM; fi
IT_REF_AS=
guest /bin/probe chroot /etc
expect chroot_without_fake_root_is_the_kernels "chroot /etc: $want"
IT_REF_AS=0:0

# capget: root has every capability, a user that dropped root none;
# capset within the permitted set succeeds and shows.
guest -0 /bin/sh -c '/bin/probe capget 0 capset 0 2000 0 capget 0 capset 2000 2000 0 capget 0 \
	capset 0 4000 0 capset 2000 2000 2000 capget 0
	/bin/probe setfsuid 1000 capget 0 setfsuid 0 capget 0 setresuid 1000 0 0 capget 0 \
		setresuid 1000 1000 1000 capget 0'
expect_same_as_chroot capget_capset_as_root

# setpriv's sequence (c0: CAP_SETGID and CAP_SETUID): with
# PR_SET_KEEPCAPS a change of uid away from root keeps the permitted
# set and clears the effective one, so setresgid is refused until capset
# raises it again; without, both go and capset may not raise them.
# keepcaps is the thread's and ends at exec.  set*id go by CAP_SETUID
# and CAP_SETGID, not by the euid: a root that dropped CAP_SETUID from
# its effective set may still change gids, not uids.
guest -0 /bin/sh -c '/bin/probe capset c0 c0 0 keepcaps 1 setresuid 1000 1000 1000 capget 0 \
	setresgid 1000 1000 1000 capset c0 c0 0 setresgid 1000 1000 1000 capget 0 ids
	/bin/probe capset c0 c0 0 setresuid 1000 1000 1000 capget 0 capset c0 c0 0 \
		setresgid 1000 1000 1000
	/bin/probe keepcaps 1 exec /bin/probe setresuid 1000 1000 1000 capget 0
	/bin/probe capset 40 c0 0 setresuid 1000 1000 1000 setresgid 5 5 5 ids'
expect keepcaps_then_capset_as_setpriv "capset c0 c0 0: ok
keepcaps 1: ok
setresuid 1000 1000 1000: ok
capget 0: ok eff 0 perm c0 inh 0
setresgid 1000 1000 1000: EPERM
capset c0 c0 0: ok
setresgid 1000 1000 1000: ok
capget 0: ok eff c0 perm c0 inh 0
ids: ok 1000 1000 1000 / 1000 1000 1000
capset c0 c0 0: ok
setresuid 1000 1000 1000: ok
capget 0: ok eff 0 perm 0 inh 0
capset c0 c0 0: EPERM
setresgid 1000 1000 1000: EPERM
keepcaps 1: ok
setresuid 1000 1000 1000: ok
capget 0: ok eff 0 perm 0 inh 0
capset 40 c0 0: ok
setresuid 1000 1000 1000: EPERM
setresgid 5 5 5: ok
ids: ok 0 0 0 / 5 5 5"

# A set-user-ID root file run by a user gives euid 0 (and AT_SECURE); a
# set-user-ID and set-group-ID file of 1000's, run by root, 1000.
guest -0 -w /scratch /bin/sh -c '
	chown 0:0 prog && chmod 4755 prog
	/bin/probe setresuid 1000 1000 1000 exec /scratch/prog ids auxvids capget 0
	chown 1000:1000 prog && chmod 6755 prog
	/bin/probe exec /scratch/prog ids auxvids capget 0
	chmod 2745 prog
	/bin/probe exec /scratch/prog ids'
expect_same_as_chroot setid_files_change_ids_on_exec

# setcap's file capabilities (cap_net_raw+ep, revision 2) are kept,
# shown by getcap, given by exec, dropped by chown.
guest -0 -w /scratch /bin/sh -c '
	chmod 755 prog && chown 0:0 prog
	/bin/probe getcap prog setcap prog 0100000200200000000000000000000000000000 getcap prog \
		setcap prog 0100 \
		setresuid 1000 1000 1000 exec /scratch/prog capget 0 auxvids'
expect_same_as_chroot setcap_is_kept_and_given_on_exec
IT_NATIVE_SAVED=$IT_NATIVE
IT_NATIVE=0
guest -0 -w /scratch /bin/sh -c '/bin/probe getcap prog; chown 0:0 prog; /bin/probe getcap prog'
expect setcap_persists_and_chown_drops_it "getcap prog: ok 0100000200200000000000000000000000000000
getcap prog: ENODATA"
IT_NATIVE=$IT_NATIVE_SAVED

# The kept file capabilities are listed with the file's other names, by
# every list call, and removing them takes them off the list.
guest -0 -w /scratch /bin/probe creat capf setxattr capf user.a v \
	setcap capf 0100000200200000000000000000000000000000 listxattr capf llistxattr capf \
	open capf flistxattr getcap capf removexattr capf security.capability listxattr capf \
	removexattr capf security.capability
expect_same_as_chroot setcap_is_listed_with_the_other_names
if "$HELPERS/sysraw" calls listxattrat /no/such/path | grep -q ': ENOSYS$'; then
	skip_machine setcap_seen_by_xattrat_calls "the kernel ($(uname -r)) has no listxattrat"
else
	guest -0 -w /scratch /bin/sh -c '/bin/probe creat capx setcap capx 0100000200200000000000000000000000000000
		/bin/sysraw calls listxattrat capx getxattrat capx security.capability \
			removexattrat capx security.capability listxattrat capx getxattrat capx security.capability'
	expect_same_as_chroot setcap_seen_by_xattrat_calls
fi

# Root's permission checks, on a tree that was made read-only before
# burrow ran, as rm -rf of a read-only tree works natively as root.
mkdir -p "$ROOT/scratch/ro/sub"
echo data >"$ROOT/scratch/ro/sub/f"
echo x >"$ROOT/scratch/ro/x"
mkdir -p "$ROOT/scratch/locked/in"
echo z >"$ROOT/scratch/locked/in/z"
chmod 0 "$ROOT/scratch/ro/x" "$ROOT/scratch/locked/in" "$ROOT/scratch/locked"
chmod 0555 "$ROOT/scratch/ro/sub" "$ROOT/scratch/ro"
guest -0 -w /scratch /bin/sh -c '
	mkdir d && chmod 000 d && touch d/f && ls d && rm -r d && echo rm d: ok
	cat ro/x; echo y >ro/x && cat ro/x
	touch ro/sub/new && ls ro/sub
	/bin/probe access ro/x r access ro/x w access ro/x x
	rm -rf ro && echo rm ro: ok
	cat locked/in/z && ls locked && (cd locked/in && pwd)
	stat -c "%n %a" locked locked/in
	touch g && chmod 001 g && /bin/probe access g x && chmod 0 g && /bin/probe access g x
	rm -rf locked && echo rm locked: ok'
expect_same_as_chroot fake_root_permission_checks

# Only what root needs is given: reading a read-only file of the
# user's, or its status, changes nothing on disk.
mkdir "$ROOT/scratch/keep"
echo k >"$ROOT/scratch/keep/k"
chmod 0444 "$ROOT/scratch/keep/k"
guest -0 -w /scratch /bin/sh -c 'stat -c "%a" keep/k && cat keep/k && ls keep'
expect_same_as_chroot fake_root_reads_read_only_files
assert fake_root_reading_changes_nothing "keep/k is $(stat -c %a "$ROOT/scratch/keep/k"), not 444" \
	test "$(stat -c %a "$ROOT/scratch/keep/k")" = 444
