/* -k's STRING (src/cli/uts.c): a release, or PRoot's long form
 * "\sysname\nodename\release\version\machine\domainname\hwcap\". */
#include <check.h>
#include <errno.h>
#include <string.h>
#include <talloc.h>

#include "cli/uts.h"
#include "tracee/tracee.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct uts_case {
	const char *spec;
	int rc;
	/* the fields set, in order, NULL for "kept" */
	const char *field[UTS_FIELDS];
	bool hwcap_set;
	uint64_t hwcap;
} cases[] = {
	{ "5.4.0", 0, { NULL, NULL, "5.4.0", NULL, NULL, NULL }, false, 0 },
	{ "", 0, { NULL, NULL, "", NULL, NULL, NULL }, false, 0 },
	{ "\\Linux\\node\\6.1\\#1 SMP\\x86_64\\dom\\1f\\", 0,
	  { "Linux", "node", "6.1", "#1 SMP", "x86_64", "dom" }, true, 0x1f },
	{ "\\\\\\6.1\\\\\\\\\\", 0, { NULL, NULL, "6.1", NULL, NULL, NULL }, false, 0 },
	{ "\\\\\\\\\\\\\\0x7fff\\", 0, { NULL }, true, 0x7fff },
	/* Anything after the hwcap's backslash is ignored, as PRoot does. */
	{ "\\\\\\\\\\\\\\ff\\rest", 0, { NULL }, true, 0xff },
	/* A release longer than the field is cut to 64 bytes. */
	{ "0123456789012345678901234567890123456789012345678901234567890123456789", 0,
	  { NULL, NULL, "0123456789012345678901234567890123456789012345678901234567890123" },
	  false, 0 },
	{ "\\Linux\\node\\6.1", -EINVAL, { NULL }, false, 0 },
	{ "\\\\\\\\\\\\\\", -EINVAL, { NULL }, false, 0 },
	{ "\\\\\\\\\\\\\\xyz\\", -EINVAL, { NULL }, false, 0 },
	{ "\\\\\\\\\\\\\\-1\\", -EINVAL, { NULL }, false, 0 },
	{ "\\\\\\\\\\\\\\12", -EINVAL, { NULL }, false, 0 },
};

START_TEST(uts_parse_cases)
{
	const struct uts_case *c = &cases[_i];
	void *mem = talloc_new(NULL);
	struct uts_fake *u = NULL;
	int rc = uts_parse(mem, c->spec, &u);

	ck_assert_msg(rc == c->rc, "'%s': %d, expected %d", c->spec, rc, c->rc);
	if (rc == 0) {
		for (int f = 0; f < UTS_FIELDS; f++) {
			ck_assert_msg(u->set[f] == (c->field[f] != NULL), "'%s': field %d", c->spec, f);
			if (c->field[f])
				ck_assert_str_eq(u->field[f], c->field[f]);
		}
		ck_assert(u->hwcap_set == c->hwcap_set);
		if (c->hwcap_set)
			ck_assert_uint_eq(u->hwcap, c->hwcap);
	} else {
		ck_assert(u == NULL);
	}
	talloc_free(mem);
}
END_TEST

Suite *uts_suite(void)
{
	Suite *s = suite_create("uts");
	TCase *tc = tcase_create("parse");

	tcase_add_loop_test(tc, uts_parse_cases, 0, N(cases));
	suite_add_tcase(s, tc);
	return s;
}
