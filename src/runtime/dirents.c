/* getdents64 in the in-guest engine, as the ptrace engine's dirent.c:
 * a listing of a directory that must show a binding whose name the
 * rootfs lacks (a glue directory bound at "/a" for "-b /x:/a/b/c", or
 * "-b /dev/null" into an empty /dev) gets those names when the kernel
 * reports its end, once per pass over it.  The filter traps getdents64
 * only in runs that have such names (seccomp.c); at the end of a pass
 * an fstat says whether the directory can have any (burrow wrote their
 * directories' inodes), and only then is its path asked of the kernel:
 * a listing costs the trap per call and one fstat per directory. */
#include <asm/unistd.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>

#include "arch/rt-arch.h"
#include "dirents.h"
#include "trap-int.h"
#include "trap.h"

/* The fixed part of struct linux_dirent64 (d_ino, d_off, d_reclen,
 * d_type), then the name. */
#define DIRENT_NAME_OFF 19
/* The most the phantoms of one directory take: what a guest's buffer
 * holds beyond it is not needed. */
#define DIRENT_BUF_MAX (64 * 1024)

/* The slot of fd among the directories whose pass got its phantoms
 * (stored as fd + 1, 0: free), or -1. */
static int done_slot(const struct rt *rt, int fd)
{
	for (int i = 0; i < RT_DIRENT_FDS; i++)
		if (__atomic_load_n(&rt->dirents_done[i], __ATOMIC_RELAXED) == fd + 1)
			return i;
	return -1;
}

static void done_clear(struct rt *rt, int fd)
{
	int i = done_slot(rt, fd), want = fd + 1;

	if (i >= 0)
		__atomic_compare_exchange_n(&rt->dirents_done[i], &want, 0, 0, __ATOMIC_RELAXED,
					    __ATOMIC_RELAXED);
}

/* 0, or -1 when the table is full: the next pass of some directory
 * may then show its phantoms twice, never loop forever, as the slot
 * is only needed until the guest stops reading. */
static int done_set(struct rt *rt, int fd)
{
	for (int i = 0; i < RT_DIRENT_FDS; i++) {
		int free_slot = 0;

		if (__atomic_compare_exchange_n(&rt->dirents_done[i], &free_slot, fd + 1, 0,
						__ATOMIC_RELAXED, __ATOMIC_RELAXED))
			return 0;
	}
	return -1;
}

/* The next phantom record at *at of the blob's phantoms, or NULL at the
 * end or at a record that does not fit (burrow wrote it: a bad one ends
 * the list rather than being read past the image). */
static const struct rt_phantom_rec *next_phantom(const struct rt *rt, size_t *at,
						 const char **parent, const char **name)
{
	const char *img = rt->phantoms;
	const struct rt_phantom_rec *r;
	size_t len;

	if (!img || *at + sizeof(*r) > rt->phantoms_size)
		return NULL;
	r = (const struct rt_phantom_rec *)(img + *at);
	len = RT_PHANTOM_REC_SIZE(r->parent_len, r->name_len);
	if (len > rt->phantoms_size - *at || !r->name_len)
		return NULL;
	*parent = (const char *)(r + 1);
	*name = *parent + r->parent_len;
	*at += len;
	return r;
}

/* Whether a phantom may belong to the directory open as fd: one whose
 * directory is the same host inode, or one burrow could not stat. */
static int may_have(const struct rt *rt, int fd)
{
	const struct rt_phantom_rec *r;
	const char *parent, *name;
	struct stat st;
	size_t at = 0;

	if (rt_syscall(__NR_fstat, fd, (long)&st, 0, 0, 0, 0) < 0)
		return 0;
	while ((r = next_phantom(rt, &at, &parent, &name)) != NULL)
		if ((!r->dir_dev && !r->dir_ino) ||
		    (r->dir_dev == (uint64_t)st.st_dev && r->dir_ino == (uint64_t)st.st_ino))
			return 1;
	return 0;
}

long rt_getdents64(struct rt *rt, TALLOC_CTX *mem, const long a[6])
{
	const int fd = (int)a[0];
	const size_t size = (size_t)a[2];
	long got = rt_syscall(__NR_getdents64, a[0], a[1], a[2], 0, 0, 0);
	const struct rt_phantom_rec *r;
	const char *parent, *name;
	unsigned char *out;
	char *dir = NULL;
	size_t at = 0, used = 0, dlen, cap;
	int64_t off = INT64_MAX;

	if (got > 0) {
		/* A pass over the directory is under way (again). */
		done_clear(rt, fd);
		return got;
	}
	if (got < 0 || !rt->phantoms_size || done_slot(rt, fd) >= 0 || !may_have(rt, fd))
		return got;
	/* The guest path decides, as in dirent.c: the same directory
	 * bound at two places has the phantoms at one. */
	if (rt_base_of(rt, mem, fd, &dir) < 0 || !dir)
		return 0;
	dlen = strlen(dir);
	/* Zeroed: a name's NUL and the padding after it. */
	cap = size < DIRENT_BUF_MAX ? size : DIRENT_BUF_MAX;
	out = talloc_size(mem, cap ? cap : 1);
	if (!out)
		return 0;
	memset(out, 0, cap);
	while ((r = next_phantom(rt, &at, &parent, &name)) != NULL) {
		uint16_t reclen = (uint16_t)((DIRENT_NAME_OFF + r->name_len + 1 + 7) & ~7u);

		if (r->parent_len != dlen || memcmp(parent, dir, dlen) != 0)
			continue;
		if (used + reclen > cap)
			break;	/* the next call gets no more: rare, tiny buffers */
		memcpy(out + used, &r->ino, 8);
		memcpy(out + used + 8, &off, 8);
		memcpy(out + used + 16, &reclen, 2);
		out[used + 18] = r->type;
		memcpy(out + used + DIRENT_NAME_OFF, name, r->name_len);
		used += reclen;
		off--;
	}
	if (!used)
		return 0;
	if (rt_copy_out(a[1], out, used) < 0)
		return -EFAULT;
	done_set(rt, fd);
	return (long)used;
}
