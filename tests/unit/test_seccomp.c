/* The seccomp filter, run by a small BPF evaluator for every syscall
 * number: it must stop exactly the calls the handler table traps (in each
 * mode: plain, fake root, --report, with phantom bindings, pinning), let the rest
 * through, and refuse other ABIs. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <talloc.h>

#include "loader/script.h"
#include "runtime/trap.h"
#include "syscalls/syscalls.h"
#include "tracee/tracee.h"
#include "tracer/seccomp.h"

/* The classic-BPF subset seccomp filters use, on a seccomp_data. */
static uint32_t run_filter(const struct sock_fprog *prog, const struct seccomp_data *d)
{
	uint32_t acc = 0;

	for (unsigned pc = 0; pc < prog->len; pc++) {
		const struct sock_filter *f = &prog->filter[pc];

		switch (f->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			ck_assert_msg(f->k % 4 == 0 && f->k + 4 <= sizeof(*d), "load at %u", f->k);
			memcpy(&acc, (const char *)d + f->k, 4);
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += acc == f->k ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JGE | BPF_K:
			pc += acc >= f->k ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JGT | BPF_K:
			pc += acc > f->k ? f->jt : f->jf;
			break;
		case BPF_RET | BPF_K:
			return f->k;
		default:
			ck_abort_msg("instruction %u: unexpected code %#x", pc, f->code);
		}
	}
	ck_abort_msg("the filter ran off its end");
	return 0;
}

static uint32_t verdict(const struct sock_fprog *prog, uint32_t arch, int nr, unsigned arg,
			uint64_t value)
{
	struct seccomp_data d = { .nr = nr, .arch = arch };

	if (arg)
		d.args[arg - 1] = value;
	return run_filter(prog, &d);
}

enum mode { PLAIN, FAKE, REPORT, PHANTOMS, COLOCATE, RESTRICTED, N_MODES };

