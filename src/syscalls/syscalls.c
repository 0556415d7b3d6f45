/* Per-stop dispatch through the handler table, and the generic path
 * translation that most syscalls need and nothing more. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "loader/script.h"
#include "path/bind.h"
#include "syscalls/syscalls.h"
#include "tracee/tracee.h"

bool syscall_traced(const struct tracer *tr, int sc)
{
	if (handlers[sc].flags & H_VTRACER)
		return false;
	if (tr->fake && (handlers[sc].fake_enter || handlers[sc].fake_exit))
		return true;
	if (handlers[sc].flags & H_IF_PHANTOMS)
		return tr->nphantoms > 0;
	if (handlers[sc].flags & H_IF_COLOCATE)
		return tr->coloc.enabled;
	if (handlers[sc].flags & H_IF_UTS)
		return tr->uts != NULL;
	if (handlers[sc].flags & H_IF_RESTRICTED)
		return tr->restricted;
	if (handlers[sc].flags || handlers[sc].enter)
		return true;
	/* --report also stops at untranslated calls that carry paths. */
	return tr->report && sc_desc[sc].npaths > 0;
}

bool syscall_names_path(int sc)
{
	return sc_desc[sc].npaths > 0 ||
	       (handlers[sc].flags & (H_PATHS | H_NAMES_OTHER | H_ENOSYS | H_EPERM));
}

