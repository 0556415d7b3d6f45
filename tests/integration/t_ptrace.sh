#!/bin/sh
# A guest program that ptraces its child: burrow is the real tracer of
# every guest process, so the guest's tracer is emulated
# (doc/ptrace-emulation.md).  The helper's output must be what a real
# chroot gives, with and without burrow's seccomp filter.
. "$(dirname "$0")/lib.sh"

stop_then_exit="getsiginfo: ok SIGSTOP code=-6
peekdata: ok 0x1234
pokedata: ok
cont: ok"

modes() {	# SUFFIX
	sfx=$1

	guest /bin/ptracer traceme
	expect "ptrace_traceme_stop_peek_poke_cont$sfx" "wait: stopped SIGSTOP
$stop_then_exit
wait: exited 7
wait again: ECHILD"

	guest /bin/ptracer wait-first
	expect "ptrace_traceme_while_parent_waits$sfx" "wait: stopped SIGSTOP
$stop_then_exit
wait: exited 7
wait again: ECHILD"

	# The same while it traces another child: its waits are trapped
	# then, and one that sleeps for a child not yet traced must still
	# hear of that child's stop (gdb's probe after gdb -p).
	guest -b /proc /bin/ptracer wait-first-tracing
	expect "ptrace_traceme_while_tracer_waits_tracing_another$sfx" "first: stopped SIGSTOP
second: stopped SIGSTOP
$stop_then_exit
second: exited 7
$stop_then_exit
first: exited 7"

	guest /bin/ptracer wnohang
	expect "ptrace_wait_wnohang$sfx" "wnohang running: 0
wnohang other pid: ECHILD
wnohang stopped: stopped SIGSTOP
wnohang consumed: 0
$stop_then_exit
wait: exited 7"

	guest /bin/ptracer waitid
	expect "ptrace_waitid_wnowait$sfx" "waitid nowait: ok signo=SIGCHLD code=CLD_TRAPPED status=19 pid=child
waitid nowait again: ok signo=SIGCHLD code=CLD_TRAPPED status=19 pid=child
waitid: ok signo=SIGCHLD code=CLD_TRAPPED status=19 pid=child
waitid wnohang consumed: ok signo=0 code=0 status=0 pid=0
$stop_then_exit
waitid exit: ok signo=SIGCHLD code=CLD_EXITED status=7 pid=child"

	# Register sets: the arch's own size; PTRACE_GETREGS exists on
	# x86_64 only.
	case $(uname -m) in
	x86_64) len=216 getregs=ok ;;
	aarch64) len=272 getregs=EIO ;;
	*) len=? getregs=? ;;
	esac
	guest /bin/ptracer regs
	expect "ptrace_regs_and_errors$sfx" "wait: stopped SIGSTOP
getregset: ok len=$len
setregset: ok
getregs: $getregs
cont of a pid not traced: ESRCH
setoptions bad: EINVAL
cont: ok
wait: exited 8"

	guest /bin/ptracer kill
	expect "ptrace_kill$sfx" "wait: stopped SIGSTOP
kill: ok
wait: killed SIGKILL
wait again: ECHILD"

	guest /bin/ptracer detach
	expect "ptrace_detach$sfx" "wait: stopped SIGSTOP
pokedata: ok
detach: ok
cont after detach: ESRCH
wait: exited 7"

	guest /bin/ptracer exitkill
	expect "ptrace_exitkill_when_tracer_exits$sfx" "middle: wait: stopped SIGSTOP
middle: setoptions exitkill: ok
middle: exited 0
orphan: killed SIGKILL"

	# A tracer that is not the parent: its wait has no real child to
	# sleep on, and the exit reaches it before the parent (47: the
	# parent's wait returned only after the tracer's took it).
	guest /bin/ptracer attach
	expect "ptrace_attach_non_child$sfx" "attach: ok
attach again: EPERM
attach self: EPERM
wait: stopped SIGSTOP
getsiginfo: ok SIGSTOP code=128
pokedata: ok
cont: ok
waitid nowait: ok signo=SIGCHLD code=CLD_EXITED status=7 pid=child
wait: exited 7
wait again: ECHILD
middle: exited 47"

	guest /bin/ptracer seize
	expect "ptrace_seize_non_child$sfx" "seize with addr: EIO
