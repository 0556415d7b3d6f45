#!/bin/sh
# foreign-debootstrap.sh ARCH ROOT DEBCACHE [PACKAGE...]: make ROOT a
# Debian 12 minbase for ARCH (a Debian architecture: arm64) with the
# PACKAGEs and what they depend on, on a host of another architecture and
# without running any of ARCH's programs: `debootstrap --foreign
# --include=PACKAGE,...`, finished by foreign-install.sh.  As apt-get
# clean does, the .debs and apt's lists are then removed from ROOT.
#
# The packages are downloaded once, into a tarball in DEBCACHE
# (debootstrap --make-tarball) named after ARCH and the package list;
# later builds take them from there, offline.  tests/fixtures/debian-devel.sh
# and debian-mpi.sh use it for the arm64 VM (FIXTURE_ARCH).  Needs root
# and debootstrap; the mirror is $BURROW_DEBIAN_MIRROR (default
# http://deb.debian.org/debian).  Exit status 1, with the reason on
# stderr, on failure.
set -eu
me=foreign-debootstrap
die() { echo "$me: $*" >&2; exit 1; }
[ $# -ge 3 ] || die "usage: foreign-debootstrap.sh ARCH ROOT DEBCACHE [PACKAGE...]"
here=$(cd "$(dirname "$0")" && pwd)
arch=$1 root=$2 debcache=$3
shift 3
mirror=${BURROW_DEBIAN_MIRROR:-http://deb.debian.org/debian}
command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
[ ! -e "$root" ] || die "$root exists"
mkdir -p "$debcache" || die "cannot create $debcache"
include=$(echo "$@" | tr ' ' ',')
set -- --arch="$arch" --variant=minbase ${include:+--include="$include"}
name=debootstrap-bookworm-$arch-$(echo "$include" | cksum | cut -d' ' -f1)
tarball=$debcache/$name.tgz
log=$root.log

if [ ! -f "$tarball" ]; then
	echo "$me: downloading the packages for $arch from $mirror into $tarball (once)" >&2
	# debootstrap names the compression after the suffix: .tgz.
	if ! debootstrap "$@" --make-tarball="$debcache/.$name.$$.tgz" bookworm "$root.mk" "$mirror" \
		>"$log" 2>&1; then
		tail -n 5 "$log" >&2
		rm -rf "$root.mk" "$debcache/.$name.$$.tgz"
		die "debootstrap --make-tarball failed (mirror $mirror)"
	fi
	rm -rf "$root.mk"
	mv -f "$debcache/.$name.$$.tgz" "$tarball"
fi
if ! debootstrap --foreign "$@" --unpack-tarball="$tarball" bookworm "$root" "$mirror" >"$log" 2>&1; then
	tail -n 5 "$log" >&2
	die "debootstrap --foreign --unpack-tarball=$tarball failed"
fi
rm -f "$log"
sh "$here/foreign-install.sh" "$root" || die "foreign-install.sh $root failed"
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
