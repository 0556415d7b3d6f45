/* Emulated mount namespaces (issue 20): the bind table's mount
 * operations (bind.c: bind, remove, pivot, copy) and the per-process
 * tables of ns.c (copy on clone, shared otherwise, kept by a thread's
 * exec, copied on write). */
#include <check.h>
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <talloc.h>

#include "path/bind.h"
#include "tracee/tracee.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* rootfs /r, "-b /s:/store", and a build root /b/root bound on itself
 * as the daemon does, with /b/root/real-root in it. */
static struct bindings *daemon_table(TALLOC_CTX *mem)
{
	struct bindings *b = bindings_new(mem, "/r");

	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(bindings_add(b, "/s", "/store"), 0);
	ck_assert_int_eq(bindings_bind(b, "/b/root", "/b/root", false), 0);
	return b;
}

static const char *host_of(TALLOC_CTX *mem, const struct bindings *b, const char *guest)
{
	char *host;

	ck_assert_int_eq(bindings_to_host(mem, b, guest, &host), 0);
	return host;
}

START_TEST(mnt_bind_file_and_dir)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct bindings *b = daemon_table(mem);

	ck_assert_int_eq(bindings_bind(b, "/dev/null", "/b/root/dev/null", false), 0);
	ck_assert_int_eq(bindings_bind(b, "/store/x", "/b/root/store/x", false), 0);
	ck_assert_str_eq(host_of(mem, b, "/b/root/dev/null"), "/r/dev/null");
	ck_assert_str_eq(host_of(mem, b, "/b/root/store/x/bin"), "/s/x/bin");
	ck_assert_str_eq(host_of(mem, b, "/b/root/etc"), "/r/b/root/etc");
	ck_assert_int_ge(bindings_find(b, "/b/root/store/x"), 1);
	/* The root binding stays the rootfs. */
	ck_assert_int_eq(bindings_bind(b, "/store", "/", false), -EINVAL);
	ck_assert_str_eq(bindings_rootfs(b), "/r");
	talloc_free(mem);
}
END_TEST

START_TEST(mnt_bind_recursive_takes_what_is_below)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct bindings *b = daemon_table(mem);

	ck_assert_int_eq(bindings_bind(b, "/", "/b/root/old", false), 0);
	ck_assert_str_eq(host_of(mem, b, "/b/root/old/store/y"), "/r/store/y");
	ck_assert_int_eq(bindings_bind(b, "/", "/b/root/rold", true), 0);
	ck_assert_str_eq(host_of(mem, b, "/b/root/rold/store/y"), "/s/y");
	talloc_free(mem);
}
END_TEST

/* A read-only entry: EROFS below it, its flag kept by a bind of it. */
START_TEST(mnt_readonly_entry)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct bindings *b = daemon_table(mem);
	int i;

	ck_assert_int_eq(bindings_bind(b, "/store/x", "/b/root/store/x", false), 0);
	i = bindings_find(b, "/b/root/store/x");
	ck_assert_int_gt(i, 0);
	ck_assert_int_eq(bindings_set_flags(b, (size_t)i, BIND_READONLY), 0);
	ck_assert(bindings_restricted(b));
	ck_assert_int_eq(bindings_may_change(b, "/b/root/store/x/f", "/s/x/f", CHANGE_NAME),
			 -EROFS);
	ck_assert_int_eq(bindings_may_change(b, "/b/root/tmp/f", "/r/b/root/tmp/f", CHANGE_NAME),
			 0);
	ck_assert_int_eq(bindings_bind(b, "/b/root/store/x", "/b/root/again", false), 0);
	ck_assert_int_eq(bindings_may_change(b, "/b/root/again/f", "/s/x/f", CHANGE_NAME), -EROFS);
	talloc_free(mem);
}
END_TEST

static const struct remove_case {
	const char *guest;
	bool below;
	int rc;
	int left;		/* bindings after */
} remove_cases[] = {
	{ "/b/root/real-root", true, 0, 3 },
	{ "/b/root/real-root/store", false, 0, 4 },
	{ "/b/root/real-root", false, -EBUSY, 5 },
	{ "/b/root/nothing", true, -EINVAL, 5 },
	{ "/", true, -EBUSY, 5 },
};

