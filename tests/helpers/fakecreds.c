/* fakecreds: what a build daemon asks of the kernel as root.
 *
 *   fakecreds peercred UID   a server listens on an abstract unix socket;
 *                            a child becomes UID and connects: each side
 *                            prints the uid and gid SO_PEERCRED shows
 *   fakecreds ifup IF        SIOCSIFFLAGS of IF with its own flags plus
 *                            IFF_UP, then whether SIOCGIFFLAGS says up
 *   fakecreds status         Uid:, Gid: and Groups: of /proc/self/status,
 *                            read with read(2), then with pread(2) after
 *                            lseek(2) to the end
 *   fakecreds setuid UID     setresgid, setgroups, setresuid to UID, then
 *                            as status
 *   fakecreds caps HEX       capset: HEX effective and permitted, none
 *                            inheritable; then CapInh:, CapPrm: and
 *                            CapEff: of /proc/self/status
 *   fakecreds files STEP... FILE
 *                            after the steps, chown FILE to 1:1, chmod it
 *                            0640, mknod FILE.dev (char 1:3)
 *   fakecreds open STEP... FILE
 *                            after the steps, open FILE for reading
 *   fakecreds hostname STEP... NAME
 *                            after the steps, sethostname NAME
 *
 * A STEP changes the credentials first, each with its own result line
 * on failure: drop=HEX (capset without those capabilities), raise=HEX
 * (capset: those back in the effective set), fsuid=N (setfsuid),
 * keepuid=N (PR_SET_KEEPCAPS, then setresuid to N).
 */
#include <grp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/sysmacros.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

#include "helper.h"

static void peer(const char *who, int fd)
{
	struct ucred uc;
	socklen_t len = sizeof uc;

	if (syscall(SYS_getsockopt, fd, SOL_SOCKET, SO_PEERCRED, &uc, &len) < 0)
		out("%s: SO_PEERCRED %s", who, errname(errno));
	else
		out("%s: uid %u gid %u", who, (unsigned)uc.uid, (unsigned)uc.gid);
}

static int peercred(uid_t uid)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	socklen_t len;
	int srv, conn, st, sync[2];
	pid_t kid;
	char c;

	/* Abstract: no file, nothing to translate, unique per run. */
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
			  (size_t)snprintf(sa.sun_path + 1, sizeof sa.sun_path - 1,
					   "burrow-fakecreds-%d", (int)getpid()));
	srv = socket(AF_UNIX, SOCK_STREAM, 0);
	if (srv < 0 || bind(srv, (struct sockaddr *)&sa, len) < 0 || listen(srv, 1) < 0 ||
	    pipe(sync) < 0)
		return 1;
	kid = fork();
	if (kid == 0) {
		int fd = socket(AF_UNIX, SOCK_STREAM, 0);

		if (setresgid(uid, uid, uid) < 0 || setresuid(uid, uid, uid) < 0)
			_exit(1);
		if (fd < 0 || connect(fd, (struct sockaddr *)&sa, len) < 0)
			_exit(1);
		/* The server has asked: then the client asks. */
		if (read(sync[0], &c, 1) != 1)
			_exit(1);
		peer("client sees the server", fd);
		_exit(0);
	}
	conn = accept(srv, NULL, NULL);
	if (conn < 0)
		return 1;
	peer("server sees the client", conn);
	if (write(sync[1], "x", 1) != 1 || waitpid(kid, &st, 0) != kid)
		return 1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}

static int ifup(const char *name)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", name);
	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) {
		out("SIOCGIFFLAGS %s: %s", name, errname(errno));
		return 1;
	}
	ifr.ifr_flags |= IFF_UP;
	outcome("SIOCSIFFLAGS", syscall(SYS_ioctl, fd, SIOCSIFFLAGS, &ifr));
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		return 1;
	out("%s up: %s", name, ifr.ifr_flags & IFF_UP ? "yes" : "no");
	return 0;
}

/* The id lines of buf (len bytes), prefixed with how they were read;
 * with caps, the capability lines instead. */
static void id_lines(const char *how, char *buf, size_t len, bool caps)
{
	char *line = buf, *end;

	buf[len] = '\0';
	for (; (end = strchr(line, '\n')); line = end + 1) {
		*end = '\0';
		if (caps ? !strncmp(line, "CapInh:", 7) || !strncmp(line, "CapPrm:", 7) ||
			   !strncmp(line, "CapEff:", 7)
			 : !strncmp(line, "Uid:", 4) || !strncmp(line, "Gid:", 4) ||
			   !strncmp(line, "Groups:", 7))
			out("%s %s", how, line);
	}
}

