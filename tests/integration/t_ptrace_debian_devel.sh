#!/bin/sh
# Real tracers in the guest (doc/ptrace-emulation.md, step 4): gdb and
# strace of tests/fixtures/debian-devel.sh, on a program gcc builds there.
# burrow is the real tracer of every guest process; the guest's gdb and
# strace must see what they see in a real chroot: the exec of the
# program (not burrow's loader), its breakpoints and registers, and the
# calls with guest paths.  The work happens in a host directory bound at
# /mnt, as in t_exec_debian_devel.sh; as root, each command also runs in
# a real chroot and the outputs must be the same.
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
if ! DEB=$(sh "$here/../fixtures/debian-devel.sh" 2>"$T/fixture.err"); then
	skip debian_devel_available "$(cat "$T/fixture.err")"
	exit 0
fi
if [ ! -x "$DEB/usr/bin/gdb" ] || [ ! -x "$DEB/usr/bin/strace" ]; then
	skip debian_devel_has_gdb_strace "$DEB has no gdb or strace (an older fixture)"
	exit 0
fi
BIND=$T/bind NBIND=$T/nbind
CHROOT=$(command -v chroot)

# fresh DIR: an empty /mnt for one run, with a tmp/, owned by the user.
fresh() {
	rm -rf "$1"
	mkdir -p "$1/tmp"
	chmod 0755 "$1"
	[ "$IT_UID" = 0 ] || chown -R "$IT_UID:$IT_GID" "$1"
}

ENVS="HOME=/mnt TMPDIR=/mnt/tmp LC_ALL=C PATH=/usr/local/bin:/usr/bin:/bin"

# dev_run CMD: sh -c CMD in /mnt under burrow and, as root, in a chroot
# (as t_exec_debian_devel.sh).  SETUP, if set, runs in each fresh /mnt.
dev_run() {
	fresh "$BIND"
	[ -z "${SETUP:-}" ] || (cd "$BIND" && eval "$SETUP") || exit 2
	[ "$IT_UID" = 0 ] || chown -R "$IT_UID:$IT_GID" "$BIND"
	# shellcheck disable=SC2086
	_it_capture "$OUT" "$ERR" "$T/status" $IT_AS env -i $ENVS "$BURROW" -r "$DEB" \
		-b /proc -b "$BIND:/mnt" -w /mnt /bin/sh -c "$1"
	STATUS=$(cat "$T/status")
	NATIVE_RAN=0
	[ "$IT_NATIVE" = 1 ] || return 0
	fresh "$NBIND"
	[ -z "${SETUP:-}" ] || (cd "$NBIND" && eval "$SETUP") || exit 2
	[ "$IT_UID" = 0 ] || chown -R "$IT_UID:$IT_GID" "$NBIND"
	spec=
	[ "$IT_UID" = 0 ] || spec="--userspec=$IT_UID:$IT_GID"
	# shellcheck disable=SC2016,SC2086
	_it_capture "$NOUT" "$NERR" "$T/nstatus" unshare -m sh -c 'mount --make-rprivate / &&
		mount --bind /proc "$1/proc" && mount --bind "$2" "$1/mnt" &&
		exec env -i $5 "$6" $3 "$1" /bin/sh -c "cd /mnt && $4"' \
		sh "$DEB" "$NBIND" "$spec" "$1" "$ENVS" "$CHROOT"
	NSTATUS=$(cat "$T/nstatus")
	NATIVE_RAN=1
}

# Addresses and pids differ from run to run.
NORM='s/0x[0-9a-f][0-9a-f]*/ADDR/g; s/process [0-9][0-9]*/process PID/g'

