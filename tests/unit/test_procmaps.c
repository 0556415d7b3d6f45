/* path/procmaps.c's rule, through maps_guest_text (the ptrace engine's
 * loop, src/syscalls/procmaps.c) and maps_guest_line (the runtime's):
 * the names of maps, smaps and numa_maps mapped back through the
 * bindings and the reader's root, the rest of each line kept. */
#include <check.h>
#include <errno.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <talloc.h>

#include "path/procmaps.h"
#include "syscalls/syscalls.h"

/* The rootfs /r is the guest's /, /b is bound at /g; only /r/tmp (of
 * the deleted files' directories) exists, on device 08:01. */
static int fake_stat(void *opaque, const char *host, struct stat *st)
{
	(void)opaque;
	if (strcmp(host, "/r/tmp") != 0)
		return -ENOENT;
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFDIR | 0755;
	st->st_dev = makedev(8, 1);
	return 0;
}

static struct maps_namer test_namer(void *mem, const char *root)
{
	struct bindings *b = bindings_new(mem, "/r");

	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(bindings_add(b, "/b", "/g"), 0);
	return (struct maps_namer){
		.b = b, .root = root, .stat = fake_stat,
		.self = { .known = true, .major = 0, .minor = 1, .ino = 77 },
	};
}

#define PAD "                 "
static const char maps[] =
	"55d000000000-55d000001000 r--p 00000000 08:01 1234                       /r/usr/bin/cat\n"
	"55d000003000-55d000024000 rw-p 00000000 00:00 0                          [heap]\n"
	"7f0000000000-7f0000001000 r-xp 00001000 08:01 99                         /b/lib\\012x.so\n"
	"7f0000002000-7f0000003000 rw-s 00000000 08:01 98                         /r/tmp/gone (deleted)\n"
	"7f0000004000-7f0000005000 rw-s 00000000 00:01 5                          /memfd:jit (deleted)\n"
	"7f0000006000-7f0000007000 r-xp 00000000 00:01 77                         /memfd:burrow-loader (deleted)\n"
	"7f0000008000-7f0000009000 rw-p 00000000 00:00 0 \n"
	"7f000000a000-7f000000b000 r--p 00000000 08:02 11                         /elsewhere/f\n"
	"7ffc00000000-7ffc00021000 rw-p 00000000 00:00 0                          [stack]\n";

START_TEST(maps_names_in_guest_terms)
{
	void *mem = talloc_new(NULL);
	struct maps_namer n = test_namer(mem, "/");
	char *out = maps_guest_text(mem, maps, NULL, false, &n);

	ck_assert_str_eq(out,
	"55d000000000-55d000001000 r--p 00000000 08:01 1234                       /usr/bin/cat\n"
	"55d000003000-55d000024000 rw-p 00000000 00:00 0                          [heap]\n"
	"7f0000000000-7f0000001000 r-xp 00001000 08:01 99                         /g/lib\\012x.so\n"
	"7f0000002000-7f0000003000 rw-s 00000000 08:01 98                         /tmp/gone (deleted)\n"
	"7f0000004000-7f0000005000 rw-s 00000000 00:01 5                          /memfd:jit (deleted)\n"
	"7f0000006000-7f0000007000 r-xp 00000000 00:00 0 \n"
	"7f0000008000-7f0000009000 rw-p 00000000 00:00 0 \n"
	"7f000000a000-7f000000b000 r--p 00000000 08:02 11                         /elsewhere/f\n"
	"7ffc00000000-7ffc00021000 rw-p 00000000 00:00 0                          [stack]\n");
	talloc_free(mem);
}
END_TEST

START_TEST(smaps_header_lines_only)
{
	void *mem = talloc_new(NULL);
	struct maps_namer n = test_namer(mem, "/");
	char *out = maps_guest_text(mem,
		"55d000000000-55d000001000 r--p 00000000 08:01 1234                       /r/usr/bin/cat\n"
		"Size:                  4 kB\n"
		"VmFlags: rd mr mw me sd \n"
		"7f0000006000-7f0000007000 r-xp 00000000 00:01 77                         /memfd:burrow-loader (deleted)\n"
		"Rss:                   4 kB\n", NULL, false, &n);

	ck_assert_str_eq(out,
		"55d000000000-55d000001000 r--p 00000000 08:01 1234                       /usr/bin/cat\n"
		"Size:                  4 kB\n"
		"VmFlags: rd mr mw me sd \n"
		"7f0000006000-7f0000007000 r-xp 00000000 00:00 0 \n"
		"Rss:                   4 kB\n");
	talloc_free(mem);
}
END_TEST

START_TEST(numa_maps_file_names)
{
	void *mem = talloc_new(NULL);
	struct maps_namer n = test_namer(mem, "/");
	char *out = maps_guest_text(mem,
		"55d000000000 default file=/r/usr/bin/cat mapped=1 N0=1 kernelpagesize_kB=4\n"
		"55d000003000 default heap anon=3 dirty=3 N0=3 kernelpagesize_kB=4\n"
		"7f0000002000 default file=/r/tmp/gone\\040(deleted) mapped=1\n"
		"7f0000004000 default file=/memfd:jit\\040(deleted) mapped=1\n"
		"7f0000006000 default file=/memfd:burrow-loader\\040(deleted) mapped=1\n"
		"7f000000c000 default file=/b/a\\040b\\075c\n", maps, true, &n);

	ck_assert_str_eq(out,
		"55d000000000 default file=/usr/bin/cat mapped=1 N0=1 kernelpagesize_kB=4\n"
		"55d000003000 default heap anon=3 dirty=3 N0=3 kernelpagesize_kB=4\n"
		"7f0000002000 default file=/tmp/gone\\040(deleted) mapped=1\n"
		"7f0000004000 default file=/memfd:jit\\040(deleted) mapped=1\n"
		"7f0000006000 default mapped=1\n"
		"7f000000c000 default file=/g/a\\040b\\075c\n");
	talloc_free(mem);
}
END_TEST

