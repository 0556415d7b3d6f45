/* The in-guest engine's launch (HACKING.md "The in-guest engine",
 * "Shape"): no ptrace.  burrow describes the run once (the filter and
 * the bind table's image, in a sealed memfd), forks, and the child,
 * with NO_NEW_PRIVS set, execs the loader with the load script as its
 * leading argument strings.  The loader maps the runtime at RT_BASE,
 * starts it, maps the program and installs the filter as its last step.
 * burrow stays the parent and a subreaper: it waits for every
 * descendant and exits with the command's status.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/autoclose.h"
#include "common/escape.h"
#include "common/util.h"
#include "loader/script.h"
#include "path/bind.h"
#include "path/glue.h"
#include "path/hostfs.h"
#include "rt-syms.h"
#include "runtime/dirents.h"
#include "runtime/trap.h"
#include "syscalls/syscalls.h"
#include "tracee/tracee.h"
#include "tracer/launch.h"
#include "tracer/seccomp.h"
#include "tracer/signals.h"

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U	/* Linux 6.3 */
#endif

extern const unsigned char runtime_image[];
extern const size_t runtime_image_size;
extern const unsigned char loader_image[];
extern const size_t loader_image_size;

#define PAGE 4096UL
#define PAGE_UP(x) (((x) + PAGE - 1) & ~(PAGE - 1))

/* The runtime's image as the loader maps it: its span from 0 and the
 * segments.  -ENOEXEC when the embedded image is not what the build
 * made. */
static int rt_image_layout(const Elf64_Phdr **ph, unsigned *phnum, uint64_t *span)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)runtime_image;

	if (runtime_image_size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_phoff + (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > runtime_image_size)
		return -ENOEXEC;
	*ph = (const Elf64_Phdr *)(runtime_image + eh->e_phoff);
	*phnum = eh->e_phnum;
	*span = 0;
	for (unsigned i = 0; i < *phnum; i++)
		if ((*ph)[i].p_type == PT_LOAD && PAGE_UP((*ph)[i].p_vaddr + (*ph)[i].p_memsz) > *span)
			*span = PAGE_UP((*ph)[i].p_vaddr + (*ph)[i].p_memsz);
	return *span ? 0 : -ENOEXEC;
}

/* What the runtime translates, asked of the runtime itself: its image
 * mapped here for a moment and rt_known_calls and rt_signal_calls
 * called, so the filter follows whatever the runtime learns.  Up to max
 * numbers into nr (how many in *n) and up to wmax signal calls into w
 * (how many in *nw); 0 or -errno. */
static int rt_known(long *nr, size_t max, size_t *n, struct rt_trap_when *w, size_t wmax,
		    size_t *nw)
{
	const Elf64_Phdr *ph;
	unsigned phnum;
	uint64_t span;
	char *base;
	int rc = rt_image_layout(&ph, &phnum, &span);

	if (rc < 0)
		return rc;
	base = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		return -errno;
	for (unsigned i = 0; i < phnum; i++)
		if (ph[i].p_type == PT_LOAD)
			memcpy(base + ph[i].p_vaddr, runtime_image + ph[i].p_offset, ph[i].p_filesz);
	if (mprotect(base, span, PROT_READ | PROT_EXEC) < 0) {
		rc = -errno;
		munmap(base, span);
		return rc;
	}
	/* Its prototype (trap.h), so that a change to it fails to build. */
	*n = ((__typeof__(&rt_known_calls))(void *)(base + RT_IMAGE_KNOWN))(nr, max);
	*nw = ((__typeof__(&rt_signal_calls))(void *)(base + RT_IMAGE_SIGNALS))(w, wmax);
	munmap(base, span);
	return *n > max || *nw > wmax ? -E2BIG : 0;
}

static uint64_t random64(void)
{
	uint64_t r = 0;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r))
		r = (uint64_t)getpid() * 0x9e3779b97f4a7c15ULL ^ (uint64_t)(uintptr_t)&r;
	return r;
}

