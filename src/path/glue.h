#ifndef BURROW_PATH_GLUE_H
#define BURROW_PATH_GLUE_H

#include <stddef.h>
#include <talloc.h>

struct binding;
struct bindings;

/* Make the missing guest parents of the bindings in b appear, through a
 * temporary tree bound into b.  *glue_dir receives that tree's path, or
 * NULL when nothing was missing.  0 or -errno. */
int glue_bindings(TALLOC_CTX *mem, struct bindings *b, char **glue_dir);
/* Find the bindings whose name their existing parent lacks, for
 * getdents64 to add (tr->phantoms).  0 or -ENOMEM. */
struct tracer;
int glue_phantoms(struct tracer *tr);
/* Remove the tree glue_bindings made (NULL: nothing). */
void glue_remove(const char *glue_dir);

#endif
