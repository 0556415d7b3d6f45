/* burrow's ELF loader: a freestanding, position-independent program that
 * the guest execs instead of its own program.  It maps the program and
 * its interpreter where the kernel would, gives the program the auxiliary
 * vector the kernel would have given it, and jumps to it.  Its opens go
 * through burrow like every guest open, so PT_INTERP is found in the
 * guest.
 *
 * No libc, no relocations (the build checks): syscalls through
 * loader_syscall (src/arch/loader-<arch>.S), constants from the kernel's
 * uapi headers, which are the same on every arch for these calls.
 */
#include <asm/unistd.h>
#include <elf.h>
#include <linux/auxvec.h>
#include <linux/fcntl.h>
#include <linux/mman.h>
#include <linux/personality.h>
#include <linux/prctl.h>
#include <stddef.h>
#include <stdint.h>

#include "loader/script.h"
#include "rt-syms.h"		/* $(B)/gen: the runtime image's addresses */

long loader_syscall(long nr, long a, long b, long c, long d, long e, long f);
/* Copy the program's stack block (nbytes at src, in a mapping of maplen
 * bytes) to sp, unmap src, and start the program at entry with that
 * stack (after execve(-1, sp, entry) when notify: LOAD_SCRIPT_NOTIFY_END).
 * The copy may overwrite the caller's frames: it never returns. */
__attribute__((noreturn)) void loader_jump(uint64_t entry, uint64_t sp, const void *src,
					   uint64_t nbytes, uint64_t maplen, uint64_t notify);
void loader_main(uint64_t sp);
/* The runtime's image (src/loader/rt-image.S). */
extern const unsigned char loader_rt_image[] __attribute__((visibility("hidden")));
/* The loader's own ELF header, where its first segment is mapped (ld). */
extern const Elf64_Ehdr __ehdr_start __attribute__((visibility("hidden")));

/* burrow writes the load script here before the loader's first
 * instruction (src/loader/script.h); the GNUmakefile tells it where. */
union loader_script_area {
	struct load_script s;
	char bytes[LOADER_SCRIPT_SIZE];
} loader_script_area __attribute__((aligned(16)));

#define PAGE 4096UL
#define PAGE_DOWN(x) ((x) & ~(PAGE - 1))
#define PAGE_UP(x) (((x) + PAGE - 1) & ~(PAGE - 1))
#define MAX_PHDRS 64

/* Where the kernel puts a PIE (ELF_ET_DYN_BASE), and how many pages of
 * randomness it adds (mmap_rnd_bits); passed in by the GNUmakefile from
 * src/arch/loader-<arch>.h. */
#ifndef LOADER_ET_DYN_BASE
#error "LOADER_ET_DYN_BASE must come from src/arch/loader-<arch>.h"
#endif

struct image {
	uint64_t base;		/* load bias */
	uint64_t entry;
	uint64_t phdr;		/* address of the program headers in memory */
	uint16_t phnum;
	int dyn;		/* ET_DYN */
	/* What the kernel records in mm for /proc/PID/stat and brk. */
	uint64_t start_code, end_code, start_data, end_data, end_bss;
	char interp[4096];	/* PT_INTERP, or "" */
};

static long sys(long nr, long a, long b, long c)
{
	return loader_syscall(nr, a, b, c, 0, 0, 0);
}

static size_t len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* By words when both are aligned: the runtime's image (some 70 KiB) is
 * copied at every exec, and byte by byte that was a tenth of its time. */
static void copy(void *dst, const void *src, size_t n)
{
	typedef uint64_t __attribute__((may_alias)) word;
	char *d = dst;
	const char *s = src;

	if (!(((uintptr_t)d | (uintptr_t)s) & 7)) {
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(word *)d = *(const word *)s;
	}
	while (n--)
		*d++ = *s++;
}

static void zero(void *dst, size_t n)
{
	char *d = dst;

	while (n--)
		*d++ = 0;
}

