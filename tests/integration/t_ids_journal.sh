#!/bin/sh
# The fake-root journal (ROOTFS/.burrow-ids, --ids-file) is burrow's own
# file: never one a symlink points to, never a file that is not a
# journal; a rename the kernel leaves alone leaves it alone; and burrow
# killed at any point (kill -9) leaves one the next run reads.
. "$(dirname "$0")/lib.sh"

new_root
if ! add_shell; then
	skip ids_journal_shell "needs a static busybox (apt-get install busybox-static)"
	exit 0
fi
for a in stat ln mknod touch chown; do ln -s busybox "$ROOT/bin/$a"; done
IT_NATIVE_SAVED=$IT_NATIVE
IT_NATIVE=0

# ---- a symlink where the journal goes is not followed ----------------
# Shipped in an archive (or left by an earlier guest): dangling, to an
# empty file, to a file without a newline.  Refused, nothing touched.
for kind in dangling empty nonewline; do
	rm -f "$HOSTD/notes" "$ROOT/.burrow-ids"
	case $kind in
	empty) : >"$HOSTD/notes" ;;
	nonewline) printf 'my notes' >"$HOSTD/notes" ;;
	esac
	[ ! -e "$HOSTD/notes" ] || cp "$HOSTD/notes" "$T/notes.orig"
	ln -s "$HOSTD/notes" "$ROOT/.burrow-ids"
	guest -0 /bin/probe chown /scratch 1 2
	expect_error "ids_journal_symlink_${kind}_refused" 125 "$ROOT/.burrow-ids"
	if [ $kind = dangling ]; then
		assert "ids_journal_symlink_${kind}_target_not_created" "burrow created the link's target" \
			test ! -e "$HOSTD/notes"
	else
		assert "ids_journal_symlink_${kind}_target_unchanged" "burrow wrote the link's target" \
			cmp "$T/notes.orig" "$HOSTD/notes"
	fi
done
# --ids-file naming a symlink: the same.
rm -f "$ROOT/.burrow-ids" "$HOSTD/notes"
ln -s "$HOSTD/notes" "$HOSTD/ids-link"
guest -0 --ids-file "$HOSTD/ids-link" /bin/probe chown /scratch 1 2
expect_error ids_file_symlink_refused 125 "$HOSTD/ids-link"
assert ids_file_symlink_target_not_created "burrow created the link's target" test ! -e "$HOSTD/notes"

# A guest that swaps the journal for a symlink during a run: the host
# file stays as it was (refused, or the guest cannot touch the journal).
rm -f "$ROOT/.burrow-ids" "$HOSTD/ids-link"
printf 'my notes' >"$HOSTD/notes"
cp "$HOSTD/notes" "$T/notes.orig"
guest -0 /bin/sh -c 'touch /scratch/a /scratch/b; chown 1:1 /scratch/a
	rm -f /.burrow-ids; ln -s '"$HOSTD/notes"' /.burrow-ids; chown 2:2 /scratch/b'
assert ids_journal_symlink_planted_by_guest_not_followed "burrow wrote the link's target" \
	cmp "$T/notes.orig" "$HOSTD/notes"
rm -f "$ROOT/.burrow-ids"

# ---- --ids-file on a file that is not a journal ------------------------
# A user's data file (no newline: it looked like a torn record) is left
# byte for byte as it was.
printf 'precious data, no newline' >"$HOSTD/data"
cp "$HOSTD/data" "$T/data.orig"
guest -0 --ids-file "$HOSTD/data" /bin/probe chown /scratch 1 2
expect_error ids_file_user_data_refused 125 "$HOSTD/data"
assert ids_file_user_data_unchanged "the file changed" cmp "$T/data.orig" "$HOSTD/data"

# A journal with a torn last record (a writer killed mid-line): adopted,
# the records before it count, the next writer cuts the torn one.
printf 'burrow-ids 1\n76f6acb0 S 644 7 8 0 /scratch/a\n0badc0de S 644 9 9 0 /scr' >"$HOSTD/torn"
guest -0 --ids-file "$HOSTD/torn" /bin/sh -c 'chown 3:3 /scratch/b; stat -c "%n %u %g" /scratch/a /scratch/b'
expect ids_file_torn_journal_recovered "/scratch/a 7 8
/scratch/b 3 3"
assert ids_file_torn_record_cut "the torn record is still there" \
	sh -c '! grep -q 0badc0de "$1" && [ "$(tail -c1 "$1" | od -An -c | tr -d " ")" = "\n" ]' sh "$HOSTD/torn"

# ---- rename onto itself, or onto another link of the same file -------
IT_NATIVE=$IT_NATIVE_SAVED
IT_REF_AS=0:0
new_root
add_shell
for a in stat ln mknod touch chown; do ln -s busybox "$ROOT/bin/$a"; done
guest -0 -w /scratch /bin/sh -c '
	touch f && chown 123:456 f && mknod dev c 1 3 && chown 5:6 dev && mkdir d && chown 7:8 d
	ln f g
	probe rename f f rename f g rename g f rename dev dev rename d d renameat2 f g noreplace
	stat -c "%n %u %g %F %t %T" f g dev d'
expect_same_as_chroot rename_onto_same_file_keeps_faked_owner
unset IT_REF_AS
IT_NATIVE=0
guest -0 -w /scratch /bin/sh -c 'stat -c "%n %u %g %F %t %T" f g dev d'
expect rename_onto_same_file_owner_persists "f 123 456 regular empty file 0 0
g 123 456 regular empty file 0 0
dev 5 6 character special file 1 3
d 7 8 directory 0 0"

