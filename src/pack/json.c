/* A recursive-descent JSON reader (RFC 8259), strict, depth-limited. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "pack/json.h"

#define JSON_MAX_DEPTH 64

struct jp {
	const char *s;
	size_t len, pos;
	int err;	/* -EINVAL, -E2BIG, -ENOMEM */
};

static void ws(struct jp *p)
{
	while (p->pos < p->len && strchr(" \t\r\n", p->s[p->pos]) && p->s[p->pos])
		p->pos++;
}

static bool lit(struct jp *p, const char *word)
{
	size_t n = strlen(word);

	if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0)
		return false;
	p->pos += n;
	return true;
}

static int hex4(struct jp *p, unsigned *out)
{
	unsigned v = 0;

	if (p->len - p->pos < 4)
		return -EINVAL;
	for (int i = 0; i < 4; i++) {
		char c = p->s[p->pos++];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -EINVAL;
	}
	*out = v;
	return 0;
}

static size_t utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | cp >> 12);
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | cp >> 18);
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* At the opening quote.  Returns the decoded string, or NULL with p->err. */
/* A leaf (string or number) with its text in the same chunk: one
 * allocation per value, not two, which halves what a config of many
 * small values holds. */
static struct json *leaf(struct jp *p, TALLOC_CTX *mem, enum json_type type, size_t textlen)
{
	struct json *v = talloc_named_const(mem, sizeof(*v) + textlen + 1, "struct json");

	if (!v) {
		p->err = -ENOMEM;
		return NULL;
	}
	memset(v, 0, sizeof(*v));
	v->type = type;
	v->str = (char *)(v + 1);
	return v;
}

/* At the opening quote.  Returns the decoded string, in a chunk of its
 * own or (node not NULL) in a new string value *node; NULL with p->err. */