/* One line on stderr, then exit 127 like a failed exec in a shell. */
__attribute__((noreturn)) static void die(const char *what, const char *path, long err)
{
	static const char digits[] = "0123456789";
	char num[24];
	int i = sizeof(num);

	num[--i] = '\n';
	err = err < 0 ? -err : err;
	do {
		num[--i] = digits[err % 10];
		err /= 10;
	} while (err && i > 1);
	sys(__NR_write, 2, (long)"burrow-loader: ", 15);
	sys(__NR_write, 2, (long)what, (long)len(what));
	sys(__NR_write, 2, (long)" ", 1);
	sys(__NR_write, 2, (long)path, (long)len(path));
	sys(__NR_write, 2, (long)": error ", 8);
	sys(__NR_write, 2, (long)(num + i), (long)(sizeof(num) - (size_t)i));
	sys(__NR_exit_group, 127, 0, 0);
	__builtin_unreachable();
}

static void read_at(int fd, void *buf, size_t n, uint64_t off, const char *path)
{
	long r = loader_syscall(__NR_pread64, fd, (long)buf, (long)n, (long)off, 0, 0);

	if (r != (long)n)
		die("cannot read", path, r < 0 ? r : 5 /* EIO */);
}

static int prot_of(uint32_t flags)
{
	return ((flags & PF_R) ? PROT_READ : 0) | ((flags & PF_W) ? PROT_WRITE : 0) |
	       ((flags & PF_X) ? PROT_EXEC : 0);
}

static uint64_t random_pages(void)
{
	uint64_t r = 0;

	if (sys(__NR_getrandom, (long)&r, sizeof(r), 0) != sizeof(r))
		return 0;
	return (r & ((1UL << LOADER_RND_BITS) - 1)) * PAGE;
}

/* The largest power-of-two p_align of the PT_LOAD segments, at least a
 * page: the kernel's maximum_alignment(). */
static uint64_t max_align(const Elf64_Phdr *ph, int n)
{
	uint64_t a = PAGE;
	int i;

	for (i = 0; i < n; i++)
		if (ph[i].p_type == PT_LOAD && ph[i].p_align > a &&
		    !(ph[i].p_align & (ph[i].p_align - 1)))
			a = ph[i].p_align;
	return a;
}

static int bad_addr(long r)
{
	return r < 0 && r > -4096;
}

/* Reserve size bytes (PROT_NONE) at an address aligned to align: at hint
 * when that is free (hint already aligned), else where mmap chooses,
 * rounded down as the kernel does or, if the space below is taken,
 * carved out of a larger reservation.  The address, or -errno. */
static long reserve(uint64_t hint, uint64_t size, uint64_t align)
{
	const int flags = MAP_PRIVATE | MAP_ANONYMOUS;
	uint64_t a, got, extra;
	long r;

	r = loader_syscall(__NR_mmap, (long)hint, (long)size, PROT_NONE, flags, -1, 0);
	if (bad_addr(r) || !((uint64_t)r & (align - 1)))
		return r;
	sys(__NR_munmap, r, (long)size, 0);
	a = (uint64_t)r & ~(align - 1);
	r = loader_syscall(__NR_mmap, (long)a, (long)size, PROT_NONE,
			   flags | MAP_FIXED_NOREPLACE, -1, 0);
	if ((uint64_t)r == a)
		return r;
	if (!bad_addr(r))
		sys(__NR_munmap, r, (long)size, 0);
	extra = align - PAGE;
	r = loader_syscall(__NR_mmap, 0, (long)(size + extra), PROT_NONE, flags, -1, 0);
	if (bad_addr(r))
		return r;
	got = (uint64_t)r;
	a = (got + align - 1) & ~(align - 1);
	if (a > got)
		sys(__NR_munmap, (long)got, (long)(a - got), 0);
	if (got + size + extra > a + size)
		sys(__NR_munmap, (long)(a + size), (long)(got + size + extra - (a + size)), 0);
	return (long)a;
}

