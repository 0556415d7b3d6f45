/* execve and execveat in the in-guest engine (HACKING.md "The in-guest
 * engine", exec): the program is looked up in the guest, with the
 * kernel's checks and errors (ENOENT, EACCES, ENOEXEC, ELOOP); a "#!"
 * script's interpreter in turn, with argv rewritten as the kernel's
 * load_script does; an ELF's PT_INTERP.  Then the loader and the run's
 * blob (filter, bind table, loader) go from the runtime's own mapping
 * into a memfd, which is execveat'd with the load script as leading
 * argument strings: no fd or file of burrow's is needed.  E2BIG and
 * EFAULT of argv and envp are the kernel's own, from that call.  A
 * failed exec closes the memfd and returns to the caller. */
#include <asm/unistd.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/mman.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include "arch/rt-arch.h"
#include "exe.h"
#include "loader/script.h"
#include "path/bind.h"
#include "trap-int.h"
#include "trap.h"

#ifndef MFD_ALLOW_SEALING
#define MFD_ALLOW_SEALING 0x0002U
#endif
#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U		/* Linux 6.3 */
#endif
#ifndef MFD_NOEXEC_SEAL
#define MFD_NOEXEC_SEAL 0x0008U		/* Linux 6.3 */
#endif
#ifndef F_ADD_SEALS
#define F_ADD_SEALS 1033
#endif
#define RT_SEALS 0xf			/* seal, shrink, grow, write */

#define EXEC_PAGE 4096UL
#define EXEC_BUF 256			/* the kernel's BINPRM_BUF_SIZE */
#define EXEC_DEPTH 5			/* interpreters the kernel follows */
#define EXEC_PRE (2 * EXEC_DEPTH + 1)	/* strings before the guest's argv[1] */
#define EXEC_MAX_ARGS (1L << 20)	/* more cannot fit the kernel's limit */
#define EXEC_ARENA_ARGV (128 * 1024)	/* an argv block the call's arena takes */
#define EXEC_ARENA_SPARE (64 * 1024)	/* what the call needs of it after that */

struct exec_plan {
	const char *filename;		/* bprm->filename: AT_EXECFN, comm */
	const char *name;		/* the file's name for comm, or NULL */
	long fd;			/* execveat(fd, ""): fd, else -1 */
	const char *prog, *interp;	/* host paths for the loader */
	const char *exe;		/* prog's guest path: /proc/PID/exe */
	const char *host_fd;		/* /proc/self/fd/N of fd */
	const char *pre[EXEC_PRE];	/* argv's start, replacing argv[0] */
	int npre, keep0;		/* keep0: the guest's argv[0] stays */
};

/* The guest path (a string in the runtime's memory) to its host path. */
static int lookup(struct rt *rt, TALLOC_CTX *mem, long dirfd, const char *path, unsigned flags,
		  struct canon_result *res)
{
	char *base = NULL;
	int rc;

	if (!path[0])
		return -ENOENT;
	if (path[0] != '/' && (rc = rt_base_of(rt, mem, (int)dirfd, &base)) < 0)
		return rc;
	rc = canon_resolve(mem, rt->binds, &rt->fs, rt_root(rt), base, path, flags, res);
	return rc > 0 ? -ENOENT : rc;
}

/* The kernel's open_exec: a regular file we may execute, opened to be
 * read (the loader reads it too); the fd or -errno. */
