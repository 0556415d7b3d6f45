#!/bin/sh
# burrow traps the calls it translates with a seccomp filter; with
# BURROW_NO_SECCOMP=1 (or PROOT_NO_SECCOMP=1, PRoot's name) it stops at
# every syscall instead.  The guest's own /proc/self/status tells which
# one it got, and the command works either way.
. "$(dirname "$0")/lib.sh"
# This file sets them itself (the suite may run with one of them set).
unset BURROW_NO_SECCOMP PROOT_NO_SECCOMP

tab=$(printf '\t')
native=$("$HELPERS/sysraw" status Seccomp)
if [ "$native" != "Seccomp:${tab}0" ]; then
	skip_machine seccomp_fallback "the tests run under a seccomp filter already ($native)"
	exit 0
fi

run_burrow -r "$ROOT" -b /proc /bin/sysraw status Seccomp
expect seccomp_filter_by_default "Seccomp:${tab}2"

BURROW_NO_SECCOMP=1 run_burrow -r "$ROOT" -b /proc /bin/sysraw status Seccomp
expect burrow_no_seccomp_has_no_filter "Seccomp:${tab}0"
BURROW_NO_SECCOMP=1 run_burrow -r "$ROOT" /bin/probe cat /etc/hostname stat /links/abs
expect burrow_no_seccomp_still_translates "cat /etc/hostname: ok guest-hostname\\n
stat /links/abs: ok type=file size=15 mode=0644"

PROOT_NO_SECCOMP=1 run_burrow -r "$ROOT" -b /proc /bin/sysraw status Seccomp
expect proot_no_seccomp_has_no_filter "Seccomp:${tab}0"
PROOT_NO_SECCOMP=1 run_burrow -r "$ROOT" /bin/probe cat /etc/hostname stat /links/abs
expect proot_no_seccomp_still_translates "cat /etc/hostname: ok guest-hostname\\n
stat /links/abs: ok type=file size=15 mode=0644"

# "0" means unset, as for PRoot.
BURROW_NO_SECCOMP=0 run_burrow -r "$ROOT" -b /proc /bin/sysraw status Seccomp
expect burrow_no_seccomp_0_keeps_filter "Seccomp:${tab}2"
