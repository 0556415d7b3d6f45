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
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "syscalls/syscalls.h"
#include "tracer/tracer.h"

/* The kernel reads this much of a file to recognise a script
 * (BINPRM_BUF_SIZE), and allows this many nested interpreters. */
#define SCRIPT_BUF 256
#define SCRIPT_MAX_DEPTH 4

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

static int read_head(const char *host, char *buf, size_t *len)
{
	int fd = open(host, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, SCRIPT_BUF);
	close(fd);
	if (n < 0)
		return -errno;
	*len = (size_t)n;
	return 0;
}

/* Read the tracee's argv pointers (without argv[0]'s successor limit:
 * the kernel's own E2BIG still applies when the call runs). */
static int read_argv(struct tracee *t, uint64_t argv, uint64_t **out, size_t *n)
{
	size_t cap = 64, count = 0;
	uint64_t *v = talloc_array(t->scratch, uint64_t, cap);

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
			v = talloc_realloc(t->scratch, v, uint64_t, cap);
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

static int push_string(struct tracee *t, const char *s, uint64_t *addr)
{
	return mem_push(t, s, strlen(s) + 1, addr);
}

/* The interpreter a guest ELF names, checked as the kernel's open_exec
 * would.  1 when the loader is to run it, 0 when the kernel should (not
 * a 64-bit ELF for this machine: the kernel gives ENOEXEC, or hands it
 * to binfmt_misc), -errno for the error execve must return. */
static int prepare_loader(struct tracee *t, const struct canon_result *prog, const char *given)
{
	struct exec_pending *p;
	struct canon_result ires;
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	const char *base;
	int fd, rc = 0;

	fd = open(prog->host, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (pread(fd, &eh, sizeof(eh), 0) != sizeof(eh) || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_machine != arch_elf_machine || (eh.e_type != ET_EXEC && eh.e_type != ET_DYN) ||
	    eh.e_phentsize != sizeof(ph)) {
		close(fd);
		return 0;
	}
	for (unsigned i = 0; i < eh.e_phnum && rc == 0; i++) {
		char *interp;

		if (pread(fd, &ph, sizeof(ph), (off_t)(eh.e_phoff + i * sizeof(ph))) != sizeof(ph)) {
			rc = -ENOEXEC;
			break;
		}
		if (ph.p_type != PT_INTERP)
			continue;
		if (ph.p_filesz < 2 || ph.p_filesz > PATH_MAX) {
			rc = -ENOEXEC;
			break;
		}
		interp = talloc_zero_size(t->scratch, ph.p_filesz + 1);
		if (!interp || pread(fd, interp, ph.p_filesz, (off_t)ph.p_offset) != (ssize_t)ph.p_filesz) {
			rc = interp ? -ENOEXEC : -ENOMEM;
			break;
		}
		/* The interpreter is looked up in the guest, from its root. */
		rc = tracee_canon(t, AT_FDCWD, interp, 0, &ires);
		if (rc == 0 && !ires.exists)
			rc = -ENOENT;
		if (rc == 0)
			rc = check_executable(ires.host);
	}
	close(fd);
	if (rc < 0)
		return rc;

	talloc_free(t->exec_pending);
	p = t->exec_pending = talloc_zero(t, struct exec_pending);
	if (!p)
		return -ENOMEM;
	base = strrchr(given, '/');
	p->prog = tracee_guest_visible(t, p, prog->guest);
	p->exe = talloc_strdup(p, p->prog);
	p->execfn = talloc_strdup(p, given);
	/* The kernel names the task after the file execve was given. */
	p->comm = talloc_strndup(p, base ? base + 1 : given, 15);
	if (!p->prog || !p->exe || !p->execfn || !p->comm)
		return -ENOMEM;
	return 1;
}

int sys_execve_enter(struct tracee *t)
{
	const struct sc_desc *d = &sc_desc[t->sc];
	unsigned path_arg = d->path[0].arg;
	unsigned argv_arg = path_arg + 1;
	/* Arguments the kernel puts in front of the original ones, outermost
	 * script last: interp, [arg], script, ... */
	const char *front[3 * SCRIPT_MAX_DEPTH + 3];
	size_t nfront = 0;
	struct canon_result res;
	char *given, buf[SCRIPT_BUF];
	uint64_t *argv, addr = 0, *newv;
	size_t argc, len = 0;
	int rc, depth;

	rc = translate_path_arg(t, 0, &res);
	if (rc != 0)
		return rc < 0 ? rc : 0;	/* fexecve (AT_EMPTY_PATH): the kernel's */
	rc = mem_read_string(t, t->scratch, arch_arg(&t->entry, path_arg), PATH_MAX, &given);
	if (rc < 0)
		return rc;

	/* Each script level turns argv into "interp [arg] filename" followed
	 * by argv[1..]: front holds what replaced the original argv[0]. */
	const char *filename = given;

	for (depth = 0;; depth++) {
		struct shebang sb;
		const char *next[3 * SCRIPT_MAX_DEPTH + 3];
		size_t nn = 0;

		rc = check_executable(res.host);
		if (rc < 0)
			return rc;
		rc = read_head(res.host, buf, &len);
		if (rc < 0)
			return rc;
		rc = parse_shebang(t->scratch, buf, len, &sb);
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
		rc = tracee_canon(t, AT_FDCWD, sb.interp, 0, &res);
		if (rc < 0)
			return rc;
		if (!res.exists)
			return -ENOENT;
	}
	/* A guest ELF is never loaded by the kernel, which would take its
	 * PT_INTERP from the host: burrow's loader maps it instead. */
	const char *exec_path = res.host;

	if (t->tracer->loader_path && len >= 4 && memcmp(buf, ELFMAG, SELFMAG) == 0) {
		rc = prepare_loader(t, &res, given);
		if (rc < 0)
			return rc;
		if (rc > 0)
			exec_path = t->tracer->loader_path;
	}
	if (depth == 0 && exec_path == res.host)
		return 0;	/* the translated path is enough */

	if (depth > 0) {
		/* execve(interp, front + argv[1..], envp) */
		rc = read_argv(t, arch_arg(&t->regs, argv_arg), &argv, &argc);
		if (rc < 0)
			return rc;
		newv = talloc_array(t->scratch, uint64_t, nfront + argc + 1);
		if (!newv)
			return -ENOMEM;
		for (size_t i = 0; i < nfront; i++) {
			rc = push_string(t, front[i], &newv[i]);
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
		arch_set_arg(&t->regs, argv_arg, addr);
	}
	rc = push_string(t, exec_path, &addr);
	if (rc < 0)
		return rc;
	arch_set_arg(&t->regs, path_arg, addr);
	if (t->sc == SC_execveat) {
		arch_set_arg(&t->regs, 0, (uint64_t)(int64_t)AT_FDCWD);
		arch_set_arg(&t->regs, 4, 0);	/* no AT_EMPTY_PATH for a path */
	}
	t->regs_dirty = true;
	return 0;
}
