#!/bin/sh
# What burrow adds around a guest: nothing on success; for a program that
# exists but cannot be run, a shell's 126.  (Bad options, a missing rootfs
# and commands not found are in t_cli.sh.)
. "$(dirname "$0")/lib.sh"

run_burrow -r "$ROOT" /etc/hostname
expect_error command_not_executable_126 126 /etc/hostname

run_burrow -r "$ROOT" /etc
expect_error command_is_directory_126 126 /etc

# burrow starts outside the rootfs: falling back to "/" is not worth a
# warning, and a guest that runs fine gets nothing of burrow's own.
run_burrow -r "$ROOT" /bin/probe echo hello
expect quiet_on_success "hello"
assert quiet_on_success_stderr "burrow wrote to stderr" test ! -s "$ERR"
