/* jansson does the parsing (strict RFC 8259, UTF-8 checked, no \u0000);
 * burrow adds its depth limit and Docker's key matching. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "pack/json.h"

/* Far below jansson's own JSON_PARSER_MAX_DEPTH (2048): no image needs
 * more, and the text is untrusted. */
#define JSON_MAX_DEPTH 64

/* Refuses a value inside more than JSON_MAX_DEPTH arrays and objects,
 * before jansson builds any of it.  Brackets count outside strings only;
 * text this misreads is malformed, and jansson refuses it. */
static int check_depth(const char *s, size_t len, size_t *err_off)
{
	size_t depth = 0;
	bool in_string = false;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
			continue;
		}
		if (c == ']' || c == '}') {
			depth -= depth > 0;
			continue;
		}
		if (strchr(" \t\r\n,:", c) && c)
			continue;
		if (depth > JSON_MAX_DEPTH) {
			*err_off = i;
			return -E2BIG;
		}
		if (c == '[' || c == '{')
			depth++;
		else if (c == '"')
			in_string = true;
	}
	return 0;
}

static int drop_tree(json_t **root)
{
	json_decref(*root);
	return 0;
}

int json_parse(TALLOC_CTX *mem, const char *text, size_t len, const json_t **out, size_t *err_off)
{
	json_error_t error;
	json_t *root, **holder;
	size_t off = 0;
	int rc = check_depth(text, len, &off);

	if (rc < 0)
		goto fail;
	/* Any value at the top, as before; numbers as doubles, since none is
	 * used and a long integer must not be an error. */
	root = json_loadb(text, len, JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL, &error);
	if (!root) {
		off = (size_t)error.position;
		rc = json_error_code(&error) == json_error_out_of_memory ? -ENOMEM : -EINVAL;
		goto fail;
	}
	holder = talloc(mem, json_t *);
	if (!holder) {
		json_decref(root);
		return -ENOMEM;
	}
	*holder = root;
	talloc_set_destructor(holder, drop_tree);
	*out = root;
	return 0;
fail:
	if (err_off)
		*err_off = off;
	return rc;
}

const json_t *json_get(const json_t *v, const char *key)
{
	return json_object_get(v, key);
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

/* jansson keeps members in document order (a repeated key keeps its
 * first place, with its last value).  Its iterator takes no const. */
const json_t *json_get_fold(const json_t *v, const char *key)
{
	json_t *obj = (json_t *)v;
	const json_t *found = NULL;

	if (!json_is_object(v))
		return NULL;
	for (void *it = json_object_iter(obj); it; it = json_object_iter_next(obj, it))
		if (key_folds(json_object_iter_key(it), key))
			found = json_object_iter_value(it);
	return found;
}

const char *json_get_string(const json_t *v, const char *key)
{
	return json_string_value(json_get(v, key));
}

int json_string_array(TALLOC_CTX *mem, const json_t *v, char ***out)
{
	size_t n = json_array_size(v);
	char **a;

	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!json_is_string(json_array_get(v, i)))
			return -EINVAL;
	a = talloc_array(mem, char *, n + 1);
	if (!a)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		a[i] = talloc_strdup(a, json_string_value(json_array_get(v, i)));
		if (!a[i]) {
			talloc_free(a);
			return -ENOMEM;
		}
	}
	a[n] = NULL;
	*out = a;
	return 0;
}
