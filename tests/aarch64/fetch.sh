#!/bin/sh
# fetch.sh: make sure the arm64 test VM's parts are in the cache and print
# the cache directory.
#
#   $BURROW_TEST_CACHE (default /var/cache/burrow-tests)/arm64-vm/
#     debs/           the .deb files, as apt-get download left them
#     Image           the Debian arm64 kernel (an uncompressed arm64 Image:
#                     qemu -kernel boots it without firmware)
#     kernel-version  its package name, e.g. linux-image-6.1.0-56-arm64
#     modules/        its ext4, RAM-disk and virtio block modules: the
#                     VM's /tmp is an ext4 RAM disk, because tmpfs has no
#                     user.* xattrs before Linux 6.6, and the fixtures
#                     (fixtures.sh) come as an ext4 image on a virtio disk
#     busybox         busybox-static:arm64, the VM's userland
#     dyn/            libc6:arm64 and busybox:arm64 (dynamic) extracted:
#                     the dynamically linked guest tree
#     gnu/            Debian's dash, env, timeout and chroot (coreutils),
#                     setpriv and unshare (util-linux), pgrep (procps),
#                     find (findutils), diff, xz, zstd, script (bsdutils),
#                     tar and dpkg-deb (which runs GNU tar), and the
#                     libraries they need (glibc's come from dyn/).
#                     busybox lacks what the integration tests use of
#                     them (env --default-signal, chroot --userspec,
#                     setpriv --reuid, unshare -R, find -printf, diff
#                     --no-dereference, xz compression, dpkg-deb -b;
#                     pgrep, zstd and script at all); its timeout leaves a
#                     watcher process behind for up to a second, which
#                     run.sh reports as a leftover), and Debian's
#                     busybox-static shell runs its own applets before
#                     anything in PATH, so the tests' sh must be dash
#
# The first run needs `dpkg --add-architecture arm64 && apt-get update`
# (setup.sh does it) and Debian's mirror; later runs are offline.
# Exit status 1 with one line on stderr when something cannot be had.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cache=${BURROW_TEST_CACHE:-/var/cache/burrow-tests}/arm64-vm
debs=$cache/debs
die() { echo "fetch.sh: $*" >&2; exit 1; }
# shellcheck source=debs.sh
. "$here/debs.sh"

modules_version="modules 2"
gnu_version="gnu 5"
if [ -s "$cache/Image" ] && [ "$(cat "$cache/modules/.complete" 2>/dev/null)" = "$modules_version" ] && [ -x "$cache/busybox" ] &&
	[ -f "$cache/dyn/.complete" ] &&
	[ "$(cat "$cache/gnu/.complete" 2>/dev/null)" = "$gnu_version" ]; then
	echo "$cache"
	exit 0
