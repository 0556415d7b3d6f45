/* Purely lexical path helpers (lex.h): no filesystem access. */
#include <string.h>

#include "lex.h"

bool path_has_prefix(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);

	/* Tolerate a trailing "/" on the prefix, so "/usr/" behaves as "/usr". */
	while (n > 1 && prefix[n - 1] == '/')
		n--;
	if (n == 1 && prefix[0] == '/')
		return path[0] == '/';
	return strncmp(path, prefix, n) == 0 &&
	       (path[n] == '\0' || path[n] == '/');
}

const char *path_seen_from(const char *root, const char *guest)
{
	size_t rlen = strlen(root);

	if (strcmp(root, "/") == 0 || !path_has_prefix(guest, root))
		return guest;
	return guest[rlen] ? guest + rlen : "/";
}

char *path_join(TALLOC_CTX *mem, const char *a, const char *b)
{
	size_t alen = strlen(a);

	while (alen > 0 && a[alen - 1] == '/')
		alen--;
	while (*b == '/')
		b++;
	if (*b == '\0')
		return alen ? talloc_strndup(mem, a, alen) : talloc_strdup(mem, "/");
	/* Called for every component of every lookup: no printf. */
	size_t blen = strlen(b);
	char *out = talloc_size(mem, alen + 1 + blen + 1);

	if (!out)
		return NULL;
	memcpy(out, a, alen);
	out[alen] = '/';
	memcpy(out + alen + 1, b, blen + 1);
	return out;
}

char *path_normalise(TALLOC_CTX *mem, const char *abs_path)
{
	/* Each kept component costs at most one "/" plus itself, so the
	 * result never needs more than the input plus a leading "/". */
	size_t cap = strlen(abs_path) + 2, len = 0;
	char *out = talloc_size(mem, cap);
	const char *p = abs_path;

	if (!out)
		return NULL;
	talloc_set_name_const(out, "char");
	for (struct path_comp c; path_next_comp(p, &c); p = c.end) {
		size_t n = c.len;

		p = c.s;
		if (n == 1 && p[0] == '.') {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (len > 0 && out[len - 1] != '/')
				len--;
			if (len > 0)
				len--;
		} else {
			out[len++] = '/';
			memcpy(out + len, p, n);
			len += n;
		}
	}
	if (len == 0)
		out[len++] = '/';
	out[len] = '\0';
	return out;
}

bool path_stays_beneath(const char *path)
{
	long depth = 0;

	if (path[0] == '/')
		return false;
	for (struct path_comp c; path_next_comp(path, &c); path = c.end) {
		if (c.len == 2 && c.s[0] == '.' && c.s[1] == '.') {
			if (--depth < 0)
				return false;
		} else if (!(c.len == 1 && c.s[0] == '.')) {
			depth++;
		}
	}
	return true;
}
