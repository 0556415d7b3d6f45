/* Guest path canonicalisation: a kernel-style path walk done in guest
 * space, each step mapped to the host through the bind table.
 *
 * Every function returns 0 or -errno (or NULL on ENOMEM where it returns
 * a string).  Temporary strings live on a child context of the caller's
 * that is freed before returning; only the results stay on the caller's.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "bind.h"
#include "canon.h"
#include "lex.h"

/* ---- the walk ---------------------------------------------------------- */

/* The current guest directory: a growable string that always starts
 * with the guest root, so going back to the root is a truncation. */
struct gbuf {
	char *s;
	size_t len, cap;
};

static int gbuf_reserve(struct gbuf *g, size_t more)
{
	if (g->len + more + 1 <= g->cap)
		return 0;
	size_t cap = (g->len + more + 1) * 2;
	char *s = talloc_realloc(NULL, g->s, char, cap);
	if (!s)
		return -ENOMEM;
	g->s = s;
	g->cap = cap;
	return 0;
}

static void gbuf_truncate(struct gbuf *g, size_t len)
{
	g->len = len;
	g->s[len] = '\0';
}

/* Append "/" + comp (no "/" when the buffer is "/" itself). */
static int gbuf_push(struct gbuf *g, const char *comp, size_t n)
{
	if (gbuf_reserve(g, n + 1) < 0)
		return -ENOMEM;
	if (g->len != 1)
		g->s[g->len++] = '/';
	memcpy(g->s + g->len, comp, n);
	gbuf_truncate(g, g->len + n);
	return 0;
}

/* "..": go to the parent, but never above the guest root. */
static void gbuf_pop(struct gbuf *g, size_t root_len)
{
	if (g->len <= root_len)
		return;
	size_t i = g->len;
	while (i > 0 && g->s[i - 1] != '/')
		i--;
	/* i - 1 is the slash; keep "/" itself when the parent is "/". */
	gbuf_truncate(g, i > 1 ? i - 1 : 1);
}

struct walk {
	TALLOC_CTX *tmp;
	const struct bindings *binds;
	const struct fsops *fs;
	unsigned flags;
	const char *root;	/* the guest root, normalised */
	size_t root_len;
	struct gbuf cur;	/* resolved guest directory (or final object) */
	char *rest;		/* what is left to walk, spliced with link bodies */
	unsigned links;		/* symlinks followed in this whole lookup */
	bool slash;		/* the final component had a "/" after it */
	bool is_symlink;
	bool link_crossed;	/* a symlink was followed */
	bool magic_crossed;	/* a magic link was followed */
	unsigned slow;		/* components to walk one by one before
				 * asking fs->plain_dirs again */
};

/* The walk stopped where the kernel should take over: guest and host
 * name the component it stopped at, tail (empty or starting with "/") is
 * what followed it, appended verbatim to both. */
static int finish_stop(TALLOC_CTX *mem, const char *guest, const char *host,
		       const char *tail, struct canon_result *out)
{
	size_t tl = strlen(tail);

	out->guest = talloc_asprintf(mem, "%s%s", guest, tail);
	out->host = talloc_asprintf(mem, "%s%s", host, tail);
	if (!out->guest || !out->host) {
		TALLOC_FREE(out->guest);
		TALLOC_FREE(out->host);
		return -ENOMEM;
	}
	out->trailing_slash = tl > 0 && tail[tl - 1] == '/';
	out->exists = false;
	return 0;
}

/* The walk consumed every component: cur is the answer. */
static int finish_resolved(TALLOC_CTX *mem, struct walk *w,
			   struct canon_result *out)
{
	char *host;
	int rc = bindings_to_host(w->tmp, w->binds, w->cur.s, &host);

	if (rc < 0)
		return rc;
	/* A binding's missing ancestor was accepted as a directory: say so,
	 * because the host path itself will give ENOENT.  "." and ".." can
	 * land there too, hence the check at the end rather than per step. */
	if (!w->is_symlink && bindings_is_virtual_dir(w->binds, w->cur.s)) {
		struct stat st;
		if (w->fs->lstat(w->fs->opaque, host, &st) == -ENOENT)
			out->virtual_dir = true;
	}
	out->guest = talloc_strndup(mem, w->cur.s, w->cur.len);
	if (w->slash && host[strlen(host) - 1] != '/')
		out->host = talloc_asprintf(mem, "%s/", host);
	else
		out->host = talloc_strdup(mem, host);
	if (!out->guest || !out->host) {
		TALLOC_FREE(out->guest);
		TALLOC_FREE(out->host);
		return -ENOMEM;
	}
	out->trailing_slash = w->slash;
	out->exists = true;
	out->is_symlink = w->is_symlink;
	return 0;
}

