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

# download URL FILE [SHA256]: fetch URL into FILE (through a temporary file
# beside it, so FILE is whole or absent), checking its SHA256 when given.
# apt's own downloader, so apt's proxy settings apply.  Returns 1, with
# apt's last line in $tmp/apt.log, on failure.
download() {
	_part=$2.part
	rm -f "$_part" "$_part.FAILED"
	# shellcheck disable=SC2086
	/usr/lib/apt/apt-helper download-file "$1" "$_part" ${3:+SHA256:$3} >"$tmp/apt.log" 2>&1 &&
		{ [ -z "${3:-}" ] || [ "$(sha256sum <"$_part" | cut -d' ' -f1)" = "$3" ]; } &&
		mv -f "$_part" "$2" && return 0
	rm -f "$_part" "$_part.FAILED"
	return 1
}
