/* /proc/PID/maps, smaps and numa_maps in the in-guest engine (maps.h),
 * as the ptrace engine shows them (syscalls/procmaps.c): the kernel
 * names each mapped file by its host path, so the open becomes an open
 * of a copy in a memfd with the names mapped back through the bindings.
 * - a name outside every binding keeps its host path;
 * - " (deleted)" stays; a deleted name is mapped only when its directory
 *   still exists on the same device (memfds live where no binding
 *   reaches);
 * - the memfds burrow runs a process from (the loader, whose inode
 *   /proc/PID/exe names when it is a memfd of burrow's) and the run's blob (tracer/guest.c's
 *   "burrow-run", mapped by the first process and its forks) show as
 *   anonymous memory: no files of the guest's.  The runtime at RT_BASE
 *   is anonymous already.
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
#include "path/bind.h"
#include "trap-int.h"

/* The kernel escapes these bytes of a name as \ooo (seq_file_path). */
#define MAPS_ESC "\n"
#define NUMA_ESC "\n\t= "
#define DELETED " (deleted)"
#define NUMA_DELETED "\\040(deleted)"
#define RUN_MEMFD "/memfd:burrow-run" DELETED
/* exec.c's names: RT_EXE_PREFIX, RT_EXE_AT, "burrow-exec". */
#define EXE_MEMFD "/memfd:burrow"
#define OUT_SIZE 65536
#define SCRATCH_SIZE (16 * RT_PATH_MAX)
#define READ_SIZE 65536

enum maps_kind { KIND_MAPS, KIND_SMAPS, KIND_NUMA };

/* A file's device and inode as maps writes them. */
struct file_id {
	int known;
	unsigned long major, minor, ino;
};

