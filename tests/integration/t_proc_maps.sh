#!/bin/sh
# /proc/PID/maps, smaps and numa_maps name mapped files as a chroot
# does: by their guest paths, not the rootfs's or a binding's host path.
# In the Debian rootfs (tests/fixtures/debian-rootfs.sh), with a host
# directory bound at /mnt; as root each command also runs in a real
# chroot with the same bind mounts, and both must print the expected
# names.  Addresses differ from run to run: only the sorted set of names
# is compared (the name column of maps; the file= of numa_maps).
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
if ! DEB=$(sh "$here/../fixtures/debian-rootfs.sh" 2>"$T/fixture.err"); then
	skip debian_rootfs_available "$(cat "$T/fixture.err")"
	exit 0
fi
BIND=$T/bind
mkdir -p "$BIND"
chmod 0755 "$BIND"
[ "$IT_UID" = 0 ] || chown "$IT_UID:$IT_GID" "$BIND"

# maps_run CMD: sh -c CMD under burrow and, as root, in a chroot.
maps_run() {
	# shellcheck disable=SC2086
	_it_capture "$OUT" "$ERR" "$T/status" $IT_AS "$BURROW" -r "$DEB" -b /proc \
		-b "$BIND:/mnt" /bin/sh -c "$1"
	STATUS=$(cat "$T/status")
	NATIVE_RAN=0
	[ "$IT_NATIVE" = 1 ] || return 0
	spec=
	[ "$IT_UID" = 0 ] || spec="--userspec=$IT_UID:$IT_GID"
	# shellcheck disable=SC2016
	_it_capture "$NOUT" "$NERR" "$T/nstatus" unshare -m sh -c 'mount --make-rprivate / &&
		mount --bind /proc "$1/proc" && mount --bind "$2" "$1/mnt" &&
		exec chroot $3 "$1" /bin/sh -c "$4"' sh "$DEB" "$BIND" "$spec" "$1"
	NSTATUS=$(cat "$T/nstatus")
	NATIVE_RAN=1
}

# The file names of a maps or smaps text on stdin (header lines: six
# fields, the last the name), sorted, each once.
NAMES='sed -n "s|^[0-9a-f]*-[0-9a-f]* [^ ]* [^ ]* [^ ]* [^ ]*  *\(/.*\)|\1|p" | sort -u'
# Where cat, sh, libc and ld.so really are in this tree (/usr/lib when merged):
# the kernel names a mapping by its file's own path.
DEBR=$(readlink -f "$DEB")
LIBC=$(readlink -f "$DEB$IT_LIBDIR/libc.so.6") LIBC=${LIBC#"$DEBR"}
LDSO=$(readlink -f "$DEB$IT_LIBDIR/${IT_LDSO##*/}") LDSO=${LDSO#"$DEBR"}
CAT=$(readlink -f "$DEB/bin/cat") CAT=${CAT#"$DEBR"}
DASH=$(readlink -f "$DEB/bin/sh") DASH=${DASH#"$DEBR"}
# sorted NAME...: the names as NAMES prints them.
sorted() { printf '%s\n' "$@" | sort -u; }
# env -i: no locale files mapped.
maps_run "env -i cat /proc/self/maps | $NAMES"
expect proc_self_maps_guest_names "$(sorted "$CAT" "$LDSO" "$LIBC")"

# Through a binding: the program itself is a file of /mnt.
cp "$DEB/bin/cat" "$BIND/cat2"
chmod 0755 "$BIND/cat2"
maps_run "env -i /mnt/cat2 /proc/self/maps | $NAMES"
expect proc_maps_binding_shows_guest_dir "$(sorted /mnt/cat2 "$LDSO" "$LIBC")"

# Another process's maps, smaps and (NUMA kernels) numa_maps, by pid;
# then its program removed: " (deleted)", still in guest terms.  The
# program is a copy of sleep at /mnt/s, known running once its state is
# S (sleeping) under its own name.
cp "$DEB/bin/sleep" "$BIND/s"
chmod 0755 "$BIND/s"
[ "$IT_UID" = 0 ] || chown "$IT_UID:$IT_GID" "$BIND/s"
# shellcheck disable=SC2016 # expanded by the guest's shell
WAIT_S='env -i /mnt/s 30 & p=$!
	until grep -q "^[0-9]* (s) S" /proc/$p/stat; do kill -0 $p || exit; sleep 0.05; done'
maps_run "$WAIT_S
	echo maps; cat /proc/\$p/maps | $NAMES
	echo smaps; cat /proc/\$p/smaps | $NAMES
	echo task; cat /proc/\$p/task/\$p/maps | $NAMES
	kill \$p; wait"
S_NAMES=$(sorted /mnt/s "$LDSO" "$LIBC")
expect proc_pid_maps_smaps_of_another_process "maps
$S_NAMES
smaps
$S_NAMES
task
$S_NAMES"
# (The guest makes its own copy: each run removes it.)
maps_run "cp /bin/sleep /mnt/d && { env -i /mnt/d 30 & p=\$!
	until grep -q '^[0-9]* (d) S' /proc/\$p/stat; do kill -0 \$p || exit; sleep 0.05; done
	rm /mnt/d; cat /proc/\$p/maps | $NAMES; kill \$p; wait; }"
expect proc_pid_maps_deleted_file "$(sorted "/mnt/d (deleted)" "$LDSO" "$LIBC")"

# open("maps", O_NOFOLLOW) in the shell's /proc/PID: a single name not
# followed, which the kernel would otherwise look up by itself (burrow's
# name shortcut).
maps_run "cd /proc/self && dd if=maps iflag=nofollow status=none | $NAMES"
expect proc_maps_relative_to_proc_dir "$(sorted "$DASH" "$LDSO" "$LIBC")"

if [ -e /proc/self/numa_maps ]; then
	maps_run "$WAIT_S
		sed -n 's/.* file=\([^ ]*\).*/\1/p' /proc/\$p/numa_maps | sort -u; kill \$p; wait"
	expect proc_pid_numa_maps_guest_names "$S_NAMES"
else
	skip_machine proc_pid_numa_maps_guest_names "this kernel has no /proc/PID/numa_maps (CONFIG_NUMA)"
fi

# The tiny rootfs's static probe, through each open call: open, openat
# (O_NOFOLLOW too) and openat2 (with the resolve flags a copy reached
# through a magic link must not trip over).
guest -b /proc /bin/probe open /proc/self/maps fdnames openat /proc/self/maps nofollow fdnames \
	openat2 /proc/self/maps fdnames openat2 /proc/self/maps nofollow,no_magiclinks fdnames \
	at /proc/self openat2 maps beneath fdnames
expect proc_maps_every_open_call "open /proc/self/maps: ok type=file
fdnames: ok /bin/probe
openat /proc/self/maps nofollow: ok type=file
fdnames: ok /bin/probe
openat2 /proc/self/maps: ok type=file
fdnames: ok /bin/probe
openat2 /proc/self/maps nofollow,no_magiclinks: ok type=file
fdnames: ok /bin/probe
at /proc/self: ok
openat2 maps beneath: ok type=file
fdnames: ok /bin/probe"