static long open_exec(const char *host, int nofollow)
{
	struct stat st;
	long fd, r = rt_syscall(__NR_newfstatat, AT_FDCWD, (long)host, (long)&st,
				nofollow ? AT_SYMLINK_NOFOLLOW : 0, 0, 0);

	if (r < 0)
		return r;
	if (S_ISLNK(st.st_mode))
		return -ELOOP;
	if (!S_ISREG(st.st_mode))
		return -EACCES;
	r = rt_syscall(__NR_faccessat, AT_FDCWD, (long)host, X_OK, 0, 0, 0);
	if (r < 0)
		return r;
	fd = rt_syscall(__NR_openat, AT_FDCWD, (long)host, O_RDONLY | O_CLOEXEC, 0, 0, 0);
	if (fd < 0)
		return fd;
	/* ETXTBSY: the memfd runs, so the kernel's deny_write_access never
	 * sees this file.  Asked of the kernel itself: execveat opens the
	 * file (ETXTBSY while it is open for writing) before it reads argv,
	 * which here faults, so it never runs. */
	if (rt_syscall(__NR_execveat, fd, (long)"", -4096L, 0, AT_EMPTY_PATH, 0) == -ETXTBSY) {
		rt_syscall(__NR_close, fd, 0, 0, 0, 0, 0);
		return -ETXTBSY;
	}
	return fd;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* A "#!" line in buf (EXEC_BUF bytes, n read, zeros after them), as
 * load_script reads it: 1 with *name and *arg (NULL for none) on mem,
 * 0 when it is no script, -ENOEXEC. */
static int shebang(TALLOC_CTX *mem, const char *buf, long n, char **name, char **arg)
{
	/* The kernel's last byte is its terminator: a line without a
	 * newline ends before it. */
	const char *const end = buf + EXEC_BUF - 1;
	char *line, *p;
	long len = 2;

	if (n < 2 || buf[0] != '#' || buf[1] != '!')
		return 0;
	while (len < EXEC_BUF && buf[len] != '\n')
		len++;
	if (len == EXEC_BUF) {
		/* Its name must end inside the buffer. */
		const char *c = buf + 2;

		while (c < end && is_blank(*c))
			c++;
		while (c < end && !is_blank(*c) && *c)
			c++;
		if (c == end)
			return -ENOEXEC;
		len = end - buf;
	}
	if (!(line = talloc_size(mem, (size_t)len)))
		return -ENOMEM;
	memcpy(line, buf + 2, (size_t)len - 2);
	line[len - 2] = '\0';
	p = line + strlen(line);
	while (p > line && is_blank(p[-1]))
		*--p = '\0';
	for (p = line; is_blank(*p); p++)
		;
	if (!*p)
		return -ENOEXEC;
	*name = p;
	while (*p && !is_blank(*p))
		p++;
	if (*p)
		*p++ = '\0';
	while (is_blank(*p))
		p++;
	*arg = *p ? p : NULL;
	return 1;
}

/* An ELF program the loader can map: 0 and its PT_INTERP's host path
 * in *interp (NULL for none), -ENOEXEC, or the interpreter's lookup
 * error. */
static int elf_interp(struct rt *rt, TALLOC_CTX *mem, long fd, const char *buf, long n, const char **interp)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)buf;
	struct canon_result res;
	Elf64_Phdr *phs;
	size_t size;

	*interp = NULL;
	if (n < (long)sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_machine != RT_ELF_MACHINE ||
	    (eh->e_type != ET_EXEC && eh->e_type != ET_DYN) ||
	    eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 || eh->e_phnum > 64)
		return -ENOEXEC;
	/* All the headers in one read: an exec's cost is mostly calls. */
	size = (size_t)eh->e_phnum * sizeof(*phs);
	if (!(phs = talloc_size(mem, size)))
		return -ENOMEM;
	if (rt_syscall(__NR_pread64, fd, (long)phs, (long)size, (long)eh->e_phoff, 0, 0) !=
	    (long)size)
		return -ENOEXEC;
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr ph = phs[i];
		char *path;
		long r;

		if (ph.p_type != PT_INTERP)
			continue;
		if (ph.p_filesz < 2 || ph.p_filesz > RT_PATH_MAX)
			return -ENOEXEC;
		if (!(path = talloc_size(mem, ph.p_filesz + 1)))
			return -ENOMEM;
		if (rt_syscall(__NR_pread64, fd, (long)path, (long)ph.p_filesz, (long)ph.p_offset,
			       0, 0) != (long)ph.p_filesz)
			return -ENOEXEC;
		path[ph.p_filesz] = '\0';
		if ((r = lookup(rt, mem, AT_FDCWD, path, 0, &res)) < 0)
			return (int)r;
		if ((r = open_exec(res.host, 0)) < 0)
			return (int)r;
		rt_syscall(__NR_close, r, 0, 0, 0, 0, 0);
		*interp = res.host;
	}
	return 0;
}