/* The table after pivot_root("/b/root", "/b/root/real-root"). */
static struct bindings *pivoted(TALLOC_CTX *mem)
{
	struct bindings *b = daemon_table(mem);

	ck_assert_int_eq(bindings_pivot(b, "/", "/b/root", "/b/root/real-root"), 0);
	return b;
}

START_TEST(mnt_pivot_root_puts_the_old_root_below)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct bindings *b = pivoted(mem);

	ck_assert_uint_eq(bindings_count(b), 5);
	ck_assert_str_eq(host_of(mem, b, "/b/root/real-root"), "/r");
	ck_assert_str_eq(host_of(mem, b, "/b/root/real-root/etc"), "/r/etc");
	ck_assert_str_eq(host_of(mem, b, "/b/root/real-root/store/z"), "/s/z");
	ck_assert_str_eq(host_of(mem, b, "/b/root/etc"), "/r/b/root/etc");
	/* The new root must be a mount point, other than the old one, with
	 * put_old beneath it. */
	ck_assert_int_eq(bindings_pivot(b, "/", "/etc", "/etc/old"), -EBUSY);
	ck_assert_int_eq(bindings_pivot(b, "/", "/b/root", "/elsewhere"), -EBUSY);
	ck_assert_int_eq(bindings_pivot(b, "/b/root", "/b/root", "/b/root/x"), -EBUSY);
	ck_assert_int_eq(bindings_pivot(b, "/", "/store/x", "/store/x/old"), -EINVAL);
	ck_assert_int_eq(bindings_pivot(b, "/", "/b/root", "/store/old"), -EINVAL);
	talloc_free(mem);
}
END_TEST

START_TEST(mnt_umount)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct bindings *b = pivoted(mem);
	const struct remove_case *c = &remove_cases[_i];

	/* An extra nested one, so that a plain umount can be refused. */
	ck_assert_int_eq(bindings_bind(b, "/store", "/b/root/real-root/store", false), 0);
	ck_assert_int_eq(bindings_remove(b, c->guest, c->below), c->rc);
	ck_assert_uint_eq(bindings_count(b), (size_t)c->left);
	if (c->rc == 0 && c->below)
		ck_assert_str_eq(host_of(mem, b, "/b/root/real-root/etc"),
				 "/r/b/root/real-root/etc");
	talloc_free(mem);
}
END_TEST

START_TEST(mnt_copy_is_independent)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	size_t baseline = talloc_total_blocks(mem);
	struct bindings *b = daemon_table(mem), *c;

	ck_assert_int_eq(bindings_protect(b, "/r/journal"), 0);
	c = bindings_copy(mem, b);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(bindings_bind(c, "/store", "/b/root/store", false), 0);
	ck_assert_int_eq(bindings_find(b, "/b/root/store"), -ENOENT);
	ck_assert_int_eq(bindings_may_change(c, "/journal", "/r/journal", CHANGE_NAME), -EACCES);
	talloc_free(c);
	talloc_free(b);
	ck_assert_uint_eq(talloc_total_blocks(mem), baseline);
	talloc_free(mem);
}
END_TEST

/* ---- per-process tables (ns.c) ------------------------------------------ */

static struct tracer *fake_tracer(TALLOC_CTX *mem)
{
	struct tracer *tr = talloc_zero(mem, struct tracer);

	ck_assert_ptr_nonnull(tr);
	tr->binds = bindings_new(tr, "/r");
	ck_assert_ptr_nonnull(tr->binds);
	return tr;
}

static struct tracee *fake_tracee(struct tracer *tr)
{
	struct tracee *t = talloc_zero(tr, struct tracee);

	ck_assert_ptr_nonnull(t);
	t->tracer = tr;
	t->fs = fs_info_new("/", "/");
	ck_assert_ptr_nonnull(t->fs);
	return t;
}

