#!/bin/sh
# AF_UNIX sockets named by a path: bind/connect/sendto take guest paths,
# and every address the kernel returns (getsockname, getpeername,
# accept, accept4, recvfrom, recvmsg) shows the guest path again, the
# peer's name included when the client bound one before connecting.
. "$(dirname "$0")/lib.sh"

# What sockpair PREFIX prints natively.
sockpair_output() {
	cat <<OUT
bind $1.stream: ok
listen: ok
getsockname listener: ok $1.stream
stat $1.stream: ok type=socket
connect $1.stream: ok
getpeername client: ok $1.stream
getsockname client: ok (unnamed)
accept: ok peer (unnamed)
getsockname accepted: ok $1.stream
stream data: ping
bind $1.cli: ok
connect from $1.cli: ok
accept: ok peer $1.cli
getpeername accepted: ok $1.cli
bind $1.cli4: ok
connect from $1.cli4: ok
accept4: ok peer $1.cli4
getpeername accepted: ok $1.cli4
bind $1.dsrv: ok
bind $1.dcli: ok
sendto $1.dsrv: ok
recvfrom: ok "one" from $1.dcli
sendmsg $1.dsrv: ok
recvmsg: ok "two" from $1.dcli
connect $1.none: ENOENT
bind abstract (autobind): ok
getsockname abstract: ok (abstract, 5 bytes)
OUT
}

guest /bin/sockpair /scratch/s
expect unix_socket_absolute_path "$(sockpair_output /scratch/s)"
assert unix_socket_file_in_rootfs "ROOTFS/scratch/s.stream is not a socket" test -S "$ROOT/scratch/s.stream"

# A relative name is returned as given, as the kernel does.
guest -w /scratch /bin/sockpair rel
expect unix_socket_relative_path "$(sockpair_output rel)"

mkdir -p "$HOSTD/sockdir"
guest -b "$HOSTD/sockdir:/mnt/x" /bin/sockpair /mnt/x/b
expect unix_socket_in_binding "$(sockpair_output /mnt/x/b)"
assert unix_socket_file_in_bound_host_dir "HOSTDIR/b.stream is not a socket" test -S "$HOSTD/sockdir/b.stream"

# sun_path holds 108 bytes.  The guest path is short, but ROOTFS + path
# is longer: the tracer must still bind and connect it.
ROOT=$W/$(printf 'long-host-path-%.0s' 1 2 3 4 5 6 7 8)/root
new_root
guest /bin/sockpair /scratch/s
expect unix_socket_host_path_over_108_bytes "$(sockpair_output /scratch/s)"
# The guest engine links such a name's directory from a directory of its
# own under a short TMPDIR: gone when the run ends.
UN=$(mktemp -d /tmp/bu.XXXXXX) || exit 2
chmod 1777 "$UN"
TMPDIR=$UN guest /bin/sockpair /scratch/t
expect unix_socket_long_path_same_with_short_tmpdir "$(sockpair_output /scratch/t)"
assert unix_socket_long_path_leaves_no_link_dir "$(ls -A "$UN") left in TMPDIR" \
	test -z "$(ls -A "$UN")"
rm -rf "$UN"

# A client that reconnects in a loop: burrow holds one descriptor per
# directory, not one per connect (with 64 descriptors, 200 connects
# would run out of them).
(ulimit -n 64 && run_burrow -r "$ROOT" /bin/sockpair /scratch/loop 200)
NATIVE_RAN=0 STATUS=$(cat "$T/status")
expect unix_socket_reconnects_hold_no_descriptor "200 connects: ok"

# A relative name in a removed cwd is the kernel's to refuse (ENOENT),
# as any relative path that stays there is.
if add_shell; then
	guest /bin/sh -c 'mkdir /scratch/gone && cd /scratch/gone && rmdir /scratch/gone &&
		exec /bin/sockpair rel 1'
	expect unix_socket_in_removed_cwd "bind rel.stream: ENOENT"
else
	skip unix_socket_in_removed_cwd "needs a static busybox (apt-get install busybox-static)"
fi
