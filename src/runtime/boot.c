/* The runtime's start in a guest process (HACKING.md "The in-guest
 * engine"): the loader maps the runtime at RT_BASE and calls rt_boot
 * there, before it maps the program.  Its memory (struct rt and the two
 * arenas) is one anonymous mapping of its own; the bind table image
 * stays where the loader mapped it, read-only. */
#include <asm/unistd.h>
#include <errno.h>
#include <linux/mman.h>

#include "arch/rt-arch.h"
#include "boot.h"
#include "trap.h"

#define RT_TABLE_SIZE (256 * 1024)
#define RT_CALL_SIZE (1024 * 1024)

long rt_boot(unsigned long tag, const void *image, unsigned long size)
{
	/* struct rt in whole pages of its own: the table arena follows it. */
	const unsigned long head = (sizeof(struct rt) + 4095) & ~4095UL;
	const unsigned long total = head + RT_TABLE_SIZE + RT_CALL_SIZE;
	long mem = rt_syscall(__NR_mmap, 0, (long)total, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	struct rt *rt;
	int rc;

	if (mem < 0 && mem > -4096)
		return mem;
	rt = (struct rt *)mem;
	rc = rt_init(rt, (uint16_t)tag, image, size, (char *)mem + head, RT_TABLE_SIZE,
		     (char *)mem + head + RT_TABLE_SIZE, RT_CALL_SIZE);
	if (rc == 0)
		rc = rt_install(rt);
	return rc;
}
