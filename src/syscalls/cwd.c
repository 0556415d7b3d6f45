/* The working directory and root: getcwd, chdir, fchdir, chroot.
 * burrow keeps each tracee's guest cwd (shared under CLONE_FS), so
 * getcwd is answered without entering the kernel. */
#include <errno.h>
#include <string.h>

#include "syscalls/syscalls.h"
#include "tracee/tracee.h"

/* The cwd as the tracee names it: without the prefix of a guest chroot,
 * and marked "(unreachable)" outside it, as the kernel's getcwd does. */
static const char *visible_cwd(TALLOC_CTX *mem, const struct fs_info *fs)
{
	if (strcmp(fs->root, "/") == 0 || path_has_prefix(fs->cwd, fs->root))
		return path_seen_from(fs->root, fs->cwd);
	return talloc_asprintf(mem, "(unreachable)%s", fs->cwd);
}

int sys_getcwd_enter(struct tracee *t)
{
	uint64_t buf = arch_arg(&t->stop.regs, 0);
	uint64_t size = arch_arg(&t->stop.regs, 1);
	const char *cwd;
	size_t len;
	int rc;

	rc = tracee_cwd_refresh(t, &cwd);
	if (rc < 0)
		return rc == -ESTALE ? -ENOENT : rc;
	cwd = visible_cwd(t->stop.scratch, t->fs);
	if (!cwd)
		return -ENOMEM;
	len = strlen(cwd) + 1;
	if (size < len)
		return -ERANGE;
	rc = mem_write(t, buf, cwd, len);
	if (rc < 0)
		return rc;
	return syscall_emulate(t, (int64_t)len);
}

/* A canonical directory path: no trailing slash but for "/". */
static char *dir_path(TALLOC_CTX *mem, const char *guest)
{
	char *p = talloc_strdup(mem, guest);
	size_t n = p ? strlen(p) : 0;

	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	return p;
}

int sys_chdir_enter(struct tracee *t)
{
	struct canon_result res;
	int rc = translate_path_arg(t, 0, &res);

	if (rc != 0)
		return rc < 0 ? rc : 0;
	t->stop.exit_data = dir_path(t->stop.scratch, res.guest);
	return t->stop.exit_data ? 0 : -ENOMEM;
}

int sys_fchdir_enter(struct tracee *t)
{
	char *guest;
	int rc = tracee_fd_guest_path(t, t->stop.scratch, (int)arch_arg(&t->stop.regs, 0), &guest);

	/* Let the kernel report a bad descriptor or a non-directory. */
	if (rc < 0)
		return 0;
	t->stop.exit_data = guest;
	return 0;
}

/* The guest path as the tracee named it, and the kernel's name for the
 * same directory, to notice later when it moves. */
int sys_chdir_exit(struct tracee *t)
{
	char *link, *host = NULL;

	if (arch_result(&t->stop.regs) != 0 || !t->stop.exit_data)
		return 0;
	link = talloc_asprintf(t->stop.scratch, "/proc/%d/cwd", (int)t->pid);
	if (!link || host_readlink(t->stop.scratch, link, &host) < 0)
		host = NULL;
	fs_info_set_cwd(t->fs, tracee_binds(t), t->stop.exit_data, host);
	return 0;
}

/* chroot() cannot be done for real without privileges; inside the guest
 * it only changes what "/" means for this tracee's lookups. */
int sys_chroot_enter(struct tracee *t)
{
	struct canon_result res;
	struct stat st;
	int rc = translate_path_arg(t, 0, &res);

	if (rc != 0)
		return rc < 0 ? rc : -ENOENT;
	if (lstat(res.host, &st) < 0)
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	/* After the lookup's errors, as the kernel checks. */
	rc = caps_may_chroot(t);
	if (rc < 0)
		return rc;
	rc = fs_info_set_root(t->fs, tracee_binds(t), dir_path(t->stop.scratch, res.guest));
	if (rc < 0)
		return rc;
	return syscall_emulate(t, 0);
}