/* A reader in a guest chroot at /home/j sees names below it from its
 * root, others as the guest's (deleted ones too). */
START_TEST(maps_reader_root)
{
	void *mem = talloc_new(NULL);
	struct maps_namer n = test_namer(mem, "/home/j");
	char *out = maps_guest_text(mem,
		"55d000000000-55d000001000 r--p 00000000 08:01 1234 /r/home/j/bin/sh\n"
		"55d000001000-55d000002000 r--p 00000000 08:01 1235 /r/home/j\n"
		"55d000002000-55d000003000 r--p 00000000 08:01 1236 /r/home/jo/x\n"
		"55d000003000-55d000004000 r--p 00000000 08:01 1237 /b/lib.so\n", NULL, false, &n);

	ck_assert_str_eq(out,
		"55d000000000-55d000001000 r--p 00000000 08:01 1234 /bin/sh\n"
		"55d000001000-55d000002000 r--p 00000000 08:01 1235 /\n"
		"55d000002000-55d000003000 r--p 00000000 08:01 1236 /home/jo/x\n"
		"55d000003000-55d000004000 r--p 00000000 08:01 1237 /g/lib.so\n");
	talloc_free(mem);
}
END_TEST

/* One line at a time, as the runtime asks: what stays (0), what is
 * rewritten (1), memfds and burrow's own names. */
struct line_case {
	const char *line;
	bool numa;
	const char *expect;	/* NULL: kept */
};

static const struct line_case line_cases[] = {
	{ "7f0000004000-7f0000005000 rw-s 00000000 00:01 5 /memfd:jit (deleted)", false, NULL },
	{ "7f0000004000-7f0000005000 rw-s 00000000 00:01 6 /memfd:burrow-run (deleted)", false,
	  "7f0000004000-7f0000005000 rw-s 00000000 00:00 0 " },
	{ "7f0000004000 default file=/memfd:burrow-run\\040(deleted) mapped=2", true,
	  "7f0000004000 default mapped=2" },
	{ "7f0000004000 default file=/memfd:jit\\040(deleted) mapped=2", true, NULL },
	{ "7f0000002000-7f0000003000 rw-s 00000000 08:01 98 /r/tmp/gone (deleted)", false,
	  "7f0000002000-7f0000003000 rw-s 00000000 08:01 98 /tmp/gone (deleted)" },
	/* Another device than the directory's: kept. */
	{ "7f0000002000-7f0000003000 rw-s 00000000 08:02 98 /r/tmp/gone (deleted)", false, NULL },
	/* A deleted file whose directory is gone: kept. */
	{ "7f0000002000-7f0000003000 rw-s 00000000 08:01 98 /r/old/gone (deleted)", false, NULL },
	{ "7f0000006000-7f0000007000 r-xp 00000000 00:01 77 /memfd:burrow-loader (deleted)", false,
	  "7f0000006000-7f0000007000 r-xp 00000000 00:00 0 " },
	{ "7f0000008000-7f0000009000 rw-p 00000000 00:00 0 ", false, NULL },
	{ "7f0000008000-7f0000009000 rw-p 00000000 00:00 0      [vdso]", false, NULL },
	{ "7f0000008000-7f0000009000 rw-p 00000000 08:01 3 /r/a b", false,
	  "7f0000008000-7f0000009000 rw-p 00000000 08:01 3 /a b" },
	{ "7f0000008000 default file=/r/a\\011b\\012c anon=1", true,
	  "7f0000008000 default file=/a\\011b\\012c anon=1" },
	{ "7f0000008000 default anon=1", true, NULL },
	{ "Size:                  4 kB", false, NULL },
	{ "", false, NULL },
};

START_TEST(maps_line_rewrite)
{
	const struct line_case *c = &line_cases[_i];
	void *mem = talloc_new(NULL);
	struct maps_namer n = test_namer(mem, "/");
	char *out = NULL;
	size_t len = 0;
	int rc;

	n.self_name = "/memfd:burrow-run (deleted)";
	rc = maps_guest_line(&n, mem, c->line, strlen(c->line), c->numa, &out, &len);
	if (!c->expect) {
		ck_assert_int_eq(rc, 0);
	} else {
		ck_assert_int_eq(rc, 1);
		ck_assert_uint_eq(len, strlen(out));
		ck_assert_str_eq(out, c->expect);
	}
	talloc_free(mem);
}
END_TEST

Suite *procmaps_suite(void)
{
	Suite *s = suite_create("procmaps");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, maps_names_in_guest_terms);
	tcase_add_test(tc, smaps_header_lines_only);
	tcase_add_test(tc, numa_maps_file_names);
	tcase_add_test(tc, maps_reader_root);
	tcase_add_loop_test(tc, maps_line_rewrite, 0, (int)(sizeof(line_cases) / sizeof(line_cases[0])));
	suite_add_tcase(s, tc);
	return s;
}
