#!/bin/sh
# A "!" in -b: ending HOST (burrow's own), a binding whose host path is a
# symlink keeps it as a symlink (its text then resolves inside the
# guest); without it the link is followed on the host when burrow
# starts.  Ending GUEST, it is PRoot's: GUEST is not dereferenced in the
# guest (t_bind_symlinks.sh), and HOST is followed as usual.  "HOST!"
# alone, GUEST being HOST, means both.  Relative host paths too.
. "$(dirname "$0")/lib.sh"
new_root

mkdir -p "$HOSTD/real"
printf 'in real\n' >"$HOSTD/real/f"
ln -s real "$HOSTD/link"
_it_own

run_burrow -r "$ROOT" -b "$HOSTD/link:/mnt/x" /bin/probe lstat /mnt/x
expect bind_follows_host_symlink "lstat /mnt/x: ok type=dir mode=0755"

# PRoot's "HOST:GUEST!" is about GUEST: the host link is still followed
# (this check expected a symlink before burrow took PRoot's meaning).
run_burrow -r "$ROOT" -b "$HOSTD/link:/mnt/x!" /bin/probe lstat /mnt/x cat /mnt/x/f
expect bind_bang_on_guest_follows_host_link "lstat /mnt/x: ok type=dir mode=0755
cat /mnt/x/f: ok in real\\n"

run_burrow -r "$ROOT" -b "$HOSTD/link!" /bin/probe lstat "$HOSTD/link" readlink "$HOSTD/link"
expect bind_bang_alone_keeps_host_symlink "lstat $HOSTD/link: ok type=symlink size=4 mode=0777
readlink $HOSTD/link: ok real"

run_burrow -r "$ROOT" -b "$HOSTD/link!:/mnt/x!" /bin/probe lstat /mnt/x readlink /mnt/x
expect bind_bang_on_both_sides "lstat /mnt/x: ok type=symlink size=4 mode=0777
readlink /mnt/x: ok real"

run_burrow -r "$ROOT" -b "$HOSTD/link!:/mnt/x" /bin/probe lstat /mnt/x
expect bind_bang_after_host_part "lstat /mnt/x: ok type=symlink size=4 mode=0777"

(cd "$HOSTD" && run_burrow -r "$ROOT" -b "link!:/mnt/x" /bin/probe lstat /mnt/x
 expect bind_bang_relative_host_path "lstat /mnt/x: ok type=symlink size=4 mode=0777")
