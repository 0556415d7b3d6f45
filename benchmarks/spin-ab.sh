#!/bin/sh
# spin-ab.sh: burrow with and without polling for stops (BURROW_NO_SPIN=1),
# and with burrow and its guest on one CPU (taskset; burrow does not poll
# then), alternating, beside native runs in a chroot, in the benchmark
# rootfs.  Run it as root on an otherwise idle machine, after
# `make static bench` built the programs; it prints each run, not medians.
#
#   sh benchmarks/spin-ab.sh [ROUNDS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
B=${BURROW:-$top/build/static/burrow}
rounds=${1:-3}
R=$(sh "$here/bench-rootfs.sh")
[ -x "$B" ] || { echo "spin-ab: no $B (make static)" >&2; exit 1; }
cp "$top/build/bench/guest" "$R/tmp/spin-ab-guest"
trap 'rm -f "$R/tmp/spin-ab-guest"' EXIT
ms() { s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
# The first CPU this shell may use.
cpu=$(sed -n 's/^Cpus_allowed_list:[[:space:]]*\([0-9]*\).*/\1/p' /proc/self/status)
one="taskset -c $cpu"
echo "load $(cut -d' ' -f1-3 /proc/loadavg); one CPU = $cpu"
for i in $(seq "$rounds"); do
	a=$("$B" -r "$R" /tmp/spin-ab-guest stat 5000 | sed 's/ns\/op //')
	b=$(BURROW_NO_SPIN=1 "$B" -r "$R" /tmp/spin-ab-guest stat 5000 | sed 's/ns\/op //')
	c=$($one "$B" -r "$R" /tmp/spin-ab-guest stat 5000 | sed 's/ns\/op //')
	echo "stat ns/op: polling $a  sleeping $b  one CPU $c"
done
for w in 'find /usr -name "*.h"' 'ls -lR /usr/share' \
	'i=0; while [ $i -lt 500 ]; do /bin/true; i=$((i+1)); done'; do
	for i in $(seq "$rounds"); do
		echo "$w: polling $(ms "$B" -r "$R" -w / sh -c "$w") ms" \
			" sleeping $(BURROW_NO_SPIN=1 ms "$B" -r "$R" -w / sh -c "$w") ms" \
			" one CPU $(ms $one "$B" -r "$R" -w / sh -c "$w") ms" \
			" native $(ms chroot "$R" sh -c "$w") ms" \
			" native on one CPU $(ms $one chroot "$R" sh -c "$w") ms"
	done
done
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
