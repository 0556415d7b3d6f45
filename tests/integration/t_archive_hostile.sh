#!/bin/sh
# Hostile and broken archives as -r: nothing may be written outside the
# cache entry.  Members with "..", absolute paths, a symlink planted and
# then written through, hard links to files outside: refused, with one
# line naming the archive and the member, exit 125, no cache entry.
# Device nodes are skipped and setuid/setgid bits cleared, each said
# once.  A truncated or corrupt archive: one line, 125, no entry.
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
if ! H=$(sh "$here/../fixtures/hostile-archives.sh" 2>"$T/fixture.err"); then
	skip archive_hostile "$(cat "$T/fixture.err")"
	exit 0
fi
A=$T/archives
C=$T/cache
# The archives aim at /proc/self/cwd/victim (tests/fixtures/hostile-archives.sh):
# for burrow, which starts in $T, that is V.
VA=/proc/self/cwd/victim
V=$T/victim		# outside the cache: must stay empty
mkdir -p "$A" "$V"
chmod 0777 "$V"		# writable by the test user: only burrow's checks protect it
# Each archive with this machine's probe in front, as bin/probe.
mkdir -p "$T/p/bin"
cp "$HELPERS/probe" "$T/p/bin/probe"
for f in "$H"/*.tar; do
	tar -C "$T/p" -cf "$A/${f##*/}" bin/probe && tar -Af "$A/${f##*/}" "$f" ||
		{ fail archive_hostile_prepared "tar could not put the probe in front of $f"; exit 0; }
done
assert archive_hostile_victim_is_the_tests "$VA is $(readlink -f "$VA") here, not $V" \
	[ "$(readlink -f "$VA")" = "$(readlink -f "$V")" ]

# Cache contents: entries (64 hex digits), unpacks in progress, everything.
entries() { find "$1" -mindepth 1 -maxdepth 1 -type d -regextype posix-extended -regex '.*/[0-9a-f]{64}' 2>/dev/null | wc -l; }
tmps() { find "$1" -mindepth 1 -maxdepth 1 -name '.tmp-*' 2>/dev/null | wc -l; }
listing() { find "$1" -mindepth 1 -maxdepth 1 -printf '%f ' 2>/dev/null; }
no_entry() { [ "$(entries "$C"):$(tmps "$C")" = 0:0 ]; }
passwd_links=$(stat -c %h /etc/passwd)

# refused NAME ARCHIVE WORD: refused with one line naming WORD, and
# nothing written anywhere.
refused() {
	run_burrow --cache-dir "$C" -r "$A/$2" /bin/probe echo ran
	expect_error "$1" 125 "$3"
	_v=$(listing "$V") _p=$(find "$T" -name 'pwned*' 2>/dev/null) _l=$(stat -c %h /etc/passwd)
	assert "${1}_writes_nothing" "victim: '$_v', pwned: '$_p', cache: $(listing "$C"), /etc/passwd links $_l" \
		sh -c "[ -z '$_v$_p' ] && [ '$_l' = '$passwd_links' ] && [ '$(entries "$C"):$(tmps "$C")' = 0:0 ]"
}
refused archive_dotdot_refused dotdot.tar "$A/dotdot.tar: entry ../"
refused archive_inner_dotdot_refused dotdot_inner.tar "entry a/b/../../../pwned_inner"
refused archive_absolute_path_refused absolute.tar "entry $VA/pwned_abs: absolute path"
refused archive_write_through_abs_symlink_refused symlink_abs_through.tar "entry evil/pwned_sym: goes through the symlink evil"
refused archive_write_through_rel_symlink_refused symlink_rel_through.tar "entry d/evil/pwned_rel: goes through the symlink d/evil"
refused archive_write_through_etc_symlink_refused symlink_dir_through.tar "entry etc/passwd: goes through the symlink etc"
refused archive_hardlink_to_etc_passwd_refused hardlink_abs.tar "entry passwd: hard link to /etc/passwd"
refused archive_hardlink_dotdot_refused hardlink_dotdot.tar "entry passwd: hard link to ../"
refused archive_hardlink_through_symlink_refused hardlink_through_symlink.tar "entry passwd: hard link through e"

# Device nodes: skipped, said once with the count; the rest runs.
run_burrow --cache-dir "$C" -r "$A/devices.tar" /bin/probe echo ran
assert archive_devices_skipped_and_said_once "status $STATUS; stderr: $(cat "$ERR")" \
	sh -c "[ '$STATUS' = 0 ] && [ \$(wc -l <'$ERR') = 1 ] && grep -q 'devices.tar: skipped 3 device nodes' '$ERR' &&
		[ -z \"\$(find '$C' -type c -o -type b | head -n 1)\" ] && [ -n \"\$(find '$C' -path '*/root/ok' -type f)\" ]"
run_burrow --cache-dir "$C" -r "$A/devices.tar" /bin/probe echo ran
assert archive_devices_not_said_again "stderr: $(cat "$ERR")" sh -c "[ '$STATUS' = 0 ] && [ ! -s '$ERR' ]"

# Setuid and setgid bits: cleared, said once.
run_burrow --cache-dir "$C" -r "$A/setuid.tar" /bin/probe echo ran
assert archive_setuid_cleared_and_said_once "status $STATUS; stderr: $(cat "$ERR")" \
	sh -c "[ '$STATUS' = 0 ] && [ \$(wc -l <'$ERR') = 1 ] &&
		grep -q 'setuid.tar: cleared the setuid/setgid bits of 2 files' '$ERR' &&
		[ -z \"\$(find '$C' -perm /6000 | head -n 1)\" ] &&
		[ \$(find '$C' -path '*/root/bin/su' -perm 0755 | wc -l) = 1 ]"
run_burrow --cache-dir "$C" --cache-clean

# Truncated and corrupt archives: one line naming the archive and the
# member, 125, no cache entry.
tar -C "$HELPERS" -czf "$A/good.tar.gz" .
size=$(stat -c %s "$A/good.tar.gz")
head -c $((size / 2)) "$A/good.tar.gz" >"$A/truncated.tar.gz"
run_burrow --cache-dir "$C" -r "$A/truncated.tar.gz" /probe echo ran
expect_error archive_truncated_gz_fails_naming_entry 125 "$A/truncated.tar.gz: entry "
assert archive_truncated_gz_leaves_no_entry "left in the cache: $(listing "$C")" no_entry
tar -C "$HELPERS" -cf "$A/good.tar" .
size=$(stat -c %s "$A/good.tar")
head -c $((size / 2 + 100)) "$A/good.tar" >"$A/truncated.tar"
run_burrow --cache-dir "$C" -r "$A/truncated.tar" /probe echo ran
expect_error archive_truncated_tar_fails_naming_entry 125 "$A/truncated.tar: entry "
assert archive_truncated_tar_leaves_no_entry "left in the cache: $(listing "$C")" no_entry
# Damage the middle of the compressed stream (past its end would only
# be trailing garbage, which gzip itself ignores).
cp "$A/good.tar.gz" "$A/corrupt.tar.gz"
gzsize=$(stat -c %s "$A/good.tar.gz")
printf 'garbage-garbage-garbage' | dd of="$A/corrupt.tar.gz" bs=1 seek=$((gzsize / 2)) conv=notrunc 2>/dev/null
run_burrow --cache-dir "$C" -r "$A/corrupt.tar.gz" /probe echo ran
expect_error archive_corrupt_gz_fails 125 "$A/corrupt.tar.gz: "
assert archive_corrupt_gz_leaves_no_entry "left in the cache: $(listing "$C")" no_entry
head -c 4096 /dev/urandom >"$A/noise.bin"
run_burrow --cache-dir "$C" -r "$A/noise.bin" /probe echo ran
expect_error archive_not_an_archive_refused 125 "$A/noise.bin: "
assert archive_not_an_archive_leaves_no_entry "left in the cache: $(listing "$C")" no_entry
# The good one runs, to show the failures were the archives' doing.
run_burrow --cache-dir "$C" -r "$A/good.tar.gz" /probe echo ran
expect archive_good_helpers_tar_runs "ran"
