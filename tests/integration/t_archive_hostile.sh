#!/bin/sh
# Hostile and broken archives as -r: nothing may be written outside the
# cache entry.  Members with "..", absolute paths, a symlink planted and
# then written through, hard links to files outside: refused, with one
# line naming the archive and the member, exit 125, no cache entry.
# Device nodes are skipped and setuid/setgid bits cleared, each said
# once.  A truncated or corrupt archive: one line, 125, no entry.
. "$(dirname "$0")/lib.sh"

if ! command -v python3 >/dev/null; then
	skip archive_hostile "needs python3 to craft the archives"
	exit 0
fi
A=$T/archives
C=$T/cache
V=$T/victim		# outside the cache: must stay empty
mkdir -p "$A" "$V"
chmod 0777 "$V"		# writable by the test user: only burrow's checks protect it
python3 - "$A" "$V" "$HELPERS/probe" <<'PY'
import io, os, sys, tarfile
out, victim, probe = sys.argv[1], sys.argv[2], sys.argv[3]

def mk(name, members):
    with tarfile.open(os.path.join(out, name), "w", format=tarfile.GNU_FORMAT) as t:
        t.add(probe, "bin/probe")
        for m in members:
            i = tarfile.TarInfo(m[0]); i.mtime = 1; i.mode = 0o644
            kind = m[1]
            if kind == "file":
                data = m[2] if len(m) > 2 else b"pwned\n"
                if len(m) > 3: i.mode = m[3]
                i.size = len(data); t.addfile(i, io.BytesIO(data)); continue
            if kind == "dir": i.type = tarfile.DIRTYPE; i.mode = 0o755
            elif kind == "sym": i.type = tarfile.SYMTYPE; i.linkname = m[2]
            elif kind == "hard": i.type = tarfile.LNKTYPE; i.linkname = m[2]
            elif kind in ("chr", "blk"):
                i.type = tarfile.CHRTYPE if kind == "chr" else tarfile.BLKTYPE
                i.devmajor, i.devminor = m[2], m[3]
            t.addfile(i)

up = "../" * 12
mk("dotdot.tar", [(up + victim.lstrip("/") + "/pwned_dotdot", "file")])
mk("dotdot_inner.tar", [("a/b/../../../pwned_inner", "file")])
mk("absolute.tar", [(victim + "/pwned_abs", "file")])
mk("symlink_abs_through.tar", [("evil", "sym", victim), ("evil/pwned_sym", "file")])
mk("symlink_rel_through.tar", [("d", "dir"), ("d/evil", "sym", up + victim.lstrip("/")),
                               ("d/evil/pwned_rel", "file")])
mk("symlink_dir_through.tar", [("etc", "sym", victim), ("etc/passwd", "file", b"root::0:0::/:/bin/sh\n")])
mk("hardlink_abs.tar", [("passwd", "hard", "/etc/passwd")])
mk("hardlink_dotdot.tar", [("passwd", "hard", up + "etc/passwd")])
mk("hardlink_through_symlink.tar", [("e", "sym", "/etc"), ("passwd", "hard", "e/passwd")])
mk("devices.tar", [("dev", "dir"), ("dev/mynull", "chr", 1, 3), ("dev/mydisk", "blk", 8, 0),
                   ("dev/zero2", "chr", 1, 5), ("ok", "file", b"fine\n")])
mk("setuid.tar", [("bin/su", "file", b"x", 0o4755), ("bin/sg", "file", b"x", 0o2755),
                  ("bin/plain", "file", b"x", 0o755)])
PY

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
refused archive_absolute_path_refused absolute.tar "entry $V/pwned_abs: absolute path"
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
cp "$A/good.tar.gz" "$A/corrupt.tar.gz"
printf 'garbage-garbage-garbage' | dd of="$A/corrupt.tar.gz" bs=1 seek=$((size / 8)) conv=notrunc 2>/dev/null
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
