#!/bin/sh
# setup.sh: install what `make check-aarch64` needs on a Debian 12 host,
# when something is missing; silent when all is there.
#
#   the cross compiler        gcc-aarch64-linux-gnu, libc6-dev-arm64-cross
#   arm64 libraries (static)  libtalloc-dev:arm64, check:arm64,
#                             libarchive-dev:arm64 and the -dev packages of
#                             what it links (multiarch: they install beside
#                             the amd64 ones, which apt may first upgrade to
#                             the same version), libjansson-dev:arm64
#   the VM                    qemu-system-arm, cpio; xz-utils, gpgv and
#                             debian-archive-keyring for its kernel's index
#   its fixtures              e2fsprogs (mke2fs -d), debootstrap, patchelf,
#                             python3 (the crafted archives)
#
# Needs root for apt-get; otherwise it says what to run.  Never installs
# gcc-multilib: it conflicts with gcc-aarch64-linux-gnu.
# The kernel and the VM's userland come later, from fetch.sh.
set -eu

missing=
have_cmd() { command -v "$1" >/dev/null 2>&1; }
if [ "$(uname -m)" != aarch64 ]; then
	have_cmd aarch64-linux-gnu-gcc || missing="$missing gcc-aarch64-linux-gnu"
	[ -f /usr/aarch64-linux-gnu/include/stdio.h ] || missing="$missing libc6-dev-arm64-cross"
fi
[ -f /usr/lib/aarch64-linux-gnu/libtalloc.a ] || missing="$missing libtalloc-dev:arm64"
[ -f /usr/lib/aarch64-linux-gnu/libcheck_pic.a ] || missing="$missing check:arm64"
[ -f /usr/lib/aarch64-linux-gnu/libjansson.a ] || missing="$missing libjansson-dev:arm64"
# libarchive.a and the libraries its Libs.private name (libxml2 is left
# out of the static link: see the GNUmakefile).
for p in archive:libarchive-dev acl:libacl1-dev zstd:libzstd-dev lz4:liblz4-dev \
	lzma:liblzma-dev bz2:libbz2-dev z:zlib1g-dev nettle:nettle-dev; do
	[ -f "/usr/lib/aarch64-linux-gnu/lib${p%%:*}.a" ] || missing="$missing ${p#*:}:arm64"
done
have_cmd qemu-system-aarch64 || missing="$missing qemu-system-arm"
have_cmd cpio || missing="$missing cpio"
have_cmd xz || missing="$missing xz-utils"
have_cmd gpgv || missing="$missing gpgv"
[ -f /usr/share/keyrings/debian-archive-keyring.gpg ] || missing="$missing debian-archive-keyring"
have_cmd mke2fs || [ -x /sbin/mke2fs ] || missing="$missing e2fsprogs"
have_cmd debootstrap || [ -x /usr/sbin/debootstrap ] || missing="$missing debootstrap"
have_cmd patchelf || missing="$missing patchelf"
have_cmd python3 || missing="$missing python3"
[ -z "$missing" ] && exit 0

cmd="dpkg --add-architecture arm64 && apt-get update && apt-get install --no-install-recommends$missing"
if [ "$(id -u)" != 0 ]; then
	echo "check-aarch64: missing:$missing; as root run: $cmd" >&2
	exit 1
fi
echo "check-aarch64: installing$missing" >&2
dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
