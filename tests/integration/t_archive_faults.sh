#!/bin/sh
# kill -9 at many points, then the cache is consistent and the next run
# works:
# (a) while a tar.gz rootfs of some thousands of files unpacks,
# (b) while a two-layer `docker save` image unpacks (outer archive, its
#     config, each layer with its whiteouts),
# (c) a running guest of a cached entry, while --cache-clean runs; and a
#     clean itself, half-way through removing an entry.
# After each kill: every entry (64 hex digits) is whole (root/ with every
# file, source, and for the image image.cfg and image.json), --cache-list
# lists exactly those, and the index maps each archive to its content.
# The next run prints what it should, leaves no .tmp-* and an index whose
# every line names a whole entry; a clean after a killed guest removes
# its entry (the kernel dropped the entry's lock with burrow).
# Kill points come from observed progress (files in the cache, the
# image's stages), varied by a few random milliseconds; nothing depends on
# time.
# The archives are built here with tar and gzip: no python3.
. "$(dirname "$0")/lib.sh"

C=$T/cache
A=$T/archives
mkdir -p "$C" "$A"
[ "$IT_UID" = 0 ] || chown "$IT_UID:$IT_GID" "$C"
# shellcheck disable=SC2010 # the cache's own names: hex digits, .tmp-X
entries() { ls -A "$C" | grep -E '^[0-9a-f]{64}$'; }
# shellcheck disable=SC2010
tmps() { ls -A "$C" | grep -c '^\.tmp-'; }
sha() { sha256sum "$1" | cut -c1-64; }
listing() { (cd "$1" && find . | sort); }
n=$((600 / ${IT_SLOW:-1}))	# files per directory

# ---- the archives -----------------------------------------------------------
# (a) a tar.gz: the probe, three directories of n files, /etc/last last.
S=$T/src
mkdir -p "$S/bin" "$S/etc" "$S/mnt/x"
cp "$HELPERS/probe" "$S/bin/probe"
for d in d1 d2 d3; do
	mkdir "$S/$d"
	(cd "$S/$d" && seq 1 $n | xargs touch)
done
echo last >"$S/etc/last"
tar -C "$S" -czf "$A/rootfs.tar.gz" bin mnt d1 d2 d3 etc
listing "$S" >"$T/want.rootfs"
rm -rf "$S"

# (b) docker save: layer 1 the probe, /etc/msg "one", /etc/gone and n
# files; layer 2 a new /etc/msg, a whiteout of /etc/gone and n more files.
# The outer archive also holds n/2 files the manifest does not name, so
# that its unpack lasts long enough to be killed in.
mkdir -p "$S/l1/bin" "$S/l1/etc" "$S/l1/d1" "$S/l2/etc" "$S/l2/d2" "$S/img/a" "$S/img/b" "$S/img/extra"
cp "$HELPERS/probe" "$S/l1/bin/probe"
echo one >"$S/l1/etc/msg"
echo doomed >"$S/l1/etc/gone"
echo two >"$S/l2/etc/msg"
: >"$S/l2/etc/.wh.gone"
(cd "$S/l1/d1" && seq 1 $n | xargs touch)
(cd "$S/l2/d2" && seq 1 $n | xargs touch)
(cd "$S/img/extra" && seq 1 $((n / 2)) | xargs touch)
tar -C "$S/l1" -cf "$S/img/a/layer.tar" bin etc d1
tar -C "$S/l2" -cf "$S/img/b/layer.tar" etc d2
printf '%s' '{"config":{"Entrypoint":["/bin/probe","cat","/etc/msg","lstat","/etc/gone","getenv","FAULT"],"Env":["FAULT=two layers"]}}' \
	>"$S/img/c.json"
