/* The in-guest runtime's SIGSYS handler (HACKING.md "The in-guest
 * engine"): a call the seccomp filter trapped (SECCOMP_RET_TRAP | tag)
 * is translated with the path core against the bind table, made from
 * the runtime's text (which the filter allows), and its result stored in
 * the interrupted context, as if the guest's own call had returned it. */
#ifndef BURROW_RUNTIME_TRAP_H
#define BURROW_RUNTIME_TRAP_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/ucontext.h>

#include "arena.h"
#include "path/canon.h"

struct bindings;

/* The kernel's struct sigaction (not libc's: the runtime has none). */
struct rt_sigaction {
	void (*handler)(int, void *, void *);
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};

/* The signals the runtime owns (sig.c): their real actions are its own,
 * the guest's are kept as the guest's view, and no real mask blocks them
 * (a blocked seccomp SIGSYS, or a blocked fault, kills the process). */
#define RT_OWNED_SIGS 3
#define RT_OWNED_SIG(i) ((i) == 0 ? SIGSYS : (i) == 1 ? SIGSEGV : SIGBUS)
#define RT_SIG_THREADS 32
#define RT_DIRENT_FDS 16
#define RT_CWD_MAX 4096
#define RT_SHORTCUT_FDS 16

/* shortcut.c: a directory descriptor found to be the guest's, by its
 * inode: an fstat instead of a readlink of /proc/self/fd/N.  seq is odd
 * while a thread writes the entry. */
struct rt_guest_dir {
	unsigned long seq;
	long fd;
	unsigned long dev, ino;
};

/* A thread's view of the owned signals, found by tid; a slot is taken
 * while the thread blocks or holds one of them. */
struct rt_thread_sig {
	int tid;			/* 0: free */
	unsigned long blocked;		/* the owned signals the guest blocks */
	unsigned long held;		/* ones that came meanwhile, their info: */
	siginfo_t info[RT_OWNED_SIGS];
};

/* A call arena (callmem.c), held by one thread's trapped call and the
 * calls nested in it; mapped at the first call that finds none free,
 * kept for the next. */
#define RT_ARENAS 64
struct rt_arena {
	int tid;			/* the holder, 0: free */
	struct arena a;
	void *ctx;			/* a's root, NULL: not mapped yet */
};

/* sites.c: a region of stubs near the sites it serves (base 0: none). */
#define RT_STUB_REGIONS 16
#define RT_STUB_REGION (64 * 1024)
struct rt_stubs {
	unsigned long base, used;
};
/* A site is rewritten at its RT_SITE_HOT-th trap: a rewrite costs tens
 * of µs, a trap 2.4, and most sites of a short process (ld.so's, at an
 * exec) trap once or twice.  Trap counts by site, direct-mapped. */
#define RT_SITE_HOT 4
#define RT_SITE_SLOTS 128
struct rt_site_count {
	unsigned long end;
	unsigned long count;
};

struct rt {
	uint16_t tag;			/* the run's SECCOMP_RET_DATA */
	struct bindings *binds;		/* built from the image, in table */
	struct arena table;		/* the table's */
	size_t call_size;		/* each call arena's */
	struct rt_arena arenas[RT_ARENAS];
	struct fsops fs;		/* raw lstat and readlink, from the runtime */
	/* fs.plain_dirs: 0, or -1 when openat2 is missing or refused. */
	int plain_root;
	/* Bindings (by index, the first 64) whose host path was asked, and
	 * of those, the ones that hold no symlink. */
	unsigned long plain_asked, plain_binds;
	/* The guest's actions for the owned signals (what oldact shows, what
	 * a SIGSYS without the tag or a fault outside the copies goes to). */
	struct rt_sigaction guest[RT_OWNED_SIGS];
	/* The runtime's own actions for them; SA_RESTART follows the guest's. */
	struct rt_sigaction real[RT_OWNED_SIGS];
	/* The owned signals in each signal's sa_mask, kept out of the real one. */
	unsigned long sa_owned[64];
	struct rt_thread_sig threads[RT_SIG_THREADS];
	unsigned long traps;		/* trapped calls answered */
	/* The thread in a trapped rt_sigaction, or 0: the guest's actions
	 * change one call at a time. */
	int owner;
	/* The run's blob as the loader mapped it, and the runtime's address:
	 * what an exec hands the next loader (exec.c).  NULL in trap-check. */
	const void *run;
	unsigned long run_size, base;
	const void *loader;		/* the loader's image, in or before run */
	/* The loader's file when no memfd may be run, else NULL. */
	const char *loader_file;
	/* burrow's pid, which no guest signal may reach (kill.c); 0: none. */
	int burrow_pid;
	/* exec.c's argv block, kept: a vfork child's exec leaves its parent
	 * this memory, which the next exec reuses. */
	void *exec_argv;
	unsigned long exec_argv_size;
	/* dirents.c: the blob's phantom entries (NULL, 0: none), and the
	 * directory fds (+ 1) whose pass over them got theirs. */
	const void *phantoms;
	unsigned long phantoms_size;
	int dirents_done[RT_DIRENT_FDS];
	/* cwd.c: the cwd's guest path as the start or the last chdir named
	 * it, and the kernel's host path for it then ("": none). */
	char cwd_guest[RT_CWD_MAX], cwd_host[RT_CWD_MAX];
	/* BURROW_NO_NAME_SHORTCUT=1 (the run's blob): every name resolved. */
	bool no_name_shortcut;
	struct rt_guest_dir guest_dirs[RT_SHORTCUT_FDS];	/* by fd */
	/* sites.c: rewrite sites (the run's blob; off for good once the
	 * process cannot), the stub regions, the traps counted per site. */
	bool site_rewrite;
	/* The guest may have a seccomp filter of its own, which sees the
	 * runtime's calls: a stat is then made as translated, on the host
	 * path with the guest's flags (what the filter would have seen). */
	bool guest_filter;
	struct rt_stubs stubs[RT_STUB_REGIONS];
	struct rt_site_count counts[RT_SITE_SLOTS];
	/* root.c: a guest chroot's root, a guest path ("": none), in one of
	 * two buffers (another thread's lookup may read the other); a vfork
	 * child's own, by its pid (0: none), which its parent ignores. */
	char root[2][RT_CWD_MAX];
	int root_cur;
	int vfork_pid;
	char vfork_root[RT_CWD_MAX];
};

