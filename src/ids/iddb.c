/* The fake-root database (see iddb.h for the file format). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "common/util.h"
#include "ids/iddb.h"
#include "path/canon.h"

#define IDDB_HEADER "burrow-ids 1\n"
/* Rewrite the journal once it holds this many records and four times
 * the live entries. */
#define COMPACT_MIN 4096

struct id_entry {
	struct id_entry *next;
	uint32_t hash;
	struct id_meta m;
	uint8_t fcap_len;	/* file capabilities (C records), 0: none */
	uint8_t fcap[IDDB_FCAP_MAX];
	char path[];
};

struct iddb {
	char *file;		/* NULL: memory only */
	int fd;			/* -1: not open (missing, or memory only) */
	dev_t dev;
	ino_t ino;
	off_t offset;		/* bytes of the file already applied */
	bool readonly;		/* changes stay in memory */
	bool warned;
	bool superseded;	/* an X record was read: reopen */
	bool refused;		/* the refusal was said */
	size_t records;

	struct id_entry **buckets;
	size_t nbuckets;	/* a power of two */
	size_t live;
};

/* ---- CRC-32 (IEEE), zlib's -------------------------------------------- */
static uint32_t crc32_of(const char *s, size_t n)
{
	return (uint32_t)crc32_z(0, (const unsigned char *)s, n);
}

