#!/bin/sh
# Mount and UTS namespaces under -0 (issue 20): what guix-daemon does to
# isolate a build (clone with CLONE_NEW*, bind mounts, a read-only
# remount, proc, tmpfs, pivot_root, chroot, umount2, sethostname, the
# build user), emulated by burrow for the faked root.  As root, each run
# is compared with the same calls made for real as root in a mount
# namespace (reference.sh --mount-root: the guest's "/" is a mount).
# shellcheck disable=SC2016 # the host-side checks are sh -c scripts with arguments
. "$(dirname "$0")/lib.sh"

IT_REF_AS=0:0
# burrow's private directories (tmpfs mounts) go here, to be checked.
BT=$T/burrow-tmp

# ns_guest CMD...: burrow -0, and the reference as root.
ns_guest() {
	_it_own
	_it_snapshot
	mkdir -p "$BT"
	[ "$IT_UID" = 0 ] || chown "$IT_UID:$IT_GID" "$BT"
	# shellcheck disable=SC2086
	_it_capture "$OUT" "$ERR" "$T/status" env TMPDIR="$BT" $IT_AS "$BURROW" -0 -r "$ROOT" "$@"
	STATUS=$(cat "$T/status")
	NATIVE_RAN=0
	if [ "$IT_NATIVE" = 1 ]; then
		_it_capture "$NOUT" "$NERR" "$T/nstatus" sh "$IT_LIB/reference.sh" --mount-root \
			--map "$W" "$T/n" --as 0:0 -r "$T/n${ROOT#"$W"}" "$@"
		NSTATUS=$(cat "$T/nstatus")
		NATIVE_RAN=1
	fi
}

# A build root as the daemon makes it: mount points, a store item, a
# world-writable /tmp.
build_root() {
	new_root
	B=$ROOT/scratch/b
	mkdir -p "$B/bin" "$B/proc" "$B/store" "$B/tmp" "$B/dev/shm" "$B/real-root" \
		"$ROOT/scratch/store/item"
	: >"$B/hostname"
	printf 'built\n' >"$ROOT/scratch/store/item/out"
	chmod 1777 "$B/tmp"
}

build_root
ns_guest /bin/mountns clone ns,pid,net,ipc,uts private / \
	bind /scratch/b /scratch/b rbind /bin /scratch/b/bin \
	bind /etc/hostname /scratch/b/hostname \
	bind /scratch/store /scratch/b/store ro /scratch/b/store \
	proc /scratch/b/proc tmpfs /scratch/b/dev/shm \
	sethostname localhost setdomainname '(none)' \
	chdir /scratch/b pivot . real-root chroot . detach real-root \
	ls / ls /real-root cat /hostname cat /store/item/out write /store/item/new \
	write /tmp/f write /dev/shm/f ls /dev/shm cat /proc/sys/kernel/ostype uname \
	setid 999 999 id write /tmp/g bind /tmp /tmp \
	exec /bin/mountns ls /store/item uname
expect mount_ns_daemon_sequence "clone ns,pid,net,ipc,uts: ok
private /: ok
bind /scratch/b /scratch/b: ok
rbind /bin /scratch/b/bin: ok
bind /etc/hostname /scratch/b/hostname: ok
bind /scratch/store /scratch/b/store: ok
ro /scratch/b/store: ok
proc /scratch/b/proc: ok
tmpfs /scratch/b/dev/shm: ok
sethostname localhost: ok
setdomainname (none): ok
chdir /scratch/b: ok
pivot . real-root: ok
chroot .: ok
detach real-root: ok
ls /: ok bin dev hostname proc real-root store tmp
ls /real-root: ok
cat /hostname: ok guest-hostname
cat /store/item/out: ok built
write /store/item/new: EROFS
write /tmp/f: ok
write /dev/shm/f: ok
ls /dev/shm: ok f
cat /proc/sys/kernel/ostype: ok Linux
uname: ok localhost (none)
setid 999 999: ok
id: ok uid 999 gid 999
write /tmp/g: ok
bind /tmp /tmp: EPERM
exec /bin/mountns: going
ls /store/item: ok out
uname: ok localhost (none)"
assert mount_ns_tmpfs_removed_at_the_end "burrow left its tmpfs directory" \
	sh -c '[ -z "$(ls -A "$1")" ]' sh "$BT"
