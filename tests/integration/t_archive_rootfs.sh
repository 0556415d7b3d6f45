#!/bin/sh
# -r ARCHIVE: the guix-pack-style tarball (tests/fixtures/guix-pack.sh)
# runs straight from .tar.gz, .tar.xz and .tar.zst, unpacked once into the
# cache and reused while its identity (device, inode, size, mtime) holds;
# the same tree as a `docker save` archive and as an OCI layout runs its
# entry point, with layers applied in manifest order and their whiteouts.
# The cache is $T/cache (--cache-dir), which the test user can write.
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
if ! GP=$(sh "$here/../fixtures/guix-pack.sh" 2>"$T/fixture.err"); then
	skip archive_pack_available "$(cat "$T/fixture.err")"
	exit 0
fi
. "$GP/paths.env"
C=$T/cache
A=$T/archives
mkdir -p "$A"
cp "$GP/pack.tar.gz" "$A/pack.tar.gz"
gzip -dc "$GP/pack.tar.gz" >"$A/pack.tar"

# Cache contents: entries (64 hex digits), unpacks in progress, everything.
entries() { find "$1" -mindepth 1 -maxdepth 1 -type d -regextype posix-extended -regex '.*/[0-9a-f]{64}' 2>/dev/null | wc -l; }
tmps() { find "$1" -mindepth 1 -maxdepth 1 -name '.tmp-*' 2>/dev/null | wc -l; }
listing() { find "$1" -mindepth 1 -maxdepth 1 -printf '%f ' 2>/dev/null; }
# unpacked: how many times burrow said it unpacked an archive (-v 1).
unpacked() { grep -c '^burrow: unpacked ' "$ERR"; }

run_burrow --cache-dir "$C" -r "$A/pack.tar.gz" -b /proc /bin/lstopo-no-graphics --version
expect archive_tar_gz_runs "$GP_LSTOPO_VERSION"
# shellcheck disable=SC2016 # expanded by the guest's bash
run_burrow --cache-dir "$C" -r "$A/pack.tar.gz" /bin/bash -c 'echo "$BASH_VERSION"'
expect archive_tar_gz_runs_bash "$GP_BASH_VERSION"

if command -v xz >/dev/null; then
	xz -c "$A/pack.tar" >"$A/pack.tar.xz"
	run_burrow --cache-dir "$C" -r "$A/pack.tar.xz" -b /proc /bin/lstopo-no-graphics --version
	expect archive_tar_xz_runs "$GP_LSTOPO_VERSION"
else
	skip archive_tar_xz_runs "needs xz (apt-get install xz-utils)"
fi
if command -v zstd >/dev/null; then
	zstd -q -c "$A/pack.tar" >"$A/pack.tar.zst"
	run_burrow --cache-dir "$C" -r "$A/pack.tar.zst" -b /proc /bin/lstopo-no-graphics --version
	expect archive_tar_zst_runs "$GP_LSTOPO_VERSION"
else
	skip archive_tar_zst_runs "needs zstd (apt-get install zstd)"
fi

# The entry holds what plain tar unpacks, modes included.
entry=$(sed -n "s|^.* \\([0-9a-f]\\{64\\}\\) $A/pack.tar.gz\$|\\1|p" "$C/index")
assert archive_entry_is_the_tree "the cache entry for pack.tar.gz differs from tar -x" \
	sh -c "[ -n '$entry' ] && cd '$C/$entry/root' && find gnu bin -printf '%m %y %p %l\n' | sort >'$T/got' &&
		cd '$GP/root' && find gnu bin -printf '%m %y %p %l\n' | sort >'$T/want' && diff '$T/want' '$T/got' &&
		diff -r --no-dereference '$GP/root/gnu' '$C/$entry/root/gnu'"

# Unchanged: reused without unpacking.  Touched (same bytes): hashed
# again, found, not unpacked.  Changed: a new entry.
run_burrow -v 1 --cache-dir "$C" -r "$A/pack.tar.gz" /bin/bash -c 'echo again'
assert archive_reused_without_unpacking "status $STATUS, $(unpacked) unpacks" \
	sh -c "[ '$STATUS' = 0 ] && [ '$(unpacked)' = 0 ] && grep -qx again '$OUT'"
touch "$A/pack.tar.gz"
run_burrow -v 1 --cache-dir "$C" -r "$A/pack.tar.gz" /bin/bash -c 'echo touched'
assert archive_touched_same_content_not_unpacked "status $STATUS, $(unpacked) unpacks" \
	sh -c "[ '$STATUS' = 0 ] && [ '$(unpacked)' = 0 ] && grep -qx touched '$OUT'"
