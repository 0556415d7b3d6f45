/* maps, smaps and numa_maps lines in guest terms (procmaps.h). */
#include <errno.h>
#include <string.h>

#include "path/lex.h"
#include "path/procmaps.h"

/* The kernel escapes these bytes of a name as \ooo (seq_file_path). */
#define MAPS_ESC "\n"
#define NUMA_ESC "\n\t= "
#define DELETED " (deleted)"
#define NUMA_DELETED "\\040(deleted)"
#define ANON_HEAD "00000000 00:00 0 "

void maps_file_of(const struct stat *st, struct maps_file *f)
{
	unsigned long dev = (unsigned long)st->st_dev;

	f->known = true;
	f->major = ((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfffUL);
	f->minor = (dev & 0xff) | ((dev >> 12) & ~0xffUL);
	f->ino = (unsigned long)st->st_ino;
}

static bool same_file(const struct maps_file *a, const struct maps_file *b)
{
	return a->known && b->known && a->major == b->major && a->minor == b->minor &&
	       a->ino == b->ino;
}

/* ---- parsing ---- */

static int hex_digit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/* A number in base (16 or 10) at l[*i]: true and *v, false when none. */
static bool number(const char *l, size_t len, size_t *i, unsigned base, unsigned long *v)
{
	size_t from = *i;
	int d;

	*v = 0;
	while (*i < len && (d = hex_digit(l[*i])) >= 0 && (unsigned)d < base) {
		*v = *v * base + (unsigned long)d;
		(*i)++;
	}
	return *i != from;
}

static bool sep(const char *l, size_t len, size_t *i, char ch)
{
	if (*i >= len || l[*i] != ch)
		return false;
	(*i)++;
	return true;
}

/* "start-end perms offset major:minor inode   name": the offset of the
 * name in l, 0 when l is no header line with a name; the offset just
 * past the perms and their space in *perms_end. */
static size_t header(const char *l, size_t len, unsigned long *start, size_t *perms_end,
		     struct maps_file *f)
{
	unsigned long v;
	size_t i = 0;

	if (!number(l, len, &i, 16, start) || !sep(l, len, &i, '-') ||
	    !number(l, len, &i, 16, &v) || !sep(l, len, &i, ' '))
		return 0;
	while (i < len && l[i] != ' ')
		i++;
	if (!sep(l, len, &i, ' '))
		return 0;
	*perms_end = i;
	if (!number(l, len, &i, 16, &v) || !sep(l, len, &i, ' ') ||
	    !number(l, len, &i, 16, &f->major) || !sep(l, len, &i, ':') ||
	    !number(l, len, &i, 16, &f->minor) || !sep(l, len, &i, ' ') ||
	    !number(l, len, &i, 10, &f->ino) || !sep(l, len, &i, ' '))
		return 0;
	f->known = true;
	while (i < len && l[i] == ' ')
		i++;
	return i < len ? i : 0;
}

/* The device and inode of the mapping at start, from the maps text. */
static void file_at(const struct maps_namer *n, unsigned long start, struct maps_file *f)
{
	const char *line = n->maps, *end = n->maps + n->maps_len;

	while (line && line < end) {
		const char *nl = line;
		size_t pe;
		unsigned long s;
		struct maps_file g = { 0 };

		while (nl < end && *nl != '\n')
			nl++;
		if (header(line, (size_t)(nl - line), &s, &pe, &g) && s == start) {
			*f = g;
			return;
		}
		line = nl + 1;
	}
}

/* ---- names ---- */

static char *unescape(TALLOC_CTX *mem, const char *s, size_t len, const char *esc)
{
	char *out = talloc_size(mem, len + 1);
	size_t o = 0;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 3 < len && s[i + 1] >= '0' && s[i + 1] <= '3' &&
		    s[i + 2] >= '0' && s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
			char ch = (char)(((s[i + 1] - '0') << 6) | ((s[i + 2] - '0') << 3) |
					 (s[i + 3] - '0'));

			if (ch && strchr(esc, ch)) {
				out[o++] = ch;
				i += 3;
				continue;
			}
		}
		out[o++] = s[i];
	}
	out[o] = '\0';
	return out;
}

/* s then suffix, the bytes of esc as \ooo. */
static char *escape(TALLOC_CTX *mem, const char *s, const char *suffix, const char *esc)
{
	size_t n = strlen(s), m = strlen(suffix), o = 0;
	char *out = talloc_size(mem, 4 * (n + m) + 1);

	if (!out)
		return NULL;
	for (size_t i = 0; i < n + m; i++) {
		unsigned char ch = (unsigned char)(i < n ? s[i] : suffix[i - n]);

		if (ch && strchr(esc, (char)ch)) {
			out[o++] = '\\';
			out[o++] = (char)('0' + (ch >> 6));
			out[o++] = (char)('0' + ((ch >> 3) & 7));
			out[o++] = (char)('0' + (ch & 7));
		} else {
			out[o++] = (char)ch;
		}
	}
	out[o] = '\0';
	return out;
}

/* Does the directory host (a deleted file's) was in still exist, on the
 * device of f? */
