# lib.sh: sourced by every tests/integration/t_*.sh.  POSIX sh.
#
# A test file builds a tiny rootfs (new_root), runs helpers in it under
# burrow (guest, guest_signal, run_burrow) and reports one line per named
# check (expect, expect_status, expect_error, assert):
#
#   PASS name [as USER]
#   FAIL name [as USER]: reason        (details follow, indented)
#   SKIP name [as USER]: why
#
# When the test runs as root, every guest run is repeated on a real chroot
# with bind mounts (reference.sh, on a copy of the test's files), and each
# expectation must hold there too: a test whose expectation the kernel
# itself does not meet is reported as a test bug, not as a burrow bug.
#
# Environment (run.sh sets it; the defaults let one file run alone:
#   BURROW=/usr/bin/proot HELPERS=build/tests/rootfs/bin sh tests/integration/t_cwd.sh):
#   BURROW     the tracer under test (required)
#   HELPERS    directory of the static helper programs (required)
#   IT_USER    who runs burrow and the guest: "root", "nobody", or the
#              current user when not root.  The test script itself stays
#              root so it can build the chroot reference; burrow and the
#              reference's guest drop to nobody through setpriv/unshare.
#   IT_DIR     scratch directory for this file (default: a new mktemp -d)
#   IT_NATIVE  0 to skip the chroot reference even as root
#   IT_HANG    seconds after which one guest run counts as hung (30): the
#              helpers finish in milliseconds; this only keeps one hang
#              from hiding the file's other checks (run.sh also gives
#              each file 300s)
#   IT_REF_AS  UID:GID the chroot reference runs as, and owns its copy
#              of the files as (default: the test user's): fake-root
#              tests set 0:0, since what root sees is the truth there
#   IT_SLOW    multiplies both limits on an emulated machine (default 1)
#   IT_STORM   processes in the fork storm (default 1000)
#   CI         "true": a skip that is not a machine limitation fails

LC_ALL=C
export LC_ALL
umask 022
# shellcheck disable=SC3045 # dash and bash both have ulimit -c
ulimit -c 0 2>/dev/null	# killself tests must not leave core files

: "${BURROW:?BURROW must name the tracer to test}"
: "${HELPERS:?HELPERS must name the helper directory (make test-helpers)}"
IT_LIB=$(cd "$(dirname "$0")" && pwd)
HELPERS=$(cd "$HELPERS" && pwd) || exit 2
[ -x "$HELPERS/probe" ] || { echo "lib.sh: no $HELPERS/probe: run 'make test-helpers'" >&2; exit 2; }

if [ "$(id -u)" = 0 ]; then
	IT_USER=${IT_USER:-root}
else
	IT_USER=${IT_USER:-$(id -un)}
	[ "$IT_USER" = "$(id -un)" ] || { echo "lib.sh: IT_USER=$IT_USER needs root" >&2; exit 2; }
fi
IT_LABEL=${IT_LABEL:-$IT_USER}	# how results name the pass (run.sh)
case $IT_USER in
root)
	IT_UID=0 IT_GID=0 IT_AS= ;;
nobody)
	if [ "$(id -u)" = 0 ]; then
		IT_UID=65534 IT_GID=65534
		IT_AS="setpriv --reuid=65534 --regid=65534 --clear-groups"
	else
		IT_UID=$(id -u) IT_GID=$(id -g) IT_AS=
	fi ;;
*)
	IT_UID=$(id -u) IT_GID=$(id -g) IT_AS= ;;
esac

# The chroot reference needs root; a non-root runner only has expectations.
if [ "$(id -u)" = 0 ] && [ "${IT_NATIVE:-1}" != 0 ]; then
	IT_NATIVE=1
else
	IT_NATIVE=0
fi

if [ -z "${IT_DIR:-}" ]; then
	IT_DIR=$(mktemp -d "${TMPDIR:-/tmp}/burrow-it.XXXXXX") || exit 2
	chmod 0755 "$IT_DIR"
	[ "$IT_UID" = 0 ] || chown "$IT_UID:$IT_GID" "$IT_DIR"
	trap 'rm -rf "$IT_DIR"' EXIT
	trap 'exit 130' INT TERM
fi
T=$IT_DIR
W=$T/w			# all the guest may see: ROOT, HOSTD
ROOT=$W/root		# the guest's rootfs (a test may move it, inside W)
HOSTD=$W/host		# host-side directories and files to bind
cd "$T" || exit 2	# outside the rootfs, so burrow's default cwd shows

