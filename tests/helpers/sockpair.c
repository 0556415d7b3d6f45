/* sockpair PREFIX: AF_UNIX sockets named by path, in one process.
 *
 * Binds PREFIX.stream (stream) and PREFIX.dsrv / PREFIX.dcli (datagram),
 * connects (unnamed, then from PREFIX.cli and PREFIX.cli4), accepts
 * (accept, accept4), sends, and prints every address the kernel hands
 * back (getsockname, getpeername, accept, recvfrom, recvmsg): a
 * translator must turn the host paths in them back into guest paths.
 * PREFIX may be relative; the kernel then returns it as given.
 * The stream socket file is left in place so the test can look for it
 * on the host side.  Nothing blocks: if a send went astray the receive
 * says EAGAIN instead of waiting forever.
 *
 * sockpair PREFIX N: bind PREFIX.stream, then connect to it N times
 * (each client closed before the next): "N connects: ok", or the first
 * failure.  A translator must not hold a resource per connect.
 */
#include "helper.h"

#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

static socklen_t set_addr(struct sockaddr_un *sa, const char *path)
{
	memset(sa, 0, sizeof *sa);
	sa->sun_family = AF_UNIX;
	strncpy(sa->sun_path, path, sizeof sa->sun_path - 1);
	return offsetof(struct sockaddr_un, sun_path) + strlen(sa->sun_path) + 1;
}

/* "/tmp/s.stream", "(unnamed)" or "(abstract, N bytes)". */
static const char *addr_text(const struct sockaddr_un *sa, socklen_t len)
{
	static char buf[256];
	size_t plen = len > offsetof(struct sockaddr_un, sun_path)
		? len - offsetof(struct sockaddr_un, sun_path) : 0;
	if (plen > sizeof sa->sun_path)
		plen = sizeof sa->sun_path;
	if (sa->sun_family != AF_UNIX)
		snprintf(buf, sizeof buf, "(family %d)", sa->sun_family);
	else if (plen == 0)
		snprintf(buf, sizeof buf, "(unnamed)");
	else if (sa->sun_path[0] == 0)
		snprintf(buf, sizeof buf, "(abstract, %zu bytes)", plen - 1);
	else
		snprintf(buf, sizeof buf, "%.*s", (int)strnlen(sa->sun_path, plen), sa->sun_path);
	return buf;
}

static void print_name(const char *what, int fd, int peer)
{
	struct sockaddr_un sa;
	socklen_t len = sizeof sa;
	memset(&sa, 0, sizeof sa);
	long r = syscall(peer ? SYS_getpeername : SYS_getsockname, fd, &sa, &len);
	if (r < 0)
		out("%s: %s", what, errname(errno));
	else
		out("%s: ok %s", what, addr_text(&sa, len));
}

/* A client bound to a name before it connects: accept (or accept4)
 * returns that name, and so does getpeername on the accepted socket;
 * a translator must give back the guest's name. */
static void named_peer(int s, const struct sockaddr_un *ssa, socklen_t slen,
		       const char *prefix, int four)
{
	const char *call = four ? "accept4" : "accept";
	char path[256], label[300];
	struct sockaddr_un csa, peer;
	socklen_t clen, len;
	long a;

	snprintf(path, sizeof path, "%s.%s", prefix, four ? "cli4" : "cli");
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	clen = set_addr(&csa, path);
	snprintf(label, sizeof label, "bind %s", path);
	if (outcome(label, syscall(SYS_bind, c, &csa, clen)) < 0)
		goto done;
	snprintf(label, sizeof label, "connect from %s", path);
	if (outcome(label, syscall(SYS_connect, c, ssa, slen)) < 0)
		goto done;
	len = sizeof peer;
	memset(&peer, 0, sizeof peer);
	if (four)
		a = syscall(SYS_accept4, s, &peer, &len, SOCK_CLOEXEC);
	else
		a = syscall(SYS_accept, s, &peer, &len);
	if (a < 0) {
		out("%s: %s", call, errname(errno));
		goto done;
	}
	out("%s: ok peer %s", call, addr_text(&peer, len));
	print_name("getpeername accepted", (int)a, 1);
	close((int)a);
done:
	close(c);
	unlink(path);
}

static void stream(const char *prefix)
{
	char path[256], label[300];
	struct sockaddr_un sa, peer;
	socklen_t len, slen;

	snprintf(path, sizeof path, "%s.stream", prefix);
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	slen = len = set_addr(&sa, path);
	snprintf(label, sizeof label, "bind %s", path);
	if (outcome(label, syscall(SYS_bind, s, &sa, len)) < 0)
		return;
	outcome("listen", syscall(SYS_listen, s, 4));
	print_name("getsockname listener", s, 0);

	struct stat st;
	snprintf(label, sizeof label, "stat %s", path);
	if (syscall(SYS_newfstatat, AT_FDCWD, path, &st, 0) < 0)
		out("%s: %s", label, errname(errno));
	else
		out("%s: ok type=%s", label, type_name(st.st_mode));

	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	snprintf(label, sizeof label, "connect %s", path);
	if (outcome(label, syscall(SYS_connect, c, &sa, len)) < 0)
		return;
	print_name("getpeername client", c, 1);
	print_name("getsockname client", c, 0);

	len = sizeof peer;
	memset(&peer, 0, sizeof peer);
	long a = syscall(SYS_accept, s, &peer, &len);
	if (a < 0) {
		out("accept: %s", errname(errno));
		return;
	}
	out("accept: ok peer %s", addr_text(&peer, len));
	print_name("getsockname accepted", a, 0);

	char buf[16] = { 0 };
	long w = write(c, "ping", 4);
	long r = recv(a, buf, sizeof buf - 1, MSG_DONTWAIT);
	out("stream data: %s", w == 4 && r == 4 ? buf : "lost");
	close(a);
	close(c);
	named_peer(s, &sa, slen, prefix, 0);
	named_peer(s, &sa, slen, prefix, 1);
	close(s);
}

