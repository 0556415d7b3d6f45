/* Reading and writing tracee memory: process_vm_readv/writev (Linux 3.2)
 * when they work, PTRACE_PEEKDATA/POKEDATA otherwise. */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <unistd.h>

#include "loader/script.h"
#include "tracee/tracee.h"

static int peek_read(pid_t pid, uint64_t addr, void *buf, size_t len)
{
	char *out = buf;
	size_t done = 0;
	const size_t w = sizeof(long);

	while (done < len) {
		uint64_t a = addr + done;
		uint64_t aligned = a & ~(uint64_t)(w - 1);
		size_t off = a - aligned, n;
		long word;

		/* PEEKDATA's result can legitimately be -1. */
		errno = 0;
		word = ptrace(PTRACE_PEEKDATA, pid, (void *)aligned, NULL);
		if (errno)
			return errno == EIO ? -EFAULT : -errno;
		n = w - off;
		if (n > len - done)
			n = len - done;
		memcpy(out + done, (char *)&word + off, n);
		done += n;
	}
	return 0;
}

static int poke_write(pid_t pid, uint64_t addr, const void *buf, size_t len)
{
	const char *in = buf;
	size_t done = 0;
	const size_t w = sizeof(long);

	while (done < len) {
		uint64_t a = addr + done;
		uint64_t aligned = a & ~(uint64_t)(w - 1);
		size_t off = a - aligned, n = w - off;
		long word = 0;

		if (n > len - done)
			n = len - done;
		if (off || n < w) {
			errno = 0;
			word = ptrace(PTRACE_PEEKDATA, pid, (void *)aligned, NULL);
			if (errno)
				return errno == EIO ? -EFAULT : -errno;
		}
		memcpy((char *)&word + off, in + done, n);
		if (ptrace(PTRACE_POKEDATA, pid, (void *)aligned, (void *)word) < 0)
			return errno == EIO ? -EFAULT : -errno;
		done += n;
	}
	return 0;
}

/* len bytes at addr with process_vm_readv or _writev: 0 or -errno, or 1
 * when those calls do not work here (off for the run from then on). */
static int process_vm(struct tracee *t, uint64_t addr, void *buf, size_t len, bool write)
{
	struct iovec local = { buf, len };
	struct iovec remote = { (void *)(uintptr_t)addr, len };
	ssize_t n = write ? process_vm_writev(t->pid, &local, 1, &remote, 1, 0)
			  : process_vm_readv(t->pid, &local, 1, &remote, 1, 0);

	if (n == (ssize_t)len)
		return 0;
	/* Read-only mappings make process_vm_writev fail where POKEDATA
	 * (which forces the write) would succeed; the kernel itself would
	 * fault, so keep -EFAULT. */
	if (n >= 0 || errno == EFAULT)
		return -EFAULT;
	if (errno != ENOSYS && errno != EPERM)
		return -errno;
	t->tracer->use_process_vm = false;
	return 1;
}

int ptrace_mem_read(struct tracee *t, uint64_t addr, void *buf, size_t len)
{
	int rc = t->tracer->use_process_vm ? process_vm(t, addr, buf, len, false) : 1;

	return rc <= 0 ? rc : peek_read(t->pid, addr, buf, len);
}

int ptrace_mem_write(struct tracee *t, uint64_t addr, const void *buf, size_t len)
{
	int rc = t->tracer->use_process_vm ? process_vm(t, addr, (void *)buf, len, true) : 1;

	return rc <= 0 ? rc : poke_write(t->pid, addr, buf, len);
}

/* Most paths are short: the first read asks for 256 bytes (less when a
 * page ends sooner), the next ones for whole pages.  Never across a page
 * boundary in one read, so that a string ending just before an unmapped
 * page is still read, as the kernel's strncpy_from_user would. */
int mem_read_string(struct tracee *t, TALLOC_CTX *mem, uint64_t addr,
		    size_t max, char **out)
{
	const size_t page = 4096, first = 256;
	char *buf = talloc_size(mem, max);
	size_t have = 0;

	if (!buf)
		return -ENOMEM;
	while (have < max) {
		size_t chunk = page - ((addr + have) % page);
		char *nul;
		int rc;

		if (have == 0 && chunk > first)
			chunk = first;
		if (chunk > max - have)
			chunk = max - have;
		rc = mem_read(t, addr + have, buf + have, chunk);
		if (rc < 0) {
			talloc_free(buf);
			return rc;
		}
		nul = memchr(buf + have, '\0', chunk);
		if (nul) {
			*out = buf;
			return 0;
		}
		have += chunk;
	}
	talloc_free(buf);
	return -ENAMETOOLONG;
}

int mem_push(struct tracee *t, const void *buf, size_t len, uint64_t *addr)
{
	uint64_t a = (t->stop.stack_cursor - len) & ~(uint64_t)(arch_stack_align - 1);
	int rc = mem_write(t, a, buf, len);

	if (rc == 0) {
		t->stop.stack_cursor = a;
		*addr = a;
		return 0;
	}
	/* The kernel grows a stack only for the tracee's own faults (Linux
	 * 6.5 stopped doing it for remote writes): a main thread whose
	 * stack pointer is far below what it touched has no room there.
	 * Other threads' stacks are mapped whole, so only the main thread
	 * uses the loader's spare area, and no two stops share it. */
	if (rc != -EFAULT || t->pid != t->tgid)
		return rc;
	/* The loader's open that names it did not stop (seccomp): its
	 * script, in the loader's .bss, does. */
	if (!t->loader.fallback_area && t->loader.script_addr) {
		if (mem_read(t, t->loader.script_addr + offsetof(struct load_script, scratch),
			     &t->loader.fallback_area, sizeof(t->loader.fallback_area)) < 0)
			t->loader.fallback_area = 0;
		t->loader.fallback_cursor = t->loader.fallback_area + LOADER_SCRATCH_SIZE;
	}
	if (!t->loader.fallback_area)
		return rc;
	a = (t->loader.fallback_cursor - len) & ~(uint64_t)(arch_stack_align - 1);
	if (a < t->loader.fallback_area)
		return -EFAULT;
	rc = mem_write(t, a, buf, len);
	if (rc < 0)
		return rc;
	t->loader.fallback_cursor = a;
	*addr = a;
	return 0;
}

int mem_push_str(struct tracee *t, const char *s, uint64_t *addr)
{
	return mem_push(t, s, strlen(s) + 1, addr);
}
