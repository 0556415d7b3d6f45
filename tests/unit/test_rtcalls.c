/* The in-guest runtime's table of calls ($(B)/gen/rt-calls.c, made by
 * src/syscalls/gen-rtcalls.c) against the handler table and the syscall
 * roles, for the build's arch: same numbers, same path roles, and every
 * call the table translates generically or refuses is in it. */
#include <check.h>

#include "arch.h"
#include "runtime/calls.h"
#include "syscalls/syscalls.h"
#include "systable.h"

static const unsigned char change_of[] = {
	[C_NONE] = RT_CH_NONE, [C_MODIFY] = RT_CH_MODIFY, [C_TRUNCATE] = RT_CH_TRUNCATE,
	[C_CREATE] = RT_CH_CREATE, [C_CREATE_LAST] = RT_CH_CREATE_LAST,
	[C_REMOVE] = RT_CH_REMOVE, [C_OPEN] = RT_CH_OPEN, [C_FD] = RT_CH_FD,
	[C_ACCESS] = RT_CH_ACCESS,
};

/* Each entry: a call of this arch, with the handler table's roles. */
START_TEST(runtime_entry_agrees_with_the_tables)
{
	const struct rt_call_desc *d = &rt_calls[_i];
	int sc = arch_sc_from_nr(d->nr);
	const struct sc_desc *s;
	const struct handler *h;

	ck_assert_msg(sc != SC_NONE, "rt_calls[%d]: %d is no syscall of this arch", _i, d->nr);
	s = &sc_desc[sc];
	h = &handlers[sc];
	ck_assert_int_eq(arch_host_nr(sc), d->nr);
	ck_assert_ptr_eq(rt_call_desc_of(d->nr), d);
	if (_i > 0)
		ck_assert_int_lt(rt_calls[_i - 1].nr, d->nr);
	ck_assert_msg(d->npaths == s->npaths, "%s: %d paths, the table %d", s->name, d->npaths,
		      s->npaths);
	for (int i = 0; i < 2; i++) {
		ck_assert_int_eq(d->path[i].arg, s->path[i].arg);
		ck_assert_int_eq(d->path[i].dirfd, s->path[i].dirfd);
		ck_assert_int_eq(d->path[i].nofollow, s->path[i].nofollow);
	}
	ck_assert_int_eq(d->atflags, s->atflags);
	ck_assert_int_eq(d->linkflags, s->linkflags);
	ck_assert_int_eq(d->oflags, s->oflags);
	ck_assert_int_eq(d->flagbits, s->flagbits);
	ck_assert_uint_eq(d->nofollow_bits, s->nofollow_bits);
	ck_assert_uint_eq(d->empty_bits, s->empty_bits);
	ck_assert_int_eq(d->change, change_of[h->change]);
	ck_assert_int_eq(!!(d->flags & RT_NAMES), !!(h->flags & H_NAMES));
	ck_assert_int_eq(!!(d->flags & RT_SAME_MOUNT), !!(h->flags & H_SAME_MOUNT));
	switch (d->kind) {
	case RT_GENERIC:
		ck_assert_msg((h->flags & H_PATHS) && !h->enter, "%s: not generic", s->name);
		break;
	case RT_OWN:
		ck_assert_msg(h->enter != NULL, "%s: no handler of its own", s->name);
		break;
	case RT_EPERM:
		ck_assert(h->flags & H_EPERM);
		break;
	case RT_ENOSYS:
		ck_assert(h->flags & H_ENOSYS);
		break;
	case RT_FD:
		ck_assert(h->flags & H_IF_RESTRICTED);
		break;
	default:
		ck_abort_msg("%s: kind %d", s->name, d->kind);
	}
}
END_TEST

/* Each syscall of this arch: in the runtime's table when the handler
 * table translates it generically or refuses it. */
START_TEST(every_generic_call_is_in_the_runtime)
{
	int sc = _i, nr = arch_host_nr(sc);
	const struct handler *h = &handlers[sc];
	const struct rt_call_desc *d;

	if (nr == SC_NONE)
		return;
	d = rt_call_desc_of(nr);
	if ((h->flags & H_PATHS) && !h->enter && sc_desc[sc].npaths > 0)
		ck_assert_msg(d && d->kind == RT_GENERIC, "%s: not translated by the runtime",
			      sc_desc[sc].name);
	if (h->flags & (H_EPERM | H_ENOSYS))
		ck_assert_msg(d != NULL, "%s: not refused by the runtime", sc_desc[sc].name);
	if (!d)
		return;
	ck_assert_int_eq(d->nr, nr);
}
END_TEST

/* Left to other steps: pivot_root.  Exec (exec.c), the unix socket
 * names (socket.c), and mount and umount2 (translated, without -0) are
 * the runtime's. */
START_TEST(runtime_leaves_out_pivot_root)
{
	static const int out[] = { SC_pivot_root, SC_fchdir };
	static const int in[] = { SC_newfstatat, SC_statx, SC_openat, SC_faccessat,
				  SC_faccessat2, SC_readlinkat, SC_getxattr, SC_lgetxattr,
				  SC_getcwd, SC_chdir, SC_chroot, SC_renameat2, SC_utimensat,
				  SC_execve, SC_execveat,
				  SC_bind, SC_connect, SC_sendto, SC_sendmsg, SC_accept,
				  SC_accept4, SC_getsockname, SC_getpeername, SC_recvfrom,
				  SC_recvmsg, SC_mount, SC_umount2 };

	for (size_t i = 0; i < sizeof(out) / sizeof(out[0]); i++)
		ck_assert_msg(rt_call_desc_of(arch_host_nr(out[i])) == NULL, "%s is in the runtime",
			      sc_desc[out[i]].name);
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		ck_assert_msg(rt_call_desc_of(arch_host_nr(in[i])) != NULL, "%s is not in the runtime",
			      sc_desc[in[i]].name);
}
END_TEST

Suite *rtcalls_suite(void)
{
	Suite *s = suite_create("rtcalls");
	TCase *tc = tcase_create("table");

	tcase_add_loop_test(tc, runtime_entry_agrees_with_the_tables, 0, (int)rt_ncalls);
	tcase_add_loop_test(tc, every_generic_call_is_in_the_runtime, 0, SC_COUNT);
	tcase_add_test(tc, runtime_leaves_out_pivot_root);
	suite_add_tcase(s, tc);
	return s;
}