printf '%s' '[{"Config":"c.json","Layers":["a/layer.tar","b/layer.tar"]}]' >"$S/img/manifest.json"
tar -C "$S/img" -cf "$A/image.tar" extra manifest.json c.json a b
# What the guest sees: layer 1, then layer 2 over it, without the
# whiteout and what it hides.
cp -a "$S/l1" "$S/merged"
cp -a "$S/l2/." "$S/merged/"
rm -f "$S/merged/etc/gone" "$S/merged/etc/.wh.gone"
listing "$S/merged" >"$T/want.image"
rm -rf "$S"
chmod a+r "$A"/*
SHA_A=$(sha "$A/rootfs.tar.gz")
SHA_B=$(sha "$A/image.tar")
INO_A=$(stat -c %i "$A/rootfs.tar.gz")
INO_B=$(stat -c %i "$A/image.tar")
OUT_A='cat /etc/last: ok last\n'
OUT_B='cat /etc/msg: ok two\n
lstat /etc/gone: ENOENT
getenv FAULT: ok two layers'

# The image's compact config, from a run nothing interrupts.
run_burrow --cache-dir "$T/refcache" -r "$A/image.tar"
expect image_fault_fixture_runs "$OUT_B"
cp "$T/refcache/$SHA_B/image.cfg" "$T/want.cfg" 2>/dev/null || : >"$T/want.cfg"
rm -rf "$T/refcache"

# ---- what must hold ---------------------------------------------------------
# Each prints why not, and fails.

# Every entry is one of the archives, whole.
entries_whole() {
	for _e in $(entries); do
		case $_e in
		"$SHA_A") _want=$T/want.rootfs ;;
		"$SHA_B") _want=$T/want.image ;;
		*) echo "entry $_e is no archive's content"; return 1 ;;
		esac
		if [ ! -d "$C/$_e/root" ]; then
			echo "entry $_e has no root/"; return 1
		fi
		listing "$C/$_e/root" >"$T/got.listing"
		if ! cmp -s "$_want" "$T/got.listing"; then
			echo "entry $_e: $(wc -l <"$T/got.listing") of $(wc -l <"$_want") files in root/"; return 1
		fi
		if [ ! -s "$C/$_e/source" ]; then
			echo "entry $_e has no source"; return 1
		fi
		if [ "$_e" = "$SHA_B" ] && { [ ! -s "$C/$_e/image.json" ] || ! cmp -s "$T/want.cfg" "$C/$_e/image.cfg"; }; then
			echo "entry $_e: image.json or image.cfg missing or cut"; return 1
		fi
	done
}

# --cache-list works and lists exactly the entries there are.
list_ok() {
	# shellcheck disable=SC2086
	if ! timeout -k 5 "$IT_HANG" $IT_AS "$BURROW" --cache-dir "$C" --cache-list </dev/null >"$T/list" 2>"$T/list.err"; then
		echo "--cache-list failed: $(head -n 1 "$T/list.err")"; return 1
	fi
	_listed=$(grep -oE '^[0-9a-f]{12}  ' "$T/list" | tr -d ' ' | sort | tr '\n' ' ')
	_there=$(entries | cut -c1-12 | sort | tr '\n' ' ')
	_n=$(entries | wc -l)
	if [ "$_listed" != "$_there" ] || ! tail -n 1 "$T/list" | grep -q "^$_n entr"; then
		echo "--cache-list: [$_listed], entries: [$_there]: $(tail -n 1 "$T/list")"; return 1
	fi
}

# The index: whole lines, one per archive at most, each naming the
# archive's content.  strict (after a run that ended): every line names
# a whole entry.
index_ok() {	# [strict]
	[ -e "$C/index" ] || return 0
	_seen=
	while read -r _dev _ino _size _mtime _sha _path; do
		if [ -z "$_path" ] || ! echo "$_sha" | grep -qE '^[0-9a-f]{64}$'; then
			echo "index: a malformed line: $_dev $_ino $_size $_mtime $_sha $_path"; return 1
		fi
		case " $_seen " in
		*" $_ino "*) echo "index: two lines for inode $_ino"; return 1 ;;
		esac
		_seen="$_seen $_ino"
		if { [ "$_ino" = "$INO_A" ] && [ "$_sha" != "$SHA_A" ]; } ||
			{ [ "$_ino" = "$INO_B" ] && [ "$_sha" != "$SHA_B" ]; }; then
			echo "index: $_path maps to $_sha, not its content"; return 1
		fi
		if [ "${1-}" = strict ] && [ ! -d "$C/$_sha/root" ]; then
			echo "index: $_path names a missing entry $_sha"; return 1
		fi
	done <"$C/index"
}

# After a kill: no half entry, a working list, a consistent index.
after_kill() {
	entries_whole && list_ok && index_ok
}

# After a run that ended: the same, no .tmp-*, ARCHIVE's entry there.
after_run() {	# SHA
	entries_whole && list_ok && index_ok strict || return 1
	if [ "$(tmps)" != 0 ]; then
		echo "left behind: $(find "$C" -mindepth 1 -maxdepth 1 -name '.tmp-*' | sed 's|.*/||' | tr '\n' ' ')"; return 1
	fi
	if ! entries | grep -qx "$1"; then
		echo "no entry $1 after the run"; return 1
	fi
}

# ---- killing ----------------------------------------------------------------
# The first failure of each property, with the round, and its details.
note() {	# VAR WHAT
	eval "[ -n \"\$$1\" ]" && return 0
	eval "$1=\$2"
	cp "$T/why" "$T/why.$1"
}
report() {	# NAME VAR
	eval "_bad=\$$2"
	if [ -n "$_bad" ]; then
		fail "$1" "$_bad"
		_it_show why "$T/why.$2"
	else
		pass "$1"
	fi
}

