#!/bin/sh
# -b HOST:GUEST lays a host file or directory over the rootfs, like a
# bind mount: the guest sees HOST's content at GUEST, nested bindings
# stack, and everything else resolves in the guest as usual.
. "$(dirname "$0")/lib.sh"

make_host_dirs() {
	mkdir -p "$HOSTD/bdir/y" "$HOSTD/bdir2"
	printf 'host a\n' >"$HOSTD/bdir/a"
	printf 'host b\n' >"$HOSTD/bdir/b"
	ln -s .. "$HOSTD/bdir/up"
	ln -s /etc "$HOSTD/bdir/etclink"
	printf 'host c\n' >"$HOSTD/bdir2/c"
	printf 'bound file\n' >"$HOSTD/bfile"	# 11 bytes
}
make_host_dirs
BDIR=$HOSTD/bdir BDIR2=$HOSTD/bdir2 BFILE=$HOSTD/bfile

guest -b "$BDIR:/mnt/x" /bin/probe ls /mnt/x cat /mnt/x/a stat /mnt/x/y
expect bind_directory "ls /mnt/x: ok a b etclink up y
cat /mnt/x/a: ok host a\\n
stat /mnt/x/y: ok type=dir mode=0755"

guest -b "$BFILE:/etc/bound" /bin/probe stat /etc/bound cat /etc/bound
expect bind_file_at_new_path "stat /etc/bound: ok type=file size=11 mode=0644
cat /etc/bound: ok bound file\\n"

guest -b "$BFILE:/etc/hostname" /bin/probe cat /etc/hostname stat /etc/guest-only
expect bind_file_over_rootfs_file "cat /etc/hostname: ok bound file\\n
stat /etc/guest-only: ok type=file size=18 mode=0644"

guest -b "$BDIR2:/etc/sub" /bin/probe ls /etc/sub stat /etc/sub/inner.txt ls /etc
expect bind_dir_hides_rootfs_dir "ls /etc/sub: ok c
stat /etc/sub/inner.txt: ENOENT
ls /etc: ok$(root_listing /etc)"

guest -b "$BDIR:/mnt/x" -b "$BDIR2:/mnt/x/y" /bin/probe ls /mnt/x ls /mnt/x/y cat /mnt/x/y/c
expect bind_nested "ls /mnt/x: ok a b etclink up y
ls /mnt/x/y: ok c
cat /mnt/x/y/c: ok host c\\n"

# The guest parent of the binding exists nowhere in the rootfs: burrow
# makes the missing directories in a private tree under TMPDIR (glue),
# lists them where they appear, writes nothing in the rootfs and
# removes the tree when it exits.
mkdir -p "$W/gluetmp"
TMPDIR=$W/gluetmp guest -b "$BDIR2:/no/such/parent/x" /bin/probe ls /no/such/parent/x cat /no/such/parent/x/c \
	type /no/such/parent type /no/such ls / ls /no ls /no/such ls /no/such/parent
expect bind_guest_parent_missing "ls /no/such/parent/x: ok c
cat /no/such/parent/x/c: ok host c\\n
type /no/such/parent: ok dir
type /no/such: ok dir
ls /: ok$( (ls -A "$ROOT"; echo no) | sort | tr '\n' ' ' | sed 's/ $//; s/^/ /')
ls /no: ok such
ls /no/such: ok parent
ls /no/such/parent: ok x"
assert bind_guest_parent_not_made_in_rootfs "ROOTFS/no exists on the host" test ! -e "$ROOT/no"
assert bind_glue_tree_removed_at_exit "burrow left something in its TMPDIR" \
	sh -c '[ -z "$(ls -A "$1")" ]' sh "$W/gluetmp"
# ...the tree that was there while it ran.
TMPDIR=$W/gluetmp run_burrow -r "$ROOT" -b "$BDIR2:/no/such/parent/x" -b "$W/gluetmp:/mnt/x" /bin/probe ls /mnt/x
assert bind_glue_tree_in_tmpdir_while_running "the guest did not see burrow-glue-* in TMPDIR" \
	grep -q '^ls /mnt/x: ok burrow-glue-[^ ]*$' "$OUT"
assert bind_glue_tree_removed_at_exit_after_use "burrow left something in its TMPDIR" \
	sh -c '[ -z "$(ls -A "$1")" ]' sh "$W/gluetmp"

# -b HOST alone binds HOST at the same path in the guest.
guest -b "$BDIR2" /bin/probe ls "$BDIR2"
expect bind_same_path "ls $BDIR2: ok c"

guest -b "$BDIR:/mnt/x" /bin/probe write /mnt/x/new hello mkdir /mnt/x/newdir symlink /etc/x /mnt/x/newlink
expect bind_writes_in_guest "write /mnt/x/new hello: ok
mkdir /mnt/x/newdir: ok
symlink /etc/x /mnt/x/newlink: ok"
assert bind_writes_reach_host "HOSTDIR/new, newdir or newlink is not as written" \
	sh -c '[ "$(cat "$1/new")" = hello ] && [ -d "$1/newdir" ] && [ "$(readlink "$1/newlink")" = /etc/x ]' sh "$BDIR"
new_root
make_host_dirs

# Links inside the bound directory resolve in the guest: an absolute one
# from the guest root, ".." to the binding's guest parent.
guest -b "$BDIR:/mnt/x" /bin/probe cat /mnt/x/etclink/hostname readlink /mnt/x/etclink ls /mnt/x/up \
	ls /mnt/x/.. stat /mnt/x/../../etc/guest-only
expect bind_links_and_dotdot_resolve_in_guest "cat /mnt/x/etclink/hostname: ok guest-hostname\\n
readlink /mnt/x/etclink: ok /etc
ls /mnt/x/up: ok other x
ls /mnt/x/..: ok other x
stat /mnt/x/../../etc/guest-only: ok type=file size=18 mode=0644"

guest -b "$BDIR:/mnt/x" -w /mnt/x /bin/probe getcwd stat a chdir y getcwd chdir ../.. getcwd
expect bind_cwd_inside_binding "getcwd: ok /mnt/x
stat a: ok type=file size=7 mode=0644
chdir y: ok
getcwd: ok /mnt/x/y
chdir ../..: ok
getcwd: ok /mnt"

guest -b /dev/null /bin/probe type /dev/null write /dev/null discarded ls /dev
expect bind_device_file "type /dev/null: ok chr
write /dev/null discarded: ok
ls /dev: ok null"

# A binding is another mount: rename(2) across it fails with EXDEV (mv
# then copies), as it does between bind mounts of the same filesystem.
guest -b "$BDIR:/mnt/x" /bin/probe write /scratch/f x rename /scratch/f /mnt/x/f link /mnt/x/a /scratch/hard stat /scratch/f
expect bind_rename_across_is_exdev "write /scratch/f x: ok
rename /scratch/f /mnt/x/f: EXDEV
link /mnt/x/a /scratch/hard: EXDEV
stat /scratch/f: ok type=file size=1 mode=0644"
