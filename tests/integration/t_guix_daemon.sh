#!/bin/sh
# Guix's own daemon under -0 (issue 20), in a Debian sid rootfs with the
# guix package (tests/fixtures/debian-guix.sh): guix-daemon with build
# users, with and without chroot builds, builds an offline derivation
# whose builder (the static busybox, added to the store) writes what it
# sees: its uid and gid, the names in its "/", its host name.  The
# daemon's chroot build runs where burrow emulates the mount and UTS
# namespaces, the bind mounts, pivot_root and the build user.  The
# store, /var/guix, /var/log/guix and /tmp are the run's own
# directories, bound; the cached rootfs is never written.  As root, the
# same runs as real root in a chroot (in a mount namespace, the rootfs a
# read-only bind mount, as the daemon needs "/" to be a mount) must see
# the same.
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
if ! DEB=$(sh "$here/../fixtures/debian-guix.sh" 2>"$T/fixture.err"); then
	if [ -n "${BURROW_FIXTURES:-}" ]; then
		skip_machine guix_daemon_available "$(cat "$T/fixture.err")"
	else
		skip guix_daemon_available "$(cat "$T/fixture.err")"
	fi
	exit 0
fi
G=$T/guix NG=$T/nguix NR=$T/nroot
# Minutes of work for the daemon and guile on a loaded machine.
IT_HANG=$((IT_HANG * 8))

# The guest's script: the daemon with ARGS, its socket waited for (a
# counted loop), the probe built with guix repl, what the builder saw,
# and with CHECK=1 the build done again with guix build --check.
cat >"$T/run.sh" <<'EOF'
guix-daemon --no-substitutes "$@" >/tmp/daemon.log 2>&1 &
d=$!
i=0
while [ ! -S /var/guix/daemon-socket/socket ] && [ "$i" -lt 3000 ]; do
	sleep 0.1
	i=$((i + 1))
done
if ! out=$(guix repl /tmp/probe.scm 2>/tmp/repl.err); then
	echo "guix repl failed:"
	tail -n 5 /tmp/repl.err /tmp/daemon.log
	kill "$d"
	wait "$d"
	exit 1
fi
cat "$out/uid" "$out/gid" "$out/host"
echo $(cat "$out/root")
if [ "$CHECK" = 1 ]; then
	if guix build --check /gnu/store/*-probe.drv >/tmp/check.log 2>&1; then
		echo "check: ok"
	else
		echo "check: failed"
		tail -n 5 /tmp/check.log
	fi
fi
kill "$d"
wait "$d"
exit 0
EOF
# The derivation: its builder is the busybox of /tmp/bb, added to the
# store; no inputs from elsewhere, no network.
cat >"$T/probe.scm" <<'EOF'
(use-modules (guix) (guix store) (guix derivations))
(with-store s
  (let* ((dir (add-to-store s "bb" #t "sha256" "/tmp/bb"))
         (bb (string-append dir "/busybox"))
         (drv (derivation s "probe" bb
                (list "sh" "-c"
                      (string-append "set -e; B=" bb "; $B mkdir $out; "
                                     "$B id -u > $out/uid; $B id -g > $out/gid; "
                                     "$B ls / > $out/root; $B hostname > $out/host"))
                #:sources (list dir))))
    (build-derivations s (list drv))
    (display (derivation->output-path drv))
    (newline)))
EOF

# fresh DIR: the directories bound into the rootfs, empty, owned by OWNER.
fresh() {
	rm -rf "$1"
	mkdir -p "$1/store" "$1/var" "$1/log" "$1/tmp/bb"
	chmod 1777 "$1/tmp"
	cp "$DEB/bin/busybox" "$1/tmp/bb/"
	cp "$T/run.sh" "$T/probe.scm" "$1/tmp/"
	chown -R "$2" "$1"
}

ENVS="PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp LC_ALL=C"

# guix_run CHECK DAEMON-ARGS...: the script under burrow -0 as the test
# user and, as root, in a real chroot as root.
guix_run() {
	check=$1
	shift
	fresh "$G" "$IT_UID:$IT_GID"
	# shellcheck disable=SC2086
	_it_capture "$OUT" "$ERR" "$T/status" $IT_AS env -i $ENVS CHECK="$check" \
		"$BURROW" -0 --kill-on-exit --ids-file="$G/ids" -r "$DEB" -b /proc -b /dev \
		-b "$G/store:/gnu/store" -b "$G/var:/var/guix" -b "$G/log:/var/log/guix" \
		-b "$G/tmp:/tmp" /bin/sh /tmp/run.sh "$@"
	STATUS=$(cat "$T/status")
	NATIVE_RAN=0
	[ "$IT_NATIVE" = 1 ] || return 0
	fresh "$NG" 0:0
	mkdir -p "$NR"
	# shellcheck disable=SC2016,SC2086
	_it_capture "$NOUT" "$NERR" "$T/nstatus" unshare -m -f sh -ec 'mount --make-rprivate /
		mount --bind "$1" "$3" && mount -o remount,bind,ro "$3"
		mount -t proc proc "$3/proc" && mount --bind /dev "$3/dev"
		mount --bind "$2/store" "$3/gnu/store" && mount --bind "$2/var" "$3/var/guix"
		mount --bind "$2/log" "$3/var/log/guix" && mount --bind "$2/tmp" "$3/tmp"
		dir=$3 envs=$4 check=$5
		shift 5
		exec env -i $envs CHECK="$check" chroot "$dir" /bin/sh /tmp/run.sh "$@"' \
		sh "$DEB" "$NG" "$NR" "$ENVS" "$check" "$@"
	NSTATUS=$(cat "$T/nstatus")
	NATIVE_RAN=1
}

# Build users without a chroot: the builder is user 999 of group 999 and
# sees the rootfs and the machine's host name; the daemon then takes
# the output only if 999 owns it.
guix_run 0 --build-users-group=guixbuild --disable-chroot
expect guix_daemon_build_users_without_chroot "999
999
$(uname -n)
$(ls "$DEB" | tr '\n' ' ' | sed 's/ $//')"

# Chroot builds (the daemon's default): a new mount and UTS namespace,
# the build's root holding only /dev, /etc, the store items, /proc and
# /tmp, host name localhost; the build done again is bit-identical.
guix_run 1 --build-users-group=guixbuild
expect guix_daemon_chroot_build "999
999
localhost
dev etc gnu proc tmp
check: ok"
