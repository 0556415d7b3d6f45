/* The runtime's start in a guest process (HACKING.md "The in-guest
 * engine"): the loader maps the runtime at RT_BASE and calls rt_boot
 * there, before it maps the program.  Its memory (struct rt and the two
 * arenas) is one anonymous mapping of its own; the run's blob (the bind
 * table image, the filter, the loader) stays where the loader mapped it,
 * read-only. */
#include <asm/unistd.h>
#include <errno.h>
#include <linux/mman.h>

#include "arch/rt-arch.h"
#include "boot.h"
#include "trap-int.h"
#include "loader/script.h"
#include "trap.h"

#define RT_TABLE_SIZE (256 * 1024)
#define RT_CALL_SIZE (1024 * 1024)

long rt_boot(unsigned long tag, const void *run, unsigned long run_size, unsigned long base)
{
	const struct rt_run_blob *blob = run;
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
	if (blob->image_off > run_size || blob->image_size > run_size - blob->image_off ||
	    blob->loader_off > run_size || blob->loader_size > run_size - blob->loader_off ||
	    (blob->loader_before && blob->loader_before < blob->loader_size))
		return -EINVAL;
	rc = rt_init(rt, (uint16_t)tag, (const char *)run + blob->image_off, blob->image_size,
		     (char *)mem + head, RT_TABLE_SIZE, (char *)mem + head + RT_TABLE_SIZE,
		     RT_CALL_SIZE);
	/* What an exec copies out (exec.c). */
	rt->run = run;
	rt->run_size = run_size;
	rt->loader = blob->loader_before ? (const char *)run - blob->loader_before :
					   (const char *)run + blob->loader_off;
	rt->base = base;
	if (blob->phantom_off <= run_size && blob->phantom_size <= run_size - blob->phantom_off &&
	    blob->phantom_size) {
		rt->phantoms = (const char *)run + blob->phantom_off;
		rt->phantoms_size = blob->phantom_size;
	}
	rt->burrow_pid = (int)blob->burrow_pid;
	rt->no_name_shortcut = (blob->flags & RT_RUN_NO_NAME_SHORTCUT) != 0;
	if (blob->flags & RT_RUN_NO_OPENAT2)
		rt->plain_root = -1;
	rt->guest_filter = (blob->flags & RT_RUN_GUEST_FILTER) != 0;
	/* A filter of the guest's sees a rewrite's own calls (sites.c). */
	rt->site_rewrite = (blob->flags & RT_RUN_SITE_REWRITE) && !rt->guest_filter;
	if (blob->loader_file_size && blob->loader_file_off <= run_size &&
	    blob->loader_file_size <= run_size - blob->loader_file_off &&
	    !((const char *)run)[blob->loader_file_off + blob->loader_file_size - 1])
		rt->loader_file = (const char *)run + blob->loader_file_off;
	rt_cwd_start(rt, run, run_size);
	if (rc == 0)
		rc = rt_install(rt);
	return rc;
}
