/* Docker (`docker save`) and OCI image archives: layers applied in
 * manifest order with their whiteouts, and the config kept for run time. */
#include <archive.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pack/internal.h"
#include "pack/json.h"

#define MAX_JSON (16 << 20)

int read_small_file(TALLOC_CTX *mem, int dirfd, const char *path, size_t max, char **data, size_t *len)
{
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *buf;
	size_t n = 0;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > max) {
		int rc = S_ISREG(st.st_mode) ? -EFBIG : -EINVAL;

		close(fd);
		return rc;
	}
	buf = talloc_size(mem, (size_t)st.st_size + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	while (n < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + n, (size_t)st.st_size - n);

		if (r <= 0) {
			int rc = r < 0 ? -errno : -EIO;

			close(fd);
			talloc_free(buf);
			return rc;
		}
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}

/* Parse the json file path (below dirfd) or set x->err about it. */
static int read_json(struct xctx *x, int dirfd, const char *path, struct json **out)
{
	char *data;
	size_t len, off = 0;
	int rc = read_small_file(x->mem, dirfd, path, MAX_JSON, &data, &len);

	if (rc < 0) {
		x->err = talloc_asprintf(x->mem, "image file %s: %s", path, strerror(-rc));
		return rc;
	}
	rc = json_parse(x->mem, data, len, out, &off);
	if (rc < 0)
		x->err = talloc_asprintf(x->mem, "image file %s: malformed JSON at byte %zu", path, off);
	return rc;
}

/* "sha256:HEX" → "blobs/sha256/HEX", or NULL. */
static char *blob_path(TALLOC_CTX *mem, const char *digest)
{
	const char *colon = digest ? strchr(digest, ':') : NULL;

	if (!colon || colon == digest || !colon[1] || strchr(colon + 1, '/') ||
	    strspn(digest, "abcdefghijklmnopqrstuvwxyz0123456789+._-") != (size_t)(colon - digest) ||
	    strspn(colon + 1, "0123456789abcdefABCDEF") != strlen(colon + 1))
		return NULL;
	return talloc_asprintf(mem, "blobs/%.*s/%s", (int)(colon - digest), digest, colon + 1);
}

/* Docker: manifest.json is [{"Config": "x.json", "Layers": ["a/layer.tar", ...]}]. */
static int docker_manifest(struct xctx *x, int xfd, char **config, char ***layers)
{
	struct json *m;
	const struct json *first;
	int rc = read_json(x, xfd, "manifest.json", &m);

	if (rc < 0)
		return rc;
	first = m->type == JSON_ARRAY && m->n ? m->vals[0] : NULL;
	*config = (char *)json_get_string(first, "Config");
	if (!*config || json_string_array(x->mem, json_get(first, "Layers"), layers) < 0 || !*layers) {
		x->err = talloc_strdup(x->mem, "image file manifest.json: no \"Config\" and \"Layers\" in its first image");
		return -EINVAL;
	}
	return 0;
}

/* OCI: index.json → manifest blob (through nested indexes) → config and layers. */
static int oci_manifest(struct xctx *x, int xfd, char **config, char ***layers)
{
	struct json *j;
	const struct json *ls;
	char *path = "index.json";
	int rc;

	for (int depth = 0;; depth++) {
		const struct json *ms;

		if ((rc = read_json(x, xfd, path, &j)) < 0)
			return rc;
		ms = json_get(j, "manifests");
		if (!ms)
			break;
		if (ms->type != JSON_ARRAY || !ms->n || depth > 4 ||
		    !(path = blob_path(x->mem, json_get_string(ms->vals[0], "digest")))) {
			x->err = talloc_asprintf(x->mem, "image file %s: no usable \"manifests\" entry", path);
			return -EINVAL;
		}
	}
	*config = blob_path(x->mem, json_get_string(json_get(j, "config"), "digest"));
	ls = json_get(j, "layers");
	if (!*config || !ls || ls->type != JSON_ARRAY) {
		x->err = talloc_asprintf(x->mem, "image file %s: no \"config\" and \"layers\"", path);
		return -EINVAL;
	}
	*layers = talloc_zero_array(x->mem, char *, ls->n + 1);
	for (size_t i = 0; i < ls->n; i++) {
		(*layers)[i] = blob_path(x->mem, json_get_string(ls->vals[i], "digest"));
		if (!(*layers)[i]) {
			x->err = talloc_asprintf(x->mem, "image file %s: layer %zu has no usable digest", path, i + 1);
			return -EINVAL;
		}
	}
	return 0;
}

