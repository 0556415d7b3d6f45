/* layout: where the program was put, and who it runs as.
 *
 *   layout   prints text=ADDR (its main), entry=AT_ENTRY,
 *            base=LOAD_BIAS align=LARGEST_PT_LOAD_P_ALIGN,
 *            ids=UID/EUID/GID/EGID, where its heap starts, whether
 *            /proc/self/auxv agrees with getauxval, and
 *            cmdline=ARGS|SEPARATED
 *
 * Built static here; t_exec_layout.sh also builds it as a static-pie
 * and a dynamic PIE to see where the loader puts those.
 */
#include <elf.h>
#include <link.h>
#include <stdint.h>
#include <sys/auxv.h>

#include "helper.h"

extern char end;	/* the linker's end of bss */

/* The load bias and the largest power-of-two p_align of the PT_LOAD
 * segments of the first object dl_iterate_phdr reports: the program. */
struct base_align {
	uintptr_t base, align;
};

static int first_object(struct dl_phdr_info *info, size_t size, void *data)
{
	struct base_align *ba = data;

	(void)size;
	ba->base = info->dlpi_addr;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

		if (ph->p_type == PT_LOAD && ph->p_align > ba->align &&
		    !(ph->p_align & (ph->p_align - 1)))
			ba->align = ph->p_align;
	}
	return 1;
}

int main(int argc, char **argv)
{
	char cmd[4096];
	ssize_t n;
	int fd;

	(void)argc;
	(void)argv;
	struct base_align ba = { 0, 0 };

	out("text=%p entry=%#lx", (void *)main, getauxval(AT_ENTRY));
	dl_iterate_phdr(first_object, &ba);
	out("base=%#lx align=%#lx", (unsigned long)ba.base, (unsigned long)ba.align);
	out("ids=%u/%u/%u/%u", (unsigned)getuid(), (unsigned)geteuid(),
	    (unsigned)getgid(), (unsigned)getegid());
	/* Where the heap starts, as a class that is the same from run to
	 * run: right after the program's bss (within the kernel's 1 GiB of
	 * brk randomisation), at the PIE base region (a static-pie's), or
	 * elsewhere. */
	uintptr_t brk = (uintptr_t)sbrk(0), end_bss = (uintptr_t)&end;
	out("brk=%s", brk >= end_bss && brk - end_bss < 0x40000000 + 0x100000 ? "after-program"
		    : (brk >> 40) == 0x55 ? "pie-base-region" : "elsewhere");
	/* /proc/self/auxv is what the program got, not what the loader got. */
	unsigned long av[128] = { 0 };
	fd = open("/proc/self/auxv", O_RDONLY);
	n = fd < 0 ? -1 : read(fd, av, sizeof(av) - sizeof(av[0]));
	if (fd >= 0)
		close(fd);
	if (n < 0) {
		out("auxv: %s", errname(errno));
	} else {
		unsigned long entry = 0;

		for (int i = 0; av[i] != AT_NULL && i < 126; i += 2)
			if (av[i] == AT_ENTRY)
				entry = av[i + 1];
		out("proc_auxv_entry=%s", entry == getauxval(AT_ENTRY) ? "same" : "differs");
	}
	fd = open("/proc/self/cmdline", O_RDONLY);
	n = fd < 0 ? -1 : read(fd, cmd, sizeof(cmd) - 1);
	if (n < 0) {
		out("cmdline: %s", errname(errno));
		return 0;
	}
	for (ssize_t i = 0; i < n; i++)
		if (cmd[i] == '\0')
			cmd[i] = '|';
	cmd[n] = '\0';
	out("cmdline=%s", cmd);
	return 0;
}
