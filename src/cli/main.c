/* burrow: run a command with a directory of your choosing as its root. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arch/arch.h"
#include "cli/cli.h"
#include "path/glue.h"
#include "cli/qemu.h"
#include "cli/uts.h"
#include "common/escape.h"
#include "common/util.h"
#include "ids/iddb.h"
#include "pack/pack.h"
#include "path/bind.h"
#include "path/hostfs.h"
#include "syscalls/setup.h"
#include "syscalls/syscalls.h"
#include "tracee/tracee.h"
#include "tracer/launch.h"
#include "tracer/loop.h"
#include "tracer/signals.h"

/* Exit status for burrow's own failures, as chroot(1) and env(1) use. */
#define EXIT_BURROW 125

/* Whether burrow itself is traced (an inner burrow, under an outer one
 * or proot): each of its WNOHANG polls and each pin would then be a stop
 * of the outer tracer, and a guest sched_setaffinity ends the outer
 * pinning, so neither pays (doc/ptrace-emulation.md 5.2). */
static bool self_traced(void)
{
	char buf[4096];
	const char *p;

	if (proc_read(getpid(), "status", buf, sizeof(buf)) < 0)
		return false;
	p = strstr(buf, "\nTracerPid:");
	return p && strtol(p + strlen("\nTracerPid:"), NULL, 10) != 0;
}

/* BURROW_TEST_FAIL_REGS_STORE=NAME (tests only, tracee.h). */
static int test_fail_regs_sc(void)
{
	return arch_sc_by_name(getenv("BURROW_TEST_FAIL_REGS_STORE"));
}

/* An absolute, existing host path; symlinks resolved unless keep_link.
 * NULL after a one-line error, or a warning when only_warn. */
static char *host_path(TALLOC_CTX *mem, const char *what, const char *path, bool keep_link,
		       bool only_warn)
{
	const char *how = only_warn ? "warning: " : "";
	const char *then = only_warn ? " (binding skipped)" : "";
	char *abs, *real;
	struct stat st;

	if (keep_link) {
		/* getcwd allocates: the current directory may be longer
		 * than PATH_MAX. */
		char *cwd = path[0] == '/' ? NULL : getcwd(NULL, 0);

		if (path[0] != '/' && !cwd) {
			fprintf(stderr, "burrow: %s%s %s: %s%s\n", how, what, path, strerror(errno), then);
			return NULL;
		}
		abs = path_normalise(mem, cwd ? path_join(mem, cwd, path) : path);
		free(cwd);
		if (abs && lstat(abs, &st) < 0) {
			fprintf(stderr, "burrow: %s%s %s: %s%s\n", how, what, path, strerror(errno), then);
			return NULL;
		}
		return abs;
	}
	real = realpath(path, NULL);
	if (!real) {
		fprintf(stderr, "burrow: %s%s %s: %s%s\n", how, what, path, strerror(errno), then);
		return NULL;
	}
	abs = talloc_strdup(mem, real);
	free(real);
	return abs;
}