# gdb runs the program (through a shell, as it does by default), stops
# at main, shows the stack and an argument, continues to the exit.
PROG_C='printf "#include <stdio.h>\nint main(int argc, char **argv)\n{\n\tprintf(\"hello %%d %%s\\\\n\", argc, argv[1]);\n\treturn 3;\n}\n" >prog.c'
gdb_prog() {
	dev_run "gcc -g -O0 -o prog prog.c &&
		gdb -q -batch -ex 'break main' -ex run -ex bt -ex 'print argc' -ex continue \\
			--args ./prog one 2>&1 | sed '$NORM'"
}
GDB_PROG_OUT="Breakpoint 1 at ADDR: file prog.c, line 4.
[Thread debugging using libthread_db enabled]
Using host libthread_db library \"$IT_LIBDIR/libthread_db.so.1\".

Breakpoint 1, main (argc=2, argv=ADDR) at prog.c:4
4		printf(\"hello %d %s\\n\", argc, argv[1]);
#0  main (argc=2, argv=ADDR) at prog.c:4
\$1 = 2
hello 2 one
[Inferior 1 (process PID) exited with code 03]"
SETUP=$PROG_C
gdb_prog
expect gdb_break_main_run_bt_print_continue "$GDB_PROG_OUT"

# gdb -p: attached to a running program that waits in pause(); the
# stack, a global, then kill.  Attaching to a process that is not a
# descendant is Yama's business (scope 1 and up): root may, others not.
scope=$(cat /proc/sys/kernel/yama/ptrace_scope 2>/dev/null || echo 0)
if [ "$scope" -ge 1 ] && [ "$IT_UID" != 0 ]; then
	skip_machine gdb_attach_pid "kernel.yama.ptrace_scope is $scope: only root attaches to a sibling"
	skip_machine gdb_attach_pid_threads "kernel.yama.ptrace_scope is $scope: only root attaches to a sibling"
else
	SETUP='printf "#include <stdio.h>\n#include <unistd.h>\nvolatile int counter = 42;\nstatic void wait_here(void)\n{\n\tfor (;;)\n\t\tpause();\n}\nint main(void)\n{\n\tputs(\"ready\");\n\tfflush(stdout);\n\twait_here();\n}\n" >spin.c'
	# Once it sleeps after "ready", it is in pause().
	dev_run "gcc -g -O0 -o spin spin.c && { ./spin >spin.out & pid=\$!
	until grep -q ready spin.out && grep -q '^[0-9]* (spin) S' /proc/\$pid/stat; do sleep 0.05; done
	gdb -q -batch -p \$pid -ex bt -ex 'print counter' -ex kill 2>&1 | sed '$NORM' | grep -v '^ADDR in pause'; }"
	expect gdb_attach_pid "[Thread debugging using libthread_db enabled]
