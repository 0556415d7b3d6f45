# shellcheck shell=sh disable=SC2154
# debs.sh: sourced by fetch.sh and fixtures.sh, which keep the arm64 .debs
# they use in one directory, $debs ($BURROW_TEST_CACHE/arm64-vm/debs).
# Both define die() and a scratch directory $tmp before using these.

# deb PACKAGE: the cached .deb of PACKAGE:arm64, downloaded when missing
# with apt-get download, from the host's own apt sources.
deb() {
	_f=$(ls "$debs/$1"_*_arm64.deb 2>/dev/null | tail -n 1)
	if [ -z "$_f" ]; then
		(cd "$debs" && apt-get download -q "$1:arm64" >"$tmp/apt.log" 2>&1) ||
			die "apt-get download $1:arm64 failed: $(tail -n 1 "$tmp/apt.log")"
		_f=$(ls "$debs/$1"_*_arm64.deb | tail -n 1)
	fi
	echo "$_f"
}
