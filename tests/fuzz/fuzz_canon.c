/* libFuzzer target for canon_resolve: whatever the path, a resolved host
 * path stays inside the rootfs or a binding, and the guest path under the
 * guest root.  `make fuzz` builds and runs it.
 *
 * Every input is resolved twice more with the optional plain_dirs op
 * (the openat2 fast path), once working and once failing, and all three
 * answers must be the same.
 *
 * Input: byte 0 picks flags (CANON_KEEP_DOTS by its top bit), root and
 * base; the rest, up to a NUL, is the path.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <talloc.h>

#include "fakefs.h"
#include "path/bind.h"
#include "path/canon.h"

/* Loops, links that climb out with "..", links whose bodies look like
 * host paths, links into and out of bindings, magic and root links. */
static const struct fake_entry entries[] = {
	{ "/r/etc/passwd", FAKE_FILE, NULL },
	{ "/r/etc/hosts", FAKE_FILE, NULL },
	{ "/r/usr/bin/env", FAKE_FILE, NULL },
	{ "/r/bin", FAKE_SYMLINK, "usr/bin" },
	{ "/r/lib", FAKE_SYMLINK, "/usr/lib" },
	{ "/r/a/f", FAKE_FILE, NULL },
	{ "/r/a/esc", FAKE_SYMLINK, "../../../../.." },
	{ "/r/a/escabs", FAKE_SYMLINK, "/../../.." },
	{ "/r/a/self", FAKE_SYMLINK, "self" },
	{ "/r/a/p", FAKE_SYMLINK, "q" },
	{ "/r/a/q", FAKE_SYMLINK, "p" },
	{ "/r/a/dot", FAKE_SYMLINK, "." },
	{ "/r/a/up", FAKE_SYMLINK, ".." },
	{ "/r/a/deep", FAKE_SYMLINK, "../a/dot/../a/esc/r/etc" },
	{ "/r/a/empty", FAKE_SYMLINK, "" },
	{ "/r/a/slash", FAKE_SYMLINK, "/" },
	{ "/r/a/tomnt", FAKE_SYMLINK, "/mnt/sub/.." },
	{ "/r/a/dangle", FAKE_SYMLINK, "/nope/../.." },
	{ "/r/a/tof", FAKE_SYMLINK, "f/" },
	{ "/r/a/hostlike", FAKE_SYMLINK, "/h/data" },
	{ "/r/a/rootlike", FAKE_SYMLINK, "/r/etc" },
	{ "/r/a/chain", FAKE_SYMLINK, "dot/dot/dot/dot/dot/dot/dot/dot/dot/dot/up/a/chain" },
	{ "/r/jail/etc/passwd", FAKE_FILE, NULL },
	{ "/r/jail/out", FAKE_SYMLINK, "../../../.." },
	{ "/r/jail/abs", FAKE_SYMLINK, "/../etc" },
	{ "/r/jail/proc/self/root", FAKE_ROOTLINK, NULL },
	{ "/r/jail/proc/self/fd/1", FAKE_MAGIC, "/../../etc" },
	{ "/r/secret", FAKE_DENIED, NULL },
	{ "/r/secret/x", FAKE_FILE, NULL },
	{ "/r/mnt/hidden", FAKE_FILE, NULL },
	{ "/h/data/f", FAKE_FILE, NULL },
	{ "/h/data/abs", FAKE_SYMLINK, "/etc/passwd" },
	{ "/h/data/up", FAKE_SYMLINK, "../../../.." },
	{ "/h/data/loop", FAKE_SYMLINK, "/mnt/loop" },
	{ "/h/sub/g", FAKE_FILE, NULL },
	/* Host terms, seen through the bindings; the dotted one is not. */
	{ "/h/data/hl", FAKE_SYMLINK, "/h/sub/g" },
	{ "/h/data/hesc", FAKE_SYMLINK, "/h/data/../../host-secret" },
	{ "/h/sub/back", FAKE_SYMLINK, "../../.." },
	{ "/h/hosts", FAKE_FILE, NULL },
	{ "/h/opt/x", FAKE_FILE, NULL },
	{ "/h/opt/out", FAKE_SYMLINK, "../../../../.." },
	{ "/hp/self/root", FAKE_ROOTLINK, NULL },
	{ "/hp/self/fd/0", FAKE_MAGIC, "pipe:[1]" },
	{ "/hp/self/fd/1", FAKE_MAGIC, "/etc" },
	{ "/hp/self/fd/2", FAKE_MAGIC, "/../../.." },
	{ "/hp/self/cwd", FAKE_MAGIC, "/a" },
	/* Host files no guest path may reach. */
	{ "/host-secret", FAKE_FILE, NULL },
	{ "/h/private", FAKE_FILE, NULL },
};

static const char *const roots[] = { "/", "/jail", "/mnt", "/a" };
/* Existing directories (bases are canonical, as the tracer passes them). */
static const char *const bases[] = {
	"/", "/a", "/mnt/sub", "/jail", "/virt/a", "/usr/bin", "/proc/self", "/jail/etc",
};

static bool inside_some_binding(const struct bindings *b, const char *host)
{
	for (size_t i = 0; i < bindings_count(b); i++)
		if (path_has_prefix(host, bindings_get(b, i)->host))
			return true;
	return false;
}

