/* The per-user cache of unpacked archives.
 *
 *   CACHE/index         one line per archive seen: identity → sha256
 *   CACHE/lock          flock()ed while unpacking or cleaning
 *   CACHE/.tmp-XXXXXX   an unpack in progress (stale if nobody holds the lock)
 *   CACHE/SHA256/       an entry: root/, source (the archive's path),
 *                       lock and, for images, image.json.  Entries appear
 *                       only by rename(), so one that exists is complete.
 *
 * A run holds a shared flock() on its entry's lock for as long as it
 * lasts; --cache-clean takes it exclusively, without waiting, and keeps
 * the entries it cannot take: a running guest's root is never removed.
 */
#include <archive.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <nettle/sha2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/autoclose.h"
#include "common/escape.h"
#include "common/util.h"
#include "pack/internal.h"

static char *cache_path(TALLOC_CTX *mem, const struct pack_opts *o)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");

	if (o->cache_dir)
		return talloc_strdup(mem, o->cache_dir);
	if (xdg && xdg[0] == '/')
		return talloc_asprintf(mem, "%s/burrow", xdg);
	if (home && home[0] == '/')
		return talloc_asprintf(mem, "%s/.cache/burrow", home);
	return NULL;
}

/* The cache directory, created if create; NULL after an error, which
 * names archive when not NULL. */
static char *open_cache(TALLOC_CTX *mem, const struct pack_opts *o, const char *archive, bool create)
{
	char *dir = cache_path(mem, o);
	char *who = archive ? talloc_asprintf(mem, "-r %s: ", archive) : "";
	int rc;

	if (!dir) {
		fprintf(stderr, "burrow: %sno cache directory: set XDG_CACHE_HOME or HOME, or give --cache-dir\n", who);
		return NULL;
	}
	rc = create ? mkdirs(dir, 0700) : 0;
	if (rc < 0) {
		fprintf(stderr, "burrow: %scache %s: %s (choose another with --cache-dir)\n", who, dir, strerror(-rc));
		return NULL;
	}
	return dir;
}

static int lock_cache(const char *dir)
{
	char *path = talloc_asprintf(NULL, "%s/lock", dir);
	AUTOCLOSE int fd = path ? open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600) : -1;

	talloc_free(path);
	if (fd < 0)
		return -errno;
	while (flock(fd, LOCK_EX) < 0)
		if (errno != EINTR)
			return -errno;
	return autoclose_take(&fd);
}

/* The sha256 the index gives for id, if its entry still exists. */
static bool index_lookup(TALLOC_CTX *mem, const char *dir, const struct pack_ident *id, char sha[65])
{
	char *path = talloc_asprintf(mem, "%s/index", dir), *line = NULL, *src;
	size_t cap = 0;
	FILE *f = path ? fopen(path, "re") : NULL;
	bool found = false;
	struct pack_ident got;
	struct stat st;

	if (!f)
		return false;
	while (!found && getline(&line, &cap, f) > 0) {
		if (pack_index_parse(mem, line, &got, sha, &src) == 0 &&
		    got.dev == id->dev && got.ino == id->ino && got.size == id->size &&
		    got.mtime_sec == id->mtime_sec && got.mtime_nsec == id->mtime_nsec)
			found = stat(talloc_asprintf(mem, "%s/%s/root", dir, sha), &st) == 0 &&
				S_ISDIR(st.st_mode);
	}
	free(line);
	fclose(f);
	return found;
}

/* Rewrite the index (lock held): keep the lines whose entry exists and
 * that are not about id's file, add newline (if not NULL). */
static int index_update(TALLOC_CTX *mem, const char *dir, const struct pack_ident *id, const char *newline)
{
	char *path = talloc_asprintf(mem, "%s/index", dir);
	char *tmp = talloc_asprintf(mem, "%s/index.new", dir), *line = NULL, *src;
	char sha[65];
	size_t cap = 0;
	FILE *in = fopen(path, "re"), *out = fopen(tmp, "we");
	struct pack_ident got;
	struct stat st;
	int rc = 0;

	if (!out) {
		rc = -errno;
		if (in)
			fclose(in);
		return rc;
	}
	while (in && getline(&line, &cap, in) > 0) {
		if (pack_index_parse(mem, line, &got, sha, &src) < 0)
			continue;
		if (id && got.dev == id->dev && got.ino == id->ino)
			continue;
		if (stat(talloc_asprintf(mem, "%s/%s", dir, sha), &st) < 0)
			continue;
		fputs(line, out);
	}
	free(line);
	if (in)
		fclose(in);
	if (newline)
		fputs(newline, out);
	if (fflush(out) != 0 || fsync(fileno(out)) < 0)
		rc = -errno;
	if (fclose(out) != 0 && !rc)
		rc = -errno;
	if (!rc && rename(tmp, path) < 0)
		rc = -errno;
	if (rc)
		unlink(tmp);
	return rc;
}