START_TEST(filter_traps_exactly_the_table)
{
	struct tracer tr;
	struct sock_fprog prog;
	void *mem = talloc_new(NULL);
	int highest = -1;

	memset(&tr, 0, sizeof(tr));
	tr.fake = _i == FAKE ? (void *)&tr : NULL;	/* only tested for NULL */
	tr.report = _i == REPORT;
	tr.nphantoms = _i == PHANTOMS;
	tr.coloc.enabled = _i == COLOCATE;
	tr.restricted = _i == RESTRICTED;
	tr.self_pid = 4242;
	tr.loader_dirfd = -0x62757272;
	ck_assert_int_eq(seccomp_build(&tr, mem, &prog), 0);
	/* Changes through descriptors stop only when they may be refused
	 * (a read-only binding, a protected path) or faked. */
	ck_assert(syscall_traced(&tr, SC_fchmod) == (_i == RESTRICTED || _i == FAKE));
	ck_assert(syscall_traced(&tr, SC_fremovexattr) == (_i == RESTRICTED || _i == FAKE));
	/* Waits stop only in a guest tracer's group, by its own filter:
	 * untraced guests pay nothing for ptrace emulation. */
	ck_assert(!syscall_traced(&tr, SC_wait4) && !syscall_traced(&tr, SC_waitid));
	ck_assert(!syscall_traced(&tr, SC_pwrite64));
	ck_assert(syscall_traced(&tr, SC_ptrace));
	/* Affinity calls stop only while burrow may pin. */
	ck_assert(syscall_traced(&tr, SC_sched_getaffinity) == (_i == COLOCATE));
	ck_assert(syscall_traced(&tr, SC_sched_setaffinity) == (_i == COLOCATE));
	ck_assert_msg(prog.len > 0 && prog.len <= BPF_MAXINSNS, "%u instructions", prog.len);
	/* A daemon's needs under -0/-i only: no new stops otherwise. */
	ck_assert(syscall_traced(&tr, SC_ioctl) == (_i == FAKE));
	ck_assert(syscall_traced(&tr, SC_getsockopt) == (_i == FAKE));
	/* prctl stops for PR_SET_SECCOMP (a guest filter, rare), and for
	 * PR_SET_KEEPCAPS under -0/-i only; seccomp() for a new filter. */
	ck_assert(syscall_traced(&tr, SC_prctl) && syscall_traced(&tr, SC_seccomp));
	if (!tr.report) {
		ck_assert_uint_eq(verdict(&prog, arch_audit, arch_host_nr(SC_prctl), 1,
					  PR_SET_KEEPCAPS),
				  _i == FAKE ? SECCOMP_RET_TRACE : SECCOMP_RET_ALLOW);
		ck_assert_uint_eq(verdict(&prog, arch_audit, arch_host_nr(SC_prctl), 1,
					  PR_SET_NAME), SECCOMP_RET_ALLOW);
		ck_assert_uint_eq(verdict(&prog, arch_audit, arch_host_nr(SC_seccomp), 1,
					  SECCOMP_GET_ACTION_AVAIL), SECCOMP_RET_ALLOW);
	}
	/* Under -0/-i a signal to any pid stops: the faked ids decide. */
	ck_assert(verdict(&prog, arch_audit, arch_host_nr(SC_kill), 1, 4243) ==
		  (_i == FAKE || _i == REPORT ? SECCOMP_RET_TRACE : SECCOMP_RET_ALLOW));

	for (int sc = 0; sc < SC_COUNT; sc++) {
		int nr = arch_host_nr(sc);
		unsigned arg = tr.report ? 0 : handlers[sc].trap_if_arg;
		unsigned pid = tr.report || (tr.fake && handlers[sc].fake_enter)
			? 0 : handlers[sc].trap_if_pid;
		unsigned eq = tr.report ? 0 : handlers[sc].trap_if_eq;

		if (nr == SC_NONE)
			continue;
		if (nr > highest)
			highest = nr;
		if (!syscall_traced(&tr, sc)) {
			ck_assert_msg(verdict(&prog, arch_audit, nr, 0, 0) == SECCOMP_RET_ALLOW,
				      "%s is not traced but stops", sc_desc[sc].name);
		} else if (eq) {
			/* Only one request (the low word) stops: a hot call. */
			uint32_t v = handlers[sc].trap_eq;

			ck_assert_msg(verdict(&prog, arch_audit, nr, eq, v) == SECCOMP_RET_TRACE &&
				      verdict(&prog, arch_audit, nr, eq, (1ull << 32) | v) ==
				      SECCOMP_RET_TRACE, "%s does not stop for %#x",
				      sc_desc[sc].name, v);
			ck_assert_msg(verdict(&prog, arch_audit, nr, eq, v + 1) == SECCOMP_RET_ALLOW &&
				      verdict(&prog, arch_audit, nr, eq, 0) == SECCOMP_RET_ALLOW,
				      "%s stops for another request", sc_desc[sc].name);
		} else if (pid) {
			/* Signals stop for pids <= 0 and burrow's own only
			 * (the upper half of the argument is not the pid's). */
			static const struct { uint64_t value; uint32_t want; } pids[] = {
				{ 0, SECCOMP_RET_TRACE }, { (uint32_t)-1, SECCOMP_RET_TRACE },
				{ (uint64_t)-1, SECCOMP_RET_TRACE },
				{ (uint32_t)-1234, SECCOMP_RET_TRACE }, { 4242, SECCOMP_RET_TRACE },
				{ 1, SECCOMP_RET_ALLOW }, { 4243, SECCOMP_RET_ALLOW },
				{ 0x7fffffff, SECCOMP_RET_ALLOW },
				{ (1ull << 40) | 17, SECCOMP_RET_ALLOW },
			};

			for (size_t i = 0; i < sizeof(pids) / sizeof(pids[0]); i++)
				ck_assert_msg(verdict(&prog, arch_audit, nr, pid, pids[i].value) ==
					      pids[i].want, "%s with pid %#llx", sc_desc[sc].name,
					      (unsigned long long)pids[i].value);
		} else if (!arg) {
			ck_assert_msg(verdict(&prog, arch_audit, nr, 0, 0) == SECCOMP_RET_TRACE,
				      "%s is traced but does not stop", sc_desc[sc].name);
			/* burrow's loader opens host files without a stop. */
			ck_assert_msg(verdict(&prog, arch_audit, nr, 1, (uint32_t)tr.loader_dirfd) ==
				      ((handlers[sc].flags & H_LOADER_OPEN) && !tr.report
				       ? SECCOMP_RET_ALLOW : SECCOMP_RET_TRACE),
				      "%s with the loader's dirfd", sc_desc[sc].name);
			/* Another run's (an inner burrow's loader) stops. */
			ck_assert_msg(verdict(&prog, arch_audit, nr, 1, (uint32_t)-0x62757273) ==
				      SECCOMP_RET_TRACE, "%s with another loader's dirfd",
				      sc_desc[sc].name);
		} else {
			/* Stops only when the argument is set, in either half. */
			ck_assert_msg(verdict(&prog, arch_audit, nr, arg, 0) == SECCOMP_RET_ALLOW,
				      "%s stops without its argument %u", sc_desc[sc].name, arg);
			ck_assert_msg(verdict(&prog, arch_audit, nr, arg, 1) == SECCOMP_RET_TRACE &&
				      verdict(&prog, arch_audit, nr, arg, 1ull << 40) == SECCOMP_RET_TRACE,
				      "%s does not stop with its argument %u", sc_desc[sc].name, arg);
		}
	}
	/* Numbers the table does not know: only --report stops there. */
	for (int nr = 0; nr < SC_NR_LIMIT; nr++) {
		if (arch_sc_from_nr(nr) != SC_NONE)
			continue;
		ck_assert_msg(verdict(&prog, arch_audit, nr, 0, 0) ==
			      (tr.report && nr > highest ? SECCOMP_RET_TRACE : SECCOMP_RET_ALLOW),
			      "unknown syscall %d", nr);
	}
	/* Another ABI, or x32 numbers, never get through untranslated. */
	ck_assert_uint_eq(verdict(&prog, arch_audit ^ 1, arch_host_nr(SC_openat), 0, 0),
			  SECCOMP_RET_ERRNO | ENOSYS);
	ck_assert_uint_eq(verdict(&prog, arch_audit, 0x40000000 | arch_host_nr(SC_openat), 0, 0),
			  SECCOMP_RET_ERRNO | ENOSYS);
	/* A call a guest tracer skipped (nr -1) keeps the result it set. */
	ck_assert_uint_eq(verdict(&prog, arch_audit, -1, 0, 0), SECCOMP_RET_ALLOW);
	ck_assert_uint_eq(verdict(&prog, arch_audit, -2, 0, 0), SECCOMP_RET_ERRNO | ENOSYS);
	talloc_free(mem);
}
END_TEST

