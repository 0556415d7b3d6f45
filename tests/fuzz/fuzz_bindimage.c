/* libFuzzer target for bindings_from_image: whatever the bytes, the
 * image is refused (-EINVAL) or read within its bounds (the sanitizer
 * checks the reads), and an accepted one gives a table whose own image
 * reads back the same.  `make fuzz-bindimage` builds and runs it. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include "path/bind.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct bindings *b, *c;
	void *img;
	size_t n;
	int rc = bindings_from_image(mem, data, size, &b);

	if (rc != 0 && rc != -EINVAL && rc != -ENOMEM)
		abort();
	if (rc == 0) {
		if (bindings_to_image(mem, b, &img, &n) != 0 ||
		    bindings_from_image(mem, img, n, &c) != 0 ||
		    bindings_count(c) != bindings_count(b) ||
		    strcmp(bindings_rootfs(c), bindings_rootfs(b)) != 0)
			abort();
	}
	talloc_free(mem);
	return 0;
}
