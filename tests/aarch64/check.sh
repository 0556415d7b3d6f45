#!/bin/sh
# check.sh: run burrow's tests on aarch64, in a throw-away arm64 VM.
#
#   sh tests/aarch64/check.sh [-t SECONDS] [-c 'GUEST COMMAND'] BUILD
#
# BUILD is the aarch64 build tree (`make check-aarch64` makes
# build-aarch64 and calls this): BUILD/static/burrow, BUILD/static/unit
# and the helpers in BUILD/tests/rootfs/bin, all static.  They, the test
# scripts and a dynamically linked arm64 guest tree (fetch.sh) are packed
# with busybox into an initramfs; qemu-system-aarch64 boots the Debian
# arm64 kernel on it, and /init (tests/aarch64/init) runs guest.sh: the
# unit tests, the integration suite, then arm64-checks.sh.  The VM's
# console carries the output; each part ends with a marker line.
#
#   -t SECONDS  hard limit for the whole VM run (default $BURROW_VM_TIMEOUT
#               or 3600); qemu is killed after it
#   -c CMD      run CMD (sh -c, cwd /burrow) in the VM instead of the tests
#
# The fixtures come from fixtures.sh, as an ext4 image on a virtio disk
# (BURROW_VM_FIXTURES=0 leaves them out).
# Environment passed into the VM: BURROW_NO_SECCOMP, BURROW_NO_PROCESS_VM,
# IT_USERS, IT_NATIVE, IT_WORDS (run.sh's WORD arguments), PARTS (default
# "unit integration arm64"), CI.  BURROW_VM_VERBOSE=1 shows the kernel's
# boot; BURROW_VM_KEEP=1 keeps the stage and the console log;
# BURROW_VM_SMP (default 1) is the number of vCPUs; BURROW_VM_APPEND adds
# kernel parameters (e.g. proc_mem.force_override=always, to tell a
# kernel setting from a bug).
#
# The last line is "aarch64: N passed, N failed" over every part (the unit
# tests' Check summary and run.sh's own line come before it).  Exit status
# 0 only when every part ran and passed: a timeout, a guest kernel panic
# or a missing marker fails.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
timeout_s=${BURROW_VM_TIMEOUT:-3600}
cmd=
die() { echo "check-aarch64: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
	case $1 in
	-t) timeout_s=$2; shift 2 ;;
	-c) cmd=$2; shift 2 ;;
	-*) die "unknown option $1" ;;
	*) break ;;
	esac
