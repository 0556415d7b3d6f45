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
. "$here/devel-lib.sh"

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
# environment variables: the chroot's sh has cd'd, adding OLDPWD).  The
# dynamic loader's search for libc is left out too: it depends on the
# tree having an ld.so.cache (the arm64 VM's has none).
dev_run "strace -f -qq -e trace=execve,openat -e signal=none -ff -o /mnt/tmp/tr \
		sh -c 'cat /etc/hostname | wc -c' >/dev/null &&
	for f in /mnt/tmp/tr.*; do sed '$NORM; s|/[*] [0-9]* vars [*]/|ENV|; /ld[.]so[.]cache/d; /[.]so[.0-9]*\", O_RDONLY|O_CLOEXEC) = -1 ENOENT/d' \"\$f\" >\"\$f.n\"; head -n 1 \"\$f.n\" >\"\$f.k\"; done &&
	for k in \$(for f in /mnt/tmp/tr.*.k; do echo \"\$(cat \$f)|\$f\"; done | sort | sed 's/.*|//'); do
		echo \"== process\"; cat \"\${k%.k}.n\"; done"
STRACE_PIPELINE_OUT="== process
execve(\"/usr/bin/cat\", [\"cat\", \"/etc/hostname\"], ADDR ENV) = 0
openat(AT_FDCWD, \"$IT_LIBDIR/libc.so.6\", O_RDONLY|O_CLOEXEC) = 3
openat(AT_FDCWD, \"/etc/hostname\", O_RDONLY) = 3
== process
execve(\"/usr/bin/sh\", [\"sh\", \"-c\", \"cat /etc/hostname | wc -c\"], ADDR ENV) = 0
openat(AT_FDCWD, \"$IT_LIBDIR/libc.so.6\", O_RDONLY|O_CLOEXEC) = 3
== process
execve(\"/usr/bin/wc\", [\"wc\", \"-c\"], ADDR ENV) = 0
openat(AT_FDCWD, \"$IT_LIBDIR/libc.so.6\", O_RDONLY|O_CLOEXEC) = 3"
expect strace_f_pipeline_execve_openat "$STRACE_PIPELINE_OUT"

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

# Nesting (doc/ptrace-emulation.md 5): tracers whose own seccomp filter
# traps the calls they want are shown the seccomp stops of that filter,
# before burrow's translation; with burrow's filter and without.
# Debian's proot itself dies of SIGSEGV in a real chroot on some
# machines (the arm64 VM): nothing to compare with there.
expect_proot() {	# NAME
	if [ "$NATIVE_RAN" = 1 ] && [ "$NSTATUS" != 0 ] && grep -q 'signal 11' "$NERR"; then
		skip_machine "$1" "Debian's proot crashes in a real chroot here: $(head -n 1 "$NERR")"
	else
		expect "$1" "uname release: ok 5.4
getcwd: ok /mnt"
	fi
}

nesting() {	# SUFFIX
	sfx=$1

	# (Without those stops strace says its filter is unavailable and
	# traces every call.)
	dev_run "strace -f --seccomp-bpf -qq -e trace=execve,openat -e signal=none -ff -o /mnt/tmp/tr \
			sh -c 'cat /etc/hostname | wc -c' >/dev/null 2>/mnt/strace.err &&
		for f in /mnt/tmp/tr.*; do sed '$NORM; s|/[*] [0-9]* vars [*]/|ENV|; /ld[.]so[.]cache/d; /[.]so[.0-9]*\", O_RDONLY|O_CLOEXEC) = -1 ENOENT/d' \"\$f\" >\"\$f.n\"; head -n 1 \"\$f.n\" >\"\$f.k\"; done &&
		for k in \$(for f in /mnt/tmp/tr.*.k; do echo \"\$(cat \$f)|\$f\"; done | sort | sed 's/.*|//'); do
			echo \"== process\"; cat \"\${k%.k}.n\"; done; echo '== strace says'; cat /mnt/strace.err"
	expect "strace_seccomp_bpf_pipeline_execve_openat$sfx" "$STRACE_PIPELINE_OUT
== strace says"

	# burrow inside burrow: its -k composes with the outer translation;
	# -v 3 names the seccomp stops of its own filter.
	if [ -n "$static" ]; then
		SETUP="cp '$static' burrow"
		dev_run "env -u BURROW_NO_SECCOMP ./burrow -v 3 -k 5.4 uname -r 2>inner.err &&
			grep -c 'seccomp stop of uname' inner.err"
		expect "nested_burrow_uname$sfx" "5.4
1"
		dev_run "BURROW_NO_SECCOMP=1 ./burrow -k 5.4 uname -r"
		expect "nested_burrow_without_its_filter$sfx" "5.4"
	fi

	# Debian's proot inside, with PROOT_NO_SECCOMP and without (this
	# proot traces every call either way, natively too).  Its loader goes
	# to PROOT_TMP_DIR.  A static program: proot 5.1 cannot load
	# libc.so.6 on this kernel, in a real chroot either (fstat: EINVAL).
	SETUP="cp '$HELPERS/probe' probe"
	dev_run "PROOT_TMP_DIR=/mnt/tmp proot -k 5.4 /mnt/probe uname release getcwd"
	expect_proot "proot_inside$sfx"
	dev_run "PROOT_TMP_DIR=/mnt/tmp PROOT_NO_SECCOMP=1 proot -k 5.4 /mnt/probe uname release getcwd"
	expect_proot "proot_inside_without_its_filter$sfx"
	SETUP=
}

# The static burrow (built here, or the one under test on the arm64 VM),
# to bind in.
static=
if command -v make >/dev/null && [ -f "$here/../../GNUmakefile" ]; then
	make -s -C "$here/../.." static >"$T/make.log" 2>&1 && static=$here/../../build/static/burrow
elif ! head -c 4096 "$BURROW" | grep -q 'ld-linux'; then
	static=$BURROW
fi
[ -n "$static" ] ||
	skip_machine nested_burrow "no static burrow (make static failed, or no make and $BURROW is dynamic)"
ENVS=${ENVS% BURROW_NO_SECCOMP=1}
nesting ""
ENVS="$ENVS BURROW_NO_SECCOMP=1"
nesting _no_seccomp