static struct bindings *make_bindings(TALLOC_CTX *mem, const struct options *o,
				      char **glue_dir)
{
	int rc;
	struct bindings *b;
	const char *rootfs = "/";
	struct fsops ops;
	struct stat st;

	if (o->rootfs) {
		rootfs = host_path(mem, "-r", o->rootfs, false, false);
		if (!rootfs)
			return NULL;
		if (stat(rootfs, &st) < 0 || !S_ISDIR(st.st_mode)) {
			fprintf(stderr, "burrow: -r %s: Not a directory (give an unpacked root file system)\n",
				o->rootfs);
			return NULL;
		}
		if (access(rootfs, R_OK | X_OK) < 0) {
			fprintf(stderr, "burrow: -r %s: %s\n", o->rootfs, strerror(errno));
			return NULL;
		}
	}
	b = bindings_new(mem, rootfs);
	if (!b)
		return NULL;
	host_fsops(b, &ops);
	for (size_t i = 0; i < o->nbinds; i++) {
		const struct cli_bind *cb = &o->binds[i];
		char *host = host_path(mem, "-b", cb->host, cb->keep_host_link, true);
		const char *guest = cb->guest ? cb->guest : cb->host;

		/* Job scripts bind /scratch or /gpfs on nodes that may lack
		 * them: said once, and the run goes on, as with PRoot. */
		if (!host)
			continue;
		/* Relative to the current directory, as in PRoot ("-b ."). */
		if (guest[0] != '/') {
			char *cwd = getcwd(NULL, 0);

			if (!cwd) {
				fprintf(stderr, "burrow: -b %s: %s\n", cb->host, strerror(errno));
				return NULL;
			}
			guest = path_normalise(mem, path_join(mem, cwd, guest));
			free(cwd);
			if (!guest)
				return NULL;
		}
		/* Where GUEST leads in the guest as it stands so far, as in
		 * PRoot: "/var/run/dbus" binds "/run/dbus". */
		rc = bindings_add_resolved(b, &ops, host, guest, cb->guest_nofollow, NULL, NULL);
		if (rc == -ENOMEM || rc == -EINVAL)
			return NULL;
		if (rc < 0) {
			/* A loop, a directory it may not search: said once, and
			 * bound where it is written, as before PRoot's rule. */
			fprintf(stderr, "burrow: warning: -b %s: %s in the guest (bound as written)\n",
				cb->guest ? cb->guest : cb->host, strerror(-rc));
			if (bindings_add(b, host, guest) < 0)
				return NULL;
		}
	}
	rc = glue_bindings(mem, b, glue_dir);
	if (rc < 0) {
		fprintf(stderr, "burrow: cannot make the missing parents of a binding: %s"
			" (set TMPDIR to a writable directory)\n", strerror(-rc));
		return NULL;
	}
	return b;
}

/* The lookups burrow does for itself before the guest starts, with the
 * same canonicaliser the tracees get. */
static int guest_lookup(struct tracer *tr, TALLOC_CTX *mem, const char *cwd,
			const char *path, struct canon_result *res)
{
	struct fsops ops;

	host_fsops(tr->binds, &ops);
	return canon_resolve(mem, tr->binds, &ops, "/", cwd, path, 0, res);
}

/* A guest directory by its path, canonical; NULL when it is not one. */
static char *guest_dir(struct tracer *tr, TALLOC_CTX *mem, const char *path, int *err)
{
	struct canon_result res;
	struct stat st;
	int rc = guest_lookup(tr, mem, "/", path, &res);

	if (rc == 0 && stat(res.host, &st) < 0)
		rc = -errno;
	if (rc == 0 && !S_ISDIR(st.st_mode))
		rc = -ENOTDIR;
	*err = rc;
	return rc < 0 ? NULL : res.guest;
}

static char *initial_cwd(struct tracer *tr, TALLOC_CTX *mem, const struct options *o)
{
	char *here = getcwd(NULL, 0), *base = NULL, *dir;
	int rc;

	/* The current directory as the guest names it: where the rootfs or
	 * a binding shows it, else its host path, which PRoot takes as a
	 * guest path. */
	if (here) {
		rc = bindings_to_guest(mem, tr->binds, here, &base);
		if (rc < 0 && rc != -EXDEV)
			base = NULL;
		if (!o->cwd && rc == -EXDEV)
			base = NULL;
	}
	free(here);
	if (o->cwd) {
		/* A relative -w is relative to the current directory, as in
		 * PRoot; one the guest lacks is a warning: the run starts in
		 * "/", as PRoot's does. */
		const char *want = o->cwd[0] == '/' ? o->cwd : path_join(mem, base ? base : "/", o->cwd);

		dir = want ? guest_dir(tr, mem, want, &rc) : NULL;
		if (!dir && want)
			fprintf(stderr, "burrow: warning: -w %s: %s in the guest; starting in /\n",
				esc(mem, o->cwd), strerror(-rc));
		return dir ? dir : talloc_strdup(mem, "/");
	}
	/* PRoot's default: stay in the current directory when the guest can
	 * see it, else start at the guest's root. */
	dir = base ? guest_dir(tr, mem, base, &rc) : NULL;
	return dir ? dir : talloc_strdup(mem, "/");
}

static bool is_executable_file(const char *host)
{
	struct stat st;

	return stat(host, &st) == 0 && S_ISREG(st.st_mode) && access(host, X_OK) == 0;
}

/* Find the program in the guest, as execvp would there.  Returns its
 * guest path, or NULL after a one-line error. */
