/* Member-by-member extraction with libarchive, refusing anything that
 * would write outside the destination, and neutralising device nodes and
 * setuid bits. */
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/autoclose.h"
#include "common/escape.h"
#include "pack/internal.h"

static double elapsed(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (now.tv_nsec - start->tv_nsec) / 1e9;
}

void progress_update(struct progress *p, off_t done, off_t total)
{
	double t;
	int pct;

	if (!p || !p->enabled || total <= 0 || (t = elapsed(&p->start)) < p->after)
		return;
	pct = (int)(done * 100 / total);
	if (pct > 100)
		pct = 100;
	/* At most five updates a second. */
	if (p->shown && (pct == p->last_pct || t - p->last_time < 0.2))
		return;
	p->last_time = t;
	fprintf(stderr, "\rburrow: %s %s: %3d%%\033[K", p->what, p->name, pct);
	fflush(stderr);
	p->shown = true;
	p->last_pct = pct;
}

void progress_end(struct progress *p)
{
	if (p && p->shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		p->shown = false;
	}
}

/* x->err, unless set: the member names, link targets and libarchive's
 * messages (which quote names) are escaped for the terminal. */
static void set_err(struct xctx *x, const char *entry, const char *fmt, const char *msg)
{
	const char *layer = x->layer ? talloc_asprintf(x->mem, "layer %s: ", esc(x->mem, x->layer)) : "";

	if (x->err)
		return;
	entry = entry ? esc(x->mem, entry) : NULL;
	msg = esc(x->mem, msg);
	if (entry)
		x->err = talloc_asprintf(x->mem, "%sentry %s: %s", layer, entry,
					 talloc_asprintf(x->mem, fmt, msg));
	else
		x->err = talloc_asprintf(x->mem, "%s%s", layer, talloc_asprintf(x->mem, fmt, msg));
}

struct archive *extract_disk_new(void)
{
	struct archive *disk = archive_write_disk_new();

	/* Ownership, ACLs, xattrs and file flags stay the user's: the entry
	 * is theirs.  The SECURE flags are libarchive's own check of what
	 * check_member() below already refused. */
	if (disk)
		archive_write_disk_set_options(disk, ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_PERM |
					       ARCHIVE_EXTRACT_SECURE_NODOTDOT |
					       ARCHIVE_EXTRACT_SECURE_SYMLINKS |
					       ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS);
	return disk;
}

int extract_disk_close(struct xctx *x, struct archive *disk)
{
	/* Directory modes and times are set here; a directory a later layer's
	 * whiteout removed only gives a warning. */
	int r = archive_write_close(disk);

	if (r == ARCHIVE_FATAL)
		set_err(x, NULL, "%s", archive_error_string(disk));
	archive_write_free(disk);
	return r == ARCHIVE_FATAL ? -EIO : 0;
}

/* Walk the components of path (cleaned, relative) below dirfd, the last
 * one excepted unless all: each must be a directory, not a symlink, or
 * not exist yet.  Returns 0, or -ELOOP/-ENOTDIR with *bad the prefix at
 * fault. */
static int check_parents(TALLOC_CTX *mem, int dirfd, const char *path, bool all, char **bad)
{
	const char *p = path;
	struct stat st;

	for (;;) {
		const char *slash = strchr(p, '/');
		char *prefix;

		if (!slash && !all)
			return 0;
		prefix = talloc_strndup(mem, path, slash ? (size_t)(slash - path) : strlen(path));
		if (!prefix)
			return -ENOMEM;
		if (fstatat(dirfd, prefix, &st, AT_SYMLINK_NOFOLLOW) < 0)
			return 0;	/* missing: the rest is made fresh */
		if (S_ISLNK(st.st_mode) || !S_ISDIR(st.st_mode)) {
			if (!slash && S_ISREG(st.st_mode))
				return 0;
			*bad = prefix;
			return S_ISLNK(st.st_mode) ? -ELOOP : -ENOTDIR;
		}
		if (!slash)
			return 0;
		p = slash + 1;
	}
}

int rm_tree_at(int dirfd, const char *name)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	int fd, rc = 0;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISDIR(st.st_mode))
		return unlinkat(dirfd, name, 0) < 0 && errno != ENOENT ? -errno : 0;
	/* Store directories are read-only: make each writable to empty it. */
	if ((st.st_mode & 0700) != 0700)
		fchmodat(dirfd, name, 0700, 0);
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (!d) {
		rc = -errno;
		close(fd);
		return rc;
	}
	while ((de = readdir(d))) {
		int r;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		r = rm_tree_at(fd, de->d_name);
		if (r < 0 && !rc)
			rc = r;
	}
	closedir(d);
	if (unlinkat(dirfd, name, AT_REMOVEDIR) < 0 && errno != ENOENT && !rc)
		rc = -errno;
	return rc;
}

