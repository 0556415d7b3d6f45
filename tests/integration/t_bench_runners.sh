#!/bin/sh
# make bench's runners, smoke-tested: one quick round of a few workloads
# (benchmarks/bench.sh, BENCH_QUICK=1) in the cached benchmark rootfs,
# with Debian's fakechroot and burrow's in-guest engine (burrow-guest) as
# runners beside native and burrow.  Only
# that the runs happen and are reported is checked, never a time: the
# fakechroot runner times what it can run, says "n/a" (with why) for the
# static guest program it cannot intercept, and burrow's trapped calls
# (--report) are counted per workload; burrow-guest times all of them,
# with no trap count (it refuses --report).  As nobody, "native" runs on the
# host (bench.sh's NOT ROOT mode) and fakechroot must still find the
# guest program.
. "$(dirname "$0")/lib.sh"

# CI's fallback pass sets BURROW_NO_SECCOMP=1, which the burrow-guest
# runner refuses (bench.sh then shows its column n/a, as it should): this
# test checks the runners, not the fallback, so it runs them without it.
unset BURROW_NO_SECCOMP PROOT_NO_SECCOMP BURROW_ENGINE

FAKECHROOT=/usr/bin/fakechroot
if [ ! -x "$FAKECHROOT" ]; then
	skip bench_fakechroot_available "no $FAKECHROOT (apt-get install fakechroot)"
	exit 0
fi
# timer, floor and guest: built by `make bench` and `make check-integration`.
BIN=${BENCH_BIN:-$HELPERS/../../../bench}
if [ ! -x "$BIN/timer" ] || [ ! -x "$BIN/floor" ] || [ ! -x "$BIN/guest" ]; then
	skip bench_programs_built "no timer, floor and guest in $BIN (make build/bench/timer build/bench/floor build/bench/guest)"
	exit 0
fi
BIN=$(cd "$BIN" && pwd)
# Last: as root, the first run builds the rootfs (a few minutes).
bench=$IT_LIB/../../benchmarks
if ! sh "$bench/bench-rootfs.sh" >/dev/null 2>"$T/fixture.err"; then
	skip bench_rootfs_available "$(cat "$T/fixture.err")"
	exit 0
fi

mkdir -p "$T/out"
[ "$IT_UID" = 0 ] || chown "$IT_UID:$IT_GID" "$T/out"
# No proot: the column under test is fakechroot's.
# shellcheck disable=SC2086
$IT_AS env BURROW="$BURROW" BENCH_BIN="$BIN" BENCH_QUICK=1 BENCH_ONLY=find,compute,stat,startup \
	BENCH_PROOT=/nonexistent BENCH_NO_INSTALL=1 BENCH_JSON="$T/out/b.json" \
	sh "$bench/bench.sh" >"$T/bench.out" 2>"$T/bench.err"
status=$?
cat "$T/bench.out" >>"$T/bench.err"

# field WORKLOAD KEY: the JSON line "KEY" of WORKLOAD's object, e.g.
# `"status": {"native": [0], ...}`.
field() {
	awk -v w="\"name\": \"$1\"," -v k="\"$2\":" '
		index($0, w) { inw = 1 } index($0, "\"name\":") && !index($0, w) { inw = 0 }
		inw && index($0, k) { sub(/^.*"'"$2"'": /, ""); print; exit }' "$T/out/b.json"
}
has() { case $1 in *"$2"*) return 0 ;; esac; return 1; }

check() {	# NAME WHY CONDITION-CMD...
	_n=$1 _w=$2
	shift 2
	if [ "$status" = 0 ] && [ -s "$T/out/b.json" ] && "$@"; then
		pass "$_n"
	else
		fail "$_n" "$_w (bench.sh exited $status)"
		_it_show bench "$T/bench.err"
	fi
}

check bench_fakechroot_is_a_runner "fakechroot or burrow-guest is not among the runners" \
	grep -q '"runners": \["native", "burrow", "burrow-guest", "fakechroot"\]' "$T/out/b.json"

ran_ok() {
	for w in find compute startup; do
		has "$(field "$w" status)" '"fakechroot": [0]' || return 1
		has "$(field "$w" median)" '"fakechroot": null' && return 1
		has "$(field "$w" ratio)" '"fakechroot/native": null' && return 1
		has "$(field "$w" ratio)" '"burrow/fakechroot": null' && return 1
	done
	return 0
}
check bench_fakechroot_times_find_compute_startup \
	"find, compute or startup did not run to exit 0 under fakechroot, or has no median or ratio" ran_ok

stat_na() {
	has "$(field stat status)" '"fakechroot": ["n/a"]' &&
	has "$(field stat not_run)" '"fakechroot": "the static guest program' &&
	grep -q '^n/a = not run under fakechroot (stat): ' "$T/bench.out"
}
check bench_fakechroot_static_guest_is_na \
	"the static stat micro-benchmark is not reported as n/a under fakechroot, with the reason" stat_na

# guest stat makes 2000 stats in a quick run, each trapped once at least.
traps_ok() {
	n=$(field stat burrow_traps)
	n=${n%%,*}
	[ "$n" -ge 2000 ] 2>/dev/null || return 1
	n=$(field find burrow_traps)
	[ "${n%%,*}" -gt 0 ] 2>/dev/null
}
check bench_counts_burrow_traps "no count of burrow's trapped calls for stat (>= 2000) or find" traps_ok

# The in-guest engine runs every one of them, to exit 0, with a median and
# its ratios; a broken engine (or a runner that silently ran nothing)
# leaves a status, a median or a ratio missing.
guest_ok() {
	for w in find compute stat startup; do
		has "$(field "$w" status)" '"burrow-guest": [0]' || return 1
		has "$(field "$w" median)" '"burrow-guest": null' && return 1
		has "$(field "$w" not_run)" '"burrow-guest"' && return 1
		for x in native burrow; do
			has "$(field "$w" ratio)" "\"burrow-guest/$x\": " || return 1
			has "$(field "$w" ratio)" "\"burrow-guest/$x\": null" && return 1
		done
	done
	has "$(field find ratio)" '"burrow-guest/fakechroot": ' || return 1
	has "$(field find ratio)" '"burrow-guest/fakechroot": null' && return 1
	grep -q '^workload  *burrow-guest/native  *burrow-guest/burrow ' "$T/bench.out"
}
check bench_guest_engine_times_find_compute_stat_startup \
	"find, compute, stat or startup did not run to exit 0 under burrow --engine=guest, or has no median or ratio" guest_ok
