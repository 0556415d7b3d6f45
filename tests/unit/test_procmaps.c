/* maps_guest_text (src/syscalls/procmaps.c): the names of maps, smaps
 * and numa_maps mapped back by a namer, the rest of each line kept. */
#include <check.h>
#include <string.h>
#include <talloc.h>

#include "syscalls/syscalls.h"

/* The rootfs /r is the guest's /, /b is bound at /g; a deleted name is
 * mapped only on device 08:01. */
static char *namer(void *opaque, void *mem, const char *host, const struct maps_file *f)
{
	(void)opaque;
	if (f->deleted && !(f->dev_known && f->major == 8 && f->minor == 1))
		return NULL;
	if (strncmp(host, "/r/", 3) == 0)
		return talloc_strdup(mem, host + 2);
	if (strncmp(host, "/b/", 3) == 0)
		return talloc_asprintf(mem, "/g%s", host + 2);
	return talloc_strdup(mem, host);
}

static const struct maps_namer test_namer = {
	.to_guest = namer, .loader_major = 0, .loader_minor = 1, .loader_ino = 77,
};

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
	char *out = maps_guest_text(mem, maps, NULL, false, &test_namer);

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
	char *out = maps_guest_text(mem,
		"55d000000000-55d000001000 r--p 00000000 08:01 1234                       /r/usr/bin/cat\n"
		"Size:                  4 kB\n"
		"VmFlags: rd mr mw me sd \n"
		"7f0000006000-7f0000007000 r-xp 00000000 00:01 77                         /memfd:burrow-loader (deleted)\n"
		"Rss:                   4 kB\n", NULL, false, &test_namer);

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
	char *out = maps_guest_text(mem,
		"55d000000000 default file=/r/usr/bin/cat mapped=1 N0=1 kernelpagesize_kB=4\n"
		"55d000003000 default heap anon=3 dirty=3 N0=3 kernelpagesize_kB=4\n"
		"7f0000002000 default file=/r/tmp/gone\\040(deleted) mapped=1\n"
		"7f0000004000 default file=/memfd:jit\\040(deleted) mapped=1\n"
		"7f0000006000 default file=/memfd:burrow-loader\\040(deleted) mapped=1\n"
		"7f000000c000 default file=/b/a\\040b\\075c\n", maps, true, &test_namer);

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

Suite *procmaps_suite(void)
{
	Suite *s = suite_create("procmaps");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, maps_names_in_guest_terms);
	tcase_add_test(tc, smaps_header_lines_only);
	tcase_add_test(tc, numa_maps_file_names);
	suite_add_tcase(s, tc);
	return s;
}