static char *find_program(struct tracer *tr, TALLOC_CTX *mem, const char *cwd, const char *name)
{
	struct canon_result res;
	const char *path_env = getenv("PATH");
	char *dirs, *dir, *save;

	if (strchr(name, '/')) {
		if (guest_lookup(tr, mem, cwd, name, &res) == 0 && res.exists)
			return talloc_strdup(mem, name);
		fprintf(stderr, "burrow: %s: No such file or directory in the guest\n", esc(mem, name));
		return NULL;
	}
	if (!path_env || !*path_env)
		path_env = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	dirs = talloc_strdup(mem, path_env);
	for (dir = strtok_r(dirs, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		char *cand = path_join(mem, dir, name);

		if (cand && guest_lookup(tr, mem, cwd, cand, &res) == 0 &&
		    is_executable_file(res.host))
			return cand;
	}
	fprintf(stderr, "burrow: %s: command not found in the guest (PATH=%s)\n", esc(mem, name),
		esc(mem, path_env));
	return NULL;
}

static int run(struct tracer *tr, TALLOC_CTX *mem, const struct options *o);

/* Why the guest engine cannot serve this run, or NULL: an option or a
 * switch whose work is burrow's (fake ids, port maps, stops), or a
 * kernel or address space without what it needs. */
static const char *guest_engine_unfit(const struct options *o, char *why, size_t whylen)
{
	uint64_t lo, hi;
	int subreaper;

	if (o->ptrace_only) {
		snprintf(why, whylen, "%s needs the ptrace engine", o->ptrace_only);
		return why;
	}
	if (env_set("BURROW_NO_SECCOMP") || env_set("PROOT_NO_SECCOMP")) {
		snprintf(why, whylen, "%s=1 needs the ptrace engine",
			 env_set("BURROW_NO_SECCOMP") ? "BURROW_NO_SECCOMP" : "PROOT_NO_SECCOMP");
		return why;
	}
	if (env_set("BURROW_NO_LOADER"))
		return "BURROW_NO_LOADER=1 leaves it no loader";
	/* The filter's TRAP (Linux 3.5), a subreaper (3.4), room for the
	 * runtime. */
	if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) < 0)
		return "this kernel has no seccomp";
	if (prctl(PR_GET_CHILD_SUBREAPER, &subreaper, 0, 0, 0) < 0)
		return "this kernel cannot make burrow a subreaper";
	if (arch_rt_hole(&lo, &hi) < 0)
		return "the address space has no room for its runtime";
	return NULL;
}

/* --engine, else BURROW_ENGINE: ptrace (the default), guest, which
 * refuses what it cannot serve rather than run it another way, or auto:
 * guest where it can serve the run, else ptrace.  0, or -EINVAL after a
 * one-line error. */
static int choose_engine(const struct options *o, bool *guest)
{
	const char *what = o->engine ? "--engine" : "BURROW_ENGINE";
	const char *engine = o->engine ? o->engine : getenv("BURROW_ENGINE");
	const char *unfit;
	char why[128];

	*guest = false;
	if (!engine || !*engine || strcmp(engine, "ptrace") == 0)
		return 0;
	if (strcmp(engine, "guest") != 0 && strcmp(engine, "auto") != 0) {
		fprintf(stderr, "burrow: %s=%s: unknown engine (expected ptrace, guest or auto)\n",
			what, esc(NULL, engine));
		return -EINVAL;
	}
	unfit = guest_engine_unfit(o, why, sizeof(why));
	if (unfit && strcmp(engine, "auto") == 0) {
		if (o->verbose >= 1)
			fprintf(stderr, "burrow: %s=auto: the ptrace engine (%s)\n", what, unfit);
		return 0;
	}
	if (unfit) {
		fprintf(stderr, "burrow: %s=guest: %s (%suse --engine=ptrace or auto)\n", what,
			unfit, strstr(unfit, "=1 ") ? "unset it or " : "");
		return -EINVAL;
	}
	*guest = true;
	return 0;
}
static int setup_fake_ids(struct tracer *tr, const struct options *o, bool image,
			  const char **journal);
static int setup_ports(struct tracer *tr, const struct options *o);
static int setup_uts(struct tracer *tr, const char *spec);

/* What the guest may not change: an archive's image (read-only, so that
 * no run changes what the next one sees) and the ids journal (so that
 * it cannot be made to redirect burrow's writes). */