fi
mkdir -p "$debs" || die "cannot create $cache"
tmp=$(mktemp -d "$cache/.fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# The kernel package linux-image-arm64 points to today.
kpkg=$(apt-cache depends linux-image-arm64:arm64 2>/dev/null |
	awk '/Depends: linux-image-/ { sub(/:arm64$/, "", $2); print $2; exit }')
[ -n "$kpkg" ] || die "apt-cache knows no linux-image-arm64:arm64 (run: dpkg --add-architecture arm64 && apt-get update)"

if [ ! -s "$cache/Image" ] || [ "$(cat "$cache/kernel-version" 2>/dev/null)" != "$kpkg" ]; then
	# Only /boot of the kernel package: its modules are not needed.
	dpkg-deb --fsys-tarfile "$(deb "$kpkg")" | tar -x -C "$tmp" --wildcards './boot/vmlinuz-*' ||
		die "cannot extract the kernel from $kpkg"
	cp "$tmp"/boot/vmlinuz-* "$tmp/Image"
	mv -f "$tmp/Image" "$cache/Image"
	echo "$kpkg" >"$cache/kernel-version"
fi

# ext4 (and what it needs), brd and the virtio-mmio block device, in the
# order insmod wants them.
if [ "$(cat "$cache/modules/.complete" 2>/dev/null)" != "$modules_version" ]; then
	dpkg-deb --fsys-tarfile "$(deb "$kpkg")" | tar -x -C "$tmp" --wildcards \
		'*/crypto/crc32c_generic.ko*' '*/lib/crc16.ko*' '*/fs/mbcache.ko*' \
		'*/fs/jbd2/jbd2.ko*' '*/fs/ext4/ext4.ko*' '*/drivers/block/brd.ko*' \
		'*/drivers/virtio/virtio_mmio.ko*' '*/drivers/block/virtio_blk.ko*' ||
		die "cannot extract the ext4, brd and virtio modules from $kpkg"
	mkdir -p "$tmp/modules"
	i=0
	for m in crc32c_generic crc16 mbcache jbd2 ext4 brd virtio_mmio virtio_blk; do
		f=$(find "$tmp/lib/modules" -name "$m.ko*" | head -n 1)
		[ -n "$f" ] || die "no $m module in $kpkg"
		cp "$f" "$tmp/modules/$i-${f##*/}"
		i=$((i + 1))
	done
	echo "$modules_version" >"$tmp/modules/.complete"
	rm -rf "$cache/modules"
	mv "$tmp/modules" "$cache/modules"
fi

if [ ! -x "$cache/busybox" ]; then
	dpkg-deb -x "$(deb busybox-static)" "$tmp/bb" || die "cannot extract busybox-static"
	mv -f "$tmp/bb/bin/busybox" "$cache/busybox"
fi

# The dynamic guest: glibc's loader and libraries, and a dynamically
# linked busybox.  Locale data, gconv modules and docs are left out.
if [ ! -f "$cache/dyn/.complete" ]; then
	dpkg-deb -x "$(deb libc6)" "$tmp/dyn" || die "cannot extract libc6:arm64"
	dpkg-deb -x "$(deb busybox)" "$tmp/dyn" || die "cannot extract busybox:arm64"
	rm -rf "$tmp/dyn/usr/share" "$tmp/dyn/usr/lib/aarch64-linux-gnu/gconv" "$tmp/dyn/etc/ld.so.conf.d"
	touch "$tmp/dyn/.complete"
	rm -rf "$cache/dyn"
	mv "$tmp/dyn" "$cache/dyn"
fi
if [ "$(cat "$cache/gnu/.complete" 2>/dev/null)" != "$gnu_version" ]; then
	for p in dash coreutils util-linux procps libcap-ng0 libproc2-0 libsystemd0 libcap2 \
		libgcrypt20 libgpg-error0 liblz4-1 liblzma5 libzstd1 findutils xz-utils zstd \
		bsdutils libselinux1 libpcre2-8-0 zlib1g dpkg tar libmd0 libbz2-1.0 libacl1 diffutils; do
		dpkg-deb -x "$(deb $p)" "$tmp/x" || die "cannot extract $p:arm64"
	done
	mkdir -p "$tmp/gnu/bin" "$tmp/gnu/lib"
	for f in bin/dash usr/bin/env usr/bin/timeout usr/bin/setpriv usr/bin/unshare usr/bin/pgrep \
		usr/bin/find usr/bin/xz usr/bin/zstd usr/bin/script usr/bin/dpkg-deb bin/tar usr/bin/diff \
		usr/sbin/chroot; do
		cp "$tmp/x/$f" "$tmp/gnu/bin/" || die "$f missing from the arm64 packages"
	done
	for d in lib/aarch64-linux-gnu usr/lib/aarch64-linux-gnu; do
		[ -d "$tmp/x/$d" ] && find "$tmp/x/$d" -maxdepth 1 -name 'lib*.so.*' -exec cp -P {} "$tmp/gnu/lib/" \;
	done
	# Every library the programs need must be here or in glibc.
	readelf=$(command -v aarch64-linux-gnu-readelf || command -v readelf)
	for f in "$tmp"/gnu/bin/* "$tmp"/gnu/lib/*; do
		[ -L "$f" ] && continue
		for n in $("$readelf" -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
			[ -e "$tmp/gnu/lib/$n" ] || [ -e "$cache/dyn/lib/aarch64-linux-gnu/$n" ] ||
				die "${f##*/} needs $n, which no fetched package has"
		done
	done
	echo "$gnu_version" >"$tmp/gnu/.complete"
	rm -rf "$cache/gnu"
	mv "$tmp/gnu" "$cache/gnu"
fi
echo "$cache"