static char *string(struct jp *p, TALLOC_CTX *mem, struct json **node)
{
	size_t start = ++p->pos, end, n = 0;
	char *out;

	/* Decoded text is never longer than its escaped form. */
	while (p->pos < p->len && p->s[p->pos] != '"') {
		if (p->s[p->pos] == '\\')
			p->pos++;
		p->pos++;
	}
	if (p->pos >= p->len) {
		p->err = -EINVAL;
		return NULL;
	}
	end = p->pos;
	if (node) {
		*node = leaf(p, mem, JSON_STRING, end - start);
		out = *node ? (*node)->str : NULL;
	} else {
		out = talloc_size(mem, end - start + 1);
	}
	if (!out) {
		p->err = -ENOMEM;
		return NULL;
	}
	for (p->pos = start; p->pos < end;) {
		unsigned char c = (unsigned char)p->s[p->pos++];
		unsigned cp, lo;

		if (c < 0x20)
			goto bad;
		if (c != '\\') {
			out[n++] = (char)c;
			continue;
		}
		switch (p->s[p->pos++]) {
		case '"': out[n++] = '"'; break;
		case '\\': out[n++] = '\\'; break;
		case '/': out[n++] = '/'; break;
		case 'b': out[n++] = '\b'; break;
		case 'f': out[n++] = '\f'; break;
		case 'n': out[n++] = '\n'; break;
		case 'r': out[n++] = '\r'; break;
		case 't': out[n++] = '\t'; break;
		case 'u':
			if (end - p->pos < 4 || hex4(p, &cp) < 0)
				goto bad;
			if (cp >= 0xd800 && cp < 0xdc00) {
				if (end - p->pos < 6 || !lit(p, "\\u") || hex4(p, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff)
					goto bad;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			} else if (cp >= 0xdc00 && cp < 0xe000) {
				goto bad;
			}
			if (cp == 0)	/* would cut the C string */
				goto bad;
			n += utf8(out + n, cp);
			break;
		default:
			goto bad;
		}
	}
	p->pos++;
	out[n] = '\0';
	return out;
bad:
	p->err = -EINVAL;
	talloc_free(node ? (void *)*node : (void *)out);
	return NULL;
}

static struct json *value(struct jp *p, TALLOC_CTX *mem, int depth);

static int add_member(struct jp *p, struct json *v, char *key, struct json *m)
{
	/* Room doubles: growing by one would copy the array each time. */
	size_t cap = v->vals ? talloc_get_size(v->vals) / sizeof(*v->vals) : 0;

	if (v->n == cap) {
		cap = cap ? cap * 2 : 4;
		v->vals = talloc_realloc(v, v->vals, struct json *, cap);
		if (!v->vals)
			return p->err = -ENOMEM;
		if (v->type == JSON_OBJECT) {
			v->keys = talloc_realloc(v, v->keys, char *, cap);
			if (!v->keys)
				return p->err = -ENOMEM;
		}
	}
	if (v->type == JSON_OBJECT)
		v->keys[v->n] = key;
	v->vals[v->n++] = m;
	return 0;
}

static struct json *container(struct jp *p, struct json *v, int depth)
{
	char close = v->type == JSON_OBJECT ? '}' : ']';

	p->pos++;
	ws(p);
	if (p->pos < p->len && p->s[p->pos] == close) {
		p->pos++;
		return v;
	}
	for (;;) {
		char *key = NULL;
		struct json *m;

		ws(p);
		if (v->type == JSON_OBJECT) {
			if (p->pos >= p->len || p->s[p->pos] != '"' || !(key = string(p, v, NULL)))
				goto bad;
			ws(p);
			if (p->pos >= p->len || p->s[p->pos] != ':')
				goto bad;
			p->pos++;
		}
		m = value(p, v, depth + 1);
		if (!m || add_member(p, v, key, m) < 0)
			return NULL;
		ws(p);
		if (p->pos < p->len && p->s[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (p->pos < p->len && p->s[p->pos] == close) {
			p->pos++;
			return v;
		}
		goto bad;
	}
bad:
	if (!p->err)
		p->err = -EINVAL;
	return NULL;
}

static struct json *number(struct jp *p, TALLOC_CTX *mem)
{
	size_t start = p->pos;
	struct json *v;

	if (p->s[p->pos] == '-')
		p->pos++;
	if (p->pos >= p->len || !strchr("0123456789", p->s[p->pos]) || !p->s[p->pos])
		goto bad;
	if (p->s[p->pos] == '0')
		p->pos++;
	else
		while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9')
			p->pos++;
	if (p->pos < p->len && p->s[p->pos] == '.') {
		p->pos++;
		if (p->pos >= p->len || p->s[p->pos] < '0' || p->s[p->pos] > '9')
			goto bad;
		while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9')
			p->pos++;
	}
	if (p->pos < p->len && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
		p->pos++;
		if (p->pos < p->len && (p->s[p->pos] == '+' || p->s[p->pos] == '-'))
			p->pos++;
		if (p->pos >= p->len || p->s[p->pos] < '0' || p->s[p->pos] > '9')
			goto bad;
		while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9')
			p->pos++;
	}
	v = leaf(p, mem, JSON_NUMBER, p->pos - start);
	if (v) {
		memcpy(v->str, p->s + start, p->pos - start);
		v->str[p->pos - start] = '\0';
	}
	return v;
bad:
	p->err = -EINVAL;
	return NULL;
}

static struct json *value(struct jp *p, TALLOC_CTX *mem, int depth)
{
	struct json *v;

	if (depth > JSON_MAX_DEPTH) {
		p->err = -E2BIG;
		return NULL;
	}
	ws(p);
	if (p->pos >= p->len) {
		p->err = -EINVAL;
		return NULL;
	}
	if (p->s[p->pos] == '"')
		return string(p, mem, &v) ? v : NULL;
	if (p->s[p->pos] != '{' && p->s[p->pos] != '[' && !strchr("tfn", p->s[p->pos]))
		return number(p, mem);
	v = talloc_zero(mem, struct json);
	if (!v) {
		p->err = -ENOMEM;
		return NULL;
	}
	switch (p->s[p->pos]) {
	case '{':
		v->type = JSON_OBJECT;
		return container(p, v, depth);
	case '[':
		v->type = JSON_ARRAY;
		return container(p, v, depth);
	case 't':
	case 'f':
		v->type = JSON_BOOL;
		v->str = p->s[p->pos] == 't' ? "true" : "false";
		if (lit(p, v->str))
			return v;
		break;
	case 'n':
		v->type = JSON_NULL;
		if (lit(p, "null"))
			return v;
		break;
	}
	p->err = -EINVAL;
	return NULL;
}

int json_parse(TALLOC_CTX *mem, const char *text, size_t len, struct json **out, size_t *err_off)
{
	struct jp p = { .s = text, .len = len };
	TALLOC_CTX *tmp = talloc_new(mem);
	struct json *v;

	if (!tmp)
		return -ENOMEM;
	v = value(&p, tmp, 0);
	if (v) {
		ws(&p);
		if (p.pos != p.len)
			p.err = -EINVAL;
	}
	if (!v || p.err) {
		if (err_off)
			*err_off = p.pos;
		talloc_free(tmp);
		return p.err ? p.err : -EINVAL;
	}
	*out = talloc_steal(mem, v);
	talloc_free(tmp);
	return 0;
}

const struct json *json_get(const struct json *v, const char *key)
{
	const struct json *found = NULL;

	if (!v || v->type != JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->keys[i], key) == 0)
			found = v->vals[i];
	return found;
}

/* Whether the UTF-8 name equals the ASCII key under Go's case folding. */
static bool key_folds(const char *name, const char *key)
{
	const unsigned char *s = (const unsigned char *)name;

	for (; *key; key++) {
		char k = *key >= 'A' && *key <= 'Z' ? (char)(*key + 32) : *key;
		unsigned char c = *s >= 'A' && *s <= 'Z' ? (unsigned char)(*s + 32) : *s;

		if (k == 'k' && s[0] == 0xe2 && s[1] == 0x84 && s[2] == 0xaa) {	/* U+212A */
			s += 3;
			continue;
		}
		if (k == 's' && s[0] == 0xc5 && s[1] == 0xbf) {	/* U+017F */
			s += 2;
			continue;
		}
		if (!c || c != (unsigned char)k)
			return false;
		s++;
	}
	return !*s;
}

const struct json *json_get_fold(const struct json *v, const char *key)
{
	const struct json *found = NULL;

	if (!v || v->type != JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < v->n; i++)
		if (key_folds(v->keys[i], key))
			found = v->vals[i];
	return found;
}

const char *json_get_string(const struct json *v, const char *key)
{
	const struct json *m = json_get(v, key);

	return m && m->type == JSON_STRING ? m->str : NULL;
}

int json_string_array(TALLOC_CTX *mem, const struct json *v, char ***out)
{
	char **a;

	*out = NULL;
	if (!v || v->type == JSON_NULL)
		return 0;
	if (v->type != JSON_ARRAY)
		return -EINVAL;
	for (size_t i = 0; i < v->n; i++)
		if (v->vals[i]->type != JSON_STRING)
			return -EINVAL;
	a = talloc_array(mem, char *, v->n + 1);
	if (!a)
		return -ENOMEM;
	for (size_t i = 0; i < v->n; i++) {
		a[i] = talloc_strdup(a, v->vals[i]->str);
		if (!a[i]) {
			talloc_free(a);
			return -ENOMEM;
		}
	}
	a[v->n] = NULL;
	*out = a;
	return 0;
}
