#!/bin/sh
# The command line: PRoot's options, and bad input answered with one
# line that names the culprit, leaving nothing behind.
. "$(dirname "$0")/lib.sh"
new_root

run_burrow --no-such-option -r "$ROOT" /bin/probe echo hi
expect_error unknown_option_is_one_line 125 "--no-such-option"

run_burrow -r "$T/no/such/rootfs" /bin/probe echo hi
expect_error missing_rootfs_is_one_line 125 "$T/no/such/rootfs"

run_burrow -r "$ROOT/etc/hostname" /bin/probe echo hi
expect_error rootfs_not_a_directory 125 "$ROOT/etc/hostname"

run_burrow -r "$ROOT" no-such-command
expect_error command_not_found_in_guest 127 "no-such-command"

run_burrow -r "$ROOT" /bin/no-such-program
expect_error program_path_not_found_in_guest 127 "/bin/no-such-program"

run_burrow -V
assert version_prints_name "burrow -V does not print 'burrow VERSION'" grep -q '^burrow [0-9]' "$OUT"
run_burrow --help
assert help_lists_rootfs_option "burrow --help does not document -r" grep -q -- '--rootfs' "$OUT"
run_burrow --version
assert version_long_option "burrow --version does not print 'burrow VERSION' and exit 0" \
	sh -c '[ "$1" = 0 ] && grep -q "^burrow [0-9]" "$2"' sh "$STATUS" "$OUT"
run_burrow -h
assert h_prints_help "burrow -h does not print the usage and exit 0" \
	sh -c '[ "$1" = 0 ] && grep -q "^usage: burrow" "$2" && grep -q -- "--rootfs" "$2"' sh "$STATUS" "$OUT"

# -w, --pwd and --cwd set the guest's initial directory.
run_burrow -r "$ROOT" -w /etc /bin/probe getcwd
expect w_sets_initial_cwd "getcwd: ok /etc"
run_burrow -r "$ROOT" --cwd=/etc/sub /bin/probe getcwd
expect cwd_long_option "getcwd: ok /etc/sub"
run_burrow -r "$ROOT" --pwd=/etc/sub /bin/probe getcwd
expect pwd_long_option "getcwd: ok /etc/sub"

# A command without a slash is looked up in the guest's PATH.
PATH=/bin run_burrow -r "$ROOT" probe echo found
expect command_found_in_guest_path "found"

# By default burrow waits for every process, as PRoot does.
run_burrow -r "$ROOT" /bin/sysraw daemon 1
expect waits_for_daemon_by_default "parent: exiting
daemon: done"

# --kill-on-exit ends what the command left running.
run_burrow -r "$ROOT" --kill-on-exit /bin/sysraw daemon 30
expect kill_on_exit_kills_daemon "parent: exiting"

# --report lists syscalls that may carry a path but are not translated,
# here one newer than the table.
run_burrow -r "$ROOT" --report /bin/sysraw nr 999
expect report_guest_sees_enosys "syscall: ENOSYS"
assert report_names_unknown_syscall "--report did not name syscall 999" \
	grep -q 'unknown syscall (999)' "$ERR"

# --report counts the calls burrow stopped at to translate (the hot set
# of the in-guest engine, HACKING.md): three stats, at least three traps.
run_burrow -r "$ROOT" --report /bin/probe stat / stat /etc stat /bin
assert report_counts_trapped_calls "--report has no trapped count of 3 or more for stat: $(cat "$ERR")" \
	awk '/^burrow: report: [a-z0-9_]*stat[a-z0-9_]* \([0-9]+\) trapped [0-9]+ times$/ && $(NF-1) >= 3 { ok = 1 }
	     END { exit !ok }' "$ERR"

# io_uring would reach the filesystem without translation: refused.
run_burrow -r "$ROOT" /bin/sysraw io_uring_setup
expect io_uring_setup_refused "io_uring_setup: ENOSYS"

# Without PTRACE_GET_SYSCALL_INFO (kernels before 5.3) the order of
# seccomp and syscall stops is learnt at launch; learnt from the first
# stop instead, an ENOSYS result looked like an entry stop, and burrow
# took the next call's entry for the exit it wanted (getsockname's,
# here, whose result the guest then saw untranslated).
for name in exit_seen_after_enosys exit_seen_after_enosys_no_syscall_info; do
	rm -f "$ROOT/scratch/order.sock"
	run_burrow -r "$ROOT" /bin/sysraw io_uring_setup /scratch/order.sock
	expect "$name" "io_uring_setup: ENOSYS
getsockname: ok /scratch/order.sock"
	export BURROW_NO_SYSCALL_INFO=1
done
unset BURROW_NO_SYSCALL_INFO

# The long spellings of -r, and the three of -b.  The host's
# /etc/hostname differs from the guest's.
run_burrow --rootfs="$ROOT" /bin/probe cat /etc/hostname
expect rootfs_long_option "cat /etc/hostname: ok guest-hostname\\n"
mkdir -p "$HOSTD/d"
printf 'bound\n' >"$HOSTD/d/f"
run_burrow -r "$ROOT" -m "$HOSTD/d:/mnt/x" /bin/probe cat /mnt/x/f
expect m_binds "cat /mnt/x/f: ok bound\\n"
run_burrow -r "$ROOT" --bind="$HOSTD/d:/mnt/x" /bin/probe cat /mnt/x/f
expect bind_long_option "cat /mnt/x/f: ok bound\\n"
run_burrow -r "$ROOT" --mount="$HOSTD/d:/mnt/x" /bin/probe cat /mnt/x/f
expect mount_long_option "cat /mnt/x/f: ok bound\\n"

