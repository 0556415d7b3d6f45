#!/bin/sh
# arm64-checks.sh: checks that only mean something on aarch64, run in the
# arm64 test VM after the integration suite (guest.sh), with its lib.sh:
#
# - a dynamically linked arm64 guest (Debian's libc6 and busybox,
#   fetch.sh's dyn/ tree at /burrow/dyn): burrow's loader maps the
#   program and its PT_INTERP from the guest tree, and every library
#   after that comes from it too, through translated opens.
# - the stops burrow changes registers at, without seccomp too
#   (BURROW_NO_SECCOMP=1: syscall-entry and -exit stops, where the arm64
#   kernel lends x7 to tell them apart): a path rewritten in x1, an
#   emulated call (number -1 through NT_ARM_SYSTEM_CALL, result in x0),
#   an exit handler reading x0 as the result, an execve rewritten in
#   place.
#
# Output as the integration tests': PASS/FAIL lines, then "N passed, N
# failed".
# shellcheck source=../integration/lib.sh
. /burrow/src/tests/integration/lib.sh

DYN=${DYN:-/burrow/dyn}
passed=0 failed=0
pass() { echo "PASS $1 [as $IT_USER]"; passed=$((passed + 1)); }
fail() { echo "FAIL $1 [as $IT_USER]: $2"; failed=$((failed + 1)); }

# ---- the dynamic guest --------------------------------------------------
if [ -x "$DYN/bin/busybox" ]; then
	run_burrow -r "$DYN" /bin/busybox echo hello from a dynamic guest
	expect dyn_busybox_runs "hello from a dynamic guest"

	# /proc/self/maps names the files mapped in guest terms, as in a
	# chroot (procmaps.c): the loader and libc of the guest tree.  That
	# they are the tree's files and not the VM's own is the next check's.
	run_burrow -r "$DYN" -b /proc /bin/cat /proc/self/maps
	libc=$(awk '$6 ~ /libc\.so\.6$/ { print $6; exit }' "$OUT")
	ld=$(awk '$6 ~ /ld-linux-aarch64\.so\.1$/ { print $6; exit }' "$OUT")
	if [ "$STATUS" = 0 ] && [ "$libc" = "/lib/aarch64-linux-gnu/libc.so.6" ] &&
		[ "$ld" = "/lib/aarch64-linux-gnu/ld-linux-aarch64.so.1" ]; then
		pass dyn_libs_come_from_the_guest_tree
	else
		fail dyn_libs_come_from_the_guest_tree "status $STATUS, libc '$libc', loader '$ld'"
		_it_show stderr "$ERR"
	fi

	# shellcheck disable=SC2016
	# With the VM's own glibc and loader hidden, only the guest's can be
	# found; the guest's shell execs dynamic programs by guest path.
	{ unshare -m /bin/sh -c 'mount -t tmpfs none /lib/aarch64-linux-gnu &&
		mount --bind /dev/null /lib/ld-linux-aarch64.so.1 && exec "$@"' sh \
		"$BURROW" -r "$DYN" /bin/sh -c \
		'ls /lib/aarch64-linux-gnu | grep -c "^libc.so.6$"; cd /lib && pwd; readlink /lib/ld-linux-aarch64.so.1; echo "$(echo piped | cat)"' \
		</dev/null 2>"$ERR"; echo $? >"$T/status"; } | cat >"$OUT"
	STATUS=$(cat "$T/status")
	# shellcheck disable=SC2034  # read by lib.sh's expect
	NATIVE_RAN=0
	expect dyn_guest_without_host_glibc "1
/lib
aarch64-linux-gnu/ld-linux-aarch64.so.1
piped"

	export BURROW_NO_SECCOMP=1
	# shellcheck disable=SC2016
	run_burrow -r "$DYN" /bin/sh -c 'cd /lib && pwd && echo "$(echo piped | cat)"'
	unset BURROW_NO_SECCOMP
	expect dyn_guest_without_seccomp "/lib
piped"
else
	fail dyn_guest_available "no $DYN/bin/busybox (tests/aarch64/fetch.sh makes it)"
fi

# ---- register changes, with and without seccomp -------------------------
for mode in seccomp no_seccomp; do
	if [ $mode = no_seccomp ]; then
		BURROW_NO_SECCOMP=1
		export BURROW_NO_SECCOMP
	fi
	# x1 rewritten (fstatat/openat on aarch64), emulated getcwd and
	# readlink (skipped call, result in x0), chdir's exit handler.
	guest -w /etc /bin/probe stat /etc/guest-only getcwd readlink /links/abs \
		chdir /data getcwd cat file.txt
	expect "registers_${mode}" "stat /etc/guest-only: ok type=file size=18 mode=0644
getcwd: ok /etc
readlink /links/abs: ok /etc/hostname
chdir /data: ok
getcwd: ok /data
cat file.txt: ok data\\n"
	# A syscall burrow refuses: the number is replaced by -1 and the
	# guest sees the error, not its own first argument.
	guest /bin/probe readlinkn /links/abs 0 getcwdn 1
	expect "emulated_errors_${mode}" "readlinkn /links/abs 0: EINVAL
getcwdn 1: ERANGE"
	# execve rewritten in place, and a #! script: the interpreter's
	# argv is rebuilt below sp from the entry registers.
	guest /bin/execer execve /bin/script
	expect "execve_script_${mode}" "/bin/script"
	unset BURROW_NO_SECCOMP
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
