/* Image manifests and configs through jansson, inside burrow's limits,
 * with the key lookups Docker makes.  Pure: no I/O. */
#ifndef BURROW_PACK_JSON_H
#define BURROW_PACK_JSON_H

#include <jansson.h>
#include <stddef.h>
#include <talloc.h>

/* Parse text[0..len) into *out, which lives as long as mem.  Returns 0,
 * or -EINVAL with *err_off the byte offset of the first problem (-E2BIG
 * past 64 levels of nesting, -ENOMEM). */
int json_parse(TALLOC_CTX *mem, const char *text, size_t len, const json_t **out, size_t *err_off);

/* The member key of object v (the last one if repeated), or NULL when v is
 * not an object or has no such member. */
const json_t *json_get(const json_t *v, const char *key);

/* The same, with key matched as Go's encoding/json (and so Docker) does
 * when no field tag is exact: without regard to ASCII case, "K" (U+212A)
 * taken for k and "ſ" (U+017F) for s; the last match wins.  key is
 * ASCII. */
const json_t *json_get_fold(const json_t *v, const char *key);

/* The string value of member key of object v, or NULL. */
const char *json_get_string(const json_t *v, const char *key);

/* A NULL-terminated copy of array v's strings.  Returns 0 (*out NULL for
 * a JSON null or a missing value), or -EINVAL when v holds anything else. */
int json_string_array(TALLOC_CTX *mem, const json_t *v, char ***out);

#endif
