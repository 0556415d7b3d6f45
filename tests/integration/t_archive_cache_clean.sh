#!/bin/sh
# --cache-clean never removes the root of a running guest: a run holds a
# shared lock on its cache entry, and a clean keeps the entries it cannot
# lock, one line each, naming them.  Once the guest is gone, a clean
# removes the entry.
. "$(dirname "$0")/lib.sh"

C=$T/cache
A=$T/image.tar
new_root
_it_own
tar -C "$ROOT" -cf "$A" .
mkdir -p "$C"
[ "$IT_UID" = 0 ] || chown "$IT_UID:$IT_GID" "$C" "$A"

# shellcheck disable=SC2010 # entry names are 64 hex digits
entries() { ls "$C" | grep -cE '^[0-9a-f]{64}$'; }

# The guest says ready, then waits for HOSTD/go.
# shellcheck disable=SC2086
timeout -k 5 "$IT_HANG" $IT_AS "$BURROW" --cache-dir "$C" -r "$A" -b "$HOSTD:/mnt/x" \
	/bin/probe echo ready waitfor /mnt/x/go cat /etc/hostname </dev/null >"$T/gout" 2>"$T/gerr" &
gpid=$!
until grep -q '^ready$' "$T/gout" 2>/dev/null; do
	_it_alive $gpid || break
	sleep 0.05
done
entry=$(sed -n 's/^.* \([0-9a-f]\{64\}\) .*$/\1/p' "$C/index")
short=$(printf '%.12s' "$entry")

run_burrow --cache-dir "$C" --cache-clean
assert archive_clean_keeps_running_entry "the entry of the running guest is gone" \
	sh -c "[ -n '$entry' ] && [ -d '$C/$entry/root/etc' ]"
assert archive_clean_says_entry_kept "no line naming $short: $(cat "$ERR")" \
	grep -q "^burrow: cache .*: kept $short (.*image.tar): in use by a running burrow\$" "$ERR"
assert archive_clean_kept_one_line "$(cat "$ERR")" \
	[ "$(grep -c "kept $short" "$ERR")" = 1 ]

touch "$HOSTD/go"
wait $gpid
STATUS=$? NATIVE_RAN=0
cp "$T/gout" "$OUT"
cp "$T/gerr" "$ERR"
expect archive_guest_survives_clean "ready
waitfor /mnt/x/go: ok
cat /etc/hostname: ok guest-hostname\\n"

run_burrow --cache-dir "$C" --cache-clean
assert archive_clean_after_guest_removes "$(entries) entries left: $(cat "$ERR")" \
	sh -c "[ $(entries) = 0 ] && ! grep -q kept '$ERR' && grep -q 'removed 1 cache entry' '$ERR'"

# The next run unpacks again and works.
run_burrow --cache-dir "$C" -r "$A" /bin/probe cat /etc/hostname
expect archive_runs_after_clean "cat /etc/hostname: ok guest-hostname\\n"

# The lock is burrow's: the guest holds no more descriptors than it does
# with a directory as its root.
run_burrow -r "$ROOT" -b /proc /bin/probe ls /proc/self/fd
cp "$OUT" "$T/fds.dir"
run_burrow --cache-dir "$C" -r "$A" -b /proc /bin/probe ls /proc/self/fd
assert archive_lock_not_inherited "$(cat "$OUT") vs $(cat "$T/fds.dir")" cmp -s "$OUT" "$T/fds.dir"
