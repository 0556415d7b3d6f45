#!/bin/sh
# run.sh: runs the integration tests, tests/integration/t_*.sh.
#
#   BURROW=$PWD/burrow HELPERS=$PWD/build/tests/rootfs/bin sh tests/integration/run.sh [WORD]...
#
# With WORDs, only the files whose name contains one of them run;
# IT_EXCLUDE="t_NAME..." leaves out the files of those names.
# As root each file runs twice: burrow (and the guest) as root, then as
# nobody; otherwise once, as the current user (IT_USERS overrides, e.g.
# IT_USERS=root).  Each file gets its own scratch directory, removed
# after it (IT_KEEP=1 keeps them), and `timeout 300`: a hang fails, by
# the file's name.  After each file, any process
# still carrying its marker in its environment is reported and killed.
# The last line is exactly "N passed, N failed"; exit status 1 if any
# check failed.
#
# As root, the files that exec guest programs of every kind run a third
# time, as nobody in a mount namespace where TMPDIR is a noexec tmpfs
# (as on clusters that mount /tmp so): labelled "[as nobody, noexec
# TMPDIR]".  IT_NOEXEC_TMP_FILES names those files (empty: no such pass).

here=$(cd "$(dirname "$0")" && pwd)
: "${BURROW:?BURROW must name the tracer to test}"
: "${HELPERS:?HELPERS must name the helper directory (make test-helpers)}"
export BURROW HELPERS
LIMIT=$((300 * ${IT_SLOW:-1}))	# IT_SLOW: see lib.sh

if [ -n "${IT_USERS:-}" ]; then
	users=$IT_USERS
elif [ "$(id -u)" = 0 ]; then
	users="root nobody"
else
	users=$(id -un)
fi

base=$(mktemp -d "${TMPDIR:-/tmp}/burrow-it.XXXXXX") || exit 2
chmod 0755 "$base"	# nobody must reach its scratch directory below
if [ "${IT_KEEP:-}" = 1 ]; then
	echo "scratch directories kept in $base" >&2
else
	trap 'rm -rf "$base"' EXIT
fi
trap 'exit 130' INT TERM

passed=0 failed=0 skipped=0
NOEXEC_LABEL="nobody, noexec TMPDIR"
noexec_files=${IT_NOEXEC_TMP_FILES-t_exec_guix_pack t_exec_debian_devel t_exec_shebang t_exec_kinds t_exec_musl}

# The passes of one file: the users, and the noexec-/tmp pass as root.
passes() {	# FILE-NAME
	for _u in $users; do echo "$_u"; done
	if [ "$(id -u)" = 0 ] && [ -z "${IT_USERS:-}" ]; then
		for _f in $noexec_files; do
			[ "$_f" = "$1" ] && echo "$NOEXEC_LABEL"
		done
	fi
}

# `TMPDIR=DIR sh -c "$NOEXEC_TMP" sh CMD...`: CMD where DIR is a fresh
# noexec tmpfs, after checking that a program copied there cannot run.
# shellcheck disable=SC2016
NOEXEC_TMP='mount --make-rprivate / && mount -t tmpfs -o noexec,nosuid,nodev,mode=1777 burrow-noexec "$TMPDIR" &&
	cp "$HELPERS/exitwith" "$TMPDIR/canary" && if "$TMPDIR/canary" 0 2>/dev/null; then
		echo "FAIL noexec_tmpdir_refuses_exec [as $IT_LABEL]: a program in TMPDIR ran"; else
		echo "PASS noexec_tmpdir_refuses_exec [as $IT_LABEL]"; fi && exec "$@"'

report() {	# PASS|FAIL NAME USER [REASON]
	if [ "$1" = PASS ]; then
		echo "PASS $2 [as $3]"
		passed=$((passed + 1))
	else
		echo "FAIL $2 [as $3]: $4"
		failed=$((failed + 1))
	fi
}

# Processes whose environment holds IT_MARK=$1: what a test left running.
leftovers() {
	grep -lz "^IT_MARK=$1\$" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3
}