static int restrict_bindings(struct tracer *tr, const char *image, const char *journal)
{
	char *dir, *base, *real, *path;
	int rc = 0;

	/* Unless "-b X:/" replaced it. */
	if (image && strcmp(bindings_rootfs(tr->binds), image) == 0)
		rc = bindings_set_flags(tr->binds, 0, BIND_READONLY);
	if (rc == 0 && journal) {
		/* Its directory's real path: host paths are resolved. */
		dir = talloc_strdup(tr, journal);
		base = dir ? strrchr(dir, '/') : NULL;
		if (!dir)
			return -ENOMEM;
		if (base == dir) {
			base = talloc_strdup(tr, base + 1);
			dir = "/";
		} else if (base) {
			*base++ = '\0';
		} else {
			base = dir;
			dir = ".";
		}
		real = realpath(dir, NULL);
		if (real) {
			path = path_join(tr, real, base);
		} else if (journal[0] == '/') {
			/* No such directory yet: the path as given. */
			path = talloc_strdup(tr, journal);
		} else {
			char *cwd = getcwd(NULL, 0);

			path = cwd ? path_join(tr, cwd, journal) : NULL;
			free(cwd);
		}
		free(real);
		/* The journal, and the files its compaction renames over it. */
		rc = path ? bindings_protect(tr->binds, path) : -ENOMEM;
		if (rc == 0)
			rc = bindings_protect_prefix(tr->binds,
						     talloc_asprintf(tr, "%s.tmp.", path));
	}
	tr->restricted = bindings_restricted(tr->binds);
	return rc;
}

/* -r ARCHIVE: run from its cache entry; an image's config supplies the
 * environment, the working directory and (without a command) the command.
 * *image: the rootfs is an archive's.  0, or -errno after a one-line
 * error. */
static int use_archive(TALLOC_CTX *mem, struct options *o, bool *image)
{
	struct pack_opts po = { .cache_dir = o->cache_dir, .quiet = o->quiet, .verbose = o->verbose,
				.progress_after = 1.0, .no_openat2 = env_set("BURROW_NO_OPENAT2") };
	const char *after = getenv("BURROW_PROGRESS_AFTER");
	struct pack_image *img;
	struct stat st;
	size_t n = 0;
	int rc;

	*image = false;
	if (after && *after)
		po.progress_after = strtod(after, NULL);
	if (!o->rootfs || stat(o->rootfs, &st) < 0 || !S_ISREG(st.st_mode))
		return 0;
	rc = pack_rootfs(mem, &po, o->rootfs, &o->rootfs, &img);
	if (rc < 0)
		return rc;
	*image = true;
	if (!img)
		return 0;
	/* One pass, not a setenv per entry: that is quadratic, and an image
	 * may set hundreds of thousands. */
	if (img->env) {
		char **env = pack_env_merge(mem, environ, img->env);

		if (!env)
			return -ENOMEM;
		environ = env;
	}
	if (!o->cwd)
		o->cwd = img->workdir && img->workdir[0] ? img->workdir : "/";
	if (o->command)
		return 0;
	for (char **a = img->entrypoint; a && *a; a++)
		n++;
	for (char **a = img->cmd; a && *a; a++)
		n++;
	if (!n)
		return 0;
	o->command = talloc_zero_array(mem, char *, n + 1);
	if (!o->command)
		return -ENOMEM;
	n = 0;
	for (char **a = img->entrypoint; a && *a; a++)
		o->command[n++] = *a;
	for (char **a = img->cmd; a && *a; a++)
		o->command[n++] = *a;
	return 0;
}