# -v 2 shows each translation on stderr (the ptrace engine's: burrow
# sees the in-guest engine's translations only as they are made).
run_burrow --engine=ptrace -v 2 -r "$ROOT" /bin/probe cat /etc/hostname
expect verbose_2_runs "cat /etc/hostname: ok guest-hostname\\n"
assert verbose_2_prints_translated_paths "stderr does not show /etc/hostname -> ROOTFS/etc/hostname" \
	grep -qF "(\"/etc/hostname\") -> \"$(cd "$ROOT" && pwd -P)/etc/hostname\"" "$ERR"

# Without a command, the guest's /bin/sh: none in this rootfs yet.
run_burrow -r "$ROOT"
expect_error no_command_without_guest_shell nonzero "/bin/sh"

# With one, it reads the commands from stdin, and its exit status is
# burrow's.
if add_shell; then
	_it_own
	# shellcheck disable=SC2086 # IT_AS is a command prefix, or empty
	timeout -k 5 "$IT_HANG" $IT_AS "$BURROW" -r "$ROOT" -w /etc >"$OUT" 2>"$ERR" <<'SH'
/bin/probe getcwd
/bin/probe cat /etc/hostname
exit 7
SH
	STATUS=$? NATIVE_RAN=0
	expect no_command_runs_guest_shell "getcwd: ok /etc
cat /etc/hostname: ok guest-hostname\\n" 7
else
	skip no_command_runs_guest_shell "needs a static busybox (apt-get install busybox-static)"
fi

# Polling for stops before sleeping (src/tracee/spin.c): on with two
# usable CPUs or more, off with one (it would only keep the tracee from
# running) and with BURROW_NO_SPIN=1.  The ptrace engine's: the in-guest
# engine makes no stops.
if [ -n "${BURROW_NO_SPIN:-}" ]; then
	want="not polling for stops (BURROW_NO_SPIN)"
elif [ "$(nproc)" -ge 2 ]; then
	want="polling for stops for up to 100 microseconds"
else
	want="not polling for stops (one CPU)"
fi
run_burrow --engine=ptrace -v 1 -r "$ROOT" /bin/probe echo hi
assert polling_follows_the_cpus "with $(nproc) CPU(s), -v 1 does not say '$want'" \
	sh -c '[ "$1" = 0 ] && grep -qxF "burrow: $2" "$3"' sh "$STATUS" "$want" "$ERR"
BURROW_NO_SPIN=1 run_burrow --engine=ptrace -v 1 -r "$ROOT" /bin/probe echo hi
assert no_spin_turns_polling_off "BURROW_NO_SPIN=1 does not turn polling off" \
	sh -c '[ "$1" = 0 ] && grep -qxF "burrow: not polling for stops (BURROW_NO_SPIN)" "$2"' \
	sh "$STATUS" "$ERR"
# BURROW_SPIN_US sets how long (0: not at all); BURROW_NO_SPIN wins.
spin_us_want() {
	if [ -n "${BURROW_NO_SPIN:-}" ]; then
		echo "not polling for stops (BURROW_NO_SPIN)"
	elif [ "$1" = 0 ]; then
		echo "not polling for stops (BURROW_SPIN_US)"
	elif [ "$(nproc)" -ge 2 ]; then
		echo "polling for stops for up to $1 microseconds"
	else
		echo "not polling for stops (one CPU)"
	fi
}
for us in 250 0; do
	want=$(spin_us_want $us)
	BURROW_SPIN_US=$us run_burrow --engine=ptrace -v 1 -r "$ROOT" /bin/probe echo hi
	assert "spin_us_${us}_sets_the_polling_time" "BURROW_SPIN_US=$us: -v 1 does not say '$want'" \
		sh -c '[ "$1" = 0 ] && grep -qxF "burrow: $2" "$3"' sh "$STATUS" "$want" "$ERR"
done
if command -v taskset >/dev/null; then
	_it_own
	# taskset after IT_AS: busybox's taskset (the arm64 VM's) would run
	# its own setpriv applet, not the one IT_AS names.
	# shellcheck disable=SC2086 # IT_AS is a command prefix, or empty
	_it_capture "$OUT" "$ERR" "$T/status" $IT_AS taskset -c 0 "$BURROW" --engine=ptrace -v 1 -r "$ROOT" /bin/probe echo hi
	# BURROW_NO_SPIN (CI's fallback pass) is the reason it names first.
	want="not polling for stops (one CPU)"
	[ -z "${BURROW_NO_SPIN:-}" ] || want="not polling for stops (BURROW_NO_SPIN)"
	assert one_cpu_turns_polling_off "pinned to one CPU, -v 1 does not say '$want'" \
		sh -c '[ "$(cat "$1")" = 0 ] && grep -qxF "burrow: $2" "$3"' \
		sh "$T/status" "$want" "$ERR"
else
	skip_machine one_cpu_turns_polling_off "no taskset (util-linux)"
fi

# A rootfs the user cannot read: one line, before anything runs.
if [ "$IT_UID" != 0 ]; then
	_it_own
	chmod 000 "$ROOT"
	run_burrow -r "$ROOT" /bin/probe echo hi
	chmod 755 "$ROOT"
	expect_error unreadable_rootfs_is_one_line 125 "$ROOT: Permission denied"
else
	skip_user unreadable_rootfs_is_one_line "root reads any directory"
fi
