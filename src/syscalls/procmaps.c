/* /proc/PID/maps, smaps and numa_maps in guest terms: the kernel names
 * each mapped file by its host path (the rootfs's, a binding's), where a
 * chroot shows the guest's.  The open becomes an open of a copy
 * (procstatus.c), whose names are mapped back through the bindings as
 * the reader sees them (a guest chroot included):
 * - a name outside every binding keeps its host path, as the kernel shows
 *   a file it cannot reach from the reader's root (hiding the mapping
 *   would mislead a debugger);
 * - " (deleted)" stays; a deleted name is mapped only when the directory
 *   it was in still exists on the same device: memfds and shared memory
 *   ("/memfd:x (deleted)") live on internal mounts no binding reaches;
 * - burrow's loader, which stays mapped (burrow's scratch memory), is
 *   shown as anonymous memory: it is no file of the guest's, and a
 *   program that looks for free address space must not take it.
 * The copy is a snapshot taken at the open.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "syscalls/syscalls.h"
#include "tracee/tracee.h"

/* The kernel escapes these bytes of a name as \ooo (seq_file_path). */
#define MAPS_ESC "\n"
#define NUMA_ESC "\n\t= "

static char *unescape(TALLOC_CTX *mem, const char *s, size_t len, const char *esc)
{
	char *out = talloc_size(mem, len + 1);
	size_t o = 0;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 3 < len && s[i + 1] >= '0' && s[i + 1] <= '3' &&
		    s[i + 2] >= '0' && s[i + 2] <= '7' &&
		    s[i + 3] >= '0' && s[i + 3] <= '7') {
			char c = (char)(((s[i + 1] - '0') << 6) | ((s[i + 2] - '0') << 3) |
					(s[i + 3] - '0'));

			if (c && strchr(esc, c)) {
				out[o++] = c;
				i += 3;
				continue;
			}
		}
		out[o++] = s[i];
	}
	out[o] = '\0';
	return out;
}

static char *append_escaped(char *out, const char *s, const char *esc)
{
	for (; out && *s; s++) {
		if (strchr(esc, *s))
			out = talloc_asprintf_append_buffer(out, "\\%03o", (unsigned char)*s);
		else
			out = talloc_strndup_append_buffer(out, s, 1);
	}
	return out;
}

/* A name as the kernel wrote it (escaped), in guest terms: NULL to keep
 * it, "" for the loader. */
static char *guest_name(TALLOC_CTX *mem, const char *name, size_t len, const char *esc,
			const struct maps_file *f, const struct maps_namer *n)
{
	static const char deleted[] = " (deleted)";
	struct maps_file file = *f;
	char *host, *guest, *out;
	size_t hlen;

	if (len == 0 || name[0] != '/')
		return NULL;
	if (n->loader_ino && f->dev_known && f->ino == n->loader_ino &&
	    f->major == n->loader_major && f->minor == n->loader_minor)
		return talloc_strdup(mem, "");
	host = unescape(mem, name, len, esc);
	if (!host)
		return NULL;
	hlen = strlen(host);
	file.deleted = hlen > sizeof(deleted) - 1 &&
		       strcmp(host + hlen - (sizeof(deleted) - 1), deleted) == 0;
	if (file.deleted)
		host[hlen - (sizeof(deleted) - 1)] = '\0';
	guest = n->to_guest(n->opaque, mem, host, &file);
	if (!guest || strcmp(guest, host) == 0)
		return NULL;
	out = append_escaped(talloc_strdup(mem, ""), guest, esc);
	if (out && file.deleted)
		out = append_escaped(out, deleted, esc);
	return out;
}

/* "start-end perms offset major:minor inode", parsed: the offset of the
 * name (after the padding), or 0 when line is no header line. */
static size_t header_name(const char *line, size_t len, unsigned long *start,
			  struct maps_file *f)
{
	unsigned long long off;
	char perms[8], head[160];
	size_t n = len < sizeof(head) - 1 ? len : sizeof(head) - 1;
	int end = 0;

	/* A copy: sscanf would measure the whole text at each line. */
	memcpy(head, line, n);
	head[n] = '\0';
	if (sscanf(head, "%lx-%*x %7s %llx %x:%x %lu %n", start, perms, &off, &f->major,
		   &f->minor, &f->ino, &end) != 6 || end <= 0 || (size_t)end >= n)
		return 0;
	/* The last space skipped the padding: the name starts there. */
	f->dev_known = true;
	return (size_t)end;
}

/* The text of maps (or smaps: the same header lines, between lines of
 * fields) with guest names. */
