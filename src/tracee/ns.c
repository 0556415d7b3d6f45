/* Namespaces emulated under -0 (tracee.h: struct tracee_ns).  A mount
 * namespace is a bind table of its own: copied when a tracee clones or
 * unshares with CLONE_NEWNS (lazily: the copy shares the table by a
 * talloc reference until one side changes it), kept across exec, shared
 * by every tracee made without the flag.  A UTS namespace holds the
 * host and domain names its tracees set.
 */
#include <errno.h>
#include <sched.h>
#include <string.h>

#include "path/bind.h"
#include "tracee/tracee.h"

static struct mnt_ns *mnt_ns_new(struct bindings *from)
{
	struct mnt_ns *ns = talloc_zero(NULL, struct mnt_ns);

	if (!ns)
		return NULL;
	talloc_set_name_const(ns, "struct mnt_ns");
	ns->refs = 1;
	ns->binds = talloc_reference(ns, from);
	if (!ns->binds) {
		talloc_free(ns);
		return NULL;
	}
	return ns;
}

static void mnt_ns_unref(struct mnt_ns *ns)
{
	if (ns && --ns->refs == 0)
		talloc_free(ns);
}

static struct uts_ns *uts_ns_new(const struct uts_fake *from)
{
	struct uts_ns *ns = talloc_zero(NULL, struct uts_ns);

	if (!ns)
		return NULL;
	talloc_set_name_const(ns, "struct uts_ns");
	ns->refs = 1;
	if (from)
		ns->names = *from;
	return ns;
}

static void uts_ns_unref(struct uts_ns *ns)
{
	if (ns && --ns->refs == 0)
		talloc_free(ns);
}

const struct uts_fake *tracee_uts(const struct tracee *t)
{
	return t->ns.uts ? &t->ns.uts->names : t->tracer->uts;
}

struct bindings *tracee_binds_mut(struct tracee *t)
{
	void *owner = t->ns.mnt ? (void *)t->ns.mnt : (void *)t->tracer;
	struct bindings **slot = t->ns.mnt ? &t->ns.mnt->binds : &t->tracer->binds;
	struct bindings *copy;

	/* Shared with another namespace: this one gets its own. */
	if (talloc_reference_count(*slot) == 0)
		return *slot;
	copy = bindings_copy(owner, *slot);
	if (!copy)
		return NULL;
	talloc_unlink(owner, *slot);
	*slot = copy;
	return copy;
}

/* New namespaces for flags in *ns (the current ones otherwise, one
 * more reference each); the old references are the caller's. */
static int ns_for(struct tracer *tr, struct tracee_ns *ns, const struct tracee_ns *cur,
		  unsigned long flags)
{
	ns->mnt = cur->mnt;
	ns->uts = cur->uts;
	if (flags & CLONE_NEWNS) {
		ns->mnt = mnt_ns_new(cur->mnt ? cur->mnt->binds : tr->binds);
		if (!ns->mnt)
			return -ENOMEM;
	} else if (ns->mnt) {
		ns->mnt->refs++;
	}
	if (flags & CLONE_NEWUTS) {
		ns->uts = uts_ns_new(cur->uts ? &cur->uts->names : tr->uts);
		if (!ns->uts) {
			mnt_ns_unref(ns->mnt);
			return -ENOMEM;
		}
	} else if (ns->uts) {
		ns->uts->refs++;
	}
	return 0;
}

int tracee_ns_clone(struct tracee *child, const struct tracee *parent, unsigned long flags)
{
	struct tracee_ns ns;
	int rc = ns_for(child->tracer, &ns, &parent->ns, flags);

	if (rc < 0)
		return rc;
	tracee_ns_release(child);
	child->ns.mnt = ns.mnt;
	child->ns.uts = ns.uts;
	return 0;
}

int tracee_ns_unshare(struct tracee *t, unsigned long flags)
{
	struct tracee_ns ns;
	int rc;

	if ((flags & CLONE_NEWNS) && t->fs && t->fs->refs > 1) {
		struct fs_info *fs = fs_info_copy(t->fs);

		if (!fs)
			return -ENOMEM;
		fs_info_unref(t->fs);
		t->fs = fs;
	}
	rc = ns_for(t->tracer, &ns, &t->ns, flags);
	if (rc < 0)
		return rc;
	tracee_ns_release(t);
	t->ns.mnt = ns.mnt;
	t->ns.uts = ns.uts;
	return 0;
}

void tracee_ns_move(struct tracee *to, struct tracee *from)
{
	tracee_ns_release(to);
	to->ns = from->ns;
	from->ns = (struct tracee_ns){ 0 };
}

void tracee_ns_release(struct tracee *t)
{
	mnt_ns_unref(t->ns.mnt);
	uts_ns_unref(t->ns.uts);
	t->ns.mnt = NULL;
	t->ns.uts = NULL;
}