/* A final "." or ".." under CANON_KEEP_DOTS: the answer is the
 * directory cur with the component after it, for the kernel to refuse
 * (it never acts on such a name, so ".." above the root is harmless). */
static int finish_dot(TALLOC_CTX *mem, struct walk *w, const char *comp,
		      size_t n, struct canon_result *out)
{
	bool slash = w->slash;
	char *guest, *host;
	int rc;

	w->slash = false;
	w->is_symlink = false;
	rc = finish_resolved(mem, w, out);
	if (rc < 0)
		return rc;
	guest = out->guest;
	host = out->host;
	out->guest = talloc_asprintf(mem, "%s%s%.*s%s", guest,
				     strcmp(guest, "/") ? "/" : "", (int)n, comp,
				     slash ? "/" : "");
	out->host = talloc_asprintf(mem, "%s%s%.*s%s", host,
				    host[strlen(host) - 1] != '/' ? "/" : "", (int)n, comp,
				    slash ? "/" : "");
	talloc_free(guest);
	talloc_free(host);
	if (!out->guest || !out->host) {
		TALLOC_FREE(out->guest);
		TALLOC_FREE(out->host);
		return -ENOMEM;
	}
	out->trailing_slash = slash;
	out->exists = false;
	out->virtual_dir = false;
	out->final_dot = true;
	return 0;
}

/* Follow the symlink at cur (whose host path is host); q is the rest of
 * the path after it.  Returns 0 to go on walking, 1 when out is complete,
 * or -errno. */
static int follow_link(TALLOC_CTX *mem, struct walk *w, size_t parent_len,
		       const char *host, const char *q, bool last,
		       struct canon_result *out)
{
	char *target = NULL;
	enum fs_link_kind kind = FS_LINK_PLAIN;
	int rc;

	if (++w->links > CANON_MAX_SYMLINKS)
		return -ELOOP;
	rc = w->fs->readlink(w->fs->opaque, w->tmp, host, &target, &kind);
	if (rc < 0)
		return rc;
	w->link_crossed = true;
	if (kind != FS_LINK_PLAIN)
		w->magic_crossed = true;
	/* The kernel keeps only the path's own final "." or "..": one at the
	 * end of a followed final link's text is resolved like any other. */
	if (last)
		w->flags &= ~(unsigned)CANON_KEEP_DOTS;

	if (kind == FS_LINK_MAGIC && last) {
		/* Only the kernel can open what it points to (a pipe, a
		 * deleted file...): hand it the link itself. */
		rc = finish_resolved(mem, w, out);
		if (rc < 0)
			return rc;
		talloc_free(out->host);
		out->host = w->slash ? talloc_asprintf(mem, "%s/", host)
				     : talloc_strdup(mem, host);
		if (!out->host) {
			TALLOC_FREE(out->guest);
			return -ENOMEM;
		}
		out->magic = true;
		out->virtual_dir = false;
		return 1;
	}
	if (kind == FS_LINK_PLAIN && target[0] == '/') {
		/* A link in a binding may name the host's side of one. */
		char *mapped;

		rc = bindings_link_to_guest(w->tmp, w->binds, w->root, w->cur.s, target, &mapped);
		if (rc < 0)
			return rc;
		talloc_free(target);
		target = mapped;
	}
	const char *body = target;
	if (kind == FS_LINK_ROOT)
		body = "/";
	else if (body[0] == '\0' || (kind == FS_LINK_MAGIC && body[0] != '/')) {
		/* An empty body, or a kernel object followed by more
		 * components: the kernel reports ENOENT or ENOTDIR itself. */
		rc = finish_stop(mem, w->cur.s, host, q, out);
		return rc < 0 ? rc : 1;
	}

	/* Splice the body in front of what is left; the slashes in q keep a
	 * trailing "/" on the original path meaningful for the body's last
	 * component, as in the kernel. */
	char *rest = talloc_asprintf(w->tmp, "%s%s", body, q);
	if (!rest)
		return -ENOMEM;
	/* Absolute bodies restart at the guest root, relative ones at the
	 * directory holding the link. */
	gbuf_truncate(&w->cur, body[0] == '/' ? w->root_len : parent_len);
	talloc_free(target);
	talloc_free(w->rest);
	w->rest = rest;
	return 0;
}

/* The run of components from p that fs->plain_dirs may check at once:
 * up to the first "." or "..", none past the binding cur is on (a
 * component that is, or is under, another binding's guest path lives
 * elsewhere on the host), and the final one only when it is followed
 * (what else it is, the walk needs not know).  When the check fails
 * where the final name may be the cause (a symlink, a missing name),
 * the directories before it are checked alone.  On success they are on
 * cur, *end is where the walk goes on, and 1 is returned.  0 when
 * there was nothing to check or the check failed (cur is then as it
 * was, and *count says how many components to walk one by one). */