seize bad options: EIO
seize: ok
seize again: EPERM
peek while running: ESRCH
wnohang: 0
wait: stopped SIGUSR1
getsiginfo: ok SIGUSR1 code=-6
pokedata: ok
cont: ok
waitid nowait: ok signo=SIGCHLD code=CLD_EXITED status=7 pid=child
wait: exited 7
wait again: ECHILD
middle: exited 47"

	# What the tracer's SIGCHLD handler is told (kill(2) cannot say
	# CLD_TRAPPED: burrow rewrites its siginfo).
	guest /bin/ptracer sigchld
	expect "ptrace_sigchld_siginfo$sfx" "sigchld: CLD_TRAPPED status=19 from=child
wait: stopped SIGSTOP
cont: ok
sigchld: CLD_EXITED status=8 from=child
wait: exited 8"

	# With the default disposition burrow sends SIGCHLD only when the
	# kernel would keep it: here it is blocked and waited for in
	# sigtimedwait (which unblocks it while it sleeps).
	guest /bin/ptracer sigtimedwait
	expect "ptrace_sigchld_sigtimedwait$sfx" "wait a: stopped SIGSTOP
pending: SIGCHLD
sigwait: SIGCHLD
wait b: stopped SIGSTOP
cont b: ok
wait b: exited 8
cont a: ok
wait a: exited 8"

	# A wait that sleeps for a tracee keeps the kernel's EINTR.
	guest /bin/ptracer eintr
	expect "ptrace_wait_eintr$sfx" "wait: EINTR
wait: stopped SIGSTOP
cont: ok
wait: exited 8"

	# Syscall stops (PTRACE_SYSCALL, TRACESYSGOOD): the tracer sees
	# the call as the guest wrote it, not burrow's host path.
	guest /bin/ptracer syscalls
	expect "ptrace_syscall_stops_show_guest_path$sfx" "wait: stopped SIGSTOP
setoptions sysgood: ok
entry: openat /etc/hostname
exit: openat /etc/hostname -> fd, path register kept
entry and exit alternate: yes
wait: exited 0"

	guest /bin/ptracer syscall-info
	expect "ptrace_get_syscall_info$sfx" "wait: stopped SIGSTOP
info at signal stop: 24 op=0
setoptions sysgood: ok
entry: size 80 chdir arg0 as written
entry with 1 byte: 80 op=1 arch untouched=1
exit: size 33 is_error 1 rval ENOENT
entry and exit alternate: yes
wait: exited 0"

	# strace --inject: skipped at entry, its result set at exit.
	guest /bin/ptracer inject
	expect "ptrace_syscall_inject_skip_and_result$sfx" "wait: stopped SIGSTOP
setoptions sysgood: ok
entry: getpid skipped: ok
exit: getpid skipped, set 4242: ok
entry and exit alternate: yes
wait: exited 42"

	# Continued (CONT) from the entry stop: burrow's path rewrite is
	# still undone, seen at the stop of the signal that ends the call.
	guest /bin/ptracer cont-restore
	expect "ptrace_cont_from_entry_keeps_guest_registers$sfx" "wait: stopped SIGSTOP
setoptions sysgood: ok
entry: openat of the fifo
cont: ok
wait: stopped SIGUSR1
path register at the signal stop: kept
kill: ok
wait: killed SIGKILL"

	# A seized tracee: INTERRUPT, a group-stop as EVENT_STOP, LISTEN,
	# the re-trap at SIGCONT (burrow's own stops must not eat the
	# interrupt, as any ptrace stop does), DETACH.
	guest /bin/ptracer listen
	expect "ptrace_interrupt_listen$sfx" "seize: ok
listen while running: ESRCH
interrupt: ok
wait: stopped SIGTRAP event=STOP
getsiginfo: ok SIGTRAP code=0x8005
cont: ok
wait: stopped SIGSTOP event=none
listen at a signal stop: EIO
cont with SIGSTOP: ok
wait: stopped SIGSTOP event=STOP
getsiginfo: ok SIGSTOP code=0x8013
listen: ok
wnohang while listening: 0
peek while listening: ESRCH
wait: stopped SIGTRAP event=STOP
cont: ok
wait: stopped SIGCONT event=none
cont with SIGCONT: ok
interrupt: ok
wait: stopped SIGTRAP event=STOP
listen not seized-stop: ESRCH
detach: ok
wait: exited 7"

	# Children traced by the options from their first stop; their
	# exit events and deaths reach the tracer before their parent.
	guest /bin/ptracer fork-events
	expect "ptrace_fork_vfork_exit_events$sfx" "wait: stopped SIGSTOP
