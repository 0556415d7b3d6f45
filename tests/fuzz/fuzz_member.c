/* libFuzzer target for archive member paths: pack_clean_path (what
 * decides that a member name or hard link target stays inside the cache
 * entry), pack_whiteout, and esc() for the names quoted in errors.
 * `make fuzz-member` builds and runs it.
 *
 * Input: a member name, then optionally a NUL and a link target.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include "common/escape.h"
#include "pack/pack.h"

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "fuzz_member: %s\n", #c); abort(); } } while (0)

/* Whether some "/"-separated component of p is exactly c. */
static int has_component(const char *p, const char *c)
{
	size_t n = strlen(c);

	while (*p) {
		size_t len = strcspn(p, "/");

		if (len == n && memcmp(p, c, n) == 0)
			return 1;
		p += len;
		p += strspn(p, "/");
	}
	return 0;
}

static void check_clean(TALLOC_CTX *mem, const char *in)
{
	const char *why = NULL;
	char *out = pack_clean_path(mem, in, &why), *again, *target;
	int refused = in[0] == '/' || has_component(in, "..");

	if (!out) {
		CHECK(refused && why);
		return;
	}
	CHECK(!refused);
	/* Relative, no empty, "." or ".." component, and already clean. */
	CHECK(out[0] != '/' && !strstr(out, "//"));
	CHECK(!out[0] || out[strlen(out) - 1] != '/');
	CHECK(!has_component(out, ".") && !has_component(out, ".."));
	again = pack_clean_path(mem, out, &why);
	CHECK(again && strcmp(again, out) == 0);
	/* A whiteout names something at or below its own directory. */
	if (out[0] && pack_whiteout(mem, out, &target) != WH_NONE && target) {
		const char *slash = strrchr(out, '/');
		size_t dir = slash ? (size_t)(slash - out) : 0;

		CHECK(!has_component(target, "..") && !has_component(target, ".") && target[0] != '/');
		CHECK(strncmp(target, out, dir) == 0);
		again = pack_clean_path(mem, target, &why);
		CHECK(again && strcmp(again, target) == 0);
	}
}

/* esc()'s output: printable, valid UTF-8, nothing a terminal acts on. */
static void check_esc(TALLOC_CTX *mem, const char *in)
{
	const unsigned char *p = (const unsigned char *)esc(mem, in);
	int plain = 1;

	CHECK(p);
	for (const char *s = in; *s; s++)
		if (*s < 0x20 || *s > 0x7e || *s == '\\')
			plain = 0;
	if (plain)
		CHECK(strcmp((const char *)p, in) == 0);
	while (*p) {
		unsigned cp;
		size_t n;

		if (*p < 0x80) {
			CHECK(*p >= 0x20 && *p != 0x7f);
			p++;
			continue;
		}
		n = (*p & 0xe0) == 0xc0 ? 2 : (*p & 0xf0) == 0xe0 ? 3 : (*p & 0xf8) == 0xf0 ? 4 : 0;
		CHECK(n);
		cp = *p & (0x7f >> n);
		for (size_t i = 1; i < n; i++) {
			CHECK((p[i] & 0xc0) == 0x80);
			cp = cp << 6 | (p[i] & 0x3f);
		}
		CHECK(cp >= (n == 2 ? 0x80u : n == 3 ? 0x800u : 0x10000u) && cp <= 0x10ffff);
		CHECK(!(cp >= 0xd800 && cp < 0xe000) && !(cp >= 0x80 && cp < 0xa0));
		CHECK(!(cp >= 0x202a && cp <= 0x202e) && !(cp >= 0x2066 && cp <= 0x2069));
		p += n;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	char *name = talloc_strndup(mem, (const char *)data, size);
	size_t nl = strlen(name);

	CHECK(name);
	check_clean(mem, name);
	check_esc(mem, name);
	if (nl + 1 < size) {
		char *link = talloc_strndup(mem, (const char *)data + nl + 1, size - nl - 1);

		check_clean(mem, link);
		check_esc(mem, link);
	}
	talloc_free(mem);
	return 0;
}
