#!/bin/sh
# The generator's rules for the numbers every arch shares (424 and up):
# written once, as "=" in the aarch64 column; and SC_NR_LIMIT comes from
# the generator, not from a second copy in C.
#
# Exit status: 0 all as expected, 1 otherwise (each printed).
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
bad=0

gen() {
	printf '%s\n' "$1" >"$tmp/t.tbl"
	awk -v out="$tmp" -f "$top/src/arch/gen-systable.awk" "$tmp/t.tbl" 2>"$tmp/err"
}

# name, row, expected message (empty: accepted)
check() {
	if gen "$2"; then
		[ -z "$3" ] && return
		echo "check-systable-gen: $1: accepted '$2'"
	else
		grep -qF -- "$3" "$tmp/err" && [ -n "$3" ] && return
		echo "check-systable-gen: $1: '$2': $(cat "$tmp/err")"
	fi
	bad=1
}

check shared_number_written_once 'x 437 = dirfd=1 path=2' ''
check shared_number_twice_refused 'x 437 437' "437 is shared by every arch: write '=' in the aarch64 column"
check equals_below_424_refused 'x 100 =' "'=' is for the numbers every arch shares (424 and up)"
check equals_without_number_refused 'x - =' "'=' is for the numbers every arch shares"
check old_numbers_stay_apart 'x 257 56' ''

if gen 'x 437 ='; then
	grep -q '^#define SC_NR_LIMIT 1024$' "$tmp/systable-gen.h" ||
		{ echo "check-systable-gen: no SC_NR_LIMIT in systable-gen.h"; bad=1; }
	grep -q '\[SC_x\] = 437,' "$tmp/systable.c" && [ "$(grep -c '\[SC_x\] = 437,' "$tmp/systable.c")" = 2 ] ||
		{ echo "check-systable-gen: '=' did not give aarch64 the x86_64 number"; bad=1; }
fi
[ "$bad" = 0 ] && echo "check-systable-gen: shared numbers and SC_NR_LIMIT as expected"
exit "$bad"
