#!/bin/sh
# The guest's exit status is burrow's; a guest killed by signal N makes
# burrow exit with 128+N, as a shell reports it.
. "$(dirname "$0")/lib.sh"

guest /bin/exitwith 0
expect exit_status_0 ""
guest /bin/exitwith 42
expect exit_status_42 "" 42
guest /bin/exitwith 255
expect exit_status_255 "" 255
guest /bin/exitwith 256		# exit_group(256): only the low 8 bits survive
expect exit_status_256_wraps_to_0 ""

guest /bin/killself TERM
expect killself_term_exits_143 "" 143
guest /bin/killself SEGV
expect killself_segv_exits_139 "" 139
guest /bin/killself KILL
expect killself_kill_exits_137 "" 137
guest /bin/killself ABRT
expect killself_abrt_exits_134 "" 134
guest /bin/killself crash	# a real fault, not kill()
expect segfault_exits_139 "" 139

if add_shell; then
	guest /bin/sh -c 'exit 42'
	expect shell_exit_42 "" 42
	guest /bin/sh -c '/bin/exitwith 7; echo "child said $?"'
	expect shell_sees_child_status "child said 7"
	guest /bin/sh -c 'kill -TERM $$'
	expect shell_killed_by_term_exits_143 "" 143
else
	for name in shell_exit_42 shell_sees_child_status shell_killed_by_term_exits_143; do
		skip $name "needs a static busybox on the host (Debian: busybox-static)"
	done
fi

# Output written just before exiting is not lost.
guest /bin/probe echo last-words
expect output_before_exit_kept "last-words"

# burrow as pid 1 of a pid namespace, as a container's entry point: its
# child's parent is pid 1, which is no sign that burrow died.
if [ "$(id -u)" = 0 ]; then
	_it_own
	# shellcheck disable=SC2016,SC2086
	_it_capture "$OUT" "$ERR" "$T/status" unshare -p -f --mount-proc sh -c 'exec "$@"' sh \
		$IT_AS "$BURROW" -r "$ROOT" /bin/sh -c 'echo "burrow is pid $PPID"; exit 42'
	STATUS=$(cat "$T/status")
	NATIVE_RAN=0
	if [ -x "$ROOT/bin/sh" ]; then
		expect burrow_as_pid_1_runs_the_command "burrow is pid 1" 42
	else
		skip burrow_as_pid_1_runs_the_command "needs a static busybox on the host (Debian: busybox-static)"
	fi
else
	skip burrow_as_pid_1_runs_the_command "a pid namespace needs root"
fi
