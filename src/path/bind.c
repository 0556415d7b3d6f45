/* The bind table (see bind.h).  Functions return 0 or -errno.
 *
 * A handful of bindings at most, so lookups are linear scans: simpler
 * than a trie, and the canonicaliser's lstat per component costs more.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "bind.h"
#include "lex.h"

struct bindings {
	struct binding *v;	/* v[0] is the root binding "/" -> rootfs */
	size_t n;
	char **protected;	/* host paths no mutating call may name */
	size_t nprotected;
	char **prefixes;	/* nor any host path that starts with these */
	size_t nprefixes;
};

struct bindings *bindings_new(TALLOC_CTX *mem, const char *rootfs)
{
	if (!rootfs || rootfs[0] != '/')
		return NULL;
	struct bindings *b = talloc_zero(mem, struct bindings);
	if (!b)
		return NULL;
	b->v = talloc_array(b, struct binding, 1);
	if (!b->v)
		goto fail;
	b->v[0].host = path_normalise(b, rootfs);
	b->v[0].guest = talloc_strdup(b, "/");
	b->v[0].flags = 0;
	if (!b->v[0].host || !b->v[0].guest)
		goto fail;
	b->n = 1;
	return b;
fail:
	talloc_free(b);
	return NULL;
}

int bindings_add(struct bindings *b, const char *host, const char *guest)
{
	if (!host || !guest || host[0] != '/' || guest[0] != '/')
		return -EINVAL;
	char *h = path_normalise(b, host);
	char *g = path_normalise(b, guest);
	if (!h || !g)
		goto enomem;

	if (strcmp(g, "/") == 0) {
		/* A new rootfs: keep it at index 0, where callers expect it. */
		talloc_free(b->v[0].host);
		talloc_free(b->v[0].guest);
		b->v[0] = (struct binding){ .host = h, .guest = g };
		return 0;
	}
	/* Like a later mount on the same point: the old one disappears and
	 * the new one counts as the most recent (for host->guest ties). */
	for (size_t i = 1; i < b->n; i++) {
		if (strcmp(b->v[i].guest, g) != 0)
			continue;
		talloc_free(b->v[i].host);
		talloc_free(b->v[i].guest);
		memmove(&b->v[i], &b->v[i + 1], (b->n - i - 1) * sizeof(b->v[0]));
		b->n--;
		break;
	}
	struct binding *v = talloc_realloc(b, b->v, struct binding, b->n + 1);
	if (!v)
		goto enomem;
	b->v = v;
	b->v[b->n++] = (struct binding){ .host = h, .guest = g };
	return 0;
enomem:
	talloc_free(h);
	talloc_free(g);
	return -ENOMEM;
}

int bindings_set_flags(struct bindings *b, size_t i, unsigned flags)
{
	if (i >= b->n)
		return -EINVAL;
	b->v[i].flags = flags;
	return 0;
}

/* Append path (on b; NULL when it could not be made) to (*v, *n). */
static int add_protected(struct bindings *b, char ***v, size_t *n, char *path)
{
	char **nv;

	if (!path)
		return -ENOMEM;
	nv = talloc_realloc(b, *v, char *, *n + 1);
	if (!nv) {
		talloc_free(path);
		return -ENOMEM;
	}
	*v = nv;
	nv[(*n)++] = path;
	return 0;
}

int bindings_protect(struct bindings *b, const char *host)
{
	if (!host || host[0] != '/')
		return -EINVAL;
	return add_protected(b, &b->protected, &b->nprotected, path_normalise(b, host));
}

int bindings_protect_prefix(struct bindings *b, const char *prefix)
{
	if (!prefix || prefix[0] != '/')
		return -EINVAL;
	return add_protected(b, &b->prefixes, &b->nprefixes, talloc_strdup(b, prefix));
}

bool bindings_restricted(const struct bindings *b)
{
	if (b->nprotected || b->nprefixes)
		return true;
	for (size_t i = 0; i < b->n; i++)
		if (b->v[i].flags & BIND_READONLY)
			return true;
	return false;
}

/* The binding with the longest host prefix holding host, the last added
 * on ties (as bindings_to_guest picks it); NULL outside them all. */
const struct binding *bindings_host_lookup(const struct bindings *b, const char *host)
{
	const struct binding *best = NULL;
	size_t best_len = 0;

	for (size_t i = 0; i < b->n; i++) {
		size_t len = strlen(b->v[i].host);

		if ((!best || len >= best_len) && path_has_prefix(host, b->v[i].host)) {
			best = &b->v[i];
			best_len = len;
		}
	}
	return best;
}