/* Without a drawn loader dirfd (0), no open passes unseen: not even one
 * on descriptor 0. */
START_TEST(filter_without_loader_dirfd)
{
	struct tracer tr;
	struct sock_fprog prog;
	void *mem = talloc_new(NULL);

	memset(&tr, 0, sizeof(tr));
	tr.self_pid = 4242;
	ck_assert_int_eq(seccomp_build(&tr, mem, &prog), 0);
	ck_assert_uint_eq(verdict(&prog, arch_audit, arch_host_nr(SC_openat), 1, 0),
			  SECCOMP_RET_TRACE);
	talloc_free(mem);
}
END_TEST

/* Each run draws its own loader dirfd: negative, never AT_FDCWD, and
 * (almost surely) not the last one. */
START_TEST(loader_dirfd_per_run)
{
	int a = loader_dirfd_pick(), b = a;

	for (int i = 0; i < 8 && b == a; i++)
		b = loader_dirfd_pick();
	ck_assert_int_ne(a, b);
	ck_assert_int_lt(a, -LOADER_DIRFD_BASE + 1);
	ck_assert_int_ne(a, AT_FDCWD);
	ck_assert_int_lt(b, -LOADER_DIRFD_BASE + 1);
}
END_TEST

/* What each call changes (read-only bindings, protected paths): every
 * call that makes, removes or changes a file by name or descriptor has
 * its class, and a call that only reads has none. */
