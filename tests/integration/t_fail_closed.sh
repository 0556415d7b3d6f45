#!/bin/sh
# A stop burrow cannot complete never lets the original call run with
# the guest's path on the host: a call burrow refuses fails with its
# errno, and -v 1 says so; when even that cannot be written into the
# tracee's registers, the tracee is killed.
. "$(dirname "$0")/lib.sh"

# Burrow's own error, as the tracee's errno, and named at -v 1 (by the
# ptrace engine: the in-guest engine's errors are the guest's own).
run_burrow --engine=ptrace -v 1 -r "$ROOT" /bin/probe stat @fault openat ""
expect burrow_refusal_is_the_errno "stat @fault: EFAULT
openat : ENOENT"
assert burrow_refusal_said_at_v1 "-v 1 did not name the refused calls: $(cat "$ERR")" \
	sh -c 'grep -q "stat[a-z]* fails: Bad address (from burrow" "$1" && grep -q "openat fails: No such file or directory (from burrow" "$1"' - "$ERR"

# BURROW_TEST_FAIL_REGS_STORE=mkdirat (test only): the registers of a
# mkdirat stop cannot be stored.  The path names a host directory that
# the guest lacks: the original call would create a host directory there.
# (A stop's registers: the ptrace engine's.)
mkdir -p "$T/hostdir"
chmod 0777 "$T/hostdir"
BURROW_TEST_FAIL_REGS_STORE=mkdirat
export BURROW_TEST_FAIL_REGS_STORE
run_burrow --engine=ptrace -r "$ROOT" /bin/probe echo before mkdirat "$T/hostdir/escaped" echo after
unset BURROW_TEST_FAIL_REGS_STORE
expect unstorable_stop_kills_the_tracee "before" 137
assert unstorable_stop_touches_no_host_file "the original mkdirat ran on the host" \
	test ! -e "$T/hostdir/escaped"
assert unstorable_stop_says_why "no line about the killed tracee: $(cat "$ERR")" \
	grep -q "cannot complete the entry stop of mkdirat (Input/output error): killing it" "$ERR"
