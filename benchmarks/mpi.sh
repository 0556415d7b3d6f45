#!/bin/sh
# benchmarks/mpi.sh: Open MPI ping-pong latency and bandwidth, MPI_Init
# time and the wall time of a whole small job, natively and under burrow,
# in the Debian 12 rootfs of tests/fixtures/debian-mpi.sh.  Medians over
# MPI_BENCH_RUNS runs (default 10), the three ways interleaved, and the
# ratios to native.  See benchmarks/README.md ("MPI").  Timings are
# reported, never checked.
#
#   sudo sh benchmarks/mpi.sh                 # after `make`
#   MPI_BENCH_RUNS=20 MPI_BENCH_ITERS=2000 sudo sh benchmarks/mpi.sh
#
# Ways (2 ranks, shared memory: btl self,vader, pml ob1):
#   native   the host's mpirun, each rank `chroot ROOTFS PROG` (in a private
#            mount namespace with /proc /sys /dev /tmp bound); not root:
#            the host runs the rootfs's program with the host's libraries
#            (same Open MPI version), and the header says so
#   burrow   the host's mpirun, each rank `burrow -r ROOTFS -b /proc -b /sys
#            -b /dev -b /tmp PROG`: the job-script setup
#   inside   `burrow -r ROOTFS ... mpirun -np 2 PROG`: the guest's mpirun
#            in one burrow (native: the same mpirun in the chroot)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
BURROW=${BURROW:-$top/burrow}
runs=${MPI_BENCH_RUNS:-10}
iters=${MPI_BENCH_ITERS:-1000}
maxbytes=${MPI_BENCH_MAXBYTES:-1048576}
say() { printf 'mpi-bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

[ -x "$BURROW" ] || die "$BURROW is missing: run make first"
command -v mpirun >/dev/null || die "no mpirun on the host: apt-get install openmpi-bin"
R=$(sh "$top/tests/fixtures/debian-mpi.sh") || die "no MPI rootfs (tests/fixtures/debian-mpi.sh)"
hostv=$(dpkg-query -W -f '${Version}' openmpi-bin 2>/dev/null || echo unknown)
guestv=$(dpkg-query --admindir="$R/var/lib/dpkg" -W -f '${Version}' openmpi-bin 2>/dev/null || echo unknown)
[ "$hostv" = "$guestv" ] || say "warning: host Open MPI $hostv, guest $guestv: host-mpirun runs may fail"

export LC_ALL=C
if [ "$(id -u)" = 0 ]; then
	export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
	native="chroot (root)"
else
	native="the HOST's libraries (NOT ROOT: no chroot)"
fi
MCA="--oversubscribe --mca btl self,vader --mca pml ob1"
BINDS="-b /proc -b /sys -b /dev -b /tmp"
# shellcheck disable=SC2016
NS='mount --make-rprivate / && mount --bind /proc "$0/proc" && mount --rbind /sys "$0/sys" &&
	mount --rbind /dev "$0/dev" && mount --bind /tmp "$0/tmp" && exec "$@"'
PP="/opt/mpitests/pingpong $iters $maxbytes"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mpi-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }

# job WAY PROG...: one mpirun of PROG with 2 ranks, the WAY's way.
job() {
	way=$1
	shift
	case $way in
	native)
		if [ "$(id -u)" = 0 ]; then
			# shellcheck disable=SC2086
			unshare -m sh -c "$NS" "$R" mpirun $MCA -np 2 chroot "$R" "$@"
		else
			_p=$1
			shift
			# shellcheck disable=SC2086
			mpirun $MCA -np 2 "$R$_p" "$@"
		fi ;;
	native-inside)
		if [ "$(id -u)" = 0 ]; then
			# shellcheck disable=SC2086
			unshare -m sh -c "$NS" "$R" chroot "$R" mpirun $MCA -np 2 "$@"
		else
			job native "$@"
		fi ;;
	burrow)
		# shellcheck disable=SC2086
		mpirun $MCA -np 2 "$BURROW" -r "$R" $BINDS "$@" ;;
	inside)
		# shellcheck disable=SC2086
		"$BURROW" -r "$R" $BINDS mpirun $MCA -np 2 "$@" ;;
	esac
}