/* RT_BASE: in the arch's hole, aligned for 64 KiB pages, its low word
 * under 2^31 so that the runtime's text never crosses a 4 GiB line (the
 * filter compares the high word once). */
static int rt_base_pick(uint64_t span, uint64_t *base)
{
	uint64_t lo, hi, words;
	int rc = arch_rt_hole(&lo, &hi);

	if (rc < 0)
		return rc;
	words = (hi - lo) >> 32;
	if (!words || span >= (1ULL << 31))
		return -ENOMEM;
	*base = lo + ((random64() % words) << 32) +
		((random64() % ((1ULL << 31) - span)) & ~0xffffULL);
	return 0;
}

/* The phantoms as the runtime reads them (runtime/dirents.h), on mem:
 * *size 0 when there are none.  0 or -ENOMEM. */
static int phantoms_image(TALLOC_CTX *mem, const struct tracer *tr, void **out, size_t *size)
{
	size_t total = 0, at = 0;
	char *v;

	for (size_t i = 0; i < tr->nphantoms; i++)
		total += RT_PHANTOM_REC_SIZE(strlen(tr->phantoms[i].parent),
					     strlen(tr->phantoms[i].name));
	*size = total;
	*out = v = talloc_zero_size(mem, total ? total : 1);
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < tr->nphantoms; i++) {
		const struct phantom *p = &tr->phantoms[i];
		struct rt_phantom_rec r = { .ino = p->ino, .type = p->type };
		size_t plen = strlen(p->parent), nlen = strlen(p->name);
		char *host;
		struct stat st;

		if (bindings_to_host(mem, tr->binds, p->parent, &host) == 0 && stat(host, &st) == 0) {
			r.dir_dev = st.st_dev;
			r.dir_ino = st.st_ino;
		}
		/* Guest paths are under PATH_MAX, names under NAME_MAX. */
		r.parent_len = (uint16_t)plen;
		r.name_len = (uint16_t)nlen;
		memcpy(v + at, &r, sizeof(r));
		memcpy(v + at + sizeof(r), p->parent, plen);
		memcpy(v + at + sizeof(r) + plen, p->name, nlen);
		at += RT_PHANTOM_REC_SIZE(plen, nlen);
	}
	return 0;
}

/* The start's cwd as the runtime keeps it (runtime/cwd.c): "guest\0host\0",
 * the host path as the kernel's getcwd gives it; *size 0 when it has
 * none.  0 or -ENOMEM. */
static int start_cwd(TALLOC_CTX *mem, const struct launch *l, char **out, size_t *size)
{
	char *host = realpath(l->host_cwd, NULL);
	size_t glen = strlen(l->guest_cwd);

	*size = 0;
	*out = NULL;
	if (!host)
		return 0;
	*out = talloc_size(mem, glen + strlen(host) + 2);
	if (*out) {
		memcpy(*out, l->guest_cwd, glen + 1);
		memcpy(*out + glen + 1, host, strlen(host) + 1);
		*size = glen + strlen(host) + 2;
	}
	free(host);
	return *out ? 0 : -ENOMEM;
}

/* Where the runtime links the directories of socket names too long for
 * sun_path (runtime/socket.c): a name of its own under a short TMPDIR
 * or /tmp, made at need, into dir (RT_UN_DIR_MAX bytes); "" if none. */
static void un_dir_pick(char *dir)
{
	const char *tmp = getenv("TMPDIR");
	int n;

	if (!tmp || tmp[0] != '/' || strlen(tmp) > 20)
		tmp = "/tmp";
	n = snprintf(dir, RT_UN_DIR_MAX, "%s/burrow-un-%016llx", tmp,
		     (unsigned long long)random64());
	if (n < 0 || n >= RT_UN_DIR_MAX)
		dir[0] = '\0';
}

/* At the end of the run: un_dir's links and itself, if the runtime made
 * it (a directory of this user's). */