/* What the copy is made of. */
struct maps_copy {
	const struct bindings *b;
	struct file_id loader;		/* the process's exe memfd */
	const char *maps;		/* numa_maps: the maps text, for inodes */
	size_t maps_len;
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

/* st_dev as maps writes it (the kernel's new_encode_dev). */
static void file_id_of(const struct stat *st, struct file_id *f)
{
	unsigned long dev = (unsigned long)st->st_dev;

	f->known = 1;
	f->major = ((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfffUL);
	f->minor = (dev & 0xff) | ((dev >> 12) & ~0xffUL);
	f->ino = (unsigned long)st->st_ino;
}

static int same_file(const struct file_id *a, const struct file_id *b)
{
	return a->known && b->known && a->major == b->major && a->minor == b->minor &&
	       a->ino == b->ino;
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

/* ---- parsing ---- */

static int hex_digit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/* A number in base (16 or 10) at l[*i]: 1 and *v, 0 when none. */
static int number(const char *l, size_t len, size_t *i, unsigned base, unsigned long *v)
{
	size_t from = *i;
	int d;

	*v = 0;
	while (*i < len && (d = hex_digit(l[*i])) >= 0 && (unsigned)d < base) {
		*v = *v * base + (unsigned long)d;
		(*i)++;
	}
	return *i != from;
}

static int sep(const char *l, size_t len, size_t *i, char ch)
{
	if (*i >= len || l[*i] != ch)
		return 0;
	(*i)++;
	return 1;
}

/* "start-end perms offset major:minor inode   name": the offset of the
 * name in l, 0 when l is no header line with a name; the offset just
 * past the perms and their space in *perms_end. */
static size_t header(const char *l, size_t len, unsigned long *start, size_t *perms_end,
		     struct file_id *f)
{
	unsigned long v;
	size_t i = 0;

	if (!number(l, len, &i, 16, start) || !sep(l, len, &i, '-') ||
	    !number(l, len, &i, 16, &v) || !sep(l, len, &i, ' '))
		return 0;
	while (i < len && l[i] != ' ')
		i++;
	if (!sep(l, len, &i, ' '))
		return 0;
	*perms_end = i;
	if (!number(l, len, &i, 16, &v) || !sep(l, len, &i, ' ') ||
	    !number(l, len, &i, 16, &f->major) || !sep(l, len, &i, ':') ||
	    !number(l, len, &i, 16, &f->minor) || !sep(l, len, &i, ' ') ||
	    !number(l, len, &i, 10, &f->ino) || !sep(l, len, &i, ' '))
		return 0;
	f->known = 1;
	while (i < len && l[i] == ' ')
		i++;
	return i < len ? i : 0;
}

/* The device and inode of the mapping at start, from the maps text. */
static void file_at(const struct maps_copy *c, unsigned long start, struct file_id *f)
{
	const char *line = c->maps, *end = c->maps + c->maps_len;

	while (line && line < end) {
		const char *nl = line;
		size_t pe;
		unsigned long s;
		struct file_id g = { 0 };

		while (nl < end && *nl != '\n')
			nl++;
		if (header(line, (size_t)(nl - line), &s, &pe, &g) && s == start) {
			*f = g;
			return;
		}
		line = nl + 1;
	}
}

/* ---- names ---- */

static char *unescape(TALLOC_CTX *mem, const char *s, size_t len, const char *esc)
{
	char *out = talloc_size(mem, len + 1);
	size_t o = 0;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 3 < len && s[i + 1] >= '0' && s[i + 1] <= '3' &&
		    s[i + 2] >= '0' && s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
			char ch = (char)(((s[i + 1] - '0') << 6) | ((s[i + 2] - '0') << 3) |
					 (s[i + 3] - '0'));

			if (ch && strchr(esc, ch)) {
				out[o++] = ch;
				i += 3;
				continue;
			}
		}
		out[o++] = s[i];
	}
	out[o] = '\0';
	return out;
}

/* s then suffix, the bytes of esc as \ooo. */
static char *escape(TALLOC_CTX *mem, const char *s, const char *suffix, const char *esc)
{
	size_t n = strlen(s), m = strlen(suffix), o = 0;
	char *out = talloc_size(mem, 4 * (n + m) + 1);

	if (!out)
		return NULL;
	for (size_t i = 0; i < n + m; i++) {
		unsigned char ch = (unsigned char)(i < n ? s[i] : suffix[i - n]);

		if (ch && strchr(esc, (char)ch)) {
			out[o++] = '\\';
			out[o++] = (char)('0' + (ch >> 6));
			out[o++] = (char)('0' + ((ch >> 3) & 7));
			out[o++] = (char)('0' + (ch & 7));
		} else {
			out[o++] = (char)ch;
		}
	}
	out[o] = '\0';
	return out;
}

/* Does the directory host (a deleted file's) was in still exist, on the
 * device of f? */
static int dir_still_there(TALLOC_CTX *mem, const char *host, const struct file_id *f)
{
	char *dir = talloc_strndup(mem, host, (size_t)-1), *slash = NULL;
	struct stat st;
	struct file_id d;

	for (char *p = dir; p && *p; p++)
		if (*p == '/')
			slash = p;
	if (!dir || !f->known || !slash)
		return 0;
	slash[slash == dir ? 1 : 0] = '\0';
	if (rt_syscall(__NR_newfstatat, AT_FDCWD, (long)dir, (long)&st, 0, 0, 0) < 0)
		return 0;
	file_id_of(&st, &d);
	return d.major == f->major && d.minor == f->minor;
}

/* A name as the kernel wrote it (escaped by esc), of the file f, in
 * guest terms on mem: NULL to keep it, "" for burrow's own memory. */
static char *guest_name(const struct maps_copy *c, TALLOC_CTX *mem, const char *name, size_t len,
			const char *esc, const struct file_id *f)
{
	const size_t dl = sizeof(DELETED) - 1;
	char *host, *guest;
	size_t hlen;
	int deleted;

	if (len == 0 || name[0] != '/')
		return NULL;
	if (same_file(f, &c->loader))
		return talloc_strndup(mem, "", 0);
	if (!(host = unescape(mem, name, len, esc)))
		return NULL;
	if (strcmp(host, RUN_MEMFD) == 0)
		return talloc_strndup(mem, "", 0);
	hlen = strlen(host);
	deleted = hlen > dl && strcmp(host + hlen - dl, DELETED) == 0;
	if (deleted) {
		host[hlen - dl] = '\0';
		if (!dir_still_there(mem, host, f))
			return NULL;
	}
	/* Outside every binding (-EXDEV): the host path, as the kernel
	 * names a file the reader's root does not reach. */
	if (bindings_to_guest(mem, c->b, host, &guest) != 0 || strcmp(guest, host) == 0)
		return NULL;
	return escape(mem, guest, deleted ? DELETED : "", esc);
}

/* One line of maps or smaps (smaps: the same header lines between lines
 * of fields). */
static void maps_line(struct maps_copy *c, TALLOC_CTX *mem, const char *l, size_t len)
{
	struct file_id f = { 0 };
	unsigned long start;
	size_t pe = 0, at = header(l, len, &start, &pe, &f);
	char *g = at ? guest_name(c, mem, l + at, len - at, MAPS_ESC, &f) : NULL;

	if (g && !*g) {
		put(c, l, pe);
		put(c, "00000000 00:00 0 ", 17);
	} else if (g) {
		put(c, l, at);
		put(c, g, strlen(g));
	} else {
		put(c, l, len);
	}
}

/* numa_maps: "start policy file=NAME ...", NAME escaped by NUMA_ESC;
 * the device and inode of a deleted one come from maps. */
static void numa_line(struct maps_copy *c, TALLOC_CTX *mem, const char *l, size_t len)
{
	const size_t dl = sizeof(NUMA_DELETED) - 1;
	struct file_id f = { 0 };
	size_t at = 0, n = 0, i = 0;
	unsigned long start;
	char *g = NULL;

	while (i + 6 <= len && memcmp(l + i, " file=", 6) != 0)
		i++;
	if (i + 6 <= len) {
		at = i + 6;
		while (at + n < len && l[at + n] != ' ')
			n++;
		i = 0;
		if (n > dl && memcmp(l + at + n - dl, NUMA_DELETED, dl) == 0 &&
		    number(l, len, &i, 16, &start))
			file_at(c, start, &f);
		g = guest_name(c, mem, l + at, n, NUMA_ESC, &f);
	}
	if (g) {
		/* burrow's own: no file= at all, as for anonymous memory. */
		put(c, l, *g ? at : at - 6);
		put(c, g, strlen(g));
		put(c, l + at + n, len - at - n);
	} else {
		put(c, l, len);
	}
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

int rt_maps_open(TALLOC_CTX *mem, const struct bindings *b, const char *host, long flags,
		 long *fd)
{
	const char *tail = rt_proc_tail(host);
	struct maps_copy c = { .b = b };
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
		file_id_of(&st, &c.loader);
	/* Unreadable (gone, not the reader's): the kernel's open answers. */
	if (read_all(host, &text) < 0)
		return 0;
	if (kind == KIND_NUMA) {
		memcpy(path + pre, "maps", 5);
		if (read_all(path, &maps) == 0) {
			c.maps = maps.p;
			c.maps_len = maps.len;
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
			arena_reset(&scratch);
			if (kind == KIND_NUMA)
				numa_line(&c, sctx, text.p + at, len);
			else
				maps_line(&c, sctx, text.p + at, len);
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
