/* The parts of pack handling that touch no file: the index line format,
 * member path cleaning, whiteout names, image manifests and configs, the
 * environment an image asks for. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "pack/json.h"
#include "pack/pack.h"

static int parse_u64(const char **s, char stop, uint64_t *out)
{
	char *end;

	if (**s < '0' || **s > '9')
		return -EINVAL;
	errno = 0;
	*out = strtoull(*s, &end, 10);
	if (errno || *end != stop)
		return -EINVAL;
	*s = end + 1;
	return 0;
}

int pack_index_parse(TALLOC_CTX *mem, const char *line, struct pack_ident *id,
		     char sha[65], char **path)
{
	const char *s = line;
	uint64_t sec, nsec;
	size_t n;

	if (parse_u64(&s, ' ', &id->dev) < 0 || parse_u64(&s, ' ', &id->ino) < 0 ||
	    parse_u64(&s, ' ', &id->size) < 0 || parse_u64(&s, '.', &sec) < 0 ||
	    parse_u64(&s, ' ', &nsec) < 0 || sec > INT64_MAX || nsec > 999999999)
		return -EINVAL;
	id->mtime_sec = (int64_t)sec;
	id->mtime_nsec = (int64_t)nsec;
	if (strspn(s, "0123456789abcdef") != 64 || s[64] != ' ')
		return -EINVAL;
	memcpy(sha, s, 64);
	sha[64] = '\0';
	s += 65;
	n = strcspn(s, "\n");
	if (n == 0 || s[0] != '/' || (s[n] == '\n' && s[n + 1]))
		return -EINVAL;
	*path = talloc_strndup(mem, s, n);
	return *path ? 0 : -ENOMEM;
}

char *pack_index_format(TALLOC_CTX *mem, const struct pack_ident *id, const char *sha,
			const char *path)
{
	char *line = talloc_asprintf(mem, "%" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRId64 ".%09" PRId64 " %s %s\n",
				     id->dev, id->ino, id->size, id->mtime_sec, id->mtime_nsec,
				     sha, path);

	/* A newline in the path would split the line. */
	for (char *p = line ? strchr(line, '\n') : NULL; p && p[1]; p = strchr(p + 1, '\n'))
		*p = '?';
	return line;
}

char *pack_clean_path(TALLOC_CTX *mem, const char *path, const char **why)
{
	char *out = talloc_array(mem, char, strlen(path) + 1);
	const char *p = path;
	size_t n = 0;

	if (!out) {
		*why = "out of memory";
		return NULL;
	}
	if (path[0] == '/') {
		*why = "absolute path";
		goto bad;
	}
	while (*p) {
		size_t len = strcspn(p, "/");

		if (len == 2 && p[0] == '.' && p[1] == '.') {
			*why = "\"..\" in its path";
			goto bad;
		}
		if (len && !(len == 1 && p[0] == '.')) {
			if (n)
				out[n++] = '/';
			memcpy(out + n, p, len);
			n += len;
		}
		p += len;
		while (*p == '/')
			p++;
	}
	out[n] = '\0';
	return out;
bad:
	talloc_free(out);
	return NULL;
}

enum pack_whiteout pack_whiteout(TALLOC_CTX *mem, const char *path, char **target)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t dirlen = slash ? (size_t)(slash - path) : 0;

	*target = NULL;
	if (strncmp(base, ".wh.", 4) != 0)
		return WH_NONE;
	if (strcmp(base, ".wh..wh..opq") == 0) {
		*target = talloc_strndup(mem, path, dirlen);
		return *target ? WH_OPAQUE : WH_NONE;
	}
	/* ".wh." alone, and AUFS's other ".wh..wh.*" bookkeeping, name
	 * nothing to delete. */
	if (!base[4] || strncmp(base + 4, ".wh.", 4) == 0 ||
	    strcmp(base + 4, ".") == 0 || strcmp(base + 4, "..") == 0)
		return WH_FILE;
	*target = slash ? talloc_asprintf(mem, "%.*s/%s", (int)dirlen, path, base + 4)
			: talloc_strdup(mem, base + 4);
	return *target ? WH_FILE : WH_NONE;
}

