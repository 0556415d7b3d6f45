#!/bin/sh
# A single name looked up without following it, relative to a directory
# the guest holds (a dirfd, or its cwd), goes to the kernel unchanged:
# the directory is already a host one (find and rm -r make three such
# calls per directory).  The exception is a name some binding's guest
# path contains: the binding itself, or a directory shown only for one.
# BURROW_NO_NAME_SHORTCUT=1 resolves every name (CI runs the suite both
# ways).
. "$(dirname "$0")/lib.sh"
new_root
mkdir -p "$HOSTD/bdir/sub" "$HOSTD/bdir2"
printf 'host a\n' >"$HOSTD/bdir/a"	# 7 bytes
ln -s .. "$HOSTD/bdir/up"
ln -s /etc/hostname "$HOSTD/bdir/abs"
printf 'host c\n' >"$HOSTD/bdir2/c"
rmdir "$ROOT/mnt/x"
binds="-b $HOSTD/bdir:/mnt/x -b $HOSTD/bdir2:/no/such/y"

# Names that are bindings, or the directories that show one, are found
# where the guest sees them (the rootfs has none of them).
# shellcheck disable=SC2086
guest $binds /bin/probe at /mnt fstatat x nofollow openat x directory,nofollow fstat \
	at /no fstatat such nofollow at /no/such fstatat y nofollow \
	at /mnt/x fstatat a nofollow fstatat up nofollow fstatat abs nofollow \
	fstatat sub nofollow fstatat none nofollow fstatat abs
expect name_shortcut_keeps_bindings "at /mnt: ok
fstatat x nofollow: ok type=dir mode=0755
openat x directory,nofollow: ok type=dir
fstat: ok type=dir mode=0755
at /no: ok
fstatat such nofollow: ok type=dir mode=0755
at /no/such: ok
fstatat y nofollow: ok type=dir mode=0755
at /mnt/x: ok
fstatat a nofollow: ok type=file size=7 mode=0644
fstatat up nofollow: ok type=symlink size=2 mode=0777
fstatat abs nofollow: ok type=symlink size=13 mode=0777
fstatat sub nofollow: ok type=dir mode=0755
fstatat none nofollow: ENOENT
fstatat abs: ok type=file size=15 mode=0644"

# Changes by name land in the directory the guest holds: inside the
# binding, relative to its cwd, and never in the rootfs.
# shellcheck disable=SC2086
guest $binds /bin/probe chdir /mnt/x mkdir newd at /mnt/x mkdirat newd2 unlinkat a \
	symlinkat up l2 renameat l2 l3 unlinkat newd removedir ls /mnt/x
expect name_shortcut_changes_land_in_binding "chdir /mnt/x: ok
mkdir newd: ok
at /mnt/x: ok
mkdirat newd2: ok
unlinkat a: ok
symlinkat up l2: ok
renameat l2 l3: ok
unlinkat newd removedir: ok
ls /mnt/x: ok abs l3 newd2 sub up"
assert name_shortcut_host_side_changed "the binding's host directory lacks what the guest made" \
	sh -c "[ -d '$HOSTD/bdir/newd2' ] && [ -L '$HOSTD/bdir/l3' ] && [ ! -e '$HOSTD/bdir/a' ]"
assert name_shortcut_rootfs_untouched "the guest's changes reached the rootfs" \
	sh -c "[ ! -e '$ROOT/mnt/x' ] && [ ! -e '$ROOT/newd2' ] && [ ! -e '$ROOT/newd' ]"

# What takes the shortcut: -v 2 logs every path burrow rewrites, and a
# name in a plain directory is not one of them, unless shortcuts are off
# (as in CI's fallback pass: the first run turns them on).  The ptrace
# engine's: -v 2 shows only its translations.
# shellcheck disable=SC2086
(unset BURROW_NO_NAME_SHORTCUT && run_burrow --engine=ptrace -v 2 -r "$ROOT" $binds /bin/probe at /mnt/x fstatat sub nofollow at /mnt fstatat x nofollow)
assert name_shortcut_skips_translation "burrow rewrote a plain name: $(grep -F '("sub")' "$ERR")" \
	sh -c "! grep -qF 'newfstatat(\"sub\")' '$ERR' && grep -qF 'newfstatat(\"x\") -> \"$HOSTD/bdir\"' '$ERR'"
