/* Where burrow writes the load script (src/tracee/loader.c): in the
 * embedded loader's .bss area, found from the entry point, laid out as
 * the loader reads it. */
#include <check.h>
#include <elf.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <string.h>
#include <talloc.h>

#include "loader/script.h"
#include "tracee/tracee.h"

extern const unsigned char loader_image[];
extern const size_t loader_image_size;
extern const uint64_t loader_entry_vaddr, loader_script_vaddr;

static const void *image_at(uint64_t off, uint64_t len)
{
	ck_assert_uint_le(off, loader_image_size);
	ck_assert_uint_le(len, loader_image_size - off);
	return loader_image + off;
}

/* The constants the GNUmakefile took from nm are those of the image
 * burrow embeds, and the area is as large as burrow fills it, in a
 * writable segment the kernel maps whole. */
START_TEST(area_is_in_the_embedded_image)
{
	Elf64_Ehdr eh;
	Elf64_Shdr sh, strtab;
	bool in_rw = false, sized = false;

	memcpy(&eh, image_at(0, sizeof(eh)), sizeof(eh));
	ck_assert_uint_eq(eh.e_entry, loader_entry_vaddr);
	ck_assert_uint_eq(loader_script_vaddr % 16, 0);
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;

		memcpy(&ph, image_at(eh.e_phoff + i * sizeof(ph), sizeof(ph)), sizeof(ph));
		if (ph.p_type == PT_LOAD && (ph.p_flags & PF_W) &&
		    ph.p_vaddr <= loader_script_vaddr &&
		    loader_script_vaddr + LOADER_SCRIPT_SIZE <= ph.p_vaddr + ph.p_memsz)
			in_rw = true;
	}
	ck_assert_msg(in_rw, "the script area is not in a writable PT_LOAD");
	for (unsigned i = 0; i < eh.e_shnum; i++) {
		memcpy(&sh, image_at(eh.e_shoff + i * sizeof(sh), sizeof(sh)), sizeof(sh));
		if (sh.sh_type != SHT_SYMTAB)
			continue;
		memcpy(&strtab, image_at(eh.e_shoff + sh.sh_link * sizeof(sh), sizeof(sh)),
		       sizeof(strtab));
		for (uint64_t k = 0; k < sh.sh_size / sizeof(Elf64_Sym); k++) {
			Elf64_Sym sym;
			const char *name;

			memcpy(&sym, image_at(sh.sh_offset + k * sizeof(sym), sizeof(sym)),
			       sizeof(sym));
			name = image_at(strtab.sh_offset + sym.st_name, 1);
			if (strcmp(name, "loader_script_area") != 0)
				continue;
			ck_assert_uint_eq(sym.st_value, loader_script_vaddr);
			ck_assert_uint_ge(sym.st_size, LOADER_SCRIPT_SIZE);
			sized = true;
		}
	}
	ck_assert_msg(sized, "no loader_script_area symbol in the loader");
}
END_TEST

START_TEST(area_follows_the_load_bias)
{
	const uint64_t bias = 0x7f1234560000ULL;

	ck_assert_uint_eq(loader_script_addr(bias + loader_entry_vaddr),
			  bias + loader_script_vaddr);
}
END_TEST

START_TEST(layout_script_then_strings)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct exec_pending p = { .prog = "/r/bin/sh", .interp = "/r/lib/ld.so",
				  .execfn = "/bin/sh", .comm = "sh" };
	const uint64_t area = 0x7f0000003220ULL;
	struct load_script s;
	size_t len;
	char *buf;

	ck_assert_int_eq(loader_script_build(mem, &p, area, 0x7ffd00001000ULL, -0x40000123,
					     &buf, &len), 0);
	ck_assert_uint_eq(len, sizeof(s) + 10 + 13 + 8 + 3);
	memcpy(&s, buf, sizeof(s));
	ck_assert_uint_eq(s.magic, LOAD_SCRIPT_MAGIC);
	ck_assert_uint_eq(s.sp0, 0x7ffd00001000ULL);
	ck_assert_int_eq(s.host_dirfd, -0x40000123);
	ck_assert_uint_eq(s.scratch, 0);
	ck_assert_uint_eq(s.prog, area + sizeof(s));
	ck_assert_uint_eq(s.interp, s.prog + 10);
	ck_assert_uint_eq(s.execfn, s.interp + 13);
	ck_assert_uint_eq(s.comm, s.execfn + 8);
	ck_assert_str_eq(buf + (s.prog - area), "/r/bin/sh");
	ck_assert_str_eq(buf + (s.interp - area), "/r/lib/ld.so");
	ck_assert_str_eq(buf + (s.execfn - area), "/bin/sh");
	ck_assert_str_eq(buf + (s.comm - area), "sh");

	/* A static program has no interpreter: 0, and nothing for it. */
	p.interp = NULL;
	ck_assert_int_eq(loader_script_build(mem, &p, area, 0, -1, &buf, &len), 0);
	memcpy(&s, buf, sizeof(s));
	ck_assert_uint_eq(s.interp, 0);
	ck_assert_uint_eq(s.execfn, s.prog + 10);
	ck_assert_uint_eq(len, sizeof(s) + 10 + 8 + 3);
	talloc_free(mem);
}
END_TEST

static char *filled(TALLOC_CTX *mem, const char *prefix, size_t n)
{
	char *s = talloc_size(mem, n + 1);

	memset(s, 'x', n);
	memcpy(s, prefix, strlen(prefix));
	s[n] = '\0';
	return s;
}

/* The longest strings an exec can bring: host paths burrow opened
 * itself (shorter than PATH_MAX), "/dev/fd/N/" and a guest path. */
START_TEST(longest_paths_fit)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct exec_pending p = {
		.prog = filled(mem, "/", PATH_MAX - 1),
		.interp = filled(mem, "/", PATH_MAX - 1),
		.execfn = filled(mem, "/dev/fd/2147483647/", 19 + PATH_MAX - 1),
		.comm = filled(mem, "", 15),
	};
	size_t len;
	char *buf;

	ck_assert_int_eq(loader_script_build(mem, &p, 0x1000, 0, -1, &buf, &len), 0);
	ck_assert_uint_le(len, LOADER_SCRIPT_SIZE);
	talloc_free(mem);
}
END_TEST

START_TEST(too_long_for_the_area_is_enametoolong)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	const size_t room = LOADER_SCRIPT_SIZE - sizeof(struct load_script);
	struct exec_pending p = { .execfn = "", .comm = "" };
	size_t len = 0;
	char *buf = NULL;

	/* Exactly the area: prog, and two empty strings of one byte. */
	p.prog = filled(mem, "/", room - 3);
	ck_assert_int_eq(loader_script_build(mem, &p, 0x1000, 0, -1, &buf, &len), 0);
	ck_assert_uint_eq(len, LOADER_SCRIPT_SIZE);
	p.prog = filled(mem, "/", room - 2);
	buf = NULL;
	ck_assert_int_eq(loader_script_build(mem, &p, 0x1000, 0, -1, &buf, &len),
			 -ENAMETOOLONG);
	ck_assert_ptr_null(buf);
	talloc_free(mem);
}
END_TEST

Suite *loader_suite(void)
{
	Suite *s = suite_create("loader");
	TCase *tc = tcase_create("script");

	tcase_add_test(tc, area_is_in_the_embedded_image);
	tcase_add_test(tc, area_follows_the_load_bias);
	tcase_add_test(tc, layout_script_then_strings);
	tcase_add_test(tc, longest_paths_fit);
	tcase_add_test(tc, too_long_for_the_area_is_enametoolong);
	suite_add_tcase(s, tc);
	return s;
}
