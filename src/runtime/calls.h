/* The calls the in-guest runtime translates, and how: a table generated
 * at build time from the one handler table (src/syscalls/table.c and the
 * roles of src/arch/syscalls.tbl) by src/syscalls/gen-rtcalls.c, for the
 * arch being built.  Plain numbers, no pointers: the runtime has no
 * relocations.  calls.c translates from it. */
#ifndef BURROW_RUNTIME_CALLS_H
#define BURROW_RUNTIME_CALLS_H

#include <stdint.h>

/* Syscall numbers below this on every arch (SC_NR_LIMIT). */
#define RT_NR_LIMIT 1024

enum rt_kind {
	RT_GENERIC = 1,	/* the path roles say it all (H_PATHS) */
	RT_OWN,		/* a handler of its own in calls.c or trap.c */
	RT_EPERM,	/* refused, as by the ptrace engine (H_EPERM) */
	RT_ENOSYS,	/* refused (H_ENOSYS) */
	RT_FD,		/* a change through a descriptor, trapped only in runs
			 * with read-only bindings (H_IF_RESTRICTED) */
};

/* What a call changes (the handler table's enum change_class). */
enum rt_change {
	RT_CH_NONE,
	RT_CH_MODIFY,
	RT_CH_TRUNCATE,
	RT_CH_CREATE,
	RT_CH_CREATE_LAST,
	RT_CH_REMOVE,
	RT_CH_OPEN,
	RT_CH_FD,
	RT_CH_ACCESS,
};

enum rt_call_flags {
	RT_NAMES = 1 << 0,	/* creates, removes or renames a name (H_NAMES) */
	RT_SAME_MOUNT = 1 << 1,	/* both paths on one binding (H_SAME_MOUNT) */
};

struct rt_path_role {
	int8_t arg;		/* 0-based argument of the path */
	int8_t dirfd;		/* its dirfd's argument, or -1 */
	uint8_t nofollow;	/* final component not followed by default */
};

struct rt_call_desc {
	int16_t nr;
	uint8_t kind;		/* enum rt_kind */
	uint8_t change;		/* enum rt_change */
	uint8_t flags;		/* enum rt_call_flags */
	uint8_t npaths;
	struct rt_path_role path[2];
	int8_t atflags, linkflags, oflags, flagbits;	/* argument, or -1 */
	uint32_t nofollow_bits, empty_bits;		/* flagbits' meaning */
};

/* Generated ($(B)/gen/rt-calls.c): the calls, by number; and for each
 * number below RT_NR_LIMIT its index in rt_calls plus one, 0 for none.
 * Hidden: reached PC-relative, not through a GOT entry (a relocation,
 * which aarch64's linker does not relax away). */
#define RT_HIDDEN __attribute__((visibility("hidden")))
extern const struct rt_call_desc rt_calls[] RT_HIDDEN;
extern const unsigned rt_ncalls RT_HIDDEN;
extern const uint8_t rt_call_index[RT_NR_LIMIT] RT_HIDDEN;

static inline const struct rt_call_desc *rt_call_desc_of(long nr)
{
	if (nr < 0 || nr >= RT_NR_LIMIT || !rt_call_index[nr])
		return 0;
	return &rt_calls[rt_call_index[nr] - 1];
}

#endif
