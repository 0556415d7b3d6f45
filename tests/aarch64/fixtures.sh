#!/bin/sh
# fixtures.sh: build the integration suite's fixtures for arm64 on the
# host, pack them into an ext4 image for the test VM and print its path.
# The VM has no compiler, debootstrap or patchelf, so the fixture scripts
# (tests/fixtures/*.sh) cannot build there; check.sh attaches the image as
# a virtio disk, /init mounts it at /fixtures and guest.sh sets
# BURROW_FIXTURES=/fixtures, which the fixture scripts look in first.
#
#   $BURROW_TEST_CACHE (default /var/cache/burrow-tests)/arm64-vm/
#     fixtures/exec-progs/     tests/fixtures/exec-progs.sh, cross-compiled
#                              with aarch64-linux-gnu-gcc, its musl program
#                              against Debian's musl:arm64 and
#                              musl-dev:arm64 (extracted, not installed)
#     fixtures/guix-pack/      tests/fixtures/guix-pack.sh's pack, from
#                              arm64 .debs (bash, hwloc-nox and their
#                              libraries) instead of the host's programs
#     fixtures/hostile-archives/  tests/fixtures/hostile-archives.sh and
#     fixtures/docker-image/   tests/fixtures/docker-image.sh (of that
#                              pack): python3 crafts them, here
#     fixtures/debian-rootfs/  Debian 12 minbase for arm64: debootstrap
#                              --foreign, finished by
#                              tests/aarch64/foreign-install.sh (no arm64
#                              code runs on the host)
#     fixtures/debian-devel/   tests/fixtures/debian-devel.sh and
#     fixtures/debian-mpi/     debian-mpi.sh for arm64 (FIXTURE_ARCH): that
#                              minbase with their packages --include'd
#                              (foreign-debootstrap.sh; the downloads are
#                              kept in debs/ as debootstrap tarballs), the
#                              MPI test programs cross-compiled
#     fixtures.img             all of them, ext4 (mke2fs -d), and
#     fixtures.img.key         the hash of the scripts that made it
#
# Each fixture is built once and again when what it is made from changes
# (its .key: a hash of its scripts and packages), the image when any
# does.  Needs root (debootstrap, files owned by root in the image),
# gcc-aarch64-linux-gnu, patchelf, debootstrap, e2fsprogs (setup.sh
# installs them) and python3, and Debian's mirror the first time.  Exit
# status 1 with one line on stderr when something cannot be had.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
vm=${BURROW_TEST_CACHE:-/var/cache/burrow-tests}/arm64-vm
fx=$vm/fixtures
mirror=${BURROW_DEBIAN_MIRROR:-http://deb.debian.org/debian}
die() { echo "fixtures.sh: $*" >&2; exit 1; }

fs=$top/tests/fixtures
# What each fixture is made from (besides its packages, named in its .key).
ep_src="$fs/exec-progs.sh $fs/execprog.c $top/tests/helpers/layout.c $top/tests/helpers/helper.h"
gp_src=$fs/guix-pack.sh
ha_src=$fs/hostile-archives.sh
di_src="$fs/docker-image.sh $fs/guix-pack.sh"
dd_src="$fs/debian-devel.sh $here/foreign-debootstrap.sh $here/foreign-install.sh"
dm_src="$fs/debian-mpi.sh $top/tests/mpi/*.c $here/foreign-debootstrap.sh $here/foreign-install.sh"
# shellcheck disable=SC2086
key=$(cat "$0" $ep_src $gp_src $ha_src $di_src $dd_src $dm_src "$top/tests/aarch64/foreign-install.sh" |
	sha256sum | cut -c1-16)
if [ -f "$vm/fixtures.img" ] && [ "$(cat "$vm/fixtures.img.key" 2>/dev/null)" = "$key" ]; then
	echo "$vm/fixtures.img"
	exit 0
fi
[ "$(id -u)" = 0 ] || die "the arm64 fixtures are built as root (debootstrap, root-owned files)"
for t in aarch64-linux-gnu-gcc patchelf debootstrap mke2fs dpkg-deb python3; do
	command -v "$t" >/dev/null || die "no $t (tests/aarch64/setup.sh installs it)"
done
mkdir -p "$fx" "$vm/debs" || die "cannot create $fx"
tmp=$(mktemp -d "$vm/.fixtures.XXXXXX")
cleanup() {
	chmod -R u+w "$tmp" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# deb PACKAGE: the cached .deb of PACKAGE:arm64 (debs.sh, as fetch.sh).
debs=$vm/debs
# shellcheck source=debs.sh
. "$here/debs.sh"

# fixture_key FILE...: a hash of these scripts and .debs, which a
# fixture's .key holds when it was made from them.
fixture_key() { cat "$@" | sha256sum | cut -c1-16; }
# fresh NAME KEY: whether fixtures/NAME is complete and made from KEY.
fresh() { [ -f "$fx/$1/.complete" ] && [ "$(cat "$fx/$1/.key" 2>/dev/null)" = "$2" ]; }
# put NAME DIR KEY: DIR (a fixture script's output) as fixtures/NAME.
put() {
	cp -a "$2" "$tmp/new-$1"
	echo "$3" >"$tmp/new-$1/.key"
	if [ -d "$fx/$1" ]; then
		chmod -R u+w "$fx/$1"
		rm -rf "${fx:?}/$1"
	fi
	mv -T "$tmp/new-$1" "$fx/$1"
}

# ---- exec-progs ---------------------------------------------------------
mkdir "$tmp/musl"
set -- "$(deb musl)" "$(deb musl-dev)"
# shellcheck disable=SC2086
k=$(fixture_key $ep_src "$@")
if ! fresh exec-progs "$k"; then
	for d; do
		dpkg-deb -x "$d" "$tmp/musl" || die "cannot extract $d"
	done
	p=$(FIXTURE_CROSS=aarch64-linux-gnu- FIXTURE_MUSL=$tmp/musl BURROW_TEST_CACHE=$tmp/ep \
		sh "$fs/exec-progs.sh") || die "exec-progs.sh failed for arm64"
	[ -f "$p/musl/.complete" ] || die "exec-progs.sh built no arm64 musl program"
	put exec-progs "$p" "$k"
fi

# ---- guix-pack ----------------------------------------------------------
mkdir "$tmp/gp-debs"
for p in libc6 bash hwloc-nox libhwloc15 libudev1 libtinfo6; do
	ln -s "$(deb "$p")" "$tmp/gp-debs/"
done
k=$(fixture_key "$gp_src" "$tmp"/gp-debs/*.deb)
if ! fresh guix-pack "$k"; then
	p=$(FIXTURE_DEBS=$tmp/gp-debs FIXTURE_CROSS=aarch64-linux-gnu- BURROW_TEST_CACHE=$tmp/gp \
		sh "$fs/guix-pack.sh") || die "guix-pack.sh failed for arm64"
	put guix-pack "$p" "$k"
fi
gp_key=$k

# ---- the archives python3 crafts ----------------------------------------
k=$(fixture_key "$ha_src")
if ! fresh hostile-archives "$k"; then
	p=$(BURROW_TEST_CACHE=$tmp/ha sh "$fs/hostile-archives.sh") || die "hostile-archives.sh failed"
	put hostile-archives "$p" "$k"
fi
# Of the arm64 pack: docker-image.sh finds it through BURROW_FIXTURES.
# shellcheck disable=SC2086
k=$(echo "$gp_key" | fixture_key $di_src -)
if ! fresh docker-image "$k"; then
	rm -rf "$fx/docker-image"
	p=$(BURROW_FIXTURES=$fx BURROW_TEST_CACHE=$tmp/di sh "$fs/docker-image.sh") ||
		die "docker-image.sh failed for arm64"
	put docker-image "$p" "$k"
fi

# ---- debian-rootfs ------------------------------------------------------
if [ ! -f "$fx/debian-rootfs/.complete" ]; then
	d=$tmp/deb
	if ! debootstrap --foreign --arch=arm64 --variant=minbase bookworm "$d" "$mirror" \
		>"$tmp/debootstrap.log" 2>&1; then
		tail -n 5 "$tmp/debootstrap.log" >&2
		die "debootstrap --foreign --arch=arm64 failed (mirror $mirror)"
	fi
	sh "$top/tests/aarch64/foreign-install.sh" "$d" || die "foreign-install.sh failed"
	touch "$d/.complete"
	rm -rf "$fx/debian-rootfs"
	mv -T "$d" "$fx/debian-rootfs"
fi

# ---- debian-devel, debian-mpi -------------------------------------------
# shellcheck disable=SC2086
k=$(fixture_key $dd_src)
if ! fresh debian-devel "$k"; then
	p=$(FIXTURE_ARCH=arm64 FIXTURE_DEBCACHE=$debs BURROW_TEST_CACHE=$tmp/dd \
		sh "$fs/debian-devel.sh") || die "debian-devel.sh failed for arm64"
	put debian-devel "$p" "$k"
	rm -rf "$tmp/dd"
fi
# shellcheck disable=SC2086
k=$(fixture_key $dm_src)
if ! fresh debian-mpi "$k"; then
	p=$(FIXTURE_ARCH=arm64 FIXTURE_CROSS=aarch64-linux-gnu- FIXTURE_DEBCACHE=$debs \
		BURROW_TEST_CACHE=$tmp/dm sh "$fs/debian-mpi.sh") || die "debian-mpi.sh failed for arm64"
	put debian-mpi "$p" "$k"
	rm -rf "$tmp/dm"
fi

# ---- the image ----------------------------------------------------------
touch "$fx/.complete"
kib=$(du -sk "$fx" | cut -f1)
# Room for the metadata, and for what the tests write on it (the disk is
# a snapshot: nothing reaches the image).
kib=$((kib + kib / 4 + 256 * 1024))
rm -f "$tmp/fixtures.img"
mke2fs -q -F -t ext4 -L fixtures -E root_owner=0:0 -d "$fx" "$tmp/fixtures.img" "${kib}k" >/dev/null ||
	die "mke2fs -d $fx failed"
mv -f "$tmp/fixtures.img" "$vm/fixtures.img"
echo "$key" >"$vm/fixtures.img.key"
echo "$vm/fixtures.img"