# ---- reporting ----------------------------------------------------------

# Indents a file's lines under a report line, with a tag.
_it_show() {	# TAG FILE
	[ -s "$2" ] || return 0
	head -n 40 "$2" | sed "s/^/    $1 | /"
}

pass() { echo "PASS $1 [as $IT_LABEL]"; }
fail() { echo "FAIL $1 [as $IT_LABEL]: $2"; }

# skip NAME WHY: the test cannot run here for a reason CI should fix.
skip() {
	# A machine set up only to run the tests (the arm64 VM) says why it
	# cannot build fixtures: there, a missing tool is the machine's limit.
	if [ -n "${IT_MACHINE_LIMITS:-}" ]; then
		skip_machine "$1" "$2; $IT_MACHINE_LIMITS"
	elif [ "${CI:-}" = true ]; then
		echo "FAIL $1 [as $IT_LABEL]: skipped in CI: $2"
	else
		echo "SKIP $1 [as $IT_LABEL]: $2"
	fi
}

# skip_machine NAME WHY: the machine lacks what the test needs (kernel too
# old...); not a failure, even in CI.
skip_machine() { echo "SKIP $1 [as $IT_LABEL]: $2 (machine limitation)"; }

# skip_user NAME WHY: the check means nothing for this user (root reads
# any file, only root may mount...); as root, the other pass runs it.
# Not a failure, even in CI.
skip_user() { echo "SKIP $1 [as $IT_USER]: $2 (not for this user)"; }

# The host's glibc: its dynamic loader (the PT_INTERP of its programs),
# that name as /proc/PID/comm shows it, and its library directory.  The
# fixtures' guest trees put exec-progs' glibc copy there.
case $(uname -m) in
aarch64) IT_LDSO=/lib/ld-linux-aarch64.so.1 IT_LIBDIR=/lib/aarch64-linux-gnu ;;
*) IT_LDSO=/lib64/ld-linux-x86-64.so.2 IT_LIBDIR=/lib/x86_64-linux-gnu ;;
esac
IT_LDSO_COMM=$(printf '%s' "${IT_LDSO##*/}" | cut -c1-15)

# ---- the test rootfs ----------------------------------------------------

