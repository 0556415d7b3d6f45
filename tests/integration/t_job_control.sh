#!/bin/sh
# What a batch system does to a job reaches the command as it would
# without burrow: SIGTSTP sent to burrow suspends the command, SIGCONT
# resumes it; a process left running is named once on stderr.
. "$(dirname "$0")/lib.sh"
new_root

# state PID: the one-letter state in /proc/PID/stat (T or t: stopped).
state() { sed 's/^.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null; }

# wait_state PID LETTERS: poll (bounded by count, not by time) until the
# state is one of LETTERS; prints the last state seen.
wait_state() {
	_i=0
	while [ $_i -lt 300 ]; do
		_s=$(state "$1")
		case $_s in [$2]) echo "$_s"; return 0 ;; esac
		sleep 0.05
		_i=$((_i + 1))
	done
	echo "${_s:-gone}"
	return 1
}

_it_own
# shellcheck disable=SC2086
$IT_AS "$BURROW" -r "$ROOT" /bin/sysraw stay >"$T/out" 2>"$T/err" &
bpid=$!
_i=0
while ! grep -q '^pid=' "$T/out" && [ $_i -lt 300 ]; do sleep 0.05; _i=$((_i + 1)); done
gpid=$(sed -n 's/^pid=//p' "$T/out")
if [ -z "$gpid" ]; then
	fail job_control_guest_started "the guest never printed its pid"
	_it_show stderr "$T/err"
	kill -KILL $bpid 2>/dev/null
	exit 0
fi
wait_state "$gpid" SR >/dev/null

kill -TSTP $bpid
st=$(wait_state "$gpid" Tt)
assert sigtstp_to_burrow_stops_command "after SIGTSTP to burrow the command is in state $st" \
	sh -c "case '$st' in [Tt]) exit 0;; *) exit 1;; esac"
bst=$(state $bpid)
assert burrow_keeps_running_while_command_stopped "burrow is in state $bst" \
	sh -c "case '$bst' in [SR]) exit 0;; *) exit 1;; esac"

kill -CONT $bpid
st=$(wait_state "$gpid" SR)
assert sigcont_to_burrow_resumes_command "after SIGCONT to burrow the command is in state $st" \
	sh -c "case '$st' in [SR]) exit 0;; *) exit 1;; esac"

kill -TERM $bpid
wait $bpid
STATUS=$?
assert sigterm_after_resume_ends_job "burrow exited $STATUS, expected 143" [ "$STATUS" = 143 ]

# A process left behind is named once, with its pid.
run_burrow -r "$ROOT" /bin/sysraw daemon 1
n=$(grep -c 'left running' "$ERR")
assert straggler_reported_once "stderr named the leftover process $n times" \
	sh -c "[ '$n' = 1 ] && grep -Eq 'waiting for 1 process it left running: [0-9]+ ' '$ERR'"
expect straggler_still_awaited "parent: exiting
daemon: done"
