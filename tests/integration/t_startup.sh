#!/bin/sh
# Start-up as PRoot does it: -w relative or missing, PWD, the starting
# directory of a host directory bound twice, and a first command the
# kernel cannot run (executed as execvp would).
. "$(dirname "$0")/lib.sh"
new_root

# one_warning NAME WORD: the last run printed exactly one line on
# stderr, a warning naming WORD.
one_warning() {
	if [ "$(wc -l <"$ERR")" = 1 ] && grep -q '^burrow: warning: ' "$ERR" && grep -qF -- "$2" "$ERR"; then
		pass "$1"
	else
		fail "$1" "expected one warning line naming '$2' on stderr"
		_it_show stderr "$ERR"
	fi
}

# A relative -w is taken from the current directory, as a guest path.
mkdir -p "$HOSTD/d/sub"
[ "$IT_UID" = 0 ] || chown -R "$IT_UID:$IT_GID" "$HOSTD"
cd "$HOSTD" || exit 2
run_burrow -r "$ROOT" -b "$HOSTD" -w d/sub /bin/probe getcwd
expect w_relative_to_current_dir "getcwd: ok $HOSTD/d/sub"
# Inside the rootfs, the current directory is where the guest sees it.
cd "$ROOT/etc" || exit 2
run_burrow -r "$ROOT" -w sub /bin/probe getcwd
expect w_relative_inside_rootfs "getcwd: ok /etc/sub"
cd "$T" || exit 2

# A missing -w: one warning, and the run starts at the guest's root.
run_burrow -r "$ROOT" -w /no/such/dir /bin/probe getcwd
expect w_missing_starts_at_root "getcwd: ok /"
one_warning w_missing_warns_once "/no/such/dir"
run_burrow -r "$ROOT" -w /etc/hostname /bin/probe getcwd
expect w_not_a_directory_starts_at_root "getcwd: ok /"
one_warning w_not_a_directory_warns_once "/etc/hostname"

# PWD names the guest's starting directory, not burrow's.
run_burrow -r "$ROOT" -w /etc/sub /bin/probe getenv PWD
expect pwd_is_guest_start_with_w "getenv PWD: ok /etc/sub"
cd "$ROOT/etc" || exit 2
PWD=$ROOT/etc run_burrow -r "$ROOT" /bin/probe getenv PWD getcwd
expect pwd_is_guest_start_by_default "getenv PWD: ok /etc
getcwd: ok /etc"
cd "$T" || exit 2
run_burrow -r "$ROOT" -w /no/such/dir /bin/probe getenv PWD
expect pwd_is_root_after_missing_w "getenv PWD: ok /"

# One host directory at two guest places: the start keeps the one -w
# named, whichever binding came last (as with two bind mounts).
guest -b "$HOSTD/d:/mnt/x" -b "$HOSTD/d:/mnt/other" -w /mnt/x /bin/probe getcwd
expect cwd_keeps_first_of_two_bindings "getcwd: ok /mnt/x"
guest -b "$HOSTD/d:/mnt/other" -b "$HOSTD/d:/mnt/x" -w /mnt/other /bin/probe getcwd
expect cwd_keeps_second_of_two_bindings "getcwd: ok /mnt/other"
# ... and then the one a chdir named, in the programs it execs too.
if add_shell; then
	guest -b "$HOSTD/d:/mnt/x" -b "$HOSTD/d:/mnt/other" -w /mnt/x /bin/sh -c \
		'cd /mnt/other && /bin/probe getcwd && cd /mnt/x && exec /bin/probe getcwd'
	expect cwd_of_chdir_between_two_bindings "getcwd: ok /mnt/other
getcwd: ok /mnt/x"
else
	skip cwd_of_chdir_between_two_bindings "no static busybox on the host"
fi

# The first command runs as execvp would run it: a file the kernel
# refuses with ENOEXEC is a script for the guest's /bin/sh.
if add_shell; then
	printf 'echo no shebang "$0" "$@"\n' >"$ROOT/bin/noshebang"
	printf '#!\necho blank shebang "$@"\n' >"$ROOT/bin/blankshebang"
	chmod 0755 "$ROOT/bin/noshebang" "$ROOT/bin/blankshebang"
	guest /bin/noshebang a b
	expect enoexec_command_runs_through_sh "no shebang /bin/noshebang a b"
	guest /bin/blankshebang c
	expect blank_shebang_command_runs_through_sh "blank shebang c"
	# /bin first: the guest's; the rest for the reference's own tools.
	PATH="/bin:$PATH" guest noshebang d
	expect enoexec_command_found_in_path_runs_through_sh "no shebang /bin/noshebang d"
else
	skip enoexec_command_runs_through_sh "no static busybox on the host"
fi
