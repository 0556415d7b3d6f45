/* The guest's own seccomp filters (doc/ptrace-emulation.md 5): a copy
 * of each classic-BPF program a guest thread installed, and an evaluator
 * that gives the action the kernel would, so that burrow can show a
 * guest tracer its PTRACE_EVENT_SECCOMP stops.  Pure: the unit tests
 * cover it (test_gbpf.c).  Functions return 0 or -errno unless they say
 * otherwise.
 */
#ifndef BURROW_TRACEE_GBPF_H
#define BURROW_TRACEE_GBPF_H

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>

/* Whether the kernel would accept this program for seccomp: 0, or
 * -EINVAL as seccomp_prepare_filter gives it (bpf_check_classic and
 * seccomp_check_filter: the length, the allowed instructions, the
 * loads inside struct seccomp_data, jumps inside the program, scratch
 * memory written before it is read, a return at the end). */
int gbpf_check(const struct sock_filter *f, size_t len);

/* The program's verdict on sd (SECCOMP_RET_*, with its data).  Only
 * for a program gbpf_check accepted. */
uint32_t gbpf_run(const struct sock_filter *f, size_t len, const struct seccomp_data *sd);

/* One installed program.  A thread holds the newest of its chain; prev
 * is the one installed before it, as the kernel's struct
 * seccomp_filter.  Shared by fork and clone, so counted by hand (on the
 * NULL context, like struct fs_info). */
struct gfilter {
	unsigned refs;
	struct gfilter *prev;
	unsigned short len;
	struct sock_filter insns[];
};

/* A new newest program above prev (whose reference it takes over);
 * NULL when out of memory (prev is then left as it was). */
struct gfilter *gfilter_push(struct gfilter *prev, const struct sock_filter *f, size_t len);
struct gfilter *gfilter_ref(struct gfilter *g);
void gfilter_unref(struct gfilter *g);

/* seccomp_run_filters: every program, newest first; the lowest action
 * (compared as signed, so KILL_PROCESS is lowest) wins, and of equal
 * actions the newest.  SECCOMP_RET_ALLOW for an empty chain. */
uint32_t gfilter_run(const struct gfilter *g, const struct seccomp_data *sd);

#endif
