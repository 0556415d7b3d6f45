#!/bin/sh
# --engine=guest: /proc/PID/maps, smaps and numa_maps in guest terms, as
# the ptrace engine shows them (t_proc_maps.sh runs both engines under
# BURROW_ENGINE=auto; these checks are the guest engine's own): the
# runtime's copy of a big process's maps (more than its call arena), the
# descriptor it hands out (read-only, close-on-exec as asked), and the
# memfds burrow runs a process from shown as anonymous memory in the
# first process of the run (the run's blob), a fork of it and an exec.
# As root each command also runs in a real chroot (tiny rootfs) or with
# the same bind mounts (Debian), and both must print the same.
. "$(dirname "$0")/lib.sh"

unset BURROW_NO_SECCOMP PROOT_NO_SECCOMP BURROW_ENGINE

# 2 x 20000 mappings: about 3 MiB of maps; 2 x 5000: 10 MiB of smaps
# (the runtime's call arena is 1 MiB).
guest --engine=guest -b /proc /bin/manymaps 20000 maps
expect guest_engine_maps_of_a_big_process "maps: ok headers>=2N=yes named=yes memfds=0 cloexec=1 rdonly=yes write=EBADF"
guest --engine=guest -b /proc /bin/manymaps 5000 smaps
expect guest_engine_smaps_of_a_big_process "smaps: ok headers>=2N=yes named=yes memfds=0 cloexec=1 rdonly=yes write=EBADF"
guest --engine=guest -b /proc /bin/manymaps 1 maps plain
expect guest_engine_maps_open_keeps_flags "maps: ok headers>=2N=yes named=yes memfds=0 cloexec=0 rdonly=yes write=EBADF"

here=$(cd "$(dirname "$0")" && pwd)
if ! DEB=$(sh "$here/../fixtures/debian-rootfs.sh" 2>"$T/fixture.err"); then
	skip debian_rootfs_available "$(cat "$T/fixture.err")"
	exit 0
fi

# deb_run CMD: sh -c CMD under the guest engine and, as root, in a chroot.
deb_run() {
	# shellcheck disable=SC2086
	_it_capture "$OUT" "$ERR" "$T/status" $IT_AS "$BURROW" --engine=guest -r "$DEB" -b /proc \
		/bin/sh -c "$1"
	STATUS=$(cat "$T/status")
	NATIVE_RAN=0
	[ "$IT_NATIVE" = 1 ] || return 0
	spec=
	[ "$IT_UID" = 0 ] || spec="--userspec=$IT_UID:$IT_GID"
	# shellcheck disable=SC2016
	_it_capture "$NOUT" "$NERR" "$T/nstatus" unshare -m sh -c 'mount --make-rprivate / &&
		mount --bind /proc "$1/proc" && exec chroot $2 "$1" /bin/sh -c "$3"' sh "$DEB" \
		"$spec" "$1"
	NSTATUS=$(cat "$T/nstatus")
	NATIVE_RAN=1
}

# The shell is the run's first process (its blob is the run's memfd), the
# subshell a fork of it, cat an exec (its blob is in its own memfd): no
# file of /memfd: in any of them, nor in numa_maps where the kernel has it.
# shellcheck disable=SC2016 # expanded by the guest's shell
deb_run 'for f in maps smaps numa_maps; do
		[ -e /proc/$$/$f ] || { echo "$f 0 0 0"; continue; }
		a=$(grep -c /memfd: /proc/$$/$f)
		b=$(n=0; while IFS= read -r l; do
			case $l in */memfd:*) n=$((n + 1)) ;; esac
		done </proc/self/$f; echo $n)
		c=$(cat /proc/self/$f | grep -c /memfd:)
		echo "$f $a $b $c"
	done'
expect guest_engine_maps_show_no_burrow_memfd "maps 0 0 0
smaps 0 0 0
numa_maps 0 0 0"