/* Unpacks that died (kill -9, power loss) left .tmp-* behind: with the
 * lock held nobody else is unpacking, so they all go. */
static void remove_stale(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d)))
		if (strncmp(de->d_name, ".tmp-", 5) == 0)
			rm_tree_at(dirfd(d), de->d_name);
	closedir(d);
}

static int hash_file(TALLOC_CTX *mem, const char *path, struct progress *pr, char sha[65])
{
	struct sha256_ctx s;
	uint8_t digest[SHA256_DIGEST_SIZE];
	struct stat st;
	char *buf = talloc_size(mem, 1 << 20);
	off_t done = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = 0;
	ssize_t n;

	if (fd < 0 || !buf || fstat(fd, &st) < 0) {
		rc = fd < 0 ? -errno : -ENOMEM;
		goto out;
	}
	sha256_init(&s);
	pr->what = "reading";
	while ((n = read(fd, buf, 1 << 20)) > 0) {
		sha256_update(&s, (size_t)n, (const uint8_t *)buf);
		done += n;
		progress_update(pr, done, st.st_size);
	}
	if (n < 0)
		rc = -errno;
	if (n == 0) {
		sha256_digest(&s, sizeof(digest), digest);
		for (size_t i = 0; i < sizeof(digest); i++)
			snprintf(sha + 2 * i, 3, "%02x", digest[i]);
	}
out:
	talloc_free(buf);
	if (fd >= 0)
		close(fd);
	return rc;
}

static void say_neutralised(const char *archive, const struct xctx *x)
{
	if (x->ndev)
		fprintf(stderr, "burrow: -r %s: skipped %lu device node%s (they cannot be made"
			" without privileges; bind the host's /dev instead)\n",
			archive, x->ndev, x->ndev == 1 ? "" : "s");
	if (x->nsetid)
		fprintf(stderr, "burrow: -r %s: cleared the setuid/setgid bits of %lu file%s\n",
			archive, x->nsetid, x->nsetid == 1 ? "" : "s");
}

/* Unpack archive into a fresh CACHE/.tmp-*, then rename it to CACHE/sha.
 * Lock held.  Prints its own errors. */
