/* -k STRING: what uname tells the guest (syscalls/uname.c answers). */
#ifndef BURROW_CLI_UTS_H
#define BURROW_CLI_UTS_H

struct uts_fake;

/* The forms of STRING, for messages. */
#define UTS_SPEC_HELP "a release, or \\sysname\\nodename\\release\\version\\machine" \
	"\\domainname\\hwcap\\ (hwcap in hexadecimal; empty fields keep the kernel's)"

/* Parse STRING (a release, or PRoot's
 * "\sysname\nodename\release\version\machine\domainname\hwcap\")
 * into *out, allocated on mem.  0, -ENOMEM, or -EINVAL for a malformed
 * STRING (*out is then NULL). */
int uts_parse(void *mem, const char *spec, struct uts_fake **out);

#endif
