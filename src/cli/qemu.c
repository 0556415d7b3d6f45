/* -q COMMAND.  qemu runs on the host's CPU but in the guest's view of
 * the files: it opens the guest program, its libraries and everything
 * the program names through burrow's translation like any tracee.  Only
 * its own image comes from the host, mapped by burrow's loader from its
 * host path, so it must need no dynamic linker: a dynamic one would look
 * for the host's libraries in the guest (see the README's "Differences
 * from PRoot").
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/qemu.h"
#include "common/autoclose.h"
#include "path/canon.h"
#include "syscalls/setup.h"
#include "tracee/tracee.h"

/* COMMAND's words, split at runs of spaces as PRoot splits them (no
 * quoting). */
static int split_words(struct qemu_cmd *q, const char *command)
{
	const char *p = command;

	for (;;) {
		size_t n;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		n = strcspn(p, " ");
		q->words = talloc_realloc(q, q->words, char *, q->nwords + 2);
		if (!q->words)
			return -ENOMEM;
		q->words[q->nwords] = talloc_strndup(q->words, p, n);
		if (!q->words[q->nwords])
			return -ENOMEM;
		q->words[++q->nwords] = NULL;
		p += n;
	}
	return q->nwords ? 0 : -EINVAL;
}

static bool is_program(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* name on the host, as execvp would find it; an absolute path or NULL. */
static char *host_which(TALLOC_CTX *mem, const char *name)
{
	const char *path = getenv("PATH");
	char *dirs, *dir, *save, *real, *found;

	if (strchr(name, '/')) {
		real = realpath(name, NULL);
		found = real && is_program(real) ? talloc_strdup(mem, real) : NULL;
		free(real);
		return found;
	}
	dirs = talloc_strdup(mem, path && *path ? path : "/usr/local/bin:/usr/bin:/bin");
	for (dir = dirs ? strtok_r(dirs, ":", &save) : NULL; dir; dir = strtok_r(NULL, ":", &save)) {
		char *cand = path_join(mem, dir, name);

		if (cand && is_program(cand)) {
			real = realpath(cand, NULL);
			found = real ? talloc_strdup(mem, real) : NULL;
			free(real);
			return found;
		}
	}
	return NULL;
}

/* 0 for a static ELF of this machine, else a reason. */
static const char *not_static(const char *host)
{
	AUTOCLOSE int fd = open(host, O_RDONLY | O_CLOEXEC);
	Elf64_Ehdr eh;
	Elf64_Phdr ph;

	if (fd < 0 || pread(fd, &eh, sizeof(eh), 0) != sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_machine != arch_elf_machine || eh.e_phentsize != sizeof(ph))
		return "not a program of this machine";
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		if (pread(fd, &ph, sizeof(ph), (off_t)(eh.e_phoff + i * sizeof(ph))) != sizeof(ph))
			return "not a program of this machine";
		if (ph.p_type == PT_INTERP)
			return "dynamically linked";
	}
	return NULL;
}

int qemu_setup(struct tracer *tr, const char *command)
{
	struct qemu_cmd *q = talloc_zero(NULL, struct qemu_cmd);
	const char *why;
	int rc;

	if (!q)
		return -ENOMEM;
	rc = split_words(q, command);
	if (rc < 0) {
		if (rc == -EINVAL)
			fprintf(stderr, "burrow: -q '%s': no command (expected a qemu-user program,"
				" for example -q qemu-aarch64-static)\n", command);
		goto out;
	}
	q->host = host_which(q, q->words[0]);
	if (!q->host) {
		fprintf(stderr, "burrow: -q %s: not found on the host (install qemu-user-static,"
			" or give its path)\n", q->words[0]);
		rc = -ENOENT;
		goto out;
	}
	why = not_static(q->host);
	if (why) {
		fprintf(stderr, "burrow: -q %s: %s (give a static qemu-user for %s, such as"
			" qemu-user-static's qemu-aarch64-static)\n", q->host, why, arch_name);
		rc = -ENOEXEC;
		goto out;
	}
	rc = exec_set_qemu(tr, q->host, q->words + 1, q->nwords - 1);
out:
	talloc_free(q);
	return rc;
}