static void un_dir_remove(const char *dir)
{
	AUTOCLOSE int fd = -1;
	struct dirent *e;
	struct stat st;
	DIR *d;

	if (!dir[0] || (fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return;
	if (fstat(fd, &st) < 0 || st.st_uid != geteuid())
		return;
	d = fdopendir(dup(fd));
	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			unlinkat(fd, e->d_name, 0);
	if (d)
		closedir(d);
	rmdir(dir);
}

/* The run's sealed memfd: header, filter, bind table image, the
 * loader, which the runtime copies out at each exec (runtime/exec.c),
 * the phantoms, the loader's file when it is one, and the start's cwd. */
static int run_memfd(struct tracer *tr, const struct launch *l, const struct sock_fprog *f,
		     const char *un_dir)
{
	struct rt_run_blob h = { .magic = RT_RUN_MAGIC };
	void *image = NULL, *phantoms = NULL;
	char *cwd = NULL;
	size_t size, psize = 0, csize = 0;
	int fd, rc = bindings_to_image(tr, tr->binds, &image, &size);

	if (rc == 0)
		rc = phantoms_image(image, tr, &phantoms, &psize);
	if (rc == 0)
		rc = start_cwd(image, l, &cwd, &csize);
	if (rc < 0) {
		talloc_free(image);
		return rc;
	}
	h.filter_off = sizeof(h);
	h.filter_len = f->len;
	h.filter_flags = tr->spec_allow ? SECCOMP_FILTER_FLAG_SPEC_ALLOW : 0;
	h.image_off = (h.filter_off + f->len * sizeof(struct sock_filter) + 15) & ~15ULL;
	h.image_size = size;
	h.loader_off = (h.image_off + size + 15) & ~15ULL;
	h.loader_size = loader_image_size;
	h.phantom_off = (h.loader_off + loader_image_size + 15) & ~15ULL;
	h.phantom_size = psize;
	h.loader_file_off = (h.phantom_off + psize + 15) & ~15ULL;
	if (tr->loader_tmpfile)
		h.loader_file_size = strlen(tr->loader_tmpfile) + 1;
	/* Last: an exec puts its own in place (runtime/cwd.c). */
	h.cwd_off = (h.loader_file_off + h.loader_file_size + 15) & ~15ULL;
	h.cwd_size = csize;
	h.burrow_pid = (uint64_t)getpid();
	h.flags = (tr->no_name_shortcut ? RT_RUN_NO_NAME_SHORTCUT : 0) |
		  (tr->root_fd < 0 ? RT_RUN_NO_OPENAT2 : 0) |
		  (tr->site_rewrite ? RT_RUN_SITE_REWRITE : 0) |
		  (tr->copy_runtime ? RT_RUN_COPY_RUNTIME : 0);
	memcpy(h.un_dir, un_dir, RT_UN_DIR_MAX);
	fd = memfd_create("burrow-run", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return -errno;
	rc = write_all(fd, &h, sizeof(h));
	if (rc == 0)
		rc = write_all(fd, f->filter, f->len * sizeof(struct sock_filter));
	/* Each part at its offset; the gaps between them read as zeros. */
	if (rc == 0)
		rc = pwrite_all(fd, image, size, (off_t)h.image_off);
	if (rc == 0)
		rc = pwrite_all(fd, loader_image, loader_image_size, (off_t)h.loader_off);
	if (rc == 0 && psize)
		rc = pwrite_all(fd, phantoms, psize, (off_t)h.phantom_off);
	if (rc == 0 && csize)
		rc = pwrite_all(fd, cwd, csize, (off_t)h.cwd_off);
	if (rc == 0 && h.loader_file_size)
		rc = pwrite_all(fd, tr->loader_tmpfile, h.loader_file_size, (off_t)h.loader_file_off);
	/* Sealed: no guest can change what every process of the run maps. */
	if (rc == 0 && fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE |
			     F_SEAL_SEAL) < 0)
		rc = -errno;
	talloc_free(image);
	if (rc < 0) {
		close(fd);
		return rc;
	}
	return fd;
}

/* Whether a "#!" line names no interpreter: the kernel's ENOEXEC. */
static bool blank_shebang(int fd)
{
	char line[128];
	ssize_t n = pread(fd, line, sizeof(line), 0);

	for (ssize_t i = 2; i < n; i++) {
		if (line[i] == '\n' || line[i] == '\0')
			return true;
		if (line[i] != ' ' && line[i] != '\t')
			return false;
	}
	return n < (ssize_t)sizeof(line);
}

/* The host paths of the program and of its PT_INTERP, looked up in the
 * guest.  1 for a "#!" script, 2 for what the kernel refuses with
 * ENOEXEC (neither ELF nor a script naming an interpreter: execvp runs
 * it with /bin/sh), -ENOEXEC for an ELF program not for this machine. */
static int program_paths(struct tracer *tr, TALLOC_CTX *mem, const struct launch *l,
			 char **prog, char **interp, char **exe)
{
	struct canon_result res;
	struct fsops ops;
	AUTOCLOSE int fd = -1;
	struct stat st;
	Elf64_Ehdr eh;
	int rc;

	host_fsops(tr->binds, &ops);
	rc = canon_resolve(mem, tr->binds, &ops, "/", l->guest_cwd, l->path, 0, &res);
	if (rc == 1)
		rc = -ENOENT;
	if (rc < 0)
		return rc;
	*prog = res.host;
	*exe = res.guest;
	*interp = NULL;
	/* What the kernel's execve checks first (as the ptrace engine's
	 * exec gives it). */
	if (stat(res.host, &st) < 0)
		return -errno;
	if (S_ISDIR(st.st_mode) || !S_ISREG(st.st_mode) || access(res.host, X_OK) < 0)
		return -EACCES;
	fd = open(res.host, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* A script: the runtime's exec serves it, from the loader. */
	if (pread(fd, &eh, 2, 0) == 2 && !memcmp(&eh, "#!", 2))
		return blank_shebang(fd) ? 2 : 1;
	if (pread(fd, &eh, sizeof(eh), 0) != (ssize_t)sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG))
		return 2;
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_machine != arch_elf_machine || eh.e_phentsize != sizeof(Elf64_Phdr) ||
	    eh.e_phnum > 64)
		return -ENOEXEC;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;
		char *path;

		if (pread(fd, &ph, sizeof(ph), (off_t)(eh.e_phoff + i * sizeof(ph))) != (ssize_t)sizeof(ph))
			return -ENOEXEC;
		if (ph.p_type != PT_INTERP)
			continue;
		if (ph.p_filesz < 2 || ph.p_filesz > 4096)
			return -ENOEXEC;
		path = talloc_zero_size(mem, ph.p_filesz + 1);
		if (!path)
			return -ENOMEM;
		if (pread(fd, path, ph.p_filesz, (off_t)ph.p_offset) != (ssize_t)ph.p_filesz)
			return -ENOEXEC;
		rc = canon_resolve(mem, tr->binds, &ops, "/", "/", path, 0, &res);
		if (rc == 0 && !res.exists)
			rc = -ENOENT;
		if (rc < 0)
			return rc;
		*interp = res.host;
	}
	return 0;
}