static int unpack(TALLOC_CTX *mem, const struct pack_opts *o, const char *dir, const char *archive,
		  const char *abs, const char *sha, struct progress *pr)
{
	char *tmp = talloc_asprintf(mem, "%s/.tmp-XXXXXX", dir);
	struct xctx x = { .mem = mem, .archive = archive, .progress = pr, .no_openat2 = o->no_openat2 };
	struct archive *disk = NULL;
	int tmpfd = -1, cwd = -1, rc;

	if (!tmp || !mkdtemp(tmp)) {
		rc = -errno;
		fprintf(stderr, "burrow: -r %s: cannot unpack into the cache %s: %s\n", archive, dir, strerror(-rc));
		return rc;
	}
	tmpfd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	cwd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	disk = extract_disk_new();
	if (tmpfd < 0 || cwd < 0 || !disk || mkdirat(tmpfd, "x", 0755) < 0 || fchdir(tmpfd) < 0 ||
	    chdir("x") < 0) {
		rc = -errno;
		x.err = talloc_asprintf(mem, "cannot unpack into the cache %s: %s", dir, strerror(errno));
		goto out;
	}
	pr->what = "unpacking";
	rc = extract_file(&x, cwd, abs, disk, X_ALL);
	if (extract_disk_close(&x, disk) < 0 && rc == 0)
		rc = -EIO;
	disk = NULL;
	if (fchdir(cwd) < 0 && rc == 0)
		rc = -errno;
	if (rc < 0)
		goto out;
	rc = image_unpack(&x, tmpfd);
	if (rc < 0)
		goto out;
	if (rc == 1)
		rc = rm_tree_at(tmpfd, "x");
	else
		rc = renameat(tmpfd, "x", tmpfd, "root") < 0 ? -errno : 0;
	if (rc == 0) {
		int fd = openat(tmpfd, "source", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

		if (fd < 0 || dprintf(fd, "%s\n", abs) < 0)
			rc = -errno;
		if (fd >= 0)
			close(fd);
	}
	/* The guest must be able to walk its root, whatever "./" said. */
	if (rc == 0 && fchmodat(tmpfd, "root", 0755, 0) < 0)
		rc = -errno;
	if (rc == 0 && rename(tmp, talloc_asprintf(mem, "%s/%s", dir, sha)) < 0)
		rc = -errno;
	if (rc < 0 && !x.err)
		x.err = talloc_asprintf(mem, "cannot unpack into the cache %s: %s", dir, strerror(-rc));
out:
	progress_end(pr);
	if (disk)
		archive_write_free(disk);
	if (cwd >= 0) {
		if (fchdir(cwd) < 0)
			rc = rc ? rc : -errno;
		close(cwd);
	}
	if (tmpfd >= 0)
		close(tmpfd);
	if (rc < 0) {
		fprintf(stderr, "burrow: -r %s: %s\n", esc(mem, archive), x.err);
		rm_tree_at(AT_FDCWD, tmp);
		return rc;
	}
	say_neutralised(archive, &x);
	if (o->verbose >= 1)
		fprintf(stderr, "burrow: unpacked %s into %s/%s (%lu members)\n", archive, dir, sha, x.nentries);
	return 0;
}

static int close_held(int *fd)
{
	close(*fd);
	return 0;
}

/* A shared lock on the entry, held until mem is freed (or burrow exits):
 * --cache-clean leaves the entry alone meanwhile.  Not inherited by the
 * guest (O_CLOEXEC).  0, or -ESTALE when a clean removed the entry
 * while we waited for the lock, or -errno. */
static int hold_entry(TALLOC_CTX *mem, const char *entry)
{
	char *path = talloc_asprintf(mem, "%s/lock", entry);
	AUTOCLOSE int fd = path ? open(path, O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600) : -1;
	struct stat held, now;
	int *keep;

	if (fd < 0 && (errno == EACCES || errno == EROFS))
		return 0;	/* someone else's cache, read-only to us */
	if (fd < 0)
		return path ? -errno : -ENOMEM;
	while (flock(fd, LOCK_SH) < 0)
		if (errno != EINTR)
			return -errno;
	if (fstat(fd, &held) < 0 || stat(path, &now) < 0 || held.st_dev != now.st_dev ||
	    held.st_ino != now.st_ino)
		return -ESTALE;
	keep = talloc(mem, int);
	if (!keep)
		return -ENOMEM;
	*keep = autoclose_take(&fd);
	talloc_set_destructor(keep, close_held);
	return 0;
}

/* -ESTALE: the entry was removed before it could be held. */
static int use_entry(TALLOC_CTX *mem, const char *dir, const char *sha, const char *archive,
		     char **rootfs, struct pack_image **image)
{
	char *entry = talloc_asprintf(mem, "%s/%s", dir, sha);
	int rc = hold_entry(mem, entry);

	if (rc == -ESTALE)
		return rc;
	if (rc < 0) {
		fprintf(stderr, "burrow: -r %s: cache entry %s: cannot lock: %s\n", esc(mem, archive), entry,
			strerror(-rc));
		return rc;
	}

	/* Its mtime says when it was last used, for --cache-clean=DAYS. */
	utimensat(AT_FDCWD, entry, NULL, 0);
	*rootfs = talloc_asprintf(mem, "%s/root", entry);
	return image_load(mem, archive, entry, image);
}

int pack_rootfs(TALLOC_CTX *mem, const struct pack_opts *o, const char *archive,
		char **rootfs, struct pack_image **image)
{
	struct progress pr = { .name = archive, .enabled = !o->quiet && isatty(2),
			       .after = o->progress_after };
	struct pack_ident id;
	struct stat st;
	char sha[65], *dir, *abs, *real, *why;
	AUTOCLOSE int lock = -1;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &pr.start);
	if (stat(archive, &st) < 0) {
		fprintf(stderr, "burrow: -r %s: %s\n", archive, strerror(errno));
		return -errno;
	}
	id = (struct pack_ident){ .dev = st.st_dev, .ino = st.st_ino, .size = (uint64_t)st.st_size,
				  .mtime_sec = st.st_mtim.tv_sec, .mtime_nsec = st.st_mtim.tv_nsec };
	real = realpath(archive, NULL);
	abs = talloc_strdup(mem, real ? real : archive);
	free(real);
	dir = open_cache(mem, o, archive, false);
	if (!dir || !abs)
		return -ENOENT;
	/* The common case: seen before, unchanged.  No lock, no read.  A
	 * clean that removed the entry meanwhile: unpack again, below. */
	if (index_lookup(mem, dir, &id, sha) &&
	    (rc = use_entry(mem, dir, sha, archive, rootfs, image)) != -ESTALE)
		return rc;

	/* A file that is no archive at all leaves the cache untouched. */
	if ((rc = extract_probe(mem, abs, &why)) < 0) {
		fprintf(stderr, "burrow: -r %s: %s (-r takes a directory, or a tar, tar.gz, tar.xz,"
			" tar.zst, tar.bz2, zip or cpio archive)\n", archive, why);
		return rc;
	}
	if (!open_cache(mem, o, archive, true))
		return -EACCES;
	lock = lock_cache(dir);
	if (lock < 0) {
		fprintf(stderr, "burrow: -r %s: cache %s: cannot lock: %s\n", archive, dir, strerror(-lock));
		return lock;
	}
	/* Another burrow may have unpacked it while we waited.  The entry
	 * is held before the lock goes: no clean can come between. */
	if (index_lookup(mem, dir, &id, sha))
		return use_entry(mem, dir, sha, archive, rootfs, image);
	remove_stale(dir);
	rc = hash_file(mem, abs, &pr, sha);
	if (rc < 0) {
		progress_end(&pr);
		fprintf(stderr, "burrow: -r %s: %s\n", archive, strerror(-rc));
		return rc;
	}
	/* The same content under another name or date: reuse it. */
	if (stat(talloc_asprintf(mem, "%s/%s/root", dir, sha), &st) < 0)
		rc = unpack(mem, o, dir, archive, abs, sha, &pr);
	progress_end(&pr);
	if (rc == 0 && (rc = index_update(mem, dir, &id, pack_index_format(mem, &id, sha, abs))) < 0)
		fprintf(stderr, "burrow: cache %s: cannot write its index: %s\n", dir, strerror(-rc));
	if (rc == 0)
		rc = use_entry(mem, dir, sha, archive, rootfs, image);
	return rc;
}