# new_root: a fresh W with a tiny rootfs in ROOT and an empty HOSTD.
# Host files are made to differ from the guest's (hostname, os-release),
# so a lookup that escapes to the host shows.
new_root() {
	rm -rf "$W" "$T/n"
	mkdir -p "$ROOT/bin" "$ROOT/etc/sub" "$ROOT/tmp" "$ROOT/proc" "$ROOT/dev" \
		"$ROOT/home/user" "$ROOT/data/dir" "$ROOT/links/n" "$ROOT/mnt/x" \
		"$ROOT/mnt/other" "$ROOT/empty" "$ROOT/scratch" "$HOSTD" || exit 2
	cp "$HELPERS"/* "$ROOT/bin/"
	# Tests write in /scratch, not /tmp: the host has no /scratch, so a
	# call a broken tracer forgets to translate fails instead of
	# changing a host file.
	chmod 1777 "$ROOT/tmp" "$ROOT/scratch"
	printf 'guest-hostname\n' >"$ROOT/etc/hostname"	# 15 bytes
	printf 'only in the guest\n' >"$ROOT/etc/guest-only"	# 18 bytes
	printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n' \
		>"$ROOT/etc/passwd"
	printf 'inner\n' >"$ROOT/etc/sub/inner.txt"
	printf 'data\n' >"$ROOT/data/file.txt"
	printf '#!/bin/probe echo\n' >"$ROOT/bin/script"
	printf '#!/no/such/interpreter\n' >"$ROOT/bin/badscript"
	chmod 0755 "$ROOT/bin/script" "$ROOT/bin/badscript"
	ln -s probe "$ROOT/bin/probe-link"
	ln -s /etc/hostname "$ROOT/links/abs"
	ln -s ../etc/hostname "$ROOT/links/rel"
	ln -s /etc "$ROOT/links/absdir"
	ln -s ../etc "$ROOT/links/reldir"
	ln -s abs "$ROOT/links/chain"
	ln -s loop2 "$ROOT/links/loop1"
	ln -s loop1 "$ROOT/links/loop2"
	ln -s self "$ROOT/links/self"
	ln -s ../../../../../../../../etc "$ROOT/links/escape"
	ln -s ../../../../../../../../etc/guest-only "$ROOT/links/escape_file"
	ln -s /no/such/file "$ROOT/links/dangling"
	ln -s /proc/self "$ROOT/links/proc_self"
	ln -s /bin "$ROOT/links/tobin"
	# A link holding the rootfs's host path: inside the guest that path
	# does not exist.
	ln -s "$ROOT/etc/guest-only" "$ROOT/links/hostpath"
	# n/1 -> n/2 -> ... -> n/40 -> /etc/hostname: 40 links, the kernel's
	# limit (MAXSYMLINKS); n/0 -> n/1 is one too many.
	i=0
	while [ $i -lt 40 ]; do
		ln -s $((i + 1)) "$ROOT/links/n/$i"
		i=$((i + 1))
	done
	ln -s /etc/hostname "$ROOT/links/n/40"
}

# add_shell: a static busybox as ROOT/bin/sh; fails if the host has none.
add_shell() {
	for bb in /bin/busybox /usr/bin/busybox; do
		if [ -x "$bb" ] && ! ldd "$bb" >/dev/null 2>&1; then
			cp "$bb" "$ROOT/bin/busybox" && ln -sf busybox "$ROOT/bin/sh"
			return
		fi
	done
	return 1
}

# root_listing [DIR]: what "probe ls" prints for a rootfs directory.
root_listing() {
	ls -A "$ROOT${1-}" | sort | tr '\n' ' ' | sed 's/ $//; s/^/ /; s/^ $//'
}

# ---- running the guest --------------------------------------------------

# Files of the last run: burrow's stdout, stderr and exit status, and the
# same from the chroot reference when it ran (NATIVE_RAN=1).
OUT=$T/out ERR=$T/err NOUT=$T/nout NERR=$T/nerr

# The test user must own what the guest may write.
_it_own() {
	[ "$IT_UID" = 0 ] || chown -R "$IT_UID:$IT_GID" "$W"
}

IT_HANG=${IT_HANG:-$((30 * ${IT_SLOW:-1}))}

# Runs "$@" with stdout through a pipe, so the capture ends only when
# every process holding it (forked children too) has let go.  A run
# that hangs is killed and gets status 124, which _it_judge reports.
_it_capture() {	# OUT ERR STATUSFILE CMD...
	_o=$1 _e=$2 _s=$3
	shift 3
	{ timeout -k 5 "$IT_HANG" "$@" </dev/null 2>"$_e"; echo $? >"$_s"; } | cat >"$_o"
}

# Snapshot of W for the reference: it must start from the same files.
_it_snapshot() {
	rm -rf "$T/n"
	if [ "$IT_NATIVE" = 1 ]; then
		cp -a "$W" "$T/n"
		[ -z "${IT_REF_AS:-}" ] || chown -R "$IT_REF_AS" "$T/n"
	fi
}

# guest [BURROW OPTIONS] CMD [ARG]...: runs `burrow -r ROOT ...`, then the
# same on the chroot reference.  Options: -b HOST[:GUEST], -w DIR.
guest() {
	_it_own
	_it_snapshot
	# shellcheck disable=SC2086
	_it_capture "$OUT" "$ERR" "$T/status" $IT_AS "$BURROW" -r "$ROOT" "$@"
	STATUS=$(cat "$T/status")
	NATIVE_RAN=0
	if [ "$IT_NATIVE" = 1 ]; then
		_it_capture "$NOUT" "$NERR" "$T/nstatus" \
			sh "$IT_LIB/reference.sh" --map "$W" "$T/n" --as "${IT_REF_AS:-$IT_UID:$IT_GID}" -r "$T/n${ROOT#"$W"}" "$@"
		NSTATUS=$(cat "$T/nstatus")
		NATIVE_RAN=1
	fi
}

# run_burrow ARG...: burrow with exactly these arguments (no -r added, no
# reference run), for command-line tests.
run_burrow() {
	_it_own
	NATIVE_RAN=0
	# shellcheck disable=SC2086
	_it_capture "$OUT" "$ERR" "$T/status" $IT_AS "$BURROW" "$@"
	STATUS=$(cat "$T/status")
}

# True while PID exists and is not a zombie.
_it_alive() {
	_st=$(sed -n 's/^[0-9]* (.*) \(.\) .*/\1/p' "/proc/$1/stat" 2>/dev/null)
	[ -n "$_st" ] && [ "$_st" != Z ]
}

