/* A fake tracee for running syscall handlers in the unit tests: a memory
 * image and a register set behind struct tracee_io (tracee/io.h), and a
 * fake filesystem (fakefs.h) as the canonicaliser's view.
 *
 * The kernel's per-process facts that handlers read from /proc (a
 * dirfd's path, the cwd) are the test process's own: pid is getpid(),
 * so a dirfd is a real descriptor of the test.  Host paths are under a
 * real temporary directory (root), where a test may create the few real
 * files a handler opens (exec reads the program's first bytes); the
 * fake filesystem's table names them again.
 */
#ifndef BURROW_TESTS_FAKETRACEE_H
#define BURROW_TESTS_FAKETRACEE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fakefs.h"
#include "tracee/tracee.h"

/* Where the memory image lies in the tracee's address space. */
#define FAKE_MEM_BASE 0x10000000u
#define FAKE_MEM_SIZE (64u * 1024)

struct fake_tracee {
	struct tracee t;		/* first: t is the talloc chunk */
	struct tracer *tr;
	char *root;			/* the rootfs: a real, empty directory */
	struct fakefs ffs;
	unsigned char mem[FAKE_MEM_SIZE];
	uint64_t mem_used;		/* fake_put's bump pointer */
	struct arch_regs held;		/* the registers the tracee holds */
	unsigned writes;		/* io write calls */
};

/* A tracer with rootfs root (a fresh temporary directory) and one fake
 * tracee in it, cwd "/", whose filesystem is the table entries (paths
 * relative to the rootfs: "/etc/passwd" means root + "/etc/passwd").
 * Freed with fake_tracee_free. */
struct fake_tracee *fake_tracee_new(const struct fake_entry *entries, size_t count);
void fake_tracee_free(struct fake_tracee *ft);
/* root + guest-looking rel, on the tracee's scratch-independent context. */
const char *fake_host(struct fake_tracee *ft, const char *rel);

/* len bytes into the memory image: their address. */
uint64_t fake_put(struct fake_tracee *ft, const void *data, size_t len);
uint64_t fake_put_str(struct fake_tracee *ft, const char *s);
/* The NUL-terminated string at addr in the image, or NULL. */
const char *fake_str(const struct fake_tracee *ft, uint64_t addr);
/* len bytes at addr in the image, or NULL. */
const void *fake_at(const struct fake_tracee *ft, uint64_t addr, size_t len);

/* The tracee stops at the entry of sc with these arguments (the rest
 * 0), and syscall_enter handles it: its result. */
int fake_enter(struct fake_tracee *ft, int sc, const uint64_t *args, unsigned nargs);
#define FAKE_ENTER(ft, sc, ...) \
	fake_enter((ft), (sc), (const uint64_t[]){ __VA_ARGS__ }, \
		   sizeof((const uint64_t[]){ __VA_ARGS__ }) / sizeof(uint64_t))

/* After fake_enter: whether the call was skipped (emulated, or failed
 * by burrow) and the result the tracee sees then; argument n as the
 * tracee holds it. */
bool fake_skipped(const struct fake_tracee *ft);
int64_t fake_result(const struct fake_tracee *ft);
uint64_t fake_arg(const struct fake_tracee *ft, unsigned n);

#endif