int bindings_may_change(const struct bindings *b, const char *guest, const char *host,
			enum change_kind kind)
{
	const struct binding *via;

	/* Protection first: it holds whatever binding shows the file. */
	for (size_t i = 0; i < b->nprotected; i++) {
		if (path_has_prefix(host, b->protected[i]))
			return -EACCES;
		if (kind == CHANGE_TREE && path_has_prefix(b->protected[i], host))
			return -EACCES;
	}
	for (size_t i = 0; i < b->nprefixes; i++)
		if (strncmp(host, b->prefixes[i], strlen(b->prefixes[i])) == 0)
			return -EACCES;
	via = guest ? bindings_lookup(b, guest) : bindings_host_lookup(b, host);
	if (via && (via->flags & BIND_READONLY))
		return -EROFS;
	/* The same files shown by another binding (-q's /host-rootfs, a
	 * -b of a parent of the cache) are read-only there too. */
	for (size_t i = 0; i < b->n; i++)
		if ((b->v[i].flags & BIND_READONLY) && path_has_prefix(host, b->v[i].host))
			return -EROFS;
	return 0;
}

size_t bindings_count(const struct bindings *b)
{
	return b->n;
}

const struct binding *bindings_get(const struct bindings *b, size_t i)
{
	return i < b->n ? &b->v[i] : NULL;
}

const char *bindings_rootfs(const struct bindings *b)
{
	return b->v[0].host;
}

const struct binding *bindings_lookup(const struct bindings *b, const char *guest)
{
	const struct binding *best = NULL;
	size_t best_len = 0;

	if (guest[0] != '/')
		return NULL;
	/* Guest paths are unique in the table, so there are no ties; the
	 * root binding matches every absolute path. */
	for (size_t i = 0; i < b->n; i++) {
		size_t len = strlen(b->v[i].guest);
		if ((!best || len > best_len) && path_has_prefix(guest, b->v[i].guest)) {
			best = &b->v[i];
			best_len = len;
		}
	}
	return best;
}

int bindings_to_host(TALLOC_CTX *mem, const struct bindings *b,
		     const char *guest, char **host)
{
	const struct binding *best = bindings_lookup(b, guest);
	size_t best_len;

	*host = NULL;
	if (!best)
		return -EINVAL;
	best_len = strlen(best->guest);
	/* "/" as a prefix leaves the guest path whole. */
	if (best_len == 1)
		best_len = 0;
	*host = path_join(mem, best->host, guest + best_len);
	return *host ? 0 : -ENOMEM;
}

int bindings_to_guest(TALLOC_CTX *mem, const struct bindings *b,
		      const char *host, char **guest)
{
	const struct binding *best = bindings_host_lookup(b, host);

	if (!best) {
		*guest = talloc_strdup(mem, host);
		return *guest ? -EXDEV : -ENOMEM;
	}
	*guest = path_join(mem, best->guest, host + strlen(best->host));
	return *guest ? 0 : -ENOMEM;
}

int bindings_link_to_guest(TALLOC_CTX *mem, const struct bindings *b, const char *root,
			   const char *link, const char *target, char **out)
{
	const struct binding *via = bindings_lookup(b, link), *best = NULL;
	size_t best_len = 0, tlen = strlen(target);
	char *clean;

	*out = NULL;
	if (target[0] != '/' || !via || via == &b->v[0])
		goto as_is;
	/* Lexically clean first, so that "/s/u/../u/f" is seen under /s/u
	 * and "/s/u/../v" is not. */
	clean = path_normalise(mem, target);
	if (!clean)
		return -ENOMEM;
	/* A binding of the host's whole root (-q's /host-rootfs) holds every
	 * target: mapping through it would point each absolute link in a
	 * binding at the host instead of the guest's own tree. */
	for (size_t i = 1; i < b->n; i++) {
		size_t len = strlen(b->v[i].host);

		if (len > 1 && (!best || len >= best_len) && path_has_prefix(clean, b->v[i].host)) {
			best = &b->v[i];
			best_len = len;
		}
	}
	if (!best) {
		talloc_free(clean);
		goto as_is;
	}
	/* Only the root binding has guest "/", so best's guest is a
	 * prefix with no trailing "/". */
	char *full = talloc_asprintf(mem, "%s%s", best->guest, clean + best_len);
	size_t rlen = strlen(root);
	const char *seen;

	talloc_free(clean);
	if (!full)
		return -ENOMEM;
	while (rlen > 1 && root[rlen - 1] == '/')
		rlen--;
	seen = full;
	if (rlen > 1) {
		/* Seen from a guest chroot: only what lies beneath it. */
		if (!path_has_prefix(full, root)) {
			talloc_free(full);
			goto as_is;
		}
		seen = full[rlen] ? full + rlen : "/";
	}
	*out = talloc_asprintf(mem, "%s%s", seen,
			       strcmp(seen, "/") && tlen > 1 && target[tlen - 1] == '/' ? "/" : "");
	talloc_free(full);
	return *out ? 1 : -ENOMEM;
as_is:
	*out = talloc_strdup(mem, target);
	return *out ? 0 : -ENOMEM;
}

