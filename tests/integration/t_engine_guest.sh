#!/bin/sh
# --engine=guest: the in-guest engine (HACKING.md "The in-guest
# engine") runs plain -r/-b runs without ptrace: the runtime the loader
# maps in each process translates the trapped calls.  Static helpers on
# the tiny rootfs and dynamic Debian programs, each compared with a real
# chroot as root; exit statuses, an orphan burrow waits for, what the
# engine refuses, and that no process of the run is traced.
. "$(dirname "$0")/lib.sh"

# CI's fallback pass sets BURROW_NO_SECCOMP=1, which this engine refuses
# (checked below on its own): every other run here is the guest engine's.
unset BURROW_NO_SECCOMP PROOT_NO_SECCOMP BURROW_ENGINE

printf 'bound\n' >"$HOSTD/f"
mkdir -p "$HOSTD/d"
ln -s /mnt/x/f "$HOSTD/link"

# Static programs: the stat family, open, readlink through the rootfs
# and a binding.
guest --engine=guest -b "$HOSTD:/mnt/x" /bin/probe cat /etc/hostname stat /etc/guest-only \
	lstat /links/abs readlink /links/abs stat /links/chain cat /mnt/x/f stat /mnt/x/d \
	readlink /mnt/x/link cat /mnt/x/link stat /links/escape_file stat /no/such
expect guest_engine_static_paths "cat /etc/hostname: ok guest-hostname\\n
stat /etc/guest-only: ok type=file size=18 mode=0644
lstat /links/abs: ok type=symlink size=13 mode=0777
readlink /links/abs: ok /etc/hostname
stat /links/chain: ok type=file size=15 mode=0644
cat /mnt/x/f: ok bound\\n
stat /mnt/x/d: ok type=dir mode=0755
readlink /mnt/x/link: ok /mnt/x/f
cat /mnt/x/link: ok bound\\n
stat /links/escape_file: ok type=file size=18 mode=0644
stat /no/such: ENOENT"

# The signals the runtime owns (SIGSYS, SIGSEGV, SIGBUS) as the guest
# handles them: a full mask does not kill the next trapped call, the
# guest's own SIGSYS handler and read-back action, a real fault reaching
# the guest's SIGSEGV handler, and EFAULT for a bad path pointer.
guest --engine=guest /bin/sigguard
expect guest_engine_guest_signal_handling "all blocked, stat /etc/hostname: ok
SIGSYS blocked in the mask: 1
raise(SIGSYS): handler saw si_code -6
SIGSYS action read back: the same, mask full 1
write to address 8: SIGSEGV caught by the guest
stat of a bad pointer: Bad address"

# Exit statuses: the command's, 128+N for a signal death.
guest --engine=guest /bin/exitwith 0
expect guest_engine_exit_0 ""
guest --engine=guest /bin/exitwith 3
expect guest_engine_exit_3 "" 3
guest --engine=guest /bin/killself TERM
expect guest_engine_killed_by_term_exits_143 "" 143

# An orphaned grandchild: burrow, a subreaper, waits for it, and the
# runtime it inherited still translates its calls.
guest --engine=guest /bin/forker orphan
expect guest_engine_waits_for_orphan "orphan: child exit 0
orphan: grandchild stat /etc/guest-only ok after its parents exited"

# Threads trapping at the same time, each on its own call arena.
guest --engine=guest /bin/forker threads 8
expect guest_engine_threads "threads: main sees /links/abs -> /etc/hostname
threads: thread 0: 200/200 rounds agree with main
threads: thread 1: 200/200 rounds agree with main
threads: thread 2: 200/200 rounds agree with main
threads: thread 3: 200/200 rounds agree with main
threads: thread 4: 200/200 rounds agree with main
threads: thread 5: 200/200 rounds agree with main
threads: thread 6: 200/200 rounds agree with main
threads: thread 7: 200/200 rounds agree with main"

# 24 threads block SIGSYS and hold one each at once (the runtime keeps
# their views and siginfo in struct rt, which must not run into the bind
# table after it) and translate meanwhile, each on its call arena.
guest --engine=guest /bin/forker blockedsys 24
expect guest_engine_threads_holding_sigsys "blockedsys: 24 threads done, 24 SIGSYS handled"

