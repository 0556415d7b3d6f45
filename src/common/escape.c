/* Escaping untrusted text for messages (see escape.h). */
#include <stdio.h>
#include <string.h>

#include "common/escape.h"

/* The length of the valid UTF-8 sequence at s (1..4) and its code point,
 * or 0 when s does not start one (overlong, surrogate, past U+10FFFF). */
static size_t utf8_seq(const unsigned char *s, unsigned *cp)
{
	size_t n;
	unsigned v, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0)
		n = 2, v = s[0] & 0x1f, min = 0x80;
	else if ((s[0] & 0xf0) == 0xe0)
		n = 3, v = s[0] & 0x0f, min = 0x800;
	else if ((s[0] & 0xf8) == 0xf0)
		n = 4, v = s[0] & 0x07, min = 0x10000;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)	/* also stops at the NUL */
			return 0;
		v = v << 6 | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v < 0xe000))
		return 0;
	*cp = v;
	return n;
}

char *esc(TALLOC_CTX *mem, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out, *o;

	if (!s)
		return talloc_strdup(mem, "(null)");
	/* At most 6 bytes of output for each byte of input (\u0080 for 2). */
	out = talloc_array(mem, char, strlen(s) * 6 + 1);
	if (!out)
		return NULL;
	o = out;
	while (*p) {
		unsigned cp;
		size_t n = utf8_seq(p, &cp);

		if (n == 0) {
			o += sprintf(o, "\\x%02x", *p++);
			continue;
		}
		if (cp == '\\') {
			*o++ = '\\';
			*o++ = '\\';
		} else if (cp == '\n' || cp == '\t' || cp == '\r' || cp == 0x1b) {
			*o++ = '\\';
			*o++ = cp == '\n' ? 'n' : cp == '\t' ? 't' : cp == '\r' ? 'r' : 'e';
		} else if (cp < 0x20 || cp == 0x7f) {
			o += sprintf(o, "\\x%02x", cp);
		} else if ((cp >= 0x80 && cp < 0xa0) || (cp >= 0x202a && cp <= 0x202e) ||
			   (cp >= 0x2066 && cp <= 0x2069)) {
			o += sprintf(o, "\\u%04x", cp);
		} else {
			memcpy(o, p, n);
			o += n;
		}
		p += n;
	}
	*o = '\0';
	return talloc_realloc(mem, out, char, (size_t)(o - out) + 1);
}
