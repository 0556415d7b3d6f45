#!/bin/sh
# -b HOST!: a binding whose host path is a symlink keeps it as a symlink
# (its text then resolves inside the guest); without "!" the link is
# followed on the host when burrow starts.  The "!" may end the whole
# argument or the host part, relative host paths included.
. "$(dirname "$0")/lib.sh"
new_root

mkdir -p "$HOSTD/real"
printf 'in real\n' >"$HOSTD/real/f"
ln -s real "$HOSTD/link"
_it_own

run_burrow -r "$ROOT" -b "$HOSTD/link:/mnt/x" /bin/probe lstat /mnt/x
expect bind_follows_host_symlink "lstat /mnt/x: ok type=dir mode=0755"

run_burrow -r "$ROOT" -b "$HOSTD/link:/mnt/x!" /bin/probe lstat /mnt/x readlink /mnt/x
expect bind_bang_keeps_host_symlink "lstat /mnt/x: ok type=symlink size=4 mode=0777
readlink /mnt/x: ok real"

run_burrow -r "$ROOT" -b "$HOSTD/link!:/mnt/x" /bin/probe lstat /mnt/x
expect bind_bang_after_host_part "lstat /mnt/x: ok type=symlink size=4 mode=0777"

(cd "$HOSTD" && run_burrow -r "$ROOT" -b "link!:/mnt/x" /bin/probe lstat /mnt/x
 expect bind_bang_relative_host_path "lstat /mnt/x: ok type=symlink size=4 mode=0777")