/* Open directory path (cleaned, relative) below dirfd without following
 * any symlink.  Returns the fd, or -errno. */
static int open_beneath(int dirfd, TALLOC_CTX *mem, const char *path)
{
	char *copy = talloc_strdup(mem, path), *comp, *save;
	AUTOCLOSE int fd = dirfd == AT_FDCWD ? open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
					     : dup(dirfd);

	if (!copy || fd < 0)
		return -ENOMEM;
	for (comp = strtok_r(copy, "/", &save); comp; comp = strtok_r(NULL, "/", &save)) {
		int next = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

		if (next < 0)
			return -errno;
		close(fd);
		fd = next;
	}
	return autoclose_take(&fd);
}

/* A whiteout of the layers below: delete target, or (opaque) its contents. */
static int apply_whiteout(struct xctx *x, enum pack_whiteout kind, const char *target)
{
	AUTOCLOSE int fd = -1;
	const char *slash, *base;
	char *dir;
	int rc = 0;

	if (!target)
		return 0;
	if (kind == WH_OPAQUE) {
		DIR *d;
		struct dirent *de;

		fd = open_beneath(AT_FDCWD, x->scratch, target[0] ? target : ".");
		if (fd < 0)
			return 0;	/* nothing below to hide */
		d = fdopendir(dup(fd));
		if (!d)
			return -errno;
		while ((de = readdir(d)))
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") && !rc)
				rc = rm_tree_at(fd, de->d_name);
		closedir(d);
		return rc;
	}
	slash = strrchr(target, '/');
	base = slash ? slash + 1 : target;
	dir = slash ? talloc_strndup(x->scratch, target, (size_t)(slash - target)) : ".";
	fd = open_beneath(AT_FDCWD, x->scratch, dir);
	if (fd < 0)
		return 0;
	return rm_tree_at(fd, base);
}

/* Decide what to do with one member; 1 to write it, 0 to skip it, or
 * -errno (x->err set) to refuse the archive. */
static int check_member(struct xctx *x, struct archive_entry *e, enum xmode mode)
{
	const char *orig = archive_entry_pathname(e), *why = NULL;
	const char *link = archive_entry_hardlink(e);
	char *path, *target, *bad = NULL;
	enum pack_whiteout wh;
	mode_t type = archive_entry_filetype(e);
	mode_t perm = archive_entry_perm(e);
	int rc;

	if (!orig) {
		set_err(x, "(unnamed)", "%s", "a member without a name");
		return -EINVAL;
	}
	path = pack_clean_path(x->scratch, orig, &why);
	if (!path) {
		set_err(x, orig, "%s (refused: it would be written outside the cache entry)", why);
		return -EPERM;
	}
	if (!path[0])
		return 0;	/* "./": the root itself */
	wh = mode == X_ALL ? WH_NONE : pack_whiteout(x->scratch, path, &target);
	if (mode == X_WHITEOUTS) {
		if (wh == WH_NONE)
			return 0;
		rc = apply_whiteout(x, wh, target);
		if (rc < 0) {
			set_err(x, orig, "whiteout: %s", strerror(-rc));
			return rc;
		}
		return 0;
	}
	if (wh != WH_NONE)
		return 0;
	if (type == AE_IFCHR || type == AE_IFBLK) {
		x->ndev++;
		return 0;
	}
	if (type == AE_IFSOCK)
		return 0;
	if (perm & (S_ISUID | S_ISGID)) {
		archive_entry_set_perm(e, perm & ~(mode_t)(S_ISUID | S_ISGID));
		x->nsetid++;
	}
	rc = check_parents(x->scratch, AT_FDCWD, path, false, &bad);
	if (rc < 0) {
		set_err(x, orig, rc == -ELOOP ? "goes through the symlink %s (refused: it could write outside the cache entry)"
			: "%s is not a directory", bad);
		return -EPERM;
	}
	archive_entry_set_pathname(e, path);
	if (link) {
		char *lpath = pack_clean_path(x->scratch, link, &why);

		if (!lpath || !lpath[0]) {
			set_err(x, orig, "hard link to %s (refused: it leads outside the cache entry)", link);
			return -EPERM;
		}
		rc = check_parents(x->scratch, AT_FDCWD, lpath, true, &bad);
		if (rc < 0) {
			set_err(x, orig, "hard link through %s (refused: it could lead outside the cache entry)", bad);
			return -EPERM;
		}
		archive_entry_set_hardlink(e, lpath);
	}
	return 1;
}

