/* The pure parts of src/pack/: JSON field extraction, member path
 * cleaning, whiteout names, the identity index line, SHA-256. */
#include <check.h>
#include <errno.h>
#include <string.h>
#include <talloc.h>

#include "pack/json.h"
#include "pack/pack.h"
#include "pack/sha256.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- JSON ----------------------------------------------------------- */

START_TEST(json_docker_manifest_fields)
{
	const char *text = "[ {\"Config\":\"abc.json\",\"RepoTags\":null,\n"
			   "  \"Layers\":[\"l1/layer.tar\",\"l2/layer.tar\"]} ]";
	TALLOC_CTX *mem = talloc_new(NULL);
	struct json *j;
	char **layers;

	ck_assert_int_eq(json_parse(mem, text, strlen(text), &j, NULL), 0);
	ck_assert_int_eq(j->type, JSON_ARRAY);
	ck_assert_uint_eq(j->n, 1);
	ck_assert_str_eq(json_get_string(j->vals[0], "Config"), "abc.json");
	ck_assert_int_eq(json_string_array(mem, json_get(j->vals[0], "Layers"), &layers), 0);
	ck_assert_str_eq(layers[0], "l1/layer.tar");
	ck_assert_str_eq(layers[1], "l2/layer.tar");
	ck_assert_ptr_null(layers[2]);
	ck_assert_int_eq(json_string_array(mem, json_get(j->vals[0], "RepoTags"), &layers), 0);
	ck_assert_ptr_null(layers);
	ck_assert_int_eq(json_string_array(mem, json_get(j->vals[0], "Config"), &layers), -EINVAL);
	ck_assert_ptr_null(json_get(j->vals[0], "Nope"));
	ck_assert_ptr_null(json_get_string(j, "Config"));	/* not an object */
	talloc_free(mem);
}
END_TEST

START_TEST(json_image_config_fields)
{
	const char *text = "{\"architecture\":\"amd64\",\"config\":{\"Env\":[\"PATH=/bin\",\"A=\\u00e9\\ud83d\\ude00\\n\"],"
			   "\"Entrypoint\":[\"/bin/sh\",\"-c\"],\"Cmd\":null,\"WorkingDir\":\"/w\",\"n\":-1.5e3,"
			   "\"b\":true,\"o\":{}},\"rootfs\":{\"diff_ids\":[]}}";
	TALLOC_CTX *mem = talloc_new(NULL);
	struct json *j;
	const struct json *c;
	char **env, **cmd;

	ck_assert_int_eq(json_parse(mem, text, strlen(text), &j, NULL), 0);
	c = json_get(j, "config");
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(json_string_array(mem, json_get(c, "Env"), &env), 0);
	ck_assert_str_eq(env[0], "PATH=/bin");
	ck_assert_str_eq(env[1], "A=\xc3\xa9\xf0\x9f\x98\x80\n");
	ck_assert_int_eq(json_string_array(mem, json_get(c, "Cmd"), &cmd), 0);
	ck_assert_ptr_null(cmd);
	ck_assert_str_eq(json_get_string(c, "WorkingDir"), "/w");
	ck_assert_str_eq(json_get(c, "n")->str, "-1.5e3");
	ck_assert_int_eq(json_get(c, "b")->type, JSON_BOOL);
	ck_assert_int_eq(json_get(c, "o")->type, JSON_OBJECT);
	talloc_free(mem);
}
END_TEST

/* Malformed input is refused, with the offset of the problem. */
static const struct bad_json {
	const char *text;
	size_t off;
} bad_json[] = {
	{ "", 0 },
	{ "[", 1 },
	{ "{\"a\":1,}", 7 },
	{ "{\"a\" 1}", 5 },
	{ "[1 2]", 3 },
	{ "\"abc", 4 },
	{ "\"a\\x\"", 4 },
	{ "\"\\ud800\"", 7 },
	{ "\"\\u0000\"", 7 },
	{ "[01]", 2 },
	{ "[1.]", 3 },
	{ "tru", 0 },
	{ "{} x", 3 },
	{ "\"a\tb\"", 3 },
	{ "{\"a\":[1,2,{\"b\":nul}]}", 15 },
};

START_TEST(json_malformed_refused)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct json *j = NULL;
	size_t off = 999;
	const struct bad_json *c = &bad_json[_i];

	ck_assert_int_eq(json_parse(mem, c->text, strlen(c->text), &j, &off), -EINVAL);
	ck_assert_msg(off == c->off, "%s: error at %zu, expected %zu", c->text, off, c->off);
	ck_assert_uint_eq(talloc_total_blocks(mem), 1);
	talloc_free(mem);
}
END_TEST

START_TEST(json_deep_nesting_refused)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	char text[400];
	struct json *j;

	memset(text, '[', 200);
	memset(text + 200, ']', 200);
	ck_assert_int_eq(json_parse(mem, text, sizeof(text), &j, NULL), -E2BIG);
	ck_assert_int_eq(json_parse(mem, text + 150, 100, &j, NULL), 0);
	talloc_free(mem);
}
END_TEST

/* ---- member paths and whiteouts -------------------------------------- */

static const struct path_case {
	const char *in, *want;	/* want NULL: refused */
} path_cases[] = {
	{ "a/b", "a/b" },
	{ "./a//b/", "a/b" },
	{ ".", "" },
	{ "./", "" },
	{ "a/./b", "a/b" },
	{ "..", NULL },
	{ "../x", NULL },
	{ "a/../../x", NULL },
	{ "a/..", NULL },
	{ "/etc/passwd", NULL },
	{ "//x", NULL },
	{ "a/..b", "a/..b" },
	{ "...", "..." },
	{ ".wh..wh..opq", ".wh..wh..opq" },
};