setoptions: ok
child: stopped SIGTRAP event=FORK
grandchild: stopped SIGSTOP event=none
grandchild siginfo: ok SIGSTOP code=0
grandchild: stopped SIGTRAP event=EXIT
grandchild: exit message 0x300
grandchild: exited 3
child: stopped SIGCHLD event=none
child: stopped SIGTRAP event=VFORK
vfork child: stopped SIGSTOP event=none
vfork child: stopped SIGTRAP event=EXIT
vfork child: exit message 0x400
vfork child: exited 4
child: stopped SIGTRAP event=VFORK_DONE
vfork done message is the child: yes
child: stopped SIGCHLD event=none
child: stopped SIGTRAP event=EXIT
child: exit message 0
child: exited 0"

	guest /bin/ptracer clone
	expect "ptrace_clone_thread_events$sfx" "wait: stopped SIGSTOP
setoptions: ok
process: stopped SIGTRAP event=CLONE
thread: stopped SIGSTOP event=none
thread: stopped SIGTRAP event=EXIT
thread: exit message 0
thread: exited 0
thread again: ECHILD
process: stopped SIGTRAP event=EXIT
process: exit message 0
process: exited 0"

	# exec: the loader's work is not seen; the registers are the
	# kernel's after an exec (pc at the entry /proc/PID/auxv names;
	# words not 0 besides pc, sp and the flags: $esig at a signal stop,
	# $eev at the EXEC event, inside the call, $eex at the exit stop).
	guest -b /proc /bin/ptracer exec
	expect "ptrace_exec_event_sigtrap_and_stops$sfx" "wait: stopped SIGSTOP
cont: ok
wait: stopped SIGTRAP event=none
getsiginfo: ok SIGTRAP code=0 from itself: yes
pc at the entry: yes
sp at argc 2: yes
registers not 0: $esig
cont: ok
wait: exited 5
wait: stopped SIGSTOP
setoptions exec: ok
execve entry: /bin/exitwith
exec event: message is the tracee: yes
exec event siginfo: SIGTRAP code=0x405 from itself: yes
exec event syscall info: 24 op=0
pc at the entry: yes
sp at argc 2: yes
registers not 0: $eev
execve exit: 0
pc at the entry: yes
sp at argc 2: yes
registers not 0: $eex
cont: ok
wait: exited 6
wait: stopped SIGSTOP
setoptions sysgood: ok
execve entry: /bin/exitwith
execve exit: 0
pc at the entry: yes
sp at argc 2: yes
registers not 0: $eex
syscall: ok
wait: stopped SIGTRAP event=none
cont: ok
wait: exited 7
seize: ok
wait: exited 8"

	# What gdb needs to break in the program it runs (issue 17): the
	# exec's auxv and memory, and its text written through
	# /proc/PID/mem.  That write is forced (the text is read-only),
	# which kernels with proc_mem.force_override=ptrace (Debian's)
	# allow only the real tracer: burrow, which writes for the guest's.
	guest -b /proc /bin/ptracer exec-mem
	expect "ptrace_exec_text_written_through_proc_mem$sfx" "wait: stopped SIGSTOP
cont: ok
wait: stopped SIGTRAP event=none
pc at AT_ENTRY: yes
peektext at AT_ENTRY: ok
AT_PHDR holds the file's headers: yes
mem read at AT_ENTRY: ok
it is the text: yes
mem write at AT_ENTRY: ok
peektext sees it: yes
task mem write back: ok
peektext sees the text again: yes
cont: ok
wait: exited 5"

	# strace's threaded_execve: the EXEC event comes from the leader's
	# pid, the old leader vanishes unreported.
	guest -b /proc /bin/ptracer thread-exec
	expect "ptrace_exec_by_non_leader_thread$sfx" "wait: stopped SIGSTOP
setoptions: ok
process: stopped SIGTRAP event=CLONE
thread: stopped SIGSTOP event=none
next report from: the leader
wait: stopped SIGTRAP event=EXEC
exec message is the thread: yes
pc at the entry: yes
sp at argc 2: yes
registers not 0: $eev
cont: ok
wait: exited 9
wait again: ECHILD"

	# Single steps through a syscall: translated all the same (the file
	# exists only in the guest: 9), every stop the step's SIGTRAP.
	guest /bin/ptracer step
	expect "ptrace_singlestep_over_syscall$sfx" "wait: stopped SIGSTOP
