/* libFuzzer target for the ids journal reader (src/ids/iddb.c): a
 * journal shipped in an archive or named by mistake is untrusted input.
 * `make fuzz` builds and runs it.
 *
 * Input: byte 0 picks options (bit 0: put the header first; bit 2: give
 * every line that has room for one its right CRC, so that most inputs
 * reach the record parser; bit 1: the rename moves a tree); the rest is
 * the file.  Each input checks that
 * - the file is adopted exactly when it is empty or starts with the
 *   header, and one refused or only read is left byte for byte;
 * - after a writer's changes (which cut a torn last line), a fresh
 *   reader of the file sees what the writer holds in memory.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <talloc.h>
#include <unistd.h>

#include "ids/iddb.h"

#define HEADER "burrow-ids 1\n"

static char dir[64], file[96];
/* stderr as it was before -close_fd_mask=2 (which keeps iddb's one-line
 * refusals out of the log) closed it: where a failed check is said. */
static int report_fd = 2;

static void cleanup(void)
{
	unlink(file);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	report_fd = dup(2);
	if (report_fd < 0)
		report_fd = 2;
	/* tmpfs when there is one: a rewritten file costs no disk I/O. */
	strcpy(dir, access("/dev/shm", W_OK) == 0 ? "/dev/shm/fuzz-iddb.XXXXXX" : "/tmp/fuzz-iddb.XXXXXX");
	if (!mkdtemp(dir))
		abort();
	snprintf(file, sizeof(file), "%s/ids", dir);
	atexit(cleanup);
	return 0;
}

static uint32_t crc32_of(const uint8_t *s, size_t n)
{
	uint32_t crc = 0xffffffffu;

	for (size_t i = 0; i < n; i++) {
		crc ^= s[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

/* "CCCCCCCC body": CCCCCCCC becomes the CRC of body. */
static void fix_crcs(uint8_t *s, size_t n)
{
	for (size_t start = 0, end; start < n; start = end + 1) {
		char crc[9];

		for (end = start; end < n && s[end] != '\n'; end++)
			;
		if (end - start < 10 || s[start + 8] != ' ')
			continue;
		snprintf(crc, sizeof(crc), "%08x", crc32_of(s + start + 9, end - start - 9));
		memcpy(s + start, crc, 8);
	}
}

static void put_file(const uint8_t *a, size_t na, const uint8_t *b, size_t nb)
{
	int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0 || write(fd, a, na) != (ssize_t)na || write(fd, b, nb) != (ssize_t)nb)
		abort();
	close(fd);
}

/* The file's bytes are exactly a then b. */
static int file_is(const uint8_t *a, size_t na, const uint8_t *b, size_t nb)
{
	size_t n = na + nb;
	char *got = malloc(n + 1);
	int fd = open(file, O_RDONLY | O_CLOEXEC), same;
	ssize_t r;

	if (!got || fd < 0)
		abort();
	r = read(fd, got, n + 1);
	close(fd);
	same = r == (ssize_t)n && memcmp(got, a, na) == 0 && memcmp(got + na, b, nb) == 0;
	free(got);
	return same;
}

#define CHECK(cond)                                                                   \
	do {                                                                          \
		if (!(cond)) {                                                        \
			dprintf(report_fd, "fuzz_iddb: %s failed (rc=%d)\n", #cond, rc); \
			abort();                                                      \
		}                                                                     \
	} while (0)

static const char *const probes[] = { "/", "/a", "/a/b", "/fuzz", "/fuzz2", "/fuzz2/x", "/x y" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *head = (const uint8_t *)HEADER;
	size_t nhead, nbody;
	TALLOC_CTX *mem;
	struct iddb *db, *again;
	struct id_meta m, m2;
	uint8_t cap[IDDB_FCAP_MAX], cap2[IDDB_FCAP_MAX];
	size_t ncap, ncap2;
	bool journal, tree;
	uint8_t *body;
	int rc = 0, rc2;

	if (size < 1)
		return 0;
	nhead = data[0] & 1 ? strlen(HEADER) : 0;
	tree = data[0] & 2;
	nbody = size - 1;
	body = malloc(nbody + 1);
	if (!body)
		abort();
	memcpy(body, data + 1, nbody);
	if (data[0] & 4)
		fix_crcs(body, nbody);
	data = body;
	put_file(head, nhead, data, nbody);
	journal = nhead + nbody == 0 ||
		  (nhead > 0 ? true : nbody >= strlen(HEADER) && memcmp(data, HEADER, strlen(HEADER)) == 0);

	mem = talloc_new(NULL);
	rc = iddb_open(mem, file, &db);
	CHECK(rc == 0 || rc == -EINVAL);
	CHECK((rc == 0) == journal);
	/* Reading changes nothing, and a refused file stays as it was. */
	CHECK(file_is(head, nhead, data, nbody));
	if (rc < 0) {
		talloc_free(mem);
		free(body);
		return 0;
	}
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		(void)iddb_get(db, probes[i], &m);

	/* A writer: its changes, then the file read afresh. */
	rc = iddb_set(db, "/fuzz", &(struct id_meta){ 04755, 1, 2, 0 });
	CHECK(rc == 0);
	rc = iddb_set_fcap(db, "/fuzz", "\1\0\0\2", 4);
	CHECK(rc == 0);
	rc = iddb_rename(db, "/fuzz", "/fuzz2", tree);
	CHECK(rc == 0);
	rc = iddb_rename(db, "/a", "/a", tree);
	CHECK(rc == 0);
	rc = iddb_remove(db, "/a/b");
	CHECK(rc == 0 || rc == -ENOENT);
	rc = iddb_open(mem, file, &again);
	CHECK(rc == 0);
	CHECK(iddb_count(again) == iddb_count(db));
	CHECK(iddb_get(again, "/fuzz2", &m) == 0 && m.mode == 04755 && m.uid == 1 && m.gid == 2);
	CHECK(iddb_get_fcap(again, "/fuzz2", cap, &ncap) == 0 && ncap == 4 &&
	      memcmp(cap, "\1\0\0\2", 4) == 0);
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		rc = iddb_get(db, probes[i], &m);
		rc2 = iddb_get(again, probes[i], &m2);
		CHECK(rc == rc2);
		CHECK(rc < 0 || (m.mode == m2.mode && m.uid == m2.uid && m.gid == m2.gid &&
				 m.rdev == m2.rdev));
		rc = iddb_get_fcap(db, probes[i], cap, &ncap);
		rc2 = iddb_get_fcap(again, probes[i], cap2, &ncap2);
		CHECK(rc == rc2);
		CHECK(rc < 0 || (ncap == ncap2 && memcmp(cap, cap2, ncap) == 0));
	}
	talloc_free(mem);
	free(body);
	return 0;
}