/* ---- image manifests and configs ------------------------------------ */

/* OCI's digest grammar: the algorithm is components of [a-z0-9] joined by
 * single separators [+._-] (so never "." or ".."), the rest hex here. */
char *pack_blob_path(TALLOC_CTX *mem, const char *digest)
{
	const char *colon = digest ? strchr(digest, ':') : NULL;
	static const char alnum[] = "abcdefghijklmnopqrstuvwxyz0123456789";

	if (!colon || colon == digest || !colon[1] ||
	    strspn(digest, "abcdefghijklmnopqrstuvwxyz0123456789+._-") != (size_t)(colon - digest) ||
	    strspn(colon + 1, "0123456789abcdefABCDEF") != strlen(colon + 1))
		return NULL;
	for (const char *p = digest; p < colon; p++)
		if (!strchr(alnum, *p) && (p == digest || p + 1 == colon || !strchr(alnum, p[-1])))
			return NULL;
	return talloc_asprintf(mem, "blobs/%.*s/%s", (int)(colon - digest), digest, colon + 1);
}

static int parse_json(TALLOC_CTX *mem, const char *text, size_t len, const json_t **j, char **why)
{
	size_t off = 0;
	int rc = json_parse(mem, text, len, j, &off);

	if (rc == -ENOMEM)
		*why = talloc_strdup(mem, "out of memory");
	else if (rc == -E2BIG)
		*why = talloc_asprintf(mem, "nested too deeply at byte %zu", off);
	else if (rc < 0)
		*why = talloc_asprintf(mem, "malformed JSON at byte %zu", off);
	return rc;
}

static const char *fold_string(const json_t *v, const char *key)
{
	return json_string_value(json_get_fold(v, key));
}

int pack_docker_manifest(TALLOC_CTX *mem, const char *text, size_t len, char **config,
			 char ***layers, char **why)
{
	const json_t *m, *first;
	const char *c;
	int rc = parse_json(mem, text, len, &m, why);

	if (rc < 0)
		return rc;
	first = json_array_get(m, 0);
	c = fold_string(first, "Config");
	if (!c || json_string_array(mem, json_get_fold(first, "Layers"), layers) < 0 || !*layers) {
		*why = talloc_strdup(mem, "no \"Config\" and \"Layers\" in its first image");
		return -EINVAL;
	}
	*config = talloc_strdup(mem, c);
	return *config ? 0 : -ENOMEM;
}

int pack_oci_manifest(TALLOC_CTX *mem, const char *text, size_t len, char **next,
		      char **config, char ***layers, char **why)
{
	const json_t *j, *ms, *ls;
	int rc = parse_json(mem, text, len, &j, why);

	*next = NULL;
	if (rc < 0)
		return rc;
	ms = json_get_fold(j, "manifests");
	if (ms) {
		if (!(*next = pack_blob_path(mem, fold_string(json_array_get(ms, 0), "digest")))) {
			*why = talloc_strdup(mem, "no usable \"manifests\" entry");
			return -EINVAL;
		}
		return 0;
	}
	*config = pack_blob_path(mem, fold_string(json_get_fold(j, "config"), "digest"));
	ls = json_get_fold(j, "layers");
	if (!*config || !json_is_array(ls)) {
		*why = talloc_strdup(mem, "no \"config\" and \"layers\"");
		return -EINVAL;
	}
	*layers = talloc_zero_array(mem, char *, json_array_size(ls) + 1);
	if (!*layers)
		return -ENOMEM;
	for (size_t i = 0; i < json_array_size(ls); i++) {
		(*layers)[i] = pack_blob_path(mem, fold_string(json_array_get(ls, i), "digest"));
		if (!(*layers)[i]) {
			*why = talloc_asprintf(mem, "layer %zu has no usable digest", i + 1);
			return -EINVAL;
		}
	}
	return 0;
}