static const struct { int sc; unsigned char change; } change_cases[] = {
	{ SC_openat, C_OPEN }, { SC_openat2, C_NONE },	/* its handler checks */
	{ SC_mkdirat, C_CREATE }, { SC_mknodat, C_CREATE }, { SC_symlinkat, C_CREATE },
	{ SC_linkat, C_CREATE_LAST }, { SC_unlinkat, C_REMOVE }, { SC_renameat, C_REMOVE },
	{ SC_renameat2, C_REMOVE }, { SC_fchmodat, C_MODIFY }, { SC_fchmodat2, C_MODIFY },
	{ SC_fchownat, C_MODIFY }, { SC_truncate, C_TRUNCATE }, { SC_utimensat, C_MODIFY },
	{ SC_setxattr, C_MODIFY }, { SC_lsetxattr, C_MODIFY }, { SC_removexattr, C_MODIFY },
	{ SC_lremovexattr, C_MODIFY }, { SC_setxattrat, C_MODIFY }, { SC_removexattrat, C_MODIFY },
	{ SC_file_setattr, C_MODIFY }, { SC_fchmod, C_FD }, { SC_fchown, C_FD },
	{ SC_fsetxattr, C_FD }, { SC_fremovexattr, C_FD }, { SC_faccessat, C_ACCESS },
	{ SC_faccessat2, C_ACCESS }, { SC_newfstatat, C_NONE }, { SC_statx, C_NONE },
	{ SC_readlinkat, C_NONE }, { SC_getxattr, C_NONE }, { SC_listxattr, C_NONE },
	{ SC_execve, C_NONE }, { SC_file_getattr, C_NONE }, { SC_getxattrat, C_NONE },
};

START_TEST(change_classes)
{
	ck_assert_msg(handlers[change_cases[_i].sc].change == change_cases[_i].change,
		      "%s: change class %u", sc_desc[change_cases[_i].sc].name,
		      handlers[change_cases[_i].sc].change);
	/* A class on a path call needs the generic translation. */
	if (change_cases[_i].change != C_NONE && change_cases[_i].change != C_FD)
		ck_assert(handlers[change_cases[_i].sc].flags & H_PATHS);
}
END_TEST

/* The in-guest engine's filter: from the runtime's text everything
 * runs; from elsewhere the known calls trap with the tag, every other
 * call naming a path fails (ENOSYS, EPERM for H_EPERM) and the rest
 * runs; other ABIs fail. */
static uint32_t guest_verdict(const struct sock_fprog *prog, int sc, uint64_t ip, unsigned arg,
			      uint64_t value)
{
	struct seccomp_data d = { .nr = arch_host_nr(sc), .arch = arch_audit,
				  .instruction_pointer = ip };

	if (arg)
		d.args[arg - 1] = value;
	return run_filter(prog, &d);
}

START_TEST(guest_filter)
{
	const uint64_t lo = 0x3abc00001000ULL, hi = lo + 0x5000;
	const long known[] = { arch_host_nr(SC_openat), arch_host_nr(SC_newfstatat) };
	struct guest_filter g = { .text_lo = lo, .text_hi = hi, .tag = 0x1234, .known = known,
				  .nknown = 2 };
	const uint64_t out = 0x555555554000ULL;
	struct sock_fprog prog;
	void *mem = talloc_new(NULL);

	ck_assert_int_eq(seccomp_build_guest(&g, mem, &prog), 0);
	for (int sc = 0; sc < SC_COUNT; sc++) {
		uint32_t want;

		if (arch_host_nr(sc) == SC_NONE)
			continue;
		want = SECCOMP_RET_ALLOW;
		if (sc == SC_openat || sc == SC_newfstatat)
			want = SECCOMP_RET_TRAP | 0x1234;
		else if (syscall_names_path(sc))
			want = SECCOMP_RET_ERRNO |
			       ((handlers[sc].flags & H_EPERM) ? EPERM : ENOSYS);
		/* sendto without an address names nothing. */
		if (sc == SC_sendto)
			ck_assert_uint_eq(guest_verdict(&prog, sc, out, 5, 0), SECCOMP_RET_ALLOW);
		ck_assert_msg(guest_verdict(&prog, sc, out, 5, 1) == want, "%s from outside",
			      sc_desc[sc].name);
		ck_assert_msg(guest_verdict(&prog, sc, lo, 0, 0) == SECCOMP_RET_ALLOW,
			      "%s from the runtime", sc_desc[sc].name);
		ck_assert_msg(guest_verdict(&prog, sc, hi - 2, 0, 0) == SECCOMP_RET_ALLOW,
			      "%s from the runtime's end", sc_desc[sc].name);
		ck_assert_msg(guest_verdict(&prog, sc, hi, 5, 1) == want, "%s just past it",
			      sc_desc[sc].name);
		ck_assert_msg(guest_verdict(&prog, sc, lo - 1, 5, 1) == want, "%s just before it",
			      sc_desc[sc].name);
		/* Another 4 GiB window with the same low word. */
		ck_assert_msg(guest_verdict(&prog, sc, lo + (1ULL << 32), 5, 1) == want,
			      "%s from another window", sc_desc[sc].name);
	}
	/* What names a path, beyond the path roles. */
	ck_assert(syscall_names_path(SC_getcwd) && syscall_names_path(SC_connect) &&
		  syscall_names_path(SC_execve) && syscall_names_path(SC_mkdirat) &&
		  syscall_names_path(SC_open_by_handle_at) && syscall_names_path(SC_io_uring_setup));
	ck_assert(!syscall_names_path(SC_read) && !syscall_names_path(SC_getdents64) &&
		  !syscall_names_path(SC_kill) && !syscall_names_path(SC_fchdir));
	/* Other ABIs: refused, from anywhere; -1 (a call a guest tracer
	 * skipped) runs nothing and keeps its result. */
	ck_assert_uint_eq(verdict(&prog, 0x40000003 /* AUDIT_ARCH_I386 */, 5, 0, 0),
			  SECCOMP_RET_ERRNO | ENOSYS);
	ck_assert_uint_eq(verdict(&prog, arch_audit, 0x40000000 | 2, 0, 0),
			  SECCOMP_RET_ERRNO | ENOSYS);
	ck_assert_uint_eq(verdict(&prog, arch_audit, -1, 0, 0), SECCOMP_RET_ALLOW);
	talloc_free(mem);
}
END_TEST

