#!/bin/sh
# -b and symlinks, as PRoot does them: the guest location is looked up in
# the guest and its symlinks followed (a trailing "!" keeps the final
# one); absolute links inside a binding that name a binding's host side
# are seen in guest terms; PROOT_DONT_POLLUTE_ROOTFS keeps the invented
# parents of bindings out of listings.
. "$(dirname "$0")/lib.sh"
new_root

mkdir -p "$HOSTD/dbus" "$HOSTD/e/sub" "$ROOT/run" "$ROOT/var"
printf 'bus\n' >"$HOSTD/dbus/sock"
# Debian's /var/run -> /run, relative here so that the chroot reference
# (whose mkdir and mount follow links on the host) lands in the rootfs.
ln -s ../run "$ROOT/var/run"
ln -s sub "$HOSTD/e/rel"

# A link on the way to GUEST: both names show HOST, as with a real
# mount (the kernel follows the link too).
guest -b "$HOSTD/dbus:/var/run/dbus" /bin/probe cat /run/dbus/sock cat /var/run/dbus/sock \
	lstat /var/run
expect bind_guest_parent_link_followed "cat /run/dbus/sock: ok bus\\n
cat /var/run/dbus/sock: ok bus\\n
lstat /var/run: ok type=symlink size=6 mode=0777"

# GUEST itself a link: the binding goes where it leads.
guest -b "$HOSTD/dbus:/var/run" /bin/probe cat /run/sock cat /var/run/sock lstat /var/run
expect bind_guest_final_link_followed "cat /run/sock: ok bus\\n
cat /var/run/sock: ok bus\\n
lstat /var/run: ok type=symlink size=6 mode=0777"

# A link inside an earlier binding, on its host side, is followed too.
guest -b "$HOSTD/e:/mnt/x" -b "$HOSTD/dbus:/mnt/x/rel/dbus" /bin/probe cat /mnt/x/sub/dbus/sock
expect bind_guest_link_in_earlier_binding "cat /mnt/x/sub/dbus/sock: ok bus\\n"

# The link as Debian has it, absolute.  The reference cannot do this one
# (its mkdir and mount would follow /run on the host).
rm "$ROOT/var/run"
ln -s /run "$ROOT/var/run"
run_burrow -r "$ROOT" -b "$HOSTD/dbus:/var/run/dbus" /bin/probe cat /run/dbus/sock \
	cat /var/run/dbus/sock
expect bind_guest_absolute_link_followed "cat /run/dbus/sock: ok bus\\n
cat /var/run/dbus/sock: ok bus\\n"

# A trailing "!" on GUEST: the link itself is covered, /run is not.
run_burrow -r "$ROOT" -b "$HOSTD/dbus:/var/run!" /bin/probe lstat /var/run cat /var/run/sock \
	ls /run
expect bind_guest_bang_not_dereferenced "lstat /var/run: ok type=dir mode=0755
cat /var/run/sock: ok bus\\n
ls /run: ok"

# A GUEST that cannot be followed (a loop): one warning, and the binding
# is where GUEST is written.
run_burrow -r "$ROOT" -b "$HOSTD/dbus:/links/loop1/q" /bin/probe echo hi
expect bind_guest_loop_runs_on "hi"
if [ "$(wc -l <"$ERR")" = 1 ] && grep -q "^burrow: warning: -b /links/loop1/q: " "$ERR"; then
	pass bind_guest_loop_warns_once
else
	fail bind_guest_loop_warns_once "expected one warning naming /links/loop1/q"
	_it_show stderr "$ERR"
fi

# Links inside a relocated binding, in host terms: seen in guest terms,
# through the deepest binding that holds the target.  Not what a real
# bind mount does (the reference would not find the host path): burrow
# only, as PRoot.
mkdir -p "$HOSTD/u/sub"
printf 'f\n' >"$HOSTD/u/f"
printf 'g\n' >"$HOSTD/u/sub/g"
ln -s "$HOSTD/u/f" "$HOSTD/u/l"
ln -s "$HOSTD/u/sub/g" "$HOSTD/u/lsub"
ln -s "$HOSTD/u/sub" "$HOSTD/u/ldir"
ln -s "$HOSTD/u/../u/f" "$HOSTD/u/ldots"
ln -s /etc/hostname "$HOSTD/u/o"
ln -s "$HOSTD/nowhere/x" "$HOSTD/u/out"
ln -s "$HOSTD/u/f" "$ROOT/links/tohost"
run_burrow -r "$ROOT" -b "$HOSTD/u:/data" -b "$HOSTD/u/sub:/other" /bin/probe \
	readlink /data/l cat /data/l readlink /data/lsub cat /data/lsub \
	readlink /data/ldir cat /data/ldir/g readlink /data/ldots
expect bind_host_links_in_guest_terms "readlink /data/l: ok /data/f
cat /data/l: ok f\\n
readlink /data/lsub: ok /other/g
cat /data/lsub: ok g\\n
readlink /data/ldir: ok /other
cat /data/ldir/g: ok g\\n
readlink /data/ldots: ok /data/f"

run_burrow -r "$ROOT" -b "$HOSTD/u:/data" /bin/probe readlink /data/o cat /data/o \
	readlink /data/out cat /data/out readlink /links/tohost cat /links/tohost
expect bind_other_links_left_as_is "readlink /data/o: ok /etc/hostname
cat /data/o: ok guest-hostname\\n
readlink /data/out: ok $HOSTD/nowhere/x
cat /data/out: ENOENT
readlink /links/tohost: ok $HOSTD/u/f
cat /links/tohost: ENOENT"

# The same link through readlinkat(fd, "") on an O_PATH|O_NOFOLLOW fd.
run_burrow -r "$ROOT" -b "$HOSTD/u:/data" -b "$HOSTD/u/sub:/other" /bin/probe \
	open /data/lsub path,nofollow atfd last readlinkat ""
expect bind_host_link_in_guest_terms_by_fd "open /data/lsub path,nofollow: ok type=symlink
atfd last: ok
readlinkat : ok /other/g"

run_burrow -r "$ROOT" -b "$HOSTD/u:/data" /bin/probe symlink /data/f /data/new \
	readlink /data/new cat /data/new
expect bind_guest_made_link_as_written "symlink /data/f /data/new: ok
readlink /data/new: ok /data/f
cat /data/new: ok f\\n"
assert bind_guest_made_link_stored_as_written "the host holds the guest's text" \
	test "$(readlink "$HOSTD/u/new")" = /data/f

# PROOT_DONT_POLLUTE_ROOTFS: invented parents (/no) and mount points
# (/etc/bus) are not listed, but can be entered.
new_root
mkdir -p "$HOSTD/dbus"
printf 'bus\n' >"$HOSTD/dbus/sock"
LISTING="ls /: ok$(root_listing /)"
ETC="ls /etc: ok$(root_listing /etc)"
for var in PROOT_DONT_POLLUTE_ROOTFS BURROW_DONT_POLLUTE_ROOTFS; do
	export "$var=1"
	run_burrow -r "$ROOT" -b "$HOSTD/dbus:/no/such/dir" -b "$HOSTD/dbus/sock:/etc/bus" \
		/bin/probe ls / ls /etc ls /no cat /no/such/dir/sock cat /etc/bus
	unset "$var"
	expect "bind_${var}_hides_invented" "$LISTING
$ETC
ls /no: ok such
cat /no/such/dir/sock: ok bus\\n
cat /etc/bus: ok bus\\n"
done

