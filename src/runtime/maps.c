/* /proc/PID/maps, smaps and numa_maps in the in-guest engine (maps.h),
 * as the ptrace engine shows them: the kernel names each mapped file by
 * its host path, so the open becomes an open of a copy in a memfd, its
 * lines rewritten by path/procmaps.c (the rule both engines share).
 * burrow's own memory there: the memfds burrow runs a process from (the
 * loader, whose inode /proc/PID/exe names when it is a memfd of burrow's)
 * and the run's blob (tracer/guest.c's "burrow-run", mapped by the first
 * process and its forks).  The runtime at RT_BASE is anonymous already.
 * The copy is a snapshot taken at the open, in mmap'd memory (the maps
 * of a big process outgrow the call arena), written through a buffer;
 * the runtime's own buffers appear in it as anonymous memory. */
#include <asm/unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/memfd.h>
#include <linux/mman.h>
#include <string.h>
#include <sys/stat.h>

#include "arch/rt-arch.h"
#include "arena.h"
#include "magic.h"
#include "maps.h"
#include "path/procmaps.h"
#include "trap-int.h"

#define RUN_MEMFD "/memfd:burrow-run (deleted)"
/* exec.c's names: RT_EXE_PREFIX, RT_EXE_AT, "burrow-exec". */
#define EXE_MEMFD "/memfd:burrow"
#define OUT_SIZE 65536
#define SCRATCH_SIZE (16 * RT_PATH_MAX)
#define READ_SIZE 65536

enum maps_kind { KIND_MAPS, KIND_SMAPS, KIND_NUMA };

/* The copy being written. */
struct maps_copy {
	long fd;			/* the memfd */
	char *buf;			/* OUT_SIZE bytes not yet written */
	size_t used;
	int err;
};

/* The kernel's text of a file, in mapped memory (*size mapped). */
struct text {
	char *p;
	size_t len, size;
};

static int is_err(long r)
{
	return (unsigned long)r > -4096UL;
}

