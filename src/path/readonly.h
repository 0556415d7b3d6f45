/* The errors of read-only bindings and protected paths (bind.h's
 * bindings_may_change), in the order a read-only mount gives them:
 * a missing parent, EEXIST, EISDIR... before EROFS.  One rule for both
 * engines (syscalls/protect.c, runtime/protect.c and calls.c); what
 * they look at on the host comes in through struct ro_ops.  Pure
 * otherwise, freestanding (the runtime links it).  Every function
 * returns 0 to let the call run, or -errno. */
#ifndef BURROW_PATH_READONLY_H
#define BURROW_PATH_READONLY_H

#include <stdbool.h>
#include <sys/stat.h>
#include <talloc.h>

#include "path/bind.h"
#include "path/canon.h"

struct ro_ops {
	/* stat(2), or lstat(2) when !follow: 0 or -errno. */
	int (*stat)(void *opaque, const char *host, bool follow, struct stat *st);
	/* The target of a /proc magic link, on mem: 0 or -errno. */
	int (*readlink)(void *opaque, TALLOC_CTX *mem, const char *host, char **target);
	/* Would the guest's ids be let write host: 0, -EACCES, -errno. */
	int (*access_write)(void *opaque, const char *host);
	void *opaque;
};

/* Whether an open with flags may change its file. */
bool ro_open_changes(long flags);

/* Devices, fifos and sockets stay writable on a read-only mount. */
bool ro_stays_writable(unsigned mode);

/* bindings_may_change on the file res names: a magic link's by the host
 * path it leads to (0 for a pipe, a socket, an anonymous inode). */
int ro_may_change(const struct ro_ops *ops, TALLOC_CTX *mem, const struct bindings *b,
		  const struct canon_result *res, enum change_kind kind);

/* What the lookup of host's parent gives: 0 for a directory. */
int ro_parent_error(const struct ro_ops *ops, TALLOC_CTX *mem, const char *host);

/* A new name in a read-only place: EEXIST when it exists, the parent's
 * error, else EROFS. */
int ro_create_error(const struct ro_ops *ops, TALLOC_CTX *mem, const struct canon_result *res);

/* An existing file changed in a read-only place (truncate: a length
 * set): the lookup's error, EISDIR or EINVAL for truncate, else EROFS. */
int ro_modify_error(const struct ro_ops *ops, const struct canon_result *res, bool truncate);

/* An open with flags that may change (ro_open_changes) of res in a
 * read-only place (ro_may_change said -EROFS): the kernel's own error
 * where it comes first, 0 where the kernel fails anyway or changes
 * nothing, else -EROFS. */
int ro_open_error(const struct ro_ops *ops, TALLOC_CTX *mem, const struct canon_result *res,
		  long flags);

#endif