/* execveat(fd, ""): the file as /proc/self/fd/N into *host (a memfd,
 * a deleted file have no other path), its name for comm into *name,
 * the link's text in guest terms (what /proc/PID/exe shows) into *exe. */
static int fd_path(struct rt *rt, TALLOC_CTX *mem, long fd, char **host, const char **name,
		   const char **exe)
{
	char *buf = talloc_size(mem, RT_PATH_MAX), *proc;
	long n;

	if (fd < 0 || fd > 0x7fffffff)
		return -EBADF;
	if (!buf)
		return -ENOMEM;
	n = rt_fd_link(mem, (int)fd, buf, &proc);
	if (n < 0)
		return (int)(n == -ENOENT ? -EBADF : n);
	*exe = talloc_strdup(mem, buf);
	if (!*exe)
		return -ENOMEM;
	if (buf[0] == '/') {
		char *guest;
		int rc = bindings_to_guest(mem, rt->binds, buf, &guest);

		if (rc < 0 && rc != -EXDEV)
			return rc;
		if (rc == 0)
			*exe = guest;
	}
	/* The dentry's name, as the kernel's comm for an fd's exec. */
	if (n > 10 && !memcmp(buf + n - 10, " (deleted)", 10))
		buf[n - 10] = '\0';
	*name = buf;
	for (const char *c = buf; *c; c++)
		if (*c == '/')
			*name = c + 1;
	*host = proc;
	return 0;
}

