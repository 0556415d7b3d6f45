/* The generated syscall table (src/arch/syscalls.tbl) against the host's
 * <asm/unistd.h>, its reverse maps, and the argument roles the generic
 * path handler relies on.  The aarch64 column is checked against the
 * cross headers by tests/unit/check-aarch64-table.sh. */
#include <asm/unistd.h>
#include <check.h>
#include <string.h>

#include "arch.h"
#include "systable.h"

/* Every syscall the host headers know: {SC_x, __NR_x}. */
static const struct {
	int sc;
	long nr;
} host_nrs[] = {
#define CHECK_NR(sc, nr) { (sc), (nr) },
#include "systable-check.h"
#undef CHECK_NR
};
#define N_HOST_NRS ((int)(sizeof(host_nrs) / sizeof(host_nrs[0])))

/* Every __NR_x the headers define, whether or not the table has it. */
static const struct {
	const char *name;
	long nr;
} header_nrs[] = {
#define HEADER_NR(name) { #name, __NR_##name },
#include "header-nrs.h"
#undef HEADER_NR
};
#define N_HEADER_NRS ((int)(sizeof(header_nrs) / sizeof(header_nrs[0])))

START_TEST(every_header_syscall_has_a_row)
{
	const char *name = header_nrs[_i].name;
	int sc;

	/* asm-generic's bounds, not syscalls. */
	if (strcmp(name, "syscalls") == 0 || strcmp(name, "arch_specific_syscall") == 0)
		return;
	for (sc = 0; sc < SC_COUNT; sc++)
		if (strcmp(sc_desc[sc].name, name) == 0)
			break;
	ck_assert_msg(sc < SC_COUNT, "<asm/unistd.h> has __NR_%s (%ld), the table has no row",
		      name, header_nrs[_i].nr);
	ck_assert_msg(arch_host_nr(sc) == header_nrs[_i].nr, "%s: table says %d, headers %ld", name,
		      arch_host_nr(sc), header_nrs[_i].nr);
}
END_TEST

static const struct column {
	const char *arch;
	const int *nr;
	const int16_t *by_nr;
} columns[] = {
	{ "x86_64", sc_nr_x86_64, sc_by_nr_x86_64 },
	{ "aarch64", sc_nr_aarch64, sc_by_nr_aarch64 },
};
#define N_COLUMNS ((int)(sizeof(columns) / sizeof(columns[0])))

START_TEST(host_number_matches_header)
{
	int sc = host_nrs[_i].sc;
	long nr = host_nrs[_i].nr;

	ck_assert_msg(arch_host_nr(sc) == nr, "%s: table says %d, <asm/unistd.h> says %ld",
		      sc_desc[sc].name, arch_host_nr(sc), nr);
	ck_assert_msg(arch_sc_from_nr(nr) == sc, "%s: reverse map of %ld gives %d",
		      sc_desc[sc].name, nr, arch_sc_from_nr(nr));
}
END_TEST

START_TEST(host_column_is_one_of_the_columns)
{
	bool found = false;

	for (int i = 0; i < N_COLUMNS; i++) {
		if (arch_sc_nr == columns[i].nr) {
			ck_assert_msg(arch_sc_by_nr == columns[i].by_nr,
				      "arch_sc_nr is the %s column but arch_sc_by_nr is not its reverse map",
				      columns[i].arch);
			found = true;
		}
	}
	ck_assert_msg(found, "arch_sc_nr is neither the x86_64 nor the aarch64 column");
	ck_assert_int_eq(arch_sc_from_nr(-1), SC_NONE);
	ck_assert_int_eq(arch_sc_from_nr(SC_NR_LIMIT), SC_NONE);
	ck_assert_int_eq(arch_sc_from_nr(__NR_openat), SC_openat);
}
END_TEST

START_TEST(reverse_map_round_trips)
{
	const struct column *c = &columns[_i];

	for (int sc = 0; sc < SC_COUNT; sc++) {
		int nr = c->nr[sc];
		if (nr == SC_NONE)
			continue;
		ck_assert_msg(nr >= 0 && nr < SC_NR_LIMIT, "%s %s: number %d out of range",
			      c->arch, sc_desc[sc].name, nr);
		ck_assert_msg(c->by_nr[nr] == sc, "%s %s: %d maps back to %d",
			      c->arch, sc_desc[sc].name, nr, c->by_nr[nr]);
	}
	for (int nr = 0; nr < SC_NR_LIMIT; nr++) {
		int sc = c->by_nr[nr];
		if (sc == SC_NONE)
			continue;
		ck_assert_msg(sc >= 0 && sc < SC_COUNT, "%s: by_nr[%d] = %d is no syscall",
			      c->arch, nr, sc);
		ck_assert_msg(c->nr[sc] == nr, "%s: by_nr[%d] is %s, whose number is %d",
			      c->arch, nr, sc_desc[sc].name, c->nr[sc]);
	}
}
END_TEST

