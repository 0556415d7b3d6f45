/* The fake-root database: owners, modes and device numbers that -0 and
 * -i pretend files have, kept in a journal file so that a later run (or
 * another burrow writing at the same time) sees them.
 *
 * Keys are canonical guest paths.  The file is text, one record a line:
 *
 *     burrow-ids 1                          header, first line
 *     CRC S MODE UID GID RDEV PATH          set: MODE octal (S_IFMT bits
 *                                           only for device nodes), RDEV hex
 *     CRC C HEX PATH                        file capabilities of PATH's
 *                                           entry: the security.capability
 *                                           value in hex, "-" for none
 *     CRC D PATH                            delete PATH
 *     CRC M FROM TO                         move one entry
 *     CRC R FROM TO                         move FROM and everything below
 *     CRC X                                 superseded: reopen the file
 *
 * CRC is the CRC-32 of the rest of the line, 8 hex digits; paths are
 * %XX-escaped (bytes up to space, '%', DEL).  Writers append whole lines
 * under an exclusive flock(); a line without its newline (a writer that
 * died) is cut off by the next writer, a line whose CRC does not match is
 * ignored.  When the journal has grown to several times the live
 * entries it is rewritten to a new temporary file (O_EXCL, beside it)
 * and renamed over the old one, which gets an X record so that other burrows reopen it.
 *
 * Functions return 0 or -errno.
 */
#ifndef BURROW_IDS_IDDB_H
#define BURROW_IDS_IDDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <talloc.h>

struct id_meta {
	uint32_t mode;		/* permission bits (07777), plus S_IFCHR or
				 * S_IFBLK for an emulated device node; no
				 * type bits: the real file's type stands */
	uint32_t uid, gid;
	uint64_t rdev;		/* device nodes only */
};

struct iddb;

/* Open (without creating: the first change creates it) the database in
 * file; NULL file keeps it in memory only.  A file that cannot be
 * written is read, and changes then last for this run only (a warning
 * says so once).  -EINVAL, with a message, for a file burrow refuses,
 * untouched: not empty and not starting with the header, a symlink (never
 * followed), not a regular file, or another user's that could be
 * written. */
int iddb_open(TALLOC_CTX *mem, const char *file, struct iddb **out);

/* 0 and *out filled, or -ENOENT.  Picks up other writers' records. */
int iddb_get(struct iddb *db, const char *path, struct id_meta *out);
int iddb_set(struct iddb *db, const char *path, const struct id_meta *m);
/* File capabilities: the raw security.capability value (at most
 * IDDB_FCAP_MAX bytes) kept with path's entry, which must exist
 * (-ENOENT otherwise); len 0 drops them.  An entry's S records leave
 * them as they are; they move and go with the entry.  Journals older
 * than C records read as before, and older burrows skip C records. */
#define IDDB_FCAP_MAX 24	/* struct vfs_ns_cap_data */
int iddb_get_fcap(struct iddb *db, const char *path, void *out, size_t *len);
int iddb_set_fcap(struct iddb *db, const char *path, const void *value, size_t len);
/* Forget path (an unlinked name); -ENOENT when it had no entry. */
int iddb_remove(struct iddb *db, const char *path);
/* A rename: whatever `to` had is dropped, `from`'s entry (and with
 * tree, every entry below it) moves. */
int iddb_rename(struct iddb *db, const char *from, const char *to, bool tree);
/* Live entries. */
size_t iddb_count(struct iddb *db);

/* Records in the file (after compaction, the live entries). */
size_t iddb_records(const struct iddb *db);

#endif