# ---- burrow killed at random points while -0 chowns and renames -------
# Each round, one probe chowns f$j, renames it onto itself and onto its
# hard link l$j, and moves m$j between two names (faked owner 77:$j);
# burrow gets SIGKILL once a random number of those have printed ok.
# Then: the next run accepts the journal, every finished change is
# there, the run after works, and every record is whole.
new_root
add_shell
for a in stat ln touch chown; do ln -s busybox "$ROOT/bin/$a"; done
K=100
ROUNDS=25
guest -0 -w /scratch /bin/sh -c 'j=0; while [ $j -lt '"$K"' ]; do
	touch f$j mA$j && ln f$j l$j && chown 77:$j mA$j || exit 1; j=$((j + 1)); done'
expect_status ids_journal_kill_setup 0
_it_own
round=1 bad=''
while [ $round -le "$ROUNDS" ] && [ -z "$bad" ]; do
	# The ops, and the names m$j has now (the host sees the rootfs).
	ops='' names=''
	j=0
	while [ $j -lt "$K" ]; do
		if [ -e "$ROOT/scratch/mA$j" ]; then from=mA$j to=mB$j; else from=mB$j to=mA$j; fi
		ops="$ops chown f$j $round $j rename f$j f$j rename f$j l$j rename $from $to"
		names="$names $from:$to"
		j=$((j + 1))
	done
	at=$(awk -v s="$round$$" -v n=$((4 * K)) 'BEGIN { srand(s); print int(rand() * n) }')
	: >"$T/kill.out"
	# shellcheck disable=SC2086
	$IT_AS "$BURROW" -0 -r "$ROOT" -w /scratch /bin/probe $ops </dev/null >>"$T/kill.out" 2>"$T/kill.err" &
	pid=$!
	while _it_alive $pid && [ "$(wc -l <"$T/kill.out")" -lt "$at" ]; do :; done
	kill -KILL $pid 2>/dev/null
	{ wait $pid; } 2>/dev/null
	done_ops=$(grep -c ': ok$' "$T/kill.out")
	if [ "$(wc -l <"$T/kill.out")" != "$done_ops" ]; then
		bad="round $round: an operation failed: $(grep -v ': ok$' "$T/kill.out" | head -n 1)"
		break
	fi
	# What must hold now, and what the next run checks and repairs: the
	# m file in flight when burrow died may have moved without its
	# record (the kernel renamed, burrow had not written yet); it gets
	# its owner again.
	: >"$T/want"
	files='' repair=:
	j=0
	for pair in $names; do
		from=${pair%:*} to=${pair#*:}
		if [ $((4 * j)) -lt "$done_ops" ]; then
			echo "f$j $round $j" >>"$T/want"
			files="$files f$j"
		fi
		op=$((4 * j + 3))
		if [ $op -lt "$done_ops" ]; then
			echo "$to 77 $j" >>"$T/want"
			files="$files $to"
		elif [ $op -gt "$done_ops" ]; then
			echo "$from 77 $j" >>"$T/want"
			files="$files $from"
		else
			repair="chown 77:$j mA$j mB$j 2>/dev/null"
		fi
		j=$((j + 1))
	done
	# shellcheck disable=SC2086
	timeout -k 5 "$IT_HANG" $IT_AS "$BURROW" -0 -r "$ROOT" -w /scratch /bin/sh -c "stat -c '%n %u %g' $files; $repair; chown $round:0 l0" \
		</dev/null >"$T/check.out" 2>"$T/check.err"
	st=$?
	# shellcheck disable=SC2086
	if [ $st != 0 ]; then
		bad="round $round: the next run exited $st: $(head -n 1 "$T/check.err")"
	elif ! cmp -s "$T/want" "$T/check.out"; then
		bad="round $round (killed after $done_ops of $((4 * K)) ops): faked owners lost"
	elif ! timeout -k 5 "$IT_HANG" $IT_AS "$BURROW" -0 -r "$ROOT" -w /scratch /bin/stat -c '%u' l0 >"$T/after.out" 2>&1 ||
		[ "$(cat "$T/after.out")" != "$round" ]; then
		bad="round $round: the run after a repair lost its change: $(head -n 1 "$T/after.out")"
	fi
	round=$((round + 1))
done
if [ -n "$bad" ]; then
	fail ids_journal_survives_kill_9 "$bad"
	[ ! -s "$T/check.out" ] || _it_diff "$T/want" "$T/check.out" "next run"
	_it_show "next run's stderr" "$T/check.err"
	_it_show "killed run's stderr" "$T/kill.err"
else
	pass ids_journal_survives_kill_9
fi
# Every record whole (the last writer cut any torn one), one per line.
assert ids_journal_records_whole_after_kills "malformed records in the journal" sh -c '
	head -n 1 "$1" | grep -qx "burrow-ids 1" &&
	[ "$(tail -c1 "$1" | od -An -c | tr -d " ")" = "\n" ] &&
	! sed 1d "$1" | grep -Evx "[0-9a-f]{8} (S [0-7]+ [0-9]+ [0-9]+ [0-9a-f]+ /[^ ]+|D /[^ ]+|[MR] /[^ ]+ /[^ ]+|X)"' \
	sh "$ROOT/.burrow-ids"
IT_NATIVE=$IT_NATIVE_SAVED