/* In the child: the loader in a sealed memfd named after the
 * program's guest path exe (or, too long for a name, with exe after
 * the loader and its offset as the name), so that /proc/PID/exe tells
 * it (runtime/exe.c, as the runtime's exec names its own); -1 when it
 * cannot be made (no memfd that may be run), and the loader's file is
 * run instead. */
static int exe_memfd(const char *exe)
{
	const unsigned flags = MFD_CLOEXEC | MFD_ALLOW_SEALING;
	const bool in_file = strlen(RT_EXE_PREFIX) + strlen(exe) > RT_EXE_NAME_MAX;
	char *name;
	int fd, r;

	r = in_file ? asprintf(&name, "%s%zx", RT_EXE_AT, loader_image_size)
		    : asprintf(&name, "%s%s", RT_EXE_PREFIX, exe);
	if (r < 0)
		return -1;
	fd = memfd_create(name, flags | MFD_EXEC);
	if (fd < 0 && errno == EINVAL)
		fd = memfd_create(name, flags);
	free(name);
	if (fd >= 0 && (write_all(fd, loader_image, loader_image_size) < 0 ||
			(in_file && write_all(fd, exe, strlen(exe) + 1) < 0) ||
			fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE |
			      F_SEAL_SEAL) < 0)) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* In the child: the loader, with the load script as leading strings. */
