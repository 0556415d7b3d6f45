# devel-lib.sh: sourced by the tests that work in the Debian development
# rootfs (tests/fixtures/debian-devel.sh) in a host directory bound at
# /mnt (HOME and TMPDIR too), so the cached rootfs is never written.  As
# root, each command also runs in a real chroot with its own fresh /mnt.
# Needs DEB (the rootfs) and lib.sh's T, IT_* and _it_capture.
BIND=$T/bind NBIND=$T/nbind
CHROOT=$(command -v chroot)

# fresh DIR: an empty /mnt for one run, with a tmp/, owned by the user.
fresh() {
	rm -rf "$1"
	mkdir -p "$1/tmp"
	chmod 0755 "$1"
	[ "$IT_UID" = 0 ] || chown -R "$IT_UID:$IT_GID" "$1"
}

# Fixed environment: no host HOME, TMPDIR or locale leaks in.
ENVS="HOME=/mnt TMPDIR=/mnt/tmp LC_ALL=C PATH=/usr/local/bin:/usr/bin:/bin"

# dev_run CMD: sh -c CMD in /mnt under burrow and, as root, in a chroot.
# SETUP, if set, is a host command run in each fresh /mnt first.
dev_run() {
	fresh "$BIND"
	[ -z "${SETUP:-}" ] || (cd "$BIND" && eval "$SETUP") || exit 2
	[ "$IT_UID" = 0 ] || chown -R "$IT_UID:$IT_GID" "$BIND"
	# shellcheck disable=SC2086
	_it_capture "$OUT" "$ERR" "$T/status" $IT_AS env -i $ENVS "$BURROW" -r "$DEB" \
		-b /proc -b "$BIND:/mnt" -w /mnt /bin/sh -c "$1"
	STATUS=$(cat "$T/status")
	NATIVE_RAN=0
	[ "$IT_NATIVE" = 1 ] || return 0
	fresh "$NBIND"
	[ -z "${SETUP:-}" ] || (cd "$NBIND" && eval "$SETUP") || exit 2
	[ "$IT_UID" = 0 ] || chown -R "$IT_UID:$IT_GID" "$NBIND"
	spec=
	[ "$IT_UID" = 0 ] || spec="--userspec=$IT_UID:$IT_GID"
	# shellcheck disable=SC2016,SC2086
	_it_capture "$NOUT" "$NERR" "$T/nstatus" unshare -m sh -c 'mount --make-rprivate / &&
		mount --bind /proc "$1/proc" && mount --bind "$2" "$1/mnt" &&
		exec env -i $5 "$6" $3 "$1" /bin/sh -c "cd /mnt && $4"' \
		sh "$DEB" "$NBIND" "$spec" "$1" "$ENVS" "$CHROOT"
	NSTATUS=$(cat "$T/nstatus")
	NATIVE_RAN=1
}
