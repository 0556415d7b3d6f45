/* Untrusted bytes (archive member names, image config strings, guest
 * paths) made safe to print on a terminal. */
#ifndef BURROW_COMMON_ESCAPE_H
#define BURROW_COMMON_ESCAPE_H

#include <talloc.h>

/* A copy of s with every byte a terminal could act on escaped: C0 controls
 * and DEL as \n, \t, \e or \xHH, C1 controls (U+0080..U+009F) as \u0080,
 * the bidirectional overrides (U+202A..U+202E, U+2066..U+2069) as \u202e,
 * bytes that are not valid UTF-8 as \xHH, and the backslash as \\, so the
 * text stays unambiguous.  Printable UTF-8 is kept.  NULL s gives "(null)";
 * NULL only when out of memory. */
char *esc(TALLOC_CTX *mem, const char *s);

#endif
