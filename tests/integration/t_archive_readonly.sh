#!/bin/sh
# -r ARCHIVE: the unpacked image is read-only to the guest, as a
# read-only mount would be, so that no run changes what the next run of
# the same archive sees.  Every call that would change it fails with
# EROFS, after the errors a read-only mount gives first (EEXIST, ENOENT,
# EISDIR, EACCES...); bindings (-b) stay writable.  As root, each run is
# compared with the same tree mounted read-only (reference.sh --ro).
. "$(dirname "$0")/lib.sh"

C=$T/cache
A=$T/image.tar
new_root
printf 'keep\n' >"$ROOT/etc/readonly-file"
chmod 0444 "$ROOT/etc/readonly-file"
mkfifo "$ROOT/etc/fifo"
printf 'bound\n' >"$HOSTD/f"
_it_own
tar -C "$ROOT" -cf "$A" .
mkdir -p "$C"
[ "$IT_UID" = 0 ] || chown "$IT_UID:$IT_GID" "$C" "$A"

# ro_guest [OPTIONS] CMD...: burrow on the archive of ROOT; as root, the
# reference on ROOT mounted read-only.
ro_guest() {
	_it_own
	_it_snapshot
	# shellcheck disable=SC2086
	_it_capture "$OUT" "$ERR" "$T/status" $IT_AS "$BURROW" --cache-dir "$C" -r "$A" "$@"
	STATUS=$(cat "$T/status")
	NATIVE_RAN=0
	if [ "$IT_NATIVE" = 1 ]; then
		_it_capture "$NOUT" "$NERR" "$T/nstatus" sh "$IT_LIB/reference.sh" --ro \
			--map "$W" "$T/n" --as "$IT_UID:$IT_GID" -r "$T/n${ROOT#"$W"}" "$@"
		NSTATUS=$(cat "$T/nstatus")
		NATIVE_RAN=1
	fi
}