# A thread waits inside a trapped open (of a FIFO) while main traps:
# with one call arena for the process, main waited for it forever.
guest --engine=guest /bin/forker blockedopen
expect guest_engine_traps_while_a_thread_waits_in_open "blockedopen: 200/200 rounds agree while a thread waits in open
blockedopen: the writer's open ok, the reader's ok"

# The same, with burrow's stdout a file: the orphan's line is there
# when burrow exits, so burrow waited for it.
_it_own
# shellcheck disable=SC2086
timeout -k 5 "$IT_HANG" $IT_AS "$BURROW" -r "$ROOT" --engine=guest /bin/forker orphan \
	>"$T/orphan.out" 2>"$T/orphan.err" </dev/null
assert guest_engine_exits_after_orphan "burrow exited before the orphan printed" \
	grep -q "grandchild stat /etc/guest-only ok" "$T/orphan.out"

# A process left behind is named once, with its pid, and awaited.
run_burrow -r "$ROOT" --engine=guest /bin/sysraw daemon 1
expect guest_engine_waits_for_daemon "parent: exiting
daemon: done"
n=$(grep -c 'left running' "$ERR")
assert guest_engine_straggler_reported_once "stderr named the leftover process $n times" \
	sh -c "[ '$n' = 1 ] && grep -Eq 'waiting for 1 process it left running: [0-9]+ ' '$ERR'"

# --kill-on-exit: what the command left running is killed.
run_burrow -r "$ROOT" --engine=guest --kill-on-exit /bin/sysraw daemon 60
expect guest_engine_kill_on_exit "parent: exiting"

# No ptrace at all: the guest is not traced.
guest --engine=guest -b /proc /bin/sysraw status TracerPid
expect guest_engine_no_tracer "TracerPid:	0"

