/* mkzip OUT.zip FILE...: write a zip of regular FILEs, stored (no
 * compression), each under the name given and with its Unix mode, so
 * the archive tests need no zip tool or python3 (the arm64 VM has
 * neither).  Layout: PKWARE APPNOTE 4.3 (local headers, central
 * directory, end record); no zip64, so each file must be under 4 GiB. */
#include "helper.h"

#include <stdint.h>

static uint32_t crc32_of(const unsigned char *p, size_t n)
{
	uint32_t crc = 0xffffffffu;

	while (n--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

static void put16(FILE *f, unsigned v)
{
	fputc(v & 0xff, f);
	fputc((v >> 8) & 0xff, f);
}

static void put32(FILE *f, uint32_t v)
{
	put16(f, v & 0xffff);
	put16(f, v >> 16);
}

struct member {
	const char *name;
	uint32_t crc, size, offset, mode;
};

static unsigned char *slurp(const char *path, uint32_t *size, uint32_t *mode)
{
	struct stat st;
	unsigned char *buf;
	FILE *f = fopen(path, "rb");

	if (!f || fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_size >= 0xffffffffL) {
		fprintf(stderr, "mkzip: %s: not a readable regular file under 4 GiB\n", path);
		exit(2);
	}
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf || fread(buf, 1, st.st_size, f) != (size_t)st.st_size) {
		fprintf(stderr, "mkzip: %s: read failed\n", path);
		exit(2);
	}
	fclose(f);
	*size = st.st_size;
	*mode = st.st_mode;
	return buf;
}

int main(int argc, char **argv)
{
	struct member *m;
	FILE *out;
	uint32_t cd_start, cd_size;
	int n = argc - 2;

	if (argc < 3 || n > 0xffff) {
		fprintf(stderr, "usage: mkzip OUT.zip FILE...\n");
		return 2;
	}
	out = fopen(argv[1], "wb");
	m = calloc(n, sizeof(*m));
	if (!out || !m) {
		fprintf(stderr, "mkzip: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	for (int i = 0; i < n; i++) {
		unsigned char *data;

		m[i].name = argv[i + 2];
		m[i].offset = ftell(out);
		data = slurp(m[i].name, &m[i].size, &m[i].mode);
		m[i].crc = crc32_of(data, m[i].size);
		put32(out, 0x04034b50);		/* local file header */
		put16(out, 10);			/* version needed: 1.0 */
		put16(out, 0);			/* flags */
		put16(out, 0);			/* method: stored */
		put16(out, 0);			/* time */
		put16(out, 0x21);		/* date: 1980-01-01 */
		put32(out, m[i].crc);
		put32(out, m[i].size);
		put32(out, m[i].size);
		put16(out, strlen(m[i].name));
		put16(out, 0);			/* extra field length */
		fputs(m[i].name, out);
		fwrite(data, 1, m[i].size, out);
		free(data);
	}
	cd_start = ftell(out);
	for (int i = 0; i < n; i++) {
		put32(out, 0x02014b50);		/* central directory header */
		put16(out, 3 << 8 | 10);	/* made by: Unix, 1.0 */
		put16(out, 10);
		put16(out, 0);
		put16(out, 0);
		put16(out, 0);
		put16(out, 0x21);
		put32(out, m[i].crc);
		put32(out, m[i].size);
		put32(out, m[i].size);
		put16(out, strlen(m[i].name));
		put16(out, 0);			/* extra */
		put16(out, 0);			/* comment */
		put16(out, 0);			/* disk */
		put16(out, 0);			/* internal attributes */
		put32(out, m[i].mode << 16);	/* external: the Unix mode */
		put32(out, m[i].offset);
		fputs(m[i].name, out);
	}
	cd_size = ftell(out) - cd_start;
	put32(out, 0x06054b50);			/* end of central directory */
	put16(out, 0);
	put16(out, 0);
	put16(out, n);
	put16(out, n);
	put32(out, cd_size);
	put32(out, cd_start);
	put16(out, 0);
	if (fclose(out) != 0) {
		fprintf(stderr, "mkzip: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	free(m);
	return 0;
}
