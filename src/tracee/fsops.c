/* The canonicaliser's view of the real filesystem, as one tracee sees it:
 * /proc/self names the tracee, not burrow, and /proc magic links read
 * back as guest paths. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/openat2.h>

#include "path/bind.h"
#include "path/hostfs.h"
#include "tracee/tracee.h"

static int real_lstat(void *opaque, const char *host, struct stat *st)
{
	(void)opaque;
	return lstat(host, st) < 0 ? -errno : 0;
}

/* The pid a /proc/N/... or /proc/N/task/M/... path names (M when given). */
static pid_t proc_link_pid(const char *host)
{
	const char *task = strstr(host, "/task/");
	long pid = strtol(host + 6, NULL, 10);

	if (task)
		pid = strtol(task + 6, NULL, 10);
	return (pid_t)pid;
}

static int real_readlink(void *opaque, TALLOC_CTX *mem, const char *host,
			 char **target, enum fs_link_kind *kind)
{
	struct tracee *t = opaque;
	const char *tail;
	char *raw;
	int rc;

	*kind = FS_LINK_PLAIN;
	if (strcmp(host, "/proc/self") == 0) {
		*target = talloc_asprintf(mem, "%d", (int)t->tgid);
		return *target ? 0 : -ENOMEM;
	}
	if (strcmp(host, "/proc/thread-self") == 0) {
		*target = talloc_asprintf(mem, "%d/task/%d", (int)t->tgid, (int)t->pid);
		return *target ? 0 : -ENOMEM;
	}
	rc = host_readlink(mem, host, &raw);
	if (rc < 0)
		return rc;
	tail = proc_magic_tail(host);
	if (!tail) {
		*target = raw;
		return 0;
	}
	if (strcmp(tail, "root") == 0) {
		*kind = FS_LINK_ROOT;
		*target = raw;
		return 0;
	}
	if (strcmp(tail, "exe") == 0) {
		/* The kernel's link names the loader: burrow knows the program. */
		struct tracee *owner = tracee_find(t->tracer, proc_link_pid(host));

		*kind = FS_LINK_GUEST;
		if (owner && owner->exe) {
			*target = talloc_strdup(mem, owner->exe);
			return *target ? 0 : -ENOMEM;
		}
	}
	if (strcmp(tail, "cwd") == 0 || strcmp(tail, "exe") == 0) {
		*kind = FS_LINK_GUEST;
		*target = tracee_host_to_guest(t, mem, raw);
		return *target ? 0 : -ENOMEM;
	}
	if (strncmp(tail, "fd/", 3) == 0 || strncmp(tail, "map_files/", 10) == 0) {
		/* The kernel reaches the object itself, deleted or not. */
		*kind = FS_LINK_MAGIC;
		*target = raw[0] == '/' ? tracee_host_to_guest(t, mem, raw) : raw;
		return *target ? 0 : -ENOMEM;
	}
	*target = raw;
	return 0;
}

static long openat2_plain(int dirfd, const char *rel, bool any_last)
{
	/* No symlink of any kind (magic links included), nothing above
	 * dirfd: what succeeds is a chain of plain directories (O_PATH
	 * opens the last, whatever it is, without touching it). */
	struct open_how how = {
		.flags = O_PATH | (any_last ? 0 : O_DIRECTORY) | O_CLOEXEC,
		.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH,
	};

	return syscall(__NR_openat2, dirfd, rel, &how, sizeof(how));
}

