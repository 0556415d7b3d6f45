#!/bin/sh
# fetch.sh: make sure the arm64 test VM's parts are in the cache and print
# the cache directory.
#
#   $BURROW_TEST_CACHE (default /var/cache/burrow-tests)/arm64-vm/
#     debs/           the .deb files (debs.sh: apt-get download, or by their
#                     Filename from an index, SHA256 checked)
#     kernel-index/SUITE/Packages.xz
#                     SUITE's arm64 index, checked against its InRelease,
#                     which gpgv checks with Debian's archive keyring
#     Image           the Debian arm64 kernel (an uncompressed arm64 Image:
#                     qemu -kernel boots it without firmware)
#     kernel-version  which: package, version and suite
#     modules/        its ext4, RAM-disk and virtio block modules and
#                     what they need, uncompressed (busybox's insmod takes
#                     no .ko.xz), named NN-NAME.ko in the order insmod
#                     wants them: the VM's /tmp is an ext4 RAM disk, and
#                     the fixtures (fixtures.sh) come as an ext4 image on
#                     a virtio disk
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
# The kernel: the one linux-image-arm64 depends on in SUITE =
# $BURROW_ARM64_KERNEL_SUITE (default trixie-backports, the newest arm64
# kernel Debian builds), read from SUITE's index on $BURROW_DEBIAN_MIRROR
# (default http://deb.debian.org/debian), never from the host's apt
# sources: the host stays on its own release.  The index is read again
# when a day old (offline, the cached one serves), and a kernel the index
# no longer points to is replaced.  SUITE = the host's own release
# (bookworm on Debian 12) or "apt" takes the kernel from the host's apt
# sources instead, as apt-get download would.
#
# The first run needs `dpkg --add-architecture arm64 && apt-get update`
# (setup.sh does it) and Debian's mirror; later runs are offline.
# Exit status 1 with one line on stderr when something cannot be had.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cache=${BURROW_TEST_CACHE:-/var/cache/burrow-tests}/arm64-vm
debs=$cache/debs
suite=${BURROW_ARM64_KERNEL_SUITE:-trixie-backports}
mirror=${BURROW_DEBIAN_MIRROR:-http://deb.debian.org/debian}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
die() { echo "fetch.sh: $*" >&2; exit 1; }
# shellcheck source=debs.sh
. "$here/debs.sh"

# Scratch space in the cache, so finished parts are renamed into place; a
# user who cannot write there still runs from a complete cache.
mkdir -p "$cache" 2>/dev/null || :
tmp=$(mktemp -d "$cache/.fetch.XXXXXX" 2>/dev/null) || tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP

# ---- which kernel -------------------------------------------------------
# Sets kname (the linux-image-VERSION-arm64 package), kver (its version)
# and kpkgs: a line "PACKAGE VERSION FILENAME SHA256" for it and every one it
# depends on at exactly its version (newer kernels are split into
# linux-image, linux-binary (the Image) and linux-modules), or, from apt,
# the one package's name.
host_suite=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}") || host_suite=
if [ "$suite" = apt ] || [ "$suite" = "$host_suite" ]; then
	kfrom=apt
	kname=$(apt-cache depends linux-image-arm64:arm64 2>/dev/null |
		awk '/Depends: linux-image-/ { sub(/:arm64$/, "", $2); print $2; exit }')
	[ -n "$kname" ] || die "apt-cache knows no linux-image-arm64:arm64 (run: dpkg --add-architecture arm64 && apt-get update)"
	kver=$(apt-cache show --no-all-versions "$kname:arm64" 2>/dev/null | sed -n 's/^Version: //p' | head -n 1)
	kpkgs=$kname
