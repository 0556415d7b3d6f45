/* The tracer's side of the loader: the loader image in a memfd (Linux
 * 3.17) that tracees exec through /proc/BURROW/fd/N, so nothing is
 * written to disk and a noexec /tmp does not matter; a file in
 * $BURROW_TMP_DIR or $PROOT_TMP_DIR when memfds are unavailable (or
 * BURROW_NO_MEMFD=1).  At the exec event, the load script.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "common/util.h"
#include "loader/script.h"
#include "tracer/tracer.h"

extern const unsigned char loader_image[];
extern const size_t loader_image_size;

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U	/* Linux 6.3 */
#endif

static int install_memfd(struct tracer *tr)
{
	const unsigned flags = MFD_CLOEXEC | MFD_ALLOW_SEALING;
	/* vm.memfd_noexec=1 (Linux 6.3) makes memfds non-executable unless
	 * MFD_EXEC is asked for; older kernels reject the flag; with
	 * vm.memfd_noexec=2 no memfd may be executable: the file, then. */
	int fd = memfd_create("burrow-loader", flags | MFD_EXEC);
	struct stat st;
	int rc;

	if (fd < 0 && errno == EINVAL)
		fd = memfd_create("burrow-loader", flags);
	if (fd < 0)
		return -errno;
	rc = write_all(fd, loader_image, loader_image_size);
	/* Sealed: no tracee can change the code every exec runs. */
	if (rc == 0 && fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW |
			     F_SEAL_WRITE | F_SEAL_SEAL) < 0)
		rc = -errno;
	if (rc == 0 && fstat(fd, &st) < 0)
		rc = -errno;
	if (rc == 0 && !(st.st_mode & S_IXUSR))
		rc = -EACCES;
	if (rc < 0) {
		close(fd);
		return rc;
	}
	tr->loader_path = talloc_asprintf(tr, "/proc/%d/fd/%d", (int)getpid(), fd);
	return tr->loader_path ? 0 : -ENOMEM;
}

static int install_file(struct tracer *tr)
{
	const char *dir = getenv("BURROW_TMP_DIR");
	struct statvfs sv;
	char *path;
	int fd, rc;

	if (!dir || !*dir)
		dir = getenv("PROOT_TMP_DIR");
	if (!dir || !*dir)
		dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	/* The loader is exec'd from there: a noexec mount cannot serve (-EPERM
	 * means this message was printed). */
	if (statvfs(dir, &sv) == 0 && (sv.f_flag & ST_NOEXEC)) {
		fprintf(stderr, "burrow: %s is mounted noexec, so the loader cannot run from it"
			" (set BURROW_TMP_DIR to a directory that allows exec)\n", dir);
		return -EPERM;
	}
	path = talloc_asprintf(tr, "%s/burrow-loader-XXXXXX", dir);
	if (!path)
		return -ENOMEM;
	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = write_all(fd, loader_image, loader_image_size);
	if (rc == 0 && fchmod(fd, 0500) < 0)
		rc = -errno;
	close(fd);
	if (rc < 0) {
		unlink(path);
		return rc;
	}
	tr->loader_path = tr->loader_tmpfile = path;
	return 0;
}

int loader_install(struct tracer *tr)
{
	int rc = -ENOSYS;

	if (env_set("BURROW_NO_LOADER"))
		return 0;
	if (!env_set("BURROW_NO_MEMFD"))
		rc = install_memfd(tr);
	if (rc < 0)
		rc = install_file(tr);
	if (rc < 0 && rc != -EPERM)
		fprintf(stderr, "burrow: cannot set up the loader: %s (set BURROW_TMP_DIR to a"
			" writable directory that allows exec)\n", strerror(-rc));
	return rc;
}

void loader_uninstall(struct tracer *tr)
{
	if (tr->loader_tmpfile)
		unlink(tr->loader_tmpfile);
}

/* At the exec event of a tracee that exec'd the loader: the loader's
 * first instruction has not run.  Write the load script below its stack
 * and move the stack pointer LOADER_SCRIPT_GAP below it: the loader
 * finds it there, and its frames stay clear of it. */
int loader_dirfd_pick(void)
{
	uint32_t r = 0;
	struct timespec ts;

	/* Not a secret (burrow is no sandbox), only different from the
	 * value of any other burrow: without getrandom (Linux 3.17), the
	 * clock and the pid do. */
	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r)) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		r = (uint32_t)ts.tv_nsec ^ (uint32_t)ts.tv_sec * 2654435761u ^ (uint32_t)getpid() << 12;
	}
	return -(int)(LOADER_DIRFD_BASE | (r & (LOADER_DIRFD_BASE - 1)));
}

int loader_start(struct tracee *t, bool notify_end)
{
	struct exec_pending *p = t->exec_pending;
	struct load_script s = { .magic = LOAD_SCRIPT_MAGIC,
				 .host_dirfd = t->tracer->loader_dirfd,
				 .flags = notify_end ? LOAD_SCRIPT_NOTIFY_END : 0 };
	uint64_t addr;
	int rc;

	t->exec_pending = NULL;
	rc = tracee_regs_fetch(t);
	if (rc < 0)
		goto out;
	s.sp0 = arch_sp(&t->regs);
	t->stack_cursor = s.sp0;
	if ((rc = mem_push_str(t, p->prog, &s.prog)) < 0 ||
	    (p->interp && (rc = mem_push_str(t, p->interp, &s.interp)) < 0) ||
	    (rc = mem_push_str(t, p->execfn, &s.execfn)) < 0 ||
	    (rc = mem_push_str(t, p->comm, &s.comm)) < 0 ||
	    (rc = mem_push(t, &s, sizeof(s), &addr)) < 0)
		goto out;
	/* mem_push keeps addr aligned, so the loader finds the script at
	 * exactly its stack pointer + LOADER_SCRIPT_GAP. */
	arch_set_sp(&t->regs, addr - LOADER_SCRIPT_GAP);
	t->regs_dirty = true;
	rc = tracee_regs_flush(t);
	if (rc == 0) {
		talloc_free(t->exe);
		t->exe = talloc_steal(t, p->exe);
		loader_done(t);
		t->loader_running = true;
		t->script_addr = addr;
		t->loader_fd = p->fd;
		p->fd = -1;
	}
out:
	if (p->fd >= 0)
		close(p->fd);
	talloc_free(p);
	return rc;
}

void loader_done(struct tracee *t)
{
	t->loader_running = false;
	if (t->loader_fd >= 0)
		close(t->loader_fd);
	t->loader_fd = -1;
}

bool loader_entry(struct tracee *t)
{
	/* burrow's loader opening the files burrow chose for it. */
	if (t->sc == SC_openat && (int)arch_arg(&t->regs, 0) == t->tracer->loader_dirfd) {
		if (arch_arg(&t->regs, 3))
			t->fallback_area = arch_arg(&t->regs, 3);
		arch_set_arg(&t->regs, 0, (uint64_t)(int64_t)AT_FDCWD);
		arch_set_arg(&t->regs, 3, 0);
		t->regs_dirty = true;
		return true;
	}
	loader_done(t);
	return false;
}