/* ---- the in-memory table ---------------------------------------------- */
static uint32_t hash_of(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static struct id_entry **slot_of(struct iddb *db, const char *path, uint32_t h)
{
	struct id_entry **p = &db->buckets[h & (db->nbuckets - 1)];

	for (; *p; p = &(*p)->next)
		if ((*p)->hash == h && strcmp((*p)->path, path) == 0)
			break;
	return p;
}

static int grow(struct iddb *db)
{
	size_t n = db->nbuckets * 2;
	struct id_entry **b = talloc_zero_array(db, struct id_entry *, n);

	if (!b)
		return -ENOMEM;
	for (size_t i = 0; i < db->nbuckets; i++) {
		for (struct id_entry *e = db->buckets[i], *next; e; e = next) {
			next = e->next;
			e->next = b[e->hash & (n - 1)];
			b[e->hash & (n - 1)] = e;
		}
	}
	talloc_free(db->buckets);
	db->buckets = b;
	db->nbuckets = n;
	return 0;
}

static int table_set(struct iddb *db, const char *path, const struct id_meta *m)
{
	uint32_t h = hash_of(path);
	struct id_entry **p = slot_of(db, path, h), *e;
	size_t len = strlen(path) + 1;

	if (*p) {
		(*p)->m = *m;
		return 0;
	}
	e = talloc_size(db, sizeof(*e) + len);
	if (!e)
		return -ENOMEM;
	talloc_set_name_const(e, "struct id_entry");
	e->next = NULL;
	e->hash = h;
	e->m = *m;
	e->fcap_len = 0;
	memcpy(e->path, path, len);
	*p = e;
	db->live++;
	if (db->live > 2 * db->nbuckets)
		return grow(db);
	return 0;
}

static bool table_remove(struct iddb *db, const char *path)
{
	struct id_entry **p = slot_of(db, path, hash_of(path)), *e = *p;

	if (!e)
		return false;
	*p = e->next;
	talloc_free(e);
	db->live--;
	return true;
}

static void table_clear(struct iddb *db)
{
	for (size_t i = 0; i < db->nbuckets; i++) {
		for (struct id_entry *e = db->buckets[i], *next; e; e = next) {
			next = e->next;
			talloc_free(e);
		}
		db->buckets[i] = NULL;
	}
	db->live = 0;
}

static void copy_fcap(struct id_entry *to, const struct id_entry *from)
{
	to->fcap_len = from->fcap_len;
	memcpy(to->fcap, from->fcap, from->fcap_len);
}

/* A guest path as burrow records it: absolute, no empty, "." or ".."
 * component, no trailing "/" (but "/" itself).  A journal may hold
 * anything: a move between others is ignored, like a line whose CRC is
 * wrong, since prefixes and suffixes are taken by length. */
static bool canonical(const char *p)
{
	if (p[0] != '/')
		return false;
	if (p[1] == '\0')
		return true;
	for (const char *c = p; *c; ) {
		const char *next = strchr(c + 1, '/');
		size_t len = next ? (size_t)(next - c - 1) : strlen(c + 1);

		if (len == 0 || (len == 1 && c[1] == '.') || (len == 2 && c[1] == '.' && c[2] == '.'))
			return false;
		c = next ? next : c + 1 + len;
	}
	return true;
}

/* Moves one entry, or (tree) every entry at or below from; returns how
 * many moved, or -ENOMEM. */
static long table_move(struct iddb *db, const char *from, const char *to, bool tree)
{
	struct id_entry *moved = NULL;
	size_t flen = strlen(from);
	long n = 0;
	int rc = 0;

	/* A name onto itself: the kernel does nothing. */
	if (strcmp(from, to) == 0 || !canonical(from) || !canonical(to))
		return 0;
	/* Whatever the target had is gone, as the kernel replaced it. */
	if (!tree) {
		struct id_entry **p = slot_of(db, from, hash_of(from)), *e = *p;

		table_remove(db, to);
		if (!e)
			return 0;
		rc = table_set(db, to, &e->m);
		p = slot_of(db, from, hash_of(from));	/* the table may have grown */
		e = *p;
		if (rc == 0)
			copy_fcap(*slot_of(db, to, hash_of(to)), e);
		*p = e->next;
		talloc_free(e);
		db->live--;
		return rc < 0 ? rc : 1;
	}
	for (size_t i = 0; i < db->nbuckets; i++) {
		for (struct id_entry **p = &db->buckets[i]; *p;) {
			struct id_entry *e = *p;

			if (path_has_prefix(e->path, to) ||
			    (path_has_prefix(e->path, from) && strcmp(from, "/") != 0)) {
				*p = e->next;
				db->live--;
				if (path_has_prefix(e->path, from)) {
					e->next = moved;
					moved = e;
				} else {
					talloc_free(e);
				}
				continue;
			}
			p = &e->next;
		}
	}
	for (struct id_entry *e = moved, *next; e; e = next) {
		char *np;

		next = e->next;
		np = talloc_asprintf(db, "%s%s", to, e->path + flen);
		if (!np || table_set(db, np, &e->m) < 0)
			rc = -ENOMEM;
		else
			copy_fcap(*slot_of(db, np, hash_of(np)), e);
		talloc_free(np);
		talloc_free(e);
		n++;
	}
	return rc < 0 ? rc : n;
}

/* ---- records ----------------------------------------------------------- */
static bool needs_escape(unsigned char c)
{
	return c <= ' ' || c == '%' || c == 0x7f;
}

static char *escape(TALLOC_CTX *mem, const char *s)
{
	size_t n = 0;
	char *out, *o;

	for (const char *p = s; *p; p++)
		n += needs_escape((unsigned char)*p) ? 3 : 1;
	out = o = talloc_size(mem, n + 1);
	if (!out)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (needs_escape(*p)) {
			snprintf(o, 4, "%%%02X", *p);
			o += 3;
		} else {
			*o++ = (char)*p;
		}
	}
	*o = '\0';
	return out;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* In place; false for a malformed or non-absolute path. */
static bool unescape(char *s)
{
	char *o = s;

	if (s[0] != '/')
		return false;
	for (char *p = s; *p; p++) {
		if (*p == '%') {
			int hi = hexval(p[1]), lo = hi < 0 ? -1 : hexval(p[2]);

			if (lo < 0 || (hi == 0 && lo == 0))
				return false;
			*o++ = (char)(hi * 16 + lo);
			p += 2;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return true;
}

/* A C record's value: "-" (none) or up to IDDB_FCAP_MAX bytes in hex. */
static bool parse_hex(const char *s, uint8_t *v, size_t *len)
{
	size_t n = strlen(s);

	*len = 0;
	if (strcmp(s, "-") == 0)
		return true;
	if (n == 0 || n % 2 || n / 2 > IDDB_FCAP_MAX)
		return false;
	for (size_t i = 0; i < n; i += 2) {
		int hi = hexval(s[i]), lo = hexval(s[i + 1]);

		if (hi < 0 || lo < 0)
			return false;
		v[i / 2] = (uint8_t)(hi * 16 + lo);
	}
	*len = n / 2;
	return true;
}

static char *fcap_body(TALLOC_CTX *mem, const uint8_t *v, size_t len, const char *escaped)
{
	char hex[2 * IDDB_FCAP_MAX + 1] = "-";

	for (size_t i = 0; i < len; i++)
		snprintf(hex + 2 * i, 3, "%02x", v[i]);
	return talloc_asprintf(mem, "C %s %s", hex, escaped);
}

/* Applies one line (without its newline); a damaged one is skipped. */
static int apply_line(struct iddb *db, char *line, size_t len)
{
	char *body = line + 9, *f[6];
	unsigned long crc;
	char *end;
	int n = 0;

	if (len < 11 || line[8] != ' ')
		return 0;
	crc = strtoul(line, &end, 16);
	if (end != line + 8 || crc != crc32_of(body, len - 9))
		return 0;
	char *save = NULL;

	for (char *tok = strtok_r(body, " ", &save); tok && n < 6; tok = strtok_r(NULL, " ", &save))
		f[n++] = tok;
	if (n == 1 && strcmp(f[0], "X") == 0) {
		db->superseded = true;
		return 0;
	}
	db->records++;
	if (n == 6 && strcmp(f[0], "S") == 0 && unescape(f[5])) {
		struct id_meta m;

		m.mode = (uint32_t)strtoul(f[1], NULL, 8);
		m.uid = (uint32_t)strtoul(f[2], NULL, 10);
		m.gid = (uint32_t)strtoul(f[3], NULL, 10);
		m.rdev = strtoull(f[4], NULL, 16);
		return table_set(db, f[5], &m);
	}
	if (n == 3 && strcmp(f[0], "C") == 0 && unescape(f[2])) {
		struct id_entry *e = *slot_of(db, f[2], hash_of(f[2]));
		uint8_t v[IDDB_FCAP_MAX];
		size_t len = 0;

		if (!e || !parse_hex(f[1], v, &len))
			return 0;
		e->fcap_len = (uint8_t)len;
		memcpy(e->fcap, v, len);
		return 0;
	}
	if (n == 2 && strcmp(f[0], "D") == 0 && unescape(f[1])) {
		table_remove(db, f[1]);
		return 0;
	}
	if (n == 3 && (strcmp(f[0], "M") == 0 || strcmp(f[0], "R") == 0) &&
	    unescape(f[1]) && unescape(f[2])) {
		long moved = table_move(db, f[1], f[2], f[0][0] == 'R');

		return moved < 0 ? (int)moved : 0;
	}
	return 0;
}

/* ---- the file ------------------------------------------------------------ */
static void reset(struct iddb *db)
{
	if (db->fd >= 0)
		close(db->fd);
	db->fd = -1;
	db->offset = 0;
	db->records = 0;
	db->superseded = false;
	table_clear(db);
}

/* One line naming the file and what to do; -EINVAL.  Said once: a
 * refusal in the middle of a run repeats at every change. */
static int refuse(struct iddb *db, const char *why)
{
	if (!db->refused)
		fprintf(stderr, "burrow: %s: %s\n", db->file, why);
	db->refused = true;
	return -EINVAL;
}

static int bad_file(struct iddb *db)
{
	return refuse(db, "not a burrow ids file (move it away, or name another with --ids-file)");
}

/* The journal is burrow's own regular file, never what a symlink (one
 * an archive shipped, or a guest planted) points to.  The directories
 * above it are the user's choice (--ids-file, or the rootfs itself),
 * which the guest cannot replace.  A hard link is not refused: it can
 * only be another journal (anything else fails the header check), and
 * trees copied with cp -al share theirs legitimately. */
static int check_file(struct iddb *db, const struct stat *st)
{
	char why[160];

	if (S_ISLNK(st->st_mode))
		return refuse(db, "a symbolic link: burrow does not follow one to its ids file "
				  "(remove it, or name another with --ids-file)");
	if (!S_ISREG(st->st_mode))
		return refuse(db, "not a regular file (name another with --ids-file)");
	/* Someone else's journal is only read: changes last for this run. */
	if (!db->readonly && st->st_uid != geteuid()) {
		snprintf(why, sizeof(why), "belongs to uid %u, not to you (uid %u) "
			 "(move it away, or name another with --ids-file)",
			 (unsigned)st->st_uid, (unsigned)geteuid());
		return refuse(db, why);
	}
	return 0;
}

static int open_file(struct iddb *db, bool create)
{
	/* No blocking on a FIFO, no controlling terminal from a tty. */
	const int how = O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
	struct stat st;
	int fd, err, rc;

	/* Refused before it is opened: opening a device may do something. */
	if (lstat(db->file, &st) == 0 && !S_ISREG(st.st_mode))
		return check_file(db, &st);
	fd = open(db->file, O_RDWR | O_APPEND | how | (create ? O_CREAT : 0), 0644);
	err = errno;
	if (fd < 0 && (err == EACCES || err == EROFS || err == EPERM)) {
		db->readonly = true;
		fd = open(db->file, O_RDONLY | how);
		err = errno;
	}
	if (fd < 0) {
		/* Replaced by a symlink since the lstat. */
		if (err == ELOOP && lstat(db->file, &st) == 0 && S_ISLNK(st.st_mode))
			return check_file(db, &st);
		return -err;
	}
	rc = fstat(fd, &st) < 0 ? -errno : check_file(db, &st);
	if (rc < 0) {
		close(fd);
		return rc;
	}
	db->fd = fd;
	db->dev = st.st_dev;
	db->ino = st.st_ino;
	return 0;
}

/* Reads and applies what others appended since db->offset.  With
 * may_cut (the exclusive lock held), a torn last line is cut off. */
static int catch_up(struct iddb *db, bool may_cut)
{
	struct stat st;
	char *buf, *line, *nl;
	size_t have = 0, want;
	int rc = 0;

	if (fstat(db->fd, &st) < 0)
		return -errno;
	if (st.st_size <= db->offset)
		return 0;
	/* Adopted only when empty or a journal: a user's file named by
	 * mistake is neither read as records nor cut as a torn line. */
	if (db->offset == 0) {
		char head[sizeof(IDDB_HEADER) - 1];

		if (pread(db->fd, head, sizeof(head), 0) != (ssize_t)sizeof(head) ||
		    memcmp(head, IDDB_HEADER, sizeof(head)) != 0)
			return -EINVAL;
	}
	want = (size_t)(st.st_size - db->offset);
	buf = talloc_size(db, want + 1);
	if (!buf)
		return -ENOMEM;
	while (have < want) {
		ssize_t n = pread(db->fd, buf + have, want - have, db->offset + (off_t)have);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = -errno;
			break;
		}
		if (n == 0)
			break;
		have += (size_t)n;
	}
	buf[have] = '\0';
	for (line = buf; rc == 0 && (nl = memchr(line, '\n', have - (size_t)(line - buf))); line = nl + 1) {
		*nl = '\0';
		if (db->offset == 0 && line == buf) {
			if (strcmp(line, "burrow-ids 1") != 0)
				rc = -EINVAL;
		} else {
			rc = apply_line(db, line, (size_t)(nl - line));
		}
	}
	if (rc == 0) {
		db->offset += (off_t)(line - buf);
		/* A writer died in the middle of a line. */
		if ((size_t)(line - buf) < have && may_cut && !db->readonly &&
		    ftruncate(db->fd, db->offset) < 0)
			rc = -errno;
	}
	talloc_free(buf);
	return rc;
}

/* Locks the file that db->file names now: one that was replaced since
 * it was opened is reopened and read again from the start. */
static int lock_current(struct iddb *db, int how)
{
	for (;;) {
		struct stat st;
		int rc;

		if (db->fd < 0) {
			rc = open_file(db, how == LOCK_EX);
			if (rc < 0)
				return rc;
		}
		if (flock(db->fd, how) < 0)
			return -errno;
		if (lstat(db->file, &st) == 0 && st.st_dev == db->dev && st.st_ino == db->ino)
			return 0;
		flock(db->fd, LOCK_UN);
		reset(db);
	}
}

static int refresh(struct iddb *db, int how)
{
	int rc = lock_current(db, how);
	struct stat st;

	if (rc < 0)
		return rc;
	rc = catch_up(db, how == LOCK_EX);
	/* An X in the file the name still gives (a journal made so, not
	 * one a rewrite replaced) means nothing: reopening would find it
	 * again, forever. */
	if (rc == 0 && db->superseded && lstat(db->file, &st) == 0 && st.st_dev == db->dev &&
	    st.st_ino == db->ino)
		db->superseded = false;
	if (rc == 0 && db->superseded) {
		flock(db->fd, LOCK_UN);
		reset(db);
		return refresh(db, how);
	}
	if (rc == -EINVAL)
		rc = bad_file(db);
	if (rc < 0 || how != LOCK_EX)
		flock(db->fd, LOCK_UN);
	return rc;
}

static char *record_line(TALLOC_CTX *mem, const char *body)
{
	return talloc_asprintf(mem, "%08" PRIx32 " %s\n", crc32_of(body, strlen(body)), body);
}

/* Every live entry as S records, to a new file renamed over the old;
 * the old one gets an X so that readers holding it reopen. */
static int compact(struct iddb *db)
{
	TALLOC_CTX *tmp = talloc_new(NULL);
	char *name = talloc_asprintf(tmp, "%s.tmp.XXXXXX", db->file), *line;
	int fd, rc = 0;
	struct stat st, old;

	if (!name) {
		talloc_free(tmp);
		return -ENOMEM;
	}
	/* A new name (O_EXCL): never a file or symlink someone put there. */
	fd = mkostemp(name, O_CLOEXEC);
	if (fd < 0) {
		talloc_free(tmp);
		return -errno;
	}
	rc = fstat(db->fd, &old) < 0 || fchmod(fd, old.st_mode & 0777) < 0 ? -errno : 0;
	if (rc == 0)
		rc = write_all(fd, IDDB_HEADER, strlen(IDDB_HEADER));
	for (size_t i = 0; rc == 0 && i < db->nbuckets; i++) {
		for (struct id_entry *e = db->buckets[i]; rc == 0 && e; e = e->next) {
			char *p = escape(tmp, e->path), *body;

			body = p ? talloc_asprintf(tmp, "S %" PRIo32 " %" PRIu32 " %" PRIu32 " %" PRIx64 " %s",
						   e->m.mode, e->m.uid, e->m.gid, e->m.rdev, p) : NULL;
			char *l = body ? record_line(tmp, body) : NULL;

			rc = l ? write_all(fd, l, strlen(l)) : -ENOMEM;
			if (rc == 0 && e->fcap_len) {
				body = fcap_body(tmp, e->fcap, e->fcap_len, p);
				l = body ? record_line(tmp, body) : NULL;
				rc = l ? write_all(fd, l, strlen(l)) : -ENOMEM;
			}
			talloc_free(p);
		}
	}
	if (rc == 0 && fsync(fd) < 0)
		rc = -errno;
	if (rc == 0 && fstat(fd, &st) < 0)
		rc = -errno;
	close(fd);
	if (rc == 0 && rename(name, db->file) < 0)
		rc = -errno;
	if (rc < 0) {
		unlink(name);
		talloc_free(tmp);
		return rc;
	}
	/* Readers of the old file learn that it is gone from this. */
	line = record_line(tmp, "X");
	if (line)
		write_all(db->fd, line, strlen(line));
	close(db->fd);		/* drops the old file's lock */
	db->fd = -1;
	rc = open_file(db, false);
	if (rc == 0) {
		flock(db->fd, LOCK_EX);
		db->offset = st.st_size;
		db->records = db->live;
	}
	talloc_free(tmp);
	return rc;
}

static void warn_memory_only(struct iddb *db, int err)
{
	if (db->warned || !db->file)
		return;
	db->warned = true;
	fprintf(stderr, "burrow: cannot save faked ownership in %s: %s; changes last for this run only (see --ids-file)\n",
		db->file, strerror(err));
}

/* Applies body to the table and appends it to the journal. */
static int commit(struct iddb *db, const char *body)
{
	const char *head;
	char *line, *out;
	int rc;

	if (!db->file || db->readonly) {
		warn_memory_only(db, EROFS);
		goto memory;
	}
	rc = refresh(db, LOCK_EX);
	if (rc == -EINVAL)
		return rc;
	if (rc < 0 || db->readonly) {
		if (db->fd >= 0 && !db->readonly)
			flock(db->fd, LOCK_UN);
		db->readonly = true;
		warn_memory_only(db, rc < 0 ? -rc : EROFS);
		goto memory;
	}
	line = record_line(db, body);
	/* The header goes with the first record, in one write: a writer
	 * killed between the two would leave a file that is not a journal. */
	head = db->offset == 0 ? IDDB_HEADER : "";
	out = line ? talloc_asprintf(db, "%s%s", head, line) : NULL;
	if (!out) {
		talloc_free(line);
		flock(db->fd, LOCK_UN);
		return -ENOMEM;
	}
	rc = write_all(db->fd, out, strlen(out));
	talloc_free(out);
	if (rc == 0) {
		/* Applied exactly as a reader would: through the parser. */
		db->offset += (off_t)(strlen(head) + strlen(line));
		line[strlen(line) - 1] = '\0';
		rc = apply_line(db, line, strlen(line));
		if (rc == 0 && db->records >= COMPACT_MIN && db->records > 4 * db->live)
			compact(db);	/* a failure leaves the journal as it was */
	}
	talloc_free(line);
	if (db->fd >= 0)
		flock(db->fd, LOCK_UN);
	return rc;

memory: {
		char *copy = talloc_asprintf(db, "00000000 %s", body);
		size_t n;

		if (!copy)
			return -ENOMEM;
		n = strlen(copy);
		snprintf(copy, 9, "%08" PRIx32, crc32_of(body, strlen(body)));
		copy[8] = ' ';
		rc = apply_line(db, copy, n);
		talloc_free(copy);
		return rc;
	}
}

/* ---- the interface ------------------------------------------------------- */
static int close_db(struct iddb *db)
{
	if (db->fd >= 0)
		close(db->fd);
	return 0;
}

int iddb_open(TALLOC_CTX *mem, const char *file, struct iddb **out)
{
	struct iddb *db = talloc_zero(mem, struct iddb);
	int rc;

	*out = NULL;
	if (!db)
		return -ENOMEM;
	db->fd = -1;
	db->nbuckets = 64;
	db->buckets = talloc_zero_array(db, struct id_entry *, db->nbuckets);
	if (!db->buckets || (file && !(db->file = talloc_strdup(db, file)))) {
		talloc_free(db);
		return -ENOMEM;
	}
	if (file) {
		rc = refresh(db, LOCK_SH);
		if (rc == -ENOENT) {
			db->readonly = false;
			rc = 0;
		}
		if (rc < 0) {
			talloc_free(db);
			return rc;
		}
	}
	talloc_set_destructor(db, close_db);
	*out = db;
	return 0;
}

static void poll_others(struct iddb *db)
{
	struct stat st;

	if (db->fd >= 0 && fstat(db->fd, &st) == 0 && st.st_size != db->offset)
		refresh(db, LOCK_SH);
}

int iddb_get(struct iddb *db, const char *path, struct id_meta *out)
{
	struct id_entry *e;

	poll_others(db);
	e = *slot_of(db, path, hash_of(path));
	if (!e)
		return -ENOENT;
	*out = e->m;
	return 0;
}

int iddb_set(struct iddb *db, const char *path, const struct id_meta *m)
{
	char *p = escape(db, path), *body;
	int rc;

	body = p ? talloc_asprintf(db, "S %" PRIo32 " %" PRIu32 " %" PRIu32 " %" PRIx64 " %s",
				   m->mode, m->uid, m->gid, m->rdev, p) : NULL;
	rc = body ? commit(db, body) : -ENOMEM;
	talloc_free(body);
	talloc_free(p);
	return rc;
}

int iddb_get_fcap(struct iddb *db, const char *path, void *out, size_t *len)
{
	struct id_entry *e;

	poll_others(db);
	e = *slot_of(db, path, hash_of(path));
	if (!e || !e->fcap_len)
		return -ENOENT;
	memcpy(out, e->fcap, e->fcap_len);
	*len = e->fcap_len;
	return 0;
}

int iddb_set_fcap(struct iddb *db, const char *path, const void *value, size_t len)
{
	struct id_entry *e;
	char *p, *body;
	int rc;

	if (len > IDDB_FCAP_MAX)
		return -EINVAL;
	poll_others(db);
	e = *slot_of(db, path, hash_of(path));
	if (!e)
		return -ENOENT;
	if (len == 0 && e->fcap_len == 0)
		return 0;
	p = escape(db, path);
	body = p ? fcap_body(db, value, len, p) : NULL;
	rc = body ? commit(db, body) : -ENOMEM;
	talloc_free(body);
	talloc_free(p);
	return rc;
}

int iddb_remove(struct iddb *db, const char *path)
{
	char *p, *body;
	int rc;

	poll_others(db);
	if (!*slot_of(db, path, hash_of(path)))
		return -ENOENT;
	p = escape(db, path);
	body = p ? talloc_asprintf(db, "D %s", p) : NULL;
	rc = body ? commit(db, body) : -ENOMEM;
	talloc_free(body);
	talloc_free(p);
	return rc;
}

int iddb_rename(struct iddb *db, const char *from, const char *to, bool tree)
{
	char *f, *t, *body;
	bool any = false;
	int rc;

	poll_others(db);
	if (strcmp(from, to) == 0)
		return 0;	/* the kernel did nothing */
	/* Nothing to record when neither name (nor, for a tree, anything
	 * below them) has an entry. */
	if (!tree) {
		any = *slot_of(db, from, hash_of(from)) || *slot_of(db, to, hash_of(to));
	} else {
		for (size_t i = 0; !any && i < db->nbuckets; i++)
			for (struct id_entry *e = db->buckets[i]; !any && e; e = e->next)
				any = path_has_prefix(e->path, from) || path_has_prefix(e->path, to);
	}
	if (!any)
		return 0;
	f = escape(db, from);
	t = escape(db, to);
	body = f && t ? talloc_asprintf(db, "%c %s %s", tree ? 'R' : 'M', f, t) : NULL;
	rc = body ? commit(db, body) : -ENOMEM;
	talloc_free(body);
	talloc_free(f);
	talloc_free(t);
	return rc;
}

size_t iddb_count(struct iddb *db)
{
	poll_others(db);
	return db->live;
}

size_t iddb_records(const struct iddb *db)
{
	return db->records;
}