static void child(struct tracer *tr, const struct launch *l, const char *prog,
		  const char *interp, const char *exe, uint64_t rt_base, int run_fd, bool script)
{
	extern char **environ;
	size_t n = 0;
	char **argv, *nums;
	const char *base = strrchr(l->path, '/');
	char comm[16];
	int fd, exe_fd;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		fprintf(stderr, "burrow: cannot set no_new_privs: %s\n", strerror(errno));
		_exit(126);
	}
	if (chdir(l->host_cwd) < 0) {
		fprintf(stderr, "burrow: -w %s: %s\n", esc(NULL, l->guest_cwd), strerror(errno));
		_exit(126);
	}
	/* The loader maps it and closes it: no descriptor of burrow's stays. */
	fd = fcntl(run_fd, F_DUPFD, 3);
	while (l->argv[n])
		n++;
	argv = calloc(n + LOAD_SCRIPT_ARGC + 1, sizeof(*argv));
	snprintf(comm, sizeof(comm), "%s", base ? base + 1 : l->path);
	if (fd < 0 || !argv ||
	    asprintf(&nums, "%llx:-%llx:%llx:%llx:%llx",
		     (unsigned long long)(LOAD_SCRIPT_GUEST | (script ? LOAD_SCRIPT_EXEC : 0)),
		     (unsigned long long)-(long long)AT_FDCWD, (unsigned long long)rt_base,
		     (unsigned long long)fd, (unsigned long long)tr->rt_tag) < 0) {
		fprintf(stderr, "burrow: cannot start the command: %s\n", strerror(errno));
		_exit(126);
	}
	argv[0] = LOAD_SCRIPT_ARGV_MARK;
	argv[1] = nums;
	argv[2] = (char *)prog;
	argv[3] = (char *)(interp ? interp : "");
	argv[4] = (char *)l->path;
	argv[5] = comm;
	memcpy(argv + LOAD_SCRIPT_ARGC, l->argv, n * sizeof(*argv));
	/* A script's loader execs it in turn, through the runtime. */
	exe_fd = script ? -1 : exe_memfd(exe);
	if (exe_fd >= 0)
		fexecve(exe_fd, argv, environ);
	execve(tr->loader_path, argv, environ);
	fprintf(stderr, "burrow: cannot run the loader: %s\n", strerror(errno));
	_exit(126);
}

/* burrow's descendants alive now, found in /proc by their parents:
 * a talloc array on mem and its length in *n.  0 or -errno. */
static int descendants(TALLOC_CTX *mem, pid_t **out, size_t *n)
{
	struct proc { pid_t pid, ppid; bool ours; } *all = NULL;
	size_t nall = 0, cap = 0;
	char buf[512], *p;
	struct dirent *e;
	DIR *d = opendir("/proc");
	bool more = true;

	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		long pid = strtol(e->d_name, &p, 10), ppid;

		if (*p || pid <= 0 || proc_read((pid_t)pid, "stat", buf, sizeof(buf)) < 0)
			continue;
		/* "pid (comm) state ppid": comm ends at the last ')'. */
		p = strrchr(buf, ')');
		if (!p || sscanf(p + 1, " %*c %ld", &ppid) != 1)
			continue;
		if (nall == cap) {
			cap = cap ? 2 * cap : 256;
			all = talloc_realloc(mem, all, struct proc, cap);
			if (!all) {
				closedir(d);
				return -ENOMEM;
			}
		}
		all[nall++] = (struct proc){ (pid_t)pid, (pid_t)ppid, ppid == getpid() };
	}
	closedir(d);
	while (more) {
		more = false;
		for (size_t i = 0; i < nall; i++)
			for (size_t j = 0; j < nall && !all[i].ours; j++)
				if (all[j].ours && all[j].pid == all[i].ppid)
					more = all[i].ours = true;
	}
	*out = talloc_array(mem, pid_t, nall + 1);
	if (!*out)
		return -ENOMEM;
	*n = 0;
	for (size_t i = 0; i < nall; i++)
		if (all[i].ours)
			(*out)[(*n)++] = all[i].pid;
	talloc_free(all);
	return 0;
}

