/* The tracer: one struct tracer for the whole run, one struct tracee per
 * traced thread.  All state lives here and is passed explicitly.
 * Functions return 0 or -errno unless they say otherwise.
 */
#ifndef BURROW_TRACEE_TRACEE_H
#define BURROW_TRACEE_TRACEE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include <talloc.h>

#include "arch/arch.h"
#include "path/canon.h"
#include "path/glue.h"
#include "path/hostfs.h"
#include "path/lookup.h"
#include "tracee/colocate.h"
#include "tracee/io.h"
#include "tracee/spin.h"

struct bindings;
struct iddb;
struct vptracee;
struct vwait;
struct vtracer;
struct gfilter;

/* Credentials a tracee believes it has under -0/-i (the kernel's are
 * burrow's own).  Per thread, as the kernel keeps them: libc's set*id
 * wrappers change every thread. */
struct fake_cred {
	/* prctl(PR_SET_KEEPCAPS): a uid change away from root keeps the
	 * permitted set (caps.c); setpriv's way to change uid before gid
	 * and groups.  Per thread, as the kernel's; ends at exec. */
	bool keepcaps;
	uint32_t ruid, euid, suid, fsuid;
	uint32_t rgid, egid, sgid, fsgid;
	uint32_t *groups;		/* on the tracee */
	size_t ngroups;
	/* Capability sets, bit N for capability N (capget/capset, caps.c). */
	uint64_t cap_eff, cap_perm, cap_inh;
	/* The program an exec in progress runs, as the faked ids see it:
	 * found at the exec's entry, applied at its event (set-id bits,
	 * file capabilities). */
	struct exec_ids {
		bool known;
		uint32_t mode, uid, gid;	/* faked */
		bool fcaps;			/* it has file capabilities */
		bool fcap_eff;
		uint64_t fcap_perm, fcap_inh;
	} next_exec;
};

/* -0 / -i: the ids to pretend, and where faked ownership is kept. */
struct fake_ids {
	uint32_t uid, gid;		/* what the user's own files show */
	uid_t real_uid;
	gid_t real_gid;
	uint64_t cap_all;		/* what root has (main.c: cap_fake_root) */
	struct iddb *db;
};

/* -k: what uname shows, for the whole run (syscalls/uname.c).  Fields
 * not set keep the kernel's answer; sethostname and setdomainname land
 * here. */
enum { UTS_SYSNAME, UTS_NODENAME, UTS_RELEASE, UTS_VERSION, UTS_MACHINE,
       UTS_DOMAINNAME, UTS_FIELDS };
#define UTS_FIELD_LEN 65	/* the kernel's __NEW_UTS_LEN + 1 */
struct uts_fake {
	char field[UTS_FIELDS][UTS_FIELD_LEN];
	bool set[UTS_FIELDS];
	bool hwcap_set;		/* AT_HWCAP replaced by hwcap */
	uint64_t hwcap;
};

/* Field f from len bytes of s, cut to the field as the kernel's 64-byte
 * limit would. */
static inline void uts_set_field(struct uts_fake *u, int f, const char *s, size_t len)
{
	if (len > UTS_FIELD_LEN - 1)
		len = UTS_FIELD_LEN - 1;
	memcpy(u->field[f], s, len);
	u->field[f][len] = '\0';
	u->set[f] = true;
}

/* -p and -n: a port the guest names and the host port it stands for
 * (host byte order). */
struct port_map {
	uint16_t guest, host;
	bool netcoop;		/* recorded by -n: only for this machine's
				 * addresses (syscalls/inet.c) */
};

/* Filesystem context of a tracee; shared between threads created with
 * CLONE_FS, copied otherwise.  Reference-counted by hand because talloc
 * references would tie its lifetime to whichever tracee died last. */
struct fs_info {
	unsigned refs;
	char *cwd;		/* canonical guest path of the cwd (includes root) */
	char *cwd_host;		/* what the kernel said the cwd was when cwd was
				 * last set: a different answer means the
				 * directory moved (or went), and cwd is stale */
	char *root;		/* guest path the tracee sees as "/" (guest chroot) */
	/* cwd_host is the guest's (host_dir_is_guests): the kernel's lookup
	 * of a name in the cwd is translation's.  Kept with cwd_host and
	 * root; a rename keeps it (renames across bindings are EXDEV), and
	 * in a removed cwd the kernel finds no name at all. */
	bool cwd_is_guests;
};