static void drop(struct tracee *t)
{
	tracee_ns_release(t);
	fs_info_unref(t->fs);
	talloc_free(t);
}

START_TEST(ns_copy_on_clone)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct tracer *tr = fake_tracer(mem);
	struct tracee *p = fake_tracee(tr), *c = fake_tracee(tr), *s = fake_tracee(tr);
	struct bindings *cb;

	ck_assert_int_eq(tracee_ns_clone(c, p, CLONE_NEWNS), 0);
	ck_assert_int_eq(tracee_ns_clone(s, c, 0), 0);
	/* A child without the flag shares its parent's table. */
	ck_assert_ptr_eq(tracee_binds(s), tracee_binds(c));
	cb = tracee_binds_mut(c);
	ck_assert_ptr_nonnull(cb);
	ck_assert_ptr_ne(cb, tr->binds);
	ck_assert_int_eq(bindings_bind(cb, "/etc", "/mnt", false), 0);
	/* Seen by its sibling in the namespace, not by the parent's. */
	ck_assert_int_ge(bindings_find(tracee_binds(s), "/mnt"), 1);
	ck_assert_int_eq(bindings_find(tracee_binds(p), "/mnt"), -ENOENT);
	ck_assert_ptr_eq(tracee_binds(p), tr->binds);
	drop(s);
	drop(c);
	drop(p);
	talloc_free(mem);
}
END_TEST

/* The parent changing its table after the clone: the child keeps its
 * copy, and so does the run's first table when the child changes. */
START_TEST(ns_copy_on_write_both_ways)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct tracer *tr = fake_tracer(mem);
	struct tracee *p = fake_tracee(tr), *c = fake_tracee(tr), *g = fake_tracee(tr);
	struct bindings *first = tr->binds;

	ck_assert_int_eq(tracee_ns_clone(c, p, CLONE_NEWNS), 0);
	ck_assert_int_eq(bindings_bind(tracee_binds_mut(p), "/etc", "/p", false), 0);
	ck_assert_int_eq(bindings_find(tracee_binds(c), "/p"), -ENOENT);
	ck_assert_ptr_ne(tr->binds, first);
	ck_assert_int_eq(tracee_ns_clone(g, c, CLONE_NEWNS), 0);
	ck_assert_int_eq(bindings_bind(tracee_binds_mut(c), "/etc", "/c", false), 0);
	ck_assert_int_eq(bindings_find(tracee_binds(g), "/c"), -ENOENT);
	ck_assert_int_ge(bindings_find(tracee_binds(c), "/c"), 1);
	/* The grandchild's table outlives the namespace it came from. */
	drop(c);
	ck_assert_int_eq(bindings_find(tracee_binds(g), "/"), 0);
	drop(g);
	drop(p);
	talloc_free(mem);
}
END_TEST

/* unshare: a new table for this thread, and its own fs context. */
START_TEST(ns_unshare_leaves_the_others)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct tracer *tr = fake_tracer(mem);
	struct tracee *a = fake_tracee(tr), *b = fake_tracee(tr);

	fs_info_unref(b->fs);
	b->fs = a->fs;
	a->fs->refs++;
	ck_assert_int_eq(tracee_ns_clone(b, a, 0), 0);
	ck_assert_int_eq(tracee_ns_unshare(b, CLONE_NEWNS), 0);
	ck_assert_ptr_ne(b->fs, a->fs);
	ck_assert_uint_eq(a->fs->refs, 1);
	ck_assert_int_eq(bindings_bind(tracee_binds_mut(b), "/etc", "/b", false), 0);
	ck_assert_int_eq(bindings_find(tracee_binds(a), "/b"), -ENOENT);
	drop(b);
	drop(a);
	talloc_free(mem);
}
END_TEST

/* exec keeps the namespaces; by a thread other than the leader, the
 * thread's become the process's. */