void tracer_open_root(struct tracer *tr, bool allowed)
{
	int fd;
	long probe;

	tr->root_fd = -1;
	if (!allowed)
		return;
	fd = open(bindings_rootfs(tr->binds), O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	/* openat2: Linux 5.6; ENOSYS before, EPERM under some container
	 * seccomp profiles. */
	probe = openat2_plain(fd, ".", false);
	if (probe < 0) {
		close(fd);
		return;
	}
	close((int)probe);
	tr->root_fd = fd;
}

void tracer_close_root(struct tracer *tr)
{
	if (tr->root_fd >= 0)
		close(tr->root_fd);
	tr->root_fd = -1;
}

/* Only below the rootfs: other bindings fall back to lstat (-EXDEV). */
static int real_plain_dirs(void *opaque, TALLOC_CTX *mem, const char *host_dir, const char *rel,
			   bool any_last)
{
	struct tracee *t = opaque;
	const char *rootfs = bindings_rootfs(tracee_binds(t));
	const char *below;
	char *name = NULL;
	long fd;

	if (!path_has_prefix(host_dir, rootfs))
		return -EXDEV;
	below = host_dir + strlen(rootfs);
	while (*below == '/')
		below++;
	if (*below) {
		name = path_join(mem, below, rel);
		if (!name)
			return -ENOMEM;
	}
	fd = openat2_plain(t->tracer->root_fd, name ? name : rel, any_last);
	talloc_free(name);
	if (fd < 0)
		return -errno;
	close((int)fd);
	return 0;
}

void ptrace_fsops(struct tracee *t, struct fsops *ops)
{
	ops->lstat = real_lstat;
	ops->readlink = real_readlink;
	ops->plain_dirs = t->tracer->root_fd >= 0 ? real_plain_dirs : NULL;
	ops->opaque = t;
}

char *tracee_guest_visible(struct tracee *t, TALLOC_CTX *mem, const char *guest)
{
	return talloc_strdup(mem, path_seen_from(t->fs ? t->fs->root : "/", guest));
}

char *tracee_host_to_guest(struct tracee *t, TALLOC_CTX *mem, const char *host)
{
	char *guest;

	if (bindings_to_guest(mem, tracee_binds(t), host, &guest) == -ENOMEM)
		return NULL;
	return tracee_guest_visible(t, mem, guest);
}

bool host_dir_is_guests(TALLOC_CTX *mem, const struct bindings *b, const char *root,
			const char *host, char **guest)
{
	char *g = NULL;
	bool ok;

	/* The kernel's text is normal already; only a " (deleted)" suffix
	 * could differ, and a removed directory has no names anyway.  The
	 * binding the host path maps back through must be the one its guest
	 * path goes through: else that guest path leads elsewhere. */
	ok = host[0] == '/' && bindings_to_guest(mem, b, host, &g) == 0 &&
	     path_has_prefix(g, root) && bindings_lookup(b, g) == bindings_host_lookup(b, host);
	if (guest)
		*guest = g;
	else
		talloc_free(g);
	return ok;
}

int tracee_fd_guest_path(struct tracee *t, TALLOC_CTX *mem, int fd, char **guest)
{
	char *link, *host;
	int rc;

	if (fd < 0)
		return -EBADF;
	link = talloc_asprintf(mem, "/proc/%d/fd/%d", (int)t->pid, fd);
	if (!link)
		return -ENOMEM;
	rc = host_readlink(mem, link, &host);
	if (rc < 0)
		return rc == -ENOENT ? -EBADF : rc;
	if (host[0] != '/')
		return -ENOTDIR;
	/* Guest paths are absolute in the real guest namespace; the root
	 * prefix of a guest chroot stays on. */
	rc = bindings_to_guest(mem, tracee_binds(t), host, guest);
	return rc == -EXDEV ? 0 : rc;
}

/* Moved, renamed or removed directories make a remembered cwd string
 * stale; the kernel knows the truth, one readlink away. */
static int cwd_refresh(struct tracee *t)
{
	struct fs_info *fs = t->fs;
	char *link, *host, *g;
	size_t n;
	int rc;

	link = talloc_asprintf(t->stop.scratch, "/proc/%d/cwd", (int)t->pid);
	if (!link || host_readlink(t->stop.scratch, link, &host) < 0)
		return 0;	/* no /proc, or a path too long for it: trust ours */
	if (fs->cwd_host && strcmp(host, fs->cwd_host) == 0)
		return 0;
	n = strlen(host);
	if (n > 10 && strcmp(host + n - 10, " (deleted)") == 0) {
		struct stat st;

		if (lstat(host, &st) < 0)
			return -ESTALE;
	}
	rc = bindings_to_guest(t->stop.scratch, tracee_binds(t), host, &g);
	if (rc < 0 && rc != -EXDEV)
		return 0;
	fs_info_set_cwd(fs, tracee_binds(t), g, host);
	return 0;
}

int tracee_cwd_refresh(struct tracee *t, const char **guest)
{
	if (!t->cwd_checked) {
		int rc = cwd_refresh(t);

		t->cwd_checked = rc < 0 ? rc : 1;
	}
	*guest = t->fs->cwd;
	return t->cwd_checked < 0 ? t->cwd_checked : 0;
}

/* readlinkat(fd, ""): the link fd itself names (O_PATH|O_NOFOLLOW on a
 * symlink), found by its host path as a path argument would be.  1 when
 * fd is no symlink: the kernel's answer (ENOENT, EBADF) is then right. */
static int fd_link(struct tracee *t, int fd, const struct fsops *ops, struct canon_result *res)
{
	char *link, *host, *guest;
	struct stat st;
	int rc;

	if (fd < 0)
		return 1;
	link = talloc_asprintf(t->stop.scratch, "/proc/%d/fd/%d", (int)t->pid, fd);
	if (!link)
		return -ENOMEM;
	if (host_readlink(t->stop.scratch, link, &host) < 0 || host[0] != '/' ||
	    lstat(host, &st) < 0 || !S_ISLNK(st.st_mode))
		return 1;
	rc = bindings_to_guest(t->stop.scratch, tracee_binds(t), host, &guest);
	if (rc < 0 && rc != -EXDEV)
		return rc;
	memset(res, 0, sizeof(*res));
	res->host = host;
	res->guest = guest;
	res->exists = true;
	res->is_symlink = true;
	return lookup_read_link(t->stop.scratch, tracee_binds(t), ops, t->fs->root, res);
}

/* The name shortcut's question about the directory a lookup starts
 * from: is the kernel's start translation's (host_dir_is_guests)?  A
 * descriptor the guest inherited on a host directory, or one kept
 * across a guest chroot, is not: translation reads names there from
 * the guest's tree, and so must the shortcut.  The cwd's answer is
 * kept with it; a dirfd's costs a readlink, whose guest path *base
 * keeps for the translation that follows when the answer is no. */
static bool dir_is_guests(struct tracee *t, int dirfd, char **base)
{
	char *link, *host;

	*base = NULL;
	if (dirfd == AT_FDCWD)
		return t->fs->cwd_is_guests;
	link = talloc_asprintf(t->stop.scratch, "/proc/%d/fd/%d", (int)t->pid, dirfd);
	if (dirfd < 0 || !link || host_readlink(t->stop.scratch, link, &host) < 0)
		return false;
	return host_dir_is_guests(t->stop.scratch, tracee_binds(t), t->fs->root, host, base);
}

int tracee_lookup(struct tracee *t, int dirfd, const char *path, unsigned flags,
		  struct canon_result *res)
{
	struct lookup_from from = { .root = t->fs->root };
	char *fdpath = NULL;
	struct fsops ops;
	int rc;

	memset(res, 0, sizeof(*res));
	tracee_fsops(t, &ops);
	if (path[0] == '\0') {
		/* getname() refuses "" before the dirfd is looked at. */
		if (!(flags & CANON_EMPTY_PATH))
			return -ENOENT;
		return (flags & LOOKUP_READ_LINK) ? fd_link(t, dirfd, &ops, res) : 1;
	}
	/* The kernel's own lookup reaches what translation would. */
	if ((flags & LOOKUP_KERNEL_MAY) && !t->tracer->no_name_shortcut &&
	    lookup_single_name(tracee_binds(t), path, flags) && dir_is_guests(t, dirfd, &fdpath))
		return 1;
	/* An absolute path ignores the dirfd (or cwd), but under openat2's
	 * RESOLVE_IN_ROOT, where it is the root. */
	if (path[0] != '/' || (flags & LOOKUP_IN_ROOT)) {
		if (dirfd == AT_FDCWD) {
			rc = tracee_cwd_refresh(t, &from.dir);
			if (rc == -ESTALE)
				from.dir_removed = true;
			else if (rc < 0)
				return rc;
		} else if (fdpath) {
			from.dir = fdpath;
		} else {
			rc = tracee_fd_guest_path(t, t->stop.scratch, dirfd, &fdpath);
			if (rc < 0)
				return rc;
			from.dir = fdpath;
		}
	}
	return lookup_resolve(t->stop.scratch, tracee_binds(t), &ops, &from, path, flags, res);
}
