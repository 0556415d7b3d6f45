/* path-check: the path core (src/path/) built freestanding, as the
 * in-guest runtime links it, resolves paths as the libc build does.
 * Linked with -nostdlib: its only outside functions are the runtime's
 * (src/runtime/), which `make check-unit` checks.  Exits 0 when every
 * case gives the expected guest and host paths. */
#include <asm/unistd.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "path/bind.h"
#include "path/canon.h"

long rt_syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
int rt_check_main(void);

/* The rootfs /r, where /r/lib -> usr/lib and everything else is a
 * directory; /h is bound at /data. */
static int fake_lstat(void *opaque, const char *host, struct stat *st)
{
	(void)opaque;
	memset(st, 0, sizeof(*st));
	st->st_mode = strcmp(host, "/r/lib") == 0 ? S_IFLNK | 0777 : S_IFDIR | 0755;
	return 0;
}

static int fake_readlink(void *opaque, TALLOC_CTX *mem, const char *host, char **target,
			 enum fs_link_kind *kind)
{
	(void)opaque;
	if (strcmp(host, "/r/lib") != 0)
		return -EINVAL;
	*target = talloc_strdup(mem, "usr/lib");
	*kind = FS_LINK_PLAIN;
	return *target ? 0 : -ENOMEM;
}

static void say(const char *s)
{
	rt_syscall(__NR_write, 2, (long)s, (long)strlen(s), 0, 0, 0);
}

/* 0 when path, from base, resolves to guest and host; says why not. */
static int check(void *ctx, struct arena *call, const struct bindings *b, const struct fsops *fs,
		 const char *base, const char *path, const char *guest, const char *host)
{
	struct canon_result res;
	int rc;

	arena_reset(call);
	rc = canon_resolve(ctx, b, fs, "/", base, path, 0, &res);
	if (rc == 0 && strcmp(res.guest, guest) == 0 && strcmp(res.host, host) == 0)
		return 0;
	say("path-check: ");
	say(path);
	say(rc == 0 ? ": got " : ": failed");
	if (rc == 0) {
		say(res.guest);
		say(" ");
		say(res.host);
	}
	say(", want ");
	say(guest);
	say(" ");
	say(host);
	say("\n");
	return 1;
}

/* The arena's own rules: aligned chunks, the last chunk grows in place
 * and goes back when freed, exhaustion gives NULL, not a smaller chunk. */
static int check_arena(void)
{
	char mem[256];
	struct arena a;
	void *ctx = arena_init(&a, mem + 1, sizeof(mem) - 1);
	char *p, *q;
	size_t used;
	int bad = 0;

	p = talloc_size(ctx, 3);
	q = talloc_realloc(NULL, p, char, 40);
	if (!ctx || !p || ((unsigned long)p & 15) || q != p)
		bad = 1;
	p = talloc_strdup(ctx, "abc");
	if (!p || strcmp(p, "abc") != 0)
		bad = 1;
	used = a.used;
	q = talloc_size(ctx, 1);
	talloc_free(q);
	if (a.used != used)
		bad = 1;
	if (talloc_size(ctx, sizeof(mem)) != NULL || a.used != used)
		bad = 1;
	q = talloc_asprintf(ctx, "%s/%.*s%%", "a", 2, "bcd");
	if (!q || strcmp(q, "a/bc%") != 0)
		bad = 1;
	/* A format the arena does not know fails, it is not guessed. */
	if (talloc_asprintf(ctx, "%d", 1) != NULL)
		bad = 1;
	arena_reset(&a);
	if (talloc_size(ctx, 100) == NULL)
		bad = 1;
	if (bad)
		say("path-check: the arena breaks its rules\n");
	return bad;
}

/* Cases are calls, not a table: a table of pointers would need
 * relocations, which the build refuses. */
int rt_check_main(void)
{
	char table_mem[8192], call_mem[32768];
	struct arena table, call;
	void *tctx = arena_init(&table, table_mem, sizeof(table_mem));
	void *cctx = arena_init(&call, call_mem, sizeof(call_mem));
	struct bindings *b = bindings_new(tctx, "/r");
	struct fsops fs = { 0 };
	int bad = 0;

	fs.lstat = fake_lstat;
	fs.readlink = fake_readlink;
	if (!cctx || !b || bindings_add(b, "/h", "/data") != 0) {
		say("path-check: cannot set up the bind table\n");
		return 1;
	}
	bad |= check(cctx, &call, b, &fs, "/", "/lib/x/../y", "/usr/lib/y", "/r/usr/lib/y");
	bad |= check(cctx, &call, b, &fs, "/", "/data/f", "/data/f", "/h/f");
	bad |= check(cctx, &call, b, &fs, "/", "/../../etc//", "/etc", "/r/etc/");
	bad |= check(cctx, &call, b, &fs, "/usr", "a/./b", "/usr/a/b", "/r/usr/a/b");
	bad |= check(cctx, &call, b, &fs, "/data", "../lib", "/usr/lib", "/r/usr/lib");
	bad |= check_arena();
	return bad;
}