/* Namespaces a tracee asked for under -0 (ns.c): clone or unshare with
 * CLONE_NEWNS gives it a mount namespace of its own (its bind table),
 * CLONE_NEWUTS its own host and domain names; the other CLONE_NEW*
 * flags are accepted without effect.  Reference-counted by hand, like
 * fs_info: tracees in the namespace hold it. */
struct mnt_ns {
	unsigned refs;
	/* Its table: a talloc reference shared with the namespace it was
	 * copied from until either changes it (tracee_binds_mut). */
	struct bindings *binds;
};
struct uts_ns {
	unsigned refs;
	struct uts_fake names;		/* fields set: the guest's; others the kernel's */
};
struct tracee_ns {
	struct mnt_ns *mnt;		/* NULL: the run's own, tracer->binds */
	struct uts_ns *uts;		/* NULL: the run's own (-k or the kernel) */
	/* The CLONE_NEW* flags burrow took out of this thread's clone in
	 * progress (the kernel then makes a plain child), for its event. */
	unsigned long clone_flags;
};

/* How the kernel orders seccomp and syscall-entry stops (Linux 4.8
 * changed it); learnt at launch from a probe call (launch.c). */
enum seccomp_order {
	ORDER_UNKNOWN,
	ORDER_SECCOMP_THEN_EXIT,	/* >= 4.8: seccomp stop, then exit stop */
	ORDER_SECCOMP_THEN_ENTRY,	/* < 4.8: seccomp, entry, then exit */
};

struct tracee {
	pid_t pid;
	pid_t tgid;			/* thread group: what /proc/self names */
	struct tracer *tracer;
	const struct tracee_io *io;	/* NULL: tracee_io_ptrace (io.h) */
	struct tracee *hnext;		/* hash chain in tracer->table */
	struct fs_info *fs;		/* NULL until the parent's fork event */

	bool initial_stop_seen;		/* the auto-attach stop of a new child */

	/* The current stop (loop.c, syscalls.c): its registers and call,
	 * and what the handlers keep for its exit. */
	struct tracee_stop {
		bool in_syscall;	/* between syscall entry and exit */
		bool exit_wanted;	/* resumed with PTRACE_SYSCALL for the exit */
		bool skip_entry_stop;	/* old kernels: ignore the entry stop
					 * that follows a seccomp stop */

		/* Registers as they were at syscall entry, the current ones, and
		 * what the tracee holds now (the last fetch or store): a flush
		 * writes only what regs changed from fetched. */
		struct arch_regs entry;
		struct arch_regs regs;
		struct arch_regs fetched;
		bool regs_dirty;

		int sc;			/* enum sc of the current syscall, or SC_NONE */
		long nr;		/* its raw number */
		uint64_t stack_cursor;	/* where the next mem_push writes */
		/* Set by an entry handler that emulates the call: the syscall is
		 * skipped and the tracee sees this result. */
		bool emulated;
		int64_t emulated_result;
		/* Handler state carried from entry to exit, on scratch. */
		void *exit_data;
		/* The generic translation's results for path role i: path_rc 0
		 * when path_res holds them, 1 when the argument was left alone
		 * (NULL, or an empty path meaning the dirfd). */
		struct canon_result path_res[2];
		int path_rc[2];

		TALLOC_CTX *scratch;	/* freed at the next syscall entry */
	} stop;

	struct fake_cred cred;		/* under -0/-i only */
	struct tracee_ns ns;		/* under -0 only (ns.c) */

	/* The hand-off to burrow's loader (tracee/loader.c, exec.c). */
	struct tracee_loader {
		/* An exec switched to burrow's loader: what to tell it at the exec
		 * event (on the tracee's context, NULL otherwise). */
		struct exec_pending *pending;

		/* Between the exec event and the loader's last open: opens with
		 * LOADER_HOST_DIRFD pass untranslated.  fd is burrow's
		 * descriptor of an fexecve'd file, closed then. */
		bool running;
		int fd;
		/* The loader's spare memory for this process (LOADER_SCRATCH_SIZE
		 * bytes at this address), used by the main thread when its stack
		 * has no room below the stack pointer; 0 when there is none. */
		uint64_t fallback_area;
		uint64_t fallback_cursor;
		/* Where the load script of the loader this process started from
		 * is (it names the spare area), or 0. */
		uint64_t script_addr;
	} loader;

	/* Directory reading (syscalls/dirent.c). */
	struct tracee_dirents {
		/* Directory fds whose listing already got its phantom entries
		 * (until the listing starts again). */
		int *done;
		size_t ndone;
	} dirents;