START_TEST(names_are_unique)
{
	for (int i = 0; i < SC_COUNT; i++) {
		ck_assert_msg(sc_desc[i].name && sc_desc[i].name[0], "syscall %d has no name", i);
		for (int j = 0; j < i; j++)
			ck_assert_msg(strcmp(sc_desc[i].name, sc_desc[j].name) != 0,
				      "%s appears twice (%d and %d)", sc_desc[i].name, j, i);
	}
}
END_TEST

/* Whatever the rows say, a descriptor must be usable without range checks. */
START_TEST(descriptors_are_well_formed)
{
	for (int sc = 0; sc < SC_COUNT; sc++) {
		const struct sc_desc *d = &sc_desc[sc];

		ck_assert_msg(d->npaths <= 2, "%s: %u paths", d->name, d->npaths);
		for (int k = 0; k < 2; k++) {
			const struct sc_path_arg *p = &d->path[k];
			if (k >= d->npaths) {
				ck_assert_msg(p->arg == -1 && p->dirfd == -1,
					      "%s: unused path slot %d is set", d->name, k);
				continue;
			}
			ck_assert_msg(p->arg >= 0 && p->arg < 6, "%s: path arg %d", d->name, p->arg);
			ck_assert_msg(p->dirfd >= -1 && p->dirfd < 6 && p->dirfd != p->arg,
				      "%s: dirfd %d for path arg %d", d->name, p->dirfd, p->arg);
		}
		ck_assert_msg(d->atflags >= -1 && d->atflags < 6, "%s: atflags %d", d->name, d->atflags);
		ck_assert_msg(d->linkflags >= -1 && d->linkflags < 6, "%s: linkflags %d", d->name,
			      d->linkflags);
		ck_assert_msg(d->oflags >= -1 && d->oflags < 6, "%s: oflags %d", d->name, d->oflags);
		ck_assert_msg(d->flagbits >= -1 && d->flagbits < 6, "%s: flagbits %d", d->name,
			      d->flagbits);
		ck_assert_msg(d->flagbits >= 0 || (d->nofollow_bits | d->empty_bits) == 0,
			      "%s: flag bits without a flagbits argument", d->name);
	}
}
END_TEST

/* Roles the generic handler relies on, 0-based as in C. */
static const struct role_case {
	int sc;
	int npaths;
	struct sc_path_arg path[2];
	int atflags, linkflags, oflags;
} role_cases[] = {
	{ SC_read, 0, { { -1, -1, 0 }, { -1, -1, 0 } }, -1, -1, -1 },
	{ SC_openat, 1, { { 1, 0, 0 }, { -1, -1, 0 } }, -1, -1, 2 },
	{ SC_openat2, 1, { { 1, 0, 0 }, { -1, -1, 0 } }, -1, -1, -1 },
	{ SC_renameat2, 2, { { 1, 0, 1 }, { 3, 2, 1 } }, -1, -1, -1 },
	{ SC_linkat, 2, { { 1, 0, 1 }, { 3, 2, 1 } }, -1, 4, -1 },
	{ SC_symlinkat, 1, { { 2, 1, 1 }, { -1, -1, 0 } }, -1, -1, -1 },
	{ SC_unlinkat, 1, { { 1, 0, 1 }, { -1, -1, 0 } }, -1, -1, -1 },
	{ SC_fchmodat2, 1, { { 1, 0, 0 }, { -1, -1, 0 } }, 3, -1, -1 },
	{ SC_statx, 1, { { 1, 0, 0 }, { -1, -1, 0 } }, 2, -1, -1 },
	{ SC_faccessat2, 1, { { 1, 0, 0 }, { -1, -1, 0 } }, 3, -1, -1 },
	{ SC_newfstatat, 1, { { 1, 0, 0 }, { -1, -1, 0 } }, 3, -1, -1 },
	{ SC_execveat, 1, { { 1, 0, 0 }, { -1, -1, 0 } }, 4, -1, -1 },
	{ SC_fanotify_mark, 1, { { 4, 3, 0 }, { -1, -1, 0 } }, -1, -1, -1 },
	{ SC_file_getattr, 1, { { 1, 0, 0 }, { -1, -1, 0 } }, 4, -1, -1 },
	{ SC_mount, 2, { { 0, -1, 0 }, { 1, -1, 0 } }, -1, -1, -1 },
	{ SC_readlinkat, 1, { { 1, 0, 1 }, { -1, -1, 0 } }, -1, -1, -1 },
	{ SC_execve, 1, { { 0, -1, 0 }, { -1, -1, 0 } }, -1, -1, -1 },
	{ SC_fsconfig, 1, { { 3, 4, 0 }, { -1, -1, 0 } }, -1, -1, -1 },
	{ SC_quotactl, 2, { { 1, -1, 0 }, { 3, -1, 0 } }, -1, -1, -1 },
};
#define N_ROLE_CASES ((int)(sizeof(role_cases) / sizeof(role_cases[0])))

