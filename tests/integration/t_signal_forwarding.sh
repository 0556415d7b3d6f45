#!/bin/sh
# A signal sent to burrow reaches the guest; burrow then exits with the
# guest's status (waitsig prints the signal and exits 0).
. "$(dirname "$0")/lib.sh"

for sig in TERM INT HUP QUIT USR1 USR2; do
	guest_signal $sig /bin/waitsig
	expect "signal_${sig}_forwarded_to_guest" "ready
got SIG$sig"
done

# SIGKILL cannot be forwarded: burrow dies, and the guest must not live
# on untraced (PTRACE_O_EXITKILL).  The guest is found by a marker in its
# environment.
_it_own
marker="IT_CHECK=sigkill.$$"
# shellcheck disable=SC2086
env --default-signal "$marker" $IT_AS "$BURROW" -r "$ROOT" /bin/waitsig </dev/null >"$OUT" 2>"$ERR" &
pid=$!
until grep -q '^ready$' "$OUT"; do
	_it_alive $pid || break
	sleep 0.02
done
kill -KILL $pid
wait $pid 2>/dev/null
# The kernel kills the tracees as the tracer exits, within moments; the
# bound only turns a leaked guest into a failure rather than a hang.
i=0
while pids=$(grep -lz "^$marker\$" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3) &&
	[ -n "$pids" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
if [ -n "$pids" ]; then
	fail tracer_sigkill_kills_guest "guest still alive 10s after burrow was SIGKILLed: pid $pids"
	# shellcheck disable=SC2086
	kill -KILL $pids
else
	pass tracer_sigkill_kills_guest
fi
