#!/bin/sh
# Print the path of the cached benchmark rootfs: the Debian 12 minbase of
# tests/fixtures/debian-rootfs.sh plus gcc, make, python3 and xz-utils, the
# unpacked source of Debian's `hello` (/usr/src/hello, and a configured copy
# in /usr/src/hello-configured) and a ~50 MB tarball (/var/tmp/bench.tar).
# Built once, with apt-get inside a chroot, into
#   $BURROW_TEST_CACHE (default /var/cache/burrow-tests)/debian-bookworm-bench
# Exit 77, with the reason on stderr, when it cannot be had here (not root
# and not cached, or the minbase or the Debian mirror unavailable).
set -eu
here=$(dirname "$0")
cache=${BURROW_TEST_CACHE:-/var/cache/burrow-tests}
dest=$cache/debian-bookworm-bench
mirror=${BURROW_DEBIAN_MIRROR:-http://deb.debian.org/debian}
# Bump when the contents change: an older cache is then rebuilt.
version="bench-rootfs 2"

if [ -x "$dest/bin/sh" ] && [ "$(cat "$dest/.complete" 2>/dev/null)" = "$version" ]; then
	echo "$dest"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "bench-rootfs: $dest is not built (or is outdated) and building it needs root (chroot, apt-get)" >&2
	exit 77
fi
base=$(sh "$here/../tests/fixtures/debian-rootfs.sh") || exit 77

echo "bench-rootfs: building $dest (once; apt-get from $mirror, a few minutes)" >&2
tmp=$(mktemp -d "$cache/.bench.XXXXXX")
root=$tmp/rootfs
# Never let rm -rf reach the host's /dev or /proc through a mount left in
# the chroot: unmount first, and --one-file-system in any case.
cleanup() {
	for m in "$root/dev" "$root/proc"; do
		mountpoint -q "$m" 2>/dev/null && umount -l "$m"
	done
	rm -rf --one-file-system "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

cp -a --one-file-system "$base" "$root"	# never a mount inside it
rm -f "$root/.complete"
printf 'deb %s bookworm main\ndeb-src %s bookworm main\n' "$mirror" "$mirror" \
	>"$root/etc/apt/sources.list"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"

in_root() {
	chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root LC_ALL=C DEBIAN_FRONTEND=noninteractive /bin/sh -ec "$1" \
		>>"$tmp/log" 2>&1
}
step() {
	if ! in_root "$2"; then
		echo "bench-rootfs: $1 failed; last lines of the log:" >&2
		tail -n 8 "$tmp/log" >&2
		exit 77
	fi
}
step "apt-get install" 'apt-get update
	apt-get install -y --no-install-recommends gcc libc6-dev make python3 xz-utils dpkg-dev'
# apt-get source runs as root inside the chroot; the _apt sandbox user
# cannot write to /usr/src, so the download is done unsandboxed.
step "apt-get source hello" 'cd /usr/src
	apt-get -o APT::Sandbox::User=root source hello
	rm -f hello_*
	mv hello-*/ hello
	cp -a hello hello-configured
	cd hello-configured && ./configure >/dev/null'
# ~50 MB of real files for the tar workload: the Python standard library,
# the C headers and Perl's library.
step "bench tarball" 'cd / && tar cf /var/tmp/bench.tar usr/lib/python3.11 usr/include usr/share/perl
	apt-get clean; rm -rf /var/lib/apt/lists/*'
echo "bench-rootfs: tarball $(du -m "$root/var/tmp/bench.tar" | cut -f1) MB" >&2

umount "$root/dev" "$root/proc"
echo "$version" >"$root/.complete"
# An outdated cache is moved aside, then removed; if another run finished
# first, its rootfs is kept and ours is dropped.
if [ -e "$dest" ] && [ "$(cat "$dest/.complete" 2>/dev/null)" != "$version" ]; then
	mv -T "$dest" "$tmp/old"
fi
mv -T "$root" "$dest" 2>/dev/null || true
echo "$dest"
