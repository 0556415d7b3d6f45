/* PRoot-compatible option parsing. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "path/canon.h"

enum { OPT_KILL_ON_EXIT = 256, OPT_QUIET, OPT_REPORT, OPT_CACHE_DIR, OPT_CACHE_LIST, OPT_CACHE_CLEAN,
       OPT_IDS_FILE, OPT_ENGINE };

static const struct option long_opts[] = {
	{ "rootfs", required_argument, NULL, 'r' },
	{ "bind", required_argument, NULL, 'b' },
	{ "mount", required_argument, NULL, 'm' },
	{ "pwd", required_argument, NULL, 'w' },
	{ "cwd", required_argument, NULL, 'w' },
	{ "verbose", required_argument, NULL, 'v' },
	{ "version", no_argument, NULL, 'V' },
	{ "help", no_argument, NULL, 'h' },
	{ "root-id", no_argument, NULL, '0' },
	{ "change-id", required_argument, NULL, 'i' },
	{ "ids-file", required_argument, NULL, OPT_IDS_FILE },
	{ "kernel-release", required_argument, NULL, 'k' },
	{ "port", required_argument, NULL, 'p' },
	{ "netcoop", no_argument, NULL, 'n' },
	{ "qemu", required_argument, NULL, 'q' },
	{ "kill-on-exit", no_argument, NULL, OPT_KILL_ON_EXIT },
	{ "report", no_argument, NULL, OPT_REPORT },
	{ "quiet", no_argument, NULL, OPT_QUIET },
	{ "cache-dir", required_argument, NULL, OPT_CACHE_DIR },
	{ "cache-list", no_argument, NULL, OPT_CACHE_LIST },
	{ "cache-clean", optional_argument, NULL, OPT_CACHE_CLEAN },
	{ "engine", required_argument, NULL, OPT_ENGINE },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *f)
{
	fputs("usage: burrow [options] [--] [command [args...]]\n"
	      "Run command with ROOTFS as its root directory and bindings laid over it,\n"
	      "without privileges.  Without a command, runs the guest's /bin/sh.\n\n"
	      "  -r, --rootfs=DIR       use DIR as the guest's root (default: /); an archive\n"
	      "                         (tar[.gz|.xz|.zst|.bz2], zip, cpio, docker save, OCI)\n"
	      "                         is unpacked once into the cache and run from there\n"
	      "  -b, --bind=HOST[:GUEST] make HOST appear at GUEST (default: HOST);\n"
	      "                         symlinks on the way to GUEST are followed in\n"
	      "                         the guest; GUEST! keeps a final one, HOST!\n"
	      "                         keeps HOST's symlink as it is\n"
	      "  -m, --mount=HOST[:GUEST] same as -b\n"
	      "  -w, --pwd, --cwd=DIR   start in guest directory DIR\n"
	      "  -R DIR                 -r DIR plus the recommended bindings for a\n"
	      "                         usable system (/dev /proc /sys /tmp /run, $HOME,\n"
	      "                         /etc/{hosts,resolv.conf,passwd,group,...})\n"
	      "  -S DIR                 -r DIR, -0, and the bindings of -R that a guest\n"
	      "                         managing its own users keeps its own copy of\n"
	      "                         (no /etc/passwd, /etc/group, $HOME...)\n"
	      "  -0, --root-id          fake root: the command sees uid and gid 0, and may\n"
	      "                         chown, chmod, mknod, setuid... as root may; owners,\n"
	      "                         modes and device nodes it sets are kept (--ids-file)\n"
	      "  -i, --change-id=UID:GID like -0, with these ids instead of 0:0\n"
	      "      --ids-file=FILE    where -0/-i keep faked owners, modes and device\n"
	      "                         nodes (default: ROOTFS/.burrow-ids; none without -r)\n"
	      "  -k, --kernel-release=STRING  uname shows STRING as the kernel's release;\n"
	      "                         PRoot's \\sysname\\nodename\\release\\version\\machine\\\n"
	      "                         domainname\\hwcap\\ sets every field (empty: kept)\n"
	      "  -p, --port=IN:OUT      a bind or connect to port IN uses port OUT\n"
	      "                         (repeatable)\n"
	      "  -n, --netcoop          every bind to a port takes a free one, and the\n"
	      "                         run's connects to the port it named reach it\n"
	      "  -q, --qemu=COMMAND     run the guest's programs of another architecture\n"
	      "                         through this qemu-user COMMAND (a static one, and\n"
	      "                         its options: \"qemu-aarch64-static -cpu max\");\n"
	      "                         the host's root is then seen at /host-rootfs\n"
	      "  -v, --verbose=N        debug output level (0-3)\n"
	      "      --kill-on-exit     kill every remaining process when the command exits\n"
	      "      --report           list at exit the syscalls seen that could carry a\n"
	      "                         path but that burrow does not translate, and\n"
	      "                         how often it trapped each call it translates\n"
	      "      --engine=ENGINE    ptrace (the default), guest: translate in the\n"
	      "                         guest's processes, without ptrace (experimental:\n"
	      "                         -r/-b/-w runs), or auto: guest where it can\n"
	      "      --quiet            no progress line while unpacking an archive\n"
	      "      --cache-dir=DIR    cache of unpacked archives (default:\n"
	      "                         $XDG_CACHE_HOME/burrow, else ~/.cache/burrow)\n"
	      "      --cache-list       list the cache's entries and exit\n"
	      "      --cache-clean[=DAYS] remove the cache's entries (those unused for DAYS\n"
	      "                         days) and exit\n"
	      "  -V, --version          print the version\n"
	      "  -h, --help             print this help\n\n"
	      "Environment: BURROW_NO_SECCOMP=1 (or PROOT_NO_SECCOMP=1) stops at every\n"
	      "syscall instead of using a seccomp filter; BURROW_ENGINE=ENGINE is\n"
	      "--engine=ENGINE.\n", f);
}

static int add_bind(TALLOC_CTX *mem, struct options *o, const char *spec)
{
	struct cli_bind *b;
	char *s, *colon;
	size_t n;

	o->binds = talloc_realloc(mem, o->binds, struct cli_bind, o->nbinds + 1);
	if (!o->binds)
		return -ENOMEM;
	b = &o->binds[o->nbinds];
	memset(b, 0, sizeof(*b));
	s = talloc_strdup(mem, spec);
	if (!s)
		return -ENOMEM;
	/* PRoot's "!" ends GUEST: that location is not dereferenced.  One
	 * ending HOST keeps a symlink HOST as it is (burrow's own); "HOST!"
	 * alone, where GUEST is HOST, means both. */
	n = strlen(s);
	if (n > 1 && s[n - 1] == '!') {
		b->guest_nofollow = true;
		s[n - 1] = '\0';
	}
	colon = strchr(s, ':');
	if (colon) {
		*colon = '\0';
		b->guest = colon + 1;
	} else {
		b->keep_host_link = b->guest_nofollow;
	}
	b->host = s;
	n = strlen(s);
	if (n > 1 && s[n - 1] == '!') {
		b->keep_host_link = true;
		s[n - 1] = '\0';
	}
	if (!b->host[0] || (b->guest && !b->guest[0])) {
		fprintf(stderr, "burrow: -b %s: empty path in binding (expected HOST[:GUEST])\n", spec);
		return -EINVAL;
	}
	/* "-b HOST:/" is "-r HOST", as in PRoot: the last one given wins. */
	if (b->guest && b->guest[0] == '/') {
		const char *g = path_normalise(mem, b->guest);

		if (!g)
			return -ENOMEM;
		if (strcmp(g, "/") == 0) {
			o->rootfs = b->host;
			return 0;
		}
	}
	o->nbinds++;
	return 0;
}