/* The loader's opens: its own, or, after the runtime's exec (whose
 * filter traps the loader's path calls), the runtime's syscall, which
 * the filter lets through. */
static long open_host(const struct load_script *s, const char *path, uint64_t scratch)
{
	if (s->flags & LOAD_SCRIPT_INHERITED)
		return ((long (*)(long, long, long, long, long, long, long))(s->rt_base +
									RT_IMAGE_SYSCALL))(
			__NR_openat, s->host_dirfd, (long)path, O_RDONLY | O_CLOEXEC, 0, 0, 0);
	return loader_syscall(__NR_openat, s->host_dirfd, (long)path, O_RDONLY | O_CLOEXEC,
			      (long)scratch, 0, 0);
}

/* prctl, by the runtime's syscall after the runtime's exec: the filter
 * traps prctl (runtime/sites.c), whose handler would only make the same
 * call, a signal later. */
static long prctl_call(const struct load_script *s, long op, long a, long b, long c)
{
	if (s->flags & LOAD_SCRIPT_INHERITED)
		return ((long (*)(long, long, long, long, long, long, long))(s->rt_base +
									RT_IMAGE_SYSCALL))(
			__NR_prctl, op, a, b, c, 0, 0);
	return loader_syscall(__NR_prctl, op, a, b, c, 0, 0);
}