	/* Memory burrow maps in the process for an exec's new argv (and
	 * -q's envp) when it is too large for the spare area (exec.c): an
	 * mmap replaces the exec, which then runs again; after a failed
	 * exec a munmap runs, with the exec's registers kept in
	 * xmap_saved.  An exec that succeeds takes it with the old mm. */
	enum exec_map_state { XM_NONE, XM_MAPPING, XM_READY, XM_UNMAPPING,
			      XM_ORPHANS, XM_ORPHAN_UNMAPPING } xmap;
	uint64_t xmap_addr, xmap_len;
	struct arch_regs *xmap_saved;
	/* The thread whose memory this process shares (CLONE_VM without
	 * CLONE_THREAD: vfork, posix_spawn) until it execs, or 0.  What
	 * such an exec mapped stays there: its (address, length) pairs,
	 * unmapped at that thread's next syscall entry (XM_ORPHANS). */
	pid_t vm_sharer;
	uint64_t *xmap_orphans;
	size_t nxmap_orphans;

	/* Guest path of the program the process runs: what /proc/PID/exe
	 * reads (the kernel's link names the loader). */
	char *exe;

	/* This stop's check of the cwd against the kernel's, done once
	 * (tracee_cwd_refresh): 0 not yet, 1 done, -ESTALE removed. */
	int cwd_checked;

	/* Guest tracers (doc/ptrace-emulation.md; built in steps, all
	 * NULL/0 until a guest thread traces another).  The real parent
	 * as the kernel sets it: the forking thread, or its own parent
	 * for CLONE_PARENT and CLONE_THREAD; 0 outside the guest (the
	 * command burrow started).  TRACEME's tracer. */
	pid_t parent_tid, parent_tgid;
	struct vptracee *vpt;		/* a guest thread traces this one */
	struct vwait *vwait;		/* this guest tracer is in an emulated wait */
	/* A syscall burrow injects (the guest tracer's filter): wanted at
	 * the next entry stop, then running until its exit stop; the
	 * registers of the call it replaced, run again after it. */
	enum inject_state { INJ_NONE, INJ_WANT, INJ_RUNNING } inject;
	struct arch_regs *inject_saved;
	struct gfilter *gfilters;	/* the guest's own seccomp programs */
	/* Where burrow's loader is mapped, for the exec whose load script
	 * is at gsc_loader_key (syscalls/gseccomp.c). */
	uint64_t gsc_loader_key, gsc_loader_lo, gsc_loader_hi;
};

/* The I/O of t's engine. */
static inline const struct tracee_io *tracee_io(const struct tracee *t)
{
	return t->io ? t->io : &tracee_io_ptrace;
}

/* burrow's ptrace options for every tracee (children inherit them);
 * guest-traced threads add PTRACE_O_TRACEEXIT (vptrace.c). */
#define TRACER_PTRACE_OPTIONS (PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK | \
	PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | \
	PTRACE_O_TRACESECCOMP | PTRACE_O_EXITKILL)

#define TRACEE_BUCKETS 1024
#define TRACER_PARTIALS 10	/* PARTIALS, syscalls/syscalls.h */
#define TRACER_PTRACE_REFUSED 8

struct tracer {
	struct bindings *binds;
	struct tracee *table[TRACEE_BUCKETS];
	unsigned ntracees;

	pid_t main_pid;
	pid_t self_pid;			/* burrow's: no guest signal reaches it */
	bool main_done;
	int main_status;		/* burrow's exit status once main_done */