/* Once the command is gone: under --kill-on-exit, kill what is left;
 * else say once what burrow waits for, as the ptrace engine does. */
static void after_command(struct tracer *tr, bool *told)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	pid_t *left = NULL;
	size_t n = 0;

	if (!mem || descendants(mem, &left, &n) < 0 || !n) {
		talloc_free(mem);
		return;
	}
	if (tr->kill_on_exit) {
		for (size_t i = 0; i < n; i++)
			kill(left[i], SIGKILL);
	} else if (!*told) {
		*told = true;
		fprintf(stderr, "burrow: the command exited; waiting for %zu process%s it left running:",
			n, n == 1 ? "" : "es");
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, " %d", (int)left[i]);
		fprintf(stderr, " (--kill-on-exit ends them)\n");
	}
	talloc_free(mem);
}

/* As execvp: what the kernel refuses with ENOEXEC is a script for the
 * guest's /bin/sh, argv[0] its path (launch.c does the same); *sh on
 * mem.  0 or -ENOMEM. */
static int through_sh(TALLOC_CTX *mem, const struct launch *l, struct launch *sh)
{
	size_t n = 0;
	char **argv;

	while (l->argv[n])
		n++;
	argv = talloc_zero_array(mem, char *, n + 2);
	if (!argv)
		return -ENOMEM;
	argv[0] = "/bin/sh";
	argv[1] = (char *)l->path;
	for (size_t i = 1; i < n; i++)
		argv[i + 1] = l->argv[i];
	*sh = *l;
	sh->path = "/bin/sh";
	sh->argv = argv;
	return 0;
}

