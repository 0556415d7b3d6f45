/* /proc magic links in the in-guest engine (magic.h): root, cwd, fd/N
 * and map_files/... read back as the ptrace engine shows them
 * (tracee/fsops.c), the kernel's text mapped back through the bindings.
 * Every process of the run has the same bind table, so a process reads
 * another's links as that one would. */
#include <errno.h>
#include <string.h>

#include "magic.h"
#include "path/bind.h"
#include "path/lex.h"
#include "trap-int.h"

/* digits, then a '/': what follows, else NULL. */
static const char *number(const char *p)
{
	const char *q = p;

	while (*q >= '0' && *q <= '9')
		q++;
	return q != p && *q == '/' ? q + 1 : NULL;
}

const char *rt_proc_tail(const char *host)
{
	const char *p, *q;

	if (strncmp(host, "/proc/", 6) != 0 || !(p = number(host + 6)))
		return NULL;
	if (strncmp(p, "task/", 5) == 0) {
		if (!(q = number(p + 5)))
			return NULL;
		p = q;
	}
	return p;
}

int rt_magic_shown(TALLOC_CTX *mem, const struct bindings *b, const char *root,
		   const char *host, const char *raw, char **shown, enum fs_link_kind *kind)
{
	const char *tail = rt_proc_tail(host);
	int rc;

	if (!tail)
		return 0;
	if (strcmp(tail, "root") == 0) {
		/* The guest's root, as a real chroot shows its own: "/". */
		*kind = FS_LINK_ROOT;
		*shown = talloc_strdup(mem, "/");
		return *shown ? 1 : -ENOMEM;
	}
	if (strcmp(tail, "cwd") == 0)
		*kind = FS_LINK_GUEST;
	else if (strncmp(tail, "fd/", 3) == 0 || strncmp(tail, "map_files/", 10) == 0)
		*kind = FS_LINK_MAGIC;	/* the kernel reaches the object itself */
	else
		return 0;
	if (raw[0] != '/') {
		/* pipe:[N], socket:[N], anon_inode:...: as the kernel says. */
		*shown = talloc_strdup(mem, raw);
		return *shown ? 1 : -ENOMEM;
	}
	/* Outside every binding (a descriptor from the host): the host path. */
	rc = bindings_to_guest(mem, b, raw, shown);
	if (rc == -ENOMEM)
		return rc;
	/* Under a guest chroot, without its prefix (path_seen_from). */
	if (*shown)
		*shown = (char *)path_seen_from(root, *shown);
	return 1;
}