/* Map an ELF file as the kernel's load_elf_binary would. */
static void map_elf(const struct load_script *s, const char *path, struct image *img,
		    int is_interp, uint64_t scratch)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph[MAX_PHDRS];
	uint64_t lo = ~0UL, hi = 0, bias = 0, hint = 0;
	long fd, r;
	int i, fixed;

	fd = open_host(s, path, scratch);
	if (fd < 0)
		die("cannot open", path, fd);
	read_at((int)fd, &eh, sizeof(eh), 0, path);
	if (eh.e_ident[EI_MAG0] != ELFMAG0 || eh.e_ident[EI_MAG1] != ELFMAG1 ||
	    eh.e_ident[EI_MAG2] != ELFMAG2 || eh.e_ident[EI_MAG3] != ELFMAG3 ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_machine != LOADER_EM ||
	    (eh.e_type != ET_EXEC && eh.e_type != ET_DYN) ||
	    eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum == 0 || eh.e_phnum > MAX_PHDRS)
		die("not an ELF program for this machine", path, 8 /* ENOEXEC */);
	read_at((int)fd, ph, eh.e_phnum * sizeof(Elf64_Phdr), eh.e_phoff, path);

	img->interp[0] = '\0';
	img->phdr = 0;
	for (i = 0; i < eh.e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD) {
			if (PAGE_DOWN(ph[i].p_vaddr) < lo)
				lo = PAGE_DOWN(ph[i].p_vaddr);
			if (ph[i].p_vaddr + ph[i].p_memsz > hi)
				hi = ph[i].p_vaddr + ph[i].p_memsz;
		} else if (ph[i].p_type == PT_INTERP && !is_interp) {
			if (ph[i].p_filesz == 0 || ph[i].p_filesz >= sizeof(img->interp))
				die("bad PT_INTERP in", path, 8);
			read_at((int)fd, img->interp, ph[i].p_filesz, ph[i].p_offset, path);
			img->interp[ph[i].p_filesz] = '\0';
		} else if (ph[i].p_type == PT_PHDR) {
			img->phdr = ph[i].p_vaddr;
		}
	}
	if (hi <= lo)
		die("no loadable segment in", path, 8);

	/* ET_DYN gets a bias.  As in the kernel's load_elf_binary, a
	 * program with PT_INTERP goes to ELF_ET_DYN_BASE (randomised unless
	 * ADDR_NO_RANDOMIZE); one without it (a static-pie, ld.so run
	 * directly) and the interpreter itself go where mmap chooses.  The
	 * program's base is then rounded down to its largest p_align (64 KiB
	 * for Debian's arm64 programs): Linux 5.10 for PIEs with PT_INTERP,
	 * 6.10 for static-pies; the interpreter is only page aligned. */
	fixed = eh.e_type == ET_EXEC;
	if (!fixed) {
		uint64_t align = is_interp ? PAGE : max_align(ph, eh.e_phnum);

		if (!is_interp && img->interp[0]) {
			long pers = sys(__NR_personality, 0xffffffff, 0, 0);

			hint = LOADER_ET_DYN_BASE;
			if (pers < 0 || !(pers & ADDR_NO_RANDOMIZE))
				hint += random_pages();
			hint &= ~(align - 1);
		}
		r = reserve(hint, PAGE_UP(hi) - lo, align);
		if (bad_addr(r))
			die("cannot reserve memory for", path, r);
		bias = (uint64_t)r - lo;
	}
	for (i = 0; i < eh.e_phnum; i++) {
		const Elf64_Phdr *p = &ph[i];
		uint64_t start, file_end, mem_end;
		int prot = prot_of(p->p_flags);

		if (p->p_type != PT_LOAD)
			continue;
		start = PAGE_DOWN(bias + p->p_vaddr);
		file_end = bias + p->p_vaddr + p->p_filesz;
		mem_end = bias + p->p_vaddr + p->p_memsz;
		if (p->p_filesz) {
			r = loader_syscall(__NR_mmap, (long)start, (long)(file_end - start),
					   prot | (p->p_memsz > p->p_filesz ? PROT_WRITE : 0),
					   MAP_PRIVATE | (fixed ? MAP_FIXED_NOREPLACE : MAP_FIXED),
					   fd, (long)PAGE_DOWN(p->p_offset));
			if (r < 0 && r > -4096)
				die("cannot map", path, r);
		}
		if (p->p_memsz > p->p_filesz) {
			/* The rest of the last file page belongs to .bss. */
			uint64_t zero_end = PAGE_UP(file_end);

			if (p->p_filesz && zero_end > file_end)
				zero((void *)file_end, zero_end - file_end);
			if (!p->p_filesz)
				zero_end = start;
			if (mem_end > zero_end) {
				r = loader_syscall(__NR_mmap, (long)zero_end, (long)(PAGE_UP(mem_end) - zero_end),
						   prot, MAP_PRIVATE | MAP_ANONYMOUS |
						   (fixed ? MAP_FIXED_NOREPLACE : MAP_FIXED), -1, 0);
				if (r < 0 && r > -4096)
					die("cannot map .bss of", path, r);
			}
			if (p->p_filesz && !(prot & PROT_WRITE))
				sys(__NR_mprotect, (long)start, (long)(file_end - start), prot);
		}
		/* Without PT_PHDR, the headers are where the first segment
		 * maps file offset e_phoff. */
		if (!img->phdr && p->p_offset <= eh.e_phoff &&
		    eh.e_phoff < p->p_offset + p->p_filesz)
			img->phdr = p->p_vaddr + (eh.e_phoff - p->p_offset);
	}
	sys(__NR_close, fd, 0, 0);
	/* As load_elf_binary computes them: code is the executable
	 * segments' file part, data ends with the file part of the last
	 * segment, bss with its memory part. */
	img->start_code = ~0UL;
	img->end_code = img->start_data = img->end_data = img->end_bss = 0;
	for (i = 0; i < eh.e_phnum; i++) {
		const Elf64_Phdr *p = &ph[i];
		uint64_t start = bias + p->p_vaddr;

		if (p->p_type != PT_LOAD)
			continue;
		if ((p->p_flags & PF_X) && start < img->start_code)
			img->start_code = start;
		if ((p->p_flags & PF_X) && start + p->p_filesz > img->end_code)
			img->end_code = start + p->p_filesz;
		if (start > img->start_data)
			img->start_data = start;
		if (start + p->p_filesz > img->end_data)
			img->end_data = start + p->p_filesz;
		if (start + p->p_memsz > img->end_bss)
			img->end_bss = start + p->p_memsz;
	}
	if (img->start_code == ~0UL)
		img->start_code = img->end_code = bias + lo;
	img->dyn = eh.e_type == ET_DYN;
	img->base = bias;
	img->entry = bias + eh.e_entry;
	img->phdr += bias;
	img->phnum = eh.e_phnum;
}

