/* A minimal JSON reader for the few fields of image manifests and
 * configs burrow needs.  Pure: no I/O, memory from the caller's context. */
#ifndef BURROW_PACK_JSON_H
#define BURROW_PACK_JSON_H

#include <stddef.h>
#include <talloc.h>

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json {
	enum json_type type;
	char *str;		/* JSON_STRING: decoded (UTF-8); NUMBER, BOOL: the text */
	size_t n;		/* ARRAY, OBJECT: number of members */
	char **keys;		/* OBJECT: member names */
	struct json **vals;	/* ARRAY, OBJECT: members */
};

/* Parse text[0..len) into *out.  Returns 0, or -EINVAL with *err_off the
 * byte offset of the first problem (-E2BIG past 64 levels of nesting). */
int json_parse(TALLOC_CTX *mem, const char *text, size_t len, struct json **out, size_t *err_off);

/* The member key of object v (the last one if repeated), or NULL when v is
 * not an object or has no such member. */
const struct json *json_get(const struct json *v, const char *key);

/* The same, with key matched as Go's encoding/json (and so Docker) does
 * when no field tag is exact: without regard to ASCII case, "K" (U+212A)
 * taken for k and "ſ" (U+017F) for s; the last match wins.  key is
 * ASCII. */
const struct json *json_get_fold(const struct json *v, const char *key);

/* The string value of member key of object v, or NULL. */
const char *json_get_string(const struct json *v, const char *key);

/* A NULL-terminated copy of array v's strings.  Returns 0 (*out NULL for
 * a JSON null or a missing value), or -EINVAL when v holds anything else. */
int json_string_array(TALLOC_CTX *mem, const struct json *v, char ***out);

#endif
