#!/bin/sh
# strace-make.sh: the cost of a guest tracer (doc/ptrace-emulation.md,
# step 7).  `strace -f -o /dev/null make -B` of a small C project (FILES
# files) in the debian-devel fixture, natively in a chroot and under
# burrow, then plain `make -B` natively, under burrow and under BEFORE (a
# burrow without ptrace emulation, if given): a guest nobody traces must
# pay nothing.  Prints the CPU, each median of ROUNDS runs in ms and the
# ratios.  Run it as root (chroot) on an otherwise idle machine.
#
#   sh benchmarks/strace-make.sh [ROUNDS [FILES]]
#   BURROW=path (default ./burrow)  BEFORE=path (optional)
#   STRACE_BEFORE=path: also strace -f make -B under that burrow
#   BURROW_FIXTURES=dir: take dir/debian-devel as the fixture
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
B=${BURROW:-$top/burrow}
rounds=${1:-5}
files=${2:-8}
[ "$(id -u)" = 0 ] || { echo "strace-make: run as root (the native runs chroot)" >&2; exit 1; }
[ -x "$B" ] || { echo "strace-make: no $B (make)" >&2; exit 1; }
DEB=$(sh "$top/tests/fixtures/debian-devel.sh")
[ -x "$DEB/usr/bin/strace" ] || { echo "strace-make: $DEB has no strace" >&2; exit 1; }
proj=$(mktemp -d)
trap 'rm -rf "$proj"' EXIT
chmod 0755 "$proj"

# FILES translation units, each with a few functions, and a Makefile.
i=0
objs=
while [ "$i" -lt "$files" ]; do
	{
		echo '#include <stdio.h>'
		echo '#include <string.h>'
		for f in 1 2 3 4; do
			printf 'int f%s_%s(const char *s) { return (int)strlen(s) * %s; }\n' "$i" "$f" "$f"
		done
	} >"$proj/u$i.c"
	objs="$objs u$i.o"
	i=$((i + 1))
done
printf 'int main(void) { return 0; }\n' >"$proj/main.c"
printf 'prog: main.o%s\n\tcc -o $@ $^\n%%.o: %%.c\n\tcc -O1 -c -o $@ $<\n' "$objs" >"$proj/Makefile"

CHROOT=$(command -v chroot)
ENVS="HOME=/mnt LC_ALL=C PATH=/usr/local/bin:/usr/bin:/bin"
native() {	# CMD
	# shellcheck disable=SC2016,SC2086
	unshare -m sh -c 'mount --make-rprivate / && mount --bind /proc "$1/proc" &&
		mount --bind "$2" "$1/mnt" && exec env -i $3 "$5" "$1" /bin/sh -c "cd /mnt && $4"' \
		sh "$DEB" "$proj" "$ENVS" "$1" "$CHROOT"
}
under() {	# BURROW CMD
	# shellcheck disable=SC2086
	env -i $ENVS "$1" -r "$DEB" -b /proc -b "$proj:/mnt" -w /mnt /bin/sh -c "$2"
}
ms() {	# CMD...: wall time in ms; a failure stops the benchmark
	s=$(date +%s%N)
	"$@" >/dev/null 2>"$proj/.err" || { echo "strace-make: failed: $*" >&2; cat "$proj/.err" >&2; exit 1; }
	e=$(date +%s%N)
	echo $(((e - s) / 1000000))
}
median() {	# N...
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
[ -n "$cpu" ] || cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1)
echo "cpu: ${cpu:-unknown} ($(nproc) online), kernel $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "project: $files+1 files, make -B; $rounds rounds, medians in ms"
STRACE='strace -f -o /dev/null make -s -B'
# One warm-up of each (page cache, dentries).
ms native "$STRACE" >/dev/null
ms under "$B" "$STRACE" >/dev/null
sn='' sb='' pn='' pb='' po='' so=''
for r in $(seq "$rounds"); do
	sn="$sn $(ms native "$STRACE")"
	sb="$sb $(ms under "$B" "$STRACE")"
	pn="$pn $(ms native 'make -s -B')"
	pb="$pb $(ms under "$B" 'make -s -B')"
	[ -z "${BEFORE:-}" ] || po="$po $(ms under "$BEFORE" 'make -s -B')"
	[ -z "${STRACE_BEFORE:-}" ] || so="$so $(ms under "$STRACE_BEFORE" "$STRACE")"
	echo "round $r done" >&2
done
# shellcheck disable=SC2086
{
	msn=$(median $sn) msb=$(median $sb) mpn=$(median $pn) mpb=$(median $pb)
}
echo "strace -f make -B: native $msn  burrow $msb  ratio $(ratio "$msb" "$msn")"
echo "make -B:           native $mpn  burrow $mpb  ratio $(ratio "$mpb" "$mpn")"
if [ -n "${BEFORE:-}" ]; then
	# shellcheck disable=SC2086
	mpo=$(median $po)
	echo "make -B under BEFORE ($BEFORE): $mpo  burrow/BEFORE $(ratio "$mpb" "$mpo")"
fi
if [ -n "${STRACE_BEFORE:-}" ]; then
	# shellcheck disable=SC2086
	mso=$(median $so)
	echo "strace -f make -B under STRACE_BEFORE ($STRACE_BEFORE): $mso  burrow/that $(ratio "$msb" "$mso")"
fi
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
