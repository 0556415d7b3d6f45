/* -k STRING, parsed: pure, the caller prints. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include "cli/uts.h"
#include "tracee/tracee.h"

int uts_parse(void *mem, const char *spec, struct uts_fake **out)
{
	struct uts_fake *u = talloc_zero(mem, struct uts_fake);
	const char *start, *end = spec;
	char *hex_end;

	if (!u)
		return -ENOMEM;
	*out = u;
	/* A plain release, as nearly every user gives it. */
	if (spec[0] != '\\') {
		uts_set_field(u, UTS_RELEASE, spec, strlen(spec));
		return 0;
	}
	/* PRoot's long form: every field ends with a backslash; an empty
	 * one keeps the kernel's value. */
	for (int f = 0; f < UTS_FIELDS; f++) {
		start = end + 1;
		end = strchr(start, '\\');
		if (!end)
			goto bad;
		if (end > start)
			uts_set_field(u, f, start, (size_t)(end - start));
	}
	start = end + 1;
	end = strchr(start, '\\');
	if (!end)
		goto bad;
	if (end > start) {
		errno = 0;
		u->hwcap = strtoull(start, &hex_end, 16);
		if (errno || hex_end != end || start[0] == '-')
			goto bad;
		u->hwcap_set = true;
	}
	return 0;
bad:
	TALLOC_FREE(*out);
	return -EINVAL;
}