done
[ $# -eq 1 ] || die "usage: check.sh [-t SECONDS] [-c CMD] BUILD"
build=$(cd "$1" 2>/dev/null && pwd) || die "no build tree $1"
for f in static/burrow static/unit rt/path-check rt/trap-check tests/rootfs/bin/probe; do
	[ -x "$build/$f" ] || die "no $build/$f (make CROSS_COMPILE=aarch64-linux-gnu- ARCH=aarch64 B=$1 static static-unit test-helpers $1/rt/path-check $1/rt/trap-check)"
done
command -v qemu-system-aarch64 >/dev/null || die "no qemu-system-aarch64 (apt-get install qemu-system-arm)"
command -v cpio >/dev/null || die "no cpio (apt-get install cpio)"
cache=$(sh "$here/fetch.sh") || exit 2
# The fixtures, prebuilt for arm64 on this host: an ext4 image the VM
# mounts at /fixtures (BURROW_VM_FIXTURES=0: none, their tests skip).
fixtures=
if [ "${BURROW_VM_FIXTURES:-1}" != 0 ]; then
	fixtures=$(sh "$here/fixtures.sh") ||
		echo "check-aarch64: no arm64 fixtures: the tests that need them skip" >&2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/burrow-arm64.XXXXXX") || exit 2
if [ "${BURROW_VM_KEEP:-0}" = 1 ]; then
	echo "check-aarch64: keeping $tmp" >&2
else
	trap 'rm -rf "$tmp"' EXIT
fi
trap 'exit 130' INT TERM

# ---- the initramfs ------------------------------------------------------
s=$tmp/stage
mkdir -p "$s/bin" "$s/sbin" "$s/usr/bin" "$s/usr/sbin" "$s/etc" "$s/proc" "$s/sys" \
	"$s/dev" "$s/tmp" "$s/root" "$s/lib" "$s/burrow/src/tests" || exit 2
cp "$cache/busybox" "$s/bin/busybox" && ln -s dash "$s/bin/sh" || exit 2
cp "$here/init" "$s/init" && chmod 755 "$s/init" || exit 2
mkdir -p "$s/lib/modules" && cp "$cache"/modules/*.ko* "$s/lib/modules/" || exit 2
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$s/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$s/etc/group"
# glibc in the VM's root, for the GNU tools and as the dynamic guest's
# interpreter: the kernel loads PT_INTERP from the VM's root (burrow has
# no loader yet).  The loader is a file of its own, not a link into
# /lib/aarch64-linux-gnu, so arm64-checks.sh can hide that directory and
# show that the guest's libraries come from the guest tree.
mkdir -p "$s/lib/aarch64-linux-gnu" || exit 2
cp -P "$cache"/dyn/lib/aarch64-linux-gnu/* "$cache"/gnu/lib/* "$s/lib/aarch64-linux-gnu/" || exit 2
cp -L "$cache/dyn/lib/ld-linux-aarch64.so.1" "$s/lib/ld-linux-aarch64.so.1" || exit 2
# dash as /bin/sh; GNU env, timeout, setpriv, unshare and pgrep in
# /gnu/bin, linked over busybox's applets by /init (see fetch.sh).
mkdir -p "$s/gnu" && cp -R "$cache/gnu/bin" "$s/gnu/bin" && mv "$s/gnu/bin/dash" "$s/bin/dash" || exit 2

b=$s/burrow
cp "$build/static/burrow" "$build/static/unit" "$build/rt/path-check" "$build/rt/trap-check" "$b/" || exit 2
mkdir -p "$b/helpers" && cp "$build"/tests/rootfs/bin/* "$b/helpers/" || exit 2
for d in integration fixtures aarch64; do
	[ -d "$top/tests/$d" ] && cp -R "$top/tests/$d" "$b/src/tests/"
done
cp "$here/guest.sh" "$b/guest.sh" || exit 2
# Beside lib.sh, which finds reference.sh in its script's directory (not
# named t_*.sh: run.sh does not pick it up).
cp "$here/arm64-checks.sh" "$b/src/tests/integration/arm64-checks.sh" || exit 2
cp -R "$cache/dyn" "$b/dyn" || exit 2
for a in sh ls cat echo sort tr head pwd readlink grep; do
	ln -s busybox "$b/dyn/bin/$a"
done

nonce=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
q() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }
{
	echo "NONCE=$nonce"
	for v in BURROW_NO_SECCOMP BURROW_NO_PROCESS_VM IT_USERS IT_NATIVE IT_WORDS PARTS CI; do
		eval "val=\${$v-}"
		# shellcheck disable=SC2154
		[ -n "$val" ] && echo "export $v=$(q "$val")"
	done
	# The VM runs the tests, it does not build: the fixtures come
	# prebuilt on a disk (fixtures.sh); what needs a compiler, make or
	# python3 at test time is the x86_64 host's to test.
	# TCG on a loaded host starves the guest for tens of seconds at a
	# time (soft lockups seen in CI): longer hang limits, a smaller storm.
	echo "export IT_SLOW=${IT_SLOW:-4} IT_STORM=${IT_STORM:-250}"
	echo "export IT_MACHINE_LIMITS=$(q 'the arm64 test VM has no compiler, make, debootstrap or python3 (its fixtures are prebuilt on the host by tests/aarch64/fixtures.sh)')"
	[ -n "$cmd" ] && echo "GUEST_CMD=$(q "$cmd")"
} >"$b/config"

(cd "$s" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -1) >"$tmp/initrd.gz" ||
	die "cannot pack the initramfs"

# ---- the run ------------------------------------------------------------
smp=${BURROW_VM_SMP:-1}
quiet=quiet
[ "${BURROW_VM_VERBOSE:-0}" = 1 ] && quiet=
set -- qemu-system-aarch64 -M virt -cpu max,pauth=off -m 3072 -smp "$smp" \
	-nodefaults -display none -monitor none -serial stdio -no-reboot \
	-kernel "$cache/Image" -initrd "$tmp/initrd.gz" \
	-append "console=ttyAMA0 panic=-1 oops=panic cryptomgr.notests ${BURROW_VM_APPEND:-} $quiet"
[ "$smp" -gt 1 ] && set -- "$@" -accel tcg,thread=multi
# snapshot=on: the tests' writes on /fixtures go to a throw-away overlay.
[ -n "$fixtures" ] && set -- "$@" \
	-drive "file=$fixtures,format=raw,if=none,id=fixtures,snapshot=on" \
	-device virtio-blk-device,drive=fixtures

echo "check-aarch64: booting $(cat "$cache/kernel-version") in qemu (TCG, $smp vCPU, limit ${timeout_s}s)"
start=$(date +%s)
# Console lines between BEGIN and KMSG go to stdout as they come (the
# markers themselves are kept out); boot messages only when verbose.
# A read loop, not awk: mawk reads a pipe in blocks.
cr=$(printf '\r')
{ timeout -k 5 "$timeout_s" "$@" </dev/null; echo $? >"$tmp/qemu.rc"; } |
	tee "$tmp/console.log" | {
	on=0
	while IFS= read -r line; do
		line=${line%"$cr"}
		case $line in
		*"@@$nonce BEGIN@@"*) on=1 ;;
		*"@@$nonce KMSG@@"*) on=0 ;;
		*"@@$nonce "*) ;;
		*) if [ $on = 1 ]; then
			printf '%s\n' "$line"
		elif [ "${BURROW_VM_VERBOSE:-0}" = 1 ]; then
			printf '%s\n' "$line" >&2
		fi ;;
		esac
	done
}
elapsed=$(($(date +%s) - start))
qrc=$(cat "$tmp/qemu.rc" 2>/dev/null)
tr -d '\r' <"$tmp/console.log" >"$tmp/console.txt"

# ---- the verdict --------------------------------------------------------
# marker PART: the exit status a part reported, or nothing.
marker() {
	sed -n "s/.*@@$nonce $1 rc=\([0-9]*\)@@.*/\1/p" "$tmp/console.txt" | tail -n 1
}
# The console text a part printed (between the previous marker and its own).
part_text() {
	awk -v n="$nonce" -v p="$1" '
		index($0, "@@" n " " p " rc=") { exit }
		index($0, "@@" n " ") { buf = ""; next }
		{ buf = buf $0 "\n" }
		END { printf "%s", buf }' "$tmp/console.txt"
}

