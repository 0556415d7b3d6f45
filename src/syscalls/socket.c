/* AF_UNIX socket paths: translated in the arguments of bind, connect,
 * sendto and sendmsg, and back to guest paths in the addresses that
 * accept, accept4, getsockname, getpeername, recvfrom and recvmsg
 * return.  Abstract names (leading NUL) pass as they are, and so do
 * other families, except the ports of AF_INET/AF_INET6 under -p and -n
 * (inet.c).
 *
 * A host path too long for sun_path (108 bytes) is reached through the
 * tracer's own descriptor of its directory: "/proc/TRACER/fd/N/name"
 * goes through the magic link, so the socket still lands in the right
 * directory.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "common/autoclose.h"
#include "path/bind.h"
#include "syscalls/syscalls.h"
#include "tracee/tracee.h"

#define SUN_PATH_MAX sizeof(((struct sockaddr_un *)0)->sun_path)

/* Where each call keeps its address: argument positions, or inside a
 * struct msghdr. */
struct addr_place {
	bool in_msghdr;
	unsigned addr_arg;
	unsigned len_arg;
};

static struct addr_place place_of(int sc)
{
	switch (sc) {
	case SC_sendto:
	case SC_recvfrom:
		return (struct addr_place){ false, 4, 5 };
	case SC_sendmsg:
	case SC_recvmsg:
		return (struct addr_place){ true, 1, 0 };
	default:	/* bind, connect, accept, accept4, getsockname, getpeername */
		return (struct addr_place){ false, 1, 2 };
	}
}

/* The descriptor the tracer holds on dir: one per directory for the
 * whole run (a name bound through it must still read back at
 * getsockname), so a client that reconnects in a loop costs a stat. */
static int sun_dir_fd(struct tracer *tr, const char *dir)
{
	AUTOCLOSE int fd = -1;
	struct sun_dir *grown;
	struct stat st;

	if (stat(dir, &st) < 0)
		return -errno;
	/* The held descriptor keeps its inode, so no other directory
	 * takes its number meanwhile. */
	for (size_t i = 0; i < tr->nsun_dirs; i++)
		if (tr->sun_dirs[i].dev == st.st_dev && tr->sun_dirs[i].ino == st.st_ino)
			return tr->sun_dirs[i].fd;
	fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0)
		return -errno;
	grown = talloc_realloc(tr, tr->sun_dirs, struct sun_dir, tr->nsun_dirs + 1);
	if (!grown)
		return -ENOMEM;
	tr->sun_dirs = grown;
	grown[tr->nsun_dirs++] = (struct sun_dir){ .fd = fd, .dev = st.st_dev, .ino = st.st_ino };
	fd = -1;	/* the table's now */
	return grown[tr->nsun_dirs - 1].fd;
}

/* A host path short enough for sun_path: itself, or a path through a
 * descriptor the tracer holds on its directory. */
static int short_host_path(struct tracee *t, const char *host, char **out)
{
	const char *slash = strrchr(host, '/');
	char *dir;
	int fd;

	if (strlen(host) < SUN_PATH_MAX) {
		*out = (char *)host;
		return 0;
	}
	if (!slash || strlen(slash + 1) == 0)
		return -ENAMETOOLONG;
	dir = talloc_strndup(t->stop.scratch, host, (size_t)(slash - host) + 1);
	if (!dir)
		return -ENOMEM;
	/* The directory must not change under the name. */
	fd = sun_dir_fd(t->tracer, dir);
	if (fd < 0)
		return fd;
	*out = talloc_asprintf(t->stop.scratch, "/proc/%d/fd/%d/%s", (int)getpid(), fd, slash + 1);
	if (!*out)
		return -ENOMEM;
	return strlen(*out) < SUN_PATH_MAX ? 0 : -ENAMETOOLONG;
}

/* Whether the kernel, resolving path from the tracee's real cwd, reaches
 * what burrow resolved: no symlink and no ".." changed the way. */