Using host libthread_db library \"$IT_LIBDIR/libthread_db.so.1\".
#0  ADDR in pause () from $IT_LIBDIR/libc.so.6
#1  ADDR in wait_here () at spin.c:7
#2  ADDR in main () at spin.c:13
\$1 = 42
Kill the program being debugged? (y or n) [answered Y; input not from terminal]
[Inferior 1 (process PID) killed]"

	# The same with three threads: gdb attaches to each (and runs
	# its ptrace probes while it traces them).  The columns' widths
	# depend on the LWPs' digits: spaces are squeezed.
	SETUP='printf "#include <pthread.h>\n#include <stdio.h>\n#include <unistd.h>\nvolatile int counter = 42;\nstatic void *worker(void *arg)\n{\n\tfor (;;)\n\t\tpause();\n\treturn arg;\n}\nint main(void)\n{\n\tpthread_t a, b;\n\n\tpthread_create(&a, NULL, worker, NULL);\n\tpthread_create(&b, NULL, worker, NULL);\n\tputs(\"ready\");\n\tfflush(stdout);\n\tfor (;;)\n\t\tpause();\n}\n" >mt.c'
	dev_run "gcc -g -O0 -pthread -o mt mt.c && { ./mt >mt.out & pid=\$!
	until grep -q ready mt.out &&
		[ \$(grep -l '^State:.*S (sleeping)' /proc/\$pid/task/*/status | wc -l) = 3 ]; do sleep 0.05; done
	gdb -q -batch -p \$pid -ex 'info threads' -ex 'print counter' -ex kill 2>&1 |
		sed '$NORM; s/LWP [0-9]*/LWP N/g; s/  */ /g' | grep -v '^ADDR in pause'; }"
	expect gdb_attach_pid_threads "[New LWP N]
[New LWP N]
[Thread debugging using libthread_db enabled]
Using host libthread_db library \"$IT_LIBDIR/libthread_db.so.1\".
 Id Target Id Frame 
* 1 Thread ADDR (LWP N) \"mt\" ADDR in pause () from $IT_LIBDIR/libc.so.6
 2 Thread ADDR (LWP N) \"mt\" ADDR in pause () from $IT_LIBDIR/libc.so.6
 3 Thread ADDR (LWP N) \"mt\" ADDR in pause () from $IT_LIBDIR/libc.so.6
\$1 = 42
Kill the program being debugged? (y or n) [answered Y; input not from terminal]
[Inferior 1 (process PID) killed]"
fi
SETUP=

# strace -f of a pipeline: the execve and openat calls of each process,
# with guest paths and results (one file per process; sorted by the
# program each one runs, pids and addresses left out, and the number of
# environment variables: the chroot's sh has cd'd, adding OLDPWD).
dev_run "strace -f -qq -e trace=execve,openat -e signal=none -ff -o /mnt/tmp/tr \
		sh -c 'cat /etc/hostname | wc -c' >/dev/null &&
	for f in /mnt/tmp/tr.*; do sed '$NORM; s|/[*] [0-9]* vars [*]/|ENV|' \"\$f\" >\"\$f.n\"; head -n 1 \"\$f.n\" >\"\$f.k\"; done &&
	for k in \$(for f in /mnt/tmp/tr.*.k; do echo \"\$(cat \$f)|\$f\"; done | sort | sed 's/.*|//'); do
		echo \"== process\"; cat \"\${k%.k}.n\"; done"
expect strace_f_pipeline_execve_openat "== process
execve(\"/usr/bin/cat\", [\"cat\", \"/etc/hostname\"], ADDR ENV) = 0
openat(AT_FDCWD, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC) = 3
openat(AT_FDCWD, \"$IT_LIBDIR/libc.so.6\", O_RDONLY|O_CLOEXEC) = 3
openat(AT_FDCWD, \"/etc/hostname\", O_RDONLY) = 3
== process
execve(\"/usr/bin/sh\", [\"sh\", \"-c\", \"cat /etc/hostname | wc -c\"], ADDR ENV) = 0
openat(AT_FDCWD, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC) = 3
openat(AT_FDCWD, \"$IT_LIBDIR/libc.so.6\", O_RDONLY|O_CLOEXEC) = 3
== process
execve(\"/usr/bin/wc\", [\"wc\", \"-c\"], ADDR ENV) = 0
openat(AT_FDCWD, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC) = 3
openat(AT_FDCWD, \"$IT_LIBDIR/libc.so.6\", O_RDONLY|O_CLOEXEC) = 3"

# stepi through open64 and its syscall instruction back to main: the
# call (a path only a translated one finds) returns its descriptor.
# shellcheck disable=SC2016
STEP_SETUP='printf "#include <fcntl.h>\n#include <stdio.h>\nint main(void)\n{\n\tint fd = open(\"/mnt/gp.c\", O_RDONLY);\n\n\tprintf(\"fd %%d\\\\n\", fd);\n\treturn 0;\n}\n" >gp.c &&
	printf "break main\nrun\nbreak open64\ncontinue\nwhile \$_caller_is(\"main\")\n  stepi\nend\nnext\nprint fd\ncontinue\n" >step.gdb'
STEP_OUT="Breakpoint 1 at ADDR: file gp.c, line 5.
[Thread debugging using libthread_db enabled]
Using host libthread_db library \"$IT_LIBDIR/libthread_db.so.1\".

Breakpoint 1, main () at gp.c:5
5		int fd = open(\"/mnt/gp.c\", O_RDONLY);
Breakpoint 2 at ADDR

ADDR in main () at gp.c:5
5		int fd = open(\"/mnt/gp.c\", O_RDONLY);
7		printf(\"fd %d\\n\", fd);
\$1 = 3
fd 3
[Inferior 1 (process PID) exited normally]"
SETUP=$STEP_SETUP
dev_run "gcc -g -O0 -o gp gp.c && gdb -q -batch -x step.gdb ./gp 2>&1 | sed '$NORM' | grep -v 'in open64 ()'"
expect gdb_stepi_over_syscall "$STEP_OUT"
SETUP=

# Fine control (step 5): a hardware watchpoint on a global (x86 debug
# registers through POKEUSER of u_debugreg, arm64 NT_ARM_HW_WATCH), a
# vector register written and read back across a stepi (x86 ymm0
# through NT_X86_XSTATE, arm64 v0 through NT_PRFPREG), and breakpoints,
# which gdb writes through /proc/PID/mem.
case $(uname -m) in
aarch64) VREG='$v0.s.u[3]' ;;
*) VREG='$ymm0.v8_int32[7]' ;;
esac
WATCH_SETUP='printf "#include <stdio.h>\nvolatile int global;\nint main(void)\n{\n\tfor (int i = 1; i <= 3; i++)\n\t\tglobal = i * 10;\n\tprintf(\"global %%d\\\\n\", global);\n\treturn 0;\n}\n" >w.c &&
	printf "break main\nrun\nwatch global\ncontinue\ncontinue\nprint %s = 12345\nstepi\nprint %s\ndelete\ncontinue\n" "$VREG" "$VREG" >w.gdb'
WATCH_OUT="Breakpoint 1 at ADDR: file w.c, line 5.
[Thread debugging using libthread_db enabled]
Using host libthread_db library \"$IT_LIBDIR/libthread_db.so.1\".

Breakpoint 1, main () at w.c:5
5		for (int i = 1; i <= 3; i++)
Hardware watchpoint 2: global

Hardware watchpoint 2: global

Old value = 0
New value = 10
main () at w.c:5
5		for (int i = 1; i <= 3; i++)

Hardware watchpoint 2: global

Old value = 10
New value = 20
main () at w.c:5
5		for (int i = 1; i <= 3; i++)
\$1 = 12345
ADDR	5		for (int i = 1; i <= 3; i++)
\$2 = 12345
global 30
[Inferior 1 (process PID) exited normally]"
watch_skip=
if [ "$(uname -m)" = x86_64 ] && ! grep -qw avx /proc/cpuinfo; then
	watch_skip="this x86_64 CPU has no AVX: no ymm registers"
fi
SETUP=$WATCH_SETUP
if [ -n "$watch_skip" ]; then
	skip_machine gdb_hw_watchpoint_vector_register "$watch_skip"
else
	dev_run "gcc -g -O0 -o w w.c && gdb -q -batch -x w.gdb ./w 2>&1 | sed '$NORM'"
	expect gdb_hw_watchpoint_vector_register "$WATCH_OUT"
fi
SETUP=

# The same gdb session without burrow's seccomp filter (every syscall
# stops; gdb's single steps over its breakpoints run on the fallback).
SETUP=$PROG_C
ENVS="$ENVS BURROW_NO_SECCOMP=1"
gdb_prog
expect gdb_break_main_run_bt_print_continue_no_seccomp "$GDB_PROG_OUT"
SETUP=$STEP_SETUP
dev_run "gcc -g -O0 -o gp gp.c && gdb -q -batch -x step.gdb ./gp 2>&1 | sed '$NORM' | grep -v 'in open64 ()'"
expect gdb_stepi_over_syscall_no_seccomp "$STEP_OUT"
SETUP=
SETUP=$WATCH_SETUP
if [ -n "$watch_skip" ]; then
	skip_machine gdb_hw_watchpoint_vector_register_no_seccomp "$watch_skip"
else
	dev_run "gcc -g -O0 -o w w.c && gdb -q -batch -x w.gdb ./w 2>&1 | sed '$NORM'"
	expect gdb_hw_watchpoint_vector_register_no_seccomp "$WATCH_OUT"
fi
SETUP=