bool bindings_is_virtual_dir(const struct bindings *b, const char *guest)
{
	size_t glen = strlen(guest);

	while (glen > 1 && guest[glen - 1] == '/')
		glen--;
	/* The root binding "/" has no strict ancestor: start at 1. */
	for (size_t i = 1; i < b->n; i++) {
		if (strlen(b->v[i].guest) > glen && path_has_prefix(b->v[i].guest, guest))
			return true;
	}
	return false;
}

bool bindings_name_is_bound(const struct bindings *b, const char *name)
{
	size_t nlen = strlen(name);

	for (size_t i = 1; i < b->n; i++) {
		const char *p = b->v[i].guest;

		for (struct path_comp c; path_next_comp(p, &c); p = c.end)
			if (c.len == nlen && memcmp(c.s, name, nlen) == 0)
				return true;
	}
	return false;
}

static char **copy_strings(TALLOC_CTX *mem, char *const *v, size_t n)
{
	char **c = talloc_array(mem, char *, n ? n : 1);

	for (size_t i = 0; c && i < n; i++)
		if (!(c[i] = talloc_strdup(c, v[i])))
			return NULL;
	return c;
}

struct bindings *bindings_copy(TALLOC_CTX *mem, const struct bindings *b)
{
	struct bindings *c = talloc_zero(mem, struct bindings);

	if (!c)
		return NULL;
	c->v = talloc_array(c, struct binding, b->n);
	if (!c->v)
		goto fail;
	for (size_t i = 0; i < b->n; i++) {
		c->v[i].host = talloc_strdup(c, b->v[i].host);
		c->v[i].guest = talloc_strdup(c, b->v[i].guest);
		c->v[i].flags = b->v[i].flags;
		if (!c->v[i].host || !c->v[i].guest)
			goto fail;
	}
	c->n = b->n;
	c->protected = copy_strings(c, b->protected, b->nprotected);
	c->prefixes = copy_strings(c, b->prefixes, b->nprefixes);
	if (!c->protected || !c->prefixes)
		goto fail;
	c->nprotected = b->nprotected;
	c->nprefixes = b->nprefixes;
	return c;
fail:
	talloc_free(c);
	return NULL;
}

int bindings_find(const struct bindings *b, const char *guest)
{
	for (size_t i = 0; i < b->n; i++)
		if (strcmp(b->v[i].guest, guest) == 0)
			return (int)i;
	return -ENOENT;
}

/* Add host -> guest with flags, as bindings_add. */
static int add_flagged(struct bindings *b, const char *host, const char *guest, unsigned flags)
{
	int rc = bindings_add(b, host, guest);

	if (rc == 0)
		b->v[b->n - 1].flags = flags;
	return rc;
}

/* The guest path below to of src, a path under from. */
static char *moved(TALLOC_CTX *mem, const char *src, const char *from, const char *to)
{
	size_t flen = strcmp(from, "/") == 0 ? 0 : strlen(from);

	return path_join(mem, to, src + flen);
}

int bindings_bind(struct bindings *b, const char *from, const char *to, bool recursive)
{
	TALLOC_CTX *tmp;
	const struct binding *via = bindings_lookup(b, from);
	struct binding *below;
	size_t nbelow = 0;
	char *host;
	int rc;

	if (!via || to[0] != '/' || strcmp(to, "/") == 0)
		return -EINVAL;
	tmp = talloc_new(NULL);
	if (!tmp)
		return -ENOMEM;
	rc = bindings_to_host(tmp, b, from, &host);
	/* What lies below from, taken before the table changes (to may
	 * be from itself, or lie under it). */
	below = talloc_array(tmp, struct binding, b->n);
	if (rc == 0 && !below)
		rc = -ENOMEM;
	for (size_t i = 0; rc == 0 && recursive && i < b->n; i++) {
		if (strcmp(b->v[i].guest, from) == 0 || !path_has_prefix(b->v[i].guest, from))
			continue;
		below[nbelow].host = talloc_strdup(tmp, b->v[i].host);
		below[nbelow].guest = moved(tmp, b->v[i].guest, from, to);
		below[nbelow].flags = b->v[i].flags;
		if (!below[nbelow].host || !below[nbelow].guest)
			rc = -ENOMEM;
		nbelow++;
	}
	if (rc == 0)
		rc = add_flagged(b, host, to, via->flags);
	for (size_t i = 0; rc == 0 && i < nbelow; i++)
		rc = add_flagged(b, below[i].host, below[i].guest, below[i].flags);
	talloc_free(tmp);
	return rc;
}