/* PRoot's -R: the host files and directories that make a guest usable.
 * -S (a guest that manages its own users and packages) takes fewer:
 * the guest's own /etc/passwd and /etc/group, no $HOME. */
static int add_recommended(TALLOC_CTX *mem, struct options *o, bool for_root)
{
	static const char *const common[] = {
		"/etc/host.conf", "/etc/hosts", "/etc/nsswitch.conf", "/etc/resolv.conf",
		"/dev", "/sys", "/proc", "/tmp",
	};
	static const char *const user[] = {
		"/etc/hosts.equiv", "/etc/mtab", "/etc/netgroup", "/etc/networks",
		"/etc/passwd", "/etc/group", "/etc/localtime", "/run",
		"/var/run/dbus/system_bus_socket",
	};
	const char *home = getenv("HOME");

	/* Missing host paths are skipped, as PRoot does. */
	for (size_t i = 0; i < sizeof(common) / sizeof(common[0]); i++)
		if (access(common[i], F_OK) == 0 && add_bind(mem, o, common[i]) < 0)
			return -ENOMEM;
	if (for_root)
		return access("/run/shm", F_OK) == 0 ? add_bind(mem, o, "/run/shm") : 0;
	for (size_t i = 0; i < sizeof(user) / sizeof(user[0]); i++)
		if (access(user[i], F_OK) == 0 && add_bind(mem, o, user[i]) < 0)
			return -ENOMEM;
	if (home && home[0] == '/' && access(home, F_OK) == 0 && add_bind(mem, o, home) < 0)
		return -ENOMEM;
	return 0;
}

/* A port number, 1-65535, in the n bytes at s. */
static bool port_number(const char *s, size_t n, unsigned short *port)
{
	unsigned long v = 0;

	if (n == 0 || n > 5)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v == 0 || v > 65535)
		return false;
	*port = (unsigned short)v;
	return true;
}

/* -p IN:OUT */
static int add_port(TALLOC_CTX *mem, struct options *o, const char *spec)
{
	const char *colon = strchr(spec, ':');
	unsigned short in, out;

	if (!colon || !port_number(spec, (size_t)(colon - spec), &in) ||
	    !port_number(colon + 1, strlen(colon + 1), &out)) {
		fprintf(stderr, "burrow: -p %s: expected IN:OUT, two port numbers 1-65535"
			" (for example -p 8080:18080)\n", spec);
		return -EINVAL;
	}
	o->ports = talloc_realloc(mem, o->ports, struct cli_port, o->nports + 1);
	if (!o->ports)
		return -ENOMEM;
	o->ports[o->nports++] = (struct cli_port){ in, out };
	return 0;
}

