#!/bin/sh
# /proc bound into the guest: the magic links in /proc/self show guest
# paths, and following them stays in the guest.
. "$(dirname "$0")/lib.sh"

PROBE_SIZE=$(stat -c %s "$ROOT/bin/probe")

guest -b /proc -w /etc /bin/probe readlink /proc/self/cwd stat /proc/self/cwd/hostname
expect readlink_proc_self_cwd "readlink /proc/self/cwd: ok /etc
stat /proc/self/cwd/hostname: ok type=file size=15 mode=0644"

guest -b /proc /bin/probe readlink /proc/self/root ls /proc/self/root/
expect readlink_proc_self_root "readlink /proc/self/root: ok /
ls /proc/self/root/: ok$(root_listing)"

guest -b /proc /bin/probe readlink /proc/self/exe stat /proc/self/exe
expect readlink_proc_self_exe "readlink /proc/self/exe: ok /bin/probe
stat /proc/self/exe: ok type=file size=$PROBE_SIZE mode=0755"

guest -b /proc /links/tobin/probe readlink /proc/self/exe
expect proc_self_exe_of_program_run_through_symlink "readlink /proc/self/exe: ok /bin/probe"

guest -b /proc /bin/probe chdir /etc/sub readlink /proc/self/cwd chdir /links/absdir readlink /proc/self/cwd
expect proc_self_cwd_follows_chdir "chdir /etc/sub: ok
readlink /proc/self/cwd: ok /etc/sub
chdir /links/absdir: ok
readlink /proc/self/cwd: ok /etc"

guest -b /proc /bin/probe open /etc/guest-only fdpath open /links/abs fdpath open /tmp directory fdpath
expect proc_self_fd_links "open /etc/guest-only: ok type=file
fdpath: ok /etc/guest-only
open /links/abs: ok type=file
fdpath: ok /etc/hostname
open /tmp directory: ok type=dir
fdpath: ok /tmp"

# The same links by number, of the process itself, of its thread, and of
# a child that has its own cwd and program.
mask_pids() {
	sed -i 's|/proc/[0-9]*/|/proc/PID/|' "$OUT"
	[ "$NATIVE_RAN" = 0 ] || sed -i 's|/proc/[0-9]*/|/proc/PID/|' "$NOUT"
}
if add_shell; then
	# shellcheck disable=SC2016
	guest -b /proc -b /dev -w /etc /bin/sh -c 'exec /bin/probe readlink /proc/$$/cwd readlink /proc/$$/exe readlink /proc/thread-self/cwd'
	mask_pids
	expect proc_pid_and_thread_self_links "readlink /proc/PID/cwd: ok /etc
readlink /proc/PID/exe: ok /bin/probe
readlink /proc/thread-self/cwd: ok /etc"
	# shellcheck disable=SC2016
	guest -b /proc -b /dev /bin/sh -c '(cd /etc/sub && exec /bin/waitsig >/scratch/child) & c=$!
		until /bin/busybox grep -q ready /scratch/child 2>/dev/null; do /bin/busybox usleep 10000; done
		/bin/probe readlink /proc/$c/cwd readlink /proc/$c/exe readlink /proc/$c/root; kill -TERM $c; wait'
	mask_pids
	expect proc_pid_links_of_a_child "readlink /proc/PID/cwd: ok /etc/sub
readlink /proc/PID/exe: ok /bin/waitsig
readlink /proc/PID/root: ok /"
else
	skip proc_pid_and_thread_self_links "needs a static busybox on the host (Debian: busybox-static)"
	skip proc_pid_links_of_a_child "needs a static busybox on the host (Debian: busybox-static)"
fi

guest -b /proc -w /etc /bin/probe readlinkn /proc/self/cwd 3 readlinkn /proc/self/exe 4
expect readlink_proc_self_truncated "readlinkn /proc/self/cwd 3: ok len=3 /et
readlinkn /proc/self/exe 4: ok len=4 /bin"

