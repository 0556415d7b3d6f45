#!/bin/sh
# spin-ab.sh: burrow with and without polling for stops (BURROW_NO_SPIN=1),
# alternating, beside native runs in a chroot, in the benchmark rootfs.
# Run it as root on an otherwise idle machine, after `make static bench`
# built the programs; it prints each run, not medians.
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
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$rounds"); do
	a=$("$B" -r "$R" /tmp/spin-ab-guest stat 5000 | sed 's/ns\/op //')
	b=$(BURROW_NO_SPIN=1 "$B" -r "$R" /tmp/spin-ab-guest stat 5000 | sed 's/ns\/op //')
	echo "stat ns/op: polling $a  sleeping $b"
done
for w in 'find /usr -name "*.h"' 'ls -lR /usr/share' \
	'i=0; while [ $i -lt 200 ]; do /bin/true; i=$((i+1)); done'; do
	for i in $(seq "$rounds"); do
		echo "$w: polling $(ms "$B" -r "$R" -w / sh -c "$w") ms" \
			" sleeping $(BURROW_NO_SPIN=1 ms "$B" -r "$R" -w / sh -c "$w") ms" \
			" native $(ms chroot "$R" sh -c "$w") ms"
	done
done
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
