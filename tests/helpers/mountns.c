/* mountns OP [ARGS] ...: what a build daemon does to isolate a build,
 * one operation after another in one process, each printing one line.
 *
 *   clone FLAGS ... --   a child with CLONE_NEW* FLAGS (ns,uts,pid,net,
 *                        ipc, comma-separated) runs the operations up to
 *                        "--" and exits; the parent waits, then goes on
 *                        after it (clones nest)
 *   unshare FLAGS        the same flags for this process
 *   private|slave DIR    mount(NULL, DIR, MS_REC|MS_PRIVATE or MS_SLAVE)
 *   bind|rbind SRC DST   MS_BIND (rbind: |MS_REC; nbind: |MS_NOSUID|MS_NODEV)
 *   move SRC DST         MS_MOVE
 *   ro|rw DST            MS_REMOUNT|MS_BIND (ro: |MS_RDONLY)
 *   proc|tmpfs DST       a new mount of that type (mnt TYPE DST: any type)
 *   pivot NEW OLD, chroot DIR, chdir DIR, mkdir DIR
 *   umount DIR, detach DIR  umount2(DIR, 0 or MNT_DETACH)
 *   sethostname NAME, setdomainname NAME, uname (nodename, domainname)
 *   setid UID GID        setgroups(0), setgid, setuid
 *   id, ls DIR, cat FILE (first line), write FILE (create, "x")
 *   pty DIR              DIR/ptmx opened, unlocked; its pty's other end
 *                        opened as DIR/N; a byte written there is read
 *                        back from the master
 *   exec PROG ARGS...    execv, the rest of the line its arguments
 */
#include <dirent.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include "helper.h"

static unsigned long ns_flags(const char *s)
{
	unsigned long f = 0;

	f |= strstr(s, "ns") ? CLONE_NEWNS : 0;
	f |= strstr(s, "uts") ? CLONE_NEWUTS : 0;
	f |= strstr(s, "pid") ? CLONE_NEWPID : 0;
	f |= strstr(s, "net") ? CLONE_NEWNET : 0;
	f |= strstr(s, "ipc") ? CLONE_NEWIPC : 0;
	return f;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void op_ls(const char *label, const char *dir)
{
	char *names[256], line[4096];
	size_t n = 0, len = 0;
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d) {
		out("%s: %s", label, errname(errno));
		return;
	}
	while ((e = readdir(d)) && n < 256)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(*names), cmp);
	line[0] = '\0';
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(line + len, sizeof(line) - len, " %s", names[i]);
	out("%s: ok%s", label, line);
}