/* Known calls with a trap_if_arg (sendto, recvfrom) trap only when
 * they carry an address: an inet-heavy guest's send and recv run on. */
START_TEST(guest_filter_traps_socket_calls_with_an_address)
{
	const long known[] = { arch_host_nr(SC_sendto), arch_host_nr(SC_recvfrom),
			       arch_host_nr(SC_recvmsg), arch_host_nr(SC_connect) };
	struct guest_filter g = { .text_lo = 0x3abc00001000ULL, .text_hi = 0x3abc00006000ULL,
				  .tag = 0x4321, .known = known, .nknown = 4 };
	const uint64_t out = 0x555555554000ULL;
	struct sock_fprog prog;
	void *mem = talloc_new(NULL);

	ck_assert_int_eq(seccomp_build_guest(&g, mem, &prog), 0);
	ck_assert_uint_eq(guest_verdict(&prog, SC_sendto, out, 5, 0), SECCOMP_RET_ALLOW);
	ck_assert_uint_eq(guest_verdict(&prog, SC_sendto, out, 5, 1), SECCOMP_RET_TRAP | 0x4321);
	ck_assert_uint_eq(guest_verdict(&prog, SC_recvfrom, out, 5, 0), SECCOMP_RET_ALLOW);
	ck_assert_uint_eq(guest_verdict(&prog, SC_recvfrom, out, 5, 1), SECCOMP_RET_TRAP | 0x4321);
	/* The others' addresses are in memory (msghdr) or always there. */
	ck_assert_uint_eq(guest_verdict(&prog, SC_recvmsg, out, 0, 0), SECCOMP_RET_TRAP | 0x4321);
	ck_assert_uint_eq(guest_verdict(&prog, SC_connect, out, 0, 0), SECCOMP_RET_TRAP | 0x4321);
	talloc_free(mem);
}
END_TEST

/* getdents64 is known to the runtime but trapped only in runs with
 * phantom entries: other guests list directories at native cost. */
START_TEST(guest_filter_traps_getdents64_only_with_phantoms)
{
	const long known[] = { arch_host_nr(SC_getdents64), arch_host_nr(SC_openat) };
	struct guest_filter g = { .text_lo = 0x3abc00001000ULL, .text_hi = 0x3abc00006000ULL,
				  .tag = 0x4321, .known = known, .nknown = 2 };
	const uint64_t out = 0x555555554000ULL;
	struct sock_fprog prog;
	void *mem = talloc_new(NULL);

	ck_assert_int_eq(seccomp_build_guest(&g, mem, &prog), 0);
	ck_assert_uint_eq(guest_verdict(&prog, SC_getdents64, out, 0, 0), SECCOMP_RET_ALLOW);
	ck_assert_uint_eq(guest_verdict(&prog, SC_openat, out, 0, 0), SECCOMP_RET_TRAP | 0x4321);
	g.phantoms = true;
	ck_assert_int_eq(seccomp_build_guest(&g, mem, &prog), 0);
	ck_assert_uint_eq(guest_verdict(&prog, SC_getdents64, out, 0, 0),
			  SECCOMP_RET_TRAP | 0x4321);
	ck_assert_uint_eq(guest_verdict(&prog, SC_openat, out, 0, 0), SECCOMP_RET_TRAP | 0x4321);
	talloc_free(mem);
}
END_TEST

