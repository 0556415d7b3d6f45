/* Compile-time check, included first by the arch's .c: the fake-ids
 * code (syscalls/ids.c) reads and patches the stat buffer the kernel
 * wrote into the tracee through libc's struct stat and struct statx, so
 * those must be this arch's kernel layout.  <asm/stat.h> comes first,
 * its struct renamed: after <sys/stat.h>, st_atime is a macro. */
#ifndef BURROW_ARCH_STAT_CHECK_H
#define BURROW_ARCH_STAT_CHECK_H

#ifdef _SYS_STAT_H
#error "src/arch/stat-check.h must come before <sys/stat.h>"
#endif

#define stat kernel_stat
#include <asm/stat.h>
#undef stat
#include <assert.h>
#include <stddef.h>
#include <sys/stat.h>

#define SAME_AS_KERNEL(f)                                                         \
	static_assert(offsetof(struct stat, f) == offsetof(struct kernel_stat, f) && \
		      sizeof(((struct stat *)0)->f) == sizeof(((struct kernel_stat *)0)->f), \
		      "libc's struct stat differs from the kernel's in " #f)
SAME_AS_KERNEL(st_mode);
SAME_AS_KERNEL(st_uid);
SAME_AS_KERNEL(st_gid);
SAME_AS_KERNEL(st_rdev);
#undef SAME_AS_KERNEL
static_assert(sizeof(struct stat) == sizeof(struct kernel_stat),
	      "libc's struct stat is not the kernel's size");
/* statx has one layout on every arch (Linux 4.11). */
static_assert(sizeof(struct statx) == 256 && offsetof(struct statx, stx_mode) == 28 &&
	      offsetof(struct statx, stx_rdev_major) == 128, "libc's struct statx is not the kernel's");

#endif