static uint64_t strings_end(const char *const *v)
{
	const char *last = 0;

	for (; *v; v++)
		last = *v;
	return last ? (uint64_t)(last + len(last) + 1) : 0;
}

/* Tell the kernel what it would have recorded for the program had it
 * loaded it (PR_SET_MM_MAP needs no privilege when it leaves the exe
 * link alone): its code and data, a brk right after its bss (randomised
 * as the kernel does), and the auxv burrow built, so /proc/PID/auxv and
 * /proc/PID/stat describe the program.  Best effort: the program runs
 * either way. */
static void set_mm(const struct image *prog, const struct load_script *s,
		   uint64_t *newsp, const uint64_t *auxv, uint64_t auxv_words)
{
	const char *const *argv = (const char *const *)(newsp + 1);
	const char *const *envp = argv + newsp[0] + 1;
	struct prctl_mm_map map;
	uint64_t brk = PAGE_UP(prog->end_bss);
	long pers = sys(__NR_personality, 0xffffffff, 0, 0);
	int randomize = pers >= 0 && !(pers & ADDR_NO_RANDOMIZE);

	if (randomize) {
		/* A static-pie's brk starts at ELF_ET_DYN_BASE, away from
		 * the mmap region it was loaded into. */
		if (prog->dyn && !prog->interp[0])
			brk = LOADER_ET_DYN_BASE;
		uint64_t r = 0;

		if (sys(__NR_getrandom, (long)&r, sizeof(r), 0) == sizeof(r))
			brk += (r % (LOADER_BRK_RND_RANGE / PAGE)) * PAGE;
	}
	zero(&map, sizeof(map));
	map.start_code = prog->start_code;
	map.end_code = prog->end_code;
	map.start_data = prog->start_data;
	map.end_data = prog->end_data;
	map.start_brk = brk;
	map.brk = brk;
	map.start_stack = s->sp0;
	map.arg_start = (uint64_t)argv[0];
	map.arg_end = strings_end(argv);
	map.env_start = envp[0] ? (uint64_t)envp[0] : map.arg_end;
	map.env_end = envp[0] ? strings_end(envp) : map.arg_end;
	map.auxv = (__u64 *)(uintptr_t)auxv;
	map.auxv_size = (uint32_t)(auxv_words * sizeof(uint64_t));
	map.exe_fd = (uint32_t)-1;
	if (!map.arg_start)
		return;
	prctl_call(s, PR_SET_MM, PR_SET_MM_MAP, (long)&map, sizeof(map));
}