	bool use_seccomp;
	/* Install the filter with SECCOMP_FILTER_FLAG_SPEC_ALLOW (seccomp.c);
	 * off with BURROW_NO_SPEC_ALLOW=1. */
	bool spec_allow;
	bool use_syscall_info;		/* PTRACE_GET_SYSCALL_INFO works (Linux 5.3) */
	bool use_process_vm;		/* process_vm_readv/writev work (Linux 3.2) */
	/* O_PATH descriptor of the rootfs: openat2 (Linux 5.6) below it
	 * checks a run of directories in one call.  -1 without openat2 or
	 * with BURROW_NO_OPENAT2=1. */
	int root_fd;
	/* A single name relative to a directory, not followed, goes to the
	 * kernel unchanged (tracee_lookup); BURROW_NO_NAME_SHORTCUT=1 resolves
	 * it as any other path. */
	bool no_name_shortcut;
	/* The in-guest engine's runtime rewrites call sites (HACKING.md
	 * "Rewritten sites"); BURROW_NO_SITE_REWRITE=1 turns it off. */
	bool site_rewrite;
	/* BURROW_COPY_RUNTIME=1: the loader copies the runtime at every
	 * exec rather than map it from the exec's memfd. */
	bool copy_runtime;
	/* Test only (BURROW_TEST_FAIL_REGS_STORE=NAME): storing changed
	 * registers at a stop of syscall NAME fails with EIO, to show that
	 * a stop burrow cannot complete kills the tracee rather than run
	 * the original call. */
	bool test_fail_regs;
	int test_fail_regs_sc;
	/* Whether a skipped syscall keeps the result written at its entry
	 * stop (true on every kernel seen so far); until learnt, emulated
	 * calls also take their exit stop to check. */
	enum { SKIP_UNKNOWN, SKIP_KEEPS_RESULT, SKIP_NEEDS_EXIT } skip_result;
	/* Polling for stops before sleeping in waitpid (loop.c, spin.c);
	 * off with one usable CPU or BURROW_NO_SPIN=1. */
	struct spin spin;
	/* Pinning a lone tracee and burrow to one CPU (colocate.c); off
	 * with one usable CPU or BURROW_NO_COLOCATE=1. */
	struct colocate coloc;
	bool kill_on_exit;
	bool report;
	struct fake_ids *fake;		/* -0/-i, NULL otherwise */
	struct uts_fake *uts;		/* -k, NULL otherwise */
	/* -p IN:OUT, then what -n recorded at each bind (syscalls/inet.c). */
	struct port_map *ports;
	size_t nports;
	bool netcoop;			/* -n */
	/* Directories of AF_UNIX names too long for sun_path, held open for
	 * the run so that /proc/BURROW/fd/N/NAME reaches them, one each
	 * (syscalls/socket.c); the kernel keeps such names as bound. */
	struct sun_dir {
		int fd;
		dev_t dev;
		ino_t ino;
	} *sun_dirs;
	size_t nsun_dirs;
	/* -q: the qemu-user command that runs programs of another
	 * machine (exec.c); NULL otherwise. */
	struct qemu_cmd {
		char *host;		/* absolute host path of the static qemu */
		char **words;		/* COMMAND's words; words[0] is host */
		size_t nwords;
	} *qemu;
	int verbose;
	enum seccomp_order order;

	/* The loader as the tracee execs it: /proc/BURROW/fd/N of a memfd,
	 * or a file in $BURROW_TMP_DIR; NULL when BURROW_NO_LOADER=1. */
	char *loader_path;
	char *loader_tmpfile;		/* to unlink at exit */
	/* The dirfd of the loader's opens of host paths, drawn per run
	 * (loader_dirfd_pick): negative, never AT_FDCWD; 0 until drawn. */
	int loader_dirfd;
	/* The in-guest engine (guest.c, --engine=guest), and the run's
	 * SECCOMP_RET_DATA there. */
	bool guest_engine;
	uint16_t rt_tag;

	/* Bindings whose name is missing from their (existing) parent in
	 * the rootfs: getdents64 adds them, so listings show them as a real
	 * bind mount's mount point would. */
	struct phantom *phantoms;	/* path/glue.h */
	size_t nphantoms;

	/* Some binding is read-only or some path protected (an archive's
	 * image, the ids journal): mutating calls are checked. */
	bool restricted;

	/* --report: untranslated syscalls that could carry a path. */
	unsigned long *report_counts;	/* indexed by raw syscall number */
	/* --report: the calls burrow stopped at to translate or emulate,
	 * the in-guest engine's hot set (HACKING.md). */
	unsigned long *report_trapped;	/* indexed by raw syscall number */
	/* --report: emulations in part (enum partial, syscalls.h). */
	unsigned long report_partial[TRACER_PARTIALS];
	/* --report: ptrace requests of guest tracers refused with EIO
	 * (not emulated), the first few distinct ones. */
	struct { long req; unsigned long n; } report_ptrace[TRACER_PTRACE_REFUSED];

	/* Where tmpfs mounts of the guest's mount namespaces are made
	 * (syscalls/mount.c), removed at the end; NULL until one is. */
	char *tmpfs_dir;

