#!/bin/sh
# open_by_handle_at opens an inode by number, and a forged handle opens
# any inode of the filesystem, the host's "/" included (real root has
# CAP_DAC_READ_SEARCH): burrow refuses it with EPERM, as container
# runtimes' default filters do, and --report says so.  A chroot lets
# root do it, so there is no reference: EPERM is the expectation for
# every user (unprivileged ones get it from the kernel as well).
. "$(dirname "$0")/lib.sh"

run_burrow -r "$ROOT" /bin/probe openbyhandle / openbyhandle /etc/hostname
expect open_by_handle_at_refused "openbyhandle /: EPERM
openbyhandle /etc/hostname: EPERM"

run_burrow -r "$ROOT" --report /bin/probe openbyhandle /
expect open_by_handle_at_refused_report_run "openbyhandle /: EPERM"
assert report_names_open_by_handle_at "--report did not name open_by_handle_at: $(cat "$ERR")" \
	grep -q 'report: open_by_handle_at ([0-9]*) seen 1 times, refused (EPERM)' "$ERR"

run_burrow -r "$ROOT" --report /bin/sysraw io_uring_setup
assert report_names_io_uring_setup "--report did not name io_uring_setup: $(cat "$ERR")" \
	grep -q 'report: io_uring_setup ([0-9]*) seen 1 times, refused (ENOSYS)' "$ERR"