if [ "$IT_UID" != 0 ]; then
	# Reuse reads nothing of the archive: an unreadable one still runs.
	chmod 0 "$A/pack.tar.gz"
	run_burrow --cache-dir "$C" -r "$A/pack.tar.gz" /bin/bash -c 'echo unread'
	expect archive_reuse_reads_nothing "unread"
	chmod 644 "$A/pack.tar.gz"
fi
cp "$A/pack.tar" "$A/other.tar"
printf 'x' >>"$A/other.tar"	# not the same bytes any more: a new entry
run_burrow -v 1 --cache-dir "$C" -r "$A/other.tar" /bin/bash -c 'echo other'
assert archive_changed_content_unpacked_again "status $STATUS, $(unpacked) unpacks" \
	sh -c "[ '$STATUS' = 0 ] && [ '$(unpacked)' = 1 ] && grep -qx other '$OUT'"

# zip and cpio: the static helpers as a tiny rootfs.
mkdir -p "$T/h/bin"
cp "$HELPERS/probe" "$T/h/bin/probe"
if command -v cpio >/dev/null; then
	(cd "$T/h" && find bin | cpio -o -H newc 2>/dev/null) >"$A/helpers.cpio"
	run_burrow --cache-dir "$C" -r "$A/helpers.cpio" /bin/probe echo cpio
	expect archive_cpio_runs "cpio"
else
	skip archive_cpio_runs "needs cpio (apt-get install cpio)"
fi
# A stored zip from the mkzip helper (no zip tool needed); the member's
# Unix mode must survive for /bin/probe to run.
(cd "$T/h" && "$HELPERS/mkzip" "$A/helpers.zip" bin/probe)
run_burrow --cache-dir "$C" -r "$A/helpers.zip" /bin/probe echo zip
expect archive_zip_runs "zip"
if command -v bzip2 >/dev/null; then
	tar -C "$T/h" -cjf "$A/helpers.tar.bz2" bin
	run_burrow --cache-dir "$C" -r "$A/helpers.tar.bz2" /bin/probe echo bz2
	expect archive_tar_bz2_runs "bz2"
else
	skip archive_tar_bz2_runs "needs bzip2 (apt-get install bzip2)"
fi

# ---- images -------------------------------------------------------------
# A `docker save` archive and an OCI layout of the same two layers (the
# pack plus /opt, then a layer with whiteouts): tests/fixtures/docker-image.sh.
if ! I=$(sh "$here/../fixtures/docker-image.sh" 2>"$T/fixture.err"); then
	skip archive_docker_image_runs_entrypoint "$(cat "$T/fixture.err")"
	exit 0
fi
cp "$I/image.tar" "$I/oci.tar" "$I/bad-manifest.tar" "$A/"
image_out='hi in /opt: from layer 2
/opt/gone /opt/keep
/opt/gone/new'
run_burrow --cache-dir "$C" -r "$A/image.tar"
expect archive_docker_image_runs_entrypoint "$image_out"
run_burrow --cache-dir "$C" -r "$A/image.tar"
expect archive_docker_image_reused_runs_entrypoint "$image_out"
# shellcheck disable=SC2016 # expanded by the guest's bash
run_burrow --cache-dir "$C" -r "$A/image.tar" /bin/bash -c 'echo "$GREETING $PATH $PWD"'
expect archive_docker_image_command_gets_env_and_workdir "hi /bin /opt"
run_burrow --cache-dir "$C" -r "$A/oci.tar"
expect archive_oci_image_runs_entrypoint "$image_out"
run_burrow --cache-dir "$C" -r "$A/bad-manifest.tar" /bin/true
expect_error archive_docker_malformed_manifest_refused 125 "manifest.json: malformed JSON"

# ---- the cache ------------------------------------------------------------
run_burrow --cache-dir "$C" --cache-list
n=$(entries "$C")
assert archive_cache_list_names_entries "--cache-list: $(cat "$OUT")" \
	sh -c "[ '$STATUS' = 0 ] && [ \$(grep -c ' MiB  used ' '$OUT') = '$n' ] &&
		grep -q '/pack.tar.gz\$' '$OUT' && grep -q '/image.tar (image)\$' '$OUT' &&
		grep -q '^$n entries' '$OUT'"
run_burrow --cache-dir "$C" --cache-clean=30
e=$(entries "$C")
assert archive_cache_clean_days_keeps_recent "status $STATUS, $e of $n entries left: $(listing "$C")" \
	[ "$STATUS:$e" = "0:$n" ]
run_burrow --cache-dir "$C" --cache-clean
e=$(entries "$C") t=$(tmps "$C")
assert archive_cache_clean_removes_all "status $STATUS, left after --cache-clean: $(listing "$C")" \
	sh -c "[ '$STATUS:$e:$t' = 0:0:0 ] && [ ! -s '$C/index' ]"