/* Calls whose "do not follow" and "empty path" bits are their own. */
static const struct flagbits_case {
	int sc;
	int arg;
	uint32_t nofollow, empty;
} flagbits_cases[] = {
	{ SC_inotify_add_watch, 2, 0x02000000 /* IN_DONT_FOLLOW */, 0 },
	{ SC_umount2, 1, 0x8 /* UMOUNT_NOFOLLOW */, 0 },
	{ SC_fanotify_mark, 1, 0x4 /* FAN_MARK_DONT_FOLLOW */, 0 },
	{ SC_fspick, 2, 0x2 /* FSPICK_SYMLINK_NOFOLLOW */, 0x8 /* FSPICK_EMPTY_PATH */ },
	{ SC_fsconfig, 1, 0, 0x4 /* FSCONFIG_SET_PATH_EMPTY */ },
	{ SC_openat, -1, 0, 0 },
};
#define N_FLAGBITS_CASES ((int)(sizeof(flagbits_cases) / sizeof(flagbits_cases[0])))

START_TEST(known_flagbits)
{
	const struct flagbits_case *want = &flagbits_cases[_i];
	const struct sc_desc *d = &sc_desc[want->sc];

	ck_assert_msg(d->flagbits == want->arg, "%s: flagbits %d, want %d", d->name, d->flagbits,
		      want->arg);
	ck_assert_msg(d->nofollow_bits == want->nofollow, "%s: nofollow bits %#x, want %#x",
		      d->name, d->nofollow_bits, want->nofollow);
	ck_assert_msg(d->empty_bits == want->empty, "%s: empty bits %#x, want %#x", d->name,
		      d->empty_bits, want->empty);
}
END_TEST

START_TEST(known_roles)
{
	const struct role_case *want = &role_cases[_i];
	const struct sc_desc *d = &sc_desc[want->sc];

	ck_assert_msg(d->npaths == want->npaths, "%s: %u paths, want %d", d->name, d->npaths,
		      want->npaths);
	for (int k = 0; k < want->npaths; k++) {
		ck_assert_msg(d->path[k].arg == want->path[k].arg, "%s path %d: arg %d, want %d",
			      d->name, k, d->path[k].arg, want->path[k].arg);
		ck_assert_msg(d->path[k].dirfd == want->path[k].dirfd, "%s path %d: dirfd %d, want %d",
			      d->name, k, d->path[k].dirfd, want->path[k].dirfd);
		ck_assert_msg(d->path[k].nofollow == want->path[k].nofollow,
			      "%s path %d: nofollow %u, want %u", d->name, k, d->path[k].nofollow,
			      want->path[k].nofollow);
	}
	ck_assert_msg(d->atflags == want->atflags, "%s: atflags %d, want %d", d->name, d->atflags,
		      want->atflags);
	ck_assert_msg(d->linkflags == want->linkflags, "%s: linkflags %d, want %d", d->name,
		      d->linkflags, want->linkflags);
	ck_assert_msg(d->oflags == want->oflags, "%s: oflags %d, want %d", d->name, d->oflags,
		      want->oflags);
}
END_TEST

Suite *systable_suite(void)
{
	Suite *s = suite_create("systable");
	TCase *tc = tcase_create("systable");

	tcase_add_loop_test(tc, host_number_matches_header, 0, N_HOST_NRS);
	tcase_add_loop_test(tc, every_header_syscall_has_a_row, 0, N_HEADER_NRS);
	tcase_add_test(tc, host_column_is_one_of_the_columns);
	tcase_add_loop_test(tc, reverse_map_round_trips, 0, N_COLUMNS);
	tcase_add_test(tc, names_are_unique);
	tcase_add_test(tc, descriptors_are_well_formed);
	tcase_add_loop_test(tc, known_roles, 0, N_ROLE_CASES);
	tcase_add_loop_test(tc, known_flagbits, 0, N_FLAGBITS_CASES);
	suite_add_tcase(s, tc);
	return s;
}
