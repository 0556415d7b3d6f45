/* The parts of pack handling that touch no file: the index line format,
 * member path cleaning, whiteout names. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

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
