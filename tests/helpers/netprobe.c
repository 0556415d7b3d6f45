/* netprobe: TCP and UDP on loopback, for burrow's -p and -n.  Prints
 * only the ports the program itself named (as getsockname, getpeername
 * and recvfrom show them) and the bytes received, never a port the
 * kernel chose.
 *
 *   netprobe serve tcp|udp ADDR PORT   bind ADDR:PORT, print "ready", take
 *                                      one connection (or datagram), print
 *                                      what it carried (not where from)
 *   netprobe send tcp|udp ADDR PORT MSG    connect (or sendto) and send MSG
 *   netprobe self tcp|udp|udpmsg ADDR PORT MSG
 *                                      serve on ADDR:PORT, print "ready",
 *                                      wait for a line on stdin, then send
 *                                      MSG to ADDR:PORT from the same
 *                                      process (udp: from ADDR:PORT+1;
 *                                      udpmsg: with sendmsg and recvmsg)
 *   netprobe two ADDR1 ADDR2 PORT      serve TCP on ADDR1:PORT and on
 *                                      ADDR2:PORT, then reach the second
 *   netprobe has ADDR                  exit 0 when a socket can bind ADDR
 *   netprobe freeport ADDR             a port free on ADDR now (for the
 *                                      host side of a test)
 *
 * ADDR is numeric: 127.0.0.1 or ::1.  Socket calls are raw syscalls.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "helper.h"

struct addr {
	struct sockaddr_storage ss;
	socklen_t len;
};

static void make_addr(struct addr *a, const char *host, unsigned port)
{
	struct sockaddr_in *in = (struct sockaddr_in *)&a->ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&a->ss;

	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, host, &in->sin_addr) == 1) {
		in->sin_family = AF_INET;
		in->sin_port = htons((uint16_t)port);
		a->len = sizeof(*in);
	} else if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		a->len = sizeof(*in6);
	} else {
		fprintf(stderr, "netprobe: %s: not a numeric address\n", host);
		exit(2);
	}
}

static unsigned port_of(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)ss)->sin_port);
	return ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);
}

static int new_socket(const struct addr *a, int type)
{
	int one = 1;
	long fd = syscall(SYS_socket, a->ss.ss_family, type | SOCK_CLOEXEC, 0);

	if (fd < 0) {
		out("socket: %s", errname(errno));
		exit(1);
	}
	setsockopt((int)fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	return (int)fd;
}

static void must(const char *label, long ret)
{
	if (ret < 0) {
		out("%s: %s", label, errname(errno));
		exit(1);
	}
}

/* "LABEL PORT" as getsockname or getpeername shows it. */
static void show_name(const char *label, int fd, int nr)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	must(label, syscall(nr, fd, &ss, &len));
	out("%s %u", label, port_of(&ss));
}

static int bound(const struct addr *a, int type)
{
	int fd = new_socket(a, type);

	must("bind", syscall(SYS_bind, fd, &a->ss, a->len));
	show_name("bound", fd, SYS_getsockname);
	if (type == SOCK_STREAM)
		must("listen", syscall(SYS_listen, fd, 4));
	return fd;
}

