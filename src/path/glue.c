/* Bindings whose guest parent is missing from the rootfs.
 *
 * "-b /data:/no/such/dir" must make /no, /no/such and /no/such/dir
 * appear, and the rootfs must not be written.  burrow builds the
 * missing directories (and a placeholder for the binding itself) in a
 * private temporary tree and binds its top at the first missing guest
 * ancestor.  The tree is removed when burrow exits.
 */
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "path/glue.h"
#include "common/util.h"
#include "path/bind.h"
#include "path/canon.h"
#include "path/hostfs.h"

/* Whether guest exists through the bindings made so far (the rootfs,
 * earlier -b and earlier glue). */
static bool guest_exists(TALLOC_CTX *mem, const struct bindings *b, const char *guest)
{
	struct canon_result res;
	struct fsops ops;
	struct stat st;

	host_fsops(b, &ops);
	return canon_resolve(mem, b, &ops, "/", "/", guest, 0, &res) == 0 &&
	       lstat(res.host, &st) == 0;
}

int glue_bindings(TALLOC_CTX *mem, struct bindings *b, char **glue_dir)
{
	size_t n = bindings_count(b);

	*glue_dir = NULL;
	/* Index 0 is the rootfs; glue bindings added here are past n. */
	for (size_t i = 1; i < n; i++) {
		const struct binding *user = bindings_get(b, i);
		const char *guest = user->guest;
		char *parent_host = NULL;
		char *missing = NULL, *leaf, *cut;
		struct stat st;
		int rc;

		/* The first ancestor (not "/", not the binding) that the
		 * guest cannot see. */
		for (const char *s = strchr(guest + 1, '/'); s; s = strchr(s + 1, '/')) {
			char *anc = talloc_strndup(mem, guest, (size_t)(s - guest));

			if (!anc)
				return -ENOMEM;
			if (!guest_exists(mem, b, anc)) {
				missing = anc;
				break;
			}
		}
		if (!missing) {
			/* A parent that is itself glue still needs the
			 * placeholder, so that listing it shows the binding. */
			char *parent = talloc_strndup(mem, guest, (size_t)(strrchr(guest, '/') - guest));

			if (!*glue_dir || !parent || !parent[0] ||
			    bindings_to_host(mem, b, parent, &parent_host) < 0 ||
			    !path_has_prefix(parent_host, *glue_dir))
				continue;
		}
		if (!*glue_dir) {
			const char *tmp = getenv("TMPDIR");
			char *tmpl = talloc_asprintf(mem, "%s/burrow-glue-XXXXXX",
						     tmp && *tmp ? tmp : "/tmp");

			if (!tmpl || !mkdtemp(tmpl))
				return tmpl ? -errno : -ENOMEM;
			*glue_dir = tmpl;
		}
		/* glue/<missing...>/<parent dirs>/<leaf> */
		leaf = parent_host ? talloc_asprintf(mem, "%s%s", parent_host, strrchr(guest, '/'))
				   : talloc_asprintf(mem, "%s%s", *glue_dir, guest);
		if (!leaf)
			return -ENOMEM;
		cut = strrchr(leaf, '/');
		*cut = '\0';
		rc = mkdirs(leaf, 0755);
		*cut = '/';
		if (rc < 0)
			return rc;
		/* A placeholder of the binding's kind, hidden by the binding
		 * itself but listed in its parent. */
		if (stat(user->host, &st) == 0 && !S_ISDIR(st.st_mode)) {
			int fd = open(leaf, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

			if (fd < 0)
				return -errno;
			close(fd);
		} else if (mkdir(leaf, 0755) < 0 && errno != EEXIST) {
			return -errno;
		}
		if (!missing)
			continue;
		rc = bindings_add(b, talloc_asprintf(mem, "%s%s", *glue_dir, missing), missing);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

void glue_remove(const char *glue_dir)
{
	if (glue_dir)
		nftw(glue_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static unsigned char dirent_type(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR: return DT_DIR;
	case S_IFREG: return DT_REG;
	case S_IFLNK: return DT_LNK;
	case S_IFCHR: return DT_CHR;
	case S_IFBLK: return DT_BLK;
	case S_IFIFO: return DT_FIFO;
	case S_IFSOCK: return DT_SOCK;
	}
	return DT_UNKNOWN;
}

int glue_phantoms(TALLOC_CTX *mem, const struct bindings *b, struct phantom **out, size_t *n)
{
	size_t count = bindings_count(b);
	struct fsops ops;

	*out = NULL;
	*n = 0;
	host_fsops(b, &ops);
	for (size_t i = 1; i < count; i++) {
		const struct binding *bd = bindings_get(b, i);
		const char *slash = strrchr(bd->guest, '/');
		struct canon_result parent;
		struct stat st, leaf;
		char *pguest, *leaf_host;
		struct phantom *v;

		if (!slash || !slash[1])
			continue;
		pguest = talloc_strndup(mem, bd->guest, slash == bd->guest ? 1 : (size_t)(slash - bd->guest));
		if (!pguest || canon_resolve(mem, b, &ops, "/", "/", pguest, 0, &parent) < 0 ||
		    !parent.exists || stat(bd->host, &st) < 0)
			continue;
		leaf_host = path_join(mem, parent.host, slash + 1);
		if (!leaf_host || lstat(leaf_host, &leaf) == 0)
			continue;
		v = talloc_realloc(mem, *out, struct phantom, *n + 1);
		if (!v)
			return -ENOMEM;
		*out = v;
		v[*n].parent = parent.guest;
		v[*n].name = talloc_strdup(mem, slash + 1);
		v[*n].type = dirent_type(st.st_mode);
		v[*n].ino = st.st_ino;
		(*n)++;
	}
	return 0;
}