selected() {	# FILE-NAME WORD...
	_n=$1
	shift
	[ $# -eq 0 ] && return 0
	for _w; do
		case $_n in *"$_w"*) return 0 ;; esac
	done
	return 1
}

# IT_EXCLUDE: names of files not to run (a pass under another engine
# leaves out the files of its listed gaps); said once.
excluded() {	# FILE-NAME
	for _w in ${IT_EXCLUDE:-}; do
		[ "$1" = "$_w" ] && return 0
	done
	return 1
}
[ -z "${IT_EXCLUDE:-}" ] || echo "not run here (IT_EXCLUDE): $IT_EXCLUDE"

for t in "$here"/t_*.sh; do
	name=$(basename "$t" .sh)
	selected "$name" "$@" || continue
	excluded "$name" && continue
	passes "$name" >"$base/passes"
	while IFS= read -r user <&3; do
		if [ "$user" = "$NOEXEC_LABEL" ]; then
			as=nobody noexec=1
			dir=$base/$name.noexec
			mkdir "$dir" "$dir.tmp" || exit 2
			log=$base/$name.noexec.log
		else
			as=$user noexec=
			dir=$base/$name.$user
			mkdir "$dir" || exit 2
			log=$base/$name.$user.log
		fi
		chmod 0755 "$dir" || exit 2
		[ "$as" = nobody ] && [ "$(id -u)" = 0 ] && chown 65534:65534 "$dir"
		mark=$name.$as.$$
		# Output goes through a pipe to show progress; the exit status
		# comes back through a file (POSIX sh has no pipefail).
		{
			if [ -n "$noexec" ]; then
				env IT_MARK="$mark" IT_USER="$as" IT_LABEL="$user" IT_DIR="$dir" TMPDIR="$dir.tmp" \
					timeout -k 10 $LIMIT unshare -m sh -c "$NOEXEC_TMP" sh sh "$t" 2>&1
			else
				env IT_MARK="$mark" IT_USER="$as" IT_LABEL="$user" IT_DIR="$dir" \
					timeout -k 10 $LIMIT sh "$t" 2>&1
			fi
			echo $? >"$log.rc"
		} 3<&- | tee "$log"
		rc=$(cat "$log.rc")
		passed=$((passed + $(grep -c '^PASS ' "$log")))
		failed=$((failed + $(grep -c '^FAIL ' "$log")))
		skipped=$((skipped + $(grep -c '^SKIP ' "$log")))
		if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
			report FAIL "$name" "$user" "hung: killed after ${LIMIT}s (after: $(grep -E '^(PASS|FAIL|SKIP) ' "$log" | tail -n 1 | cut -d' ' -f2))"
		elif [ "$rc" != 0 ]; then
			report FAIL "$name" "$user" "the test script exited with status $rc"
		elif ! grep -qE '^(PASS|FAIL|SKIP) ' "$log"; then
			report FAIL "$name" "$user" "no check ran"
		fi
		pids=$(leftovers "$mark")
		if [ -n "$pids" ]; then
			what=
			for p in $pids; do
				what="$what $p($(cat "/proc/$p/comm" 2>/dev/null))"
			done
			report FAIL "${name#t_}_leaves_nothing_running" "$user" "still running:$what"
			# Only the processes this test started, by pid.
			# shellcheck disable=SC2086
			kill -KILL $pids 2>/dev/null
		else
			report PASS "${name#t_}_leaves_nothing_running" "$user"
		fi
		# The pass is over: its scratch directory goes now, so the suite
		# needs room for one pass's files at a time (the arm64 VM's /tmp
		# is a RAM disk).  IT_KEEP=1 keeps them all.
		if [ "${IT_KEEP:-}" != 1 ]; then
			rm -rf "$dir"
			[ -z "$noexec" ] || rm -rf "$dir.tmp"
		fi
	done 3<"$base/passes"
done

if [ "$skipped" -gt 0 ]; then
	echo "$skipped skipped"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