stepped: yes
every stop a SIGTRAP: yes
wait: exited 9"

	# The guest's own seccomp filters (an inner burrow's, strace
	# --seccomp-bpf's): their TRACE is its tracer's seccomp stop, shown
	# before burrow's translation; without a tracer, ENOSYS.
	seccomp_stops="seccomp: getppid data=0x99 info=seccomp size=84 ret_data=0x99
seccomp: getppid skipped: ok
seccomp: result 4242: ok"
	seccomp_open="seccomp: openat data=0x43 info=seccomp size=84 ret_data=0x43
seccomp: openat path /etc/hostname"
	guest /bin/ptracer seccomp
	expect "ptrace_guest_seccomp_filter_stops$sfx" "wait: stopped SIGSTOP
setoptions: ok
$seccomp_stops
$seccomp_open
wait: exited 63"

	guest /bin/ptracer seccomp-syscall
	expect "ptrace_guest_seccomp_stops_between_entry_and_exit$sfx" "wait: stopped SIGSTOP
setoptions: ok
entry: getppid
$seccomp_stops
exit: 4242
entry: openat
$seccomp_open
wait: exited 63"

	# burrow's loader opens the program for the exec: no concern of
	# the guest's filter, which would make that ENOSYS.
	guest /bin/ptracer seccomp-exec
	expect "ptrace_guest_seccomp_filter_spares_the_loader$sfx" "child: exited 5"
}

# Words of the general registers not 0 after an exec (ptracer exec):
# x86_64 keeps orig_rax, eflags and ss (and rax -ENOSYS inside the
# call); arm64 clears all but x7, which a syscall stop sets to 1.
case $(uname -m) in
x86_64) esig=3 eev=4 eex=3 ;;
aarch64) esig=0 eev=0 eex=1 ;;
*) esig='?' eev='?' eex='?' ;;
esac

modes ""
# Without the filter every syscall stops: the waits are caught there.
export BURROW_NO_SECCOMP=1
modes _no_seccomp
unset BURROW_NO_SECCOMP

# Until a guest process traces another, waits make no stop: burrow's
# filter leaves them alone (-v 3 names each seccomp stop's syscall).
# The tracer's own waits do stop, by the filter it gets.
run_burrow -r "$ROOT" -v 3 /bin/sysraw storm 20
n=$(grep -c 'seccomp stop of wait' "$ERR")
assert ptrace_untraced_waits_make_no_stop "$n wait stops without a guest tracer" test "$n" = 0
run_burrow -r "$ROOT" -v 3 /bin/ptracer traceme
n=$(grep -c 'seccomp stop of wait4' "$ERR")
assert ptrace_tracer_waits_stop "no wait stop of a guest tracer" test "$n" -gt 0

# A tracer whose SIGCHLD has the default disposition and is not blocked
# (strace's) would drop it at once: burrow sends none for its tracee's
# stops, which saves the tracer a signal stop each.  Only the kernel's
# own SIGCHLD at the child's exit (ptrace keeps it) stops it here.
run_burrow -r "$ROOT" -v 3 /bin/ptracer traceme
n=$(grep -c 'signal stop of signal 17$' "$ERR")
assert ptrace_default_sigchld_not_sent "$n SIGCHLD stops of the tracer, not 1" test "$n" = 1
run_burrow -r "$ROOT" -v 3 /bin/ptracer sigchld
n=$(grep -c 'signal stop of signal 17$' "$ERR")
assert ptrace_caught_sigchld_sent "$n SIGCHLD stops of a tracer that catches it, not 2" test "$n" = 2

# Requests burrow does not emulate get EIO and are named, with their
# counts, in one --report line.
run_burrow -r "$ROOT" --report /bin/ptracer refused
expect ptrace_refused_requests_run "wait: stopped SIGSTOP
kill: ok
wait: killed SIGKILL"
assert ptrace_refused_requests_in_report "--report does not name PTRACE_SYSEMU 1 and PTRACE_SECCOMP_GET_FILTER 2" \
	grep -q '^burrow: report: ptrace requests of guest tracers refused with EIO (not emulated): PTRACE_SYSEMU 1, PTRACE_SECCOMP_GET_FILTER 2$' "$ERR"