static int same(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* The next hex number of "flags:dirfd:..." at *p ("-" for negative). */
static int64_t hex_field(const char **p)
{
	const char *s = *p;
	int neg = *s == '-';
	uint64_t v = 0;

	s += neg;
	for (; *s && *s != ':'; s++)
		v = v * 16 + (uint64_t)(*s <= '9' ? *s - '0' : (*s | 0x20) - 'a' + 10);
	*p = *s ? s + 1 : s;
	return neg ? -(int64_t)v : (int64_t)v;
}

/* No script in .bss (no ptrace to write it): it is in the leading
 * argument strings (script.h), which the program will not see.  How
 * many there were, or 0. */
static uint64_t script_from_argv(struct load_script *s, uint64_t *sp0)
{
	const char *const *argv = (const char *const *)(sp0 + 1);
	const char *n;

	if (sp0[0] < LOAD_SCRIPT_ARGC || !same(argv[0], LOAD_SCRIPT_ARGV_MARK))
		return 0;
	n = argv[1];
	s->magic = LOAD_SCRIPT_MAGIC;
	s->sp0 = (uint64_t)sp0;
	s->flags = (uint64_t)hex_field(&n);
	s->host_dirfd = hex_field(&n);
	s->rt_base = (uint64_t)hex_field(&n);
	s->rt_fd = hex_field(&n);
	s->rt_tag = (uint64_t)hex_field(&n);
	s->rt_off = *n ? (uint64_t)hex_field(&n) : 0;
	s->prog_fd = *n ? hex_field(&n) : -1;
	s->prog = (uint64_t)argv[2];
	s->interp = argv[3][0] ? (uint64_t)argv[3] : 0;
	s->execfn = (uint64_t)argv[4];
	s->comm = (uint64_t)argv[5];
	return LOAD_SCRIPT_ARGC;
}

/* Where the runtime's image lies in the loader's own file (page
 * aligned, rt-image.S), 1 when not found. */
static uint64_t rt_image_offset(void)
{
	const Elf64_Ehdr *eh = &__ehdr_start;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)((const char *)eh + eh->e_phoff);
	const uint64_t v = (uint64_t)(loader_rt_image - (const unsigned char *)eh);

	for (int i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD && v >= ph[i].p_vaddr &&
		    v < ph[i].p_vaddr + ph[i].p_filesz)
			return v - ph[i].p_vaddr + ph[i].p_offset;
	return 1;
}

/* A read-only segment of the runtime (phs[i], of n), mapped from the
 * file fd whose start holds this loader (an exec's memfd: the blob's
 * loader_before) rather than copied: an exec then allocates and fills
 * none of its pages.  Not one whose pages another segment shares.  0
 * when mapped; else the caller copies it. */
static int map_segment(const Elf64_Phdr *phs, int i, int n, uint64_t base, long fd,
		       uint64_t image_off, uint64_t loader_size)
{
	const Elf64_Phdr *ph = &phs[i];
	const uint64_t lo = PAGE_DOWN(ph->p_vaddr), off = image_off + PAGE_DOWN(ph->p_offset);
	const uint64_t len = PAGE_UP(ph->p_vaddr + ph->p_memsz) - lo;

	if (fd < 0 || (image_off & (PAGE - 1)) || (ph->p_flags & PF_W) ||
	    ph->p_memsz != ph->p_filesz || ((ph->p_vaddr ^ ph->p_offset) & (PAGE - 1)) ||
	    image_off + ph->p_offset + ph->p_filesz > loader_size)
		return -1;
	for (int j = 0; j < n; j++)
		if (j != i && phs[j].p_type == PT_LOAD && phs[j].p_vaddr < lo + len &&
		    PAGE_UP(phs[j].p_vaddr + phs[j].p_memsz) > lo)
			return -1;
	return loader_syscall(__NR_mmap, (long)(base + lo), (long)len, prot_of(ph->p_flags),
			      MAP_PRIVATE | MAP_FIXED, fd, (long)off) == (long)(base + lo) ? 0 : -1;
}

/* The in-guest engine: the runtime's image mapped at rt_base as the
 * kernel would map it (text RX, data RW), the run's memfd read-only,
 * and the runtime started on the bind table image in it.  The run's
 * blob, for the filter at the end. */