START_TEST(pack_clean_path_cases)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	const struct path_case *c = &path_cases[_i];
	const char *why = NULL;
	char *got = pack_clean_path(mem, c->in, &why);

	if (c->want) {
		ck_assert_ptr_nonnull(got);
		ck_assert_str_eq(got, c->want);
	} else {
		ck_assert_msg(got == NULL, "%s: accepted as %s", c->in, got);
		ck_assert_ptr_nonnull(why);
	}
	talloc_free(mem);
}
END_TEST

static const struct wh_case {
	const char *in;
	enum pack_whiteout kind;
	const char *target;
} wh_cases[] = {
	{ "etc/passwd", WH_NONE, NULL },
	{ "etc/.wh.passwd", WH_FILE, "etc/passwd" },
	{ ".wh.top", WH_FILE, "top" },
	{ "a/b/.wh..wh..opq", WH_OPAQUE, "a/b" },
	{ ".wh..wh..opq", WH_OPAQUE, "" },
	{ "a/.wh..wh.plnk", WH_FILE, NULL },
	{ "a/.wh.", WH_FILE, NULL },
	{ "a/.wh..", WH_FILE, NULL },
	{ "a/.wh...", WH_FILE, NULL },
	{ "a/x.wh.y", WH_NONE, NULL },
	{ ".wh.dir/file", WH_NONE, NULL },
};

START_TEST(pack_whiteout_cases)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	const struct wh_case *c = &wh_cases[_i];
	char *target = (char *)"unset";

	ck_assert_int_eq(pack_whiteout(mem, c->in, &target), c->kind);
	if (c->target) {
		ck_assert_ptr_nonnull(target);
		ck_assert_str_eq(target, c->target);
	} else {
		ck_assert_ptr_null(target);
	}
	talloc_free(mem);
}
END_TEST

/* ---- the identity index --------------------------------------------- */

#define SHA "ed894e1d9d7ad6d32146417b543a1f190d7142fab8d52617607652a055331ca2"

START_TEST(pack_index_round_trip)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct pack_ident id = { 65024, 1246338, 2450837, 1795452965, 5 }, got;
	char sha[65], *path;
	char *line = pack_index_format(mem, &id, SHA, "/data/my packs/a.tar.gz");

	ck_assert_str_eq(line, "65024 1246338 2450837 1795452965.000000005 " SHA " /data/my packs/a.tar.gz\n");
	ck_assert_int_eq(pack_index_parse(mem, line, &got, sha, &path), 0);
	ck_assert(memcmp(&got, &id, sizeof(id)) == 0);
	ck_assert_str_eq(sha, SHA);
	ck_assert_str_eq(path, "/data/my packs/a.tar.gz");
	/* A newline in a path cannot split the line. */
	line = pack_index_format(mem, &id, SHA, "/a\nb");
	ck_assert_str_eq(line + strlen(line) - 5, "/a?b\n");
	talloc_free(mem);
}
END_TEST

static const char *const bad_index[] = {
	"",
	"\n",
	"1 2 3 4 " SHA " /x\n",				/* no nanoseconds */
	"1 2 3 4.1000000000 " SHA " /x\n",		/* nsec out of range */
	"1 2 x 4.5 " SHA " /x\n",
	"-1 2 3 4.5 " SHA " /x\n",
	"1 2 3 4.5 " SHA "\n",				/* no path */
	"1 2 3 4.5 " SHA " relative\n",
	"1 2 3 4.5 ED894E1D9D7AD6D32146417B543A1F190D7142FAB8D52617607652A055331CA2 /x\n",
	"1 2 3 4.5 abc /x\n",
	"99999999999999999999999 2 3 4.5 " SHA " /x\n",	/* overflow */
	"1 2 3 4.5 " SHA " /x\nextra",
};

START_TEST(pack_index_malformed_refused)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct pack_ident id;
	char sha[65], *path;

	ck_assert_int_eq(pack_index_parse(mem, bad_index[_i], &id, sha, &path), -EINVAL);
	talloc_free(mem);
}
END_TEST

/* ---- SHA-256 (FIPS 180-4 examples) ----------------------------------- */

START_TEST(sha256_known_answers)
{
	struct sha256 s;
	char hex[65];
	static char million[1000000];

	sha256_init(&s);
	sha256_hex(&s, hex);
	ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha256_init(&s);
	sha256_update(&s, "abc", 3);
	sha256_hex(&s, hex);
	ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256_init(&s);
	sha256_update(&s, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56);
	sha256_hex(&s, hex);
	ck_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	/* In uneven pieces, across block boundaries. */
	memset(million, 'a', sizeof(million));
	sha256_init(&s);
	for (size_t off = 0, step = 1; off < sizeof(million); off += step, step = step * 3 % 997 + 1)
		sha256_update(&s, million + off, off + step > sizeof(million) ? sizeof(million) - off : step);
	sha256_hex(&s, hex);
	ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
END_TEST

Suite *pack_suite(void)
{
	Suite *s = suite_create("pack");
	TCase *tc = tcase_create("pack_json");

	tcase_add_test(tc, json_docker_manifest_fields);
	tcase_add_test(tc, json_image_config_fields);
	tcase_add_loop_test(tc, json_malformed_refused, 0, N(bad_json));
	tcase_add_test(tc, json_deep_nesting_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("pack_paths");
	tcase_add_loop_test(tc, pack_clean_path_cases, 0, N(path_cases));
	tcase_add_loop_test(tc, pack_whiteout_cases, 0, N(wh_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("pack_index");
	tcase_add_test(tc, pack_index_round_trip);
	tcase_add_loop_test(tc, pack_index_malformed_refused, 0, N(bad_index));
	tcase_add_test(tc, sha256_known_answers);
	suite_add_tcase(s, tc);
	return s;
}