	/* Guest thread groups that trace others (ptrace emulation); NULL
	 * until one does. */
	struct vtracer *vtracers;
	bool spec_allow_ok;		/* the guest filter took SPEC_ALLOW */
	int yama_scope;			/* kernel.yama.ptrace_scope, 0 without Yama */
};

/* tracee.c: the table of tracees and their lifecycle. */
struct tracee *tracee_find(struct tracer *tr, pid_t pid);
struct tracee *tracee_new(struct tracer *tr, pid_t pid);
/* A new child's credentials are a copy of its parent's. */
int tracee_copy_cred(struct tracee *child, const struct tracee *parent);
/* from's credentials become to's, groups and all, without allocating:
 * it cannot fail (an exec by a thread other than the leader). */
void tracee_move_cred(struct tracee *to, struct tracee *from);
/* A new child's real parent, from the thread that made it and the
 * clone flags (CLONE_PARENT, CLONE_THREAD: the maker's own parent). */
void tracee_set_parent(struct tracee *child, const struct tracee *maker, unsigned long flags);
void tracee_remove(struct tracer *tr, struct tracee *t);
struct fs_info *fs_info_new(const char *cwd, const char *root);
/* Bring the tracee's guest cwd up to date with the kernel's (another
 * process may have moved or removed the directory), once per stop;
 * *guest receives it.  0, or -ESTALE when the directory was removed
 * (*guest is then its old guest path). */
int tracee_cwd_refresh(struct tracee *t, const char **guest);
/* The canonicaliser's filesystem operations for t, through its engine's
 * I/O (tracee_io). */
void tracee_fsops(struct tracee *t, struct fsops *ops);
struct fs_info *fs_info_copy(const struct fs_info *fs);
void fs_info_set_cwd(struct fs_info *fs, const struct bindings *b, const char *cwd,
		     const char *cwd_host);
/* A guest chroot: root is the canonical guest path of the new "/". */
int fs_info_set_root(struct fs_info *fs, const struct bindings *b, const char *root);
void fs_info_unref(struct fs_info *fs);

/* ns.c: emulated namespaces.  The bind table of t's mount namespace,
 * to read; tracee_binds_mut the same to change (a table still shared
 * with another namespace is copied first; NULL when out of memory). */
static inline struct bindings *tracee_binds(const struct tracee *t)
{
	return t->ns.mnt ? t->ns.mnt->binds : t->tracer->binds;
}
struct bindings *tracee_binds_mut(struct tracee *t);
/* A new child made with clone flags: its own namespaces for
 * CLONE_NEWNS and CLONE_NEWUTS, its parent's otherwise. */
int tracee_ns_clone(struct tracee *child, const struct tracee *parent, unsigned long flags);
/* unshare(flags): CLONE_NEWNS also unshares the fs context, as the
 * kernel does. */
int tracee_ns_unshare(struct tracee *t, unsigned long flags);
/* An exec by a thread other than the leader: its namespaces become
 * the process's (to), which cannot fail. */
void tracee_ns_move(struct tracee *to, struct tracee *from);
void tracee_ns_release(struct tracee *t);
/* What uname shows t: its UTS namespace's names, or the run's (-k),
 * or NULL for the kernel's. */
const struct uts_fake *tracee_uts(const struct tracee *t);

/* io-ptrace.c, mem.c: tracee memory, through tracee_io(t).  -EFAULT for a bad
 * address. */
int mem_read(struct tracee *t, uint64_t addr, void *buf, size_t len);
int mem_write(struct tracee *t, uint64_t addr, const void *buf, size_t len);
/* A NUL-terminated string of at most max bytes including the NUL:
 * -ENAMETOOLONG beyond that, as the kernel's getname(). */
int mem_read_string(struct tracee *t, TALLOC_CTX *mem, uint64_t addr,
		    size_t max, char **out);
/* Copy len bytes below the tracee's stack (past the red zone), keeping
 * the arch's alignment; *addr receives where. */
int mem_push(struct tracee *t, const void *buf, size_t len, uint64_t *addr);
/* The same for the string s with its NUL. */
int mem_push_str(struct tracee *t, const char *s, uint64_t *addr);

/* fsops.c: open tr->root_fd when openat2 works (-1 otherwise, which is
 * not an error: lookups then take an lstat per component). */
void tracer_open_root(struct tracer *tr, bool allowed);
void tracer_close_root(struct tracer *tr);