int pack_image_parse(TALLOC_CTX *mem, const char *text, size_t len, struct pack_image **out,
		     char **why)
{
	TALLOC_CTX *tmp = talloc_new(mem);
	struct pack_image *img = talloc_zero(mem, struct pack_image);
	const json_t *j, *c, *w;
	int rc;

	if (!tmp || !img) {
		talloc_free(tmp);
		talloc_free(img);
		*why = talloc_strdup(mem, "out of memory");
		return -ENOMEM;
	}
	/* The tree is dropped once the four fields are copied out. */
	rc = parse_json(tmp, text, len, &j, why);
	if (rc < 0) {
		*why = talloc_steal(mem, *why);
		goto out;
	}
	c = json_get_fold(j, "config");
	w = json_get_fold(c, "WorkingDir");
	if (!json_is_object(j) || (c && !json_is_object(c) && !json_is_null(c)) ||
	    json_string_array(img, json_get_fold(c, "Entrypoint"), &img->entrypoint) < 0 ||
	    json_string_array(img, json_get_fold(c, "Cmd"), &img->cmd) < 0 ||
	    json_string_array(img, json_get_fold(c, "Env"), &img->env) < 0 ||
	    (w && !json_is_string(w) && !json_is_null(w))) {
		*why = talloc_strdup(mem, "Entrypoint, Cmd and Env must be arrays of strings,"
				     " WorkingDir a string");
		rc = -EINVAL;
		goto out;
	}
	if (json_is_string(w) && !(img->workdir = talloc_strdup(img, json_string_value(w))))
		rc = -ENOMEM;
out:
	talloc_free(tmp);
	if (rc < 0)
		talloc_free(img);
	else
		*out = img;
	return rc;
}

static const char *const image_fields[] = { "entrypoint", "cmd", "env", "workdir" };
#define IMAGE_MAGIC "burrow-image 1\n"

static char **image_field(struct pack_image *img, size_t i)
{
	return i == 0 ? img->entrypoint : i == 1 ? img->cmd : i == 2 ? img->env : NULL;
}

int pack_image_encode(TALLOC_CTX *mem, const struct pack_image *cimg, char **buf, size_t *len)
{
	struct pack_image *img = (struct pack_image *)cimg;
	size_t size = sizeof(IMAGE_MAGIC) - 1, n;
	char *out, *o;

	for (size_t f = 0; f < 4; f++) {
		char **a = image_field(img, f);
		char *one[] = { img->workdir, NULL };

		if (f == 3)
			a = img->workdir ? one : NULL;
		size += strlen(image_fields[f]) + 22;
		for (char **s = a; s && *s; s++)
			size += strlen(*s) + 1;
	}
	out = talloc_size(mem, size);
	if (!out)
		return -ENOMEM;
	memcpy(out, IMAGE_MAGIC, sizeof(IMAGE_MAGIC) - 1);
	o = out + sizeof(IMAGE_MAGIC) - 1;
	for (size_t f = 0; f < 4; f++) {
		char **a = image_field(img, f);
		char *one[] = { img->workdir, NULL };

		if (f == 3)
			a = img->workdir ? one : NULL;
		n = 0;
		for (char **s = a; s && *s; s++)
			n++;
		o += sprintf(o, "%s %zu\n", image_fields[f], n);
		for (char **s = a; s && *s; s++) {
			size_t l = strlen(*s) + 1;

			memcpy(o, *s, l);
			o += l;
		}
	}
	*buf = out;
	*len = (size_t)(o - out);
	return 0;
}