static bool is_file(int dirfd, const char *path)
{
	struct stat st;

	return fstatat(dirfd, path, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
}

int image_unpack(struct xctx *x, int tmpfd)
{
	char *config, **layers, *data, *why;
	const char *w;
	size_t len, nlayers = 0;
	struct json *cfg;
	struct archive *disk;
	int xfd, rootfd, cwd, rc;

	xfd = openat(tmpfd, "x", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (xfd < 0)
		return -errno;
	if (is_file(xfd, "manifest.json"))
		rc = docker_manifest(x, xfd, &config, &layers);
	else if (is_file(xfd, "index.json") && is_file(xfd, "oci-layout"))
		rc = oci_manifest(x, xfd, &config, &layers);
	else
		rc = 1;
	if (rc != 0) {
		rc = rc == 1 ? 0 : rc;	/* 1: a plain tree, not an image */
		goto out_x;
	}
	/* Every name in the manifest stays inside the archive's tree. */
	for (char **l = layers; *l; l++, nlayers++)
		if (!(why = pack_clean_path(x->mem, *l, &w)) || !is_file(xfd, why)) {
			x->err = talloc_asprintf(x->mem, "image manifest: layer %s: %s", *l,
						 why ? "not in the archive" : w);
			rc = -EINVAL;
			goto out_x;
		} else {
			*l = why;
		}
	if (!(why = pack_clean_path(x->mem, config, &w)) ||
	    (rc = read_small_file(x->mem, xfd, why, MAX_JSON, &data, &len)) < 0) {
		x->err = talloc_asprintf(x->mem, "image config %s: %s", config,
					 why ? strerror(-rc) : w);
		rc = -EINVAL;
		goto out_x;
	}
	if (json_parse(x->mem, data, len, &cfg, NULL) < 0 || cfg->type != JSON_OBJECT) {
		x->err = talloc_asprintf(x->mem, "image config %s: malformed JSON", config);
		rc = -EINVAL;
		goto out_x;
	}
	{
		int fd = openat(tmpfd, "image.json", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

		if (fd < 0 || write(fd, data, len) != (ssize_t)len) {
			rc = -errno;
			if (fd >= 0)
				close(fd);
			x->err = talloc_asprintf(x->mem, "cannot write the image config: %s", strerror(-rc));
			goto out_x;
		}
		close(fd);
	}

	if (mkdirat(tmpfd, "root", 0755) < 0 ||
	    (rootfd = openat(tmpfd, "root", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		rc = -errno;
		goto out_x;
	}
	cwd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	disk = extract_disk_new();
	if (cwd < 0 || !disk || fchdir(rootfd) < 0) {
		rc = -ENOMEM;
		goto out_root;
	}
	rc = 0;
	for (size_t i = 0; i < nlayers && rc == 0; i++) {
		x->layer = layers[i];
		if (x->progress)
			x->progress->what = talloc_asprintf(x->mem, "unpacking layer %zu/%zu of", i + 1, nlayers);
		rc = extract_file(x, xfd, layers[i], disk, X_WHITEOUTS);
		if (rc == 0)
			rc = extract_file(x, xfd, layers[i], disk, X_FILES);
	}
	x->layer = NULL;
	if (extract_disk_close(x, disk) < 0 && rc == 0)
		rc = -EIO;
	disk = NULL;
	if (fchdir(cwd) < 0 && rc == 0)
		rc = -errno;
	if (rc == 0)
		rc = 1;
out_root:
	if (disk)
		archive_write_free(disk);
	if (cwd >= 0)
		close(cwd);
	close(rootfd);
out_x:
	close(xfd);
	return rc;
}

int image_load(TALLOC_CTX *mem, const char *archive, const char *path, struct pack_image **out)
{
	struct pack_image *img = talloc_zero(mem, struct pack_image);
	struct json *j;
	const struct json *c;
	char *data;
	size_t len, off = 0;
	int rc;

	if (!img)
		return -ENOMEM;
	rc = read_small_file(img, AT_FDCWD, path, MAX_JSON, &data, &len);
	if (rc < 0) {
		fprintf(stderr, "burrow: -r %s: image config %s: %s\n", archive, path, strerror(-rc));
		return rc;
	}
	rc = json_parse(img, data, len, &j, &off);
	if (rc < 0) {
		fprintf(stderr, "burrow: -r %s: image config: malformed JSON at byte %zu\n", archive, off);
		return rc;
	}
	c = json_get(j, "config");
	if ((c && c->type != JSON_OBJECT && c->type != JSON_NULL) ||
	    json_string_array(img, json_get(c, "Entrypoint"), &img->entrypoint) < 0 ||
	    json_string_array(img, json_get(c, "Cmd"), &img->cmd) < 0 ||
	    json_string_array(img, json_get(c, "Env"), &img->env) < 0 ||
	    (json_get(c, "WorkingDir") && json_get(c, "WorkingDir")->type != JSON_STRING &&
	     json_get(c, "WorkingDir")->type != JSON_NULL)) {
		fprintf(stderr, "burrow: -r %s: image config: Entrypoint, Cmd and Env must be arrays of strings,"
			" WorkingDir a string\n", archive);
		return -EINVAL;
	}
	if (json_get_string(c, "WorkingDir"))
		img->workdir = talloc_strdup(img, json_get_string(c, "WorkingDir"));
	*out = img;
	return 0;
}