static bool relative_is_plain(struct tracee *t, const char *path, const struct canon_result *res)
{
	const char *cwd;
	char *lexical;

	/* ".." could climb above the guest root on the host's side. */
	if (strcmp(path, "..") == 0 || strncmp(path, "../", 3) == 0 || strstr(path, "/../") ||
	    (strlen(path) >= 3 && strcmp(path + strlen(path) - 3, "/..") == 0))
		return false;
	if (tracee_cwd_refresh(t, &cwd) < 0)
		return true;
	lexical = path_normalise(t->stop.scratch, path_join(t->stop.scratch, cwd, path));
	return lexical && strcmp(lexical, res->guest) == 0 &&
	       bindings_lookup(tracee_binds(t), lexical) == bindings_lookup(tracee_binds(t), cwd);
}

/* Make the call use a copy of addr (len bytes) pushed on the tracee's
 * stack; mh is the tracee's msghdr for sendmsg. */
static int replace_addr(struct tracee *t, const struct addr_place *pl, struct msghdr *mh,
			const void *addr, uint64_t len)
{
	uint64_t new_addr;
	int rc = mem_push(t, addr, len, &new_addr);

	if (rc < 0)
		return rc;
	if (pl->in_msghdr) {
		mh->msg_name = (void *)(uintptr_t)new_addr;
		mh->msg_namelen = (socklen_t)len;
		rc = mem_push(t, mh, sizeof(*mh), &new_addr);
		if (rc < 0)
			return rc;
		arch_set_arg(&t->stop.regs, pl->addr_arg, new_addr);
	} else {
		arch_set_arg(&t->stop.regs, pl->addr_arg, new_addr);
		arch_set_arg(&t->stop.regs, pl->len_arg, len);
	}
	t->stop.regs_dirty = true;
	return 0;
}

int sys_socket_addr_enter(struct tracee *t)
{
	struct addr_place pl = place_of(t->stop.sc);
	struct sockaddr_un sun;
	struct canon_result res;
	uint64_t addr, len, msg = 0;
	struct msghdr mh = { 0 };
	char path[SUN_PATH_MAX + 1], *host = NULL;
	unsigned flags;
	int rc;

	if (pl.in_msghdr) {
		msg = arch_arg(&t->stop.regs, pl.addr_arg);
		if (mem_read(t, msg, &mh, sizeof(mh)) < 0)
			return 0;	/* the kernel reports EFAULT itself */
		addr = (uint64_t)(uintptr_t)mh.msg_name;
		len = mh.msg_namelen;
	} else {
		addr = arch_arg(&t->stop.regs, pl.addr_arg);
		len = (socklen_t)arch_arg(&t->stop.regs, pl.len_arg);
	}
	if (addr == 0 || len <= offsetof(struct sockaddr_un, sun_path) ||
	    (len > sizeof(sun) && !inet_ports_on(t->tracer)))
		return 0;
	memset(&sun, 0, sizeof(sun));
	rc = mem_read(t, addr, &sun, len < sizeof(sun) ? len : sizeof(sun));
	if (rc < 0)
		return rc;
	/* Programs often pass sizeof(struct sockaddr_storage): more than
	 * an inet address needs, and more than sun holds. */
	if ((sun.sun_family == AF_INET || sun.sun_family == AF_INET6) && inet_ports_on(t->tracer)) {
		len = len < sizeof(sun) ? len : sizeof(sun);
		rc = inet_addr_from_guest(t, (unsigned char *)&sun, len);
		return rc <= 0 ? rc : replace_addr(t, &pl, &mh, &sun, len);
	}
	if (len > sizeof(sun) || sun.sun_family != AF_UNIX || sun.sun_path[0] == '\0')
		return 0;
	memcpy(path, sun.sun_path, len - offsetof(struct sockaddr_un, sun_path));
	path[len - offsetof(struct sockaddr_un, sun_path)] = '\0';

	/* bind creates the name and does not follow a final symlink. */
	flags = t->stop.sc == SC_bind ? CANON_NOFOLLOW : 0;
	rc = tracee_lookup(t, AT_FDCWD, path, flags, &res);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	/* bind makes a file: not in a read-only binding or over a
	 * protected path (EADDRINUSE when the name exists, as natively). */
	if (t->stop.sc == SC_bind && t->tracer->restricted && (rc = protect_create(t, &res)) < 0)
		return rc == -EEXIST ? -EADDRINUSE : rc;
	/* A relative name that needs no translation stays as given: the
	 * kernel resolves it from the real cwd, and getsockname returns it
	 * the way it was bound. */
	if (path[0] != '/' && relative_is_plain(t, path, &res))
		return 0;
	rc = short_host_path(t, res.host, &host);
	if (rc < 0)
		return rc;
	if (strcmp(host, path) == 0)
		return 0;
	memset(sun.sun_path, 0, SUN_PATH_MAX);
	memcpy(sun.sun_path, host, strlen(host));
	len = offsetof(struct sockaddr_un, sun_path) + strlen(host) + 1;
	return replace_addr(t, &pl, &mh, &sun, len);
}