int guest_launch(struct tracer *tr, const struct launch *l)
{
	struct launch sh;
	TALLOC_CTX *mem = talloc_new(tr);
	struct guest_filter g = { 0 };
	struct sock_fprog fprog = { 0 };
	const Elf64_Phdr *ph;
	unsigned phnum;
	uint64_t span, rt_base = 0;
	char *prog, *interp, *exe;
	long known[256];
	struct rt_trap_when sigs[24];
	size_t nknown = 0, nsigs = 0;
	int rc, status, run_fd = -1, watch_fd = -1;
	bool told = false, script;
	pid_t pid, main_pid;
	char un_dir[RT_UN_DIR_MAX] = "";

	if (!mem)
		return -ENOMEM;
	rc = program_paths(tr, mem, l, &prog, &interp, &exe);
	if (rc == 2 && (rc = through_sh(mem, l, &sh)) == 0) {
		rc = program_paths(tr, mem, &sh, &prog, &interp, &exe);
		if (rc < 0 || rc == 2) {
			/* No /bin/sh to run it: the kernel's error for the
			 * command, as the ptrace engine's launch gives it. */
			fprintf(stderr, "burrow: %s: %s\n", esc(mem, l->path), strerror(ENOEXEC));
			tr->main_done = true;
			tr->main_status = 126;
			rc = -ENOEXEC;
			goto out;
		}
		l = &sh;
	}
	script = rc == 1;
	if (script)
		rc = 0;
	if (rc == -ENOEXEC) {
		fprintf(stderr, "burrow: --engine=guest: %s: neither an ELF program for this"
			" machine nor a \"#!\" script\n", esc(mem, l->path));
		goto out;
	}
	if (rc < 0) {
		/* As a shell reports a command it cannot run. */
		fprintf(stderr, "burrow: %s: %s\n", esc(mem, l->path), strerror(-rc));
		tr->main_done = rc == -ENOENT || rc == -EACCES;
		tr->main_status = rc == -ENOENT ? 127 : 126;
		goto out;
	}
	rc = rt_image_layout(&ph, &phnum, &span);
	if (rc == 0)
		rc = rt_base_pick(span, &rt_base);
	if (rc == 0)
		rc = rt_known(known, sizeof(known) / sizeof(known[0]), &nknown, sigs,
			      sizeof(sigs) / sizeof(sigs[0]), &nsigs);
	if (rc < 0) {
		fprintf(stderr, "burrow: cannot set up the guest engine's runtime: %s\n",
			strerror(-rc));
		goto out;
	}
	tr->rt_tag = (uint16_t)(random64() | 1);
	g.text_lo = rt_base + RT_IMAGE_TEXT_LO;
	g.text_hi = g.text_lo + RT_IMAGE_TEXT_SIZE;
	g.tag = tr->rt_tag;
	g.known = known;
	g.nknown = nknown;
	g.sigs = sigs;
	g.nsigs = nsigs;
	g.phantoms = tr->nphantoms > 0;
	g.restricted = tr->restricted;
	g.self = (uint32_t)getpid();
	un_dir_pick(un_dir);
	rc = seccomp_build_guest(&g, mem, &fprog);
	if (rc == 0)
		rc = run_fd = run_memfd(tr, l, &fprog, un_dir);
	if (rc < 0) {
		fprintf(stderr, "burrow: cannot describe the run to the guest: %s\n", strerror(-rc));
		goto out;
	}
	if (tr->verbose >= 1)
		fprintf(stderr, "burrow: guest engine: runtime at %#llx, %zu calls translated,"
			" filter of %u instructions\n", (unsigned long long)rt_base, nknown,
			(unsigned)fprog.len);
	/* What PTRACE_O_EXITKILL gives the ptrace engine: nothing of the
	 * run outlives burrow (src/tracer/watch.c). */
	if ((rc = guest_watch_start(rt_base, &watch_fd)) < 0) {
		fprintf(stderr, "burrow: --engine=guest: cannot start the process that ends the run"
			" with burrow: %s\n", strerror(-rc));
		goto out;
	}
	/* Orphans come to burrow, which waits for them (Linux 3.4). */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0) {
		rc = -errno;
		fprintf(stderr, "burrow: --engine=guest: cannot become a subreaper: %s\n",
			strerror(errno));
		goto out;
	}
	main_pid = pid = fork();
	if (pid < 0) {
		rc = -errno;
		goto out;
	}
	if (pid == 0)
		child(tr, l, prog, interp, exe, rt_base, run_fd, script);
	close(run_fd);
	run_fd = -1;
	tr->main_pid = main_pid;
	if ((rc = signals_forward_to(main_pid)) < 0)
		goto out;
	/* Every descendant, as the ptrace engine waits for every tracee:
	 * orphans come to burrow. */
	for (;;) {
		pid = waitpid(-1, &status, 0);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid < 0)
			break;
		if (pid == main_pid) {
			tr->main_done = true;
			tr->main_status = WIFEXITED(status) ? WEXITSTATUS(status)
							    : 128 + WTERMSIG(status);
		}
		/* Killed ones' children come to burrow in turn: again. */
		if (tr->main_done && (tr->kill_on_exit || !told))
			after_command(tr, &told);
	}
	rc = errno == ECHILD ? 0 : -errno;
	/* No descendant is left: the watcher need not look. */
	if (rc == 0)
		guest_watch_done(watch_fd);
	un_dir_remove(un_dir);
out:
	if (run_fd >= 0)
		close(run_fd);
	talloc_free(mem);
	return rc;
}