/* What the kernel would run for (dirfd, upath, flags), into *p. */
static int plan_exec(struct rt *rt, TALLOC_CTX *mem, long dirfd, long upath, long flags, struct exec_plan *p)
{
	char *path, *host = NULL, *name = NULL, *arg = NULL;
	const char *cur, *guest = NULL;
	char buf[EXEC_BUF];
	struct canon_result res;
	int rc, depth;
	long fd, n;

	if ((rc = rt_copy_path(mem, upath, &path)) < 0)
		return rc;
	if (flags & ~(long)(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
		return -EINVAL;
	/* bprm->filename: the path, or /dev/fd/N[/path] for a dirfd. */
	if (dirfd == AT_FDCWD || path[0] == '/') {
		p->filename = path;
	} else {
		char dev[32] = "/dev/fd/", digits[12];
		size_t len = strlen(dev), d = 0;
		unsigned v = (unsigned)dirfd;

		do
			digits[d++] = (char)('0' + v % 10);
		while ((v /= 10) != 0);
		while (d)
			dev[len++] = digits[--d];
		dev[len] = '\0';
		p->filename = talloc_asprintf(mem, path[0] ? "%s/%s" : "%s", dev, path);
		if (!p->filename)
			return -ENOMEM;
	}
	if (!path[0] && (flags & AT_EMPTY_PATH)) {
		if ((rc = fd_path(rt, mem, dirfd, &host, &p->name, &guest)) < 0)
			return rc;
		p->fd = dirfd;
		p->host_fd = host;
	} else {
		rc = lookup(rt, mem, dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) ? CANON_NOFOLLOW : 0,
			    &res);
		if (rc < 0)
			return rc;
		host = res.host;
		guest = res.guest;
	}
	p->npre = 0;
	p->keep0 = 1;
	cur = p->filename;
	for (depth = 0;; depth++) {
		if (depth > EXEC_DEPTH)
			return -ELOOP;
		fd = open_exec(host, depth == 0 && (flags & AT_SYMLINK_NOFOLLOW));
		if (fd < 0)
			return (int)fd;
		memset(buf, 0, sizeof(buf));
		n = rt_syscall(__NR_pread64, fd, (long)buf, sizeof(buf), 0, 0, 0);
		rc = n < 0 ? (int)n : shebang(mem, buf, n, &name, &arg);
		if (rc == 0) {
			p->prog = host;
			p->exe = guest;
			rc = elf_interp(rt, mem, fd, buf, n, &p->interp);
		}
		rt_syscall(__NR_close, fd, 0, 0, 0, 0, 0);
		if (rc <= 0)
			return rc;
		/* load_script: argv[0] goes, then the interpreter's name,
		 * its argument and the script's name come first. */
		if (p->npre)
			memmove(p->pre, p->pre + 1, (size_t)--p->npre * sizeof(p->pre[0]));
		else
			p->keep0 = 0;
		memmove(p->pre + 2 + !!arg, p->pre, (size_t)p->npre * sizeof(p->pre[0]));
		p->pre[0] = name;
		if (arg)
			p->pre[1] = arg;
		p->pre[1 + !!arg] = cur;
		p->npre += 2 + !!arg;
		cur = name;
		if ((rc = lookup(rt, mem, AT_FDCWD, name, 0, &res)) < 0)
			return rc;
		host = res.host;
		guest = res.guest;
	}
}

long rt_write_at(long fd, const void *src, uint64_t n, uint64_t off)
{
	while (n) {
		long r = rt_syscall(__NR_pwrite64, fd, (long)src, (long)n, (long)off, 0, 0);

		if (r == -EINTR)
			continue;
		if (r <= 0)
			return r < 0 ? r : -EIO;
		src = (const char *)src + r;
		n -= (uint64_t)r;
		off += (uint64_t)r;
	}
	return 0;
}

/* A memfd that may be run: MFD_EXEC from Linux 6.3 (before, every
 * memfd may be).  A name the kernel refuses gets a plain one, and
 * /proc/PID/exe then reads as the kernel's.  With noexec, one that
 * holds the blob only, for the loader's file to map. */
static long exec_memfd(const char *name, int noexec)
{
	long fd = rt_syscall(__NR_memfd_create, (long)name,
			     MFD_ALLOW_SEALING | (noexec ? MFD_NOEXEC_SEAL : MFD_EXEC), 0, 0, 0, 0);

	if (fd == -EINVAL)
		fd = rt_syscall(__NR_memfd_create, (long)name, MFD_ALLOW_SEALING, 0, 0, 0, 0);
	if (fd == -EINVAL && strcmp(name, "burrow-exec") != 0)
		return exec_memfd("burrow-exec", noexec);
	return fd;
}

/* The blob's bytes [from, to) at off + from in fd. */
static long write_part(const struct rt *rt, long fd, uint64_t from, uint64_t to, uint64_t off)
{
	return to > from ? rt_write_at(fd, (const char *)rt->run + from, to - from, off + from) : 0;
}

/* The loader, then the run's blob at *off: a sealed memfd, not
 * close-on-exec (the loader maps the blob and closes it), named after
 * the program's guest path exe for /proc/PID/exe (exe.c), which goes
 * after the loader when too long for the name.  When no memfd may be
 * run (vm.memfd_noexec=2 refuses MFD_EXEC), one that may not, and
 * *file is set: the loader's file runs, as burrow's first exec did.
 * The blob's own copy of the loader is left a hole (loader_before):
 * what an exec writes is the loader and a few KiB, not twice the
 * loader, whose pages of the memfd each cost an allocation. */
static long run_memfd(const struct rt *rt, TALLOC_CTX *mem, const char *exe, uint64_t *off,
		      int *file)
{
	const struct rt_run_blob *blob = rt->run;
	const uint64_t at = blob->loader_size;
	int in_file;
	const char *name = rt_exe_name(mem, exe, at, &in_file);
	const uint64_t exe_size = in_file ? strlen(exe) + 1 : 0;
	const uint64_t hole = blob->loader_off, hole_end = hole + blob->loader_size;
	struct rt_run_blob head = *blob;
	long fd, r;

	if (!name)
		return -ENOMEM;
	fd = exec_memfd(name, 0);
	*file = fd == -EACCES && rt->loader_file;
	if (*file)
		fd = exec_memfd(name, 1);
	if (fd < 0)
		return fd;
	*off = (at + exe_size + EXEC_PAGE - 1) & ~(EXEC_PAGE - 1);
	head.loader_before = *off;
	if (rt->guest_filter)	/* the filter stays across the exec */
		head.flags |= RT_RUN_GUEST_FILTER;
	r = rt_write_at(fd, rt->loader, blob->loader_size, 0);
	if (r == 0 && exe_size)
		r = rt_write_at(fd, exe, exe_size, at);
	if (r == 0)
		r = rt_write_at(fd, &head, sizeof(head), *off);
	if (r == 0)
		r = write_part(rt, fd, sizeof(head), hole, *off);
	if (r == 0)
		r = write_part(rt, fd, hole_end > sizeof(head) ? hole_end : sizeof(head),
			       rt->run_size, *off);
	if (r == 0)
		r = rt_cwd_to_exec(rt, fd, *off);
	if (r == 0)
		r = rt_syscall(__NR_fcntl, fd, F_ADD_SEALS, RT_SEALS, 0, 0, 0);
	if (r < 0) {
		rt_syscall(__NR_close, fd, 0, 0, 0, 0, 0);
		return r;
	}
	return fd;
}

/* An argv block of size bytes: on the call's arena when it fits there
 * with room to spare (a new mapping would stay after a failed exec, and
 * a vfork child's exec would leave it to its parent: /proc/self/maps
 * would change), else rt->exec_argv: the one of an earlier exec, or a
 * new one. */
static void *argv_block(struct rt *rt, TALLOC_CTX *mem, const struct rt_arena *ar,
			unsigned long size)
{
	long r;

	if (size <= EXEC_ARENA_ARGV ||
	    (ar && ar->a.used < ar->a.size && size + EXEC_ARENA_SPARE <= ar->a.size - ar->a.used))
		return talloc_size(mem, size);
	if (rt->exec_argv_size >= size)
		return rt->exec_argv;
	r = rt_syscall(__NR_mmap, 0, (long)size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (r < 0 && r > -4096)
		return NULL;
	if (rt->exec_argv)
		rt_syscall(__NR_munmap, (long)rt->exec_argv, (long)rt->exec_argv_size, 0, 0, 0, 0);
	rt->exec_argv = (void *)r;
	rt->exec_argv_size = size;
	return rt->exec_argv;
}

/* v (not negative) in decimal, in buf. */
static const char *dec(char *buf, long v)
{
	char tmp[24];
	int d = 0, i = 0;

	do
		tmp[d++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (d)
		buf[i++] = tmp[--d];
	buf[i] = '\0';
	return buf;
}

/* v in hex at *p, "-" first when negative; *p moves past it. */
static void put_hex(char **p, int64_t v, int sep)
{
	char digits[17];
	uint64_t u = v < 0 ? (uint64_t)-v : (uint64_t)v;
	int d = 0;

	if (v < 0)
		*(*p)++ = '-';
	do
		digits[d++] = "0123456789abcdef"[u & 15];
	while ((u >>= 4) != 0);
	while (d)
		*(*p)++ = digits[--d];
	*(*p)++ = sep ? ':' : '\0';
}

long rt_exec(struct rt *rt, TALLOC_CTX *mem, long nr, const long a[6])
{
	const int at = nr == __NR_execveat;
	const long dirfd = at ? a[0] : AT_FDCWD, uargv = at ? a[2] : a[1];
	const long uenvp = at ? a[3] : a[2], flags = at ? a[4] : 0;
	struct exec_plan p = { .fd = -1 };
	char nums[7 * 18 + 20], comm[16], digits[24], *q = nums;
	const char *base, **argv;
	long argc = 0, fd = -ENOMEM, r, prog_fd = -1;
	uint64_t off, size;
	int file = 0;
	struct rt_arena *ar = rt_arena_of(rt, mem);
	const size_t mark = ar ? ar->a.used : 0;
	int rc;

	if (!rt->run)
		return -ENOSYS;		/* trap-check: no loader to run */
	if ((rc = plan_exec(rt, mem, dirfd, at ? a[1] : a[0], flags, &p)) < 0)
		return rc;
	/* The guest's argv is read here; its strings are the kernel's to copy. */
	for (long ptr = 1; uargv && ptr; argc++) {
		if (argc >= EXEC_MAX_ARGS)
			return -E2BIG;
		if (rt_copy_in(&ptr, uargv + argc * 8, 8) < 0)
			return -EFAULT;
		if (!ptr)
			break;
	}
	size = (uint64_t)(LOAD_SCRIPT_ARGC + EXEC_PRE + argc + 2) * sizeof(*argv);
	size = (size + EXEC_PAGE - 1) & ~(EXEC_PAGE - 1);
	if (!(argv = argv_block(rt, mem, ar, size)))
		return -ENOMEM;
	if (argc && rt_copy_in(argv + LOAD_SCRIPT_ARGC + p.npre, uargv, (size_t)argc * 8) < 0)
		return -EFAULT;
	/* No argv: the kernel passes {""} (Linux 5.18). */
	if (!argc)
		argv[LOAD_SCRIPT_ARGC + p.npre + argc++] = "";
	/* Scripts: their strings in place of argv[0]. */
	if (!p.keep0) {
		memmove(argv + LOAD_SCRIPT_ARGC + p.npre, argv + LOAD_SCRIPT_ARGC + p.npre + 1,
			(size_t)(argc - 1) * 8);
		argc--;
	}
	memcpy(argv + LOAD_SCRIPT_ARGC, p.pre, (size_t)p.npre * sizeof(*argv));
	argv[LOAD_SCRIPT_ARGC + p.npre + argc] = NULL;
	/* The program is the guest's descriptor, which may be close-on-exec:
	 * a copy that is not, for the loader to open and close. */
	if (p.fd >= 0 && p.prog == p.host_fd) {
		prog_fd = rt_syscall(__NR_fcntl, p.fd, F_DUPFD, 3, 0, 0, 0);
		if (prog_fd < 0)
			return prog_fd;
		p.prog = talloc_asprintf(mem, "/proc/self/fd/%s", dec(digits, prog_fd));
	}
	if (!p.prog || (fd = run_memfd(rt, mem, p.exe, &off, &file)) < 0) {
		if (prog_fd >= 0)
			rt_syscall(__NR_close, prog_fd, 0, 0, 0, 0, 0);
		return fd;
	}
	put_hex(&q, LOAD_SCRIPT_GUEST | LOAD_SCRIPT_INHERITED |
		    (prog_fd >= 0 ? LOAD_SCRIPT_CLOSE_PROG : 0), 1);
	put_hex(&q, AT_FDCWD, 1);
	put_hex(&q, (int64_t)rt->base, 1);
	put_hex(&q, fd, 1);
	put_hex(&q, rt->tag, 1);
	put_hex(&q, (int64_t)off, prog_fd >= 0);
	if (prog_fd >= 0)
		put_hex(&q, prog_fd, 0);
	base = p.name ? p.name : p.filename;
	for (const char *c = base; *c; c++)
		if (*c == '/')
			base = c + 1;
	memset(comm, 0, sizeof(comm));
	memcpy(comm, base, strnlen(base, sizeof(comm) - 1));
	argv[0] = LOAD_SCRIPT_ARGV_MARK;
	argv[1] = nums;
	argv[2] = p.prog;
	argv[3] = p.interp ? p.interp : "";
	argv[4] = p.filename;
	argv[5] = comm;
	/* A vfork child's exec does not return to give back what this call
	 * took of the arena it shares with its parent: given back now (the
	 * strings stay as they are: no other thread takes the arena while
	 * this one holds it). */
	if (ar)
		ar->a.used = mark;
	if (file)
		r = rt_syscall(__NR_execveat, AT_FDCWD, (long)rt->loader_file, (long)argv, uenvp, 0,
			       0);
	else
		r = rt_syscall(__NR_execveat, fd, (long)"", (long)argv, uenvp, AT_EMPTY_PATH, 0);
	rt_syscall(__NR_close, fd, 0, 0, 0, 0, 0);
	if (prog_fd >= 0)
		rt_syscall(__NR_close, prog_fd, 0, 0, 0, 0, 0);
	return r;
}
