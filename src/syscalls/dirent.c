/* Directory listings that must show a binding whose name the rootfs
 * lacks ("-b /dev/null" into an empty /dev): a real bind mount needs its
 * mount point to exist, so a listing shows it.  burrow appends such names
 * when the kernel reports the end of the directory, once per pass over
 * it.  Only trapped when such bindings exist (H_IF_PHANTOMS).
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "syscalls/syscalls.h"
#include "tracee/tracee.h"

struct dirent_call {
	int fd;
	uint64_t buf;
	size_t size;
	const struct phantom **want;	/* phantoms of this directory */
	size_t nwant;
};

/* The fixed part of struct linux_dirent64 (d_ino, d_off, d_reclen,
 * d_type), then the name. */
#define DIRENT_NAME_OFF 19

static bool done_has(const struct tracee *t, int fd)
{
	for (size_t i = 0; i < t->dirents.ndone; i++)
		if (t->dirents.done[i] == fd)
			return true;
	return false;
}

static void done_set(struct tracee *t, int fd, bool on)
{
	for (size_t i = 0; i < t->dirents.ndone; i++) {
		if (t->dirents.done[i] == fd) {
			if (!on)
				t->dirents.done[i] = t->dirents.done[--t->dirents.ndone];
			return;
		}
	}
	if (!on)
		return;
	int *v = talloc_realloc(t, t->dirents.done, int, t->dirents.ndone + 1);

	if (v) {
		t->dirents.done = v;
		v[t->dirents.ndone++] = fd;
	}
}

int sys_getdents64_enter(struct tracee *t)
{
	struct tracer *tr = t->tracer;
	struct dirent_call *c;
	char *dir;
	int fd = (int)arch_arg(&t->stop.regs, 0);

	if (tracee_fd_guest_path(t, t->stop.scratch, fd, &dir) < 0)
		return 0;
	c = talloc_zero(t->stop.scratch, struct dirent_call);
	if (!c)
		return 0;
	c->want = talloc_array(c, const struct phantom *, tr->nphantoms);
	if (!c->want)
		return 0;
	for (size_t i = 0; i < tr->nphantoms; i++)
		if (strcmp(tr->phantoms[i].parent, dir) == 0)
			c->want[c->nwant++] = &tr->phantoms[i];
	if (!c->nwant)
		return 0;
	c->fd = fd;
	c->buf = arch_arg(&t->stop.regs, 1);
	c->size = (size_t)arch_arg(&t->stop.regs, 2);
	t->stop.exit_data = c;
	t->stop.exit_wanted = true;
	return 0;
}

int sys_getdents64_exit(struct tracee *t)
{
	struct dirent_call *c = t->stop.exit_data;
	int64_t got = arch_result(&t->stop.regs);
	unsigned char *out;
	size_t used = 0;

	if (!c || got < 0)
		return 0;
	if (got > 0) {
		/* A pass over the directory is under way (again). */
		done_set(t, c->fd, false);
		return 0;
	}
	if (done_has(t, c->fd))
		return 0;
	out = talloc_zero_size(t->stop.scratch, c->size);
	if (!out)
		return 0;
	for (size_t i = 0; i < c->nwant; i++) {
		const struct phantom *p = c->want[i];
		size_t namelen = strlen(p->name);
		uint16_t reclen = (uint16_t)((DIRENT_NAME_OFF + namelen + 1 + 7) & ~7u);
		int64_t off = INT64_MAX - (int64_t)i;

		if (used + reclen > c->size)
			break;	/* the next call gets no more: rare, tiny buffers */
		memcpy(out + used, &p->ino, 8);
		memcpy(out + used + 8, &off, 8);
		memcpy(out + used + 16, &reclen, 2);
		out[used + 18] = p->type;
		memcpy(out + used + DIRENT_NAME_OFF, p->name, namelen + 1);
		used += reclen;
	}
	if (!used || mem_write(t, c->buf, out, used) < 0)
		return 0;
	done_set(t, c->fd, true);
	arch_set_result(&t->stop.regs, (int64_t)used);
	t->stop.regs_dirty = true;
	return 0;
}