ways="native burrow native-inside inside"
say "rootfs $R, Open MPI $guestv (host $hostv), native = $native"
say "$runs runs of each way, interleaved; pingpong: $iters round trips per size, 1 B .. $maxbytes B"
for w in $ways; do : >"$tmp/$w"; done
i=1
while [ "$i" -le "$runs" ]; do
	# Rotate the order so warm caches and noise fall on every way alike.
	# shellcheck disable=SC2086
	set -- $ways
	k=$(( (i - 1) % 4 ))
	while [ "$k" -gt 0 ]; do w=$1; shift; set -- "$@" "$w"; k=$((k - 1)); done
	for w; do
		# The whole job of hello: launcher, exec, load, MPI_Init, finalize.
		t0=$(now)
		job "$w" /opt/mpitests/hello >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; die "$w: hello failed"; }
		t1=$(now)
		echo "$i job_s $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')" >>"$tmp/$w"
		# Local ranks inherit mpirun's environment, through burrow and chroot.
		# shellcheck disable=SC2086
		BENCH=1 job "$w" $PP >"$tmp/pp" 2>"$tmp/err" || { cat "$tmp/err" >&2; die "$w: pingpong failed"; }
		grep -q '^bytes ' "$tmp/pp" || die "$w: pingpong printed no timings"
		sed "s/^/$i /" "$tmp/pp" >>"$tmp/$w"
	done
	printf '.' >&2
	i=$((i + 1))
done
echo >&2

# vals WAY KEY [FIELD]: "ROUND VALUE" lines: the value after KEY, or, for
# KEY a message size, FIELD (latency_us, bandwidth_MBs) on its "bytes
# SIZE" line.
vals() {
	if [ -n "${3:-}" ]; then
		awk -v n="$2" -v f="$3" '$2 == "bytes" && $3 == n { for (i = 4; i < NF; i += 2) if ($i == f) print $1, $(i + 1) }' "$tmp/$1"
	else
		awk -v k="$2" '$2 == k { print $1, $3 }' "$tmp/$1"
	fi
}
med() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
median() { vals "$@" | awk '{ print $2 }' | med; }
# ratio A B KEY [FIELD]: the median over rounds of B's value / A's.
ratio() {
	vals "$1" "$3" "${4:-}" >"$tmp/ra"
	vals "$2" "$3" "${4:-}" >"$tmp/rb"
	awk 'NR == FNR { a[$1] = $2; next } ($1 in a) && a[$1] > 0 { print $2 / a[$1] }' "$tmp/ra" "$tmp/rb" | med
}

row() {	# LABEL KEY FIELD|"" UNIT SCALE
	label=$1 key=$2 field=$3 unit=$4 scale=$5
	vn=$(median native "$key" "$field"); vb=$(median burrow "$key" "$field")
	vni=$(median native-inside "$key" "$field"); vbi=$(median inside "$key" "$field")
	r=$(ratio native burrow "$key" "$field"); ri=$(ratio native-inside inside "$key" "$field")
	awk -v l="$label" -v u="$unit" -v s="$scale" -v n="$vn" -v b="$vb" -v ni="$vni" -v bi="$vbi" -v r="$r" -v ri="$ri" 'BEGIN {
		printf "%-26s %10.3f %10.3f %7.3f   %10.3f %10.3f %7.3f  %s\n", l, n * s, b * s, r, ni * s, bi * s, ri, u }'
}

echo
echo "MPI, 2 ranks, shared memory; medians of $runs runs; native = $native"
printf '%-26s %-29s   %-29s\n' "" "host mpirun, rank in burrow" "mpirun inside one burrow"
printf '%-26s %10s %10s %7s   %10s %10s %7s\n' metric native burrow ratio native burrow ratio
row "job: mpirun hello (wall)" job_s "" ms 1000
row "MPI_Init (rank 0)" init_s "" ms 1000
n=1
while [ "$n" -le "$maxbytes" ]; do
	case $n in 1|1024|65536|"$maxbytes") row "latency ${n} B" "$n" latency_us us 1 ;; esac
	n=$((n * 4))
done
n=1
while [ "$n" -le "$maxbytes" ]; do
	case $n in 65536|262144|"$maxbytes") row "bandwidth ${n} B" "$n" bandwidth_MBs MB/s 1 ;; esac
	n=$((n * 4))
done
echo "(ratio: the median of the per-round ratios burrow / native; for bandwidth, above 1 is faster)"
