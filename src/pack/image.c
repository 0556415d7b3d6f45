/* Docker (`docker save`) and OCI image archives: layers applied in
 * manifest order with their whiteouts, and the config kept for run time.
 *
 * Every file of an image (manifest.json, index.json, oci-layout, the
 * config, layers, blobs) is looked up strictly inside the unpacked outer
 * archive: a symlink member is followed only while it stays inside
 * (RESOLVE_BENEATH: no absolute target, no ".." above the archive's
 * top), so `docker save`'s links between identical layers work and a
 * link to the host is refused. */
#include <archive.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/escape.h"
#include "pack/internal.h"

#define MAX_JSON (16 << 20)
/* The compact config is never much longer than the JSON it came from. */
#define MAX_COMPACT (MAX_JSON + 4096)
#define MAX_LINKS 40

int read_fd(TALLOC_CTX *mem, int fd, size_t max, char **data, size_t *len)
{
	struct stat st;
	char *buf;
	size_t n = 0;

	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	if ((size_t)st.st_size > max)
		return -EFBIG;
	buf = talloc_size(mem, (size_t)st.st_size + 1);
	if (!buf)
		return -ENOMEM;
	while (n < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + n, (size_t)st.st_size - n);

		if (r <= 0) {
			int rc = r < 0 ? -errno : -EIO;

			talloc_free(buf);
			return rc;
		}
		n += (size_t)r;
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}

int read_small_file(TALLOC_CTX *mem, int dirfd, const char *path, size_t max, char **data, size_t *len)
{
	int fd = openat(dirfd, path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), rc;

	if (fd < 0)
		return -errno;
	rc = read_fd(mem, fd, max, data, len);
	close(fd);
	return rc;
}

/* The fallback for kernels without openat2 (Linux 5.6): a walk of path
 * from root, one component at a time with O_NOFOLLOW, doing what
 * RESOLVE_BENEATH does with symlinks and "..".  Returns an fd or -errno. */