int main(int argc, char **argv)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct options opts;
	struct tracer *tr;
	char *glue_dir = NULL;
	const char *journal = NULL;
	bool image, traced, guest_engine;
	int rc;

	rc = cli_parse(mem, argc, argv, &opts);
	if (rc != 0)
		return rc > 0 ? 0 : EXIT_BURROW;
	if (opts.cache_list || opts.cache_clean) {
		struct pack_opts po = { .cache_dir = opts.cache_dir, .quiet = opts.quiet };

		rc = opts.cache_list ? pack_cache_list(mem, &po, stdout)
				     : pack_cache_clean(mem, &po, opts.cache_clean_days);
		talloc_free(mem);
		return rc < 0 ? EXIT_BURROW : 0;
	}
	if (choose_engine(&opts, &guest_engine) < 0)
		return EXIT_BURROW;
	if (use_archive(mem, &opts, &image) < 0)
		return EXIT_BURROW;

	tr = talloc_zero(mem, struct tracer);
	if (!tr)
		return EXIT_BURROW;
	tr->verbose = opts.verbose;
	tr->kill_on_exit = opts.kill_on_exit;
	tr->report = opts.report;
	tr->use_seccomp = !env_set("BURROW_NO_SECCOMP") && !env_set("PROOT_NO_SECCOMP");
	tr->spec_allow = !env_set("BURROW_NO_SPEC_ALLOW");
	tr->use_syscall_info = !env_set("BURROW_NO_SYSCALL_INFO");
	tr->use_process_vm = !env_set("BURROW_NO_PROCESS_VM");
	traced = self_traced();
	/* The guest engine makes no stops to poll for or pin around. */
	tracer_init_spin(tr, guest_engine ? "the guest engine" : env_set("BURROW_NO_SPIN")
			 ? "BURROW_NO_SPIN" : traced ? "burrow is traced" : NULL);
	tracer_init_colocate(tr, guest_engine ? "the guest engine" : env_set("BURROW_NO_COLOCATE")
			     ? "BURROW_NO_COLOCATE" : traced ? "burrow is traced" : NULL);
	if (opts.fake_ids && setup_fake_ids(tr, &opts, image, &journal) < 0)
		return EXIT_BURROW;
	if (opts.kernel_release && setup_uts(tr, opts.kernel_release) < 0)
		return EXIT_BURROW;
	if (setup_ports(tr, &opts) < 0)
		return EXIT_BURROW;
	if (opts.qemu && qemu_setup(tr, opts.qemu) < 0)
		return EXIT_BURROW;
	tr->binds = make_bindings(tr, &opts, &glue_dir);
	if (!tr->binds) {
		glue_remove(glue_dir);
		return EXIT_BURROW;
	}
	rc = restrict_bindings(tr, image ? host_path(tr, "-r", opts.rootfs, false, false) : NULL,
			       journal);
	if (rc < 0) {
		fprintf(stderr, "burrow: %s: cannot protect the ids file: %s\n", journal, strerror(-rc));
		glue_remove(glue_dir);
		return EXIT_BURROW;
	}
	/* PRoot writes a binding's missing guest parents into the rootfs
	 * unless PROOT_DONT_POLLUTE_ROOTFS is set; burrow never writes
	 * there, and the variable only keeps them out of listings. */
	if (!env_set("PROOT_DONT_POLLUTE_ROOTFS") && !env_set("BURROW_DONT_POLLUTE_ROOTFS") &&
	    glue_phantoms(tr, tr->binds, &tr->phantoms, &tr->nphantoms) < 0) {
		glue_remove(glue_dir);
		return EXIT_BURROW;
	}
	tracer_open_root(tr, !env_set("BURROW_NO_OPENAT2"));
	tr->no_name_shortcut = env_set("BURROW_NO_NAME_SHORTCUT");
	tr->site_rewrite = !env_set("BURROW_NO_SITE_REWRITE");
	tr->copy_runtime = env_set("BURROW_COPY_RUNTIME");
	tr->test_fail_regs_sc = test_fail_regs_sc();
	tr->test_fail_regs = tr->test_fail_regs_sc != SC_NONE;
	tr->guest_engine = guest_engine;
	rc = run(tr, mem, &opts);
	glue_remove(tr->tmpfs_dir);
	tracer_close_root(tr);
	loader_uninstall(tr);
	glue_remove(glue_dir);
	talloc_free(mem);
	return rc;
}

/* burrow's capability bounding set: what a real root started here
 * would have (caps_of_fake_root adds what burrow emulates). */
static uint64_t bounding_set(void)
{
	unsigned long long bnd = 0;
	char line[128];
	FILE *f = fopen("/proc/self/status", "re");
	bool found = false;

	while (f && !found && fgets(line, sizeof(line), f))
		found = sscanf(line, "CapBnd: %llx", &bnd) == 1;
	if (f)
		fclose(f);
	/* Linux 5.9's 41 capabilities, when /proc is not there. */
	return found ? (uint64_t)bnd : (1ull << 41) - 1;
}