# A rootfs link to /proc/self, then a magic link under it.
guest -b /proc -w /etc /bin/probe readlink /links/proc_self readlink /links/proc_self/cwd \
	readlink /links/proc_self/root
expect symlink_to_proc_self "readlink /links/proc_self: ok /proc/self
readlink /links/proc_self/cwd: ok /etc
readlink /links/proc_self/root: ok /"

# Bindings show as their guest path in /proc too.
mkdir -p "$HOSTD/bdir"
guest -b /proc -b "$HOSTD/bdir:/mnt/x" -w /mnt/x /bin/probe readlink /proc/self/cwd open /mnt/x directory fdpath
expect proc_self_links_in_binding "readlink /proc/self/cwd: ok /mnt/x
open /mnt/x directory: ok type=dir
fdpath: ok /mnt/x"

guest -b /proc /bin/probe openat2 /proc/self/exe no_magiclinks openat2 /proc/self/exe
expect openat2_no_magiclinks "openat2 /proc/self/exe no_magiclinks: ELOOP
openat2 /proc/self/exe: ok type=file"

# Any magic link followed is refused, not only a final one: on the way
# (root), or after a plain link.
ln -s /proc/self/exe "$ROOT/tmp/exe-link"
guest -b /proc /bin/probe openat2 /proc/self/root/etc/guest-only no_magiclinks \
	openat2 /links/proc_self/root/etc/guest-only no_magiclinks \
	openat2 /tmp/exe-link no_magiclinks openat2 /proc/self/root/etc/guest-only
expect openat2_no_magiclinks_anywhere "openat2 /proc/self/root/etc/guest-only no_magiclinks: ELOOP
openat2 /links/proc_self/root/etc/guest-only no_magiclinks: ELOOP
openat2 /tmp/exe-link no_magiclinks: ELOOP
openat2 /proc/self/root/etc/guest-only: ok type=file"

# The guest's speculation mitigations are what they would be natively:
# before Linux 5.16 a seccomp filter forced SSBD and STIBP on by default
# (slower compute), unless installed with SECCOMP_FILTER_FLAG_SPEC_ALLOW.
# spec_lines FILE: those lines of a "probe cat /proc/self/status".
spec_lines() {
	sed 's/^cat [^:]*: ok //; s/\\n/\n/g; s/\\x09/ /g' "$1" | grep '^Speculation' | sort
}
# shellcheck disable=SC2086
$IT_AS "$HELPERS/probe" cat /proc/self/status >"$T/native-status" 2>/dev/null
spec_lines "$T/native-status" >"$T/native-spec"
(unset BURROW_NO_SPEC_ALLOW && run_burrow -r "$ROOT" -b /proc /bin/probe cat /proc/self/status)
spec_lines "$OUT" >"$T/burrow-spec"
assert speculation_mitigations_as_native "under burrow: $(tr '\n' ' ' <"$T/burrow-spec")natively: $(tr '\n' ' ' <"$T/native-spec")" \
	sh -c '[ -s "$1" ] && cmp -s "$1" "$2"' sh "$T/burrow-spec" "$T/native-spec"
# The fallback, a filter installed with prctl as before Linux 4.17 (CI's
# fallback pass has no seccomp at all, so it runs here).
BURROW_NO_SPEC_ALLOW=1 run_burrow -r "$ROOT" -b /proc /bin/probe cat /proc/self/status
assert no_spec_allow_still_filters "BURROW_NO_SPEC_ALLOW=1: the guest runs under no seccomp filter ($(sed 's/.*\\nSeccomp:\\x09\([0-9]\).*/\1/' "$OUT"))" \
	sh -c '[ -n "${BURROW_NO_SECCOMP:-}${PROOT_NO_SECCOMP:-}" ] || grep -q "nSeccomp:.x092" "$1"' sh "$OUT"
# Not a check: whether this kernel would force them on without the flag.
echo "note: natively $(tr '\n' ' ' <"$T/native-spec"); with BURROW_NO_SPEC_ALLOW=1: $(spec_lines "$OUT" | tr '\n' ' ')"
