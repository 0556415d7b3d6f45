/* Archives as root file systems: unpacked once into a per-user cache,
 * safely, and reused.  Functions return 0 or -errno; those that talk to
 * the user print their one-line error themselves. */
#ifndef BURROW_PACK_PACK_H
#define BURROW_PACK_PACK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <talloc.h>

struct pack_opts {
	const char *cache_dir;	/* --cache-dir, or NULL for $XDG_CACHE_HOME/burrow */
	bool quiet;		/* -q: no progress line */
	int verbose;		/* -v: 1 says when an archive is unpacked */
	bool no_openat2;	/* BURROW_NO_OPENAT2=1: image files found by an
				 * O_NOFOLLOW walk, as before Linux 5.6 */
	double progress_after;	/* seconds before the progress line shows (1;
				 * BURROW_PROGRESS_AFTER sets it, for tests) */
};

/* What a Docker or OCI image's config asks for; every field may be NULL. */
struct pack_image {
	char **entrypoint;	/* NULL-terminated */
	char **cmd;
	char **env;		/* "NAME=value" */
	char *workdir;
};

/* The rootfs for ARCHIVE, a regular file: its cache entry, unpacked now if
 * needed.  *rootfs is the entry's root directory; *image is set for
 * Docker and OCI archives (else NULL).  On failure the error was printed
 * and no cache entry was made. */
int pack_rootfs(TALLOC_CTX *mem, const struct pack_opts *o, const char *archive,
		char **rootfs, struct pack_image **image);

/* --cache-list: one line per entry on out.  --cache-clean: remove every
 * entry, or (days > 0) those not used for that many days. */
int pack_cache_list(TALLOC_CTX *mem, const struct pack_opts *o, FILE *out);
int pack_cache_clean(TALLOC_CTX *mem, const struct pack_opts *o, long days);

/* ---- pure parts, exposed for the unit tests ---------------------------- */

/* An archive's identity: when all of it is unchanged, the archive is taken
 * to be the one hashed before. */
struct pack_ident {
	uint64_t dev, ino, size;
	int64_t mtime_sec, mtime_nsec;
};

/* One line of the cache's index: "DEV INO SIZE MTIME.NSEC SHA256 PATH".
 * parse returns 0, or -EINVAL for a malformed line (the index is then
 * taken to lack it); format returns the line, newline included. */
int pack_index_parse(TALLOC_CTX *mem, const char *line, struct pack_ident *id,
		     char sha[65], char **path);
char *pack_index_format(TALLOC_CTX *mem, const struct pack_ident *id, const char *sha,
			const char *path);

/* A member path of an archive, made relative: "./a//b/" → "a/b", "." → "".
 * Returns NULL (and sets *why) when it is absolute or has a ".."
 * component, as it would then lead outside the entry. */
char *pack_clean_path(TALLOC_CTX *mem, const char *path, const char **why);

/* Layer whiteouts: a member "DIR/.wh.NAME" deletes DIR/NAME of the layers
 * below, "DIR/.wh..wh..opq" empties DIR.  path is already cleaned. */
enum pack_whiteout { WH_NONE, WH_FILE, WH_OPAQUE };
enum pack_whiteout pack_whiteout(TALLOC_CTX *mem, const char *path, char **target);

/* Image manifests, read as Docker does (keys matched without regard to
 * case, the last match winning).  Each returns 0, or -errno with *why a
 * message that quotes nothing from the input.
 *
 * docker: manifest.json's first image, its "Config" and "Layers" (member
 * paths, not yet cleaned).  oci: one index.json or manifest blob; *next
 * is set (to "blobs/ALG/HEX") when it is an index, else *config and
 * *layers are blob paths. */
int pack_docker_manifest(TALLOC_CTX *mem, const char *text, size_t len, char **config,
			 char ***layers, char **why);
int pack_oci_manifest(TALLOC_CTX *mem, const char *text, size_t len, char **next,
		      char **config, char ***layers, char **why);
/* "sha256:HEX" -> "blobs/sha256/HEX", or NULL when it is not a digest. */
char *pack_blob_path(TALLOC_CTX *mem, const char *digest);

/* An image config's JSON text to what it asks for (fields under "config",
 * matched as Docker does). */
int pack_image_parse(TALLOC_CTX *mem, const char *text, size_t len, struct pack_image **img,
		     char **why);
/* The compact form kept in the cache entry, so a run reads no JSON:
 * "burrow-image 1\n", then for entrypoint, cmd, env and workdir a line
 * "NAME COUNT\n" and COUNT NUL-terminated strings.  decode takes buf
 * (its strings are used in place); -EINVAL when it is malformed. */
int pack_image_encode(TALLOC_CTX *mem, const struct pack_image *img, char **buf, size_t *len);
int pack_image_decode(TALLOC_CTX *mem, char *buf, size_t len, struct pack_image **img);

/* base (an environ) with the "NAME=value" entries of over set, in linear
 * time: a name base has is replaced in place (its first occurrence), a
 * new one is appended, the last of over winning; entries of over without
 * "=" or with an empty name are ignored, as setenv(3) would refuse them.
 * The strings are shared, not copied. */
char **pack_env_merge(TALLOC_CTX *mem, char *const *base, char *const *over);

#endif
