/* The in-guest runtime's AF_UNIX socket names, as the ptrace engine's
 * socket.c: a sun_path in the address of bind, connect, sendto and
 * sendmsg becomes its host path, and the addresses accept, accept4,
 * getsockname, getpeername, recvfrom and recvmsg return show guest
 * paths again.  Abstract and unnamed addresses, other families (no -p
 * or -n in this engine) and relative names that need no translation go
 * to the kernel as they are.
 *
 * These calls may block (accept, a full send buffer): the call arena is
 * held only while a name is translated, never across the call.
 *
 * A host path too long for sun_path (108 bytes) is reached through a
 * link to its directory in the run's directory for them (burrow names
 * it in the blob, the runtime makes it at need, burrow removes it at
 * the end), "UN_DIR/HASH/name", which any process of the run maps back
 * to the guest's name.  Without one (a hash taken by another directory,
 * no room), through a descriptor of the directory,
 * "/proc/self/fd/N/name", opened for the call and closed after it (the
 * runtime holds no descriptor between calls): such a name, bound, reads
 * back as the kernel keeps it. */
#include <asm/unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "arch/rt-arch.h"
#include "loader/script.h"
#include "path/bind.h"
#include "path/lex.h"
#include "trap-int.h"
#include "trap.h"

#define SUN_PATH_MAX sizeof(((struct sockaddr_un *)0)->sun_path)
#define SUN_OFF offsetof(struct sockaddr_un, sun_path)
#define PROC_FD "/proc/self/fd/"

/* Where the call keeps its address: arguments, or a struct msghdr. */
struct place {
	int in_msghdr;
	int addr_arg, len_arg;
};

static struct place place_of(long nr)
{
	switch (nr) {
	case __NR_sendto:
	case __NR_recvfrom:
		return (struct place){ 0, 4, 5 };
	case __NR_sendmsg:
	case __NR_recvmsg:
		return (struct place){ 1, 1, -1 };
	default:	/* bind, connect, accept, accept4, getsockname, getpeername */
		return (struct place){ 0, 1, 2 };
	}
}