static long read_all(const char *host, struct text *t)
{
	long fd = rt_syscall(__NR_openat, AT_FDCWD, (long)host, O_RDONLY | O_CLOEXEC, 0, 0, 0);
	long p, rc = 0;

	t->p = NULL;
	t->len = 0;
	t->size = READ_SIZE;
	if (fd < 0)
		return fd;
	p = rt_syscall(__NR_mmap, 0, READ_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (is_err(p)) {
		rt_syscall(__NR_close, fd, 0, 0, 0, 0, 0);
		return p;
	}
	t->p = (char *)p;
	for (;;) {
		long n;

		if (t->len == t->size) {
			p = rt_syscall(__NR_mremap, (long)t->p, (long)t->size, (long)t->size * 2,
				       MREMAP_MAYMOVE, 0, 0);
			if (is_err(p)) {
				rc = p;
				break;
			}
			t->p = (char *)p;
			t->size *= 2;
		}
		n = rt_syscall(__NR_read, fd, (long)(t->p + t->len), (long)(t->size - t->len), 0,
			       0, 0);
		if (n == -EINTR)
			continue;
		if (n <= 0) {
			rc = n;
			break;
		}
		t->len += (size_t)n;
	}
	rt_syscall(__NR_close, fd, 0, 0, 0, 0, 0);
	if (rc < 0) {
		rt_syscall(__NR_munmap, (long)t->p, (long)t->size, 0, 0, 0, 0);
		t->p = NULL;
	}
	return rc;
}

static void text_free(struct text *t)
{
	if (t->p)
		rt_syscall(__NR_munmap, (long)t->p, (long)t->size, 0, 0, 0, 0);
}

/* ---- the copy ---- */

static void flush(struct maps_copy *c)
{
	size_t done = 0;

	while (done < c->used && !c->err) {
		long r = rt_syscall(__NR_write, c->fd, (long)(c->buf + done),
				    (long)(c->used - done), 0, 0, 0);

		if (r == -EINTR)
			continue;
		if (r <= 0)
			c->err = r < 0 ? (int)r : -EIO;
		else
			done += (size_t)r;
	}
	c->used = 0;
}

static void put(struct maps_copy *c, const char *s, size_t n)
{
	while (n && !c->err) {
		size_t k = OUT_SIZE - c->used < n ? OUT_SIZE - c->used : n;

		memcpy(c->buf + c->used, s, k);
		c->used += k;
		s += k;
		n -= k;
		if (c->used == OUT_SIZE)
			flush(c);
	}
}

static int stat_op(void *opaque, const char *host, struct stat *st)
{
	(void)opaque;
	return (int)rt_syscall(__NR_newfstatat, AT_FDCWD, (long)host, (long)st, 0, 0, 0);
}

/* "/proc/self/fd/N" into buf (32 bytes). */
static void fd_path(char *buf, long fd)
{
	char digits[24];
	size_t d = 0, len = sizeof("/proc/self/fd/") - 1;
	unsigned long v = (unsigned long)fd;

	memcpy(buf, "/proc/self/fd/", len);
	do
		digits[d++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (d)
		buf[len++] = digits[--d];
	buf[len] = '\0';
}

int rt_maps_open(TALLOC_CTX *mem, const struct bindings *b, const char *root,
		 const char *host, long flags, long *fd)
{
	const char *tail = rt_proc_tail(host);
	struct maps_namer n = { .b = b, .root = root, .self_name = RUN_MEMFD, .stat = stat_op };
	struct maps_copy c = { 0 };
	struct text text, maps = { 0 };
	struct arena scratch;
	void *smem, *sctx;
	char *path, *link, proc_fd[32];
	size_t pre;
	struct stat st;
	int kind = -1;
	long r;

	if (!tail)
		return 0;
	/* Literals, not a table of pointers: the runtime has no relocations. */
	if (strcmp(tail, "maps") == 0)
		kind = KIND_MAPS;
	else if (strcmp(tail, "smaps") == 0)
		kind = KIND_SMAPS;
	else if (strcmp(tail, "numa_maps") == 0)
		kind = KIND_NUMA;
	if (kind < 0 || (flags & (O_ACCMODE | O_CREAT | O_PATH | O_TRUNC)) != O_RDONLY)
		return 0;
	pre = (size_t)(tail - host);
	if (!(path = talloc_size(mem, pre + sizeof("maps"))) ||
	    !(c.buf = talloc_size(mem, OUT_SIZE)) || !(smem = talloc_size(mem, SCRATCH_SIZE)) ||
	    !(sctx = arena_init(&scratch, smem, SCRATCH_SIZE)))
		return -ENOMEM;
	memcpy(path, host, pre);
	memcpy(path + pre, "exe", 4);
	/* Only a memfd of burrow's (a host process's program is its own). */
	if (!(link = talloc_size(mem, RT_PATH_MAX)))
		return -ENOMEM;
	r = rt_syscall(__NR_readlinkat, AT_FDCWD, (long)path, (long)link, RT_PATH_MAX - 1, 0, 0);
	if (r > (long)sizeof(EXE_MEMFD) - 1 && strncmp(link, EXE_MEMFD, sizeof(EXE_MEMFD) - 1) == 0 &&
	    rt_syscall(__NR_newfstatat, AT_FDCWD, (long)path, (long)&st, 0, 0, 0) == 0)
		maps_file_of(&st, &n.self);
	/* Unreadable (gone, not the reader's): the kernel's open answers. */
	if (read_all(host, &text) < 0)
		return 0;
	if (kind == KIND_NUMA) {
		memcpy(path + pre, "maps", 5);
		if (read_all(path, &maps) == 0) {
			n.maps = maps.p;
			n.maps_len = maps.len;
		}
	}
	c.fd = rt_syscall(__NR_memfd_create, (long)tail, MFD_CLOEXEC, 0, 0, 0, 0);
	if (c.fd < 0) {
		c.err = (int)c.fd;
	} else {
		for (size_t at = 0; at < text.len && !c.err;) {
			size_t len = 0;

			while (at + len < text.len && text.p[at + len] != '\n')
				len++;
			char *g;
			size_t glen;

			arena_reset(&scratch);
			/* A line too long for the scratch arena stays as it is. */
			if (maps_guest_line(&n, sctx, text.p + at, len, kind == KIND_NUMA, &g,
					    &glen) > 0)
				put(&c, g, glen);
			else
				put(&c, text.p + at, len);
			if (at + len < text.len)
				put(&c, "\n", 1);
			at += len + 1;
		}
		flush(&c);
	}
	text_free(&text);
	text_free(&maps);
	if (c.err) {
		if (c.fd >= 0)
			rt_syscall(__NR_close, c.fd, 0, 0, 0, 0, 0);
		return c.err;
	}
	/* A description of its own: offset 0, the guest's flags (read-only;
	 * the copy is reached through a magic link). */
	fd_path(proc_fd, c.fd);
	r = rt_syscall(__NR_openat, AT_FDCWD, (long)proc_fd, flags & ~(long)O_NOFOLLOW, 0, 0, 0);
	rt_syscall(__NR_close, c.fd, 0, 0, 0, 0, 0);
	if (r < 0)
		return (int)r;
	*fd = r;
	return 1;
}