/* Is host, a directory the kernel named (a cwd, a dirfd), the one
 * translation reaches from its guest path: in the rootfs or a binding,
 * not hidden by another binding, inside root?  Then the kernel's
 * lookup of a single name there is translation's.  *guest (when not
 * NULL) receives the guest path on mem, whatever the answer, or NULL
 * for a host that is no path. */
bool host_dir_is_guests(TALLOC_CTX *mem, const struct bindings *b, const char *root,
			const char *host, char **guest);
/* Guest path of the tracee's file descriptor fd. */
int tracee_fd_guest_path(struct tracee *t, TALLOC_CTX *mem, int fd, char **guest);
/* The one entry point for resolving a path of the tracee: relative to
 * dirfd (AT_FDCWD or a descriptor), with CANON_* and LOOKUP_* flags
 * (path/lookup.h).  Relative to the cwd it starts from the cwd as of
 * this stop (tracee_cwd_refresh).  "" is -ENOENT without
 * CANON_EMPTY_PATH; with it, the descriptor's own symlink under
 * LOOKUP_READ_LINK, else 1.  0 when res holds the answer, 1 when the
 * kernel's own lookup of path is right and nothing was resolved (the
 * name shortcut, a path that stays in a removed cwd), or -errno. */
int tracee_lookup(struct tracee *t, int dirfd, const char *path, unsigned flags,
		  struct canon_result *res);
/* A canonical guest path as the tracee names it (without the prefix of
 * a guest chroot). */
char *tracee_guest_visible(struct tracee *t, TALLOC_CTX *mem, const char *guest);
/* Guest view of a host path, relative to the tracee's root. */
char *tracee_host_to_guest(struct tracee *t, TALLOC_CTX *mem, const char *host);

/* regs: registers of the current stop. */
int tracee_regs_fetch(struct tracee *t);
int tracee_regs_flush(struct tracee *t);

/* pin.c: whether to pin (off when off names why, or burrow may use
 * only one CPU); installs the SIGALRM tick. */
void tracer_init_colocate(struct tracer *tr, const char *off);
/* A stop of t at now_ns (CLOCK_MONOTONIC): may pin t and burrow. */
void coloc_stop(struct tracer *tr, struct tracee *t, long long now_ns);
/* A new tracee: it joins a pinned group, or gets the guest's affinity. */
void coloc_new_tracee(struct tracer *tr, pid_t pid);
/* A tracee died: it leaves the group. */
void coloc_forget(struct tracer *tr, pid_t pid);
void coloc_unpin(struct tracer *tr);
/* The guest set an affinity: never pin again. */
void coloc_disable(struct tracer *tr);
/* Whether sched_getaffinity(pid) would see the pin (pid: not 0). */
bool coloc_pinned(const struct tracer *tr, pid_t pid);

/* loader.c: the embedded loader, and the exec event that starts it. */
struct exec_pending {
	char *prog;			/* host path of the ELF for the loader */
	char *interp;			/* host path of its PT_INTERP, or NULL */
	char *execfn;			/* AT_EXECFN */
	char *comm;			/* the task name the kernel would set */
	char *exe;			/* guest path, for /proc/PID/exe */
	int fd;				/* burrow's descriptor behind prog, or -1 */
};
int loader_install(struct tracer *tr);
void loader_uninstall(struct tracer *tr);
/* notify_end: the loader ends with the execve of LOAD_SCRIPT_NOTIFY_END. */
int loader_start(struct tracee *t, bool notify_end);
/* Where the tracee's loader, entered at entry_ip, has its load script
 * area (LOADER_SCRIPT_SIZE bytes of .bss). */
uint64_t loader_script_addr(uint64_t entry_ip);
/* p's load script and strings as they are to be written at area:
 * *out_len bytes on mem; -ENAMETOOLONG if they do not fit the area. */
int loader_script_build(TALLOC_CTX *mem, const struct exec_pending *p, uint64_t area,
			uint64_t sp0, int64_t host_dirfd, char **out, size_t *out_len);
/* A fresh value for tr->loader_dirfd: -(LOADER_DIRFD_BASE | 30 random
 * bits), so that an inner burrow's loader (in the guest) almost surely
 * has another one and its opens are translated as the guest's. */
int loader_dirfd_pick(void);
/* The loader's first ordinary trapped syscall: its opens are over. */
void loader_done(struct tracee *t);
/* A trapped entry while the loader runs: true for one of its own opens,
 * which goes to the kernel as burrow chose it (registers changed, to
 * flush); otherwise the loader's opens are over (loader_done). */
bool loader_entry(struct tracee *t);

#endif
