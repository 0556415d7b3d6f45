#!/bin/sh
# make bench: run the same workloads natively, under burrow (its ptrace and
# its in-guest engines), under proot and under fakechroot, interleaved over BENCH_ROUNDS rounds, print medians and paired ratios and
# save them as JSON.  See benchmarks/README.md.  Timings are reported,
# never asserted: the exit status says only whether the benchmark ran.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
BURROW=${BURROW:-$top/burrow}
# Debian's proot by its path: `make install-proot-alias` may put burrow
# first in PATH under the name proot.
PROOT=${BENCH_PROOT:-/usr/bin/proot}
FAKECHROOT=${BENCH_FAKECHROOT:-/usr/bin/fakechroot}
bin=${BENCH_BIN:-$top/build/bench}
quick=${BENCH_QUICK:-0}
[ "$quick" = 0 ] && rounds=${BENCH_ROUNDS:-5} || rounds=${BENCH_ROUNDS:-1}
only=$(echo "${BENCH_ONLY:-}" | tr ',' ' ')
want=$(echo "${BENCH_RUNNERS:-native,burrow,burrow-guest,proot,fakechroot}" | tr ',' ' ')
json=${BENCH_JSON:-$here/results/latest.json}
logs=$(dirname "$json")/logs

say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

case $rounds in ''|*[!0-9]*|0) die "BENCH_ROUNDS=$rounds: want a positive number" ;; esac
for p in timer floor guest; do
	[ -x "$bin/$p" ] || die "$bin/$p is missing: run it as 'make bench'"
done
[ -x "$BURROW" ] || die "$BURROW is missing: run it as 'make bench'"

# ---- workloads ---------------------------------------------------------------
# wl NAME sets kind (time: wall time of the command; micro: the ns/op it
# prints; startup: wall time per launch of /bin/true), reps (runs per
# sample) and cmd, a /bin/sh -c script run as the guest.  $R prefixes the
# rootfs data (empty in the guest, ROOT when "native" runs on the host)
# and $BENCH is where the guest programs are.
all="metadata find fork-exec configure gcc-build python-import tar-x compute fd-read
	stat getppid spawn startup"
heavy="configure gcc-build"	# left out by BENCH_QUICK unless named in BENCH_ONLY
q() { [ "$quick" = 0 ] && echo "$1" || echo "$2"; }
wl() {
	kind=time reps=1
	case $1 in
	metadata)	cmd='ls -lR "$R/usr/share" >/dev/null' ;;
	find)		cmd='find "$R/usr" -name "*.h" >/dev/null' ;;
	fork-exec)	cmd='i=0; while [ $i -lt '$(q 500 100)' ]; do /bin/true; i=$((i + 1)); done' ;;
	configure)	cmd='d=/tmp/bench-configure; rm -rf $d && cp -a "$R/usr/src/hello" $d &&
			 cd $d && ./configure >/dev/null; rc=$?; cd /; rm -rf $d; exit $rc' ;;
	gcc-build)	cmd='d=/tmp/bench-build; rm -rf $d && cp -a "$R/usr/src/hello-configured" $d &&
			 cd $d && make >/dev/null; rc=$?; cd /; rm -rf $d; exit $rc' ;;
	python-import)	cmd='for i in '$(q "1 2 3 4 5" 1)'; do python3 -c "import json, email, http.client, xml.dom.minidom, asyncio, decimal, unittest" || exit; done' ;;
	tar-x)		cmd='d=/tmp/bench-tar; rm -rf $d && mkdir $d &&
			 tar xf "$R/var/tmp/bench.tar" -C $d; rc=$?; rm -rf $d; exit $rc' ;;
	compute)	cmd='"$BENCH/guest" compute '$(q 70000000 10000000)' >/dev/null' ;;
	fd-read)	cmd='"$BENCH/guest" fdread "$R/var/tmp/bench.tar" '$(q 100000 20000) ;;
	stat)		kind=micro cmd='"$BENCH/guest" stat '$(q 20000 2000) ;;
	getppid)	kind=micro cmd='"$BENCH/guest" getppid '$(q 50000 10000) ;;
	spawn)		kind=micro cmd='"$BENCH/guest" forkexec '$(q 200 20) ;;
	startup)	kind=startup reps=$(q 20 5) cmd= ;;
	*)		return 1 ;;
	esac
}
describe() {
	case $1 in
	metadata)	echo "ls -lR /usr/share" ;;
	find)		echo "find /usr -name '*.h'" ;;
	fork-exec)	echo "$(q 500 100) x /bin/true from a shell loop" ;;
	configure)	echo "./configure of Debian's hello (copied to /tmp)" ;;
	gcc-build)	echo "make (gcc -O2) of the configured hello" ;;
	python-import)	echo "$(q 5 1) x python3 -c 'import json, email, http.client, ...'" ;;
	tar-x)		echo "tar xf of a 52 MB tarball into /tmp" ;;
	compute)	echo "arithmetic loop, no syscalls (static C)" ;;
	fd-read)	echo "$(q 100000 20000) x read() of 4 KiB (static C)" ;;
	stat)		echo "micro: one translated stat, ns/op" ;;
	getppid)	echo "micro: one untranslated getppid, ns/op" ;;
	spawn)		echo "micro: fork + exec /bin/true + wait, ns/op" ;;
	startup)	echo "launcher + /bin/true, per launch" ;;
	esac
}