bad=
total_pass=0 total_fail=0
if [ -n "$cmd" ]; then
	rc=$(marker command)
	[ -n "$rc" ] || bad="the command did not finish"
	[ -z "$bad" ] && [ "$rc" != 0 ] && bad="the command exited with status $rc"
else
	for part in ${PARTS:-unit integration arm64}; do
		rc=$(marker "$part")
		if [ -z "$rc" ]; then
			bad="${bad:+$bad; }$part: did not finish"
			continue
		fi
		[ "$rc" = 0 ] || bad="${bad:+$bad; }$part: exit status $rc"
		text=$(part_text "$part")
		if [ "$part" = unit ]; then
			# Check: "100%: Checks: 63, Failures: 0, Errors: 0"
			line=$(printf '%s\n' "$text" | grep -E '^[0-9]+%: Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+' | tail -n 1)
			[ -n "$line" ] || { bad="${bad:+$bad; }unit: no Check summary"; continue; }
			# shellcheck disable=SC2046
			set -- $(printf '%s\n' "$line" | tr -c '0-9\n' ' ')
			total_pass=$((total_pass + $2 - $3 - $4))
			total_fail=$((total_fail + $3 + $4))
		else
			line=$(printf '%s\n' "$text" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -n 1)
			[ -n "$line" ] || { bad="${bad:+$bad; }$part: no 'N passed, N failed' line"; continue; }
			# shellcheck disable=SC2086
			set -- $line
			total_pass=$((total_pass + $1))
			total_fail=$((total_fail + $3))
		fi
	done
fi
if ! grep -q "@@$nonce END rc=" "$tmp/console.txt"; then
	if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
		bad="${bad:+$bad; }timeout: qemu killed after ${timeout_s}s"
	elif grep -q 'Kernel panic' "$tmp/console.txt"; then
		bad="${bad:+$bad; }the guest kernel panicked"
	else
		bad="${bad:+$bad; }the VM stopped without its END marker (qemu status $qrc)"
	fi
	echo "--- last console lines ---"
	tail -n 30 "$tmp/console.txt"
fi
kmsg=$(sed -n "/@@$nonce KMSG@@/,/@@$nonce END/p" "$tmp/console.txt" | sed '1d;$d')
if [ -n "$kmsg" ]; then
	echo "--- guest kernel warnings ---"
	printf '%s\n' "$kmsg"
fi

echo "check-aarch64: VM run took ${elapsed}s"
[ -n "$bad" ] && echo "check-aarch64: FAILED: $bad"
[ -z "$cmd" ] && echo "aarch64: $total_pass passed, $total_fail failed"
[ -z "$bad" ] && [ "$total_fail" = 0 ]