static int plain_run(struct walk *w, const char *p, const char **end,
		     unsigned *count)
{
	const struct binding *b = bindings_lookup(w->binds, w->cur.s);
	size_t save = w->cur.len;
	const char *s = p, *stop = p, *stop_dirs = p;
	size_t len_dirs = save;
	unsigned n = 0;
	bool last = false, took_last = false;
	char *dir, *host;
	int rc;

	*count = 0;
	while (!last) {
		struct path_comp c;

		if (!path_next_comp(s, &c))
			break;
		last = *c.next == '\0';
		/* A final component not followed is lstat'ed alone. */
		if (last && *c.end != '/' && (w->flags & CANON_NOFOLLOW))
			break;
		s = c.s;
		const char *e = c.end;
		size_t len = c.len;
		if ((len == 1 && s[0] == '.') || (len == 2 && s[0] == '.' && s[1] == '.'))
			break;
		size_t before = w->cur.len;
		rc = gbuf_push(&w->cur, s, len);
		if (rc < 0)
			return rc;
		if (bindings_lookup(w->binds, w->cur.s) != b) {
			gbuf_truncate(&w->cur, before);
			break;
		}
		n++;
		took_last = last;
		if (!last) {
			len_dirs = w->cur.len;
			stop_dirs = e;
		}
		stop = e;
		s = e;
	}
	/* One component costs one lstat either way. */
	if (n < 2) {
		gbuf_truncate(&w->cur, save);
		return 0;
	}
	/* cur is "/" (the push added no "/") or dir + "/" + the run. */
	const char *rel = w->cur.s + save + (save == 1 ? 0 : 1);
	dir = talloc_strndup(w->tmp, w->cur.s, save);
	if (!dir)
		return -ENOMEM;
	rc = bindings_to_host(w->tmp, w->binds, dir, &host);
	talloc_free(dir);
	if (rc < 0)
		return rc;
	rc = w->fs->plain_dirs(w->fs->opaque, w->tmp, host, rel, took_last);
	if (rc == 0) {
		talloc_free(host);
		if (took_last)
			w->slash = *stop == '/';
		*end = stop;
		return 1;
	}
	/* ENOTDIR, EACCES...: the directories themselves.  (rel is in cur:
	 * the truncation shortens it.) */
	if (took_last && n > 2 && (rc == -ELOOP || rc == -ENOENT)) {
		gbuf_truncate(&w->cur, len_dirs);
		rc = w->fs->plain_dirs(w->fs->opaque, w->tmp, host, rel, false);
		if (rc == 0) {
			talloc_free(host);
			*end = stop_dirs;
			return 1;
		}
	}
	talloc_free(host);
	gbuf_truncate(&w->cur, save);
	*count = n;
	return 0;
}

static int walk(TALLOC_CTX *mem, struct walk *w, struct canon_result *out)
{
	const char *p = w->rest;

	for (;;) {
		struct path_comp c;

		if (!path_next_comp(p, &c))
			break;
		p = c.s;
		const char *q = c.end;
		size_t n = c.len;
		bool last = *c.next == '\0';

		if (last)
			w->slash = *q == '/';
		if (last && (w->flags & CANON_KEEP_DOTS) &&
		    ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.')))
			return finish_dot(mem, w, p, n, out);
		if (n == 1 && p[0] == '.') {
			p = q;
			continue;
		}
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			/* Lexical on the resolved directory: symlinks before it
			 * were already replaced by their targets. */
			gbuf_pop(&w->cur, w->root_len);
			p = q;
			continue;
		}

		/* Directories on the way (and a followed final component),
		 * when nothing there is a symlink: one check for all of them
		 * instead of an lstat each. */
		if (w->fs->plain_dirs && w->slow == 0) {
			const char *end;
			int ok = plain_run(w, p, &end, &w->slow);
			if (ok < 0)
				return ok;
			if (ok) {
				p = end;
				continue;
			}
		}
		if (w->slow)
			w->slow--;

		size_t parent_len = w->cur.len;
		char *host;
		struct stat st;
		int rc = gbuf_push(&w->cur, p, n);
		if (rc < 0)
			return rc;
		/* Nothing to learn from a final component that is not
		 * followed: the kernel looks at it anyway. */
		if (last && !w->slash && (w->flags & CANON_LAZY_FINAL) &&
		    (w->flags & CANON_NOFOLLOW))
			break;
		rc = bindings_to_host(w->tmp, w->binds, w->cur.s, &host);
		if (rc < 0)
			return rc;
		rc = w->fs->lstat(w->fs->opaque, host, &st);
		if (rc == -ENOENT && bindings_is_virtual_dir(w->binds, w->cur.s)) {
			/* A directory the guest must see on the way to a binding. */
			talloc_free(host);
			p = q;
			continue;
		}
		if (rc == -ENOENT || rc == -ENOTDIR) {
			/* Leave this component and the rest to the kernel, so it
			 * reports the error the guest would have seen.  The
			 * component's own host path, not its parent's: it may be
			 * a binding whose host side is missing. */
			return finish_stop(mem, w->cur.s, host, q, out);
		}
		if (rc < 0)
			return rc;

		if (S_ISLNK(st.st_mode)) {
			/* A trailing slash forces a follow, as in the kernel. */
			bool follow = !last || w->slash ||
				      !(w->flags & CANON_NOFOLLOW);
			if (!follow) {
				w->is_symlink = true;
				talloc_free(host);
				p = q;
				continue;
			}
			/* q is inside w->rest, which follow_link replaces. */
			rc = follow_link(mem, w, parent_len, host, q, last, out);
			if (rc != 0)
				return rc < 0 ? rc : 0;
			talloc_free(host);
			/* A new path to walk: its directories may be plain. */
			w->slow = 0;
			p = w->rest;
			continue;
		}
		if (!S_ISDIR(st.st_mode) && !last)
			return finish_stop(mem, w->cur.s, host, q, out);
		talloc_free(host);
		p = q;
	}
	return finish_resolved(mem, w, out);
}