static bool is_entry_name(const char *name)
{
	return strlen(name) == 64 && strspn(name, "0123456789abcdef") == 64;
}

static uint64_t tree_bytes(int dirfd, const char *name)
{
	struct stat st;
	uint64_t sum;
	DIR *d;
	struct dirent *de;
	int fd;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return 0;
	sum = (uint64_t)st.st_blocks * 512;
	if (!S_ISDIR(st.st_mode))
		return sum;
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || !(d = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return sum;
	}
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			sum += tree_bytes(fd, de->d_name);
	closedir(d);
	return sum;
}

int pack_cache_list(TALLOC_CTX *mem, const struct pack_opts *o, FILE *out)
{
	char *dir = open_cache(mem, o, NULL, true);
	DIR *d;
	struct dirent *de;
	uint64_t total = 0;
	unsigned n = 0;

	if (!dir)
		return -ENOENT;
	d = opendir(dir);
	if (!d) {
		fprintf(stderr, "burrow: cache %s: %s\n", dir, strerror(errno));
		return -errno;
	}
	while ((de = readdir(d))) {
		char *src = NULL, when[32] = "?";
		size_t len;
		uint64_t bytes;
		struct stat st;
		struct tm tm;

		if (!is_entry_name(de->d_name))
			continue;
		bytes = tree_bytes(dirfd(d), de->d_name);
		if (read_small_file(mem, dirfd(d), talloc_asprintf(mem, "%s/source", de->d_name),
				    PATH_MAX * 4, &src, &len) == 0)
			src[strcspn(src, "\n")] = '\0';
		else
			src = "?";
		if (fstatat(dirfd(d), de->d_name, &st, 0) == 0 && localtime_r(&st.st_mtime, &tm))
			strftime(when, sizeof(when), "%Y-%m-%d", &tm);
		fprintf(out, "%.12s  %8.1f MiB  used %s  %s%s\n", de->d_name, bytes / 1048576.0, when, src,
			faccessat(dirfd(d), talloc_asprintf(mem, "%s/image.json", de->d_name), F_OK, 0) == 0
			? " (image)" : "");
		total += bytes;
		n++;
	}
	closedir(d);
	fprintf(out, "%u entr%s, %.1f MiB in %s\n", n, n == 1 ? "y" : "ies", total / 1048576.0, dir);
	return 0;
}

