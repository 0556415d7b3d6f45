/* A fake tracee behind struct tracee_io (see faketracee.h). */
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "faketracee.h"
#include "path/bind.h"
#include "syscalls/syscalls.h"

/* Where the stack pointer is at each stop: handlers push below it. */
#define FAKE_SP (FAKE_MEM_BASE + FAKE_MEM_SIZE - 64)

static struct fake_tracee *fake_of(struct tracee *t)
{
	return (struct fake_tracee *)t;
}

static unsigned char *image(struct fake_tracee *ft, uint64_t addr, size_t len)
{
	if (addr < FAKE_MEM_BASE || len > FAKE_MEM_SIZE ||
	    addr - FAKE_MEM_BASE > FAKE_MEM_SIZE - len)
		return NULL;
	return ft->mem + (addr - FAKE_MEM_BASE);
}

static int fake_read(struct tracee *t, uint64_t addr, void *buf, size_t len)
{
	unsigned char *p = image(fake_of(t), addr, len);

	if (!p)
		return -EFAULT;
	memcpy(buf, p, len);
	return 0;
}

static int fake_write(struct tracee *t, uint64_t addr, const void *buf, size_t len)
{
	unsigned char *p = image(fake_of(t), addr, len);

	if (!p)
		return -EFAULT;
	memcpy(p, buf, len);
	fake_of(t)->writes++;
	return 0;
}

static int fake_regs_get(struct tracee *t, struct arch_regs *r)
{
	*r = fake_of(t)->held;
	return 0;
}

static int fake_regs_set(struct tracee *t, struct arch_regs *last, const struct arch_regs *r)
{
	fake_of(t)->held = *r;
	*last = *r;
	return 0;
}

static int fake_sysnum_set(struct tracee *t, struct arch_regs *r, long nr)
{
	arch_set_sysnum(r, nr);
	arch_set_sysnum(&fake_of(t)->held, nr);
	return 0;
}

static void fake_fsops(struct tracee *t, struct fsops *ops)
{
	*ops = fakefs_ops(&fake_of(t)->ffs);
}

static const struct tracee_io fake_io = {
	.read = fake_read,
	.write = fake_write,
	.regs_get = fake_regs_get,
	.regs_set = fake_regs_set,
	.sysnum_set = fake_sysnum_set,
	.fsops = fake_fsops,
};

const char *fake_host(struct fake_tracee *ft, const char *rel)
{
	return talloc_asprintf(ft->tr, "%s%s", ft->root, rel);
}

struct fake_tracee *fake_tracee_new(const struct fake_entry *entries, size_t count)
{
	struct fake_tracee *ft = talloc_zero(NULL, struct fake_tracee);
	struct fake_entry *e;
	char tmpl[] = "/tmp/burrow-unit-XXXXXX", real[PATH_MAX], cwd[PATH_MAX];
	struct tracee *t;

	if (!ft || !mkdtemp(tmpl) || !realpath(tmpl, real) || !getcwd(cwd, sizeof(cwd)))
		return NULL;
	ft->tr = talloc_zero(ft, struct tracer);
	ft->root = talloc_strdup(ft, real);
	e = talloc_array(ft, struct fake_entry, count);
	if (!ft->tr || !ft->root || !e)
		return NULL;
	for (size_t i = 0; i < count; i++) {
		e[i] = entries[i];
		e[i].path = fake_host(ft, entries[i].path);
	}
	fakefs_init(&ft->ffs, e, count);
	ft->tr->binds = bindings_new(ft->tr, ft->root);
	ft->tr->root_fd = -1;
	ft->tr->no_name_shortcut = true;
	ft->tr->skip_result = SKIP_KEEPS_RESULT;
	t = &ft->t;
	t->pid = t->tgid = getpid();
	t->tracer = ft->tr;
	t->io = &fake_io;
	t->stop.sc = SC_NONE;
	t->loader.fd = -1;
	t->fs = fs_info_new("/", "/");
	if (!ft->tr->binds || !t->fs)
		return NULL;
	/* The test's own cwd: not the guest's, so the guest cwd is trusted. */
	fs_info_set_cwd(t->fs, ft->tr->binds, "/", cwd);
	return ft;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(path);
}

void fake_tracee_free(struct fake_tracee *ft)
{
	nftw(ft->root, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	fs_info_unref(ft->t.fs);
	talloc_free(ft);
}

uint64_t fake_put(struct fake_tracee *ft, const void *data, size_t len)
{
	uint64_t addr = FAKE_MEM_BASE + ft->mem_used;

	memcpy(ft->mem + ft->mem_used, data, len);
	ft->mem_used += (len + 15) & ~(size_t)15;
	return addr;
}

uint64_t fake_put_str(struct fake_tracee *ft, const char *s)
{
	return fake_put(ft, s, strlen(s) + 1);
}

const void *fake_at(const struct fake_tracee *ft, uint64_t addr, size_t len)
{
	return image((struct fake_tracee *)ft, addr, len);
}

const char *fake_str(const struct fake_tracee *ft, uint64_t addr)
{
	const char *s = fake_at(ft, addr, 1);

	return s && memchr(s, '\0', FAKE_MEM_BASE + FAKE_MEM_SIZE - addr) ? s : NULL;
}

int fake_enter(struct fake_tracee *ft, int sc, const uint64_t *args, unsigned nargs)
{
	struct arch_regs *r = &ft->held;

	memset(r, 0, sizeof(*r));
	/* x86_64's rax holds -ENOSYS at entry; aarch64's x0 is argument 0,
	 * set below. */
	arch_set_result(r, -ENOSYS);
	arch_set_sysnum(r, arch_host_nr(sc));
	for (unsigned i = 0; i < nargs; i++)
		arch_set_arg(r, i, args[i]);
	arch_set_sp(r, FAKE_SP);
	return syscall_enter(&ft->t);
}

bool fake_skipped(const struct fake_tracee *ft)
{
	return arch_sysnum(&ft->held) == -1;
}

int64_t fake_result(const struct fake_tracee *ft)
{
	return arch_result(&ft->held);
}

uint64_t fake_arg(const struct fake_tracee *ft, unsigned n)
{
	return arch_arg(&ft->held, n);
}