# What it cannot serve is refused, never run another way.
run_burrow -r "$ROOT" --engine=guest -0 /bin/exitwith 0
expect_error guest_engine_refuses_fake_root 125 "-0 needs the ptrace engine"
run_burrow -r "$ROOT" --engine=guest -q /bin/true /bin/exitwith 0
expect_error guest_engine_refuses_qemu 125 "-q needs the ptrace engine"
for case in "change_id:-i 1:1" "ports:-p 80:8080" "netcoop:-n" "kernel_release:-k 9.9" \
	"report:--report"; do
	opt=${case#*:}
	# shellcheck disable=SC2086
	run_burrow -r "$ROOT" --engine=guest $opt /bin/exitwith 0
	expect_error "guest_engine_refuses_${case%%:*}" 125 "${opt%% *} needs the ptrace engine"
done
# (Exported and unset: an assignment before a shell function may
# outlive the call.)
export BURROW_NO_SECCOMP=1
run_burrow -r "$ROOT" --engine=guest /bin/exitwith 0
unset BURROW_NO_SECCOMP
expect_error guest_engine_refuses_no_seccomp 125 "BURROW_NO_SECCOMP=1 needs the ptrace engine"
export BURROW_ENGINE=bogus
run_burrow -r "$ROOT" /bin/exitwith 0
expect_error guest_engine_unknown_engine 125 "BURROW_ENGINE=bogus: unknown engine"
export BURROW_ENGINE=guest
run_burrow -r "$ROOT" -b /proc /bin/sysraw status TracerPid
unset BURROW_ENGINE
expect guest_engine_from_environment "TracerPid:	0"

# auto: the guest engine where it serves the run, else the ptrace engine
# (whose guest sees burrow as its tracer), said under -v.
run_burrow -r "$ROOT" --engine=auto -b /proc /bin/sysraw status TracerPid
expect guest_engine_auto_picks_guest "TracerPid:	0"
auto_is_ptrace() {	# NAME WHY: the run went to the ptrace engine, for WHY
	assert "$1" "status $STATUS; stdout: $(cat "$OUT"); stderr: $(cat "$ERR")" \
		sh -c "[ '$STATUS' = 0 ] && grep -Eq '^TracerPid:	[1-9]' '$OUT' &&
			grep -qF -- '=auto: the ptrace engine ($2 needs the ptrace engine)' '$ERR'"
}
run_burrow -r "$ROOT" --engine=auto -v 1 -0 -b /proc /bin/sysraw status TracerPid
auto_is_ptrace guest_engine_auto_fake_root_is_ptrace -0
run_burrow -r "$ROOT" --engine=auto -v 1 -k 9.9 -b /proc /bin/sysraw status TracerPid
auto_is_ptrace guest_engine_auto_kernel_release_is_ptrace -k
export BURROW_NO_SECCOMP=1 BURROW_ENGINE=auto
run_burrow -r "$ROOT" -v 1 -b /proc /bin/sysraw status TracerPid
unset BURROW_NO_SECCOMP BURROW_ENGINE
auto_is_ptrace guest_engine_auto_no_seccomp_is_ptrace BURROW_NO_SECCOMP=1

# A command it cannot run: as the kernel's execve would say; a script
# runs through the runtime's exec (the loader execs it), anything else
# is named.
run_burrow -r "$ROOT" --engine=guest /etc/hostname
expect_error guest_engine_not_executable_126 126 "/etc/hostname: Permission denied"
guest --engine=guest /bin/script
expect guest_engine_script_command "/bin/script"
printf 'plain text\n' >"$ROOT/bin/plain"
chmod 0755 "$ROOT/bin/plain"
# Neither ELF nor a script: execvp's /bin/sh would run it, and this
# root has none: the kernel's ENOEXEC, as under ptrace.
run_burrow -r "$ROOT" --engine=guest /bin/plain
expect_error guest_engine_not_elf_nor_script 126 "/bin/plain: Exec format error"
run_burrow -r "$ROOT" --engine=guest /bin/badscript
expect_error guest_engine_script_command_missing_interpreter 127 "/bin/badscript: error 2"

# exec through the runtime (a memfd of the loader, HACKING.md): the
# program found in the guest, its exit status, a "#!" script, and the
# kernel's errors, after which the caller goes on as it was.
guest --engine=guest /bin/execer execve /bin/exitwith 5
expect guest_engine_exec_exit_status "" 5
guest --engine=guest /bin/execer execve /bin/script
expect guest_engine_exec_script "/bin/script"
guest --engine=guest /bin/execer execveat /bin exitwith 4
expect guest_engine_execveat_dirfd "" 4
guest --engine=guest /bin/execer execve /no/such
expect guest_engine_exec_enoent "execer execve /no/such: ENOENT" 127
guest --engine=guest /bin/execer execve /etc/hostname
expect guest_engine_exec_not_executable_eacces "execer execve /etc/hostname: EACCES" 126
guest --engine=guest /bin/execer execve /etc
expect guest_engine_exec_dir_eacces "execer execve /etc: EACCES" 126
guest --engine=guest /bin/execer execve /bin/plain
expect guest_engine_exec_enoexec "execer execve /bin/plain: ENOEXEC" 126
guest --engine=guest /bin/execer execve /bin/badscript
expect guest_engine_exec_missing_interpreter "execer execve /bin/badscript: ENOENT" 127
guest --engine=guest /bin/execer bigarg /bin/exitwith
expect guest_engine_exec_e2big "execer bigarg /bin/exitwith: E2BIG" 126
guest --engine=guest -b /proc /bin/execargv /no/such x
expect guest_engine_failed_exec_returns "execargv /no/such: ENOENT" 127
# vfork children's execs, many in a row: each gives back the call arena
# it shares with its parent, and leaves the parent's mappings as they
# were.
guest --engine=guest -b /proc /bin/execargv /bin/exitwith @vfork=300 exitwith 0
expect guest_engine_vfork_exec_repeated "execargv /bin/exitwith: vfork 300 times, exit 0"
# execveat(fd, ""): a close-on-exec memfd (fexecve) runs, the task is
# named after the file, and no descriptor of the runtime's is left.
guest --engine=guest /bin/execer memfdexec /bin/exitwith 3
expect guest_engine_fexecve_cloexec_memfd "" 3
guest --engine=guest -b /proc /bin/execer fdexec /bin/sysraw status Name
expect guest_engine_fdexec_comm "Name:	sysraw"
guest --engine=guest -b /proc /bin/execer fdexec /bin/probe ls /proc/self/fd
expect_same_as_chroot guest_engine_fdexec_leaves_no_fd
# The kernel's argv, shown by execprog (tests/fixtures/exec-progs.sh):
# an empty argv becomes {""}; a "#!" line without a newline ends at
# byte 254, the kernel's buffer.
if P=$(sh "$(dirname "$0")/../fixtures/exec-progs.sh" 2>"$T/fixture.err"); then
	cp "$P/execprog-static" "$ROOT/bin/"
	printf '#!/bin/execprog-static -q%s' "$(printf '%0300d' 0 | tr 0 a)" >"$ROOT/bin/longarg"
	chmod 0755 "$ROOT/bin/longarg"
	guest --engine=guest /bin/execer execve /bin/longarg x
	expect guest_engine_exec_shebang_line_cut "argv[0]=/bin/execprog-static
argv[1]=-q$(printf '%0230d' 0 | tr 0 a)
argv[2]=/bin/longarg
argv[3]=x"
	guest --engine=guest /bin/execargv /bin/execprog-static @empty
	expect_same_as_chroot guest_engine_exec_empty_argv
	assert guest_engine_exec_empty_argv_is_one_empty_string "argv is not {\"\"}" \
		sh -c "head -2 '$OUT' | tr '\n' ' ' | grep -qx 'argv\[0\]= argc=1 '"
else
	skip guest_engine_exec_shebang_line_cut "$(cat "$T/fixture.err")"
fi

# A read-only binding (an archive's image): a write is refused with
# EROFS and the stat goes through.  As root, compared with the tree
# mounted read-only.
C=$T/cache
A=$T/image.tar
_it_own
tar -C "$ROOT" -cf "$A" .
mkdir -p "$C"
[ "$IT_UID" = 0 ] || chown "$IT_UID:$IT_GID" "$C" "$A"
_it_snapshot
# shellcheck disable=SC2086
_it_capture "$OUT" "$ERR" "$T/status" $IT_AS "$BURROW" --engine=guest --cache-dir "$C" -r "$A" \
	/bin/probe stat /etc/hostname open /etc/hostname wronly open /etc/new wronly,creat cat /etc/hostname
STATUS=$(cat "$T/status")
NATIVE_RAN=0
if [ "$IT_NATIVE" = 1 ]; then
	_it_capture "$NOUT" "$NERR" "$T/nstatus" sh "$IT_LIB/reference.sh" --ro \
		--map "$W" "$T/n" --as "$IT_UID:$IT_GID" -r "$T/n${ROOT#"$W"}" \
		/bin/probe stat /etc/hostname open /etc/hostname wronly open /etc/new wronly,creat cat /etc/hostname
	NSTATUS=$(cat "$T/nstatus")
	NATIVE_RAN=1
fi
expect guest_engine_readonly_binding_erofs "stat /etc/hostname: ok type=file size=15 mode=0644
open /etc/hostname wronly: EROFS
open /etc/new wronly,creat: EROFS
cat /etc/hostname: ok guest-hostname\\n"
# A socket is a name bind creates: EROFS there too (the ptrace engine's
# answer, t_archive_readonly.sh).
# shellcheck disable=SC2086
_it_capture "$OUT" "$ERR" "$T/status" $IT_AS "$BURROW" --engine=guest --cache-dir "$C" -r "$A" \
	/bin/sockpair /etc/s
STATUS=$(cat "$T/status")
NATIVE_RAN=0
expect guest_engine_readonly_socket_bind_erofs "bind /etc/s.stream: EROFS
bind /etc/s.dsrv: EROFS
connect /etc/s.none: ENOENT
bind abstract (autobind): ok
getsockname abstract: ok (abstract, 5 bytes)"

# Unix sockets named by a path (the runtime's socket.c): bind, connect,
# sendto and sendmsg take guest paths, and every address the kernel
# returns shows the guest path again; as t_unix_socket.sh, in one
# process.
sockpair_output() {
	cat <<OUT
bind $1.stream: ok
listen: ok
getsockname listener: ok $1.stream
stat $1.stream: ok type=socket
connect $1.stream: ok
getpeername client: ok $1.stream
getsockname client: ok (unnamed)
accept: ok peer (unnamed)
getsockname accepted: ok $1.stream
stream data: ping
bind $1.cli: ok
connect from $1.cli: ok
accept: ok peer $1.cli
getpeername accepted: ok $1.cli
bind $1.cli4: ok
connect from $1.cli4: ok
accept4: ok peer $1.cli4
getpeername accepted: ok $1.cli4
bind $1.dsrv: ok
bind $1.dcli: ok
sendto $1.dsrv: ok
recvfrom: ok "one" from $1.dcli
sendmsg $1.dsrv: ok
recvmsg: ok "two" from $1.dcli
connect $1.none: ENOENT
bind abstract (autobind): ok
getsockname abstract: ok (abstract, 5 bytes)
OUT
}
guest --engine=guest /bin/sockpair /scratch/s
expect guest_engine_unix_socket_in_rootfs "$(sockpair_output /scratch/s)"
assert guest_engine_unix_socket_file_in_rootfs "ROOTFS/scratch/s.stream is not a socket" \
	test -S "$ROOT/scratch/s.stream"
guest --engine=guest -w /scratch /bin/sockpair rel
expect guest_engine_unix_socket_relative "$(sockpair_output rel)"
mkdir -p "$HOSTD/sockdir"
guest --engine=guest -b "$HOSTD/sockdir:/mnt/x" /bin/sockpair /mnt/x/b
expect guest_engine_unix_socket_in_binding "$(sockpair_output /mnt/x/b)"
assert guest_engine_unix_socket_file_in_bound_host_dir "HOSTDIR/b.stream is not a socket" \
	test -S "$HOSTD/sockdir/b.stream"

# Inet sockets go through untouched (a TCP connection and a datagram
# over loopback, in one process); sendto and recvfrom without an
# address are not trapped at all.
port=$("$HELPERS/netprobe" freeport 127.0.0.1 | sed -n 's/^port //p')
guest --engine=guest /bin/netprobe self tcp 127.0.0.1 "$port" hello
expect guest_engine_inet_tcp_loopback "bound $port
ready
peer $port
accepted $port
got hello"
port=$("$HELPERS/netprobe" freeport 127.0.0.1 | sed -n 's/^port //p')
guest --engine=guest /bin/netprobe self udpmsg 127.0.0.1 "$port" dgram
expect guest_engine_inet_udp_loopback "bound $port
ready
bound $((port + 1))
sent
got dgram from $((port + 1))"

# A host path longer than sun_path's 108 bytes: bound and connected
# through a descriptor of its directory, the file where it belongs.
# (Last of the tiny rootfs's tests: it moves ROOT.)
ROOT=$W/$(printf 'long-host-path-%.0s' 1 2 3 4 5 6 7 8)/root
new_root
guest --engine=guest /bin/sockpair /scratch/loop 3
expect guest_engine_unix_socket_host_path_over_108_bytes "3 connects: ok"
assert guest_engine_unix_socket_long_path_file "ROOTFS/scratch/loop.stream is not a socket" \
	test -S "$ROOT/scratch/loop.stream"

# Dynamic programs of a real distribution (a Debian 12 rootfs), with a
# binding, against a real chroot with the same bind mounts.
here=$(cd "$(dirname "$0")" && pwd)
if ! DEB=$(sh "$here/../fixtures/debian-rootfs.sh" 2>"$T/fixture.err"); then
	skip guest_engine_debian "$(cat "$T/fixture.err")"
	exit 0
fi
BIND=$T/bind
mkdir -p "$BIND/sub/deeper"
chmod 0755 "$BIND" "$BIND/sub" "$BIND/sub/deeper"
printf 'one\n' >"$BIND/one"
printf 'two\n' >"$BIND/sub/deeper/two"
ln -s /mnt/one "$BIND/abs"
ln -s sub/deeper "$BIND/rel"
[ "$IT_UID" = 0 ] || chown -R "$IT_UID:$IT_GID" "$BIND"

# deb_guest NAME CMD...: the command under --engine=guest and, as root,
# in a chroot.
deb_guest() {
	_name=$1
	shift
	# shellcheck disable=SC2086
	_it_capture "$OUT" "$ERR" "$T/status" $IT_AS "$BURROW" --engine=guest -r "$DEB" \
		-b "$BIND:/mnt" "$@"
	STATUS=$(cat "$T/status")
	NATIVE_RAN=0
	[ "$IT_NATIVE" = 1 ] || return 0
	spec=
	[ "$IT_UID" = 0 ] || spec="--userspec=$IT_UID:$IT_GID"
	# shellcheck disable=SC2016
	_it_capture "$NOUT" "$NERR" "$T/nstatus" unshare -m sh -c 'mount --make-rprivate / &&
		mount --bind "$2" "$1/mnt" && r=$1 s=$3 && shift 3 && exec chroot $s "$r" "$@"' \
		sh "$DEB" "$BIND" "$spec" "$@"
	NSTATUS=$(cat "$T/nstatus")
	NATIVE_RAN=1
}

deb_guest guest_engine_debian_cat /bin/cat /etc/debian_version /mnt/one /mnt/abs /mnt/rel/two
expect_same_as_chroot guest_engine_debian_cat
deb_guest guest_engine_debian_ls_lR /bin/ls -lR --time-style=+%s /usr/share/doc/base-files /mnt /etc/apt
expect_same_as_chroot guest_engine_debian_ls_lR
deb_guest guest_engine_debian_find /usr/bin/find /etc /mnt -name '*.conf' -o -name 'tw*'
expect_same_as_chroot guest_engine_debian_find
deb_guest guest_engine_debian_readlink /bin/readlink /bin /mnt/abs /mnt/rel
expect_same_as_chroot guest_engine_debian_readlink
deb_guest guest_engine_debian_readlink_f /bin/readlink -f /mnt/abs /mnt/rel/two /bin/ls
expect_same_as_chroot guest_engine_debian_readlink_f
deb_guest guest_engine_debian_stat /usr/bin/stat -c '%n %F %s %a %h' /etc/debian_version /mnt/one \
	/mnt/abs /mnt/sub /mnt/rel/two
expect_same_as_chroot guest_engine_debian_stat
deb_guest guest_engine_debian_missing /bin/ls /mnt/none
expect_same_as_chroot guest_engine_debian_missing 2

# Shells: exec through the runtime, compared with the chroot.
printf '#!/bin/sh\necho "0=$0"; for a; do echo "[$a]"; done\nexit 6\n' >"$BIND/args"
printf '#!/bin/sh -e\necho "0=$0 1=$1 #=$#"\n' >"$BIND/opt"
chmod 0755 "$BIND/args" "$BIND/opt"
[ "$IT_UID" = 0 ] || chown "$IT_UID:$IT_GID" "$BIND/args" "$BIND/opt"
deb_guest guest_engine_debian_script_command /mnt/args "a b" "" c
expect_same_as_chroot guest_engine_debian_script_command 6
deb_guest guest_engine_debian_sh_c /bin/sh -c 'echo a; ls /etc | head -3'
expect_same_as_chroot guest_engine_debian_sh_c
deb_guest guest_engine_debian_script_argv /bin/sh -c \
	'/mnt/args "a b" "" c; echo "status $?"; /mnt/opt x; cd /mnt && ./opt "y z"'
expect_same_as_chroot guest_engine_debian_script_argv
deb_guest guest_engine_debian_missing_127 /bin/sh -c 'nosuch 2>&1; echo "status $?"'
expect_same_as_chroot guest_engine_debian_missing_127
deb_guest guest_engine_debian_not_executable_126 /bin/sh -c '/mnt/one 2>&1; echo "status $?"'
expect_same_as_chroot guest_engine_debian_not_executable_126
deb_guest guest_engine_debian_exec_chain /bin/sh -c 'sh -c "exec ls -d /etc /mnt/rel/two"'
expect_same_as_chroot guest_engine_debian_exec_chain
deb_guest guest_engine_debian_exit_through_exec /bin/sh -c \
	'sh -c "exit 7"; echo "status $?"; /bin/false; echo "status $?"; exec sh -c "exit 9"'
expect_same_as_chroot guest_engine_debian_exit_through_exec 9