static const struct rt_run_blob *start_runtime(const struct load_script *s)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)loader_rt_image;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(loader_rt_image + eh->e_phoff);
	const struct rt_run_blob *blob;
	uint64_t span = 0, base = s->rt_base, size, image_off;
	long r, fd = -1;
	int i;

	for (i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD && PAGE_UP(ph[i].p_vaddr + ph[i].p_memsz) > span)
			span = PAGE_UP(ph[i].p_vaddr + ph[i].p_memsz);
	r = loader_syscall(__NR_mmap, (long)base, (long)span, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if ((uint64_t)r != base)
		die("cannot map the runtime at its address", "", bad_addr(r) ? r : 17 /* EEXIST */);
	r = loader_syscall(__NR_lseek, s->rt_fd, 0, 2 /* SEEK_END */, 0, 0, 0);
	if (r < (long)(s->rt_off + sizeof(*blob)) || (s->rt_off & (PAGE - 1)))
		die("no run description from burrow", "", r < 0 ? r : 22);
	size = (uint64_t)r - s->rt_off;
	/* From the file's start: an exec's blob names the loader before it
	 * (loader_before) rather than hold a copy of its own. */
	r = loader_syscall(__NR_mmap, 0, r, PROT_READ, MAP_SHARED, s->rt_fd, 0);
	if (bad_addr(r))
		die("cannot map the run description", "", r);
	blob = (const struct rt_run_blob *)(r + (long)s->rt_off);
	if (blob->magic != RT_RUN_MAGIC || (blob->loader_before && blob->loader_before != s->rt_off))
		die("no run description from burrow", "", 22);
	if (blob->loader_before && !(blob->flags & RT_RUN_COPY_RUNTIME))
		fd = s->rt_fd;
	image_off = fd >= 0 ? rt_image_offset() : 1;
	for (i = 0; i < eh->e_phnum; i++) {
		uint64_t lo = PAGE_DOWN(base + ph[i].p_vaddr);

		if (ph[i].p_type != PT_LOAD ||
		    map_segment(ph, i, eh->e_phnum, base, fd, image_off, blob->loader_size) == 0)
			continue;
		copy((void *)(base + ph[i].p_vaddr), loader_rt_image + ph[i].p_offset,
		     ph[i].p_filesz);
		if (!(ph[i].p_flags & PF_W))
			sys(__NR_mprotect, (long)lo,
			    (long)(PAGE_UP(base + ph[i].p_vaddr + ph[i].p_memsz) - lo),
			    prot_of(ph[i].p_flags));
	}
	sys(__NR_close, s->rt_fd, 0, 0);
	r = ((long (*)(unsigned long, const void *, unsigned long, unsigned long))(
		base + RT_IMAGE_BOOT))(s->rt_tag, blob, size, base);
	if (r < 0)
		die("cannot start the runtime", "", r);
	return blob;
}

/* Its last step before the jump: from here on every path call of the
 * process and its descendants goes through the runtime. */
static void install_filter(const struct rt_run_blob *blob)
{
	struct {
		unsigned short len;
		const void *filter;
	} prog = { (unsigned short)blob->filter_len, (const char *)blob + blob->filter_off };
	long r = loader_syscall(__NR_seccomp, 1 /* SECCOMP_SET_MODE_FILTER */,
				(long)blob->filter_flags, (long)&prog, 0, 0, 0);

	/* SECCOMP_FILTER_FLAG_SPEC_ALLOW: Linux 4.17. */
	if (r == -22 && blob->filter_flags)
		r = loader_syscall(__NR_seccomp, 1, 0, (long)&prog, 0, 0, 0);
	if (r < 0)
		die("cannot install the seccomp filter", "", r);
}