/* -i UID:GID, numeric as PRoot takes them. */
static int parse_ids(const char *spec, struct options *o)
{
	char *end;
	unsigned long uid, gid;

	uid = strtoul(spec, &end, 10);
	if (end == spec || *end != ':' || spec[0] == '-')
		goto bad;
	gid = strtoul(end + 1, &end, 10);
	if (*end || end[-1] == ':' || uid >= 0xffffffffUL || gid >= 0xffffffffUL)
		goto bad;
	o->fake_ids = true;
	o->fake_uid = (unsigned)uid;
	o->fake_gid = (unsigned)gid;
	return 0;
bad:
	fprintf(stderr, "burrow: -i %s: expected numeric UID:GID (for example -i 1000:1000)\n", spec);
	return -EINVAL;
}

int cli_parse(TALLOC_CTX *mem, int argc, char **argv, struct options *o)
{
	int c, rc;
	char *end;

	memset(o, 0, sizeof(*o));
	opterr = 0;
	/* "+": options stop at the command, whose own options are its own. */
	while ((c = getopt_long(argc, argv, "+:r:b:m:w:v:R:Vh0i:S:k:p:nq:", long_opts, NULL)) != -1) {
		static const struct { int c; const char *name; } ptrace_only[] = {
			{ '0', "-0" }, { 'i', "-i" }, { 'S', "-S" }, { 'k', "-k" }, { 'p', "-p" },
			{ 'n', "-n" }, { 'q', "-q" }, { OPT_REPORT, "--report" },
		};

		for (size_t i = 0; i < sizeof(ptrace_only) / sizeof(ptrace_only[0]); i++)
			if (c == ptrace_only[i].c && !o->ptrace_only)
				o->ptrace_only = ptrace_only[i].name;
		switch (c) {
		case 'r':
			o->rootfs = optarg;
			break;
		case 'R':
			o->rootfs = optarg;
			if ((rc = add_recommended(mem, o, false)) < 0)
				return rc;
			break;
		case 'S':
			o->rootfs = optarg;
			if ((rc = add_recommended(mem, o, true)) < 0)
				return rc;
			o->fake_ids = true;
			o->fake_uid = o->fake_gid = 0;
			break;
		case '0':
			o->fake_ids = true;
			o->fake_uid = o->fake_gid = 0;
			break;
		case 'i':
			if ((rc = parse_ids(optarg, o)) < 0)
				return rc;
			break;
		case 'k':
			o->kernel_release = optarg;
			break;
		case 'p':
			if ((rc = add_port(mem, o, optarg)) < 0)
				return rc;
			break;
		case 'n':
			o->netcoop = true;
			break;
		case 'q':
			/* As PRoot: the host's root at /host-rootfs, once, where
			 * a later -b can still lay something over it. */
			if (!o->qemu && (rc = add_bind(mem, o, "/:" QEMU_HOST_ROOTFS)) < 0)
				return rc;
			o->qemu = optarg;
			break;
		case OPT_IDS_FILE:
			o->ids_file = optarg;
			break;
		case 'b':
		case 'm':
			if ((rc = add_bind(mem, o, optarg)) < 0)
				return rc;
			break;
		case 'w':
			o->cwd = optarg;
			break;
		case 'v':
			o->verbose = (int)strtol(optarg, &end, 10);
			if (*end || end == optarg) {
				fprintf(stderr, "burrow: -v %s: not a number (expected a level 0-3)\n", optarg);
				return -EINVAL;
			}
			break;
		case 'V':
			printf("burrow %s\n", BURROW_VERSION);
			return 1;
		case 'h':
			usage(stdout);
			return 1;
		case OPT_KILL_ON_EXIT:
			o->kill_on_exit = true;
			break;
		case OPT_REPORT:
			o->report = true;
			break;
		case OPT_QUIET:
			o->quiet = true;
			break;
		case OPT_ENGINE:
			o->engine = optarg;
			break;
		case OPT_CACHE_DIR:
			o->cache_dir = optarg;
			break;
		case OPT_CACHE_LIST:
			o->cache_list = true;
			break;
		case OPT_CACHE_CLEAN:
			o->cache_clean = true;
			if (optarg) {
				o->cache_clean_days = strtol(optarg, &end, 10);
				if (*end || end == optarg || o->cache_clean_days <= 0) {
					fprintf(stderr, "burrow: --cache-clean=%s: not a number of days\n", optarg);
					return -EINVAL;
				}
			}
			break;
		case ':':
			fprintf(stderr, "burrow: %s: option needs an argument (see burrow --help)\n",
				argv[optind - 1]);
			return -EINVAL;
		default:
			fprintf(stderr, "burrow: %s: unknown option (see burrow --help)\n",
				argv[optind - 1]);
			return -EINVAL;
		}
	}
	if (optind < argc)
		o->command = argv + optind;
	return 0;
}