if [ -n "$only" ]; then
	for w in $only; do
		wl "$w" || die "BENCH_ONLY: unknown workload '$w' (known: $(echo $all))"
	done
	workloads=$only
elif [ "$quick" != 0 ]; then
	workloads=
	for w in $all; do
		case " $heavy " in *" $w "*) ;; *) workloads="$workloads $w" ;; esac
	done
	say "BENCH_QUICK: 1 round, reduced counts, without $heavy (name them in BENCH_ONLY to run them)"
else
	workloads=$all
fi

# na RUNNER WORKLOAD: print why RUNNER cannot run WORKLOAD, or return 1.
# Such a sample is recorded as "n/a", never timed.
na() {
	case $1.$2 in
	fakechroot.stat|fakechroot.getppid|fakechroot.spawn|fakechroot.fd-read)
		echo "the static guest program: fakechroot's LD_PRELOAD cannot see its calls (its paths would be the host's)" ;;
	burrow-guest.*)
		[ -n "$guest_broken" ] || return 1
		echo "burrow --engine=guest cannot run here: $guest_broken" ;;
	*)	return 1 ;;
	esac
}

# ---- runners -------------------------------------------------------------------
# other_runner NAME PATH DEFAULT: add Debian's NAME (at PATH) to the runners,
# installing it with apt-get first when it is missing at DEFAULT, as root;
# sets version (its package's, or "none").
other_runner() {
	if [ ! -x "$2" ] && [ "$2" = "$3" ] && [ "$(id -u)" = 0 ] &&
	   [ "${BENCH_NO_INSTALL:-0}" = 0 ]; then
		say "$1 is not installed: installing Debian's $1 with apt-get (BENCH_NO_INSTALL=1 skips this)"
		apt-get install -y "$1" >/dev/null 2>&1 || say "apt-get install $1 failed"
	fi
	if [ -x "$2" ]; then
		runners="$runners $1"
		version=$(dpkg-query -S "$2" >/dev/null 2>&1 &&
			dpkg-query -W -f '${Version}' "$1" 2>/dev/null || echo "$2")
	else
		version=none
		say "$2 is not installed: the $1 column is left out (apt-get install $1)"
	fi
}
wanted() { case " $want " in *" $1 "*) return 0 ;; esac; return 1; }
for r in $want; do
	case $r in
	native|burrow|burrow-guest|proot|fakechroot) ;;
	*) die "BENCH_RUNNERS: unknown runner '$r' (known: native, burrow, burrow-guest, proot, fakechroot)" ;;
	esac
