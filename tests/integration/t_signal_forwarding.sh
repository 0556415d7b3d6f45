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
# environment, which every process it starts inherits.
# sigkill_burrow NAME [OPTIONS] CMD...: burrow runs CMD, which prints
# "ready" once everything it starts is in place.
sigkill_burrow() {
	_name=$1
	shift
	_it_own
	marker="IT_CHECK=sigkill.$$.$_name"
	# Emptied here: the job's own redirection may come after the first
	# look, which would then see the last check's "ready".
	: >"$OUT"
	# shellcheck disable=SC2086
	env --default-signal "$marker" $IT_AS "$BURROW" -r "$ROOT" "$@" </dev/null >"$OUT" 2>"$ERR" &
	pid=$!
	until grep -q '^ready$' "$OUT"; do
		_it_alive $pid || break
		sleep 0.02
	done
	if ! grep -q '^ready$' "$OUT"; then
		kill -KILL $pid 2>/dev/null
		wait $pid
		fail "$_name" "the guest never said ready (burrow's status $?): $(cat "$OUT" "$ERR")"
		return
	fi
	kill -KILL $pid
	wait $pid 2>/dev/null
	# The kernel kills the tracees as the tracer exits, within moments;
	# the bound only turns a leaked guest into a failure rather than a
	# hang.
	i=0
	while pids=$(grep -lz "^$marker\$" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3) &&
		[ -n "$pids" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if [ -n "$pids" ]; then
		fail "$_name" "guest still alive 10s after burrow was SIGKILLed: pid $pids"
		# shellcheck disable=SC2086
		kill -KILL $pids
	else
		pass "$_name"
	fi
}
sigkill_burrow tracer_sigkill_kills_guest /bin/waitsig
# A tree: two children, a grandchild, and a child in a group-stop.
if add_shell; then
	# shellcheck disable=SC2016
	sigkill_burrow tracer_sigkill_kills_process_tree -b /proc -b /dev /bin/sh -c \
		'/bin/waitsig >/scratch/w1 & (/bin/waitsig >/scratch/w2 & wait) &
		/bin/sh -c "kill -STOP \$\$" & s=$!
		until /bin/busybox grep -q "^$s (.*) [Tt]" /proc/$s/stat; do /bin/busybox usleep 10000; done
		echo ready; wait'
	# The in-guest engine has no EXITKILL: its watcher (src/tracer/watch.c)
	# kills what is left, orphans reparented away from burrow included.
	# (Without CI's fallback switch, which that engine refuses.)
	# shellcheck disable=SC2016
	(unset BURROW_NO_SECCOMP PROOT_NO_SECCOMP
	sigkill_burrow guest_engine_sigkill_kills_process_tree --engine=guest -b /proc -b /dev \
		/bin/sh -c '/bin/waitsig >/scratch/w1 & (/bin/waitsig >/scratch/w2 & wait) &
		/bin/sh -c "kill -STOP \$\$" & s=$!
		until /bin/busybox grep -q "^$s (.*) [Tt]" /proc/$s/stat; do /bin/busybox usleep 10000; done
		echo ready; wait')
else
	skip tracer_sigkill_kills_process_tree "needs a static busybox on the host (Debian: busybox-static)"
fi
(unset BURROW_NO_SECCOMP PROOT_NO_SECCOMP
sigkill_burrow guest_engine_sigkill_kills_guest --engine=guest /bin/waitsig)