int canon_resolve(TALLOC_CTX *mem, const struct bindings *binds,
		  const struct fsops *fs, const char *root, const char *base,
		  const char *path, unsigned flags, struct canon_result *out)
{
	int rc;

	if (!out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	if (!binds || !fs || !root || !path)
		return -EINVAL;
	/* The kernel's getname() refuses PATH_MAX bytes or more; host paths
	 * built from the guest path may be longer, and that is fine. */
	if (strnlen(path, PATH_MAX) >= PATH_MAX)
		return -ENAMETOOLONG;
	if (path[0] == '\0' && !(flags & CANON_EMPTY_PATH))
		return -ENOENT;
	if (root[0] != '/')
		return -EINVAL;
	if (path[0] != '/' && (!base || base[0] != '/'))
		return -EINVAL;

	TALLOC_CTX *tmp = talloc_named_const(mem, 0, "canon_resolve");
	if (!tmp)
		return -ENOMEM;
	struct walk w = { .tmp = tmp, .binds = binds, .fs = fs, .flags = flags };
	char *groot = path_normalise(tmp, root);
	char *start = groot;
	if (!groot)
		goto enomem;
	if (path[0] != '/') {
		char *gbase = path_normalise(tmp, base);
		if (!gbase)
			goto enomem;
		/* Guest results always lie under root: a base outside it (a
		 * cwd kept across chroot()) is taken as root itself. */
		if (path_has_prefix(gbase, groot))
			start = gbase;
	}
	w.root = groot;
	w.root_len = strlen(groot);
	w.cur.len = strlen(start);
	w.cur.cap = w.cur.len + 64;
	w.cur.s = talloc_array(tmp, char, w.cur.cap);
	w.rest = talloc_strdup(tmp, path);
	if (!w.cur.s || !w.rest)
		goto enomem;
	memcpy(w.cur.s, start, w.cur.len + 1);

	rc = walk(mem, &w, out);
	talloc_free(tmp);
	if (rc < 0)
		memset(out, 0, sizeof(*out));
	else {
		out->link_crossed = w.link_crossed;
		out->magic_crossed = w.magic_crossed;
	}
	return rc;
enomem:
	talloc_free(tmp);
	return -ENOMEM;
}

int bindings_add_resolved(struct bindings *b, const struct fsops *fs, const char *host,
			  const char *guest, bool nofollow, TALLOC_CTX *mem, char **where)
{
	struct canon_result res;
	TALLOC_CTX *tmp;
	int rc;

	if (where)
		*where = NULL;
	if (!host || !guest || host[0] != '/' || guest[0] != '/')
		return -EINVAL;
	tmp = talloc_new(NULL);
	if (!tmp)
		return -ENOMEM;
	rc = canon_resolve(tmp, b, fs, "/", "/", guest, nofollow ? CANON_NOFOLLOW : 0, &res);
	if (rc == 0)
		rc = bindings_add(b, host, res.guest);
	if (rc == 0 && where) {
		*where = path_normalise(mem, res.guest);
		if (!*where)
			rc = -ENOMEM;
	}
	talloc_free(tmp);
	return rc;
}
