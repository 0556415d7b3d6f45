#ifndef BURROW_PATH_GLUE_H
#define BURROW_PATH_GLUE_H

#include <stddef.h>
#include <stdint.h>
#include <talloc.h>

struct binding;
struct bindings;

/* Make the missing guest parents of the bindings in b appear, through a
 * temporary tree bound into b.  *glue_dir receives that tree's path, or
 * NULL when nothing was missing.  0 or -errno. */
int glue_bindings(TALLOC_CTX *mem, struct bindings *b, char **glue_dir);
/* A binding whose name its existing parent lacks in the rootfs:
 * getdents64 adds it to the parent's listing. */
struct phantom {
	char *parent;		/* canonical guest path of the directory */
	char *name;
	unsigned char type;	/* DT_* */
	uint64_t ino;
};
/* The phantoms of b's bindings: *out (on mem, NULL when none) holds *n
 * of them.  0 or -ENOMEM. */
int glue_phantoms(TALLOC_CTX *mem, const struct bindings *b, struct phantom **out, size_t *n);
/* Remove the tree glue_bindings made (NULL: nothing). */
void glue_remove(const char *glue_dir);

#endif
