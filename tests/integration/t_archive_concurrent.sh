#!/bin/sh
# Many ranks on one node: 16 burrows started at once on a fresh cache
# unpack the archive exactly once (a lock, an unpack into a temporary
# directory, a rename), and all of them run.  An unpack killed with
# SIGKILL half-way leaves no entry that looks complete, and the next run
# removes its temporary directory and unpacks afresh.
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
if ! GP=$(sh "$here/../fixtures/guix-pack.sh" 2>"$T/fixture.err"); then
	skip archive_concurrent_pack_available "$(cat "$T/fixture.err")"
	exit 0
fi
. "$GP/paths.env"
C=$T/cache
cp "$GP/pack.tar.gz" "$T/pack.tar.gz"

# Cache contents: entries (64 hex digits), unpacks in progress, everything.
entries() { find "$1" -mindepth 1 -maxdepth 1 -type d -regextype posix-extended -regex '.*/[0-9a-f]{64}' 2>/dev/null | wc -l; }
tmps() { find "$1" -mindepth 1 -maxdepth 1 -name '.tmp-*' 2>/dev/null | wc -l; }
listing() { find "$1" -mindepth 1 -maxdepth 1 -printf '%f ' 2>/dev/null; }

i=0
while [ $i -lt 16 ]; do
	# shellcheck disable=SC2086
	timeout -k 5 "$IT_HANG" $IT_AS "$BURROW" -v 1 --quiet --cache-dir "$C" -r "$T/pack.tar.gz" \
		/bin/bash -c "echo rank $i" </dev/null >"$T/out.$i" 2>"$T/err.$i" &
	i=$((i + 1))
done
wait
ok=$(cat "$T"/out.* | grep -c '^rank ')
unpacks=$(cat "$T"/err.* | grep -c '^burrow: unpacked ')
assert archive_16_at_once_all_run "$ok of 16 ranks printed their line" [ "$ok" = 16 ]
assert archive_16_at_once_unpack_once "the archive was unpacked $unpacks times" [ "$unpacks" = 1 ]
e=$(entries "$C") t=$(tmps "$C") i=$(wc -l <"$C/index")
assert archive_16_at_once_one_entry "$e entries, $t unpacks left, $i index lines: $(listing "$C")" \
	[ "$e:$t:$i" = 1:0:1 ]

# An archive that takes a while to unpack: 24000 empty files (fewer on
# an emulated machine, IT_SLOW times slower: it takes as long there).
B=$T/big
mkdir -p "$B/bin"
cp "$HELPERS/probe" "$B/bin/probe"
for d in 1 2 3 4 5 6 7 8 9 10 11 12; do
	mkdir "$B/d$d"
	(cd "$B/d$d" && seq 1 $((2000 / ${IT_SLOW:-1})) | xargs touch)
done
tar -C "$B" -cf "$T/big.tar" .
rm -rf "$B"
K=$T/killcache
# shellcheck disable=SC2086
$IT_AS "$BURROW" --quiet --cache-dir "$K" -r "$T/big.tar" /bin/probe echo hi </dev/null >/dev/null 2>&1 &
pid=$!
n=0
until [ "$(tmps "$K")" != 0 ] || [ $n -ge 1000 ]; do
	sleep 0.005
	n=$((n + 1))
done
sleep 0.2
kill -KILL $pid 2>/dev/null
wait $pid 2>/dev/null
st=$?
if [ "$st" != 137 ]; then
	skip_machine archive_killed_unpack_leaves_no_entry "the unpack ended (status $st) before it could be killed"
else
	e=$(entries "$K") t=$(tmps "$K")
	assert archive_killed_unpack_leaves_no_entry "after kill -9: $e entries, $t temporary directories" \
		sh -c "[ '$e:$t' = 0:1 ] && [ ! -s '$K/index' ]"
	# Unpacking 24000 files (and removing the killed run's) on a loaded
	# machine can outlast the usual hang guard: give this run four.
	hang=$IT_HANG
	IT_HANG=$((IT_HANG * 4))
	run_burrow -v 1 --quiet --cache-dir "$K" -r "$T/big.tar" /bin/probe echo hi
	IT_HANG=$hang
	e=$(entries "$K") t=$(tmps "$K")
	assert archive_after_kill_next_run_unpacks_and_cleans "status $STATUS, $e entries, $t temporary: $(listing "$K")" \
		sh -c "[ '$STATUS:$e:$t' = 0:1:0 ] && grep -q '^burrow: unpacked ' '$ERR'"
fi
rm -rf "$T/big.tar" "$K"