# burrow ARGS in the background as the test user: its pid in bpid.
start() {
	# shellcheck disable=SC2086
	$IT_AS "$BURROW" "$@" </dev/null >"$T/k.out" 2>"$T/k.err" &
	bpid=$!
}
# Polls until CMD holds; false if burrow ended first.
reached() {	# CMD...
	_i=0
	until "$@"; do
		_it_alive $bpid && [ $_i -lt 3000 ] || return 1
		sleep 0.01
		_i=$((_i + 1))
	done
}
# kill -9 PID after 0 to 9 ms (a varied point, not a condition), reaped;
# its status (137: the kill came before it ended).
kill9() {	# PID
	_j=$(od -An -N1 -tu1 /dev/urandom 2>/dev/null | tr -d ' ')
	sleep "0.00$((${_j:-$r} % 10))"
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}
# Progress as files in the cache, whatever their names: a cache that
# unpacked in place would be killed at the same points.
files() { find "$C" 2>/dev/null | wc -l; }
cache_more() { [ "$(files)" -ge "$1" ]; }
cache_fewer() { [ "$(files)" -lt "$1" ]; }
cache_has() { find "$C" -mindepth 2 -maxdepth 3 -path "$C/*/$1" | grep -q .; }
has_entry() { [ -n "$(entries)" ]; }

# The next run, after a kill: it works, and leaves the cache as it should.
next_run() {	# VAR-PREFIX ROUND ARCHIVE SHA OUTPUT [CMD...]
	nr_p=$1 nr_r=$2 nr_a=$3 nr_s=$4 nr_o=$5
	shift 5
	nr_h=$IT_HANG
	IT_HANG=$((IT_HANG * 4))	# thousands of files, on a loaded machine
	run_burrow --cache-dir "$C" -r "$nr_a" "$@"
	IT_HANG=$nr_h
	printf '%s\n' "$nr_o" >"$T/want.out"
	if [ "$STATUS" != 0 ] || ! cmp -s "$T/want.out" "$OUT"; then
		{ echo "status $STATUS"; cat "$OUT" "$ERR"; } >"$T/why"
		note "${nr_p}_next" "round $nr_r: the next run failed (status $STATUS)"
	fi
	after_run "$nr_s" >"$T/why" || note "${nr_p}_cache" "round $nr_r, after the next run: $(head -n 1 "$T/why")"
}
# --cache-clean, which must remove every entry.
clean_all() {	# VAR ROUND
	run_burrow --cache-dir "$C" --cache-clean
	if [ "$STATUS" != 0 ] || [ -n "$(entries)" ] || [ "$(tmps)" != 0 ] || grep -q kept "$ERR"; then
		{ echo "status $STATUS, entries: $(entries | cut -c1-12 | tr '\n' ' ')"; cat "$ERR"; } >"$T/why"
		note "$1" "round $2: a clean left $(entries | wc -l) entries, $(tmps) .tmp-*"
	fi
}