/* The entry's lock, taken exclusively without waiting: its fd (held
 * while the entry goes), -EWOULDBLOCK while a run holds it, or another
 * -errno when there is no lock to take (the entry is removed then). */
static int take_entry(TALLOC_CTX *mem, int dirfd, const char *name)
{
	char *path = talloc_asprintf(mem, "%s/lock", name);
	AUTOCLOSE int fd = path ? openat(dirfd, path, O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
					 0600) : -1;

	if (fd < 0)
		return path ? -errno : -ENOMEM;
	while (flock(fd, LOCK_EX | LOCK_NB) < 0)
		if (errno != EINTR)
			return errno == EWOULDBLOCK ? -EWOULDBLOCK : -errno;
	return autoclose_take(&fd);
}

static void say_busy(TALLOC_CTX *mem, const char *dir, int dirfd, const char *name)
{
	char *src = NULL;
	size_t len;

	if (read_small_file(mem, dirfd, talloc_asprintf(mem, "%s/source", name), PATH_MAX * 4,
			    &src, &len) == 0)
		src[strcspn(src, "\n")] = '\0';
	fprintf(stderr, "burrow: cache %s: kept %.12s (%s): in use by a running burrow\n", dir, name,
		src ? src : "?");
}

int pack_cache_clean(TALLOC_CTX *mem, const struct pack_opts *o, long days)
{
	char *dir = open_cache(mem, o, NULL, true);
	DIR *d;
	struct dirent *de;
	uint64_t total = 0;
	unsigned n = 0;
	time_t now = time(NULL);
	AUTOCLOSE int lock = -1;
	int rc = 0;

	if (!dir)
		return -ENOENT;
	lock = lock_cache(dir);
	if (lock < 0) {
		fprintf(stderr, "burrow: cache %s: cannot lock: %s\n", dir, strerror(-lock));
		return lock;
	}
	remove_stale(dir);
	d = opendir(dir);
	if (!d) {
		rc = -errno;
		fprintf(stderr, "burrow: cache %s: %s\n", dir, strerror(-rc));
		return rc;
	}
	while ((de = readdir(d))) {
		struct stat st;
		char *gone;
		AUTOCLOSE int held = -1;
		int r;

		if (!is_entry_name(de->d_name) || fstatat(dirfd(d), de->d_name, &st, 0) < 0)
			continue;
		if (days > 0 && now - st.st_mtime < days * 86400L)
			continue;
		held = take_entry(mem, dirfd(d), de->d_name);
		if (held == -EWOULDBLOCK) {
			say_busy(mem, dir, dirfd(d), de->d_name);
			continue;
		}
		total += tree_bytes(dirfd(d), de->d_name);
		/* Out of sight first: a half-removed entry must not look
		 * complete to a burrow that does not take the lock. */
		gone = talloc_asprintf(mem, ".tmp-gone-%s", de->d_name);
		if (!gone || renameat(dirfd(d), de->d_name, dirfd(d), gone) < 0)
			continue;
		r = rm_tree_at(dirfd(d), gone);
		if (r < 0 && !rc) {
			rc = r;
			fprintf(stderr, "burrow: cache %s: cannot remove %s: %s\n", dir, de->d_name, strerror(-r));
		}
		n++;
	}
	closedir(d);
	remove_stale(dir);
	index_update(mem, dir, NULL, NULL);
	fprintf(stderr, "burrow: removed %u cache entr%s (%.1f MiB) from %s\n", n, n == 1 ? "y" : "ies",
		total / 1048576.0, dir);
	return rc;
}