static char *maps_text(TALLOC_CTX *mem, const char *text, const struct maps_namer *n)
{
	char *out = talloc_strdup(mem, "");
	const char *line = text;

	while (out && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		struct maps_file f = { 0 };
		unsigned long start;
		void *tmp = talloc_new(mem);
		size_t at = header_name(line, len, &start, &f);
		char *g = at && tmp ? guest_name(tmp, line + at, len - at, MAPS_ESC, &f, n) : NULL;

		if (g && !*g) {
			/* Anonymous: "start-end perms 00000000 00:00 0 ". */
			const char *perms_end = strchr(strchr(line, ' ') + 1, ' ');

			out = talloc_strndup_append_buffer(out, line, (size_t)(perms_end - line) + 1);
			out = talloc_strdup_append_buffer(out, "00000000 00:00 0 ");
		} else if (g) {
			out = talloc_strndup_append_buffer(out, line, at);
			out = talloc_strdup_append_buffer(out, g);
		} else {
			out = talloc_strndup_append_buffer(out, line, len);
		}
		if (out && nl)
			out = talloc_strdup_append_buffer(out, "\n");
		talloc_free(tmp);
		line += len + (nl ? 1 : 0);
	}
	return out;
}

/* The device and inode of the mapping at start, from the maps text. */
static void file_at(const char *maps, unsigned long start, struct maps_file *f)
{
	const char *line = maps;

	while (maps && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		unsigned long s;
		struct maps_file g = { 0 };

		if (header_name(line, len, &s, &g) && s == start) {
			*f = g;
			return;
		}
		if (!nl)
			break;
		line = nl + 1;
	}
}

/* numa_maps: "start policy file=NAME ...", NAME escaped by NUMA_ESC;
 * its device and inode come from maps. */
static char *numa_text(TALLOC_CTX *mem, const char *text, const char *maps,
		       const struct maps_namer *n)
{
	char *out = talloc_strdup(mem, "");
	const char *line = text;

	while (out && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		const char *file = memmem(line, len, " file=", 6);
		static const char deleted[] = "\\040(deleted)";
		struct maps_file f = { 0 };
		void *tmp = talloc_new(mem);
		size_t at = 0, nlen = 0;
		char *g = NULL;

		if (file && tmp) {
			at = (size_t)(file - line) + 6;
			nlen = strcspn(line + at, " \n");
			if (at + nlen > len)
				nlen = len - at;
			/* Only a deleted name needs its device (a scan of maps). */
			if (nlen > sizeof(deleted) - 1 &&
			    memcmp(line + at + nlen - (sizeof(deleted) - 1), deleted,
				   sizeof(deleted) - 1) == 0)
				file_at(maps, strtoul(line, NULL, 16), &f);
			g = guest_name(tmp, line + at, nlen, NUMA_ESC, &f, n);
		}
		if (g) {
			/* The loader's: no file= at all, as for anonymous memory. */
			out = talloc_strndup_append_buffer(out, line, *g ? at : at - 6);
			out = talloc_strdup_append_buffer(out, g);
			out = talloc_strndup_append_buffer(out, line + at + nlen, len - at - nlen);
		} else {
			out = talloc_strndup_append_buffer(out, line, len);
		}
		if (out && nl)
			out = talloc_strdup_append_buffer(out, "\n");
		talloc_free(tmp);
		line += len + (nl ? 1 : 0);
	}
	return out;
}

char *maps_guest_text(void *mem, const char *text, const char *maps, bool numa,
		      const struct maps_namer *n)
{
	return numa ? numa_text(mem, text, maps, n) : maps_text(mem, text, n);
}

/* A mapped file's guest name, as the reader t sees it. */
static char *tracee_file_name(void *opaque, void *mem, const char *host,
			      const struct maps_file *f)
{
	struct tracee *t = opaque;

	if (f->deleted) {
		char *dir = talloc_strdup(mem, host), *slash;
		struct stat st;

		slash = dir ? strrchr(dir, '/') : NULL;
		if (!slash)
			return NULL;
		slash[slash == dir ? 1 : 0] = '\0';
		if (!f->dev_known || stat(dir, &st) < 0 || major(st.st_dev) != f->major ||
		    minor(st.st_dev) != f->minor)
			return NULL;
	}
	return tracee_host_to_guest(t, mem, host);
}

void maps_namer_of(struct tracee *t, struct maps_namer *n)
{
	struct stat st;

	memset(n, 0, sizeof(*n));
	n->to_guest = tracee_file_name;
	n->opaque = t;
	if (t->tracer->loader_path && stat(t->tracer->loader_path, &st) == 0) {
		n->loader_major = major(st.st_dev);
		n->loader_minor = minor(st.st_dev);
		n->loader_ino = st.st_ino;
	}
}