static int copy_data(struct xctx *x, struct archive *a, struct archive *disk,
		     const char *name, off_t total)
{
	const void *buf;
	size_t size;
	la_int64_t off;

	for (;;) {
		int r = archive_read_data_block(a, &buf, &size, &off);

		if (r == ARCHIVE_EOF)
			return 0;
		if (r < ARCHIVE_WARN) {
			set_err(x, name, "%s", archive_error_string(a));
			return -EIO;
		}
		if (archive_write_data_block(disk, buf, size, off) < ARCHIVE_WARN) {
			set_err(x, name, "%s", archive_error_string(disk));
			return -EIO;
		}
		progress_update(x->progress, (off_t)archive_filter_bytes(a, -1), total);
	}
}

static struct archive *reader_new(void)
{
	struct archive *a = archive_read_new();

	if (!a)
		return NULL;
	/* Named one by one rather than archive_read_support_*_all(): the
	 * static binary then links no XML (xar) or other format libraries. */
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_bzip2(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_lzma(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_filter_lz4(a);
	archive_read_support_filter_lzip(a);
	archive_read_support_filter_compress(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_gnutar(a);
	archive_read_support_format_zip(a);
	archive_read_support_format_cpio(a);
	return a;
}

int extract_probe(TALLOC_CTX *mem, const char *path, char **why)
{
	struct archive *a = reader_new();
	struct archive_entry *e;
	int rc = 0;

	if (!a)
		return -ENOMEM;
	if (archive_read_open_filename(a, path, 1 << 16) != ARCHIVE_OK ||
	    archive_read_next_header(a, &e) < ARCHIVE_WARN) {
		*why = talloc_strdup(mem, archive_error_string(a) ? archive_error_string(a) : "unreadable");
		rc = archive_errno(a) > 0 ? -archive_errno(a) : -EINVAL;
	}
	archive_read_free(a);
	return rc;
}

int extract_file(struct xctx *x, int dirfd, const char *path, struct archive *disk, enum xmode mode)
{
	AUTOCLOSE int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		int rc = -errno;

		set_err(x, NULL, "%s", strerror(-rc));
		return rc;
	}
	return extract_fd(x, fd, disk, mode);
}

int extract_fd(struct xctx *x, int fd, struct archive *disk, enum xmode mode)
{
	struct archive *a = reader_new();
	struct archive_entry *e;
	struct stat st;
	char *last = NULL;
	int rc = 0;

	if (!a)
		return -ENOMEM;
	if (fstat(fd, &st) < 0) {
		rc = -errno;
		set_err(x, NULL, "%s", strerror(-rc));
		goto out;
	}
	if (archive_read_open_fd(a, fd, 1 << 16) != ARCHIVE_OK) {
		set_err(x, NULL, "%s", archive_error_string(a));
		rc = -EINVAL;
		goto out;
	}
	for (;;) {
		int r = archive_read_next_header(a, &e);

		if (r == ARCHIVE_EOF)
			break;
		/* ARCHIVE_RETRY is a damaged header that libarchive would
		 * skip to resynchronise: for us the archive is corrupt. */
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
			if (last)
				set_err(x, talloc_asprintf(x->mem, "after %s", last), "%s",
					archive_error_string(a));
			else if (mode == X_ALL)
				set_err(x, NULL, "%s (-r takes a directory, or a tar, tar.gz, tar.xz, tar.zst,"
					" tar.bz2, zip or cpio archive)", archive_error_string(a));
			else
				set_err(x, NULL, "%s", archive_error_string(a));
			rc = -EIO;
			goto out;
		}
		talloc_free(last);
		last = talloc_strdup(x->mem, archive_entry_pathname(e) ? archive_entry_pathname(e) : "?");
		/* What checking one member allocates goes with it. */
		talloc_free(x->scratch);
		x->scratch = talloc_new(x->mem);
		if (!last || !x->scratch) {
			rc = -ENOMEM;
			set_err(x, NULL, "%s", strerror(ENOMEM));
			goto out;
		}
		rc = check_member(x, e, mode);
		if (rc < 0)
			goto out;
		if (rc == 0) {
			/* Skipped members are still read: a truncated one
			 * must fail here too. */
			if (archive_read_data_skip(a) < ARCHIVE_WARN) {
				set_err(x, last, "%s", archive_error_string(a));
				rc = -EIO;
				goto out;
			}
			continue;
		}
		rc = 0;
		x->nentries++;
		if (archive_write_header(disk, e) < ARCHIVE_WARN) {
			set_err(x, last, "%s", archive_error_string(disk));
			rc = -EIO;
			goto out;
		}
		if (archive_entry_size(e) > 0 && (rc = copy_data(x, a, disk, last, st.st_size)) < 0)
			goto out;
		if (archive_write_finish_entry(disk) < ARCHIVE_WARN) {
			set_err(x, last, "%s", archive_error_string(disk));
			rc = -EIO;
			goto out;
		}
		progress_update(x->progress, (off_t)archive_filter_bytes(a, -1), st.st_size);
	}
out:
	talloc_free(x->scratch);
	x->scratch = NULL;
	talloc_free(last);
	archive_read_free(a);
	return rc;
}