static void read_all(int fd, char *buf, size_t size)
{
	size_t n = 0;
	long r;

	while (n < size - 1 && (r = syscall(SYS_read, fd, buf + n, size - 1 - n)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		must("read", r);
		n += (size_t)r;
	}
	buf[n] = '\0';
}

/* One TCP connection on listening socket fd: its local port and bytes. */
static void take_tcp(int fd)
{
	char buf[256];
	long c = syscall(SYS_accept4, fd, NULL, NULL, 0);

	must("accept", c);
	show_name("accepted", (int)c, SYS_getsockname);
	read_all((int)c, buf, sizeof(buf));
	out("got %s", buf);
	close((int)c);
}

/* One datagram on fd, and with show_from the port it came from. */
static void take_udp(int fd, int use_msg, int show_from)
{
	char buf[256];
	struct sockaddr_storage from;
	socklen_t fromlen = sizeof(from);
	long n;

	if (use_msg) {
		struct iovec iov = { buf, sizeof(buf) - 1 };
		struct msghdr mh = { .msg_name = &from, .msg_namelen = sizeof(from),
				     .msg_iov = &iov, .msg_iovlen = 1 };

		n = syscall(SYS_recvmsg, fd, &mh, 0);
		fromlen = mh.msg_namelen;
	} else {
		n = syscall(SYS_recvfrom, fd, buf, sizeof(buf) - 1, 0, &from, &fromlen);
	}
	must("recv", n);
	buf[n] = '\0';
	if (show_from)
		out("got %s from %u", buf, port_of(&from));
	else
		out("got %s", buf);
}

static void send_tcp(const struct addr *to, const char *msg)
{
	int fd = new_socket(to, SOCK_STREAM);

	must("connect", syscall(SYS_connect, fd, &to->ss, to->len));
	show_name("peer", fd, SYS_getpeername);
	must("write", syscall(SYS_write, fd, msg, strlen(msg)));
	close(fd);
}

static void send_udp(int fd, const struct addr *to, const char *msg, int use_msg)
{
	if (use_msg) {
		struct iovec iov = { (void *)msg, strlen(msg) };
		struct msghdr mh = { .msg_name = (void *)&to->ss, .msg_namelen = to->len,
				     .msg_iov = &iov, .msg_iovlen = 1 };

		must("sendmsg", syscall(SYS_sendmsg, fd, &mh, 0));
	} else {
		must("sendto", syscall(SYS_sendto, fd, msg, strlen(msg), 0, &to->ss, to->len));
	}
	out("sent");
}

static void wait_line(void)
{
	char c;

	while (syscall(SYS_read, 0, &c, 1) == 1 && c != '\n')
		;
}

static int usage(void)
{
	fputs("usage: netprobe serve tcp|udp ADDR PORT | send tcp|udp ADDR PORT MSG |\n"
	      "       self tcp|udp|udpmsg ADDR PORT MSG | two ADDR1 ADDR2 PORT |\n"
	      "       has ADDR | freeport ADDR\n", stderr);
	return 2;
}

int main(int argc, char **argv)
{
	struct addr a, b;
	int fd;

	if (argc == 3 && (strcmp(argv[1], "has") == 0 || strcmp(argv[1], "freeport") == 0)) {
		make_addr(&a, argv[2], 0);
		fd = (int)syscall(SYS_socket, a.ss.ss_family, SOCK_STREAM, 0);
		if (fd < 0 || syscall(SYS_bind, fd, &a.ss, a.len) < 0) {
			out("%s: %s", argv[2], errname(errno));
			return 1;
		}
		if (argv[1][0] == 'f')
			show_name("port", fd, SYS_getsockname);
		return 0;
	}
	if (argc == 5 && strcmp(argv[1], "two") == 0) {
		make_addr(&a, argv[2], (unsigned)atoi(argv[4]));
		make_addr(&b, argv[3], (unsigned)atoi(argv[4]));
		bound(&a, SOCK_STREAM);
		fd = bound(&b, SOCK_STREAM);
		send_tcp(&b, "second");
		take_tcp(fd);
		return 0;
	}
	if (argc < 5)
		return usage();
	make_addr(&a, argv[3], (unsigned)atoi(argv[4]));
	int tcp = strcmp(argv[2], "tcp") == 0, use_msg = strcmp(argv[2], "udpmsg") == 0;
	int type = tcp ? SOCK_STREAM : SOCK_DGRAM;

	if (strcmp(argv[1], "serve") == 0 && argc == 5) {
		fd = bound(&a, type);
		out("ready");
		if (tcp)
			take_tcp(fd);
		else
			take_udp(fd, use_msg, 0);
		return 0;
	}
	if (strcmp(argv[1], "send") == 0 && argc == 6) {
		if (tcp) {
			send_tcp(&a, argv[5]);
		} else {
			fd = new_socket(&a, SOCK_DGRAM);
			send_udp(fd, &a, argv[5], use_msg);
		}
		return 0;
	}
	if (strcmp(argv[1], "self") == 0 && argc == 6) {
		fd = bound(&a, type);
		out("ready");
		wait_line();
		if (tcp) {
			/* The handshake completes in the backlog: one process
			 * is both ends. */
			send_tcp(&a, argv[5]);
			take_tcp(fd);
		} else {
			make_addr(&b, argv[3], (unsigned)atoi(argv[4]) + 1);
			send_udp(bound(&b, SOCK_DGRAM), &a, argv[5], use_msg);
			take_udp(fd, use_msg, 1);
		}
		return 0;
	}
	return usage();
}