int pack_image_decode(TALLOC_CTX *mem, char *buf, size_t len, struct pack_image **out)
{
	struct pack_image *img = talloc_zero(mem, struct pack_image);
	size_t pos = sizeof(IMAGE_MAGIC) - 1;

	if (!img)
		return -ENOMEM;
	talloc_steal(img, buf);
	if (len < pos || memcmp(buf, IMAGE_MAGIC, pos) != 0)
		goto bad;
	for (size_t f = 0; f < 4; f++) {
		size_t nl = strlen(image_fields[f]), count;
		const char *p = buf + pos;
		char *end, **a = NULL;
		const char *eol = memchr(p, '\n', len - pos);

		/* Digits only, no leading zero: one encoding per image. */
		if (!eol || (size_t)(eol - p) <= nl + 1 || memcmp(p, image_fields[f], nl) != 0 ||
		    p[nl] != ' ' || p[nl + 1] < '0' || p[nl + 1] > '9' ||
		    (p[nl + 1] == '0' && eol != p + nl + 2))
			goto bad;
		errno = 0;
		count = strtoul(p + nl + 1, &end, 10);
		pos = (size_t)(eol - buf) + 1;
		/* Each string takes at least its NUL. */
		if (errno || end != eol || count > len - pos || (f == 3 && count > 1))
			goto bad;
		if (count && !(a = talloc_array(img, char *, count + 1)))
			goto nomem;
		for (size_t i = 0; i < count; i++) {
			const char *nul = memchr(buf + pos, '\0', len - pos);

			if (!nul)
				goto bad;
			a[i] = buf + pos;
			pos = (size_t)(nul - buf) + 1;
		}
		if (a)
			a[count] = NULL;
		if (f == 0)
			img->entrypoint = a;
		else if (f == 1)
			img->cmd = a;
		else if (f == 2)
			img->env = a;
		else
			img->workdir = a ? a[0] : NULL;
	}
	if (pos != len)
		goto bad;
	*out = img;
	return 0;
bad:
	talloc_free(img);
	return -EINVAL;
nomem:
	talloc_free(img);
	return -ENOMEM;
}

/* ---- the environment ----------------------------------------------- */

static size_t name_len(const char *entry)
{
	return strcspn(entry, "=");
}

static uint64_t name_hash(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;	/* FNV-1a */

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return h;
}

char **pack_env_merge(TALLOC_CTX *mem, char *const *base, char *const *over)
{
	size_t nb = 0, no = 0, cap = 16, n = 0;
	size_t *slots;
	char **out;

	for (char *const *e = base; e && *e; e++)
		nb++;
	for (char *const *e = over; e && *e; e++)
		no++;
	while (cap < 2 * (nb + no))
		cap *= 2;
	out = talloc_array(mem, char *, nb + no + 1);
	slots = talloc_array(mem, size_t, cap);
	if (!out || !slots) {
		talloc_free(out);
		talloc_free(slots);
		return NULL;
	}
	/* slots: an open-addressing table of indices into out, by name. */
	for (size_t i = 0; i < cap; i++)
		slots[i] = SIZE_MAX;
	for (size_t k = 0; k < nb + no; k++) {
		char *e = k < nb ? base[k] : over[k - nb];
		size_t len = name_len(e), i;

		if (!e[len] || (k >= nb && len == 0)) {
			if (k < nb)
				out[n++] = e;	/* kept as environ had it */
			continue;
		}
		for (i = name_hash(e, len) & (cap - 1); slots[i] != SIZE_MAX; i = (i + 1) & (cap - 1)) {
			const char *o = out[slots[i]];

			if (name_len(o) == len && memcmp(o, e, len) == 0)
				break;
		}
		if (slots[i] == SIZE_MAX) {
			slots[i] = n;
			out[n++] = e;
		} else if (k < nb) {
			out[n++] = e;	/* a repeat in environ stays, unused */
		} else {
			out[slots[i]] = e;
		}
	}
	out[n] = NULL;
	talloc_free(slots);
	return out;
}
