/* Shared between the files of src/pack/; not for the rest of burrow. */
#ifndef BURROW_PACK_INTERNAL_H
#define BURROW_PACK_INTERNAL_H

#include <stdbool.h>
#include <sys/types.h>
#include <time.h>
#include <talloc.h>

#include "pack/pack.h"

struct archive;

/* The progress line: shown on a tty after a second, unless -q. */
struct progress {
	bool enabled, shown;
	double after;		/* seconds before it shows */
	const char *name;	/* the archive as the user named it */
	const char *what;	/* "reading", "unpacking", "layer 2/5" */
	struct timespec start;
	int last_pct;
	double last_time;	/* seconds after start of the last update */
};
void progress_update(struct progress *p, off_t done, off_t total);
void progress_end(struct progress *p);

/* One extraction: the archive as named on the command line, counters for
 * the things neutralised, and the first error (one line, without the
 * "burrow: -r ARCHIVE: " prefix). */
struct xctx {
	TALLOC_CTX *mem;
	TALLOC_CTX *scratch;	/* freed at each member */
	const char *archive;	/* as the user named it */
	const char *layer;	/* the layer being applied, or NULL */
	struct progress *progress;
	unsigned long ndev, nsetid, nentries;
	bool no_openat2;	/* BURROW_NO_OPENAT2: the O_NOFOLLOW walk instead */
	char *err;
};

enum xmode {
	X_ALL,			/* a plain archive: every member */
	X_WHITEOUTS,		/* an image layer, first pass: only its whiteouts */
	X_FILES,		/* an image layer, second pass: all but whiteouts */
};

/* Extract the archive file at path (relative to dirfd) into
 * the current directory through disk, refusing members that would land
 * outside it.  Returns 0, or -errno with x->err set. */
int extract_file(struct xctx *x, int dirfd, const char *path, struct archive *disk, enum xmode mode);
/* The same for the archive open at fd (which stays open). */
int extract_fd(struct xctx *x, int fd, struct archive *disk, enum xmode mode);

/* Whether libarchive can read the archive at path: 0, or -errno with
 * *why its message (the first member's header is read). */
int extract_probe(TALLOC_CTX *mem, const char *path, char **why);

/* A libarchive disk writer with burrow's safety flags. */
struct archive *extract_disk_new(void);
/* Finish the directory permissions left to the end; 0 or -EIO (x->err). */
int extract_disk_close(struct xctx *x, struct archive *disk);

/* Remove name (a tree) below dirfd without following symlinks, making
 * read-only directories writable first.  ENOENT counts as success. */
int rm_tree_at(int dirfd, const char *name);

/* If the tree extracted into tmpfd/"x" is a Docker or OCI image archive,
 * apply its layers into tmpfd/"root", write its config to
 * tmpfd/"image.json" and its compact form to tmpfd/"image.cfg", and
 * return 1; return 0 when it is not an image
 * (x then is the rootfs), or -errno with x->err set. */
int image_unpack(struct xctx *x, int tmpfd);

/* What the cache entry (a directory) says about its image into *img:
 * image.cfg, or for older entries image.json; NULL when it is no image.
 * Prints its error. */
int image_load(TALLOC_CTX *mem, const char *archive, const char *entry, struct pack_image **img);

/* Read a whole (small) regular file, open at fd or below dirfd; at most
 * max bytes. */
int read_fd(TALLOC_CTX *mem, int fd, size_t max, char **data, size_t *len);
int read_small_file(TALLOC_CTX *mem, int dirfd, const char *path, size_t max, char **data, size_t *len);

#endif