done
wanted native || die "BENCH_RUNNERS: native is needed: every ratio is to it"
runners=native
wanted burrow && runners="$runners burrow"
# The same burrow binary, its experimental in-guest engine (no ptrace).
wanted burrow-guest && runners="$runners burrow-guest"
proot_version=none fakechroot_version=none
if wanted proot; then
	other_runner proot "$PROOT" /usr/bin/proot
	proot_version=$version
fi
if wanted fakechroot; then
	other_runner fakechroot "$FAKECHROOT" /usr/bin/fakechroot
	fakechroot_version=$version
fi

ROOT=$(sh "$here/bench-rootfs.sh") || die "no benchmark rootfs (see above); as root, 'make bench' builds it once"
mkdir -p "$logs"
rm -f "$logs"/*.log
if [ "$(id -u)" = 0 ]; then
	mode=chroot
	mkdir -p "$ROOT/bench"
	cp "$bin/guest" "$ROOT/bench/guest"
	guest_bench=/bench binds=
else
	mode=host
	say "NOT ROOT: 'native' runs on the host, not in a chroot: programs (sh, gcc, python3,"
	say "  ...) are the host's, data is read from $ROOT. Run as root for a chroot baseline."
	guest_bench=/bench binds="-b $bin:/bench"
fi
# One launch first: when the in-guest engine refuses this machine or this
# run, its column says n/a with burrow's error, and is never timed.
guest_broken=
if wanted burrow-guest; then
	# shellcheck disable=SC2086
	if ! (cd / && "$BURROW" --engine=guest -r "$ROOT" -w / $binds /bin/true) >/dev/null 2>"$logs/guest-probe.err"; then
		guest_broken=$(grep . "$logs/guest-probe.err" | head -n 1)
		guest_broken=${guest_broken:-it failed without a message}
		say "burrow-guest: $guest_broken: its column is n/a"
	fi
	rm -f "$logs/guest-probe.err"
fi

# launch RUNNER REPS LOG [ARGV...]: time ARGV (the guest's command line) as
# RUNNER runs it; prints "ns status".  RUNNER "report" is burrow with
# --report, for the trapped calls in LOG.
launch() {
	runner=$1 reps=$2 log=$3
	shift 3
	bench=$guest_bench R='' xenv=''
	case $runner in
	native)	if [ $mode = chroot ]; then set -- chroot "$ROOT" "$@"
		else bench=$bin R=$ROOT; fi ;;
	burrow)	set -- "$BURROW" -r "$ROOT" -w / $binds "$@" ;;
	burrow-guest) set -- "$BURROW" --engine=guest -r "$ROOT" -w / $binds "$@" ;;
	report)	set -- "$BURROW" --report -r "$ROOT" -w / $binds "$@" ;;
	proot)	set -- "$PROOT" -r "$ROOT" -w / $binds "$@" ;;
	# fakechroot's chroot wrapper, not chroot(8).  It leaves /dev, /proc
	# and /sys to the host (its default); not root, the guest program
	# is run from the host's $bin, which it must not translate either.
	fakechroot)
		set -- "$FAKECHROOT" chroot "$ROOT" "$@"
		[ $mode = chroot ] || bench=$bin xenv=FAKECHROOT_EXCLUDE_PATH=/dev:/proc:/sys:$bin ;;
	esac
	(cd / && env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/tmp LC_ALL=C "BENCH=$bench" "R=$R" ${xenv:+"$xenv"} \
		"$bin/timer" -n "$reps" -o "$log" -- "$@")
}

# sample RUNNER WORKLOAD ROUND: one measurement, appended to $samples as
# "workload runner round value status" (value in ns or ns/op).
sample() {
	wl "$2"
	if reason=$(na "$1" "$2"); then
		printf '%s\t%s\t%s\t\tn/a\n' "$2" "$1" "$3" >>"$samples"
		return
	fi
	log=$logs/$2.$1.r$3.log
	: >"$log"
	if [ $kind = startup ]; then
		set -- "$@" $(launch "$1" "$reps" "$log" /bin/true)
	else
		set -- "$@" $(launch "$1" "$reps" "$log" /bin/sh -c "$cmd")
	fi
	value=${4:-0} status=${5:-timer-failed}
	if [ $kind = micro ] && [ "$status" = 0 ]; then
		value=$(awk '$1 == "ns/op" { v = $2 } END { print v }' "$log")
		[ -n "$value" ] || status=no-output
	fi
	[ "$status" = 0 ] && rm -f "$log"
	printf '%s\t%s\t%s\t%s\t%s\n' "$2" "$1" "$3" "$value" "$status" >>"$samples"
}

samples=$(mktemp)
floor_out=$(mktemp)
trap 'rm -f "$samples" "$samples.meta" "$samples.env" "$samples.extra" "$floor_out"' EXIT
trap 'exit 1' INT TERM HUP PIPE

say "rootfs $ROOT; native = $mode; runners: $runners; $rounds round(s)"
# Warm the page cache and the dentry cache so the first round is not the
# only one that reads the rootfs from disk.
tar cf - -C "$ROOT" usr var/tmp 2>/dev/null | cat >/dev/null
start=$(date +%s)
set -- $runners
nrun=$#
r=1
while [ $r -le "$rounds" ]; do
	printf 'bench: round %d/%d:' "$r" "$rounds" >&2
	i=0
	for w in $workloads; do
		printf ' %s' "$w" >&2
		# Rotate the runners' order per round and per workload, so that
		# none is always first after another one warmed the caches.
		k=0
		while [ $k -lt $nrun ]; do
			set -- $runners
			shift $(( (r + i + k) % nrun ))
			sample "$1" "$w" "$r"
			k=$((k + 1))
		done
		i=$((i + 1))
	done
	printf ' (%ds)\n' $(( $(date +%s) - start )) >&2
	r=$((r + 1))
done
# One more run of each workload, untimed, under burrow --report: how many
# times burrow stopped the guest ("trapped N times", summed).  The in-guest
# engine refuses --report: it has no count.
wanted burrow && printf 'bench: trapped calls (burrow --report):' >&2
for w in $(wanted burrow && echo $workloads); do
	printf ' %s' "$w" >&2
	wl "$w"
	log=$logs/$w.report.log
	: >"$log"
	if [ $kind = startup ]; then set -- /bin/true; else set -- /bin/sh -c "$cmd"; fi
	set -- $(launch report 1 "$log" "$@")
	if [ "${2:-}" = 0 ]; then
		printf 'traps\t%s\t%s\n' "$w" "$(awk '/^burrow: report: .* trapped [0-9]+ times$/ { t += $(NF - 1) }
			END { print t + 0 }' "$log")" >>"$samples.extra"
		rm -f "$log"
	fi
done
wanted burrow && printf '\n' >&2
"$bin/floor" "$(q 20000 5000)" >"$floor_out"

# ---- report --------------------------------------------------------------------
mkdir -p "$(dirname "$json")"
for w in $workloads; do
	wl "$w"
	printf '%s\t%s\t%s\n' "$w" "$kind" "$(describe "$w")"
	for r in $runners; do
		reason=$(na "$r" "$w") && printf 'na\t%s\t%s\t%s\n' "$w" "$r" "$reason" >>"$samples.extra"
	done
done >"$samples.meta"
cat <<EOF >"$samples.env"
date	$(date -u +%Y-%m-%dT%H:%M:%SZ)
host	$(uname -n)
kernel	$(uname -r)
cpu	$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo) x $(nproc)
burrow	$("$BURROW" -V 2>&1 | head -n 1) ($(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown), $(ldd "$BURROW" 2>&1 | grep -q 'not a dynamic' && echo static || echo dynamic))
proot	$proot_version
fakechroot	$fakechroot_version
native	$mode
rootfs	$ROOT
rounds	$rounds
quick	$quick
runners	$runners
EOF
touch "$samples.extra"
awk -f "$here/report.awk" -v json="$json.tmp" -v logs="$logs" "$samples.env" "$samples.meta" "$samples" "$floor_out" "$samples.extra"
mv "$json.tmp" "$json"
say "JSON: $json; total $(( $(date +%s) - start ))s"
if ls "$logs"/*.log >/dev/null 2>&1; then
	say "some runs failed; their output is in $logs/"
fi