int bindings_remove(struct bindings *b, const char *guest, bool below)
{
	int at = bindings_find(b, guest);
	size_t kept = 0;

	if (at < 0)
		return -EINVAL;
	if (at == 0)
		return -EBUSY;
	for (size_t i = 1; !below && i < b->n; i++)
		if ((int)i != at && path_has_prefix(b->v[i].guest, guest))
			return -EBUSY;
	for (size_t i = 0; i < b->n; i++) {
		if (i > 0 && path_has_prefix(b->v[i].guest, guest)) {
			talloc_free(b->v[i].host);
			talloc_free(b->v[i].guest);
			continue;
		}
		b->v[kept++] = b->v[i];
	}
	b->n = kept;
	return 0;
}

int bindings_pivot(struct bindings *b, const char *old_root, const char *new_root,
		   const char *put_old)
{
	const struct binding *root_at = bindings_lookup(b, old_root);
	TALLOC_CTX *tmp;
	struct binding *old;
	size_t nold = 0;
	int rc = 0;

	/* The kernel's order: on the root's mount, then the rest. */
	if (bindings_lookup(b, new_root) == root_at || bindings_lookup(b, put_old) == root_at)
		return -EBUSY;
	if (bindings_find(b, new_root) < 0 || !path_has_prefix(new_root, old_root) ||
	    !path_has_prefix(put_old, new_root))
		return -EINVAL;
	if (strcmp(put_old, new_root) == 0)
		return -EBUSY;
	tmp = talloc_new(NULL);
	old = tmp ? talloc_array(tmp, struct binding, b->n) : NULL;
	if (!old) {
		talloc_free(tmp);
		return -ENOMEM;
	}
	for (size_t i = 0; rc == 0 && i < b->n; i++) {
		const char *g = b->v[i].guest;

		if (!path_has_prefix(g, old_root) || path_has_prefix(g, new_root))
			continue;
		old[nold].host = talloc_strdup(tmp, b->v[i].host);
		old[nold].guest = moved(tmp, g, old_root, put_old);
		old[nold].flags = b->v[i].flags;
		if (!old[nold].host || !old[nold].guest)
			rc = -ENOMEM;
		nold++;
	}
	for (size_t i = 0; rc == 0 && i < nold; i++)
		rc = add_flagged(b, old[i].host, old[i].guest, old[i].flags);
	talloc_free(tmp);
	return rc;
}

/* ---- the image (bind.h) ---- */

#define IMAGE_MAGIC 0x54444e42u	/* "BNDT" */
#define IMAGE_VERSION 1u

struct image_header {
	uint32_t magic, version;
	uint32_t size;		/* the whole image */
	uint32_t nbind, nprotected, nprefixes;
	uint32_t pool, pool_size;	/* offset and size of the strings */
};

struct image_entry {
	uint32_t host, guest, flags;	/* offsets into the pool */
};

/* Appends s with its NUL at *used; its offset in the pool. */
static uint32_t pool_put(char *pool, size_t *used, const char *s)
{
	size_t n = strlen(s) + 1, at = *used;

	memcpy(pool + at, s, n);
	*used += n;
	return (uint32_t)at;
}

