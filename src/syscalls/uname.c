/* -k, --kernel-release: what uname tells the guest, as PRoot's "kompat"
 * extension does.  The kernel answers uname and burrow replaces the
 * fields the user set at its exit, so what was not set (the machine
 * under a guest's personality(PER_LINUX32), say) stays the kernel's.
 * sethostname and setdomainname change burrow's copy, for the whole
 * run: under -0 they succeed for the faked root without reaching the
 * kernel; otherwise the kernel decides, as natively.  Under -0, a
 * process in a UTS namespace of its own (tracee/ns.c) keeps its names
 * there, -k or not.  Trapped under -k (H_IF_UTS) and -0.
 */
#include <errno.h>
#include <linux/capability.h>
#include <string.h>

#include "syscalls/syscalls.h"
#include "tracee/tracee.h"

int sys_uname_exit(struct tracee *t)
{
	const struct uts_fake *u = tracee_uts(t);
	char uts[UTS_FIELDS][UTS_FIELD_LEN];
	/* On aarch64 the result register is the first argument's. */
	uint64_t addr = arch_arg(&t->stop.entry, 0);
	int rc;

	if (!u || arch_result(&t->stop.regs) < 0)
		return 0;
	rc = mem_read(t, addr, uts, sizeof(uts));
	if (rc < 0)
		return rc;
	for (int f = 0; f < UTS_FIELDS; f++)
		if (u->set[f])
			memcpy(uts[f], u->field[f], UTS_FIELD_LEN);
	return mem_write(t, addr, uts, sizeof(uts));
}

static int store_name(struct tracee *t, struct uts_fake *u, const struct arch_regs *args)
{
	int f = t->stop.sc == SC_sethostname ? UTS_NODENAME : UTS_DOMAINNAME;
	/* The kernel takes an int: the register's upper half is not part
	 * of it, and a negative length is refused. */
	int len = (int)arch_arg(args, 1);
	char name[UTS_FIELD_LEN];
	int rc;

	if (len < 0 || len > UTS_FIELD_LEN - 1)
		return -EINVAL;
	rc = mem_read(t, arch_arg(args, 0), name, (size_t)len);
	if (rc < 0)
		return rc;
	uts_set_field(u, f, name, strnlen(name, (size_t)len));
	return 0;
}

/* Under -0 these calls stop for UTS namespaces: their enter and exit
 * handlers do the work. */
int sys_uts_fake(struct tracee *t)
{
	(void)t;
	return 0;
}

int sys_sethostname_enter(struct tracee *t)
{
	struct uts_fake *u = t->ns.uts ? &t->ns.uts->names : t->tracer->uts;
	int rc;

	if (!u)
		return 0;
	if (!t->tracer->fake) {
		/* The kernel decides; its success is recorded at the exit. */
		t->stop.exit_wanted = true;
		return 0;
	}
	/* CAP_SYS_ADMIN, as in the faked root's own UTS namespace; the
	 * host's names stay as they are. */
	if (!cred_capable(&t->cred, CAP_SYS_ADMIN))
		return -EPERM;
	rc = store_name(t, u, &t->stop.regs);
	return rc < 0 ? rc : syscall_emulate(t, 0);
}

int sys_sethostname_exit(struct tracee *t)
{
	if (!t->tracer->uts || t->tracer->fake || arch_result(&t->stop.regs) != 0)
		return 0;
	return store_name(t, t->tracer->uts, &t->stop.entry);
}

