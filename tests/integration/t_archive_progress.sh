#!/bin/sh
# The progress line of an archive's unpack: on stderr when it is a tty
# (script(1) gives burrow a pty): "reading ARCHIVE: N%" while it is
# hashed, "unpacking ARCHIVE: N%" after; rewritten in place with "\r", cleared
# ("\r\033[K") before the command runs; never with --quiet, never when
# stderr is not a tty.  It shows after a second: BURROW_PROGRESS_AFTER=0
# makes that immediate, so that the test does not depend on how fast this
# machine unpacks.
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
if ! GP=$(sh "$here/../fixtures/guix-pack.sh" 2>"$T/fixture.err"); then
	skip archive_progress_pack "$(cat "$T/fixture.err")"
	exit 0
fi
if ! script -qec true /dev/null >/dev/null 2>&1; then
	skip_machine archive_progress_tty "needs script(1) from util-linux for a pty"
	exit 0
fi
A=$T/archives
mkdir -p "$A"
cp "$GP/pack.tar.gz" "$A/pack.tar.gz"
_it_own
chown -R "$IT_UID:$IT_GID" "$A" "$T"

# on_tty OUT CACHE [OPTION]: burrow with stdout and stderr on a pty.
on_tty() {
	_out=$1 _cache=$2
	shift 2
	# shellcheck disable=SC2086
	BURROW_PROGRESS_AFTER=0 timeout -k 5 "$IT_HANG" $IT_AS script -qec \
		"'$BURROW' $* --cache-dir '$_cache' -r '$A/pack.tar.gz' /bin/bash -c 'echo ran'" /dev/null \
		</dev/null >"$_out" 2>&1
}

on_tty "$T/tty.out" "$T/c1"
# \r and ESC become visible: "^M" and "^[".
visible=$(cat -v "$T/tty.out")
case $visible in
*"burrow: "*" $A/pack.tar.gz: "*"%^[[K"*) pass archive_progress_on_tty ;;
*) fail archive_progress_on_tty "no progress line"; _it_show tty "$T/tty.out" ;;
esac
case $visible in
*'^M^[[Kran'*) pass archive_progress_cleared_before_command ;;
*) fail archive_progress_cleared_before_command "the line is not cleared before the command's output"
   _it_show tty "$T/tty.out" ;;
esac

on_tty "$T/quiet.out" "$T/c2" --quiet
if grep -q 'burrow: unpacking' "$T/quiet.out" || ! grep -q '^ran' "$T/quiet.out"; then
	fail archive_progress_quiet "--quiet still shows a progress line (or the command did not run)"
	_it_show tty "$T/quiet.out"
else
	pass archive_progress_quiet
fi

# stderr a file: no line, even at once.
export BURROW_PROGRESS_AFTER=0
run_burrow --cache-dir "$T/c3" -r "$A/pack.tar.gz" /bin/bash -c 'echo ran'
unset BURROW_PROGRESS_AFTER
if [ "$STATUS" = 0 ] && [ ! -s "$ERR" ] && [ "$(cat "$OUT")" = ran ]; then
	pass archive_progress_not_on_a_file
else
	fail archive_progress_not_on_a_file "status $STATUS, stderr not empty or no output"
	_it_show stderr "$ERR"
fi