# One round of (a) or (b): start, kill at STAGE, check, run again, clean.
landed_a=0 landed_b=0
unpack_round() {	# a|b ROUND STAGE
	ur_k=$1 ur_r=$2 ur_st=$3
	if [ "$ur_k" = a ]; then
		set -- "$A/rootfs.tar.gz" "$SHA_A" "$OUT_A" /bin/probe cat /etc/last
	else
		set -- "$A/image.tar" "$SHA_B" "$OUT_B"
	fi
	ur_sha=$2 ur_base=$(files)
	start --quiet --cache-dir "$C" -r "$@"
	case $ur_st in
	files:*) reached cache_more $((ur_base + ${ur_st#files:})) ;;
	# Half-way through layer K: the outer archive's n/2 files, layers
	# before K, half of K.
	layer:*) reached cache_more $((ur_base + (${ur_st#layer:} + 1) * n)) ;;
	entry) reached has_entry ;;
	*) reached cache_has "$ur_st" ;;
	esac
	kill9 $bpid
	ur_killed=$?
	if after_kill >"$T/why"; then
		# Killed before its entry was there: in the unpack.
		[ $ur_killed != 137 ] || entries | grep -qx "$ur_sha" || eval "landed_$ur_k=\$((landed_$ur_k + 1))"
	else
		eval "landed_$ur_k=\$((landed_$ur_k + 1))"
		note "${ur_k}_half" "round $ur_r (killed at $ur_st): $(head -n 1 "$T/why")"
	fi
	# Every third round the next run is killed too, as it clears the
	# killed unpack away (or, when there was none, as it starts its own).
	if [ $((ur_r % 3)) = 1 ]; then
		ur_left=$(files)
		start --quiet --cache-dir "$C" -r "$@"
		if [ "$ur_left" = "$ur_base" ]; then
			reached cache_more $((ur_base + 1))
		else
			reached cache_fewer "$ur_left"
		fi
		kill9 $bpid
		after_kill >"$T/why" || note "${ur_k}_half" "round $ur_r (killed twice): $(head -n 1 "$T/why")"
	fi
	next_run "$ur_k" "$ur_r" "$@"
	clean_all "${ur_k}_clean" "$ur_r"
}

# ---- (a) a tar.gz rootfs ------------------------------------------------------
unset a_half a_next a_cache a_clean
r=0
for st in files:1 files:$n files:$((2 * n)) entry files:$((n / 2)) files:$((5 * n / 2)); do
	unpack_round a $r "$st"
	r=$((r + 1))
done
report archive_kill9_unpack_leaves_no_half_entry a_half
report archive_kill9_unpack_next_run_works a_next
report archive_kill9_unpack_next_run_leaves_cache_whole a_cache
report archive_kill9_unpack_then_clean_removes_all a_clean
if [ $landed_a = 0 ]; then
	skip_machine archive_kill9_landed_in_unpack "every unpack ended before it could be killed"
else
	pass archive_kill9_landed_in_unpack
fi

# ---- (b) a two-layer docker save image ------------------------------------------
unset b_half b_next b_cache b_clean
r=0
for st in files:$((n / 4)) image.cfg layer:0 layer:1 entry root/d1; do
	unpack_round b $r "$st"
	r=$((r + 1))
done
report image_kill9_unpack_leaves_no_half_entry b_half
report image_kill9_unpack_next_run_works b_next
report image_kill9_unpack_next_run_leaves_cache_whole b_cache
report image_kill9_unpack_then_clean_removes_all b_clean
if [ $landed_b = 0 ]; then
	skip_machine image_kill9_landed_in_unpack "every unpack ended before it could be killed"
else
	pass image_kill9_landed_in_unpack
fi

# ---- (c) a running guest, and --cache-clean ----------------------------------------
# Variants: 0 the clean starts as burrow is killed; 1 burrow killed, then
# the clean; 2 a clean while the guest runs keeps the entry, then the
# kill; 3 burrow killed, then a clean killed half-way through removing.
unset c_half c_next c_cache c_clean c_kept
cleans_killed=0
r=0
for v in 0 1 2 3 3; do
	run_burrow --cache-dir "$C" -r "$A/rootfs.tar.gz" /bin/probe cat /etc/last	# cached
	_it_own
	start --cache-dir "$C" -r "$A/rootfs.tar.gz" -b "$HOSTD:/mnt/x" \
		/bin/probe echo ready waitfor "/mnt/x/go.$r" cat /etc/last
	gpid=$bpid
	if ! reached grep -q '^ready$' "$T/k.out"; then
		cat "$T/k.out" "$T/k.err" >"$T/why"
		note c_next "round $r: the guest of the cached entry did not start"
	fi
	case $v in
	0)
		run_burrow --cache-dir "$C" --cache-clean &
		cpid=$!
		kill9 $gpid
		wait $cpid ;;
	1)
		kill9 $gpid ;;
	2)
		run_burrow --cache-dir "$C" --cache-clean
		if ! entries_whole >"$T/why" || ! entries | grep -qx "$SHA_A" ||
			! grep -q "kept ${SHA_A%"${SHA_A#????????????}"}" "$ERR"; then
			cat "$ERR" >>"$T/why"
			note c_kept "round $r: a clean did not keep the running guest's entry"
		fi
		kill9 $gpid ;;
	3)
		kill9 $gpid
		before=$(files)
		start --cache-dir "$C" --cache-clean
		reached cache_fewer "$before"
		kill9 $bpid
		# Killed half-way: some of the entry's files are left.
		[ "$(files)" -le $((before - $(wc -l <"$T/want.rootfs") - 2)) ] ||
			cleans_killed=$((cleans_killed + 1)) ;;
	esac
	touch "$HOSTD/go.$r"	# a guest that outlived burrow would end
	after_kill >"$T/why" || note c_half "round $r (variant $v): $(head -n 1 "$T/why")"
	if [ $v = 3 ]; then
		next_run c $r "$A/rootfs.tar.gz" "$SHA_A" "$OUT_A" /bin/probe cat /etc/last
	fi
	# The kernel dropped the killed burrow's entry lock: nothing is kept.
	clean_all c_clean $r
	next_run c $r "$A/rootfs.tar.gz" "$SHA_A" "$OUT_A" /bin/probe cat /etc/last
	r=$((r + 1))
done
report archive_clean_keeps_entry_of_running_guest c_kept
report archive_kill9_guest_during_clean_leaves_no_half_entry c_half
report archive_kill9_guest_then_clean_removes_entry c_clean
report archive_kill9_guest_or_clean_next_run_works c_next
report archive_kill9_guest_or_clean_next_run_leaves_cache_whole c_cache
if [ $cleans_killed = 0 ]; then
	skip_machine archive_kill9_landed_in_clean "every clean ended before it could be killed"
else
	pass archive_kill9_landed_in_clean
fi