static unsigned lookup_flags(const struct tracee *t, const struct sc_desc *d, unsigned i)
{
	unsigned flags = d->path[i].nofollow ? CANON_NOFOLLOW : 0;

	/* readlinkat takes "" as the dirfd itself, always (Linux 2.6.39). */
	if (t->stop.sc == SC_readlinkat)
		flags |= CANON_EMPTY_PATH;

	if (d->atflags >= 0) {
		unsigned long af = arch_arg(&t->stop.regs, d->atflags);

		if (af & AT_SYMLINK_NOFOLLOW)
			flags |= CANON_NOFOLLOW;
		if (af & AT_EMPTY_PATH)
			flags |= CANON_EMPTY_PATH;
	}
	/* linkat's old path: followed only with AT_SYMLINK_FOLLOW. */
	if (d->linkflags >= 0 && i == 0) {
		unsigned long lf = arch_arg(&t->stop.regs, d->linkflags);

		if (lf & AT_SYMLINK_FOLLOW)
			flags &= ~(unsigned)CANON_NOFOLLOW;
		if (lf & AT_EMPTY_PATH)
			flags |= CANON_EMPTY_PATH;
	}
	if (d->flagbits >= 0) {
		unsigned long fb = arch_arg(&t->stop.regs, d->flagbits);

		if (fb & d->nofollow_bits)
			flags |= CANON_NOFOLLOW;
		if (fb & d->empty_bits)
			flags |= CANON_EMPTY_PATH;
	}
	if (d->oflags >= 0) {
		unsigned long of = arch_arg(&t->stop.regs, d->oflags);

		if ((of & O_NOFOLLOW) || (of & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
			flags |= CANON_NOFOLLOW;
	}
	return flags;
}

static int resolve_arg(struct tracee *t, unsigned i, unsigned extra, struct canon_result *res,
		       char **path)
{
	const struct sc_desc *d = &sc_desc[t->stop.sc];
	const struct sc_path_arg *pa = &d->path[i];
	uint64_t addr = arch_arg(&t->stop.regs, pa->arg);
	int dirfd = pa->dirfd >= 0 ? (int)arch_arg(&t->stop.regs, pa->dirfd) : AT_FDCWD;
	int rc;

	*path = NULL;
	memset(res, 0, sizeof(*res));
	/* NULL: the kernel decides (EFAULT, or the fd itself for utimensat). */
	if (addr == 0)
		return 1;
	rc = mem_read_string(t, t->stop.scratch, addr, PATH_MAX, path);
	if (rc < 0)
		return rc;
	/* openat(/proc/PID's fd, "maps"): burrow must see the host path. */
	if ((extra & LOOKUP_KERNEL_MAY) && (handlers[t->stop.sc].flags & H_PROC_COPY) &&
	    proc_copy_name(*path))
		extra &= ~(unsigned)LOOKUP_KERNEL_MAY;
	rc = tracee_lookup(t, dirfd, *path, lookup_flags(t, d, i) | extra, res);
	if (rc != 0)
		return rc;
	if (t->tracer->verbose >= 2)
		fprintf(stderr, "burrow: [%d] %s(\"%s\") -> \"%s\"\n", (int)t->pid,
			d->name, *path, res->host);
	return 0;
}

int resolve_path_arg(struct tracee *t, unsigned i, unsigned extra,
		     struct canon_result *res, char **path)
{
	return resolve_arg(t, i, extra, res, path);
}

int write_path_arg(struct tracee *t, unsigned i, const struct canon_result *res,
		   const char *path)
{
	uint64_t new_addr;
	int rc;

	if (strcmp(res->host, path) == 0)
		return 0;
	rc = mem_push(t, res->host, strlen(res->host) + 1, &new_addr);
	if (rc < 0)
		return rc;
	arch_set_arg(&t->stop.regs, sc_desc[t->stop.sc].path[i].arg, new_addr);
	t->stop.regs_dirty = true;
	return 0;
}

int translate_path_arg(struct tracee *t, unsigned i, struct canon_result *res)
{
	char *path;
	int rc = resolve_arg(t, i, 0, res, &path);

	return rc != 0 ? rc : write_path_arg(t, i, res, path);
}

/* Read-only bindings and protected paths, for the arguments in mask. */
static int protect_args(struct tracee *t, unsigned mask, char **path)
{
	for (unsigned i = 0; i < sc_desc[t->stop.sc].npaths; i++) {
		int rc;

		if (!(mask & (1u << i)))
			continue;
		rc = protect_path_arg(t, i, t->stop.path_rc[i], &t->stop.path_res[i], path[i]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* The generic handler needs only the host paths: a final component that
 * is not followed is not even looked at. */
static int translate_all_paths(struct tracee *t)
{
	struct canon_result *res = t->stop.path_res;
	int *rc = t->stop.path_rc;
	const struct handler *h = &handlers[t->stop.sc];
	/* Only when nothing after this needs the results: no handler of
	 * its own, no -0 bookkeeping, no same-mount check (which compares
	 * guest paths), no path that must be checked before it changes. */
	bool kernel_may = !h->enter && !t->tracer->fake && !(h->flags & H_SAME_MOUNT);
	char *path[2] = { NULL, NULL };
	unsigned changes = 0;
	int err;

	unsigned extra = CANON_LAZY_FINAL | ((h->flags & H_NAMES) ? CANON_KEEP_DOTS : 0);

	for (unsigned i = 0; i < sc_desc[t->stop.sc].npaths; i++) {
		bool changed = t->tracer->restricted && protect_arg_changes(t, i);

		rc[i] = resolve_arg(t, i, extra | (kernel_may && !changed ? LOOKUP_KERNEL_MAY : 0),
				    &res[i], &path[i]);
		if (rc[i] < 0)
			return rc[i];
		/* A final "." or "..": the kernel refuses it before EROFS. */
		if (changed && !(rc[i] == 0 && res[i].final_dot))
			changes |= 1u << i;
	}
	/* The kernel's order: link's new name (EROFS) before EXDEV, EXDEV
	 * before rename's names. */
	if (h->change != C_REMOVE && (err = protect_args(t, changes, path)) < 0)
		return err;
	if ((handlers[t->stop.sc].flags & H_SAME_MOUNT) && rc[0] == 0 && rc[1] == 0 &&
	    bindings_lookup(tracee_binds(t), res[0].guest) !=
	    bindings_lookup(tracee_binds(t), res[1].guest))
		return -EXDEV;
	if (h->change == C_REMOVE && (err = protect_args(t, changes, path)) < 0)
		return err;
	for (unsigned i = 0; i < sc_desc[t->stop.sc].npaths; i++) {
		if (rc[i] == 0 && (err = write_path_arg(t, i, &res[i], path[i])) < 0)
			return err;
		/* The kernel refuses a final "." or "..": nothing for -0 to note. */
		if (rc[i] == 0 && res[i].final_dot)
			rc[i] = 1;
	}
	return 0;
}

static void report_count(struct tracee *t)
{
	struct tracer *tr = t->tracer;

	if (t->stop.nr < 0 || t->stop.nr >= SC_NR_LIMIT)
		return;
	if (!tr->report_counts)
		tr->report_counts = talloc_zero_array(tr, unsigned long, SC_NR_LIMIT);
	if (tr->report_counts)
		tr->report_counts[t->stop.nr]++;
}

/* A call stopped at for its own handling, not only for --report. */
static void report_trapped(struct tracee *t)
{
	struct tracer *tr = t->tracer;

	if (t->stop.nr >= SC_NR_LIMIT)
		return;
	if (!tr->report_trapped)
		tr->report_trapped = talloc_zero_array(tr, unsigned long, SC_NR_LIMIT);
	if (tr->report_trapped)
		tr->report_trapped[t->stop.nr]++;
}

_Static_assert(PARTIALS == TRACER_PARTIALS, "tracee.h counts every enum partial");

void syscall_report_partial(struct tracee *t, enum partial what)
{
	t->tracer->report_partial[what]++;
}

/* What each emulation in part leaves out. */
static const char *const partial_says[PARTIALS] = {
	[PARTIAL_PEERCRED] = "getsockopt(SO_PEERCRED) under -0/-i: the peer's faked ids "
			     "when asked, not when it connected or listened",
	[PARTIAL_IFFLAGS] = "ioctl(SIOCSIFFLAGS) of lo under -0/-i: succeeds, changes nothing",
	[PARTIAL_STATUS] = "open of /proc/PID/status under -0/-i: a copy with the faked ids "
			   "and capabilities, taken at the open",
	[PARTIAL_NAMESPACE] = "clone/unshare with CLONE_NEWPID, CLONE_NEWNET or CLONE_NEWIPC "
			      "under -0: succeeds, isolates nothing",
	[PARTIAL_MOUNT_PROC] = "mount of proc or sysfs under -0: the host's, every process shown",
	[PARTIAL_MOUNT_REMOUNT] = "mount(MS_REMOUNT) without MS_BIND under -0: this mount "
				  "only, not the whole filesystem",
	[PARTIAL_MOUNT_PROPAGATION] = "mount(MS_SHARED or MS_SLAVE) under -0: succeeds, "
				      "nothing propagates",
	[PARTIAL_MOUNT_REFUSED] = "mount under -0 of a type burrow cannot emulate or on "
				  "the rootfs's /, or pivot_root(new, new): refused",
	[PARTIAL_MOUNT_OPTIONS] = "mount under -0 with nosuid, nodev, noexec, sync or "
				  "options other than tmpfs's mode=: those are ignored",
	[PARTIAL_MOUNT_DEVPTS] = "mount of devpts under -0: the host's /dev/pts, its ptmx "
				 "the host's /dev/ptmx (the ptys are the host's)",
};

void syscall_report_print(const struct tracer *tr)
{
	for (int i = 0; i < PARTIALS; i++)
		if (tr->report_partial[i])
			fprintf(stderr, "burrow: report: %s (seen %lu times, emulated in part)\n",
				partial_says[i], tr->report_partial[i]);
	ptrace_report_print(tr);
	for (int nr = 0; tr->report_trapped && nr < SC_NR_LIMIT; nr++) {
		int sc = arch_sc_from_nr(nr);

		if (tr->report_trapped[nr] && sc != SC_NONE)
			fprintf(stderr, "burrow: report: %s (%d) trapped %lu times\n",
				sc_desc[sc].name, nr, tr->report_trapped[nr]);
	}
	if (!tr->report_counts)
		return;
	for (int nr = 0; nr < SC_NR_LIMIT; nr++) {
		int sc = arch_sc_from_nr(nr);

		if (!tr->report_counts[nr])
			continue;
		if (sc != SC_NONE && (handlers[sc].flags & (H_ENOSYS | H_EPERM))) {
			fprintf(stderr, "burrow: report: %s (%d) seen %lu times, refused (%s)\n",
				sc_desc[sc].name, nr, tr->report_counts[nr],
				(handlers[sc].flags & H_ENOSYS) ? "ENOSYS" : "EPERM");
			continue;
		}
		fprintf(stderr, "burrow: report: %s (%d) seen %lu times, not translated\n",
			sc == SC_NONE ? "unknown syscall" : sc_desc[sc].name, nr,
			tr->report_counts[nr]);
	}
}

int syscall_enter(struct tracee *t)
{
	struct tracer *tr = t->tracer;
	const struct handler *h;
	int rc;

	talloc_free(t->stop.scratch);
	t->stop.scratch = talloc_named_const(t, 0, "stop scratch");
	t->stop.emulated = false;
	t->stop.exit_data = NULL;
	t->cwd_checked = 0;
	/* An exec that failed after choosing the loader. */
	TALLOC_FREE(t->loader.pending);
	t->stop.exit_wanted = false;
	t->stop.path_rc[0] = t->stop.path_rc[1] = 1;
	rc = tracee_regs_fetch(t);
	if (rc < 0)
		return rc;
	t->stop.entry = t->stop.regs;
	t->stop.nr = arch_sysnum(&t->stop.regs);
	t->stop.sc = arch_sc_from_nr(t->stop.nr);
	if (t->stop.sc == SC_NONE) {
		if (tr->report && t->stop.nr >= 0)
			report_count(t);
		return 0;
	}
	h = &handlers[t->stop.sc];
	if (!h->flags && !h->enter && !(tr->fake && h->fake_enter)) {
		if (tr->report && sc_desc[t->stop.sc].npaths > 0)
			report_count(t);
		return 0;
	}
	if (tr->report && !(h->flags & (H_ENOSYS | H_EPERM)))
		report_trapped(t);
	if (t->loader.running && loader_entry(t))
		return tracee_regs_flush(t);
	t->stop.stack_cursor = arch_sp(&t->stop.regs) - arch_red_zone;
	t->loader.fallback_cursor = t->loader.fallback_area + LOADER_SCRATCH_SIZE;
	rc = 0;
	if (h->flags & (H_ENOSYS | H_EPERM)) {
		rc = (h->flags & H_ENOSYS) ? -ENOSYS : -EPERM;
		if (tr->report)
			report_count(t);
	}
	if (rc == 0 && (h->flags & H_PATHS))
		rc = translate_all_paths(t);
	/* A faked root reads, writes and searches what it likes (nothing
	 * is written before a lookup fails). */
	if ((h->flags & H_PATHS) && ids_root_access(t)) {
		if (rc == -EACCES && ids_search_override(t))
			rc = translate_all_paths(t);
		if (rc == 0)
			ids_dac_override(t);
	}
	/* chdir translates in its handler, and needs the search bit. */
	if (rc == 0 && t->stop.sc == SC_chdir && ids_root_access(t))
		ids_search_override(t);
	if (rc == 0 && h->change == C_FD && tr->restricted)
		rc = protect_fd(t, (int)arch_arg(&t->stop.regs, 0));
	if (rc == 0 && h->enter)
		rc = h->enter(t);
	if (rc == 0 && !t->stop.emulated && (h->flags & H_PROC_COPY))
		rc = proc_copy_enter(t);
	/* Under -0/-i: what root would see (may emulate, or want the exit). */
	if (rc == 0 && !t->stop.emulated && tr->fake && h->fake_enter)
		rc = h->fake_enter(t);

	/* The one place where an internal result becomes the tracee's. */
	if (rc < 0) {
		if (tr->verbose >= 1)
			fprintf(stderr, "burrow: [%d] %s fails: %s (from burrow, not the kernel)\n",
				(int)t->pid, sc_desc[t->stop.sc].name, strerror(-rc));
		t->stop.emulated = true;
		t->stop.emulated_result = rc;
	}
	if (t->stop.emulated) {
		/* On aarch64 this is a ptrace call of its own. */
		rc = tracee_io(t)->sysnum_set(t, &t->stop.regs, -1);
		if (rc < 0)
			return rc;
		arch_set_result(&t->stop.regs, t->stop.emulated_result);
		t->stop.regs_dirty = true;
		if (tr->skip_result != SKIP_KEEPS_RESULT)
			t->stop.exit_wanted = true;
	} else if (h->flags & H_EXIT) {
		t->stop.exit_wanted = true;
	}
	return tracee_regs_flush(t);
}

int syscall_exit(struct tracee *t)
{
	struct tracer *tr = t->tracer;
	const struct handler *h;
	int rc = tracee_regs_fetch(t);

	t->cwd_checked = 0;
	if (rc < 0 || t->stop.sc == SC_NONE)
		return rc;
	if (t->stop.emulated) {
		if (tr->skip_result == SKIP_UNKNOWN)
			tr->skip_result = arch_result(&t->stop.regs) == t->stop.emulated_result
				? SKIP_KEEPS_RESULT : SKIP_NEEDS_EXIT;
		arch_set_result(&t->stop.regs, t->stop.emulated_result);
		t->stop.regs_dirty = true;
		return tracee_regs_flush(t);
	}
	h = &handlers[t->stop.sc];
	if (h->exit)
		rc = h->exit(t);
	if (rc == 0 && tr->fake && h->fake_exit)
		rc = h->fake_exit(t);
	if (rc < 0) {
		if (tr->verbose >= 1)
			fprintf(stderr, "burrow: [%d] %s fails at exit: %s (from burrow, not the kernel)\n",
				(int)t->pid, sc_desc[t->stop.sc].name, strerror(-rc));
		arch_set_result(&t->stop.regs, rc);
		t->stop.regs_dirty = true;
	}
	return tracee_regs_flush(t);
}

int syscall_emulate(struct tracee *t, int64_t result)
{
	t->stop.emulated = true;
	t->stop.emulated_result = result;
	return 0;
}

unsigned long syscall_open_flags(const struct tracee *t)
{
	const struct sc_desc *d = &sc_desc[t->stop.sc];

	return d->oflags >= 0 ? arch_arg(&t->stop.regs, d->oflags)
			      : (unsigned long)(O_CREAT | O_WRONLY | O_TRUNC);
}