void loader_main(uint64_t sp)
{
	struct load_script *s = &loader_script_area.s;
	/* Static, so the interpreter path buffer is not on a stack that the
	 * new one below will overwrite... both live in .bss, not the stack. */
	static struct image prog, interp;
	const struct rt_run_blob *blob = 0;
	uint64_t *sp0, *src, *dst, *newsp, entry, skip = 0;
	uint64_t argc, n_env = 0, n_aux = 0, words, here, maplen;

	if (s->magic != LOAD_SCRIPT_MAGIC)
		skip = script_from_argv(s, (uint64_t *)sp);
	if (s->magic != LOAD_SCRIPT_MAGIC)
		die("no load script from burrow", "", 22);
	sp0 = (uint64_t *)s->sp0;
	if (s->flags & LOAD_SCRIPT_GUEST)
		blob = start_runtime(s);
	if (blob && (s->flags & LOAD_SCRIPT_EXEC)) {
		/* Trapped: the runtime's exec runs the script. */
		uint64_t *args = sp0 + 1 + skip;
		long r;

		install_filter(blob);
		r = loader_syscall(__NR_execve, (long)s->execfn, (long)args,
				   (long)(args + (sp0[0] - skip) + 1), 0, 0, 0);
		die("cannot execute", (const char *)s->execfn, r);
	}
	/* Mapped first: burrow reads its address from the script (or,
	 * without the seccomp filter, from the first open). */
	long scratch = loader_syscall(__NR_mmap, 0, LOADER_SCRATCH_SIZE, PROT_READ | PROT_WRITE,
				      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (scratch < 0 && scratch > -4096)
		scratch = 0;
	s->scratch = (uint64_t)scratch;
	map_elf(s, (const char *)s->prog, &prog, 0, (uint64_t)scratch);
	entry = prog.entry;
	if (prog.interp[0]) {
		if (!s->interp)
			die("burrow found no interpreter for", (const char *)s->prog, 8);
		map_elf(s, (const char *)s->interp, &interp, 1, 0);
		entry = interp.entry;
	}
	if ((s->flags & LOAD_SCRIPT_CLOSE_PROG) && s->prog_fd >= 0)
		sys(__NR_close, s->prog_fd, 0, 0);
	prctl_call(s, PR_SET_NAME, (long)s->comm, 0, 0);

	/* Count the kernel's block: argc, argv..., 0, envp..., 0, auxv;
	 * without the script's leading strings. */
	argc = sp0[0] - skip;
	src = sp0 + 1 + skip + argc + 1;
	while (src[n_env])
		n_env++;
	src += n_env + 1;
	while (src[2 * n_aux] != AT_NULL)
		n_aux++;
	words = 1 + argc + 1 + n_env + 1 + 2 * (n_aux + 1);

	/* The program starts on the kernel's stack at sp0, as without
	 * burrow: the block (argc, argv, envp, the auxv changed below) is
	 * built aside and copied back over the kernel's by loader_jump. */
	maplen = PAGE_UP(words * 8);
	here = (uint64_t)loader_syscall(__NR_mmap, 0, (long)maplen, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if ((long)here < 0 && (long)here > -4096)
		die("cannot map the stack block for", (const char *)s->prog, -(long)here);
	newsp = (uint64_t *)here;
	newsp[0] = argc;
	copy(newsp + 1, sp0 + 1 + skip, (argc + 1 + n_env + 1) * 8);
	dst = newsp + 1 + argc + 1 + n_env + 1;
	for (uint64_t i = 0; i <= n_aux; i++) {
		uint64_t type = src[2 * i], val = src[2 * i + 1];

		switch (type) {
		case AT_PHDR: val = prog.phdr; break;
		case AT_PHENT: val = sizeof(Elf64_Phdr); break;
		case AT_PHNUM: val = prog.phnum; break;
		case AT_ENTRY: val = prog.entry; break;
		case AT_BASE: val = prog.interp[0] ? interp.base : 0; break;
		case AT_EXECFN: val = s->execfn; break;
		}
		dst[2 * i] = type;
		dst[2 * i + 1] = val;
	}
	set_mm(&prog, s, newsp, dst, (n_aux + 1) * 2);
	if (blob && !(s->flags & LOAD_SCRIPT_INHERITED))
		install_filter(blob);
	loader_jump(entry, s->sp0, newsp, words * 8, maplen, s->flags & LOAD_SCRIPT_NOTIFY_END);
}
