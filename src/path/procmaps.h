/* /proc/PID/maps, smaps and numa_maps in guest terms, one line at a
 * time: the kernel names each mapped file by its host path, where a
 * chroot shows the guest's.  One rule for both engines (the ptrace
 * engine's syscalls/procmaps.c, the runtime's maps.c); what it looks at
 * on the host comes in through struct maps_namer.  Freestanding.
 * - a name outside every binding keeps its host path, as the kernel
 *   shows a file it cannot reach from the reader's root (hiding the
 *   mapping would mislead a debugger);
 * - " (deleted)" stays; a deleted name is mapped only when the directory
 *   it was in still exists on the same device: memfds and shared memory
 *   ("/memfd:x (deleted)") live on internal mounts no binding reaches;
 * - burrow's own files (its loader, the run's memfd) show as anonymous
 *   memory: no files of the guest's, and a program that looks for free
 *   address space must not take them. */
#ifndef BURROW_PATH_PROCMAPS_H
#define BURROW_PATH_PROCMAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <talloc.h>

#include "path/bind.h"

/* A file's device and inode as maps writes them. */
struct maps_file {
	bool known;
	unsigned long major, minor, ino;
};

struct maps_namer {
	const struct bindings *b;	/* the reader's bindings */
	const char *root;		/* the reader's root, a guest path ("/") */
	struct maps_file self;		/* burrow's loader (known: false when none) */
	const char *self_name;		/* a name shown as anonymous too, or NULL */
	const char *maps;		/* numa_maps: the maps text, for the */
	size_t maps_len;		/* devices of deleted files (may be NULL) */
	/* stat(2): 0 or -errno. */
	int (*stat)(void *opaque, const char *host, struct stat *st);
	void *opaque;
};

/* st's device and inode as maps writes them (the kernel's
 * new_encode_dev). */
void maps_file_of(const struct stat *st, struct maps_file *f);

/* One line of maps or smaps (numa: of numa_maps), len bytes without its
 * newline, in guest terms: 1 with *out (on mem, *out_len bytes), 0 to
 * keep the line as it is, or -ENOMEM. */
int maps_guest_line(const struct maps_namer *n, TALLOC_CTX *mem, const char *line, size_t len,
		    bool numa, char **out, size_t *out_len);

#endif
