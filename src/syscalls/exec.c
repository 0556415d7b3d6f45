/* execve and execveat: the program path is translated, and "#!" scripts
 * are unwrapped here, because the kernel would look the interpreter up
 * on the host.  The argv burrow builds is the kernel's: the interpreter
 * as written, its optional single argument, the script path as given to
 * execve, then the original arguments after argv[0] (binfmt_script).
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/kcmp.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/autoclose.h"
#include "loader/script.h"
#include "syscalls/syscalls.h"
#include "syscalls/vptrace.h"
#include "tracee/tracee.h"

/* The kernel reads BINPRM_BUF_SIZE bytes of a file and looks for the
 * "#!" line in all but the last; exec_binprm allows a chain of five
 * scripts before the program. */
#define SCRIPT_BUF 256
#define SCRIPT_SCAN (SCRIPT_BUF - 1)
#define SCRIPT_MAX_DEPTH 5
/* How much of the file one read takes: the "#!" line, and for an ELF
 * its header, program headers and PT_INTERP string, which linkers put
 * at the start (a typical x86_64 or aarch64 program needs < 1 KiB). */
#define HEAD_SIZE 2048

struct shebang {
	char *interp;
	char *arg;		/* NULL when absent */
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Parse a "#!" line as binfmt_script does.  1 and *sb filled for a
 * script, 0 when not a script, -ENOEXEC for a malformed one. */
static int parse_shebang(TALLOC_CTX *mem, const char *buf, size_t len, struct shebang *sb)
{
	const char *end, *p, *q;

	if (len < 2 || buf[0] != '#' || buf[1] != '!')
		return 0;
	end = memchr(buf, '\n', len);
	if (!end) {
		/* No newline in the buffer: fine only if the interpreter's
		 * name ends inside it. */
		for (p = buf + 2; p < buf + len && is_blank(*p); p++)
			;
		if (p == buf + len)
			return -ENOEXEC;
		for (q = p; q < buf + len && !is_blank(*q) && *q; q++)
			;
		if (q == buf + len)
			return -ENOEXEC;
		end = buf + len;
	}
	for (p = buf + 2; p < end && is_blank(*p); p++)
		;
	while (end > p && (is_blank(end[-1]) || end[-1] == '\0'))
		end--;
	if (p == end)
		return -ENOEXEC;
	for (q = p; q < end && !is_blank(*q) && *q; q++)
		;
	sb->interp = talloc_strndup(mem, p, (size_t)(q - p));
	for (; q < end && is_blank(*q); q++)
		;
	sb->arg = q < end ? talloc_strndup(mem, q, (size_t)(end - q)) : NULL;
	return sb->interp ? 1 : -ENOMEM;
}

/* What the kernel checks before it reads a file to execute. */
static int check_executable(const char *host)
{
	struct stat st;

	if (stat(host, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EACCES;
	if (access(host, X_OK) < 0)
		return -errno;
	return 0;
}

/* ETXTBSY, as the kernel's deny_write_access gives it for the file it
 * runs: the loader runs instead, so burrow asks.  A read lease cannot be
 * taken on a file that anyone has open for writing (fcntl(2)).  Leases
 * need the file to be the caller's (or CAP_LEASE); when burrow cannot
 * take one it cannot tell, and lets the exec go.  fd is open O_RDONLY
 * on the file. */
static int check_not_busy_fd(int fd)
{
	if (fcntl(fd, F_SETLEASE, F_RDLCK) == 0)
		fcntl(fd, F_SETLEASE, F_UNLCK);
	else if (errno == EAGAIN)
		return -ETXTBSY;
	return 0;
}

static int check_not_busy(const char *host)
{
	AUTOCLOSE int fd = open(host, O_RDONLY | O_CLOEXEC);

	return fd < 0 ? 0 : check_not_busy_fd(fd);
}

/* The first HEAD_SIZE bytes of the file, and the file left open in *fd
 * (closed by the caller) for what lies beyond them. */
static int read_head(const char *host, char *buf, size_t *len, int *fd)
{
	ssize_t n;

	*fd = open(host, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return -errno;
	n = pread(*fd, buf, HEAD_SIZE, 0);
	if (n < 0)
		return -errno;
	*len = (size_t)n;
	return 0;
}

/* len bytes at off of the file: from head when they are in it, else
 * read into a buffer on mem.  0, -ENOEXEC for a short file, -ENOMEM. */
static int file_bytes(TALLOC_CTX *mem, int fd, const char *head, size_t head_len,
		      uint64_t off, size_t len, const void **out)
{
	char *buf;

	if (off <= head_len && len <= head_len - off) {
		*out = head + off;
		return 0;
	}
	buf = talloc_size(mem, len ? len : 1);
	if (!buf)
		return -ENOMEM;
	if (pread(fd, buf, len, (off_t)off) != (ssize_t)len) {
		talloc_free(buf);
		return -ENOEXEC;
	}
	*out = buf;
	return 0;
}

/* Read the tracee's argv pointers (without argv[0]'s successor limit:
 * the kernel's own E2BIG still applies when the call runs). */
static int read_argv(struct tracee *t, uint64_t argv, uint64_t **out, size_t *n)
{
	size_t cap = 64, count = 0;
	uint64_t *v = talloc_array(t->stop.scratch, uint64_t, cap);

	if (!v)
		return -ENOMEM;
	for (;;) {
		uint64_t p = 0;
		int rc;

		if (argv) {
			rc = mem_read(t, argv + count * sizeof(p), &p, sizeof(p));
			if (rc < 0)
				return rc;
		}
		if (count == cap) {
			cap *= 2;
			v = talloc_realloc(t->stop.scratch, v, uint64_t, cap);
			if (!v)
				return -ENOMEM;
		}
		v[count] = p;
		if (!p)
			break;
		/* MAX_ARG_STRINGS */
		if (++count >= 0x7FFFFFFF / sizeof(p))
			return -E2BIG;
	}
	*out = v;
	*n = count;
	return 0;
}

/* The file an exec names, as the kernel would open it. */
struct exec_target {
	char *host;		/* a path the tracer can open */
	char *exe;		/* what /proc/PID/exe should read */
	char *execfn;		/* the kernel's bprm->filename: AT_EXECFN, and the
				 * script path a "#!" interpreter receives */
	char *comm;		/* the task name the kernel would set */
	char *guest;		/* canonical guest path (the ids journal's key),
				 * or NULL */
	int fd;			/* execveat(fd, "", AT_EMPTY_PATH): fd, else -1 */
};

static char *base_name(TALLOC_CTX *mem, const char *path)
{
	const char *slash = strrchr(path, '/');

	/* TASK_COMM_LEN - 1 */
	return talloc_strndup(mem, slash ? slash + 1 : path, 15);
}

/* execveat(fd, "", AT_EMPTY_PATH): the file behind the descriptor. */
static int target_of_fd(struct tracee *t, int fd, struct exec_target *x)
{
	char *link;
	size_t n;
	int rc;

	x->host = talloc_asprintf(t->stop.scratch, "/proc/%d/fd/%d", (int)t->pid, fd);
	x->execfn = talloc_asprintf(t->stop.scratch, "/dev/fd/%d", fd);
	if (!x->host || !x->execfn)
		return -ENOMEM;
	rc = host_readlink(t->stop.scratch, x->host, &link);
	if (rc < 0)
		return rc == -ENOENT ? -EBADF : rc;
	n = strlen(link);
	if (n > 10 && strcmp(link + n - 10, " (deleted)") == 0)
		link[n - 10] = '\0';
	/* The kernel names the task after the file itself here. */
	x->comm = base_name(t->stop.scratch, link);
	x->exe = link[0] == '/' ? tracee_host_to_guest(t, t->stop.scratch, link) : link;
	if (t->tracer->fake && tracee_fd_guest_path(t, t->stop.scratch, fd, &x->guest) < 0)
		x->guest = NULL;
	x->fd = fd;
	return x->comm && x->exe ? 0 : -ENOMEM;
}

/* The interpreter a guest ELF names, checked as the kernel's open_exec
 * would.  1 when burrow's loader is to run it, 0 when the kernel should
 * (not a 64-bit ELF for this machine: the kernel gives ENOEXEC, or hands
 * it to binfmt_misc), -errno for the error execve must return.  head
 * holds the file's first bytes, fd is open on it. */
static int prepare_loader(struct tracee *t, const struct exec_target *x, int fd,
			  const char *head, size_t head_len)
{
	struct exec_pending *p;
	struct canon_result ires;
	char *interp_host = NULL;
	const void *v;
	Elf64_Ehdr eh;
	const Elf64_Phdr *ph;
	int rc = 0;

	if (head_len < sizeof(eh))
		return 0;
	memcpy(&eh, head, sizeof(eh));
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_machine != arch_elf_machine ||
	    (eh.e_type != ET_EXEC && eh.e_type != ET_DYN) || eh.e_phentsize != sizeof(*ph))
		return 0;
	/* The kernel refuses more than 64 KiB of program headers
	 * (load_elf_phdrs). */
	if ((size_t)eh.e_phnum * sizeof(*ph) > 65536)
		return -ENOEXEC;
	rc = file_bytes(t->stop.scratch, fd, head, head_len, eh.e_phoff,
			(size_t)eh.e_phnum * sizeof(*ph), &v);
	if (rc < 0)
		return rc;
	ph = v;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr h;
		char *interp;

		memcpy(&h, &ph[i], sizeof(h));	/* head need not be aligned */
		if (h.p_type != PT_INTERP)
			continue;
		if (h.p_filesz < 2 || h.p_filesz > PATH_MAX)
			return -ENOEXEC;
		rc = file_bytes(t->stop.scratch, fd, head, head_len, h.p_offset, h.p_filesz, &v);
		if (rc < 0)
			return rc;
		interp = talloc_strndup(t->stop.scratch, v, h.p_filesz);
		if (!interp)
			return -ENOMEM;
		/* The interpreter is looked up in the guest, from its root. */
		rc = tracee_lookup(t, AT_FDCWD, interp, 0, &ires);
		if (rc == 1 || (rc == 0 && !ires.exists))
			rc = -ENOENT;
		if (rc == 0)
			rc = check_executable(ires.host);
		if (rc == 0)
			rc = check_not_busy(ires.host);
		if (rc < 0)
			return rc;
		interp_host = ires.host;
	}

	talloc_free(t->loader.pending);
	p = t->loader.pending = talloc_zero(t, struct exec_pending);
	if (!p)
		return -ENOMEM;
	p->fd = -1;
	if (x->fd >= 0) {
		/* The descriptor may be close-on-exec: the loader reads the
		 * file through one burrow holds until the loader is done. */
		p->fd = open(x->host, O_RDONLY | O_CLOEXEC);
		if (p->fd < 0)
			return -errno;
		p->prog = talloc_asprintf(p, "/proc/%d/fd/%d", (int)getpid(), p->fd);
	} else {
		p->prog = talloc_strdup(p, x->host);
	}
	p->interp = interp_host ? talloc_strdup(p, interp_host) : NULL;
	p->exe = talloc_strdup(p, x->exe);
	p->execfn = talloc_strdup(p, x->execfn);
	p->comm = talloc_strdup(p, x->comm);
	if (!p->prog || (interp_host && !p->interp) || !p->exe || !p->execfn || !p->comm)
		return -ENOMEM;
	return 1;
}

/* What mem_push takes of the room for len bytes, with its alignment. */
static size_t push_size(size_t len)
{
	return len + arch_stack_align;
}

/* Room for need bytes of pushes (the new argv, its strings, the path):
 * 0 when they may go where mem_push puts them, 1 when an mmap now
 * replaces the exec (which runs again once the memory is mapped, and
 * then pushes there), -errno.  Below the stack pointer there is only as
 * much stack as the tracee touched (a remote write does not grow it),
 * and the loader's spare area holds LOADER_SCRATCH_SIZE bytes: what
 * fits half of it goes the usual way, anything larger, 20,000
 * arguments' pointers, into memory of its own, rather than a guess at
 * how much stack is mapped. */
static int exec_room(struct tracee *t, size_t need)
{
	int rc;

	if (t->xmap == XM_READY) {
		/* The tracee's argv grew between the two stops. */
		if (need > t->xmap_len)
			return -ENOMEM;
		t->stop.stack_cursor = t->xmap_addr + t->xmap_len;
		return 0;
	}
	if (need <= LOADER_SCRATCH_SIZE / 2)
		return 0;
	rc = tracee_io(t)->sysnum_set(t, &t->stop.regs, arch_host_nr(SC_mmap));
	if (rc < 0)
		return rc;
	t->xmap_len = (need + 4095) & ~(size_t)4095;
	arch_set_arg(&t->stop.regs, 0, 0);
	arch_set_arg(&t->stop.regs, 1, t->xmap_len);
	arch_set_arg(&t->stop.regs, 2, PROT_READ | PROT_WRITE);
	arch_set_arg(&t->stop.regs, 3, MAP_PRIVATE | MAP_ANONYMOUS);
	arch_set_arg(&t->stop.regs, 4, (uint64_t)-1);
	arch_set_arg(&t->stop.regs, 5, 0);
	t->stop.regs_dirty = true;
	t->stop.exit_wanted = true;
	t->xmap = XM_MAPPING;
	return 1;
}

static int resume_or_kill(struct tracer *tr, struct tracee *t)
{
	t->stop.regs_dirty = true;
	if (tracee_regs_flush(t) < 0) {
		kill(t->pid, SIGKILL);
		return 0;
	}
	return tracer_resume(tr, t, 0);
}

/* At a syscall entry of a thread whose memory holds what an exec of a
 * process sharing it mapped: a munmap of the last of them replaces the
 * call, which runs again after it. */
static bool orphan_unmap_start(struct tracer *tr, struct tracee *t)
{
	int sc = arch_sc_from_nr(arch_sysnum(&t->stop.regs));

	/* Before Linux 4.8 the seccomp stop came first and may have
	 * translated this call already: take another one. */
	if (tr->use_seccomp && tr->order == ORDER_SECCOMP_THEN_ENTRY && sc != SC_NONE &&
	    syscall_traced(tr, sc))
		return false;
	t->xmap_saved = talloc(t, struct arch_regs);
	if (!t->xmap_saved)
		return false;
	*t->xmap_saved = t->stop.regs;
	if (tracee_io(t)->sysnum_set(t, &t->stop.regs, arch_host_nr(SC_munmap)) < 0) {
		TALLOC_FREE(t->xmap_saved);
		return false;
	}
	arch_set_arg(&t->stop.regs, 0, t->xmap_orphans[2 * (t->nxmap_orphans - 1)]);
	arch_set_arg(&t->stop.regs, 1, t->xmap_orphans[2 * (t->nxmap_orphans - 1) + 1]);
	t->stop.in_syscall = true;
	t->xmap = XM_ORPHAN_UNMAPPING;
	resume_or_kill(tr, t);
	return true;
}

void exec_map_after_exec(struct tracer *tr, struct tracee *t)
{
	struct tracee *sharer = t->xmap == XM_READY && t->vm_sharer
		? tracee_find(tr, t->vm_sharer) : NULL;

	if (sharer && (sharer->xmap == XM_NONE || sharer->xmap == XM_ORPHANS)) {
		uint64_t *o = talloc_realloc(sharer, sharer->xmap_orphans, uint64_t,
					     2 * (sharer->nxmap_orphans + 1));

		if (o) {
			o[2 * sharer->nxmap_orphans] = t->xmap_addr;
			o[2 * sharer->nxmap_orphans + 1] = t->xmap_len;
			sharer->xmap_orphans = o;
			sharer->nxmap_orphans++;
			/* It may be anywhere, even asleep in a wait: the
			 * interrupt's stop resumes it to its next syscall
			 * entry (tracer_resume). */
			if (sharer->xmap == XM_NONE &&
			    ptrace(PTRACE_INTERRUPT, sharer->pid, NULL, NULL) == 0)
				sharer->xmap = XM_ORPHANS;
			else if (sharer->xmap == XM_NONE)
				sharer->nxmap_orphans--;
		}
	}
	/* A new memory of its own. */
	t->xmap = XM_NONE;
	t->vm_sharer = 0;
	TALLOC_FREE(t->xmap_saved);
	TALLOC_FREE(t->xmap_orphans);
	t->nxmap_orphans = 0;
}

bool exec_map_stop(struct tracer *tr, struct tracee *t)
{
	int64_t rc;

	if (tracee_regs_fetch(t) < 0)
		return false;
	if (vpt_stop_is_entry(tr, t, &t->stop.regs)) {
		if (t->xmap == XM_ORPHANS)
			return orphan_unmap_start(tr, t);
		if (t->xmap != XM_UNMAPPING)
			return false;
		/* The munmap's entry: on to its exit. */
		tracer_resume(tr, t, 0);
		return true;
	}
	switch (t->xmap) {
	case XM_ORPHAN_UNMAPPING:
		/* The munmap's exit: the call it replaced runs again. */
		t->stop.in_syscall = false;
		t->stop.regs = *t->xmap_saved;
		arch_setup_reexec(&t->stop.regs, arch_sysnum(t->xmap_saved));
		TALLOC_FREE(t->xmap_saved);
		if (--t->nxmap_orphans == 0)
			TALLOC_FREE(t->xmap_orphans);
		t->xmap = t->nxmap_orphans ? XM_ORPHANS : XM_NONE;
		resume_or_kill(tr, t);
		return true;
	case XM_MAPPING:
		/* The mmap's exit: the exec runs again, as the tracee made
		 * it; a failed mmap is the exec's ENOMEM. */
		t->stop.in_syscall = false;
		t->stop.exit_wanted = false;
		rc = arch_result(&t->stop.regs);
		if (rc < 0 && rc > -4096) {
			t->xmap = XM_NONE;
			tracer_resume(tr, t, 0);
			return true;
		}
		t->xmap_addr = (uint64_t)rc;
		t->xmap = XM_READY;
		/* The sharer is blocked in its vfork, or shares the memory
		 * still: not a thread that died, whose pid was reused. */
		if (t->vm_sharer && syscall(SYS_kcmp, t->pid, t->vm_sharer, KCMP_VM, 0, 0) != 0)
			t->vm_sharer = 0;
		t->stop.regs = t->stop.entry;
		arch_setup_reexec(&t->stop.regs, t->stop.nr);
		resume_or_kill(tr, t);
		return true;
	case XM_READY:
		if (t->stop.sc != SC_execve && t->stop.sc != SC_execveat)
			return false;
		/* The exec failed (it returns to the old image): its
		 * result, then a munmap in its place, then the result. */
		t->stop.in_syscall = false;
		if (t->stop.exit_wanted) {
			t->stop.exit_wanted = false;
			if (syscall_exit(t) < 0 || tracee_regs_fetch(t) < 0) {
				kill(t->pid, SIGKILL);
				return true;
			}
		}
		t->xmap_saved = talloc(t, struct arch_regs);
		if (!t->xmap_saved) {
			kill(t->pid, SIGKILL);
			return true;
		}
		*t->xmap_saved = t->stop.regs;
		arch_setup_reexec(&t->stop.regs, arch_host_nr(SC_munmap));
		arch_set_arg(&t->stop.regs, 0, t->xmap_addr);
		arch_set_arg(&t->stop.regs, 1, t->xmap_len);
		t->xmap = XM_UNMAPPING;
		t->stop.exit_wanted = true;
		resume_or_kill(tr, t);
		return true;
	case XM_UNMAPPING:
		t->stop.in_syscall = false;
		t->stop.exit_wanted = false;
		t->stop.regs = *t->xmap_saved;
		TALLOC_FREE(t->xmap_saved);
		t->xmap = XM_NONE;
		resume_or_kill(tr, t);
		return true;
	default:
		return false;
	}
}

int exec_set_qemu(struct tracer *tr, const char *host, char *const *opts, size_t nopts)
{
	struct qemu_cmd *q = talloc_zero(tr, struct qemu_cmd);

	if (!q)
		return -ENOMEM;
	q->host = talloc_strdup(q, host);
	q->words = talloc_zero_array(q, char *, nopts + 2);
	if (!q->host || !q->words)
		goto nomem;
	/* qemu's argv[0] is its host path, as PRoot gives it. */
	q->words[0] = q->host;
	for (size_t i = 0; i < nopts; i++)
		if (!(q->words[i + 1] = talloc_strdup(q->words, opts[i])))
			goto nomem;
	q->nwords = nopts + 1;
	tr->qemu = q;
	return 0;
nomem:
	talloc_free(q);
	return -ENOMEM;
}

/* -q: an ELF the loader cannot run (it takes only ELFCLASS64 of the
 * host's machine, and the filter refuses other ABIs: i386 and x32 on
 * x86_64 too), which qemu runs. */
static bool elf_is_foreign(const char *head, size_t len)
{
	uint16_t machine;

	if (len < sizeof(Elf32_Ehdr) || memcmp(head, ELFMAG, SELFMAG) != 0)
		return false;
	/* At the same place in both classes. */
	memcpy(&machine, head + offsetof(Elf32_Ehdr, e_machine), sizeof(machine));
	return head[EI_CLASS] != ELFCLASS64 || machine != arch_elf_machine;
}

/* The dynamic linker's variables that qemu passes to the guest (-E) and
 * that must not apply to qemu itself, PRoot's list. */
static bool is_ldso_variable(const char *env)
{
	static const char *const names[] = {
		"LD_LIBRARY_PATH", "LD_PRELOAD", "LD_BIND_NOW", "LD_TRACE_LOADED_OBJECTS",
		"LD_AOUT_LIBRARY_PATH", "LD_AOUT_PRELOAD", "LD_AUDIT", "LD_BIND_NOT",
		"LD_DEBUG", "LD_DEBUG_OUTPUT", "LD_DYNAMIC_WEAK", "LD_HWCAP_MASK",
		"LD_KEEPDIR", "LD_NOWARN", "LD_ORIGIN_PATH", "LD_POINTER_GUARD",
		"LD_PROFILE", "LD_PROFILE_OUTPUT", "LD_SHOW_AUXV", "LD_USE_LOAD_BIAS",
		"LD_VERBOSE", "LD_WARN",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t n = strlen(names[i]);

		if (strncmp(env, names[i], n) == 0 && env[n] == '=')
			return true;
	}
	return false;
}

/* -q: exec qemu instead of the foreign program prog (as qemu is to open
 * it), with PRoot's argv: COMMAND's words, "-E LD_X=..." for each of the
 * dynamic linker's variables (which leave qemu's own environment), or
 * "-U LD_LIBRARY_PATH" when it is not set, "-0 ARGV0", prog, and the
 * arguments after argv[0].  front holds what the scripts put before
 * them (nfront 0: the tracee's argv[0]).  qemu is a host program:
 * burrow's loader maps it from its host path, and everything qemu
 * opens is translated like any guest's access.  *exec_path: what the
 * tracee is to exec. */
static int qemu_wrap(struct tracee *t, const struct exec_target *x, const char *prog,
		     const char *const *front, size_t nfront, unsigned argv_arg,
		     const char **exec_path)
{
	const struct qemu_cmd *q = t->tracer->qemu;
	struct exec_pending *p;
	uint64_t *argv, *envv, *newv, *newenv, addr;
	size_t argc, envc, n = 0, nenv = 0, nld = 0, newc, need;
	bool library_path = false, *ld;
	int rc;

	rc = read_argv(t, arch_arg(&t->stop.regs, argv_arg), &argv, &argc);
	if (rc == 0)
		rc = read_argv(t, arch_arg(&t->stop.regs, argv_arg + 1), &envv, &envc);
	if (rc < 0)
		return rc;
	ld = talloc_array(t->stop.scratch, bool, envc + 1);
	if (!ld)
		return -ENOMEM;
	for (size_t i = 0; i < envc; i++) {
		char *env;

		/* MAX_ARG_STRLEN */
		rc = mem_read_string(t, t->stop.scratch, envv[i], 32 * 4096, &env);
		if (rc < 0)
			return rc == -ENAMETOOLONG ? -E2BIG : rc;
		ld[i] = is_ldso_variable(env);
		nld += ld[i];
		library_path |= strncmp(env, "LD_LIBRARY_PATH=", 16) == 0;
		talloc_free(env);
	}
	/* What is pushed below, at most. */
	newc = q->nwords + 2 * nld + 2 + 3 + nfront + argc + 1;
	need = push_size(newc * sizeof(*newv)) + (nld ? push_size((envc + 1) * sizeof(*newenv)) : 0) +
	       nld * push_size(sizeof("-E")) + push_size(sizeof("-U")) +
	       push_size(sizeof("LD_LIBRARY_PATH")) + push_size(sizeof("-0")) +
	       push_size(1) + push_size(strlen(prog) + 1) +
	       push_size(strlen(t->tracer->loader_path ? t->tracer->loader_path : q->host) + 1);
	for (size_t i = 0; i < q->nwords; i++)
		need += push_size(strlen(q->words[i]) + 1);
	for (size_t i = 0; i < nfront; i++)
		need += push_size(strlen(front[i]) + 1);
	rc = exec_room(t, need);
	if (rc != 0)
		return rc;
	newv = talloc_array(t->stop.scratch, uint64_t, newc);
	newenv = talloc_array(t->stop.scratch, uint64_t, envc + 1);
	if (!newv || !newenv)
		return -ENOMEM;
	for (size_t i = 0; i < q->nwords; i++)
		if ((rc = mem_push_str(t, q->words[i], &newv[n++])) < 0)
			return rc;
	for (size_t i = 0; i < envc; i++) {
		if (!ld[i]) {
			newenv[nenv++] = envv[i];
			continue;
		}
		if ((rc = mem_push_str(t, "-E", &newv[n++])) < 0)
			return rc;
		newv[n++] = envv[i];
	}
	if (!library_path && ((rc = mem_push_str(t, "-U", &newv[n++])) < 0 ||
			      (rc = mem_push_str(t, "LD_LIBRARY_PATH", &newv[n++])) < 0))
		return rc;
	if ((rc = mem_push_str(t, "-0", &newv[n++])) < 0)
		return rc;
	if (nfront)
		rc = mem_push_str(t, front[0], &newv[n++]);
	else if (argc)
		newv[n++] = argv[0];
	else
		rc = mem_push_str(t, "", &newv[n++]);
	if (rc < 0 || (rc = mem_push_str(t, prog, &newv[n++])) < 0)
		return rc;
	for (size_t i = 1; i < nfront; i++)
		if ((rc = mem_push_str(t, front[i], &newv[n++])) < 0)
			return rc;
	for (size_t i = 1; i < argc; i++)
		newv[n++] = argv[i];
	newv[n++] = 0;
	if ((rc = mem_push(t, newv, n * sizeof(*newv), &addr)) < 0)
		return rc;
	arch_set_arg(&t->stop.regs, argv_arg, addr);
	if (nenv < envc) {
		newenv[nenv++] = 0;
		if ((rc = mem_push(t, newenv, nenv * sizeof(*newenv), &addr)) < 0)
			return rc;
		arch_set_arg(&t->stop.regs, argv_arg + 1, addr);
	}

	*exec_path = q->host;
	if (!t->tracer->loader_path)
		return 0;
	/* The loader maps qemu; /proc/PID/exe, AT_EXECFN and the task's
	 * name are the guest program's, as PRoot shows them. */
	talloc_free(t->loader.pending);
	p = t->loader.pending = talloc_zero(t, struct exec_pending);
	if (!p)
		return -ENOMEM;
	p->fd = -1;
	p->prog = talloc_strdup(p, q->host);
	p->exe = talloc_strdup(p, x->exe);
	p->execfn = talloc_strdup(p, x->execfn);
	p->comm = talloc_strdup(p, x->comm);
	if (!p->prog || !p->exe || !p->execfn || !p->comm)
		return -ENOMEM;
	*exec_path = t->tracer->loader_path;
	return 0;
}

/* The tracee execs exec_path (a host path) instead of what it named. */
static int exec_redirect(struct tracee *t, unsigned path_arg, bool at, const char *exec_path)
{
	uint64_t addr;
	int rc = mem_push_str(t, exec_path, &addr);

	if (rc < 0)
		return rc;
	arch_set_arg(&t->stop.regs, path_arg, addr);
	if (at) {
		arch_set_arg(&t->stop.regs, 0, (uint64_t)(int64_t)AT_FDCWD);
		arch_set_arg(&t->stop.regs, 4, 0);
	}
	t->stop.regs_dirty = true;
	return 0;
}

static int execve_enter(struct tracee *t)
{
	const struct sc_desc *d = &sc_desc[t->stop.sc];
	unsigned path_arg = d->path[0].arg;
	unsigned argv_arg = path_arg + 1;
	bool at = t->stop.sc == SC_execveat;
	int dirfd = at ? (int)arch_arg(&t->stop.regs, 0) : AT_FDCWD;
	unsigned long atflags = at ? arch_arg(&t->stop.regs, 4) : 0;
	/* What replaces argv[0] after the scripts are unwrapped. */
	const char *front[3 * SCRIPT_MAX_DEPTH + 3];
	size_t nfront = 0;
	struct exec_target x = { .fd = -1 };
	struct canon_result res;
	char *given, buf[HEAD_SIZE];
	uint64_t *argv, addr = 0, *newv;
	const char *exec_path, *filename;
	size_t argc, len = 0;
	AUTOCLOSE int fd = -1;
	int rc, depth;

	/* A guest tracer's tracee: the loader's end (vptrace.c). */
	if (t->vpt && vpt_loader_end(t))
		return 0;
	if (t->tracer->fake)
		memset(&t->cred.next_exec, 0, sizeof(t->cred.next_exec));
	/* Resolved, not written: what the tracee will exec is decided
	 * below, and written once. */
	rc = resolve_path_arg(t, 0, 0, &res, &given);
	if (rc < 0)
		return rc;
	if (!given)
		return 0;	/* the kernel's EFAULT */
	if (given[0] == '\0') {
		if (!(atflags & AT_EMPTY_PATH))
			return -ENOENT;
		rc = target_of_fd(t, dirfd, &x);
		if (rc < 0)
			return rc;
	} else if (rc > 0) {
		return 0;	/* relative to a removed cwd: the kernel's lookup */
	} else {
		/* AT_SYMLINK_NOFOLLOW on a symlink. */
		if (res.is_symlink)
			return -ELOOP;
		x.host = res.host;
		x.guest = res.guest;
		x.exe = tracee_guest_visible(t, t->stop.scratch, res.guest);
		x.execfn = given[0] != '/' && dirfd != AT_FDCWD
			? talloc_asprintf(t->stop.scratch, "/dev/fd/%d/%s", dirfd, given) : given;
		if (!x.exe || !x.execfn)
			return -ENOMEM;
		x.comm = base_name(t->stop.scratch, x.execfn);
	}

	/* Each script level turns argv into "interp [arg] filename" followed
	 * by argv[1..]: front holds what replaced the original argv[0]. */
	filename = x.execfn;
	for (depth = 0;; depth++) {
		struct shebang sb;
		const char *next[3 * SCRIPT_MAX_DEPTH + 3];
		size_t nn = 0;

		rc = check_executable(x.host);
		if (rc < 0)
			return rc;
		autoclose_fd(&fd);
		rc = read_head(x.host, buf, &len, &fd);
		if (rc < 0)
			return rc;
		rc = parse_shebang(t->stop.scratch, buf, len < SCRIPT_SCAN ? len : SCRIPT_SCAN, &sb);
		if (rc < 0)
			return rc;
		if (rc == 0)
			break;
		if (depth >= SCRIPT_MAX_DEPTH)
			return -ELOOP;
		next[nn++] = sb.interp;
		if (sb.arg)
			next[nn++] = sb.arg;
		next[nn++] = filename;
		/* front[0] is this level's argv[0], which the kernel drops. */
		for (size_t i = 1; i < nfront; i++)
			next[nn++] = front[i];
		memcpy(front, next, nn * sizeof(*next));
		nfront = nn;
		filename = sb.interp;
		rc = tracee_lookup(t, AT_FDCWD, sb.interp, 0, &res);
		if (rc < 0)
			return rc;
		if (rc == 1 || !res.exists)
			return -ENOENT;
		/* Past a script the kernel runs the interpreter's file. */
		x.host = res.host;
		x.guest = res.guest;
		x.exe = tracee_guest_visible(t, t->stop.scratch, res.guest);
		x.fd = -1;
		if (!x.exe)
			return -ENOMEM;
	}

	/* Its faked set-id bits and file capabilities apply at the exec
	 * event. */
	if (t->tracer->fake)
		caps_exec_enter(t, x.host, x.guest);

	if (t->tracer->qemu && elf_is_foreign(buf, len)) {
		/* qemu opens the program by the name it was given; a
		 * descriptor's or a dirfd's by its guest path. */
		const char *prog = x.fd >= 0 || (dirfd != AT_FDCWD && given[0] != '/') ? x.exe : filename;

		rc = check_not_busy_fd(fd);
		if (rc == 0)
			rc = qemu_wrap(t, &x, prog, front, nfront, argv_arg, &exec_path);
		if (rc != 0)
			return rc < 0 ? rc : 0;	/* 1: memory is being mapped */
		return exec_redirect(t, path_arg, at, exec_path);
	}

	/* A guest ELF is never loaded by the kernel, which would take its
	 * PT_INTERP from the host: burrow's loader maps it instead. */
	exec_path = x.fd >= 0 ? NULL : x.host;
	if (t->tracer->loader_path && len >= 4 && memcmp(buf, ELFMAG, SELFMAG) == 0) {
		rc = check_not_busy_fd(fd);
		if (rc == 0)
			rc = prepare_loader(t, &x, fd, buf, len);
		if (rc < 0)
			return rc;
		if (rc > 0)
			exec_path = t->tracer->loader_path;
	}
	/* fexecve of what the loader does not take: the kernel's. */
	if (!exec_path)
		return 0;

	if (depth > 0) {
		/* execve(interp, front + argv[1..], envp) */
		size_t need;

		rc = read_argv(t, arch_arg(&t->stop.regs, argv_arg), &argv, &argc);
		if (rc < 0)
			return rc;
		need = push_size((nfront + argc + 1) * sizeof(*newv)) + push_size(strlen(exec_path) + 1);
		for (size_t i = 0; i < nfront; i++)
			need += push_size(strlen(front[i]) + 1);
		rc = exec_room(t, need);
		if (rc != 0)
			return rc < 0 ? rc : 0;	/* 1: memory is being mapped */
		newv = talloc_array(t->stop.scratch, uint64_t, nfront + argc + 1);
		if (!newv)
			return -ENOMEM;
		for (size_t i = 0; i < nfront; i++) {
			rc = mem_push_str(t, front[i], &newv[i]);
			if (rc < 0)
				return rc;
		}
		for (size_t i = 1; i <= argc; i++)
			newv[nfront + i - 1] = argv[i];
		if (argc == 0)
			newv[nfront] = 0;
		rc = mem_push(t, newv, (nfront + (argc ? argc : 1)) * sizeof(*newv), &addr);
		if (rc < 0)
			return rc;
		arch_set_arg(&t->stop.regs, argv_arg, addr);
	} else if (strcmp(exec_path, given) == 0) {
		return 0;	/* the kernel's own lookup finds the same file */
	}
	rc = mem_push_str(t, exec_path, &addr);
	if (rc < 0)
		return rc;
	arch_set_arg(&t->stop.regs, path_arg, addr);
	if (at) {
		arch_set_arg(&t->stop.regs, 0, (uint64_t)(int64_t)AT_FDCWD);
		arch_set_arg(&t->stop.regs, 4, 0);	/* a plain path now */
	}
	t->stop.regs_dirty = true;
	return 0;
}

int sys_execve_enter(struct tracee *t)
{
	int rc = execve_enter(t);

	/* Memory mapped for this exec: its exit stop unmaps it if the
	 * exec fails (exec_map_stop). */
	if (t->xmap == XM_READY)
		t->stop.exit_wanted = true;
	return rc;
}

/* The words of the block the kernel built at a new stack pointer
 * (argc, argv, NULL, envp, NULL, auxv), read a page at a time as far as
 * word i: the block may end close to the top of the stack. */
struct stack_words {
	uint64_t sp;
	uint64_t *w;
	size_t have;
};

static int stack_word(struct tracee *t, struct stack_words *s, size_t i, uint64_t *out)
{
	while (s->have <= i) {
		uint64_t addr = s->sp + s->have * 8;
		size_t page = (4096 - (addr & 4095)) / 8;
		/* Twice as much each time, to a page boundary, so that a large
		 * environment is not copied over and over; a read past the
		 * stack's end falls back to the rest of this page. */
		size_t n = page + (s->have & ~(size_t)511);
		uint64_t *w = talloc_realloc(t->stop.scratch, s->w, uint64_t, s->have + n);
		int rc;

		if (!w)
			return -ENOMEM;
		s->w = w;
		rc = mem_read(t, addr, w + s->have, n * 8);
		if (rc < 0 && n > page)
			rc = mem_read(t, addr, w + s->have, (n = page) * 8);
		if (rc < 0)
			return rc;
		s->have += n;
	}
	*out = s->w[i];
	return 0;
}

int exec_fix_auxv(struct tracee *t)
{
	const struct uts_fake *u = t->tracer->uts;
	struct stack_words s = { 0 };
	uint64_t argc, word, type;
	size_t i, first;
	bool changed = false, secure = false;
	int rc;

	/* Under -0/-i the faked ids change as the exec would change them,
	 * whatever happens to the auxv. */
	if (t->tracer->fake)
		secure = caps_exec(t);
	if (!u && !t->tracer->fake)
		return 0;
	rc = tracee_regs_fetch(t);
	if (rc < 0)
		return rc;
	s.sp = arch_sp(&t->stop.regs);
	if ((rc = stack_word(t, &s, 0, &argc)) < 0)
		return rc;
	i = 1 + argc + 1;
	do {
		if ((rc = stack_word(t, &s, i++, &word)) < 0)
			return rc;
	} while (word);
	first = i;
	for (;; i += 2) {
		if ((rc = stack_word(t, &s, i, &type)) < 0 ||
		    (rc = stack_word(t, &s, i + 1, &word)) < 0)
			return rc;
		if (type == AT_NULL)
			break;
		/* The vDSO would answer gettimeofday and friends without
		 * a syscall, and shows the real kernel's build: hidden, as
		 * PRoot does under -k. */
		if (u && (type == AT_SYSINFO_EHDR || type == AT_SYSINFO)) {
			s.w[i] = AT_IGNORE;
			s.w[i + 1] = 0;
			changed = true;
		} else if (u && type == AT_HWCAP && u->hwcap_set) {
			s.w[i + 1] = u->hwcap;
			changed = true;
		}
	}
	if (t->tracer->fake && caps_fix_auxv(t, s.w + first, (i - first) / 2, secure))
		changed = true;
	if (!changed)
		return 0;
	return mem_write(t, s.sp + first * 8, s.w + first, (i - first) * 8);
}