int bindings_to_image(TALLOC_CTX *mem, const struct bindings *b, void **image, size_t *size)
{
	size_t strings = 0, fixed, total, used = 0;
	struct image_header h = { IMAGE_MAGIC, IMAGE_VERSION, 0, 0, 0, 0, 0, 0 };

	for (size_t i = 0; i < b->n; i++)
		strings += strlen(b->v[i].host) + strlen(b->v[i].guest) + 2;
	for (size_t i = 0; i < b->nprotected; i++)
		strings += strlen(b->protected[i]) + 1;
	for (size_t i = 0; i < b->nprefixes; i++)
		strings += strlen(b->prefixes[i]) + 1;
	fixed = sizeof(h) + b->n * sizeof(struct image_entry) +
		(b->nprotected + b->nprefixes) * sizeof(uint32_t);
	total = fixed + strings;
	if (total > UINT32_MAX)
		return -ENOMEM;
	char *img = talloc_size(mem, total);
	if (!img)
		return -ENOMEM;
	h.size = (uint32_t)total;
	h.nbind = (uint32_t)b->n;
	h.nprotected = (uint32_t)b->nprotected;
	h.nprefixes = (uint32_t)b->nprefixes;
	h.pool = (uint32_t)fixed;
	h.pool_size = (uint32_t)strings;
	memcpy(img, &h, sizeof(h));

	char *pool = img + fixed, *at = img + sizeof(h);
	for (size_t i = 0; i < b->n; i++) {
		struct image_entry e;

		e.host = pool_put(pool, &used, b->v[i].host);
		e.guest = pool_put(pool, &used, b->v[i].guest);
		e.flags = b->v[i].flags;
		memcpy(at, &e, sizeof(e));
		at += sizeof(e);
	}
	for (size_t i = 0; i < b->nprotected + b->nprefixes; i++) {
		uint32_t off = pool_put(pool, &used, i < b->nprotected ? b->protected[i]
						     : b->prefixes[i - b->nprotected]);
		memcpy(at, &off, sizeof(off));
		at += sizeof(off);
	}
	*image = img;
	*size = total;
	return 0;
}

/* The absolute path at pool offset off, or NULL when off is outside the
 * pool or its string has no NUL before the pool's end. */
static const char *image_path(const char *pool, size_t pool_size, uint32_t off)
{
	if (off >= pool_size || strnlen(pool + off, pool_size - off) == pool_size - off ||
	    pool[off] != '/')
		return NULL;
	return pool + off;
}

/* Copies n paths of the image, whose offsets start at at, into *v. */
static int image_strings(struct bindings *b, const char *at, uint32_t n, const char *pool,
			 size_t pool_size, char ***v, size_t *count)
{
	*v = talloc_array(b, char *, n ? n : 1);
	if (!*v)
		return -ENOMEM;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t off;
		const char *s;

		memcpy(&off, at + (size_t)i * sizeof(off), sizeof(off));
		if (!(s = image_path(pool, pool_size, off)))
			return -EINVAL;
		if (!((*v)[i] = talloc_strdup(b, s)))
			return -ENOMEM;
		*count = i + 1;
	}
	return 0;
}

int bindings_from_image(TALLOC_CTX *mem, const void *image, size_t size, struct bindings **out)
{
	const char *img = image, *pool;
	struct image_header h;
	uint64_t fixed;
	int rc = -EINVAL;

	*out = NULL;
	if (!image || size < sizeof(h))
		return -EINVAL;
	memcpy(&h, img, sizeof(h));
	/* 64-bit sums: no count can wrap them around. */
	fixed = sizeof(h) + (uint64_t)h.nbind * sizeof(struct image_entry) +
		((uint64_t)h.nprotected + h.nprefixes) * sizeof(uint32_t);
	if (h.magic != IMAGE_MAGIC || h.version != IMAGE_VERSION || h.size != size ||
	    h.nbind < 1 || h.pool != fixed || (uint64_t)h.pool + h.pool_size != size)
		return -EINVAL;
	pool = img + h.pool;

	struct bindings *b = talloc_zero(mem, struct bindings);
	if (!b || !(b->v = talloc_array(b, struct binding, h.nbind)))
		goto nomem;
	for (uint32_t i = 0; i < h.nbind; i++) {
		struct image_entry e;
		const char *host, *guest;

		memcpy(&e, img + sizeof(h) + (size_t)i * sizeof(e), sizeof(e));
		host = image_path(pool, h.pool_size, e.host);
		guest = image_path(pool, h.pool_size, e.guest);
		if (!host || !guest || (e.flags & ~(uint32_t)BIND_READONLY) ||
		    (i == 0) != (strcmp(guest, "/") == 0))
			goto fail;
		b->v[i].host = talloc_strdup(b, host);
		b->v[i].guest = talloc_strdup(b, guest);
		b->v[i].flags = e.flags;
		if (!b->v[i].host || !b->v[i].guest)
			goto nomem;
		b->n = i + 1;
	}
	const char *at = img + sizeof(h) + (size_t)h.nbind * sizeof(struct image_entry);
	rc = image_strings(b, at, h.nprotected, pool, h.pool_size, &b->protected, &b->nprotected);
	if (rc == 0)
		rc = image_strings(b, at + (size_t)h.nprotected * sizeof(uint32_t), h.nprefixes,
				   pool, h.pool_size, &b->prefixes, &b->nprefixes);
	if (rc < 0)
		goto fail;
	*out = b;
	return 0;
nomem:
	rc = -ENOMEM;
fail:
	talloc_free(b);
	return rc;
}