# shellcheck disable=SC2086
BURROW_NO_NAME_SHORTCUT=1 run_burrow --engine=ptrace -v 2 -r "$ROOT" $binds /bin/probe at /mnt/x fstatat sub nofollow
assert name_shortcut_switch_resolves_every_name "BURROW_NO_NAME_SHORTCUT=1 did not rewrite sub" \
	grep -qF "newfstatat(\"sub\") -> \"$HOSTD/bdir/sub\"" "$ERR"

# The shortcut gives what translation gives, also when the directory
# is not one of the guest's: a descriptor inherited on a host directory
# outside the rootfs and bindings, or on one a binding hides.  Translation
# reads names there from the guest's tree (nothing of the host's is
# found, made or removed), and so must the shortcut.
new_root
mkdir -p "$HOSTD/out" "$HOSTD/hidden" "$ROOT/mnt/x"
echo host-secret >"$HOSTD/out/secret"
echo rootfs-file >"$ROOT/mnt/x/f"
echo bound-file >"$HOSTD/hidden/f"
same_both_ways() {	# NAME CMD...: CMD's output with and without shortcuts
	_n=$1
	shift
	(unset BURROW_NO_NAME_SHORTCUT && run_burrow "$@" 3<"$HOSTD/out" 4<"$ROOT/mnt/x")
	cp "$OUT" "$T/with_shortcut"
	BURROW_NO_NAME_SHORTCUT=1 run_burrow "$@" 3<"$HOSTD/out" 4<"$ROOT/mnt/x"
	assert "$_n" "the shortcut changes the result: $(diff "$T/with_shortcut" "$OUT" | tr '\n' ' ')" \
		cmp -s "$T/with_shortcut" "$OUT"
}
same_both_ways name_shortcut_same_on_inherited_host_dir -r "$ROOT" /bin/probe atfd 3 \
	fstatat secret nofollow openat secret nofollow mkdirat made unlinkat secret fchownat secret 0 0 nofollow
expect name_shortcut_inherited_host_dir_is_not_read "atfd 3: ok
fstatat secret nofollow: ENOENT
openat secret nofollow: ENOENT
mkdirat made: ENOENT
unlinkat secret: ENOENT
fchownat secret 0 0 nofollow: ENOENT"
assert name_shortcut_inherited_host_dir_untouched "a host file changed through the inherited descriptor" \
	sh -c "[ -f '$HOSTD/out/secret' ] && [ ! -e '$HOSTD/out/made' ]"
same_both_ways name_shortcut_same_on_hidden_dir -r "$ROOT" -b "$HOSTD/hidden:/mnt/x" /bin/probe atfd 4 \
	fstatat f nofollow openat f nofollow

# The cwd's answer is kept with the cwd: it follows fchdir to a host
# directory and back, and a guest chroot that leaves the cwd outside.
same_both_ways name_shortcut_same_in_host_cwd -r "$ROOT" /bin/probe atfd 3 fchdir at - \
	fstatat secret nofollow mkdirat made2 chdir /mnt/x fstatat f nofollow
expect name_shortcut_host_cwd_is_not_read "atfd 3: ok
fchdir: ok
at -: ok
fstatat secret nofollow: ENOENT
mkdirat made2: ENOENT
chdir /mnt/x: ok
fstatat f nofollow: ok type=file size=12 mode=0644"
same_both_ways name_shortcut_same_after_chroot -r "$ROOT" -b "$HOSTD/hidden:/etc/h" /bin/probe \
	chdir /etc/h chroot /mnt fstatat f nofollow chdir / fstatat x nofollow