assert mount_ns_leaves_the_rootfs_alone "a mount reached the host's tree" \
	sh -c '[ ! -e "$1/scratch/store/item/new" ] && [ -z "$(ls -A "$1/scratch/b/real-root")" ] &&
		[ -z "$(ls -A "$1/scratch/b/dev/shm")" ]' sh "$ROOT"

# The child's mounts are its own; the parent's table is untouched, and
# a child without CLONE_NEWNS shares its parent's namespace.
build_root
ns_guest /bin/mountns unshare ns clone ns bind /etc /mnt/x ls /mnt/x clone pid ls /mnt/x -- -- \
	ls /mnt/x bind /data /mnt/other clone pid ls /mnt/other --
expect mount_ns_copy_on_clone "unshare ns: ok
clone ns: ok
bind /etc /mnt/x: ok
ls /mnt/x: ok guest-only hostname passwd sub
clone pid: ok
ls /mnt/x: ok guest-only hostname passwd sub
ls /mnt/x: ok
bind /data /mnt/other: ok
clone pid: ok
ls /mnt/other: ok dir file.txt"

# Kept across exec.
build_root
ns_guest /bin/mountns unshare ns bind /etc/sub /mnt/x exec /bin/mountns ls /mnt/x
expect mount_ns_kept_on_exec "unshare ns: ok
bind /etc/sub /mnt/x: ok
exec /bin/mountns: going
ls /mnt/x: ok inner.txt"

# Bindings: a file, a directory, recursive or not; read-only and back;
# umount without MNT_DETACH; the kernel's errors.
build_root
ns_guest /bin/mountns unshare ns bind /etc /mnt/x bind /data /mnt/x/sub \
	bind /mnt/x /scratch/b/tmp rbind /mnt/x /scratch/b/proc \
	ls /scratch/b/tmp/sub ls /scratch/b/proc/sub \
	ro /mnt/x write /mnt/x/new mkdir /mnt/x/newdir write /mnt/x/sub/new rw /mnt/x \
	write /scratch/b/new ro /scratch/b/new bind /etc/hostname /scratch/b/new \
	cat /scratch/b/new bind /etc /scratch/b/new bind /etc/hostname /mnt/other \
	umount /mnt/x umount /mnt/x/sub umount /mnt/x ls /mnt/x umount /etc private /etc \
	bind /nowhere /mnt/x bind /etc /nowhere umount /nowhere pivot /etc /etc/sub \
	pivot /nowhere /etc mnt no-such-fs /mnt/x tmpfs /etc/hostname proc /etc/hostname
expect mount_ns_bind_remount_umount "unshare ns: ok
bind /etc /mnt/x: ok
bind /data /mnt/x/sub: ok
bind /mnt/x /scratch/b/tmp: ok
rbind /mnt/x /scratch/b/proc: ok
ls /scratch/b/tmp/sub: ok inner.txt
ls /scratch/b/proc/sub: ok dir file.txt
ro /mnt/x: ok
write /mnt/x/new: EROFS
mkdir /mnt/x/newdir: EROFS
write /mnt/x/sub/new: ok
rw /mnt/x: ok
write /scratch/b/new: ok
ro /scratch/b/new: EINVAL
bind /etc/hostname /scratch/b/new: ok
cat /scratch/b/new: ok guest-hostname
bind /etc /scratch/b/new: ENOTDIR
bind /etc/hostname /mnt/other: ENOTDIR
umount /mnt/x: EBUSY
umount /mnt/x/sub: ok
umount /mnt/x: ok
ls /mnt/x: ok
umount /etc: EINVAL
private /etc: EINVAL
bind /nowhere /mnt/x: ENOENT
bind /etc /nowhere: ENOENT
umount /nowhere: ENOENT
pivot /etc /etc/sub: EBUSY
pivot /nowhere /etc: ENOENT
mnt no-such-fs /mnt/x: ENODEV
tmpfs /etc/hostname: ENOTDIR
proc /etc/hostname: ENOTDIR"
assert mount_ns_binds_write_through "a write through a binding is missing, or one went through" \
	sh -c '[ -f "$1/data/new" ] && [ ! -e "$1/etc/new" ]' sh "$ROOT"