static bool dir_still_there(const struct maps_namer *n, TALLOC_CTX *mem, const char *host,
			    const struct maps_file *f)
{
	char *dir = talloc_strdup(mem, host), *slash = NULL;
	struct stat st;
	struct maps_file d;

	for (char *p = dir; p && *p; p++)
		if (*p == '/')
			slash = p;
	if (!dir || !f->known || !slash)
		return false;
	slash[slash == dir ? 1 : 0] = '\0';
	if (n->stat(n->opaque, dir, &st) < 0)
		return false;
	maps_file_of(&st, &d);
	return d.major == f->major && d.minor == f->minor;
}

/* A name as the kernel wrote it (escaped by esc), of the file f, in
 * guest terms on mem: 0 to keep it, 1 with *out ("" for burrow's own
 * memory), -ENOMEM. */
static int guest_name(const struct maps_namer *n, TALLOC_CTX *mem, const char *name, size_t len,
		      const char *esc, const struct maps_file *f, char **out)
{
	const size_t dl = sizeof(DELETED) - 1;
	char *host, *guest;
	size_t hlen;
	bool deleted;
	int rc;

	if (len == 0 || name[0] != '/')
		return 0;
	if (same_file(f, &n->self))
		return (*out = talloc_strndup(mem, "", 0)) ? 1 : -ENOMEM;
	if (!(host = unescape(mem, name, len, esc)))
		return -ENOMEM;
	if (n->self_name && strcmp(host, n->self_name) == 0)
		return (*out = talloc_strndup(mem, "", 0)) ? 1 : -ENOMEM;
	hlen = strlen(host);
	deleted = hlen > dl && strcmp(host + hlen - dl, DELETED) == 0;
	if (deleted) {
		host[hlen - dl] = '\0';
		if (!dir_still_there(n, mem, host, f))
			return 0;
	}
	/* Outside every binding (-EXDEV): the host path, as the kernel
	 * names a file the reader's root does not reach. */
	if ((rc = bindings_to_guest(mem, n->b, host, &guest)) != 0)
		return rc == -ENOMEM ? rc : 0;
	/* Inside a guest chroot the jail's prefix is not part of the name. */
	guest = (char *)path_seen_from(n->root, guest);
	if (strcmp(guest, host) == 0)
		return 0;
	return (*out = escape(mem, guest, deleted ? DELETED : "", esc)) ? 1 : -ENOMEM;
}

/* Pieces a, b and c of *out_len bytes together on mem. */
static int join(TALLOC_CTX *mem, const char *a, size_t al, const char *b, size_t bl,
		const char *c, size_t cl, char **out, size_t *out_len)
{
	char *s = talloc_size(mem, al + bl + cl + 1);

	if (!s)
		return -ENOMEM;
	memcpy(s, a, al);
	memcpy(s + al, b, bl);
	memcpy(s + al + bl, c, cl);
	s[al + bl + cl] = '\0';
	*out = s;
	*out_len = al + bl + cl;
	return 1;
}

/* maps, or smaps: its header lines, between lines of fields. */
static int maps_line(const struct maps_namer *n, TALLOC_CTX *mem, const char *l, size_t len,
		     char **out, size_t *out_len)
{
	struct maps_file f = { 0 };
	unsigned long start;
	size_t pe = 0, at = header(l, len, &start, &pe, &f);
	char *g;
	int rc;

	if (!at)
		return 0;
	if ((rc = guest_name(n, mem, l + at, len - at, MAPS_ESC, &f, &g)) <= 0)
		return rc;
	/* Anonymous: "start-end perms 00000000 00:00 0 ". */
	if (!*g)
		return join(mem, l, pe, ANON_HEAD, sizeof(ANON_HEAD) - 1, "", 0, out, out_len);
	return join(mem, l, at, g, strlen(g), "", 0, out, out_len);
}

/* numa_maps: "start policy file=NAME ...", NAME escaped by NUMA_ESC;
 * the device and inode of a deleted one come from maps. */
static int numa_line(const struct maps_namer *n, TALLOC_CTX *mem, const char *l, size_t len,
		     char **out, size_t *out_len)
{
	const size_t dl = sizeof(NUMA_DELETED) - 1;
	struct maps_file f = { 0 };
	size_t at, nl = 0, i = 0;
	unsigned long start;
	char *g;
	int rc;

	while (i + 6 <= len && memcmp(l + i, " file=", 6) != 0)
		i++;
	if (i + 6 > len)
		return 0;
	at = i + 6;
	while (at + nl < len && l[at + nl] != ' ')
		nl++;
	i = 0;
	if (nl > dl && memcmp(l + at + nl - dl, NUMA_DELETED, dl) == 0 &&
	    number(l, len, &i, 16, &start))
		file_at(n, start, &f);
	if ((rc = guest_name(n, mem, l + at, nl, NUMA_ESC, &f, &g)) <= 0)
		return rc;
	/* burrow's own: no file= at all, as for anonymous memory. */
	return join(mem, l, *g ? at : at - 6, g, strlen(g), l + at + nl, len - at - nl, out,
		    out_len);
}

int maps_guest_line(const struct maps_namer *n, TALLOC_CTX *mem, const char *line, size_t len,
		    bool numa, char **out, size_t *out_len)
{
	return numa ? numa_line(n, mem, line, len, out, out_len)
		    : maps_line(n, mem, line, len, out, out_len);
}