# Starts CMD in the background with default signal dispositions (a shell
# makes background jobs ignore INT and QUIT), waits for "ready" on its
# stdout, sends SIG to CMD's pid, waits for it.  timeout(1) is CMD's
# parent, so the signal goes to its child, not to timeout.
_it_signal_one() {	# SIG OUT ERR STATUSFILE CMD...
	_sig=$1 _o=$2 _e=$3 _s=$4
	shift 4
	timeout -k 5 "$IT_HANG" env --default-signal "$@" </dev/null >"$_o" 2>"$_e" &
	_tpid=$!
	_pid=
	until [ -n "$_pid" ] && grep -q '^ready$' "$_o"; do
		_it_alive $_tpid || break
		[ -n "$_pid" ] || _pid=$(pgrep -P $_tpid)
		sleep 0.02
	done
	[ -n "$_pid" ] && kill -s "$_sig" "$_pid" 2>/dev/null
	wait $_tpid
	echo $? >"$_s"
}

# guest_signal SIG [BURROW OPTIONS] CMD...: like guest, but CMD is sent
# SIG through burrow's pid once it has printed "ready".
guest_signal() {
	_gsig=$1
	shift
	_it_own
	_it_snapshot
	# shellcheck disable=SC2086
	_it_signal_one "$_gsig" "$OUT" "$ERR" "$T/status" $IT_AS "$BURROW" -r "$ROOT" "$@"
	STATUS=$(cat "$T/status")
	NATIVE_RAN=0
	if [ "$IT_NATIVE" = 1 ]; then
		_it_signal_one "$_gsig" "$NOUT" "$NERR" "$T/nstatus" \
			sh "$IT_LIB/reference.sh" --map "$W" "$T/n" --as "${IT_REF_AS:-$IT_UID:$IT_GID}" -r "$T/n${ROOT#"$W"}" "$@"
		NSTATUS=$(cat "$T/nstatus")
		NATIVE_RAN=1
	fi
}

# ---- expectations -------------------------------------------------------

_it_diff() {	# EXPECTED-FILE ACTUAL-FILE LABEL
	diff -u --label expected --label "$3" "$1" "$2" | tail -n +3 | head -n 60 | sed 's/^/    /'
}

# expect NAME EXPECTED-STDOUT [STATUS]: the last run printed exactly these
# lines and exited with STATUS (default 0).
expect() {
	_name=$1 _want_status=${3:-0}
	if [ -n "$2" ]; then printf '%s\n' "$2"; fi >"$T/expected"
	_it_judge "$_name" "$T/expected" "$_want_status" stdout
}

# expect_status NAME STATUS: only the exit status matters.
expect_status() {
	_it_judge "$1" "" "$2" status
}

_it_judge() {	# NAME EXPECTED-FILE STATUS MODE
	_name=$1 _exp=$2 _want=$3 _mode=$4
	_bad=
	if [ "$_mode" = stdout ] && ! cmp -s "$_exp" "$OUT"; then
		_bad="output differs from expected"
	fi
	if [ "$STATUS" = 124 ]; then
		_bad="hung: killed after ${IT_HANG}s"
	elif [ "$STATUS" != "$_want" ]; then
		_bad="${_bad:+$_bad; }exit status $STATUS, expected $_want"
	fi
	_nbad=
	if [ "$NATIVE_RAN" = 1 ]; then
		if [ "$_mode" = stdout ] && ! cmp -s "$_exp" "$NOUT"; then
			_nbad="output"
		fi
		if [ "$NSTATUS" != "$_want" ]; then
			_nbad="${_nbad:+$_nbad, }exit status $NSTATUS"
		fi
	fi
	if [ -n "$_nbad" ]; then
		fail "$_name" "test bug: a real chroot disagrees with the expectation ($_nbad)"
		[ "$_mode" = stdout ] && _it_diff "$_exp" "$NOUT" chroot
		_it_show "chroot stderr" "$NERR"
	elif [ "$STATUS" = 124 ]; then
		# What a killed run printed proves little; show it as is.
		fail "$_name" "$_bad"
		_it_show stdout "$OUT"
		_it_show stderr "$ERR"
	elif [ -n "$_bad" ]; then
		fail "$_name" "$_bad"
		[ "$_mode" = stdout ] && _it_diff "$_exp" "$OUT" burrow
		_it_show stderr "$ERR"
	else
		pass "$_name"
	fi
}