START_TEST(ns_kept_on_exec)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct tracer *tr = fake_tracer(mem);
	struct tracee *leader = fake_tracee(tr), *thread = fake_tracee(tr);
	struct bindings *mine;

	ck_assert_int_eq(tracee_ns_unshare(thread, CLONE_NEWNS | CLONE_NEWUTS), 0);
	mine = tracee_binds_mut(thread);
	ck_assert_int_eq(bindings_bind(mine, "/etc", "/t", false), 0);
	uts_set_field(&thread->ns.uts->names, UTS_NODENAME, "localhost", 9);
	tracee_ns_move(leader, thread);
	ck_assert_ptr_eq(tracee_binds(leader), mine);
	ck_assert_str_eq(tracee_uts(leader)->field[UTS_NODENAME], "localhost");
	ck_assert_ptr_null(thread->ns.mnt);
	ck_assert_ptr_eq(tracee_binds(thread), tr->binds);
	drop(thread);
	drop(leader);
	talloc_free(mem);
}
END_TEST

/* UTS: a new namespace starts with its parent's names; changes stay in it. */
START_TEST(ns_uts_names_per_namespace)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct tracer *tr = fake_tracer(mem);
	struct tracee *p = fake_tracee(tr), *c = fake_tracee(tr), *g = fake_tracee(tr);

	ck_assert_ptr_null(tracee_uts(p));
	ck_assert_int_eq(tracee_ns_clone(c, p, CLONE_NEWUTS), 0);
	ck_assert(!tracee_uts(c)->set[UTS_NODENAME]);
	uts_set_field(&c->ns.uts->names, UTS_NODENAME, "localhost", 9);
	ck_assert_int_eq(tracee_ns_clone(g, c, CLONE_NEWUTS), 0);
	uts_set_field(&g->ns.uts->names, UTS_NODENAME, "other", 5);
	ck_assert_str_eq(tracee_uts(c)->field[UTS_NODENAME], "localhost");
	ck_assert_str_eq(tracee_uts(g)->field[UTS_NODENAME], "other");
	ck_assert_ptr_null(tracee_uts(p));
	drop(g);
	drop(c);
	drop(p);
	talloc_free(mem);
}
END_TEST

/* Every namespace and table goes with the last tracee holding it. */
START_TEST(ns_talloc_baseline)
{
	size_t before;
	TALLOC_CTX *mem;

	/* Namespaces live on the NULL context (fork mode: this process only). */
	talloc_enable_null_tracking();
	before = talloc_total_blocks(NULL);
	mem = talloc_new(NULL);
	struct tracer *tr = fake_tracer(mem);
	struct tracee *p = fake_tracee(tr), *c = fake_tracee(tr);

	ck_assert_int_eq(tracee_ns_clone(c, p, CLONE_NEWNS | CLONE_NEWUTS), 0);
	ck_assert_ptr_nonnull(tracee_binds_mut(c));
	drop(c);
	drop(p);
	talloc_free(mem);
	ck_assert_uint_eq(talloc_total_blocks(NULL), before);
	talloc_disable_null_tracking();
}
END_TEST

Suite *mntns_suite(void)
{
	Suite *s = suite_create("mntns");
	TCase *tc = tcase_create("mnt_table");

	tcase_add_test(tc, mnt_bind_file_and_dir);
	tcase_add_test(tc, mnt_bind_recursive_takes_what_is_below);
	tcase_add_test(tc, mnt_readonly_entry);
	tcase_add_test(tc, mnt_pivot_root_puts_the_old_root_below);
	tcase_add_loop_test(tc, mnt_umount, 0, N(remove_cases));
	tcase_add_test(tc, mnt_copy_is_independent);
	suite_add_tcase(s, tc);

	tc = tcase_create("mnt_ns");
	tcase_add_test(tc, ns_copy_on_clone);
	tcase_add_test(tc, ns_copy_on_write_both_ways);
	tcase_add_test(tc, ns_unshare_leaves_the_others);
	tcase_add_test(tc, ns_kept_on_exec);
	tcase_add_test(tc, ns_uts_names_per_namespace);
	tcase_add_test(tc, ns_talloc_baseline);
	suite_add_tcase(s, tc);
	return s;
}
