/* -k, --kernel-release: what uname tells the guest, as PRoot's "kompat"
 * extension does.  The kernel answers uname and burrow replaces the
 * fields the user set at its exit, so what was not set (the machine
 * under a guest's personality(PER_LINUX32), say) stays the kernel's.
 * sethostname and setdomainname change burrow's copy, for the whole
 * run: under -0 they succeed for the faked root without reaching the
 * kernel; otherwise the kernel decides, as natively.
 * Only trapped under -k (H_IF_UTS).
 */
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include "syscalls/syscalls.h"
#include "tracer/tracer.h"

static void set_field(struct uts_fake *u, int f, const char *s, size_t len)
{
	/* Cut to the field, as the kernel's 64-byte limit would. */
	if (len > UTS_FIELD_LEN - 1)
		len = UTS_FIELD_LEN - 1;
	memcpy(u->field[f], s, len);
	u->field[f][len] = '\0';
	u->set[f] = true;
}

int uts_parse(void *mem, const char *spec, struct uts_fake **out)
{
	struct uts_fake *u = talloc_zero(mem, struct uts_fake);
	const char *start, *end = spec;
	char *hex_end;

	if (!u)
		return -ENOMEM;
	*out = u;
	/* A plain release, as nearly every user gives it. */
	if (spec[0] != '\\') {
		set_field(u, UTS_RELEASE, spec, strlen(spec));
		return 0;
	}
	/* PRoot's long form: every field ends with a backslash; an empty
	 * one keeps the kernel's value. */
	for (int f = 0; f < UTS_FIELDS; f++) {
		start = end + 1;
		end = strchr(start, '\\');
		if (!end)
			goto bad;
		if (end > start)
			set_field(u, f, start, (size_t)(end - start));
	}
	start = end + 1;
	end = strchr(start, '\\');
	if (!end)
		goto bad;
	if (end > start) {
		errno = 0;
		u->hwcap = strtoull(start, &hex_end, 16);
		if (errno || hex_end != end || start[0] == '-')
			goto bad;
		u->hwcap_set = true;
	}
	return 0;
bad:
	fprintf(stderr, "burrow: -k %s: expected a release, or"
		" \\sysname\\nodename\\release\\version\\machine\\domainname\\hwcap\\"
		" (hwcap in hexadecimal; empty fields keep the kernel's)\n", spec);
	TALLOC_FREE(*out);
	return -EINVAL;
}

int sys_uname_exit(struct tracee *t)
{
	const struct uts_fake *u = t->tracer->uts;
	char uts[UTS_FIELDS][UTS_FIELD_LEN];
	/* On aarch64 the result register is the first argument's. */
	uint64_t addr = arch_arg(&t->entry, 0);
	int rc;

	if (!u || arch_result(&t->regs) < 0)
		return 0;
	rc = mem_read(t, addr, uts, sizeof(uts));
	if (rc < 0)
		return rc;
	for (int f = 0; f < UTS_FIELDS; f++)
		if (u->set[f])
			memcpy(uts[f], u->field[f], UTS_FIELD_LEN);
	return mem_write(t, addr, uts, sizeof(uts));
}

static int store_name(struct tracee *t, const struct arch_regs *args)
{
	struct uts_fake *u = t->tracer->uts;
	int f = t->sc == SC_sethostname ? UTS_NODENAME : UTS_DOMAINNAME;
	uint64_t len = arch_arg(args, 1);
	char name[UTS_FIELD_LEN];
	int rc;

	if (len > UTS_FIELD_LEN - 1)
		return -EINVAL;
	rc = mem_read(t, arch_arg(args, 0), name, len);
	if (rc < 0)
		return rc;
	set_field(u, f, name, strnlen(name, len));
	return 0;
}

int sys_sethostname_enter(struct tracee *t)
{
	int rc;

	if (!t->tracer->uts)
		return 0;
	if (!t->tracer->fake) {
		/* The kernel decides; its success is recorded at the exit. */
		t->exit_wanted = true;
		return 0;
	}
	/* CAP_SYS_ADMIN, as in the faked root's own UTS namespace; the
	 * host's names stay as they are. */
	if (!cred_capable(&t->cred, CAP_SYS_ADMIN))
		return -EPERM;
	rc = store_name(t, &t->regs);
	return rc < 0 ? rc : syscall_emulate(t, 0);
}

int sys_sethostname_exit(struct tracee *t)
{
	if (!t->tracer->uts || t->tracer->fake || arch_result(&t->regs) != 0)
		return 0;
	return store_name(t, &t->entry);
}