static long pass(long nr, const long a[6])
{
	return rt_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

/* Writes the decimal v at out; its length. */
static size_t put_uint(char *out, unsigned v)
{
	char digits[12];
	size_t d = 0, n = 0;

	do
		digits[d++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (d)
		out[n++] = digits[--d];
	return n;
}

/* The run's directory of links (rt_run_blob's un_dir), NULL if none. */
static const char *un_dir(const struct rt *rt)
{
	const struct rt_run_blob *blob = rt->run;

	if (!blob || rt->run_size < sizeof(*blob) || blob->un_dir[0] != '/' ||
	    strnlen(blob->un_dir, RT_UN_DIR_MAX) == RT_UN_DIR_MAX)
		return NULL;
	return blob->un_dir;
}

/* The link for host directory dir in un: "un/HASH" (FNV-1a). */
static char *un_link(TALLOC_CTX *mem, const char *un, const char *dir)
{
	static const char hex[] = "0123456789abcdef";
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t n = strlen(un);
	char *link = talloc_size(mem, n + 18);

	if (!link)
		return NULL;
	for (const char *c = dir; *c; c++)
		h = (h ^ (unsigned char)*c) * 0x100000001b3ULL;
	memcpy(link, un, n);
	link[n++] = '/';
	for (int i = 15; i >= 0; i--, h >>= 4)
		link[n + (size_t)i] = hex[h & 15];
	link[n + 16] = '\0';
	return link;
}

/* "un/HASH/name" for name in host directory dir, made (the directory,
 * its link) at need: 0 and *out, 1 when it cannot be (the descriptor's
 * way then), -ENOMEM. */
static int via_link(struct rt *rt, TALLOC_CTX *mem, const char *dir, const char *name, char **out)
{
	const char *un = un_dir(rt);
	char *link, *text;
	struct stat st;
	long r;

	if (!un || !(link = un_link(mem, un, dir)))
		return un ? -ENOMEM : 1;
	if (strlen(link) + 1 + strlen(name) >= SUN_PATH_MAX)
		return 1;
	/* Another user's name there is not ours to use. */
	r = rt_syscall(__NR_mkdirat, AT_FDCWD, (long)un, 0700, 0, 0, 0);
	if (r == -EEXIST && (rt_syscall(__NR_newfstatat, AT_FDCWD, (long)un, (long)&st,
					AT_SYMLINK_NOFOLLOW, 0, 0) < 0 || !S_ISDIR(st.st_mode) ||
			     st.st_uid != (uid_t)rt_syscall(__NR_geteuid, 0, 0, 0, 0, 0, 0)))
		return 1;
	if (r < 0 && r != -EEXIST)
		return 1;
	r = rt_syscall(__NR_symlinkat, (long)dir, AT_FDCWD, (long)link, 0, 0, 0);
	if (r == -EEXIST) {
		if (!(text = talloc_size(mem, RT_PATH_MAX)))
			return -ENOMEM;
		r = rt_syscall(__NR_readlinkat, AT_FDCWD, (long)link, (long)text, RT_PATH_MAX - 1,
			       0, 0);
		if (r < 0 || (size_t)r != strlen(dir) || memcmp(text, dir, (size_t)r))
			return 1;
	} else if (r < 0) {
		return 1;
	}
	*out = talloc_asprintf(mem, "%s/%s", link, name);
	return *out ? 0 : -ENOMEM;
}

/* A name made by via_link, as the host path it stands for (on mem);
 * NULL when host is not one. */
static char *un_expand(struct rt *rt, TALLOC_CTX *mem, const char *host)
{
	const char *un = un_dir(rt), *name;
	size_t n = un ? strlen(un) : 0;
	char *text, *link;
	long r;

	if (!un || strncmp(host, un, n) || host[n] != '/' || strlen(host) < n + 18 ||
	    host[n + 17] != '/')
		return NULL;
	name = host + n + 18;
	if (!(link = talloc_strndup(mem, host, n + 17)) || !(text = talloc_size(mem, RT_PATH_MAX)))
		return NULL;
	r = rt_syscall(__NR_readlinkat, AT_FDCWD, (long)link, (long)text, RT_PATH_MAX - 1, 0, 0);
	if (r <= 0)
		return NULL;
	text[r] = '\0';
	return talloc_asprintf(mem, "%s/%s", text, name);
}

/* Whether the kernel, resolving the relative path from the real cwd,
 * reaches what the lookup did: no "..", no symlink, no binding crossed. */
static int relative_is_plain(struct rt *rt, TALLOC_CTX *mem, const char *path,
			     const char *base, const struct canon_result *res)
{
	char *lexical;

	/* ".." could climb above the guest root on the host's side. */
	for (const char *c = path;; c++) {
		const char *end = strchrnul(c, '/');

		if (end - c == 2 && c[0] == '.' && c[1] == '.')
			return 0;
		if (!*end)
			break;
		c = end;
	}
	lexical = path_normalise(mem, path_join(mem, base, path));
	return lexical && strcmp(lexical, res->guest) == 0 &&
	       bindings_lookup(rt->binds, lexical) == bindings_lookup(rt->binds, base);
}

/* bind makes a file: refused in a read-only binding or over a protected
 * path (EADDRINUSE where the name exists, as natively). */
static int bind_protect(struct rt *rt, const struct canon_result *res)
{
	struct stat st;
	int rc;

	if (!bindings_restricted(rt->binds))
		return 0;
	rc = bindings_may_change(rt->binds, res->guest, res->host, CHANGE_NAME);
	if (rc != -EROFS)
		return rc;
	rc = (int)rt_syscall(__NR_newfstatat, AT_FDCWD, (long)res->host, (long)&st,
			     AT_SYMLINK_NOFOLLOW, 0, 0);
	if (rc == 0)
		return -EADDRINUSE;
	return rc == -ENOENT ? -EROFS : rc;
}

/* The host name of the guest's sun_path in *sun (its length in *len):
 * 1 when changed, 0 when the kernel takes it as it is; *dirfd is a
 * descriptor to close after the call, or -1. */
static int host_name(struct rt *rt, TALLOC_CTX *mem, long nr, struct sockaddr_un *sun, size_t *len,
		     int *dirfd)
{
	char path[SUN_PATH_MAX + 1], *base = NULL, *host, *slash;
	struct canon_result res;
	size_t n = *len - SUN_OFF, hlen;
	int rc;

	memcpy(path, sun->sun_path, n);
	path[n] = '\0';
	if (path[0] != '/' && (rc = rt_base_of(rt, mem, AT_FDCWD, &base)) < 0)
		return rc;
	/* bind creates the name and does not follow a final symlink. */
	rc = canon_resolve(mem, rt->binds, &rt->fs, rt_root(rt), base, path,
			   nr == __NR_bind ? CANON_NOFOLLOW : 0, &res);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	if (nr == __NR_bind && (rc = bind_protect(rt, &res)) < 0)
		return rc;
	if (path[0] != '/' && relative_is_plain(rt, mem, path, base, &res))
		return 0;
	host = res.host;
	hlen = strlen(host);
	if (hlen >= SUN_PATH_MAX) {
		char *dir;
		size_t at = sizeof(PROC_FD) - 1;
		long fd;

		slash = NULL;
		for (char *c = host; *c; c++)
			if (*c == '/')
				slash = c;
		if (!slash || slash[1] == '\0')
			return -ENAMETOOLONG;
		if (!(dir = talloc_strndup(mem, host, (size_t)(slash - host) + 1)))
			return -ENOMEM;
		dir[slash - host] = '\0';
		rc = via_link(rt, mem, dir, slash + 1, &host);
		if (rc < 0)
			return rc;
		if (rc == 0)
			goto named;
		dir[slash - host] = '/';
		/* "/proc/self/fd/N/" is short: only the name must fit. */
		if (strlen(slash + 1) + at + 12 >= SUN_PATH_MAX)
			return -ENAMETOOLONG;
		fd = rt_syscall(__NR_openat, AT_FDCWD, (long)dir, O_PATH | O_DIRECTORY | O_CLOEXEC,
				0, 0, 0);
		if (fd < 0)
			return (int)fd;
		if (!(host = talloc_size(mem, SUN_PATH_MAX))) {
			rt_syscall(__NR_close, fd, 0, 0, 0, 0, 0);
			return -ENOMEM;
		}
		memcpy(host, PROC_FD, at);
		at += put_uint(host + at, (unsigned)fd);
		host[at++] = '/';
		memcpy(host + at, slash + 1, strlen(slash + 1) + 1);
		hlen = strlen(host);
		*dirfd = (int)fd;
	}
named:
	hlen = strlen(host);
	if (strcmp(host, path) == 0)
		return 0;
	memset(sun->sun_path, 0, SUN_PATH_MAX);
	memcpy(sun->sun_path, host, hlen);
	*len = SUN_OFF + hlen + 1;
	return 1;
}

/* bind, connect, sendto, sendmsg: the call with the host name. */
static long addr_call(struct rt *rt, int tid, long nr, const long a[6])
{
	struct place pl = place_of(nr);
	struct sockaddr_un sun;
	struct msghdr mh;
	struct rt_hold h;
	long addr, b[6], r;
	size_t len;
	int rc, dirfd = -1;

	if (pl.in_msghdr) {
		if (rt_copy_in(&mh, a[1], sizeof(mh)) < 0)
			return pass(nr, a);	/* the kernel's EFAULT */
		addr = (long)mh.msg_name;
		len = mh.msg_namelen;
	} else {
		addr = a[pl.addr_arg];
		len = (uint32_t)a[pl.len_arg];
	}
	if (addr == 0 || len <= SUN_OFF || len > sizeof(sun))
		return pass(nr, a);
	memset(&sun, 0, sizeof(sun));
	if (rt_copy_in(&sun, addr, len) < 0 || sun.sun_family != AF_UNIX || sun.sun_path[0] == '\0')
		return pass(nr, a);
	if ((rc = rt_arena_take(rt, tid, &h)) < 0)
		return rc;
	rc = host_name(rt, h.ar->ctx, nr, &sun, &len, &dirfd);
	rt_arena_give(&h);
	if (rc <= 0)
		return rc < 0 ? rc : pass(nr, a);
	memcpy(b, a, sizeof(b));
	if (pl.in_msghdr) {
		mh.msg_name = &sun;
		mh.msg_namelen = (socklen_t)len;
		b[1] = (long)&mh;
	} else {
		b[pl.addr_arg] = (long)&sun;
		b[pl.len_arg] = (long)len;
	}
	r = rt_syscall(nr, b[0], b[1], b[2], b[3], b[4], b[5]);
	if (dirfd >= 0)
		rt_syscall(__NR_close, dirfd, 0, 0, 0, 0, 0);
	return r;
}

/* The guest's address at addr (room bytes given, the kernel's length
 * now at lenp) with its host path shown as the guest's.  A truncated
 * name, a relative one (returned as bound) and one bound through a
 * descriptor stay as the kernel gives them. */
static void map_back(struct rt *rt, int tid, long addr, long lenp, uint32_t room)
{
	char host[SUN_PATH_MAX + 1], *guest = NULL, *full;
	struct sockaddr_un sun;
	uint32_t actual, newlen;
	struct rt_hold h;
	size_t n;
	int rc;

	if (rt_copy_in(&actual, lenp, sizeof(actual)) < 0)
		return;
	n = actual < room ? actual : room;
	if (n > sizeof(sun))
		n = sizeof(sun);
	if (n <= SUN_OFF || actual > room)
		return;
	memset(&sun, 0, sizeof(sun));
	if (rt_copy_in(&sun, addr, n) < 0 || sun.sun_family != AF_UNIX || sun.sun_path[0] != '/')
		return;
	memcpy(host, sun.sun_path, n - SUN_OFF);
	host[n - SUN_OFF] = '\0';
	if (strncmp(host, PROC_FD, sizeof(PROC_FD) - 1) == 0)
		return;
	if (rt_arena_take(rt, tid, &h) < 0)
		return;
	full = un_expand(rt, h.ar->ctx, host);
	rc = bindings_to_guest(h.ar->ctx, rt->binds, full ? full : host, &guest);
	if (rc == 0 && strlen(guest) < SUN_PATH_MAX) {
		memset(sun.sun_path, 0, SUN_PATH_MAX);
		memcpy(sun.sun_path, guest, strlen(guest));
	} else {
		rc = -1;
	}
	rt_arena_give(&h);
	if (rc < 0 || strcmp(sun.sun_path, host) == 0)
		return;
	newlen = (uint32_t)(SUN_OFF + strlen(sun.sun_path) + 1);
	n = newlen < room ? newlen : room;
	if (rt_copy_out(addr, &sun, n) == 0)
		rt_copy_out(lenp, &newlen, sizeof(newlen));
}

/* accept, accept4, getsockname, getpeername, recvfrom, recvmsg: made
 * as they are, then their address mapped back. */
static long result_call(struct rt *rt, int tid, long nr, const long a[6])
{
	struct place pl = place_of(nr);
	struct msghdr mh;
	uint32_t room = 0;
	long addr, lenp, r;

	if (pl.in_msghdr) {
		if (rt_copy_in(&mh, a[1], sizeof(mh)) < 0)
			return pass(nr, a);
		addr = (long)mh.msg_name;
		lenp = a[1] + (long)offsetof(struct msghdr, msg_namelen);
		room = mh.msg_namelen;
	} else {
		addr = a[pl.addr_arg];
		lenp = a[pl.len_arg];
		if (addr && lenp && rt_copy_in(&room, lenp, sizeof(room)) < 0)
			return pass(nr, a);
	}
	r = pass(nr, a);
	if (r >= 0 && addr && lenp)
		map_back(rt, tid, addr, lenp, room);
	return r;
}

int rt_socket_call(struct rt *rt, int tid, long nr, const long a[6], long *res)
{
	switch (nr) {
	case __NR_bind:
	case __NR_connect:
	case __NR_sendto:
	case __NR_sendmsg:
		*res = addr_call(rt, tid, nr, a);
		return 1;
	case __NR_accept:
	case __NR_accept4:
	case __NR_getsockname:
	case __NR_getpeername:
	case __NR_recvfrom:
	case __NR_recvmsg:
		*res = result_call(rt, tid, nr, a);
		return 1;
	}
	return 0;
}
