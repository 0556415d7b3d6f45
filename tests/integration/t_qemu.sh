#!/bin/sh
# -q COMMAND: a Debian tree of another architecture (arm64 on x86_64,
# tests/fixtures/debian-foreign.sh) runs through qemu-user, as PRoot runs
# it.  A single foreign program is compared with the same program run by
# the same qemu in a real chroot (as root; without binfmt_misc, a program
# that qemu starts in the chroot could not start another foreign one).
# What only burrow does (foreign children, scripts, env chains, the host's
# programs natively, /host-rootfs, /proc/PID/exe) is checked by value.
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
case $(uname -m) in
x86_64) QEMU=qemu-aarch64-static FOREIGN=arm64 ;;
*)
	# The arm64 VM is a busybox host with a few Debian tools: no
	# qemu-user (qemu-user-static's qemu-x86_64-static) to run an
	# x86_64 program, and no x86_64 tree among its fixtures.
	skip_machine qemu_foreign_tree "no qemu-user for another architecture on this $(uname -m) machine"
	exit 0
	;;
esac
if ! QHOST=$(command -v "$QEMU"); then
	skip qemu_foreign_tree "no $QEMU (apt-get install qemu-user-static)"
	exit 0
fi
if ! DEB=$(FIXTURE_ARCH=$FOREIGN sh "$here/../fixtures/debian-foreign.sh" 2>"$T/fixture.err"); then
	skip qemu_foreign_tree "$(cat "$T/fixture.err")"
	exit 0
fi
BIND=$T/bind
mkdir -p "$BIND"
chmod 0755 "$BIND"
[ "$IT_UID" = 0 ] || chown "$IT_UID:$IT_GID" "$BIND"