# A write into the image fails, and the next run does not see it.
ro_guest /bin/probe write /etc/marker x write /etc/hostname changed
expect archive_image_write_is_erofs "write /etc/marker x: EROFS
write /etc/hostname changed: EROFS"
ro_guest /bin/probe stat /etc/marker cat /etc/hostname
expect archive_next_run_sees_the_image "stat /etc/marker: ENOENT
cat /etc/hostname: ok guest-hostname\\n"
entry=$(sed -n 's/^.* \([0-9a-f]\{64\}\) .*$/\1/p' "$C/index")
assert archive_cache_entry_unchanged "the cache entry changed" \
	sh -c "[ -n '$entry' ] && [ ! -e '$C/$entry/root/etc/marker' ] &&
		[ \"\$(cat '$C/$entry/root/etc/hostname')\" = guest-hostname ]"

# open: only what would write refuses, and a read-only mount's order.
# A file its owner may not write: EACCES for nobody, EROFS for root.
if [ "$IT_UID" = 0 ]; then noperm=EROFS; else noperm=EACCES; fi
ro_guest /bin/probe open /etc/hostname rdonly open /etc/hostname rdonly,creat \
	open /etc/hostname wronly open /etc/hostname rdwr open /etc/hostname rdonly,trunc \
	open /etc/new creat open /etc/new rdonly open /nodir/new creat \
	open /etc/hostname creat,excl open /etc wronly open /etc rdonly,creat \
	open /etc/readonly-file wronly open /etc/readonly-file wronly,trunc \
	open /links/abs wronly open /links/dangling wronly,creat open /links/abs wronly,nofollow \
	creat /etc/hostname creat /etc/new2 openat /etc/hostname wronly \
	openat2 /etc/hostname wronly openat2 /etc/new3 wronly,creat openat2 /etc/hostname rdonly
expect archive_open_for_write_is_erofs "open /etc/hostname rdonly: ok type=file
open /etc/hostname rdonly,creat: ok type=file
open /etc/hostname wronly: EROFS
open /etc/hostname rdwr: EROFS
open /etc/hostname rdonly,trunc: EROFS
open /etc/new creat: EROFS
open /etc/new rdonly: ENOENT
open /nodir/new creat: ENOENT
open /etc/hostname creat,excl: EEXIST
open /etc wronly: EISDIR
open /etc rdonly,creat: EISDIR
open /etc/readonly-file wronly: $noperm
open /etc/readonly-file wronly,trunc: EROFS
open /links/abs wronly: EROFS
open /links/dangling wronly,creat: ENOENT
open /links/abs wronly,nofollow: ELOOP
creat /etc/hostname: EROFS
creat /etc/new2: EROFS
openat /etc/hostname wronly: EROFS
openat2 /etc/hostname wronly: EROFS
openat2 /etc/new3 wronly,creat: EROFS
openat2 /etc/hostname rdonly: ok type=file"

# Names: creating one that exists is EEXIST, a missing parent ENOENT,
# removing or renaming fails before the name is looked at.
ro_guest /bin/probe mkdir /etc mkdir /etc/newdir mkdir /nodir/x rmdir /etc/sub rmdir /empty \
	unlink /etc/hostname unlink /etc/nothing unlink /nodir/x \
	rename /etc/hostname /etc/h2 rename /etc/nothing /etc/h2 \
	symlink x /etc/hostname symlink x /etc/s link /etc/hostname /etc/l link /etc/hostname /etc/guest-only \
	mkfifo /etc/fifo2 mkfifo /etc/fifo \
	at /etc mkdirat newdir unlinkat hostname renameat hostname h3 symlinkat x s2
expect archive_names_are_erofs "mkdir /etc: EEXIST
mkdir /etc/newdir: EROFS
mkdir /nodir/x: ENOENT
rmdir /etc/sub: EROFS
rmdir /empty: EROFS
unlink /etc/hostname: EROFS
unlink /etc/nothing: EROFS
unlink /nodir/x: ENOENT
rename /etc/hostname /etc/h2: EROFS
rename /etc/nothing /etc/h2: EROFS
symlink x /etc/hostname: EEXIST
symlink x /etc/s: EROFS
link /etc/hostname /etc/l: EROFS
link /etc/hostname /etc/guest-only: EEXIST
mkfifo /etc/fifo2: EROFS
mkfifo /etc/fifo: EEXIST
at /etc: ok
mkdirat newdir: EROFS
unlinkat hostname: EROFS
renameat hostname h3: EROFS
symlinkat x s2: EROFS"

# Metadata, by path and through a descriptor opened read-only (the
# kernel lets fchmod through on one).
ro_guest /bin/probe chmod /etc/hostname 600 chmod /etc/nothing 600 fchmodat2 /links/abs 600 nofollow \
	chown /etc/hostname "$IT_UID" "$IT_GID" lchown /links/abs "$IT_UID" "$IT_GID" \
	truncate /etc/hostname 0 truncate /etc 0 truncate /etc/fifo 0 truncate /etc/nothing 0 \
	utimensat /etc/hostname utimes /etc/hostname setxattr /etc/hostname user.x y \
	removexattr /etc/hostname user.x \
	open /etc/hostname rdonly fchmod 600 fchown "$IT_UID" "$IT_GID" futimens fsetxattr user.x y \
	open /etc path fchownat "" "$IT_UID" "$IT_GID" empty \
	cat /etc/hostname
expect archive_metadata_is_erofs "chmod /etc/hostname 600: EROFS
chmod /etc/nothing 600: ENOENT
fchmodat2 /links/abs 600 nofollow: EROFS
chown /etc/hostname $IT_UID $IT_GID: EROFS
lchown /links/abs $IT_UID $IT_GID: EROFS
truncate /etc/hostname 0: EROFS
truncate /etc 0: EISDIR
truncate /etc/fifo 0: EINVAL
truncate /etc/nothing 0: ENOENT
utimensat /etc/hostname: EROFS
utimes /etc/hostname: EROFS
setxattr /etc/hostname user.x y: EROFS
removexattr /etc/hostname user.x: EROFS
open /etc/hostname rdonly: ok type=file
fchmod 600: EROFS
fchown $IT_UID $IT_GID: EROFS
futimens: EROFS
fsetxattr user.x y: EROFS
open /etc path: ok type=dir
fchownat  $IT_UID $IT_GID empty: EROFS
cat /etc/hostname: ok guest-hostname\\n"

# Bindings stay writable; across the image's edge rename and link give
# EXDEV, except link into the image (EROFS first, as the kernel).
ro_guest -b "$HOSTD:/mnt/x" /bin/probe write /mnt/x/new yes cat /mnt/x/new chmod /mnt/x/new 600 \
	rename /mnt/x/new /mnt/x/new2 rename /mnt/x/new2 /etc/new rename /etc/hostname /mnt/x/h \
	link /etc/hostname /mnt/x/l link /mnt/x/f /etc/l \
	open /mnt/x/f rdonly fchmod 644 unlink /mnt/x/new2
expect archive_bindings_stay_writable "write /mnt/x/new yes: ok
cat /mnt/x/new: ok yes
chmod /mnt/x/new 600: ok
rename /mnt/x/new /mnt/x/new2: ok
rename /mnt/x/new2 /etc/new: EXDEV
rename /etc/hostname /mnt/x/h: EXDEV
link /etc/hostname /mnt/x/l: EXDEV
link /mnt/x/f /etc/l: EROFS
open /mnt/x/f rdonly: ok type=file
fchmod 644: ok
unlink /mnt/x/new2: ok"

# /proc/self/fd/N of a descriptor opened read-only does not open the
# file for writing.
ro_guest -b /proc /bin/probe open /etc/hostname rdonly write /proc/self/fd/3 x cat /etc/hostname
expect archive_proc_fd_reopen_is_erofs "open /etc/hostname rdonly: ok type=file
write /proc/self/fd/3 x: EROFS
cat /etc/hostname: ok guest-hostname\\n"

# Under -0 the image is just as read-only (no reference: fake root).
run_burrow --cache-dir "$C" -r "$A" -0 /bin/probe mkdir /etc/new chown /etc/hostname 0 0 \
	write /etc/marker x getuid
expect archive_fake_root_image_is_erofs "mkdir /etc/new: EROFS
chown /etc/hostname 0 0: EROFS
write /etc/marker x: EROFS
getuid: ok 0"

# The faked root may write any file, so a file of the image it lacks
# write permission for is EROFS to it, not EACCES (open, access, and
# faccessat2 with AT_EACCESS alike), as for root on a read-only mount.
run_burrow --cache-dir "$C" -r "$A" -0 /bin/probe open /etc/readonly-file wronly \
	open /etc/readonly-file rdwr access /etc/readonly-file w \
	faccessat2 /etc/readonly-file w,eaccess
expect archive_fake_root_readonly_file_is_erofs "open /etc/readonly-file wronly: EROFS
open /etc/readonly-file rdwr: EROFS
access /etc/readonly-file w: EROFS
faccessat2 /etc/readonly-file w,eaccess: EROFS"

# Its journal is kept next to the image, not in it: what -0 records
# (here, in a binding) never shows in the next run's root.
run_burrow --cache-dir "$C" -r "$A" -0 -b "$HOSTD:/mnt/x" /bin/probe chown /mnt/x/f 5 5
expect archive_fake_root_records "chown /mnt/x/f 5 5: ok"
run_burrow --cache-dir "$C" -r "$A" /bin/probe type /.burrow-ids
expect archive_fake_root_journal_not_in_image "type /.burrow-ids: ENOENT"
assert archive_fake_root_journal_next_to_image "$(ls -A "$C/$entry" "$C/$entry/root")" \
	sh -c "[ -f '$C/$entry/ids' ] && [ ! -e '$C/$entry/root/.burrow-ids' ]"

# access(W_OK) says EROFS, once the permission is there, as on a
# read-only mount; an AF_UNIX socket cannot be bound in the image.
ro_guest /bin/probe access /etc/hostname w access /etc/hostname r access /etc/readonly-file w \
	access /etc/fifo w faccessat /etc w faccessat2 /etc/hostname w,eaccess access /etc/nothing w
expect archive_access_write_is_erofs "access /etc/hostname w: EROFS
access /etc/hostname r: ok
access /etc/readonly-file w: $noperm
access /etc/fifo w: ok
faccessat /etc w: EROFS
faccessat2 /etc/hostname w,eaccess: EROFS
access /etc/nothing w: ENOENT"
ro_guest /bin/sockpair /etc/s
expect archive_socket_bind_is_erofs "bind /etc/s.stream: EROFS
bind /etc/s.dsrv: EROFS
connect /etc/s.none: ENOENT
bind abstract (autobind): ok
getsockname abstract: ok (abstract, 5 bytes)"

# The image's files stay read-only when another binding shows them too
# (as -q's /host-rootfs shows every host file): here, the cache itself.
run_burrow --cache-dir "$C" -r "$A" -b "$C:/c" /bin/probe \
	write "/c/$entry/root/etc/hostname" changed write "/c/$entry/root/etc/marker" x
expect archive_image_readonly_through_another_binding "write /c/$entry/root/etc/hostname changed: EROFS
write /c/$entry/root/etc/marker x: EROFS"
assert archive_image_unchanged_through_another_binding "the cache entry changed" \
	sh -c "[ ! -e '$C/$entry/root/etc/marker' ] && [ \"\$(cat '$C/$entry/root/etc/hostname')\" = guest-hostname ]"