else
	kfrom=index
	idx=$cache/kernel-index/$suite
	# As apt reads a suite: InRelease signed by a key of Debian's archive
	# keyring (which apt trusts already) gives Packages.xz's SHA256.
	refresh_index() {
		[ -r "$keyring" ] || { echo "no $keyring (apt-get install debian-archive-keyring)"; return 1; }
		if ! mkdir -p "$idx" 2>/dev/null || [ ! -w "$idx" ]; then
			echo "cannot write $idx"
			return 1
		fi
		download "$mirror/dists/$suite/InRelease" "$tmp/InRelease" ||
			{ grep -m 1 '^E:' "$tmp/apt.log"; return 1; }
		gpgv --keyring "$keyring" --output "$tmp/Release" "$tmp/InRelease" >"$tmp/gpgv.log" 2>&1 ||
			{ echo "$suite's InRelease has no good signature: $(tail -n 1 "$tmp/gpgv.log")"; return 1; }
		_sum=$(awk '/^[^ ]/ { on = ($1 == "SHA256:") } on && $3 == "main/binary-arm64/Packages.xz" { print $1 }' "$tmp/Release")
		[ -n "$_sum" ] || { echo "$suite has no main/binary-arm64/Packages.xz"; return 1; }
		download "$mirror/dists/$suite/main/binary-arm64/Packages.xz" "$idx/Packages.xz" "$_sum" ||
			{ grep -m 1 '^E:' "$tmp/apt.log"; return 1; }
	}
	if [ -z "$(find "$idx/Packages.xz" -mmin -1440 2>/dev/null)" ]; then
		if ! why=$(refresh_index); then
			[ -s "$idx/Packages.xz" ] || die "cannot read $suite's index from $mirror: $why"
			echo "fetch.sh: the $suite index not refreshed ($why): using the one of $(date -r "$idx/Packages.xz" +%F)" >&2
		fi
		# A day until the next try, whether this one worked or not.
		touch "$idx/Packages.xz" 2>/dev/null || :
	fi
	# index KERNEL: the package lines for KERNEL, or for the one
	# linux-image-arm64 depends on when KERNEL is empty.
	index() {
		xz -dc "$idx/Packages.xz" | awk -v k="$1" '
			BEGIN { RS = ""; FS = "\n" }
			{
				p = ""
				for (i = 1; i <= NF; i++)
					if ($i ~ /^Package: /) p = substr($i, 10)
				if (p == "" || p in ver)
					next
				for (i = 1; i <= NF; i++) {
					if ($i ~ /^Version: /) ver[p] = substr($i, 10)
					if ($i ~ /^Depends: /) dep[p] = substr($i, 10)
					if ($i ~ /^Filename: /) file[p] = substr($i, 11)
					if ($i ~ /^SHA256: /) sum[p] = substr($i, 9)
				}
			}
			END {
				if (k == "") {
					n = split(dep["linux-image-arm64"], d, /, */)
					for (i = 1; i <= n; i++)
						if (d[i] ~ /^linux-image-[^ ]*-arm64( |$)/) {
							sub(/ .*/, "", d[i])
							k = d[i]
						}
				}
				if (!(k in ver))
					exit
				q[0] = k
				seen[k] = 1
				for (h = t = 0; h <= t; h++) {
					p = q[h]
					print p, ver[p], file[p], sum[p]
					n = split(dep[p], d, /, */)
					for (i = 1; i <= n; i++) {
						if (d[i] !~ /^linux-[^ |]* \(= / || d[i] ~ /\|/)
							continue
						sub(/ .*/, "", d[i])
						if ((d[i] in ver) && !(d[i] in seen)) {
							seen[d[i]] = 1
							q[++t] = d[i]
						}
					}
				}
			}'
	}
	kpkgs=$(index '')
	if [ -z "$kpkgs" ]; then
		# No metapackage: the highest generic linux-image-VERSION-arm64.
		k=$(xz -dc "$idx/Packages.xz" | sed -n 's/^Package: \(linux-image-[0-9][^ ]*-arm64\)$/\1/p' |
			grep -v -e -rt- -e -cloud- | sort -V | tail -n 1)
		[ -n "$k" ] && kpkgs=$(index "$k")
	fi
	[ -n "$kpkgs" ] || die "$suite's index ($mirror) has no linux-image-arm64 or linux-image-VERSION-arm64"
	# shellcheck disable=SC2046
	set -- $(printf '%s\n' "$kpkgs" | head -n 1)
	kname=$1 kver=$2
fi
kkey="$kname $kver ($suite)"

# kernel_debs: the cached .debs of the kernel, downloaded when missing.
kernel_debs() {
	if [ $kfrom = apt ]; then
		deb "$kname"
		return
	fi
	printf '%s\n' "$kpkgs" | while read -r _p _v _file _sum; do
		_f=$debs/${_file##*/}
		if [ ! -f "$_f" ] || [ "$(sha256sum <"$_f" | cut -d' ' -f1)" != "$_sum" ]; then
			download "$mirror/$_file" "$_f" "$_sum" ||
				die "cannot download $_p from $mirror: $(grep -m 1 '^E:' "$tmp/apt.log")"
		fi
		echo "$_f"
	done
}

modules_version="modules 3 $kkey"
gnu_version="gnu 5"
if [ -s "$cache/Image" ] && [ "$(cat "$cache/kernel-version" 2>/dev/null)" = "$kkey" ] &&
	[ "$(cat "$cache/modules/.complete" 2>/dev/null)" = "$modules_version" ] && [ -x "$cache/busybox" ] &&
	[ -f "$cache/dyn/.complete" ] &&
	[ "$(cat "$cache/gnu/.complete" 2>/dev/null)" = "$gnu_version" ]; then
	echo "$cache"
	exit 0
fi
mkdir -p "$debs" || die "cannot create $cache"
case $tmp in
"$cache"/*) ;;
*) die "cannot write $cache" ;;
esac

# ---- the kernel and its modules -----------------------------------------
if [ ! -s "$cache/Image" ] || [ "$(cat "$cache/kernel-version" 2>/dev/null)" != "$kkey" ] ||
	[ "$(cat "$cache/modules/.complete" 2>/dev/null)" != "$modules_version" ]; then
	k=$tmp/k
	mkdir -p "$k"
	kernel_debs >"$tmp/kdebs" || exit 1
	while read -r f; do
		dpkg-deb --fsys-tarfile "$f" | tar -x -C "$k" --exclude='*/dtb' --exclude=./usr/share ||
			die "cannot extract $f"
	done <"$tmp/kdebs"
	# The Image: /boot/vmlinuz-VERSION, or /usr/lib/modules/VERSION/vmlinuz
	# since the packages moved it.  "ARMd" at 0x38 marks a plain Image.
	img=$(find "$k" -type f \( -name 'vmlinuz-*' -o -name vmlinuz \) | head -n 1)
	[ -n "$img" ] || die "no vmlinuz in $kname"
	[ "$(dd if="$img" bs=1 skip=56 count=4 2>/dev/null)" = ARMd ] ||
		die "$kname's ${img#"$k"} is no plain arm64 Image (compressed?)"
	cp "$img" "$tmp/Image"
	kmods=$(find "$k" -type d -path '*/modules/*/kernel' | head -n 1)
	[ -n "$kmods" ] || die "no modules in $kname"
	kmods=${kmods%/kernel}
	# Every module, as "NAME PATH" (NAME with _ for -, as the kernel has it).
	find "$kmods/kernel" -name '*.ko*' | awk '{ n = $0; sub(/.*\//, "", n); sub(/\.ko(\.[a-z]+)?$/, "", n); gsub(/-/, "_", n); print n, $0 }' |
		sort >"$tmp/all"
	# The built-in ones, by name and by alias.
	{
		sed 's|.*/||; s|\.ko$||; s|-|_|g' "$kmods/modules.builtin" 2>/dev/null || :
		tr '\0' '\n' <"$kmods/modules.builtin.modinfo" 2>/dev/null | sed -n 's/^[^.]*\.alias=//p' || :
	} >"$tmp/builtin"
	# unpack FILE: a module, uncompressed, on stdout.
	unpack() {
		case $1 in
		*.ko.xz) xz -dc "$1" ;;
		*.ko.zst) zstd -qdc "$1" ;;
		*.ko.gz) gzip -dc "$1" ;;
		*) cat "$1" ;;
		esac
	}
	# ext4 (and what it needs), brd and the virtio-mmio block device;
	# insmod wants each module after those it needs: depends= and the
	# pre: of softdep= in its .modinfo (jbd2 wants crypto-crc32c: on 6.1
	# crc32c_generic, on 7.3 crc32c_cryptoapi).  A name or alias no module
	# provides must be built in.
	mkdir -p "$tmp/modules" "$tmp/ko"
	printf '%s\n' ext4 brd virtio_mmio virtio_blk >"$tmp/todo"
	: >"$tmp/pairs"
	while [ -s "$tmp/todo" ]; do
		n=$(head -n 1 "$tmp/todo")	# a module's name or an alias
		sed -i 1d "$tmp/todo"
		[ -e "$tmp/ko/$n" ] && continue
		: >"$tmp/ko/$n"
		m=$(echo "$n" | tr - _)
		f=$(awk -v n="$m" '$1 == n { print $2; exit }' "$tmp/all")
		if [ -z "$f" ]; then
			grep -qxF -e "$n" -e "$m" "$tmp/builtin" && continue
			# An alias: the module whose .modinfo says alias=NAME.
			while read -r m f; do
				unpack "$f" | tr '\0' '\n' | grep -qxF "alias=$n" && break
				f=
			done <<-EOF
				$(grep -F -e /crypto/ -e /lib/ "$tmp/all"; grep -v -F -e /crypto/ -e /lib/ "$tmp/all")
			EOF
			[ -n "$f" ] || die "$kname has no $n module, built in or not"
			echo "$m $n" >>"$tmp/pairs"
			echo "$m" >>"$tmp/todo"
			continue
		fi
		if [ "$n" != "$m" ]; then
			echo "$m $n" >>"$tmp/pairs"
			n=$m
			[ -e "$tmp/ko/$n" ] && continue
		fi
		unpack "$f" >"$tmp/ko/$n" || die "cannot unpack $f"
		echo "$n $n" >>"$tmp/pairs"
		for d in $(tr '\0' '\n' <"$tmp/ko/$n" | sed -n 's/^depends=//p; s/^softdep=.*pre: *\([^:]*\)\( post:.*\)\{0,1\}$/\1/p' | tr , ' '); do
			echo "$d $n" >>"$tmp/pairs"
			echo "$d" >>"$tmp/todo"
		done
	done
	i=0
	for n in $(tsort "$tmp/pairs"); do
		[ -s "$tmp/ko/$n" ] || continue	# built in, or an alias
		cp "$tmp/ko/$n" "$tmp/modules/$(printf %02d $i)-$n.ko"
		i=$((i + 1))
	done
	echo "$modules_version" >"$tmp/modules/.complete"
	rm -rf "$cache/modules"
	mv "$tmp/modules" "$cache/modules"
	mv -f "$tmp/Image" "$cache/Image"
	echo "$kkey" >"$cache/kernel-version"
	rm -rf "$k" "$tmp/ko"
	# The debs of other kernels: 60 to 100 MB each.
	for f in "$debs"/linux-*_arm64.deb; do
		[ -e "$f" ] && ! grep -qxF "$f" "$tmp/kdebs" && rm -f "$f"
	done
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
