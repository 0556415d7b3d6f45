/* libFuzzer target for image manifests and configs: the bytes are read
 * as a docker manifest.json, an OCI index or manifest, an image config,
 * and a compact image.cfg.  `make fuzz-image` builds and runs it.
 *
 * Beyond not crashing or leaking: every path a manifest yields is a
 * blob path ("blobs/ALG/HEX") or a string; a parsed config survives its
 * compact form unchanged; a compact form that decodes encodes back to
 * the same bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include "pack/json.h"
#include "pack/pack.h"

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "fuzz_image: %s\n", #c); abort(); } } while (0)

static void check_blob(const char *p)
{
	const char *alg = p + 6, *hex;

	CHECK(strncmp(p, "blobs/", 6) == 0);
	hex = strchr(alg, '/');
	CHECK(hex && hex > alg && !strchr(hex + 1, '/') && hex[1]);
	CHECK(strstr(p, "..") == NULL && alg[0] != '.');
	CHECK(strspn(hex + 1, "0123456789abcdefABCDEF") == strlen(hex + 1));
}

static int list_eq(char **a, char **b)
{
	for (; a && b && *a && *b; a++, b++)
		if (strcmp(*a, *b))
			return 0;
	return (!a || !*a) && (!b || !*b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	const char *text = (const char *)data;
	char *config, **layers, *next, *why, *buf, *copy;
	struct pack_image *img, *back;
	size_t len;

	if (pack_docker_manifest(mem, text, size, &config, &layers, &why) == 0) {
		CHECK(config && layers);
		for (char **l = layers; *l; l++)
			pack_clean_path(mem, *l, (const char **)&why);
	}
	if (pack_oci_manifest(mem, text, size, &next, &config, &layers, &why) == 0) {
		if (next) {
			check_blob(next);
		} else {
			check_blob(config);
			for (char **l = layers; *l; l++)
				check_blob(*l);
		}
	}
	if (pack_image_parse(mem, text, size, &img, &why) == 0) {
		CHECK(pack_image_encode(mem, img, &buf, &len) == 0);
		CHECK(pack_image_decode(mem, buf, len, &back) == 0);
		CHECK(list_eq(img->entrypoint, back->entrypoint));
		CHECK(list_eq(img->cmd, back->cmd));
		CHECK(list_eq(img->env, back->env));
		CHECK((!img->workdir && !back->workdir) ||
		      (img->workdir && back->workdir && !strcmp(img->workdir, back->workdir)));
	} else {
		CHECK(why != NULL);
	}
	/* The bytes as a compact form: decode takes its buffer. */
	copy = talloc_memdup(mem, data, size ? size : 1);
	CHECK(copy);
	if (pack_image_decode(mem, copy, size, &back) == 0) {
		CHECK(pack_image_encode(mem, back, &buf, &len) == 0);
		CHECK(len == size && memcmp(buf, data, size) == 0);
	}
	talloc_free(mem);
	CHECK(talloc_total_blocks(NULL) <= 1);
	return 0;
}
