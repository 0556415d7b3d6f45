#!/bin/sh
# Symlinks in the rootfs resolve inside the guest: absolute targets
# restart at the guest root, relative ones from the link's directory.
. "$(dirname "$0")/lib.sh"

guest /bin/probe stat /links/abs lstat /links/abs cat /links/abs
expect symlink_absolute_file "stat /links/abs: ok type=file size=15 mode=0644
lstat /links/abs: ok type=symlink size=13 mode=0777
cat /links/abs: ok guest-hostname\\n"

# inotify_add_watch follows the final symlink unless IN_DONT_FOLLOW:
# watching the same inode twice gives the same watch descriptor.
guest /bin/probe inotify /links/abs dont_follow inotify /links/abs inotify /etc/hostname
expect inotify_dont_follow_watches_the_link "inotify /links/abs dont_follow: ok wd 1
inotify /links/abs: ok wd 2
inotify /etc/hostname: ok wd 2"

guest /bin/probe stat /links/rel cat /links/rel
expect symlink_relative_file "stat /links/rel: ok type=file size=15 mode=0644
cat /links/rel: ok guest-hostname\\n"

guest /bin/probe ls /links/absdir stat /links/absdir/guest-only cat /links/absdir/sub/inner.txt
expect symlink_absolute_dir "ls /links/absdir: ok$(root_listing /etc)
stat /links/absdir/guest-only: ok type=file size=18 mode=0644
cat /links/absdir/sub/inner.txt: ok inner\\n"

guest /bin/probe ls /links/reldir stat /links/reldir/guest-only
expect symlink_relative_dir "ls /links/reldir: ok$(root_listing /etc)
stat /links/reldir/guest-only: ok type=file size=18 mode=0644"

guest /bin/probe stat /links/chain readlink /links/chain
expect symlink_to_symlink "stat /links/chain: ok type=file size=15 mode=0644
readlink /links/chain: ok abs"

guest /bin/probe stat /links/loop1 stat /links/self lstat /links/loop1 open /links/self/x
expect symlink_loop_eloop "stat /links/loop1: ELOOP
stat /links/self: ELOOP
lstat /links/loop1: ok type=symlink size=5 mode=0777
open /links/self/x: ELOOP"

guest /bin/probe stat /links/dangling lstat /links/dangling readlink /links/dangling
expect symlink_dangling "stat /links/dangling: ENOENT
lstat /links/dangling: ok type=symlink size=13 mode=0777
readlink /links/dangling: ok /no/such/file"

# 40 links in one lookup is the kernel's limit; 41 is ELOOP.
guest /bin/probe stat /links/n/1 stat /links/n/0 stat /links/n/40
expect symlink_budget_40 "stat /links/n/1: ok type=file size=15 mode=0644
stat /links/n/0: ELOOP
stat /links/n/40: ok type=file size=15 mode=0644"

guest /bin/probe open /links/abs nofollow open /links/abs path,nofollow fstat
expect open_nofollow "open /links/abs nofollow: ELOOP
open /links/abs path,nofollow: ok type=symlink
fstat: ok type=symlink size=13 mode=0777"

guest /bin/probe stat /links/abs/ stat /links/absdir/ lstat /links/absdir/ lstat /links/absdir
expect symlink_trailing_slash "stat /links/abs/: ENOTDIR
stat /links/absdir/: ok type=dir mode=0755
lstat /links/absdir/: ok type=dir mode=0755
lstat /links/absdir: ok type=symlink size=4 mode=0777"

# A link whose text is the rootfs's host path does not lead out.
guest /bin/probe stat /links/hostpath readlink /links/hostpath
expect symlink_to_host_path_stays_inside "stat /links/hostpath: ENOENT
readlink /links/hostpath: ok $ROOT/etc/guest-only"

guest /bin/probe ls /links/tobin/.. stat /links/absdir/../bin/probe stat /links/reldir/../etc/hostname
expect dotdot_after_symlink_is_targets_parent "ls /links/tobin/..: ok$(root_listing)
stat /links/absdir/../bin/probe: ok type=file size=$(stat -c %s "$ROOT/bin/probe") mode=0755
stat /links/reldir/../etc/hostname: ok type=file size=15 mode=0644"

guest /bin/probe readlink /links/abs readlink /links/rel readlink /links/escape readlink /etc/hostname readlink /nope readlink /links/abs/
expect readlink_gives_stored_text "readlink /links/abs: ok /etc/hostname
readlink /links/rel: ok ../etc/hostname
readlink /links/escape: ok ../../../../../../../../etc
readlink /etc/hostname: EINVAL
readlink /nope: ENOENT
readlink /links/abs/: ENOTDIR"

guest /bin/probe readlinkn /links/abs 3 readlinkn /links/abs 13 readlinkn /links/abs 100 readlinkn /links/abs 0
expect readlink_truncates_to_buffer "readlinkn /links/abs 3: ok len=3 /et
readlinkn /links/abs 13: ok len=13 /etc/hostname
readlinkn /links/abs 100: ok len=13 /etc/hostname
readlinkn /links/abs 0: EINVAL"

guest /bin/probe at /links readlinkat abs readlinkat absdir at / readlinkat links/rel
expect readlinkat_dirfd "at /links: ok
readlinkat abs: ok /etc/hostname
readlinkat absdir: ok /etc
at /: ok
readlinkat links/rel: ok ../etc/hostname"


# The same through the old readlink(2), which has its own entry.
guest /bin/probe readlinkn_legacy /links/abs 3 readlinkn_legacy /links/abs 13 readlinkn_legacy /links/abs 100 \
	readlinkn_legacy /links/abs 0 readlinkn_legacy /links/escape 5
expect readlink_legacy_truncates_to_buffer "readlinkn_legacy /links/abs 3: ok len=3 /et
readlinkn_legacy /links/abs 13: ok len=13 /etc/hostname
readlinkn_legacy /links/abs 100: ok len=13 /etc/hostname
readlinkn_legacy /links/abs 0: EINVAL
readlinkn_legacy /links/escape 5: ok len=5 ../.."