/* -0/-i: the ids to show, and the database of what root changed. */
static int setup_fake_ids(struct tracer *tr, const struct options *o, bool image,
			  const char **journal)
{
	struct fake_ids *f = talloc_zero(tr, struct fake_ids);
	const char *file = o->ids_file;
	char *abs_root;
	int rc;

	if (!f)
		return -ENOMEM;
	f->uid = o->fake_uid;
	f->gid = o->fake_gid;
	f->real_uid = getuid();
	f->real_gid = getgid();
	f->cap_all = caps_of_fake_root(bounding_set());
	if (!file && o->rootfs) {
		abs_root = realpath(o->rootfs, NULL);
		/* An archive's: next to its image (CACHE/SHA/ids), which
		 * stays as it was unpacked. */
		if (abs_root && image)
			file = talloc_asprintf(f, "%.*s/ids", (int)(strrchr(abs_root, '/') - abs_root),
					       abs_root);
		else if (abs_root)
			file = talloc_asprintf(f, "%s/.burrow-ids", strcmp(abs_root, "/") ? abs_root : "");
		free(abs_root);
	}
	rc = iddb_open(f, file, &f->db);
	if (rc < 0) {
		if (rc != -EINVAL)
			fprintf(stderr, "burrow: %s: cannot read the faked ids: %s\n", file, strerror(-rc));
		return rc;
	}
	tr->fake = f;
	*journal = file;
	return 0;
}

/* -p and -n: the port map the socket handlers use (syscalls/inet.c). */
static int setup_ports(struct tracer *tr, const struct options *o)
{
	int rc;

	if (o->netcoop && (rc = inet_netcoop_check()) < 0) {
		fprintf(stderr, "burrow: -n: this kernel cannot lend burrow a tracee's socket"
			" (pidfd_getfd, Linux 5.6): %s\n", strerror(-rc));
		return rc;
	}
	tr->netcoop = o->netcoop;
	for (size_t i = 0; i < o->nports; i++)
		if ((rc = inet_add_port(tr, o->ports[i].in, o->ports[i].out, false)) < 0)
			return rc;
	return 0;
}

/* -k STRING: what uname shows. */
static int setup_uts(struct tracer *tr, const char *spec)
{
	int rc = uts_parse(tr, spec, &tr->uts);

	if (rc == -EINVAL)
		fprintf(stderr, "burrow: -k %s: expected " UTS_SPEC_HELP "\n", spec);
	return rc;
}

static int run(struct tracer *tr, TALLOC_CTX *mem, const struct options *o)
{
	static char *const default_cmd[] = { "/bin/sh", NULL };
	struct launch l;
	int rc;

	l.argv = o->command ? o->command : default_cmd;
	l.guest_cwd = initial_cwd(tr, mem, o);
	if (!l.guest_cwd)
		return EXIT_BURROW;
	if (bindings_to_host(mem, tr->binds, l.guest_cwd, (char **)&l.host_cwd) < 0)
		return EXIT_BURROW;
	/* The shell's variable says where the guest starts, not where
	 * burrow was started. */
	if (setenv("PWD", l.guest_cwd, 1) < 0)
		return EXIT_BURROW;
	l.path = find_program(tr, mem, l.guest_cwd, l.argv[0]);
	if (!l.path)
		return 127;

	/* It says what went wrong itself. */
	if (loader_install(tr) < 0)
		return EXIT_BURROW;
	if (tr->guest_engine) {
		if (!tr->loader_path) {
			fprintf(stderr, "burrow: --engine=guest: BURROW_NO_LOADER=1 leaves it no"
				" loader (unset it or use --engine=ptrace)\n");
			return EXIT_BURROW;
		}
		rc = guest_launch(tr, &l);
		return rc < 0 && !tr->main_done ? EXIT_BURROW : tr->main_status;
	}
	rc = tracer_launch(tr, &l);
	if (rc < 0)
		return tr->main_done ? tr->main_status : EXIT_BURROW;
	if (signals_forward_to(tr->main_pid) < 0)
		return EXIT_BURROW;
	rc = tracer_run(tr);
	if (rc < 0) {
		fprintf(stderr, "burrow: tracing failed: %s\n", strerror(-rc));
		return EXIT_BURROW;
	}
	return tr->main_status;
}
