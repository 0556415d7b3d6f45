/* Ports of AF_INET and AF_INET6 addresses under -p IN:OUT and -n, called
 * from the socket handlers (socket.c) only when one of them was given.
 *
 * The guest lives in its own port space: a port it names (bind,
 * connect, sendto, sendmsg) is mapped to the host's, and a host port in
 * an address the kernel returns (getsockname, getpeername, accept,
 * recvfrom, recvmsg) reads as the guest's.  -p entries apply to every
 * address, as PRoot's.  -n makes a bind to a port without an entry take
 * a free one (port 0); at the exit burrow reads the port the kernel gave
 * through a copy of the socket (pidfd_getfd, Linux 5.6) and records the
 * entry, which then applies to this machine's addresses only: a connect
 * to another host's 8080 is not redirected.
 *
 * The map is not a bijection: any returned port that is an entry's host
 * port reads as its guest port, a peer's too.  sendmmsg and recvmmsg
 * are not stopped at (nor for AF_UNIX names): their ports pass as is.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/autoclose.h"
#include "syscalls/syscalls.h"
#include "tracee/tracee.h"

/* Both families keep the port at the same place. */
_Static_assert(offsetof(struct sockaddr_in, sin_port) == offsetof(struct sockaddr_in6, sin6_port),
	       "sin_port and sin6_port differ");
#define PORT_AT offsetof(struct sockaddr_in, sin_port)

bool inet_ports_on(const struct tracer *tr)
{
	return tr->nports > 0 || tr->netcoop;
}

/* The family of an inet address long enough to hold one, or 0. */
static sa_family_t inet_family(const unsigned char *sa, size_t len)
{
	sa_family_t fam;

	if (len < sizeof(fam))
		return 0;
	memcpy(&fam, sa, sizeof(fam));
	if (fam == AF_INET && len >= sizeof(struct sockaddr_in))
		return fam;
	/* Without sin6_scope_id, as the kernel accepts (RFC 2133). */
	if (fam == AF_INET6 && len >= offsetof(struct sockaddr_in6, sin6_scope_id))
		return fam;
	return 0;
}

static uint16_t get_port(const unsigned char *sa)
{
	uint16_t p;

	memcpy(&p, sa + PORT_AT, sizeof(p));
	return ntohs(p);
}

static void set_port(unsigned char *sa, uint16_t port)
{
	uint16_t p = htons(port);

	memcpy(sa + PORT_AT, &p, sizeof(p));
}

/* Whether the address is one of this machine's (loopback, any, or an
 * interface's): the kernel lets a socket bind only those. */
static bool addr_is_local(const unsigned char *sa, size_t len, sa_family_t fam)
{
	struct sockaddr_storage ss;
	bool local;
	int fd;

	if (len > sizeof(ss))
		len = sizeof(ss);
	memcpy(&ss, sa, len);
	set_port((unsigned char *)&ss, 0);
	fd = socket(fam, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return false;
	local = bind(fd, (struct sockaddr *)&ss, (socklen_t)len) == 0;
	close(fd);
	return local;
}

static struct port_map *by_guest(struct tracer *tr, uint16_t port)
{
	for (size_t i = 0; i < tr->nports; i++)
		if (tr->ports[i].guest == port)
			return &tr->ports[i];
	return NULL;
}

static struct port_map *by_host(struct tracer *tr, uint16_t port)
{
	for (size_t i = 0; i < tr->nports; i++)
		if (tr->ports[i].host == port)
			return &tr->ports[i];
	return NULL;
}

/* What -n's bind carries to its exit. */
struct coop_bind {
	int fd;
	uint16_t guest;
};

int inet_addr_from_guest(struct tracee *t, unsigned char *sa, size_t len)
{
	struct tracer *tr = t->tracer;
	sa_family_t fam = inet_family(sa, len);
	uint16_t port = fam ? get_port(sa) : 0;
	struct port_map *m;
	struct coop_bind *cb;

	if (port == 0)
		return 0;
	m = by_guest(tr, port);
	/* A bind's address is this machine's, or the bind fails anyway. */
	if (m && m->netcoop && t->stop.sc != SC_bind && !addr_is_local(sa, len, fam))
		return 0;
	if (m) {
		set_port(sa, m->host);
	} else if (tr->netcoop && t->stop.sc == SC_bind) {
		cb = talloc(t->stop.scratch, struct coop_bind);
		if (!cb)
			return -ENOMEM;
		cb->fd = (int)arch_arg(&t->stop.regs, 0);
		cb->guest = port;
		t->stop.exit_data = cb;
		t->stop.exit_wanted = true;
		set_port(sa, 0);
	} else {
		return 0;
	}
	if (tr->verbose >= 2)
		fprintf(stderr, "burrow: [%d] %s port %u -> %u\n", (int)t->pid, sc_desc[t->stop.sc].name,
			port, get_port(sa));
	return 1;
}

int inet_addr_to_guest(struct tracee *t, unsigned char *sa, size_t len)
{
	sa_family_t fam = inet_family(sa, len);
	uint16_t port = fam ? get_port(sa) : 0;
	struct port_map *m = port ? by_host(t->tracer, port) : NULL;

	if (!m || (m->netcoop && !addr_is_local(sa, len, fam)))
		return 0;
	set_port(sa, m->guest);
	return 1;
}

/* The port the kernel gave the tracee's socket fd: 0 or -errno. */
static int socket_port(struct tracee *t, int fd, uint16_t *port)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	AUTOCLOSE int pidfd = -1;
	AUTOCLOSE int copy = -1;

	pidfd = (int)syscall(SYS_pidfd_open, t->tgid, 0);
	if (pidfd < 0)
		return -errno;
	copy = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	if (copy < 0)
		return -errno;
	if (getsockname(copy, (struct sockaddr *)&ss, &len) < 0)
		return -errno;
	if (!inet_family((unsigned char *)&ss, len))
		return -EAFNOSUPPORT;
	*port = get_port((unsigned char *)&ss);
	return 0;
}

/* by_guest finds the one entry a guest port has. */
int inet_add_port(struct tracer *tr, uint16_t guest, uint16_t host, bool netcoop)
{
	struct port_map *m = by_guest(tr, guest), *grown;

	if (!m) {
		grown = talloc_realloc(tr, tr->ports, struct port_map, tr->nports + 1);
		if (!grown)
			return -ENOMEM;
		tr->ports = grown;
		m = &tr->ports[tr->nports++];
	}
	*m = (struct port_map){ .guest = guest, .host = host, .netcoop = netcoop };
	return 0;
}

int sys_bind_exit(struct tracee *t)
{
	struct tracer *tr = t->tracer;
	struct coop_bind *cb = t->stop.exit_data;
	uint16_t port = 0;

	if (!cb || arch_result(&t->stop.regs) != 0 || socket_port(t, cb->fd, &port) < 0)
		return 0;
	/* A second bind of the port (the other family, a restarted server)
	 * finds this entry and binds the same host port. */
	if (inet_add_port(tr, cb->guest, port, true) < 0)
		return 0;
	if (tr->verbose >= 2)
		fprintf(stderr, "burrow: -n: port %u is %u on the host\n", cb->guest, port);
	return 0;
}

int inet_netcoop_check(void)
{
	AUTOCLOSE int pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	AUTOCLOSE int copy = -1;

	if (pidfd < 0)
		return -errno;
	copy = (int)syscall(SYS_pidfd_getfd, pidfd, pidfd, 0);
	return copy < 0 ? -errno : 0;
}