# q_run NAME CMD...: CMD under burrow -q, and, as root, under the same
# qemu in a chroot of the tree (qemu copied onto a tmpfs at /srv).
q_run() {
	_name=$1
	shift
	{ $IT_AS "$BURROW" -q "$QEMU" -r "$DEB" -b /proc -b "$BIND:/mnt" "$@" </dev/null 2>"$T/err"
		echo $? >"$T/status"; } | cat >"$T/out"
	STATUS=$(cat "$T/status")
	OUT=$T/out ERR=$T/err NATIVE_RAN=0
	[ "$IT_NATIVE" = 1 ] || return 0
	spec=
	[ "$IT_UID" = 0 ] || spec="--userspec=$IT_UID:$IT_GID"
	# shellcheck disable=SC2016
	{ unshare -m sh -c 'mount --make-rprivate / && mount --bind /proc "$1/proc" &&
		mount --bind "$2" "$1/mnt" && mount -t tmpfs tmpfs "$1/srv" &&
		cp "$3" "$1/srv/qemu" && d=$1 s=$4 && shift 4 && exec chroot $s "$d" /srv/qemu "$@"' \
		sh "$DEB" "$BIND" "$QHOST" "$spec" "$@" </dev/null 2>"$T/nerr"; echo $? >"$T/nstatus"; } |
		cat >"$T/nout"
	NOUT=$T/nout NERR=$T/nerr NSTATUS=$(cat "$T/nstatus") NATIVE_RAN=1
}

# b_run CMD...: CMD under burrow -q only.
b_run() {
	{ $IT_AS "$BURROW" -q "$QEMU" -r "$DEB" -b /proc -b "$BIND:/mnt" "$@" </dev/null 2>"$T/err"
		echo $? >"$T/status"; } | cat >"$T/out"
	STATUS=$(cat "$T/status")
	OUT=$T/out ERR=$T/err NATIVE_RAN=0
}

# ---- one foreign program, the same as qemu in a chroot ---------------------

q_run qemu_shell_builtins /bin/sh -c 'echo "$0 $((6 * 7))"; x=abc; echo ${x#a}; cd /etc/apt && pwd; exit 3'
expect_same_as_chroot qemu_shell_builtins 3

q_run qemu_coreutils_ls /bin/ls -la /etc/apt /usr/share/base-files
expect_same_as_chroot qemu_coreutils_ls

q_run qemu_coreutils_cat /bin/cat /etc/debian_version /usr/lib/os-release
expect_same_as_chroot qemu_coreutils_cat

# Dynamically linked, with libraries of its own beyond libc.
q_run qemu_dynamic_dpkg_query /usr/bin/dpkg-query -W -f '${Package} ${Architecture}\n' dash coreutils libc6
expect_same_as_chroot qemu_dynamic_dpkg_query

# qemu's options from COMMAND's words, split at spaces as PRoot splits them.
{ $IT_AS "$BURROW" -q "$QEMU  -cpu max" -r "$DEB" /bin/cat /etc/debian_version </dev/null 2>"$T/err"
	echo $? >"$T/status"; } | cat >"$T/out"
STATUS=$(cat "$T/status") OUT=$T/out ERR=$T/err NATIVE_RAN=0
expect qemu_command_words "$(cat "$DEB/etc/debian_version")"

# ---- what only burrow does --------------------------------------------------

# A foreign shell starting foreign programs, through env and a pipe.
b_run /bin/sh -c 'ls /etc/apt | head -n 1; /usr/bin/env cat /etc/debian_version; env sh -c "echo \$0"'
expect qemu_foreign_children "$(ls "$DEB/etc/apt" | head -n 1)
$(cat "$DEB/etc/debian_version")
sh"

# A script whose interpreter is foreign, started directly and from the shell.
printf '#!/bin/sh -e\necho "0=$0 args=$*"\n' >"$BIND/script"
chmod 0755 "$BIND/script"
b_run /mnt/script a "b c"
expect qemu_script_foreign_interpreter "0=/mnt/script args=a b c"

# A foreign program started with 20,000 arguments, then with 20,000
# variables and one of the dynamic linker's: qemu's argv and envp, which
# burrow builds, are too large for the stack below the stack pointer.
b_run /bin/sh -c 'set -- $(seq 20000); /bin/sh -c "echo \$# \$1 \$20000" sh "$@"
	i=0; while [ $i -lt 20000 ]; do export V$i=$i; i=$((i + 1)); done
	LD_BIND_NOW=1 /bin/sh -c "env | grep -c ^V" sh "$@"'
expect qemu_large_argv_and_env "20000 1 20000
20000"

# The host's programs still run natively: a host-arch static program sees
# the host's machine in uname (under qemu it would see the guest's).
cp "$HELPERS/probe" "$BIND/probe"
b_run /mnt/probe uname machine readlink /proc/self/exe
expect qemu_host_program_native "uname machine: ok $(uname -m)
readlink /proc/self/exe: ok /mnt/probe"
b_run /bin/sh -c 'uname -m; /mnt/probe uname machine'
expect qemu_host_program_from_foreign "aarch64
uname machine: ok $(uname -m)"

# The host's root at /host-rootfs.
echo host-marker >"$T/marker"
chmod 0644 "$T/marker"
b_run /bin/cat "/host-rootfs$T/marker"
expect qemu_host_rootfs "host-marker"

# /proc/PID/exe names the foreign program, not qemu, for itself (qemu
# answers) and for another process (burrow does); so does its task name.
b_run /bin/sh -c 'readlink /proc/self/exe; readlink /proc/$$/exe; cat /proc/$$/comm'
expect qemu_proc_exe_is_guest_program "/usr/bin/readlink
/usr/bin/dash
sh"

# LD_LIBRARY_PATH reaches the foreign program (qemu's -E), and is not
# invented when unset (-U).
{ $IT_AS env LD_LIBRARY_PATH=/nowhere "$BURROW" -q "$QEMU" -r "$DEB" /usr/bin/env </dev/null 2>"$T/err"
	echo $? >"$T/status"; } | grep '^LD_' >"$T/out"
STATUS=$(cat "$T/status") OUT=$T/out ERR=$T/err NATIVE_RAN=0
expect qemu_ld_library_path_passed "LD_LIBRARY_PATH=/nowhere"
{ $IT_AS env -u LD_LIBRARY_PATH "$BURROW" -q "$QEMU" -r "$DEB" /bin/sh -c 'echo "${LD_LIBRARY_PATH-unset}"' \
	</dev/null 2>"$T/err"; echo $? >"$T/status"; } | cat >"$T/out"
STATUS=$(cat "$T/status") OUT=$T/out ERR=$T/err NATIVE_RAN=0
expect qemu_ld_library_path_unset "unset"

# PRoot's argv for qemu, as a host program reads it from /proc: COMMAND
# (its first word as a host path), -E for each variable of the dynamic
# linker, -U LD_LIBRARY_PATH when it is unset, -0 ARGV0, the program as
# named, its arguments.
{ $IT_AS env -u LD_LIBRARY_PATH -u LD_PRELOAD LD_BIND_NOW=1 "$BURROW" -q "$QEMU -cpu max" -r "$DEB" \
	-b /proc -b "$BIND:/mnt" /bin/sh -c '/mnt/probe cat /proc/$$/cmdline; exit 0' </dev/null 2>"$T/err"
	echo $? >"$T/status"; } | sed 's|^cat /proc/[0-9]*/cmdline: ok ||' >"$T/out"
STATUS=$(cat "$T/status") OUT=$T/out ERR=$T/err NATIVE_RAN=0
z='\x00'
# shellcheck disable=SC2016
expect qemu_argv_layout "$(readlink -f "$QHOST")$z-cpu${z}max$z-E${z}LD_BIND_NOW=1$z-U${z}LD_LIBRARY_PATH$z-0$z/bin/sh$z/bin/sh$z-c$z"'/mnt/probe cat /proc/$$/cmdline; exit 0'"$z"

# Bad COMMANDs: one line, burrow's status.
run_burrow -q no-such-qemu-here -r "$DEB" /bin/true
expect_error qemu_not_found 125 "no-such-qemu-here"
run_burrow -q "$(command -v sh)" -r "$DEB" /bin/true
expect_error qemu_dynamic_refused 125 "dynamically linked"
