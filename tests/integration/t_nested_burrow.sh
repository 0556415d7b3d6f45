#!/bin/sh
# burrow inside burrow (doc/ptrace-emulation.md 5): the inner burrow is
# traced by the outer one, which emulates its ptrace and shows it the
# seccomp stops of its own filter.  The inner one's polling and CPU
# pinning would each cost an outer stop: it turns them off.
. "$(dirname "$0")/lib.sh"

top=$(cd "$IT_LIB/../.." && pwd)
if command -v make >/dev/null && [ -f "$top/GNUmakefile" ]; then
	if ! make -s -C "$top" static >"$T/make.log" 2>&1; then
		fail nested_make_static "make static failed"
		_it_show make "$T/make.log"
		exit 0
	fi
	static=$top/build/static/burrow
elif head -c 4096 "$BURROW" | grep -q 'ld-linux'; then
	# The arm64 VM tests the static build; a dynamic one would need
	# the host's libraries in the guest.
	skip_machine nested_burrow "no make to build a static burrow, and $BURROW is dynamic"
	exit 0
else
	static=$BURROW
fi
cp "$static" "$HOSTD/burrow" && chmod 755 "$HOSTD/burrow"

# The inner burrow stops at its bad -r, after choosing; it reads its
# TracerPid in /proc, as it needs /proc anyway.
# (Without the switches that turn both off for their own reason: CI's
# fallback pass sets them.  The outer engine is ptrace: it is its stops
# that the inner one must not poll or pin for.)
(
	unset BURROW_NO_SPIN BURROW_NO_COLOCATE
	run_burrow --engine=ptrace -r "$ROOT" -b /proc -b "$HOSTD/burrow:/burrow" /burrow --engine=ptrace -v 1 -r /nonexistent /bin/true
)
assert nested_burrow_does_not_poll "the inner burrow polls for stops under the outer one" \
	grep -q 'not polling for stops (burrow is traced)' "$ERR"
assert nested_burrow_does_not_pin "the inner burrow pins under the outer one" \
	grep -q "not pinning the guest to burrow's CPU (burrow is traced)" "$ERR"