static void dgram(const char *prefix)
{
	char spath[256], cpath[256], label[300];
	struct sockaddr_un ssa, csa, from;
	socklen_t slen, clen, flen;

	snprintf(spath, sizeof spath, "%s.dsrv", prefix);
	snprintf(cpath, sizeof cpath, "%s.dcli", prefix);
	int srv = socket(AF_UNIX, SOCK_DGRAM, 0);
	int cli = socket(AF_UNIX, SOCK_DGRAM, 0);
	slen = set_addr(&ssa, spath);
	clen = set_addr(&csa, cpath);
	snprintf(label, sizeof label, "bind %s", spath);
	if (outcome(label, syscall(SYS_bind, srv, &ssa, slen)) < 0)
		return;
	snprintf(label, sizeof label, "bind %s", cpath);
	if (outcome(label, syscall(SYS_bind, cli, &csa, clen)) < 0)
		return;

	snprintf(label, sizeof label, "sendto %s", spath);
	outcome(label, syscall(SYS_sendto, cli, "one", 3, 0, &ssa, slen));
	char buf[16] = { 0 };
	flen = sizeof from;
	memset(&from, 0, sizeof from);
	long r = syscall(SYS_recvfrom, srv, buf, sizeof buf - 1, MSG_DONTWAIT, &from, &flen);
	if (r < 0)
		out("recvfrom: %s", errname(errno));
	else
		out("recvfrom: ok \"%s\" from %s", buf, addr_text(&from, flen));

	struct iovec iov = { .iov_base = "two", .iov_len = 3 };
	struct msghdr mh = { .msg_name = &ssa, .msg_namelen = slen, .msg_iov = &iov, .msg_iovlen = 1 };
	snprintf(label, sizeof label, "sendmsg %s", spath);
	outcome(label, syscall(SYS_sendmsg, cli, &mh, 0));
	memset(buf, 0, sizeof buf);
	memset(&from, 0, sizeof from);
	struct iovec riov = { .iov_base = buf, .iov_len = sizeof buf - 1 };
	struct msghdr rmh = { .msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &riov, .msg_iovlen = 1 };
	r = syscall(SYS_recvmsg, srv, &rmh, MSG_DONTWAIT);
	if (r < 0)
		out("recvmsg: %s", errname(errno));
	else
		out("recvmsg: ok \"%s\" from %s", buf, addr_text(&from, rmh.msg_namelen));
	close(srv);
	close(cli);
	unlink(spath);
	unlink(cpath);
}

static void missing(const char *prefix)
{
	char path[256], label[300];
	struct sockaddr_un sa;
	snprintf(path, sizeof path, "%s.none", prefix);
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	socklen_t len = set_addr(&sa, path);
	snprintf(label, sizeof label, "connect %s", path);
	outcome(label, syscall(SYS_connect, c, &sa, len));
	close(c);
}

/* Abstract names are not paths: they must pass through untouched. */
static void abstract(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	outcome("bind abstract (autobind)", syscall(SYS_bind, s, &sa, sizeof(sa_family_t)));
	print_name("getsockname abstract", s, 0);
	close(s);
}

static void connects(const char *prefix, int n)
{
	struct sockaddr_un sa;
	char name[256];
	socklen_t len;
	int srv, i;

	snprintf(name, sizeof name, "%s.stream", prefix);
	len = set_addr(&sa, name);
	srv = socket(AF_UNIX, SOCK_STREAM, 0);
	if (srv < 0 || bind(srv, (struct sockaddr *)&sa, len) < 0 || listen(srv, 1) < 0) {
		out("bind %s: %s", name, errname(errno));
		return;
	}
	for (i = 0; i < n; i++) {
		int cli = socket(AF_UNIX, SOCK_STREAM, 0), acc;

		if (cli < 0 || connect(cli, (struct sockaddr *)&sa, len) < 0) {
			out("connect %d: %s", i + 1, errname(errno));
			return;
		}
		acc = accept(srv, NULL, NULL);
		if (acc >= 0)
			close(acc);
		close(cli);
	}
	out("%d connects: ok", n);
}

int main(int argc, char **argv)
{
	if (argc == 3) {
		connects(argv[1], atoi(argv[2]));
		return 0;
	}
	if (argc != 2)
		die_usage("sockpair PREFIX [N]");
	stream(argv[1]);
	dgram(argv[1]);
	missing(argv[1]);
	abstract();
	return 0;
}