static void op_cat(const char *label, const char *file)
{
	char buf[256];
	int fd = open(file, O_RDONLY);
	ssize_t n;

	if (fd < 0) {
		out("%s: %s", label, errname(errno));
		return;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	out("%s: ok %s", label, buf);
}

static void op_pty(const char *label, const char *dir)
{
	char path[512], c = 0;
	int master, slave, unlock = 0;
	unsigned n;

	snprintf(path, sizeof(path), "%s/ptmx", dir);
	master = open(path, O_RDWR | O_NOCTTY);
	if (master < 0) {
		out("%s: open ptmx %s", label, errname(errno));
		return;
	}
	if (ioctl(master, TIOCSPTLCK, &unlock) < 0 || ioctl(master, TIOCGPTN, &n) < 0) {
		out("%s: ioctl %s", label, errname(errno));
		close(master);
		return;
	}
	snprintf(path, sizeof(path), "%s/%u", dir, n);
	slave = open(path, O_RDWR | O_NOCTTY);
	if (slave < 0) {
		out("%s: open its pty %s", label, errname(errno));
		close(master);
		return;
	}
	if (write(slave, "y", 1) != 1 || read(master, &c, 1) != 1 || c != 'y')
		out("%s: no byte through", label);
	else
		out("%s: ok", label);
	close(slave);
	close(master);
}

int main(int argc, char **argv)
{
	char label[512];

	for (int i = 1; i < argc; i++) {
		const char *op = argv[i], *a = i + 1 < argc ? argv[i + 1] : "",
			   *b = i + 2 < argc ? argv[i + 2] : "";
		long r;

		snprintf(label, sizeof(label), "%s", op);
		if (!strcmp(op, "clone") || !strcmp(op, "unshare") || !strcmp(op, "private") ||
		    !strcmp(op, "slave") || !strcmp(op, "ro") || !strcmp(op, "rw") ||
		    !strcmp(op, "proc") || !strcmp(op, "tmpfs") || !strcmp(op, "chroot") ||
		    !strcmp(op, "chdir") || !strcmp(op, "mkdir") || !strcmp(op, "umount") ||
		    !strcmp(op, "detach") || !strcmp(op, "sethostname") ||
		    !strcmp(op, "setdomainname") || !strcmp(op, "ls") || !strcmp(op, "cat") ||
		    !strcmp(op, "write") || !strcmp(op, "pty")) {
			snprintf(label, sizeof(label), "%s %s", op, a);
			i += 1;
		} else if (!strcmp(op, "bind") || !strcmp(op, "rbind") || !strcmp(op, "nbind") ||
			   !strcmp(op, "move") ||
			   !strcmp(op, "pivot") || !strcmp(op, "setid") || !strcmp(op, "mnt")) {
			snprintf(label, sizeof(label), "%s %s %s", op, a, b);
			i += 2;
		}

		if (!strcmp(op, "clone")) {
			r = syscall(SYS_clone, ns_flags(a) | SIGCHLD, 0, NULL, NULL, 0);
			if (r < 0) {
				out("%s: %s", label, errname(errno));
				continue;
			}
			if (r == 0) {
				out("%s: ok", label);
				continue;
			}
			int st;

			while (waitpid((pid_t)r, &st, 0) < 0 && errno == EINTR)
				;
			/* Past the child's "--", nested clones included. */
			for (int depth = 1; depth > 0 && ++i < argc;) {
				if (!strcmp(argv[i], "clone"))
					depth++;
				else if (!strcmp(argv[i], "--"))
					depth--;
			}
			continue;
		} else if (!strcmp(op, "--")) {
			return 0;
		} else if (!strcmp(op, "unshare")) {
			r = syscall(SYS_unshare, ns_flags(a));
		} else if (!strcmp(op, "private") || !strcmp(op, "slave")) {
			r = syscall(SYS_mount, NULL, a, NULL,
				    MS_REC | (op[0] == 'p' ? MS_PRIVATE : MS_SLAVE), NULL);
		} else if (!strcmp(op, "bind") || !strcmp(op, "rbind")) {
			r = syscall(SYS_mount, a, b, NULL, MS_BIND | (op[0] == 'r' ? MS_REC : 0),
				    NULL);
		} else if (!strcmp(op, "nbind")) {
			r = syscall(SYS_mount, a, b, NULL, MS_BIND | MS_NOSUID | MS_NODEV, NULL);
		} else if (!strcmp(op, "move")) {
			r = syscall(SYS_mount, a, b, NULL, MS_MOVE, NULL);
		} else if (!strcmp(op, "ro") || !strcmp(op, "rw")) {
			r = syscall(SYS_mount, NULL, a, NULL,
				    MS_REMOUNT | MS_BIND | (op[1] == 'o' ? MS_RDONLY : 0), NULL);
		} else if (!strcmp(op, "proc") || !strcmp(op, "tmpfs")) {
			r = syscall(SYS_mount, "none", a, op, 0, NULL);
		} else if (!strcmp(op, "mnt")) {
			r = syscall(SYS_mount, "none", b, a, 0, NULL);
		} else if (!strcmp(op, "pivot")) {
			r = syscall(SYS_pivot_root, a, b);
		} else if (!strcmp(op, "chroot")) {
			r = syscall(SYS_chroot, a);
		} else if (!strcmp(op, "chdir")) {
			r = syscall(SYS_chdir, a);
		} else if (!strcmp(op, "mkdir")) {
			r = syscall(SYS_mkdirat, AT_FDCWD, a, 0755);
		} else if (!strcmp(op, "umount") || !strcmp(op, "detach")) {
			r = syscall(SYS_umount2, a, op[0] == 'd' ? MNT_DETACH : 0);
		} else if (!strcmp(op, "sethostname")) {
			r = syscall(SYS_sethostname, a, strlen(a));
		} else if (!strcmp(op, "setdomainname")) {
			r = syscall(SYS_setdomainname, a, strlen(a));
		} else if (!strcmp(op, "uname")) {
			struct utsname u;

			if (syscall(SYS_uname, &u) < 0)
				out("uname: %s", errname(errno));
			else
				out("uname: ok %s %s", u.nodename, u.domainname);
			continue;
		} else if (!strcmp(op, "setid")) {
			r = syscall(SYS_setgroups, 0, NULL);
			if (r == 0)
				r = syscall(SYS_setgid, atoi(b));
			if (r == 0)
				r = syscall(SYS_setuid, atoi(a));
		} else if (!strcmp(op, "id")) {
			out("id: ok uid %ld gid %ld", syscall(SYS_getuid), syscall(SYS_getgid));
			continue;
		} else if (!strcmp(op, "ls")) {
			op_ls(label, a);
			continue;
		} else if (!strcmp(op, "cat")) {
			op_cat(label, a);
			continue;
		} else if (!strcmp(op, "write")) {
			int fd = open(a, O_WRONLY | O_CREAT | O_TRUNC, 0644);

			r = fd < 0 ? -1 : write(fd, "x", 1) == 1 ? 0 : -1;
			if (fd >= 0)
				close(fd);
		} else if (!strcmp(op, "pty")) {
			op_pty(label, a);
			continue;
		} else if (!strcmp(op, "exec")) {
			out("exec %s: going", a);
			execv(a, argv + i + 1);
			out("exec %s: %s", a, errname(errno));
			return 1;
		} else {
			out("unknown operation %s", op);
			return 2;
		}
		outcome(label, r);
	}
	return 0;
}