/* What the exit needs: where the address goes, and how much room the
 * tracee gave for it (the kernel overwrites that length). */
struct addr_out {
	uint64_t addr;
	uint64_t lenp;		/* socklen_t * (or &msghdr.msg_namelen) */
	socklen_t room;
};

int sys_socket_result_enter(struct tracee *t)
{
	struct addr_place pl = place_of(t->stop.sc);
	struct addr_out *o = talloc_zero(t->stop.scratch, struct addr_out);
	struct msghdr mh;

	if (!o)
		return -ENOMEM;
	if (pl.in_msghdr) {
		uint64_t msg = arch_arg(&t->stop.regs, pl.addr_arg);

		if (mem_read(t, msg, &mh, sizeof(mh)) < 0)
			return 0;
		o->addr = (uint64_t)(uintptr_t)mh.msg_name;
		o->lenp = msg + offsetof(struct msghdr, msg_namelen);
		o->room = mh.msg_namelen;
	} else {
		o->addr = arch_arg(&t->stop.regs, pl.addr_arg);
		o->lenp = arch_arg(&t->stop.regs, pl.len_arg);
		if (o->addr && o->lenp && mem_read(t, o->lenp, &o->room, sizeof(o->room)) < 0)
			return 0;
	}
	/* Most receives pass no address: no exit stop for them. */
	if (!o->addr || !o->lenp)
		return 0;
	t->stop.exit_data = o;
	t->stop.exit_wanted = true;
	return 0;
}

/* The guest name of a host socket path, undoing short_host_path too. */
static char *guest_socket_path(struct tracee *t, const char *host)
{
	char *prefix = talloc_asprintf(t->stop.scratch, "/proc/%d/fd/", (int)getpid());
	const char *rest;
	char *link, *dir, *slash;

	if (prefix && strncmp(host, prefix, strlen(prefix)) == 0) {
		rest = host + strlen(prefix);
		slash = strchr(rest, '/');
		link = talloc_asprintf(t->stop.scratch, "/proc/self/fd/%d", atoi(rest));
		if (slash && link && host_readlink(t->stop.scratch, link, &dir) == 0)
			host = path_join(t->stop.scratch, dir, slash + 1);
	}
	return tracee_host_to_guest(t, t->stop.scratch, host);
}

int sys_socket_result_exit(struct tracee *t)
{
	struct addr_out *o = t->stop.exit_data;
	struct sockaddr_un sun;
	socklen_t actual, newlen;
	size_t n;
	char *guest;

	if (!o || arch_result(&t->stop.regs) < 0)
		return 0;
	if (mem_read(t, o->lenp, &actual, sizeof(actual)) < 0)
		return 0;
	n = actual < o->room ? actual : o->room;
	if (n > sizeof(sun))
		n = sizeof(sun);
	if (n <= offsetof(struct sockaddr_un, sun_path))
		return 0;
	memset(&sun, 0, sizeof(sun));
	if (mem_read(t, o->addr, &sun, n) < 0)
		return 0;
	if ((sun.sun_family == AF_INET || sun.sun_family == AF_INET6) && actual <= o->room &&
	    inet_ports_on(t->tracer)) {
		if (inet_addr_to_guest(t, (unsigned char *)&sun, n) == 1)
			mem_write(t, o->addr, &sun, n);
		return 0;
	}
	/* A truncated host name cannot be translated reliably: only whole
	 * ones are (room smaller than the host name is the tracee's own
	 * problem, and the kernel's answer stands). */
	if (sun.sun_family != AF_UNIX || sun.sun_path[0] == '\0' || actual > o->room)
		return 0;
	guest = guest_socket_path(t, sun.sun_path);
	if (!guest || strlen(guest) >= SUN_PATH_MAX)
		return 0;
	memset(sun.sun_path, 0, SUN_PATH_MAX);
	memcpy(sun.sun_path, guest, strlen(guest));
	newlen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(guest) + 1);
	n = newlen < o->room ? newlen : o->room;
	if (mem_write(t, o->addr, &sun, n) < 0 || mem_write(t, o->lenp, &newlen, sizeof(newlen)) < 0)
		return 0;
	return 0;
}

