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
#include "tracee/tracee.h"

extern const unsigned char loader_image[];
extern const size_t loader_image_size;
extern const uint64_t loader_entry_vaddr, loader_script_vaddr;

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

/* The loader is a static-pie without PT_INTERP: at its exec event the
 * tracee's instruction pointer is its entry point, which tells where
 * the kernel put it, and so its load script area. */
uint64_t loader_script_addr(uint64_t entry_ip)
{
	return entry_ip - loader_entry_vaddr + loader_script_vaddr;
}

/* The script with its strings after it, as it is to be written at area:
 * one write, addresses in the tracee's terms.  -ENAMETOOLONG when it
 * does not fit the loader's area. */
int loader_script_build(TALLOC_CTX *mem, const struct exec_pending *p, uint64_t area,
			uint64_t sp0, int64_t host_dirfd, char **out, size_t *out_len)
{
	struct load_script s = { .magic = LOAD_SCRIPT_MAGIC, .sp0 = sp0,
				 .host_dirfd = host_dirfd };
	const char *strs[] = { p->prog, p->interp, p->execfn, p->comm };
	uint64_t *fields[] = { &s.prog, &s.interp, &s.execfn, &s.comm };
	size_t len = sizeof(s);
	char *buf;

	for (size_t i = 0; i < 4; i++) {
		size_t n;

		if (!strs[i])
			continue;
		n = strlen(strs[i]) + 1;
		if (n > LOADER_SCRIPT_SIZE - len)
			return -ENAMETOOLONG;
		*fields[i] = area + len;
		len += n;
	}
	buf = talloc_size(mem, len);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, &s, sizeof(s));
	for (size_t i = 0; i < 4; i++)
		if (strs[i])
			memcpy(buf + (*fields[i] - area), strs[i], strlen(strs[i]) + 1);
	*out = buf;
	*out_len = len;
	return 0;
}

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

/* At the exec event of a tracee that exec'd the loader: the loader's
 * first instruction has not run.  Write the load script into its area;
 * the stack stays as the kernel built it. */
int loader_start(struct tracee *t, bool notify_end)
{
	struct exec_pending *p = t->loader.pending;
	uint64_t addr;
	size_t len;
	char *buf;
	int rc;

	t->loader.pending = NULL;
	rc = tracee_regs_fetch(t);
	if (rc < 0)
		goto out;
	addr = loader_script_addr(arch_ip(&t->stop.regs));
	rc = loader_script_build(p, p, addr, arch_sp(&t->stop.regs), t->tracer->loader_dirfd,
				 &buf, &len);
	if (rc == 0) {
		if (notify_end)
			((struct load_script *)buf)->flags = LOAD_SCRIPT_NOTIFY_END;
		rc = mem_write(t, addr, buf, len);
	}
	if (rc == 0) {
		talloc_free(t->exe);
		t->exe = talloc_steal(t, p->exe);
		loader_done(t);
		t->loader.running = true;
		t->loader.script_addr = addr;
		t->loader.fd = p->fd;
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
	t->loader.running = false;
	if (t->loader.fd >= 0)
		close(t->loader.fd);
	t->loader.fd = -1;
}

bool loader_entry(struct tracee *t)
{
	/* burrow's loader opening the files burrow chose for it. */
	if (t->stop.sc == SC_openat && (int)arch_arg(&t->stop.regs, 0) == t->tracer->loader_dirfd) {
		if (arch_arg(&t->stop.regs, 3))
			t->loader.fallback_area = arch_arg(&t->stop.regs, 3);
		arch_set_arg(&t->stop.regs, 0, (uint64_t)(int64_t)AT_FDCWD);
		arch_set_arg(&t->stop.regs, 3, 0);
		t->stop.regs_dirty = true;
		return true;
	}
	loader_done(t);
	return false;
}
