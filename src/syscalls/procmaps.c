/* /proc/PID/maps, smaps and numa_maps in guest terms for the ptrace
 * engine: the open becomes an open of a copy (procstatus.c) whose lines
 * path/procmaps.c rewrites, as the reader sees them (its bindings and
 * its guest chroot; burrow's loader as anonymous memory).  The copy is a
 * snapshot taken at the open.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "syscalls/syscalls.h"
#include "tracee/tracee.h"

char *maps_guest_text(void *mem, const char *text, const char *maps, bool numa,
		      struct maps_namer *n)
{
	char *out = talloc_strdup(mem, "");
	const char *line = text;

	n->maps = maps;
	n->maps_len = maps ? strlen(maps) : 0;
	while (out && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line), glen;
		void *tmp = talloc_new(mem);
		char *g = NULL;
		int rc = tmp ? maps_guest_line(n, tmp, line, len, numa, &g, &glen) : -ENOMEM;

		if (rc < 0)
			TALLOC_FREE(out);
		else if (rc > 0)
			out = talloc_strndup_append_buffer(out, g, glen);
		else
			out = talloc_strndup_append_buffer(out, line, len);
		if (out && nl)
			out = talloc_strdup_append_buffer(out, "\n");
		talloc_free(tmp);
		line += len + (nl ? 1 : 0);
	}
	return out;
}

static int host_stat_op(void *opaque, const char *host, struct stat *st)
{
	(void)opaque;
	return stat(host, st) < 0 ? -errno : 0;
}

void maps_namer_of(struct tracee *t, struct maps_namer *n)
{
	struct stat st;

	memset(n, 0, sizeof(*n));
	n->b = tracee_binds(t);
	n->root = t->fs ? t->fs->root : "/";
	n->stat = host_stat_op;
	if (t->tracer->loader_path && stat(t->tracer->loader_path, &st) == 0)
		maps_file_of(&st, &n->self);
}
