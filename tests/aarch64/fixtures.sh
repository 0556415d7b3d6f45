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
#                              with aarch64-linux-gnu-gcc (no musl)
#     fixtures/guix-pack/      the layout tests/fixtures/guix-pack.sh makes
#                              from the host's programs, made from arm64
#                              .debs (bash, hwloc-nox and their libraries)
#     fixtures/debian-rootfs/  Debian 12 minbase for arm64: debootstrap
#                              --foreign, finished by
#                              tests/aarch64/foreign-install.sh (no arm64
#                              code runs on the host)
#     fixtures.img             all three, ext4 (mke2fs -d), and
#     fixtures.img.key         the hash of the scripts that made it
#
# Each fixture is built once (its .complete) and the image again when a
# script changes.  Needs root (debootstrap, files owned by root in the
# image), gcc-aarch64-linux-gnu, patchelf, debootstrap and e2fsprogs
# (setup.sh installs them) and Debian's mirror the first time.  Exit
# status 1 with one line on stderr when something cannot be had.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
vm=${BURROW_TEST_CACHE:-/var/cache/burrow-tests}/arm64-vm
fx=$vm/fixtures
mirror=${BURROW_DEBIAN_MIRROR:-http://deb.debian.org/debian}
die() { echo "fixtures.sh: $*" >&2; exit 1; }

key=$(cat "$0" "$top/tests/fixtures/exec-progs.sh" "$top/tests/fixtures/execprog.c" \
	"$top/tests/aarch64/foreign-install.sh" | sha256sum | cut -c1-16)
if [ -f "$vm/fixtures.img" ] && [ "$(cat "$vm/fixtures.img.key" 2>/dev/null)" = "$key" ]; then
	echo "$vm/fixtures.img"
	exit 0
fi
[ "$(id -u)" = 0 ] || die "the arm64 fixtures are built as root (debootstrap, root-owned files)"
for t in aarch64-linux-gnu-gcc patchelf debootstrap mke2fs dpkg-deb; do
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

# ---- exec-progs ---------------------------------------------------------
if [ ! -f "$fx/exec-progs/.complete" ]; then
	p=$(FIXTURE_CROSS=aarch64-linux-gnu- BURROW_TEST_CACHE=$tmp/ep \
		sh "$top/tests/fixtures/exec-progs.sh") || die "exec-progs.sh failed for arm64"
	rm -rf "$fx/exec-progs"
	cp -a "$p" "$fx/exec-progs"
fi

# ---- guix-pack ----------------------------------------------------------
# As guix-pack.sh lays it out (see there), from arm64 packages: each
# program and library goes into a store item named after its source
# package, PT_INTERP is the store's ld.so and every ELF file gets the
# store's lib directories as RUNPATH.
gp_version="guix-pack arm64 1"
if [ "$(cat "$fx/guix-pack/.complete" 2>/dev/null)" != "$gp_version" ]; then
	g=$tmp/gp
	mkdir -p "$g/x" "$g/pack/gnu/store"
	# store_name NAME: 32 characters of Nix's base-32 alphabet, then NAME.
	store_name() {
		printf '%s' "burrow-test-$1" | sha256sum | cut -c1-32 | tr e z | sed "s/\$/-$1/"
	}
	for p in libc6 bash hwloc-nox libhwloc15 libudev1 libtinfo6; do
		f=$(deb "$p")
		src=$(dpkg-deb -f "$f" Source | cut -d' ' -f1)
		ver=$(dpkg-deb -f "$f" Version | sed 's/^[0-9]*://; s/-[^-]*$//; s/+.*//')
		echo "${src:-$p}-$ver" >"$g/item.$p"
		dpkg-deb -x "$f" "$g/x/$p"
	done
	# find_lib NAME: the package and path of the library NAME.
	find_lib() {
		for p in libc6 libhwloc15 libudev1 libtinfo6 bash hwloc-nox; do
			for d in lib/aarch64-linux-gnu usr/lib/aarch64-linux-gnu lib usr/lib; do
				if [ -e "$g/x/$p/$d/$1" ]; then
					echo "$p $g/x/$p/$d/$1"
					return 0
				fi
			done
		done
		return 1
	}
	: >"$g/rpath"
	: >"$g/patch"
	# add_lib NAME: the library and what it needs, into their items.
	add_lib() {
		_found=$(find_lib "$1") || die "no arm64 package has $1"
		# shellcheck disable=SC2086
		set -- "$1" $_found
		_item=$(store_name "$(cat "$g/item.$2")")
		[ -e "$g/pack/gnu/store/$_item/lib/$1" ] && return 0
		mkdir -p "$g/pack/gnu/store/$_item/lib"
		cp -L "$3" "$g/pack/gnu/store/$_item/lib/$1"
		grep -qxF "/gnu/store/$_item/lib" "$g/rpath" || echo "/gnu/store/$_item/lib" >>"$g/rpath"
		case $1 in
		ld-linux-*) ;;
		*) echo "$g/pack/gnu/store/$_item/lib/$1" >>"$g/patch" ;;
		esac
		for _n in $(aarch64-linux-gnu-readelf -d "$3" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
			add_lib "$_n"
		done
	}
	# add_prog PKG PATH: the program into PKG's item, and its libraries.
	add_prog() {
		_item=$(store_name "$(cat "$g/item.$1")")
		mkdir -p "$g/pack/gnu/store/$_item/bin"
		cp "$g/x/$1/$2" "$g/pack/gnu/store/$_item/bin/"
		echo "$g/pack/gnu/store/$_item/bin/${2##*/}" >>"$g/patch"
		for _n in $(aarch64-linux-gnu-readelf -d "$g/x/$1/$2" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
			add_lib "$_n"
		done
	}
	add_lib ld-linux-aarch64.so.1
	add_prog hwloc-nox usr/bin/lstopo-no-graphics
	add_prog bash bin/bash
	glibc=/gnu/store/$(store_name "$(cat "$g/item.libc6")")
	interp=$glibc/lib/ld-linux-aarch64.so.1
	rpath=$(paste -sd: "$g/rpath")
	while read -r f; do
		case $f in
		*/bin/*) patchelf --set-interpreter "$interp" --set-rpath "$rpath" "$f" ;;
		*) patchelf --set-rpath "$rpath" "$f" ;;
		esac
	done <"$g/patch"
	hwloc=/gnu/store/$(store_name "$(cat "$g/item.hwloc-nox")")
	bash=/gnu/store/$(store_name "$(cat "$g/item.bash")")
	greet=/gnu/store/$(store_name greet-1.0)
	profile=/gnu/store/$(store_name profile)
	pack=$g/pack
	mkdir -p "$pack$greet/bin" "$pack$greet/libexec" "$pack$profile/bin"
	# shellcheck disable=SC2016
	printf '#!%s/bin/bash\nprintf "0=%%s\\n" "$0"\ni=1\nfor a; do printf "%%s=%%s\\n" "$i" "$a"; i=$((i + 1)); done\n' \
		"$bash" >"$pack$greet/libexec/greet-inner"
	printf '#!%s/libexec/greet-inner from-greet\n' "$greet" >"$pack$greet/bin/greet"
	cp "$pack$greet/libexec/greet-inner" "$pack$greet/bin/hello"
	chmod 0555 "$pack$greet/libexec/greet-inner" "$pack$greet/bin/greet" "$pack$greet/bin/hello"
	ln -s "$hwloc/bin/lstopo-no-graphics" "$pack$profile/bin/lstopo-no-graphics"
	ln -s "$bash/bin/bash" "$pack$profile/bin/bash"
	ln -s "$bash/bin/bash" "$pack$profile/bin/sh"
	ln -s "$greet/bin/greet" "$pack$profile/bin/greet"
	ln -s "$greet/bin/hello" "$pack$profile/bin/hello"
	ln -s "$profile/bin" "$pack/bin"
	find "$pack/gnu" -type f -exec chmod a-w {} +
	find "$pack/gnu/store" -mindepth 1 -type d -exec chmod 0555 {} +
	mkdir "$g/out"
	tar -C "$pack" --sort=name --mtime=@1 --owner=0 --group=0 --numeric-owner \
		-czf "$g/out/pack.tar.gz" ./gnu ./bin
	mkdir "$g/out/root"
	tar -C "$g/out/root" -xzf "$g/out/pack.tar.gz"
	chmod 0755 "$g/out/root"
	# What the programs print, from their packages (nothing arm64 runs
	# here): "lstopo-no-graphics 2.9.0", bash's "5.2.15(1)-release".
	hv=$(dpkg-deb -f "$(deb hwloc-nox)" Version | sed 's/^[0-9]*://; s/-[^-]*$//')
	bv=$(dpkg-deb -f "$(deb bash)" Version | sed 's/^[0-9]*://; s/-[^-]*$//')
	cat >"$g/out/paths.env" <<EOF
GP_GLIBC=$glibc
GP_HWLOC=$hwloc
GP_BASH=$bash
GP_GREET=$greet
GP_PROFILE=$profile
GP_INTERP=$interp
GP_LSTOPO_VERSION='lstopo-no-graphics $hv'
GP_BASH_VERSION='$bv(1)-release'
EOF
	echo "$gp_version" >"$g/out/.complete"
	if [ -d "$fx/guix-pack" ]; then
		chmod -R u+w "$fx/guix-pack"
		rm -rf "$fx/guix-pack"
	fi
	mv -T "$g/out" "$fx/guix-pack"
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