static int status(bool caps)
{
	static char buf[16384];
	size_t len = 0;
	ssize_t n;
	int fd = open("/proc/self/status", O_RDONLY);

	if (fd < 0) {
		out("open: %s", errname(errno));
		return 1;
	}
	while ((n = read(fd, buf + len, sizeof buf - 1 - len)) > 0)
		len += (size_t)n;
	id_lines("read", buf, len, caps);
	/* Position does not matter to pread. */
	lseek(fd, 0, SEEK_END);
	n = pread(fd, buf, sizeof buf - 1, 0);
	id_lines("pread", buf, n > 0 ? (size_t)n : 0, caps);
	close(fd);
	return 0;
}

/* capget, then capset with eff and perm changed by clear and raise. */
static int change_caps(unsigned long long clear, unsigned long long raise)
{
	struct { uint32_t version; int pid; } h = { 0x20080522, 0 };	/* version 3 */
	struct { uint32_t eff, perm, inh; } d[2];

	if (syscall(SYS_capget, &h, d) < 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		d[i].eff = (d[i].eff & ~(uint32_t)(clear >> (32 * i))) | (uint32_t)(raise >> (32 * i));
		d[i].perm &= ~(uint32_t)(clear >> (32 * i));
	}
	return (int)syscall(SYS_capset, &h, d);
}

/* The STEPs of argv[2..last-1]: 0, or 1 after a failure line. */
static int steps(int argc, char **argv)
{
	for (int i = 2; i < argc - 1; i++) {
		const char *a = argv[i], *v = strchr(a, '=');
		long rc;

		if (!v)
			die_usage("a STEP is drop=HEX, raise=HEX, fsuid=N or keepuid=N");
		v++;
		if (strncmp(a, "drop=", 5) == 0) {
			rc = change_caps(strtoull(v, NULL, 16), 0);
		} else if (strncmp(a, "raise=", 6) == 0) {
			rc = change_caps(0, strtoull(v, NULL, 16));
		} else if (strncmp(a, "fsuid=", 6) == 0) {
			syscall(SYS_setfsuid, atoi(v));
			rc = 0;
		} else if (strncmp(a, "keepuid=", 8) == 0) {
			uid_t u = (uid_t)atoi(v);

			rc = prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0);
			if (rc == 0)
				rc = syscall(SYS_setresuid, u, u, u);
		} else {
			die_usage("a STEP is drop=HEX, raise=HEX, fsuid=N or keepuid=N");
			rc = -1;
		}
		if (rc < 0) {
			out("%s: %s", a, errname(errno));
			return 1;
		}
	}
	return 0;
}

static int files(int argc, char **argv)
{
	const char *file = argv[argc - 1];
	char dev[4096];

	if (steps(argc, argv))
		return 1;
	snprintf(dev, sizeof dev, "%s.dev", file);
	outcome("chown", syscall(SYS_fchownat, AT_FDCWD, file, 1, 1, 0));
	outcome("chmod", syscall(SYS_fchmodat, AT_FDCWD, file, 0640));
	outcome("mknod", syscall(SYS_mknodat, AT_FDCWD, dev, S_IFCHR | 0600, makedev(1, 3)));
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "files") == 0)
		return files(argc, argv);
	if (argc >= 3 && strcmp(argv[1], "open") == 0) {
		if (steps(argc, argv))
			return 1;
		outcome("open", syscall(SYS_openat, AT_FDCWD, argv[argc - 1], O_RDONLY));
		return 0;
	}
	if (argc >= 3 && strcmp(argv[1], "hostname") == 0) {
		if (steps(argc, argv))
			return 1;
		outcome("sethostname", syscall(SYS_sethostname, argv[argc - 1],
						strlen(argv[argc - 1])));
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "peercred") == 0)
		return peercred((uid_t)atoi(argv[2]));
	if (argc == 3 && strcmp(argv[1], "ifup") == 0)
		return ifup(argv[2]);
	if (argc == 2 && strcmp(argv[1], "status") == 0)
		return status(false);
	if (argc == 3 && strcmp(argv[1], "caps") == 0) {
		struct { uint32_t version; int pid; } h = { 0x20080522, 0 };	/* version 3 */
		unsigned long long set = strtoull(argv[2], NULL, 16);
		struct { uint32_t eff, perm, inh; } d[2] = {
			{ (uint32_t)set, (uint32_t)set, 0 },
			{ (uint32_t)(set >> 32), (uint32_t)(set >> 32), 0 },
		};

		if (syscall(SYS_capset, &h, d) < 0) {
			out("capset: %s", errname(errno));
			return 1;
		}
		return status(true);
	}
	if (argc == 3 && strcmp(argv[1], "setuid") == 0) {
		uid_t uid = (uid_t)atoi(argv[2]);
		gid_t groups[2] = { 5, uid };

		if (setresgid(uid, uid, uid) < 0 || setgroups(2, groups) < 0 ||
		    setresuid(uid, uid, uid) < 0) {
			out("setuid: %s", errname(errno));
			return 1;
		}
		return status(false);
	}
	die_usage("fakecreds peercred UID|ifup IF|status|setuid UID|caps HEX|"
		  "files STEP... FILE|open STEP... FILE|hostname STEP... NAME");
	return 2;
}
