/* The command line, compatible with PRoot's. */
#ifndef BURROW_CLI_CLI_H
#define BURROW_CLI_CLI_H

#include <stdbool.h>
#include <talloc.h>

/* Where -q shows the host's root, as PRoot does. */
#define QEMU_HOST_ROOTFS "/host-rootfs"

struct cli_bind {
	char *host;		/* as given */
	char *guest;		/* as given, or NULL for "same as host" */
	bool keep_host_link;	/* "HOST!:GUEST" or "HOST!": a symlink HOST
				 * stays one */
	bool guest_nofollow;	/* "HOST:GUEST!" or "HOST!": GUEST is not
				 * dereferenced in the guest (PRoot's "!") */
};

struct options {
	char *rootfs;		/* NULL: "/" */
	struct cli_bind *binds;	/* talloc array */
	size_t nbinds;
	char *cwd;		/* -w, or NULL */
	int verbose;
	bool kill_on_exit;
	bool report;
	char **command;		/* NULL-terminated; NULL for the guest's /bin/sh */
	char *cache_dir;	/* --cache-dir, or NULL */
	bool quiet;		/* --quiet */
	bool cache_list;	/* --cache-list */
	bool cache_clean;	/* --cache-clean[=DAYS] */
	long cache_clean_days;	/* 0: every entry */
	bool fake_ids;		/* -0, -i, -S */
	unsigned fake_uid, fake_gid;
	char *ids_file;		/* --ids-file, or NULL */
	char *kernel_release;	/* -k: the last one given, or NULL */
	struct cli_port {	/* -p IN:OUT, talloc array */
		unsigned short in, out;
	} *ports;
	size_t nports;
	bool netcoop;		/* -n */
	char *qemu;		/* -q COMMAND: the last one given, or NULL */
	char *engine;		/* --engine=ptrace|guest, or NULL (BURROW_ENGINE) */
	/* The first option given that only the ptrace engine serves
	 * ("-0", "-q"...), or NULL. */
	const char *ptrace_only;
};

/* Parse argv into opts (allocated on mem).  Returns 0 to run, 1 when the
 * request was already answered (--help, --version), or a negative
 * value after printing a one-line error. */
int cli_parse(TALLOC_CTX *mem, int argc, char **argv, struct options *opts);

#endif
