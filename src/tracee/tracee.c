/* The tracee table (a hash on pid) and the lifetime of tracees and their
 * shared filesystem context. */
#include <errno.h>
#include <sched.h>
#include <string.h>

#include "tracee/gbpf.h"
#include "tracee/tracee.h"

static unsigned bucket(pid_t pid)
{
	return (unsigned)pid % TRACEE_BUCKETS;
}

/* A first tracee's capability sets: all of them for fake root. */
static void caps_init(const struct fake_ids *f, struct fake_cred *c)
{
	c->cap_inh = 0;
	c->cap_perm = c->cap_eff = c->euid == 0 ? f->cap_all : 0;
}

struct tracee *tracee_find(struct tracer *tr, pid_t pid)
{
	struct tracee *t;

	for (t = tr->table[bucket(pid)]; t; t = t->hnext)
		if (t->pid == pid)
			return t;
	return NULL;
}

static int tracee_destructor(struct tracee *t)
{
	if (t->fs)
		fs_info_unref(t->fs);
	gfilter_unref(t->gfilters);
	tracee_ns_release(t);
	loader_done(t);
	return 0;
}

/* The tracee is a child of the tracer's context; its scratch context is
 * a child of the tracee, so everything goes with it. */
struct tracee *tracee_new(struct tracer *tr, pid_t pid)
{
	struct tracee *t = talloc_zero(tr, struct tracee);

	if (!t)
		return NULL;
	t->pid = pid;
	t->tracer = tr;
	t->stop.sc = SC_NONE;
	t->loader.fd = -1;
	if (tr->fake) {
		struct fake_cred *c = &t->cred;

		c->ruid = c->euid = c->suid = c->fsuid = tr->fake->uid;
		c->rgid = c->egid = c->sgid = c->fsgid = tr->fake->gid;
		c->groups = talloc_array(t, uint32_t, 1);
		if (!c->groups) {
			talloc_free(t);
			return NULL;
		}
		c->groups[0] = tr->fake->gid;
		c->ngroups = 1;
		caps_init(tr->fake, c);
	}
	t->hnext = tr->table[bucket(pid)];
	tr->table[bucket(pid)] = t;
	tr->ntracees++;
	coloc_new_tracee(tr, pid);
	talloc_set_destructor(t, tracee_destructor);
	return t;
}

int tracee_copy_cred(struct tracee *child, const struct tracee *parent)
{
	uint32_t *groups = talloc_memdup(child, parent->cred.groups,
					 parent->cred.ngroups * sizeof(uint32_t));

	if (!groups && parent->cred.ngroups)
		return -ENOMEM;
	talloc_free(child->cred.groups);
	child->cred = parent->cred;
	child->cred.groups = groups;
	return 0;
}

void tracee_move_cred(struct tracee *to, struct tracee *from)
{
	talloc_free(to->cred.groups);
	to->cred = from->cred;
	to->cred.groups = talloc_steal(to, from->cred.groups);
	from->cred.groups = NULL;
	from->cred.ngroups = 0;
}

void tracee_remove(struct tracer *tr, struct tracee *t)
{
	struct tracee **p;

	for (p = &tr->table[bucket(t->pid)]; *p; p = &(*p)->hnext) {
		if (*p == t) {
			*p = t->hnext;
			tr->ntracees--;
			break;
		}
	}
	talloc_free(t);
}

/* fs_info lives on the NULL context: it outlives whichever tracee
 * created it as long as another one shares it. */
void tracee_set_parent(struct tracee *child, const struct tracee *maker, unsigned long flags)
{
	if (flags & (CLONE_PARENT | CLONE_THREAD)) {
		child->parent_tid = maker->parent_tid;
		child->parent_tgid = maker->parent_tgid;
	} else {
		child->parent_tid = maker->pid;
		child->parent_tgid = maker->tgid;
	}
}

struct fs_info *fs_info_new(const char *cwd, const char *root)
{
	struct fs_info *fs = talloc_zero(NULL, struct fs_info);

	if (!fs)
		return NULL;
	fs->refs = 1;
	fs->cwd = talloc_strdup(fs, cwd);
	fs->cwd_host = NULL;
	fs->root = talloc_strdup(fs, root);
	if (!fs->cwd || !fs->root) {
		talloc_free(fs);
		return NULL;
	}
	return fs;
}

struct fs_info *fs_info_copy(const struct fs_info *fs)
{
	struct fs_info *copy = fs_info_new(fs->cwd, fs->root);

	if (copy && fs->cwd_host)
		copy->cwd_host = talloc_strdup(copy, fs->cwd_host);
	if (copy)
		copy->cwd_is_guests = fs->cwd_is_guests && copy->cwd_host;
	return copy;
}

void fs_info_set_cwd(struct fs_info *fs, const struct bindings *b, const char *cwd,
		     const char *cwd_host)
{
	char *copy = talloc_strdup(fs, cwd);
	char *host = cwd_host ? talloc_strdup(fs, cwd_host) : NULL;

	if (!copy || (cwd_host && !host)) {
		talloc_free(copy);
		talloc_free(host);
		return;
	}
	talloc_free(fs->cwd);
	talloc_free(fs->cwd_host);
	fs->cwd = copy;
	fs->cwd_host = host;
	fs->cwd_is_guests = host && host_dir_is_guests(fs, b, fs->root, host, NULL);
}

int fs_info_set_root(struct fs_info *fs, const struct bindings *b, const char *root)
{
	char *copy = talloc_strdup(fs, root);

	if (!copy)
		return -ENOMEM;
	talloc_free(fs->root);
	fs->root = copy;
	fs->cwd_is_guests = fs->cwd_host && host_dir_is_guests(fs, b, fs->root, fs->cwd_host, NULL);
	return 0;
}

void fs_info_unref(struct fs_info *fs)
{
	if (--fs->refs == 0)
		talloc_free(fs);
}
