/* Table-driven fake filesystem (see fakefs.h).  Returns 0 or -errno like
 * the real fsops, including the kernel's ENOENT/ENOTDIR for a path whose
 * parent is missing or not a directory. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>

#include "fakefs.h"

#define FAKE_NONE (-1L)
#define FAKE_IMPLICIT (-2L)	/* an ancestor of some entry: a directory */

void fakefs_init(struct fakefs *ffs, const struct fake_entry *entries,
		 size_t count)
{
	memset(ffs, 0, sizeof(*ffs));
	ffs->entries = entries;
	ffs->count = count;
}

/* The entry for path[0, len): its index (the last one listed wins, so a
 * table can override), FAKE_IMPLICIT or FAKE_NONE. */
static long find(const struct fakefs *f, const char *path, size_t len)
{
	long found = FAKE_NONE;

	if (len == 0)
		return FAKE_IMPLICIT;	/* "/" */
	for (size_t i = 0; i < f->count; i++) {
		const char *e = f->entries[i].path;
		if (strncmp(e, path, len) != 0)
			continue;
		if (e[len] == '\0')
			found = (long)i;
		else if (e[len] == '/' && found == FAKE_NONE)
			found = FAKE_IMPLICIT;
	}
	return found;
}

static bool is_link(enum fake_type t)
{
	return t == FAKE_SYMLINK || t == FAKE_MAGIC || t == FAKE_ROOTLINK || t == FAKE_GUESTLINK;
}

static bool is_dir(enum fake_type t)
{
	return t == FAKE_DIR || t == FAKE_DENIED;
}

/* Walk path like the kernel's lookup without following anything: every
 * ancestor must be a searchable directory.  *idx gets the final entry. */
static int lookup(struct fakefs *f, const char *path, long *idx)
{
	size_t len = strlen(path);
	bool slash = false;

	if (path[0] != '/')
		return -EINVAL;
	while (len > 0 && path[len - 1] == '/') {
		len--;
		slash = true;
	}
	for (size_t k = 1; k < len; k++) {
		if (path[k] != '/')
			continue;
		long i = find(f, path, k);
		if (i == FAKE_NONE)
			return -ENOENT;
		if (i == FAKE_IMPLICIT)
			continue;
		enum fake_type t = f->entries[i].type;
		if (t == FAKE_DENIED)
			return -EACCES;
		if (is_link(t))
			f->crossed_symlinks++;
		if (!is_dir(t))
			return -ENOTDIR;
	}
	long i = find(f, path, len);
	if (i == FAKE_NONE)
		return -ENOENT;
	/* A trailing slash asks for a directory (a real lstat would follow
	 * a link there, which the canonicaliser never asks for). */
	if (slash && i >= 0 && !is_dir(f->entries[i].type)) {
		if (is_link(f->entries[i].type))
			f->crossed_symlinks++;
		return -ENOTDIR;
	}
	*idx = i;
	return 0;
}

static int fake_lstat(void *opaque, const char *host_path, struct stat *st)
{
	struct fakefs *f = opaque;
	long i;

	f->lstat_calls++;
	int rc = lookup(f, host_path, &i);
	if (rc < 0)
		return rc;
	memset(st, 0, sizeof(*st));
	st->st_nlink = 1;
	st->st_ino = (ino_t)(i + 3);	/* distinct, never 0 */
	if (i < 0) {
		st->st_mode = S_IFDIR | 0755;
		return 0;
	}
	const struct fake_entry *e = &f->entries[i];
	switch (e->type) {
	case FAKE_DIR:
		st->st_mode = S_IFDIR | 0755;
		break;
	case FAKE_DENIED:
		st->st_mode = S_IFDIR | 0;
		break;
	case FAKE_FILE:
		st->st_mode = S_IFREG | 0644;
		break;
	case FAKE_SYMLINK:
	case FAKE_MAGIC:
	case FAKE_ROOTLINK:
	case FAKE_GUESTLINK:
		st->st_mode = S_IFLNK | 0777;
		st->st_size = e->target ? (off_t)strlen(e->target) : 0;
		break;
	}
	return 0;
}

static int fake_readlink(void *opaque, TALLOC_CTX *mem, const char *host_path,
			 char **target, enum fs_link_kind *kind)
{
	struct fakefs *f = opaque;
	long i;

	f->readlink_calls++;
	int rc = lookup(f, host_path, &i);
	if (rc < 0)
		return rc;
	if (i < 0 || !is_link(f->entries[i].type))
		return -EINVAL;	/* readlink(2) on a non-link */
	const struct fake_entry *e = &f->entries[i];
	*target = talloc_strdup(mem, e->target ? e->target : "");
	if (!*target)
		return -ENOMEM;
	*kind = e->type == FAKE_MAGIC ? FS_LINK_MAGIC :
		e->type == FAKE_ROOTLINK ? FS_LINK_ROOT :
		e->type == FAKE_GUESTLINK ? FS_LINK_GUEST : FS_LINK_PLAIN;
	return 0;
}

/* openat2(dir, rel, O_PATH (|O_DIRECTORY unless any_last),
 * RESOLVE_NO_SYMLINKS): each
 * prefix of rel in turn, so a symlink is never gone through. */
static int fake_plain_dirs(void *opaque, TALLOC_CTX *mem, const char *host_dir, const char *rel,
			   bool any_last)
{
	struct fakefs *f = opaque;
	char *path;
	int rc = 0;
	long i;

	(void)mem;
	f->plain_dirs_calls++;
	if (f->plain_dirs_error)
		return f->plain_dirs_error;
	if (rel[0] == '/' || rel[0] == '\0')
		return -EINVAL;
	path = talloc_asprintf(NULL, "%s/%s", strcmp(host_dir, "/") ? host_dir : "", rel);
	if (!path)
		return -ENOMEM;
	for (size_t k = strlen(path) - strlen(rel); rc == 0; k++) {
		char c = path[k];

		if (c != '/' && c != '\0')
			continue;
		path[k] = '\0';
		rc = lookup(f, path, &i);
		path[k] = c;
		if (rc == 0 && i >= 0 && is_link(f->entries[i].type))
			rc = -ELOOP;
		else if (rc == 0 && i >= 0 && !is_dir(f->entries[i].type) &&
			 !(any_last && c == '\0'))
			rc = -ENOTDIR;
		if (c == '\0')
			break;
	}
	talloc_free(path);
	return rc;
}

struct fsops fakefs_ops_plain_dirs(struct fakefs *ffs)
{
	struct fsops ops = fakefs_ops(ffs);

	ops.plain_dirs = fake_plain_dirs;
	return ops;
}

struct fsops fakefs_ops(struct fakefs *ffs)
{
	return (struct fsops){
		.lstat = fake_lstat,
		.readlink = fake_readlink,
		.opaque = ffs,
	};
}