/* The signal calls the runtime answers (kill.c): one naming a pid traps
 * only for a pid <= 0 or burrow's, pidfd_send_signal always. */
START_TEST(guest_filter_traps_signals_for_burrow_only)
{
	const struct rt_trap_when sigs[] = {
		{ arch_host_nr(SC_kill), RT_TRAP_PID(0) },
		{ arch_host_nr(SC_tgkill), RT_TRAP_PID(0) },
		{ arch_host_nr(SC_pidfd_send_signal), -1 },
	};
	struct guest_filter g = { .text_lo = 0x3abc00001000ULL, .text_hi = 0x3abc00006000ULL,
				  .tag = 0x4321, .sigs = sigs, .nsigs = 3, .self = 4242 };
	const uint64_t out = 0x555555554000ULL;
	const uint32_t trap = SECCOMP_RET_TRAP | 0x4321;
	struct sock_fprog prog;
	void *mem = talloc_new(NULL);

	ck_assert_int_eq(seccomp_build_guest(&g, mem, &prog), 0);
	for (int i = 0; i < 2; i++) {
		int sc = i ? SC_tgkill : SC_kill;

		ck_assert_uint_eq(guest_verdict(&prog, sc, out, 1, 5), SECCOMP_RET_ALLOW);
		ck_assert_uint_eq(guest_verdict(&prog, sc, out, 1, 0), trap);
		ck_assert_uint_eq(guest_verdict(&prog, sc, out, 1, 0xffffffffULL), trap);
		ck_assert_uint_eq(guest_verdict(&prog, sc, out, 1, 0x80000000ULL), trap);
		ck_assert_uint_eq(guest_verdict(&prog, sc, out, 1, 4242), trap);
		/* The upper half is not the pid's. */
		ck_assert_uint_eq(guest_verdict(&prog, sc, out, 1, (1ULL << 32) | 4242), trap);
		ck_assert_uint_eq(guest_verdict(&prog, sc, 0x3abc00001000ULL, 1, 4242),
				  SECCOMP_RET_ALLOW);
	}
	ck_assert_uint_eq(guest_verdict(&prog, SC_pidfd_send_signal, out, 1, 3), trap);
	talloc_free(mem);
}
END_TEST

/* RT_BASE's hole: at least one 4 GiB window, and nothing of this
 * process (its code, heap, a mapping, its stack) in it. */
START_TEST(rt_hole_is_free)
{
	uint64_t lo, hi;
	int here = 0;
	void *heap = talloc_size(NULL, 64);
	const uint64_t addrs[] = { (uint64_t)(uintptr_t)&run_filter, (uint64_t)(uintptr_t)heap,
				   (uint64_t)(uintptr_t)&talloc_get_size, (uint64_t)(uintptr_t)&here };

	ck_assert_int_eq(arch_rt_hole(&lo, &hi), 0);
	ck_assert(hi > lo && hi - lo >= (1ULL << 32));
	for (size_t i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++)
		ck_assert_msg(addrs[i] < lo || addrs[i] >= hi, "%#llx is in the hole",
			      (unsigned long long)addrs[i]);
	talloc_free(heap);
}
END_TEST

Suite *seccomp_suite(void)
{
	Suite *s = suite_create("seccomp");
	TCase *tc = tcase_create("seccomp");

	tcase_add_loop_test(tc, filter_traps_exactly_the_table, 0, N_MODES);
	tcase_add_test(tc, filter_without_loader_dirfd);
	tcase_add_test(tc, loader_dirfd_per_run);
	tcase_add_test(tc, guest_filter);
	tcase_add_test(tc, guest_filter_traps_socket_calls_with_an_address);
	tcase_add_test(tc, guest_filter_traps_getdents64_only_with_phantoms);
	tcase_add_test(tc, guest_filter_traps_signals_for_burrow_only);
	tcase_add_test(tc, rt_hole_is_free);
	tcase_add_loop_test(tc, change_classes, 0,
			    (int)(sizeof(change_cases) / sizeof(change_cases[0])));
	suite_add_tcase(s, tc);
	return s;
}