/* Sets up rt, zeroed memory (rt_boot's fresh mapping: clearing it again
 * would fault in and fill pages of it that an exec'd process may never
 * use): the bind table from image[0..size) (bindings_from_image)
 * in table_mem, the first call arena in call_mem (the others are mapped
 * with call_size when threads trap at once).  0, -EINVAL (a bad
 * image, arenas too small), -ENOMEM. */
int rt_init(struct rt *rt, uint16_t tag, const void *image, size_t size, void *table_mem,
	    size_t table_size, void *call_mem, size_t call_size);

/* Makes rt the process's runtime and its handlers those of the owned
 * signals, whose actions until then become the guest's.  0 or -errno. */
int rt_install(struct rt *rt);

/* The calls the handler translates, for the filter to trap: up to max
 * numbers into nr; how many there are.  A call the filter traps that is
 * not among them fails with -ENOSYS: never made untranslated, but the
 * filter is wrong to trap it (it must let through what the runtime does
 * not know). */
size_t rt_known_calls(long *nr, size_t max);

/* The signal calls the runtime answers (sig.c, kill.c), for the filter
 * to trap: always (arg -1), only when argument arg is not 0 (a mask
 * pointer; without one the call changes no mask and is let through),
 * or, for arg RT_TRAP_PID(n), only when argument n, a pid, is <= 0 or
 * burrow's (the ptrace engine's trap_if_pid). */
struct rt_trap_when {
	long nr;
	int arg;
};
#define RT_TRAP_PID(n) (-2 - (n))
size_t rt_signal_calls(struct rt_trap_when *w, size_t max);

/* One trapped call: nr with the guest's arguments a[0..5], translated
 * (on mem, the thread's call arena) and made; its result (-errno). */
long rt_call(struct rt *rt, TALLOC_CTX *mem, long nr, const long a[6]);

/* execve, execveat (exec.c): the program (or a script's interpreter)
 * looked up in the guest, then the loader execveat'd from a memfd with
 * the load script as leading strings.  Returns only on failure. */
long rt_exec(struct rt *rt, TALLOC_CTX *mem, long nr, const long a[6]);

/* getdents64 (dirents.c): the kernel's listing, then at its end the
 * phantoms of the directory, once per pass. */
long rt_getdents64(struct rt *rt, TALLOC_CTX *mem, const long a[6]);

/* ---- sig.c, for the handlers in trap.c ---- */

/* A trapped signal call (rt_signal_calls): 1 with its result in *res,
 * or 0 when nr is not one. */
int rt_sig_call(struct rt *rt, long nr, const long a[6], ucontext_t *uc, long *res);

/* kill.c: the signal calls that could reach burrow; 1 with the result
 * in *res, 0 when nr is not one. */
int rt_kill_call(struct rt *rt, int tid, long nr, const long a[6], long *res);
size_t rt_kill_calls(struct rt_trap_when *w, size_t max);

/* Delivers the owned signals this thread held and now unblocks, after
 * a signal call's result is in uc. */
void rt_sig_deliver_held(struct rt *rt, ucontext_t *uc);

/* An owned signal that is the guest's (a SIGSYS without the tag, a
 * fault outside the copies, a kill): held while the guest blocks it,
 * else to the guest's action as the kernel would run it. */
void rt_sig_deliver(struct rt *rt, int sig, siginfo_t *si, ucontext_t *uc);

/* sites.c: after a trapped call nr whose syscall ended at end, its
 * site rewritten when it has the known shape and may be. */
void rt_site_trapped(struct rt *rt, long nr, unsigned long end);
/* The calls that mean a filter of the guest's (seccomp, prctl), for the
 * filter to trap (rt_signal_calls adds them); rt_site_filter_call makes
 * them: 1 with the result in *res, 0 when nr is not one. */
size_t rt_site_traps(struct rt_trap_when *w, size_t max);
int rt_site_filter_call(struct rt *rt, long nr, const long a[6], long *res);
/* A call from a rewritten site's stub: rt_call, as the handler makes
 * it; the result. */
__attribute__((visibility("hidden"))) long rt_site_call(long nr, const long a[6]);

#endif