#define CHECK(cond)                                                           \
	do {                                                                  \
		if (!(cond)) {                                                \
			fprintf(stderr, "fuzz_canon: %s failed: root=%s base=%s " \
				"flags=%u path='%s' rc=%d guest='%s' host='%s'\n", \
				#cond, root, base, flags, path, rc,           \
				r.guest ? r.guest : "", r.host ? r.host : ""); \
			abort();                                              \
		}                                                             \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	TALLOC_CTX *mem = talloc_new(NULL);
	struct fakefs ffs;
	fakefs_init(&ffs, entries, sizeof(entries) / sizeof(entries[0]));
	struct fsops ops = fakefs_ops(&ffs);
	struct bindings *b = bindings_new(mem, "/r");
	if (!b || bindings_add(b, "/h/data", "/mnt") || bindings_add(b, "/h/sub", "/mnt/sub") ||
	    bindings_add(b, "/h/hosts", "/etc/hosts") || bindings_add(b, "/h/opt", "/virt/a/b") ||
	    bindings_add(b, "/hp", "/proc") || bindings_add(b, "/h/gone", "/mnt/gone"))
		abort();

	unsigned flags = (data[0] & 3) | ((data[0] & 0x80) ? CANON_KEEP_DOTS : 0);
	const char *root = roots[(data[0] >> 2) & 3];
	const char *base = bases[(data[0] >> 4) & 7];
	char *path = talloc_strndup(mem, (const char *)data + 1, size - 1);
	if (!path)
		abort();

	TALLOC_CTX *scratch = talloc_new(mem);
	size_t baseline = talloc_total_blocks(scratch);
	struct canon_result r;
	int rc = canon_resolve(scratch, b, &ops, root, base, path, flags, &r);

	CHECK(ffs.crossed_symlinks == 0);
	CHECK(rc == 0 || rc == -ELOOP || rc == -EACCES || rc == -ENOENT);
	CHECK((rc == -ENOENT) == (path[0] == '\0' && !(flags & CANON_EMPTY_PATH)));
	if (rc == 0) {
		CHECK(r.guest && r.host);
		CHECK(r.guest[0] == '/' && path_has_prefix(r.guest, root));
		CHECK(inside_some_binding(b, r.host));
		CHECK(!(r.magic && r.is_symlink));
		if (r.final_dot) {
			/* Only the final component, verbatim, after the
			 * directory: a "." or ".." the kernel refuses. */
			size_t n = strlen(path);
			while (n > 1 && path[n - 1] == '/')
				n--;
			CHECK(flags & CANON_KEEP_DOTS);
			CHECK(!r.exists);
			CHECK((n >= 1 && path[n - 1] == '.' && (n == 1 || path[n - 2] == '/')) ||
			      (n >= 2 && path[n - 1] == '.' && path[n - 2] == '.' &&
			       (n == 2 || path[n - 3] == '/')));
		}
		if (r.exists) {
			/* Fully resolved: the guest path is canonical and maps
			 * to exactly the host path. */
			char *norm = path_normalise(scratch, r.guest);
			char *host = NULL;
			CHECK(strcmp(norm, r.guest) == 0);
			if (!r.magic) {
				CHECK(bindings_to_host(scratch, b, r.guest, &host) == 0);
				if (r.trailing_slash && strcmp(host, "/") != 0)
					host = talloc_asprintf_append(host, "/");
				CHECK(strcmp(host, r.host) == 0);
			}
			/* ... and the object is really there, unless it is a
			 * directory the guest only sees thanks to a binding. */
			struct stat st;
			char *plain = path_normalise(scratch, r.host);
			int src = ops.lstat(ops.opaque, plain, &st);
			CHECK(src == 0 || (r.virtual_dir && src == -ENOENT));
			CHECK(!r.is_symlink || S_ISLNK(st.st_mode));
			CHECK(r.magic || r.is_symlink || src < 0 || !S_ISLNK(st.st_mode));
			talloc_free(norm);
			talloc_free(host);
			talloc_free(plain);
		}
		talloc_free(r.guest);
		talloc_free(r.host);
	} else {
		CHECK(!r.guest && !r.host);
	}
	CHECK(talloc_total_blocks(scratch) == baseline);

	/* The same lookup with plain_dirs, working or failing: no
	 * difference a guest could see. */
	r.guest = r.host = NULL;
	for (int fails = 0; fails < 2; fails++) {
		struct fakefs ffs2;
		fakefs_init(&ffs2, entries, sizeof(entries) / sizeof(entries[0]));
		ffs2.plain_dirs_error = fails ? -EAGAIN : 0;
		struct fsops ops2 = fakefs_ops_plain_dirs(&ffs2);
		struct canon_result r2;
		int rc2 = canon_resolve(scratch, b, &ops2, root, base, path, flags, &r2);

		CHECK(ffs2.crossed_symlinks == 0);
		CHECK(rc2 == rc);
		if (rc2 == 0) {
			int again = canon_resolve(scratch, b, &ops, root, base, path, flags, &r);
			CHECK(again == 0);
			CHECK(strcmp(r.guest, r2.guest) == 0 && strcmp(r.host, r2.host) == 0);
			CHECK(r.exists == r2.exists && r.trailing_slash == r2.trailing_slash &&
			      r.is_symlink == r2.is_symlink && r.magic == r2.magic &&
			      r.virtual_dir == r2.virtual_dir && r.final_dot == r2.final_dot);
			talloc_free(r.guest);
			talloc_free(r.host);
			talloc_free(r2.guest);
			talloc_free(r2.host);
			r.guest = r.host = NULL;
		}
		CHECK(talloc_total_blocks(scratch) == baseline);
	}
	talloc_free(mem);
	return 0;
}
