#!/bin/sh
# `make static` gives one binary that needs nothing on the node: it runs
# the guix-pack-style tree from an otherwise empty chroot holding only the
# binary, a static busybox and the unpacked pack (plus /proc, which the
# loader and the cwd checks read, as on any Linux node).
. "$(dirname "$0")/lib.sh"

top=$(cd "$IT_LIB/../.." && pwd)
if [ "$(id -u)" != 0 ]; then
	skip_machine static_binary_in_empty_chroot "an empty chroot needs root to enter"
	exit 0
fi
if command -v make >/dev/null && [ -f "$top/GNUmakefile" ]; then
	if ! make -s -C "$top" static >"$T/make.log" 2>&1; then
		fail make_static "make static failed"
		_it_show make "$T/make.log"
		exit 0
	fi
	static=$top/build/static/burrow
	assert static_binary_is_static "file(1) does not call build/static/burrow statically linked" \
		sh -c "file -L '$static' | grep -q 'statically linked'"
	assert static_binary_needs_no_libraries "ldd finds libraries in build/static/burrow" \
		sh -c "! ldd '$static' >/dev/null 2>&1"
else
	# A machine that only runs the tests (the arm64 VM of make
	# check-aarch64) has no make: the burrow under test is the static
	# build there, and the empty chroot below, which has no dynamic
	# linker, is the proof that it needs nothing.  A dynamic one names
	# its interpreter in its first page (PT_INTERP).
	if head -c 4096 "$BURROW" | grep -q 'ld-linux'; then
		skip_machine static_binary "no make to build a static burrow, and $BURROW is dynamic"
		exit 0
	fi
	static=$BURROW
fi

if ! GP=$(sh "$top/tests/fixtures/guix-pack.sh" 2>"$T/fixture.err"); then
	skip static_binary_runs_pack "$(cat "$T/fixture.err")"
	exit 0
fi
. "$GP/paths.env"
bb=
for b in /bin/busybox /usr/bin/busybox; do
	if [ -x "$b" ] && ! ldd "$b" >/dev/null 2>&1; then bb=$b; fi
done
if [ -z "$bb" ]; then
	skip static_binary_runs_pack "needs a static busybox (apt-get install busybox-static)"
	exit 0
fi

E=$T/empty
mkdir -p "$E/bin" "$E/proc" "$E/tmp" "$E/pack"
chmod 1777 "$E/tmp"
cp "$static" "$E/burrow"
cp "$bb" "$E/bin/busybox"
ln -s busybox "$E/bin/sh"
tar -xzf "$GP/pack.tar.gz" -C "$E/pack"
chmod -R a+rX "$E"

spec=
[ "$IT_UID" = 0 ] || spec="--userspec=$IT_UID:$IT_GID"
mkdir -p "$E/sys"
# in_empty CMD...: run CMD inside the empty chroot, as the test's user.
in_empty() {
	# shellcheck disable=SC2016
	{ unshare -m sh -c 'mount --make-rprivate / && mount -t proc proc "$1/proc" &&
		mount --rbind /sys "$1/sys" && e=$1 s=$2 && shift 2 && exec chroot $s "$e" "$@"' \
		sh "$E" "$spec" "$@" </dev/null 2>"$T/err"; echo $? >"$T/status"; } | cat >"$T/out"
	STATUS=$(cat "$T/status")
	ERR=$T/err OUT=$T/out NATIVE_RAN=0
}

in_empty /burrow -r /pack -b /proc /bin/lstopo-no-graphics --version
expect static_binary_runs_pack_from_empty_chroot "$GP_LSTOPO_VERSION"

# The whole topology, with as many PUs as the host has.
in_empty /burrow -r /pack -b /proc -b /sys /bin/lstopo-no-graphics
pus=$(grep -c 'PU L#' "$OUT")
assert static_binary_pack_prints_topology "lstopo printed $pus PUs, the host has $(nproc)" \
	sh -c "grep -q '^Machine' '$OUT' && [ '$pus' = '$(nproc)' ]"