# expect_error NAME STATUS WORD: burrow failed with STATUS ("nonzero"
# allowed) and said so in exactly one line on stderr containing WORD.
expect_error() {
	_name=$1 _want=$2 _word=$3
	_lines=$(wc -l <"$ERR")
	case $_want:$STATUS in
	nonzero:0) _ok=0 ;;
	nonzero:*) _ok=1 ;;
	*) [ "$STATUS" = "$_want" ] && _ok=1 || _ok=0 ;;
	esac
	if [ "$STATUS" = 124 ]; then
		fail "$_name" "hung: killed after ${IT_HANG}s"
		_it_show stderr "$ERR"
	elif [ "$_ok" = 0 ]; then
		fail "$_name" "exit status $STATUS, expected $_want"
		_it_show stderr "$ERR"
	elif [ "$_lines" != 1 ]; then
		fail "$_name" "$_lines lines on stderr, expected one"
		_it_show stderr "$ERR"
	elif ! grep -qF -- "$_word" "$ERR"; then
		fail "$_name" "the error does not name '$_word'"
		_it_show stderr "$ERR"
	else
		pass "$_name"
	fi
}

# assert NAME WHAT CMD...: a host-side fact; CMD must succeed.
# expect_same_as_chroot NAME [STATUS]: the run exited STATUS (0), printed
# something, and, when a chroot reference ran (as root), printed exactly
# what the chroot printed, which itself exited STATUS.
expect_same_as_chroot() {
	_want=${2:-0}
	if [ "$STATUS" != "$_want" ]; then
		fail "$1" "exit status $STATUS, expected $_want"
		_it_show stderr "$ERR"
	elif [ "$NATIVE_RAN" = 1 ] && [ "$NSTATUS" != "$_want" ]; then
		fail "$1" "test bug: the chroot reference's status is $NSTATUS"
		_it_show "chroot stderr" "$NERR"
	elif [ "$NATIVE_RAN" = 1 ] && ! cmp -s "$NOUT" "$OUT"; then
		fail "$1" "output differs from a real chroot"
		_it_diff "$NOUT" "$OUT" burrow
	elif [ ! -s "$OUT" ] && [ "$_want" = 0 ]; then
		fail "$1" "no output"
		_it_show stderr "$ERR"
	else
		pass "$1"
	fi
}

assert() {
	_name=$1 _what=$2
	shift 2
	if "$@" >"$T/assert.out" 2>&1; then
		pass "$_name"
	else
		fail "$_name" "$_what"
		_it_show output "$T/assert.out"
	fi
}

# same_as_ptrace NAME EXPECTED BURROW-ARGS...: the ptrace engine (the
# reference) printed EXPECTED (when not "-") and exited 0, and the guest
# engine printed the same and exited 0.
same_as_ptrace() {
	_en=$1 _ew=$2
	shift 2
	run_burrow --engine=ptrace "$@"
	cp "$OUT" "$T/ptrace.out"
	_ps=$STATUS
	run_burrow --engine=guest "$@"
	if [ "$_ps" != 0 ]; then
		fail "$_en" "test bug: the ptrace engine exited $_ps"
		_it_show stderr "$ERR"
	elif [ "$_ew" != - ] && [ "$(cat "$T/ptrace.out")" != "$_ew" ]; then
		fail "$_en" "test bug: the ptrace engine disagrees with the expectation"
		printf '%s\n' "$_ew" >"$T/expected"
		_it_diff "$T/expected" "$T/ptrace.out" ptrace
	elif [ "$_ew" = - ] && [ ! -s "$T/ptrace.out" ]; then
		fail "$_en" "test bug: the ptrace engine printed nothing"
	elif [ "$STATUS" != 0 ]; then
		fail "$_en" "the guest engine exited $STATUS"
		_it_show stderr "$ERR"
	elif ! cmp -s "$T/ptrace.out" "$OUT"; then
		fail "$_en" "the guest engine's output differs from the ptrace engine's"
		_it_diff "$T/ptrace.out" "$OUT" guest
	else
		pass "$_en"
	fi
}

# kernel_at_least MAJOR MINOR
kernel_at_least() {
	_rel=$(uname -r)
	_maj=${_rel%%.*}
	_min=${_rel#*.}
	_min=${_min%%[!0-9]*}
	[ "$_maj" -gt "$1" ] || { [ "$_maj" -eq "$1" ] && [ "$_min" -ge "$2" ]; }
}

new_root