# UTS names per namespace: the parent keeps the kernel's.
host_name=$(uname -n)
build_root
ns_guest /bin/mountns clone uts sethostname inner uname -- uname
expect mount_ns_uts_names_per_namespace "clone uts: ok
sethostname inner: ok
uname: ok inner (none)
uname: ok $host_name $(cat /proc/sys/kernel/domainname)"

# devpts, as guix-daemon mounts it in a build's /dev/pts: its ptmx
# gives a pty whose other end is there.  (A new instance natively; the
# host's /dev/pts under burrow.)
build_root
mkdir -p "$ROOT/scratch/b/dev/pts"
ns_guest /bin/mountns unshare ns mnt devpts /scratch/b/dev/pts pty /scratch/b/dev/pts \
	mnt devpts /etc/hostname
expect mount_ns_devpts_gives_ptys "unshare ns: ok
mnt devpts /scratch/b/dev/pts: ok
pty /scratch/b/dev/pts: ok
mnt devpts /etc/hostname: ENOTDIR"

# The faked root's build user may not mount, unshare or pivot.
build_root
ns_guest /bin/mountns setid 999 999 unshare ns bind /etc /mnt/x pivot /scratch /scratch/b \
	umount /mnt/x
expect mount_ns_needs_the_faked_root "setid 999 999: ok
unshare ns: EPERM
bind /etc /mnt/x: EPERM
pivot /scratch /scratch/b: EPERM
umount /mnt/x: EPERM"

# --report names what was emulated only in part.
build_root
_it_own
run_burrow -0 --report -r "$ROOT" /bin/mountns clone pid,net uname -- unshare ns proc /mnt/x \
	nbind /etc /mnt/other
assert mount_ns_report_partial "--report lacks the namespace, proc or options lines" \
	sh -c 'grep -q "CLONE_NEWPID, CLONE_NEWNET or CLONE_NEWIPC" "$1" &&
		grep -q "mount of proc or sysfs" "$1" && grep -q "nosuid, nodev" "$1"' sh "$ERR"
run_burrow -0 --report -r "$ROOT" /bin/mountns unshare ns mnt devpts /scratch/b/dev/shm
assert mount_ns_report_devpts "--report lacks the devpts line" \
	grep -q "mount of devpts.*the host's /dev/pts" "$ERR"
# What burrow refuses, where the kernel would not: a mount on the
# rootfs's own "/" (its root binding stays the rootfs).
run_burrow -0 --report -r "$ROOT" /bin/mountns unshare ns bind /etc / ls /mnt
expect mount_ns_bind_on_slash_refused "unshare ns: ok
bind /etc /: EINVAL
ls /mnt: ok other x"
assert mount_ns_bind_on_slash_reported "--report does not say it refused" \
	grep -q "refused" "$ERR"
run_burrow -0 --report -r "$ROOT" /bin/mountns unshare ns,uts bind /etc /mnt/x ro /mnt/x \
	private / sethostname x
assert mount_ns_report_quiet_when_whole "--report names a call emulated in full" \
	sh -c '! grep -q "emulated in part" "$1"' sh "$ERR"