static int walk_beneath(TALLOC_CTX *mem, int root, const char *path)
{
	size_t depth = 0, cap = 8;
	int *dirs = talloc_array(mem, int, cap), links = 0, rc;
	char *rest = talloc_strdup(mem, path);

	if (!dirs || !rest)
		return -ENOMEM;
	dirs[0] = openat(root, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dirs[0] < 0)
		return -errno;
	rc = -EISDIR;	/* a path that ends on a directory */
	while (*rest) {
		size_t len = strcspn(rest, "/");
		char *after = rest + len + strspn(rest + len, "/");
		char *comp = talloc_strndup(mem, rest, len), *target;
		struct stat st;
		ssize_t n;
		int fd;

		if (!comp) {
			rc = -ENOMEM;
			break;
		}
		if (!len || strcmp(comp, ".") == 0) {
			rest = after;
			continue;
		}
		if (strcmp(comp, "..") == 0) {
			if (depth == 0) {
				rc = -EXDEV;
				break;
			}
			close(dirs[depth--]);
			rest = after;
			continue;
		}
		if (fstatat(dirs[depth], comp, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			rc = -errno;
			break;
		}
		if (S_ISLNK(st.st_mode)) {
			target = talloc_size(mem, (size_t)st.st_size + 2);
			n = target ? readlinkat(dirs[depth], comp, target, (size_t)st.st_size + 1) : -1;
			if (n < 0 || n > st.st_size) {
				rc = n < 0 ? (target ? -errno : -ENOMEM) : -EAGAIN;
				break;
			}
			target[n] = '\0';
			if (++links > MAX_LINKS) {
				rc = -ELOOP;
				break;
			}
			if (target[0] == '/') {
				rc = -EXDEV;
				break;
			}
			if (!target[0]) {
				rc = -ENOENT;
				break;
			}
			rest = talloc_asprintf(mem, "%s%s%s", target, *after ? "/" : "", after);
			if (!rest) {
				rc = -ENOMEM;
				break;
			}
			continue;
		}
		if (!*after) {
			fd = openat(dirs[depth], comp, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
			rc = fd < 0 ? -errno : fd;
			break;
		}
		if (!S_ISDIR(st.st_mode)) {
			rc = -ENOTDIR;
			break;
		}
		if (depth + 1 == cap) {
			int *more = talloc_realloc(mem, dirs, int, cap * 2);

			if (!more) {
				rc = -ENOMEM;
				break;
			}
			dirs = more;
			cap *= 2;
		}
		fd = openat(dirs[depth], comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			rc = -errno;
			break;
		}
		dirs[++depth] = fd;
		rest = after;
	}
	for (size_t i = 0; i <= depth; i++)
		close(dirs[i]);
	return rc;
}

/* Open the regular file path (cleaned, relative) of the image's tree xfd.
 * Returns the fd, or -errno with x->err naming what (what, then path):
 * -EXDEV when it would lead outside the tree. */
static int open_in_tree(struct xctx *x, int xfd, const char *what, const char *path)
{
	struct open_how how = { .flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC,
				.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS };
	struct stat st;
	const char *why;
	int fd = -ENOSYS;

	if (!x->no_openat2) {
		fd = (int)syscall(SYS_openat2, xfd, path, &how, sizeof(how));
		if (fd < 0)
			fd = -errno;
	}
	/* ENOSYS before Linux 5.6, EPERM under some container filters. */
	if (fd == -ENOSYS || fd == -EPERM)
		fd = walk_beneath(x->scratch ? x->scratch : x->mem, xfd, path);
	if (fd >= 0 && (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))) {
		close(fd);
		fd = -EINVAL;
	}
	if (fd >= 0)
		return fd;
	switch (fd) {
	case -EXDEV:
		why = "leads outside the archive through a symlink (refused)";
		break;
	case -ENOENT:
		why = "not in the archive";
		break;
	case -EINVAL:
	case -EISDIR:
		why = "not a regular file";
		break;
	default:
		why = strerror(-fd);
	}
	if (!x->err)
		x->err = talloc_asprintf(x->mem, "%s%s: %s", what, esc(x->mem, path), why);
	return fd;
}

/* Read the JSON file path of the image's tree whole. */
static int read_member(struct xctx *x, int xfd, const char *what, const char *path, char **data, size_t *len)
{
	int fd = open_in_tree(x, xfd, what, path), rc;

	if (fd < 0)
		return fd;
	rc = read_fd(x->mem, fd, MAX_JSON, data, len);
	close(fd);
	if (rc < 0 && !x->err)
		x->err = talloc_asprintf(x->mem, "%s%s: %s", what, esc(x->mem, path), strerror(-rc));
	return rc;
}

/* Docker: manifest.json is [{"Config": "x.json", "Layers": ["a/layer.tar", ...]}]. */
static int docker_manifest(struct xctx *x, int xfd, char **config, char ***layers)
{
	char *data, *why;
	size_t len;
	int rc = read_member(x, xfd, "image file ", "manifest.json", &data, &len);

	if (rc < 0)
		return rc;
	rc = pack_docker_manifest(x->mem, data, len, config, layers, &why);
	if (rc < 0)
		x->err = talloc_asprintf(x->mem, "image file manifest.json: %s", why);
	return rc;
}

/* OCI: index.json -> manifest blob (through nested indexes) -> config and layers. */
static int oci_manifest(struct xctx *x, int xfd, char **config, char ***layers)
{
	char *path = "index.json", *next, *data, *why;
	size_t len;
	int rc, fd;

	fd = open_in_tree(x, xfd, "image file ", "oci-layout");
	if (fd < 0)
		return fd;
	close(fd);
	for (int depth = 0;; depth++) {
		if ((rc = read_member(x, xfd, "image file ", path, &data, &len)) < 0)
			return rc;
		rc = pack_oci_manifest(x->mem, data, len, &next, config, layers, &why);
		if (rc == 0 && next && depth >= 4) {
			why = "indexes nested too deeply";
			rc = -EINVAL;
		}
		if (rc < 0) {
			x->err = talloc_asprintf(x->mem, "image file %s: %s", path, why);
			return rc;
		}
		if (!next)
			return 0;
		path = next;
	}
}

/* A top-level file that makes the tree an image: a regular file, or a
 * symlink, which open_in_tree() then follows or refuses. */
static bool exists(int dirfd, const char *path)
{
	struct stat st;

	return fstatat(dirfd, path, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	       (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode));
}

/* Write len bytes of data to the new file name below dirfd. */
static int write_new(int dirfd, const char *name, const char *data, size_t len)
{
	int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	size_t done = 0;
	int rc = 0;

	if (fd < 0)
		return -errno;
	while (done < len) {
		ssize_t w = write(fd, data + done, len - done);

		if (w <= 0) {
			rc = w < 0 ? -errno : -EIO;
			break;
		}
		done += (size_t)w;
	}
	if (close(fd) < 0 && !rc)
		rc = -errno;
	return rc;
}

/* The config: kept as it came (image.json, for people) and in the compact
 * form a run reads (image.cfg). */
static int keep_config(struct xctx *x, int xfd, int tmpfd, const char *config)
{
	struct pack_image *img;
	char *data, *why, *compact;
	size_t len, clen;
	int rc = read_member(x, xfd, "image config ", config, &data, &len);

	if (rc < 0)
		return rc;
	rc = pack_image_parse(x->mem, data, len, &img, &why);
	if (rc < 0) {
		x->err = talloc_asprintf(x->mem, "image config %s: %s", esc(x->mem, config), why);
		return rc;
	}
	rc = pack_image_encode(x->mem, img, &compact, &clen);
	if (rc == 0)
		rc = write_new(tmpfd, "image.json", data, len);
	if (rc == 0)
		rc = write_new(tmpfd, "image.cfg", compact, clen);
	if (rc < 0)
		x->err = talloc_asprintf(x->mem, "cannot write the image config: %s", strerror(-rc));
	talloc_free(img);
	talloc_free(data);
	talloc_free(compact);
	return rc;
}

int image_unpack(struct xctx *x, int tmpfd)
{
	char *config, **layers, *clean;
	const char *w;
	size_t nlayers = 0;
	struct archive *disk;
	int xfd, rootfd, cwd, rc, fd;

	xfd = openat(tmpfd, "x", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (xfd < 0)
		return -errno;
	if (exists(xfd, "manifest.json"))
		rc = docker_manifest(x, xfd, &config, &layers);
	else if (exists(xfd, "index.json") && exists(xfd, "oci-layout"))
		rc = oci_manifest(x, xfd, &config, &layers);
	else
		rc = 1;
	if (rc != 0) {
		rc = rc == 1 ? 0 : rc;	/* 1: a plain tree, not an image */
		goto out_x;
	}
	/* Every name in the manifest stays inside the archive's tree. */
	for (char **l = layers; *l; l++, nlayers++) {
		if (!(clean = pack_clean_path(x->mem, *l, &w))) {
			x->err = talloc_asprintf(x->mem, "image manifest: layer %s: %s", esc(x->mem, *l), w);
			rc = -EINVAL;
			goto out_x;
		}
		if ((fd = open_in_tree(x, xfd, "image manifest: layer ", clean)) < 0) {
			rc = fd;
			goto out_x;
		}
		close(fd);
		*l = clean;
	}
	if (!(clean = pack_clean_path(x->mem, config, &w))) {
		x->err = talloc_asprintf(x->mem, "image config %s: %s", esc(x->mem, config), w);
		rc = -EINVAL;
		goto out_x;
	}
	if ((rc = keep_config(x, xfd, tmpfd, clean)) < 0)
		goto out_x;

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
		for (enum xmode m = X_WHITEOUTS; m <= X_FILES && rc == 0; m++) {
			if ((fd = open_in_tree(x, xfd, "image manifest: layer ", layers[i])) < 0) {
				rc = fd;
				break;
			}
			rc = extract_fd(x, fd, disk, m);
			close(fd);
		}
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

int image_load(TALLOC_CTX *mem, const char *archive, const char *entry, struct pack_image **out)
{
	char *data, *why;
	size_t len;
	int rc;

	*out = NULL;
	rc = read_small_file(mem, AT_FDCWD, talloc_asprintf(mem, "%s/image.cfg", entry), MAX_COMPACT,
			     &data, &len);
	if (rc == 0) {
		rc = pack_image_decode(mem, data, len, out);
		if (rc < 0)
			fprintf(stderr, "burrow: -r %s: cache entry %s: image.cfg is damaged"
				" (remove the entry with --cache-clean)\n", esc(mem, archive), entry);
		return rc;
	}
	if (rc != -ENOENT)
		goto fail;
	/* An entry from before image.cfg: its JSON, parsed on each run. */
	rc = read_small_file(mem, AT_FDCWD, talloc_asprintf(mem, "%s/image.json", entry), MAX_JSON,
			     &data, &len);
	if (rc == -ENOENT)
		return 0;	/* not an image */
	if (rc < 0)
		goto fail;
	rc = pack_image_parse(mem, data, len, out, &why);
	talloc_free(data);
	if (rc < 0)
		fprintf(stderr, "burrow: -r %s: image config: %s\n", esc(mem, archive), why);
	return rc;
fail:
	fprintf(stderr, "burrow: -r %s: cache entry %s: %s\n", esc(mem, archive), entry, strerror(-rc));
	return rc;
}