/* ---- under -0/-i: a daemon's view of its peers and of lo ------------------ */

/* getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &ucred, &len): the kernel's
 * answer, with the peer's faked effective ids when it is a guest
 * process (the kernel keeps them from connect or listen: burrow shows
 * them as they are when asked), or the user's own ids shown as the
 * faked ones, as files show them. */
int sys_getsockopt_fake(struct tracee *t)
{
	if ((int)arch_arg(&t->stop.regs, 1) == SOL_SOCKET && (int)arch_arg(&t->stop.regs, 2) == SO_PEERCRED)
		t->stop.exit_wanted = true;
	return 0;
}

int sys_getsockopt_fake_exit(struct tracee *t)
{
	const struct fake_ids *f = t->tracer->fake;
	uint64_t addr = arch_arg(&t->stop.entry, 3);
	struct tracee *peer;
	struct ucred uc;
	uint32_t len;

	if ((int64_t)arch_result(&t->stop.regs) != 0 ||
	    mem_read(t, arch_arg(&t->stop.entry, 4), &len, sizeof(len)) < 0)
		return 0;
	/* The kernel copies at most the struct, and says how much. */
	if (len > sizeof(uc))
		len = sizeof(uc);
	memset(&uc, 0, sizeof(uc));
	if (mem_read(t, addr, &uc, len) < 0)
		return 0;
	/* Its ids are those it was copied from until burrow sees it born. */
	peer = uc.pid > 0 ? tracee_cred_of(t->tracer, uc.pid) : NULL;
	if (peer) {
		uc.uid = peer->cred.euid;
		uc.gid = peer->cred.egid;
		syscall_report_partial(t, PARTIAL_PEERCRED);
	} else {
		uc.uid = fake_shown_uid(f, uc.uid);
		uc.gid = fake_shown_gid(f, uc.gid);
	}
	mem_write(t, addr, &uc, len);
	return 0;
}

/* ioctl(fd, SIOCSIFFLAGS, &ifreq) on lo with the faked CAP_NET_ADMIN:
 * a build sandbox bringing up its loopback, which is up already.  It
 * succeeds and changes nothing (SIOCGIFFLAGS shows the kernel's flags);
 * another interface gets the kernel's answer, a guest without the
 * capability EPERM. */
int sys_ioctl_fake(struct tracee *t)
{
	struct ifreq ifr;
	struct stat st;
	char *fd;
	int rc;

	if ((uint32_t)arch_arg(&t->stop.regs, 1) != SIOCSIFFLAGS)
		return 0;
	/* Not a socket: the kernel's ENOTTY or EBADF. */
	fd = talloc_asprintf(t->stop.scratch, "/proc/%d/fd/%d", (int)t->pid, (int)arch_arg(&t->stop.regs, 0));
	if (!fd || stat(fd, &st) < 0 || !S_ISSOCK(st.st_mode))
		return 0;
	rc = mem_read(t, arch_arg(&t->stop.regs, 2), &ifr, sizeof(ifr));
	if (rc < 0)
		return rc;
	if (strncmp(ifr.ifr_name, "lo", IFNAMSIZ) != 0)
		return 0;
	if (!cred_capable(&t->cred, CAP_NET_ADMIN))
		return -EPERM;
	syscall_report_partial(t, PARTIAL_IFFLAGS);
	return syscall_emulate(t, 0);
}
