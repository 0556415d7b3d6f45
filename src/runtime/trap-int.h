/* Inside the runtime: what trap.c gives calls.c (guest memory, lookups)
 * and what calls.c gives trap.c.  0 or -errno unless said otherwise. */
#ifndef BURROW_RUNTIME_TRAP_INT_H
#define BURROW_RUNTIME_TRAP_INT_H

#include <stddef.h>
#include <stdint.h>

#include "path/canon.h"

struct ro_ops;
struct rt;
struct rt_arena;

#define RT_PATH_MAX 4096

/* The guest's string at addr onto mem (-EFAULT, -ENAMETOOLONG). */
int rt_copy_path(TALLOC_CTX *mem, long addr, char **out);
/* n bytes of the guest's addr into dst (-EFAULT). */
long rt_copy_in(void *dst, long addr, size_t n);
/* n bytes of src to the guest's addr (-EFAULT). */
long rt_copy_out(long addr, const void *src, size_t n);
/* The host path for the guest's (dirfd, path at upath): 0 and *res, or
 * 1 when the call names no path (AT_EMPTY_PATH with ""). */
int rt_resolve(struct rt *rt, TALLOC_CTX *mem, long dirfd, long upath, unsigned cflags,
	       struct canon_result *res);
/* The guest path of the directory a relative path starts from (the cwd
 * for AT_FDCWD, else dirfd's), mapped back through the bindings: 0, or
 * 1 for a cwd that was removed (the guest path it had). */
int rt_base_of(struct rt *rt, TALLOC_CTX *mem, int dirfd, char **guest);

/* The link /proc/self/fd/fd into buf (RT_PATH_MAX bytes), its path
 * into *proc (on mem) when proc is not NULL: the link's length, or
 * -errno (-ENOENT: fd is not open). */
long rt_fd_link(TALLOC_CTX *mem, int fd, char *buf, char **proc);

/* callmem.c: the call arena for thread tid's trapped call: the one its
 * outer call holds when this call is nested in it (*nested = 1), else a
 * free one (mapped at need), else one whose holder is gone or lives in
 * another copy of this memory (a fork's), waiting while every one is
 * busy.  NULL when one cannot be mapped: the call fails with -ENOMEM. */
struct rt_arena *rt_arena_hold(struct rt *rt, int tid, int *nested);
/* Gives back what an outer call held. */
void rt_arena_release(struct rt_arena *ar);
/* Serialises the guest's rt_sigaction calls (struct rt's owner); a
 * call nested in tid's own goes on (1). */
int rt_sig_lock(struct rt *rt, int tid);
void rt_sig_unlock(struct rt *rt);
/* The arena whose root context is ctx (exec.c gives back what its call
 * took before an exec that may not return); NULL if none. */
struct rt_arena *rt_arena_of(struct rt *rt, const void *ctx);

/* The call arena, held for a part of a call only (socket.c: a thread
 * blocked in accept or recvmsg must not hold one across the call). */
struct rt_hold {
	struct rt_arena *ar;
	int nested;
	size_t mark;
};
/* 0, or -ENOMEM when no arena can be mapped. */
int rt_arena_take(struct rt *rt, int tid, struct rt_hold *h);
void rt_arena_give(const struct rt_hold *h);

/* cwd.c: the start's cwd from the run's blob (boot); a chdir to guest
 * made (its host path asked of the kernel); the kept guest path when
 * the kernel's cwd is host, else NULL. */
void rt_cwd_start(struct rt *rt, const void *run, unsigned long run_size);
void rt_cwd_changed(struct rt *rt, TALLOC_CTX *mem, const char *guest);
const char *rt_cwd_guest(const struct rt *rt, const char *host);
/* exec.c: the kept cwd into the copy of the run's blob at off of fd,
 * after it (the copy's header names it). */
long rt_cwd_to_exec(const struct rt *rt, long fd, uint64_t off);

/* root.c: the caller's root, a guest path ("/" without a guest chroot);
 * the chroot to guest, a directory, when the caller may (-EPERM); the
 * root an exec passed on (guest[0..n)).  A guest path as the process
 * names it under its root: path_seen_from (path/lex.h). */
const char *rt_root(const struct rt *rt);
long rt_chroot(struct rt *rt, const char *guest);
void rt_root_start(struct rt *rt, const char *guest, size_t n);

/* socket.c: the AF_UNIX address calls; 1 with the result in *res, 0
 * when nr is not one. */
int rt_socket_call(struct rt *rt, int tid, long nr, const long a[6], long *res);

/* protect.c: read-only bindings and protected paths, in a read-only
 * mount's order of errors (path/readonly.h).  The runtime's ro_ops; an
 * open with flags of res; an access for W_OK of res that the kernel
 * granted; a change through descriptor fd. */
void rt_ro_ops(struct ro_ops *ops);
int rt_protect_open(struct rt *rt, TALLOC_CTX *mem, const struct canon_result *res, long flags);
int rt_protect_access(struct rt *rt, TALLOC_CTX *mem, const struct canon_result *res);
int rt_protect_fd(struct rt *rt, TALLOC_CTX *mem, int fd);

/* shortcut.c: the name shortcut (HACKING.md): true when the kernel may
 * look up path (cflags: CANON_NOFOLLOW) from dirfd as it is. */
bool rt_shortcut(struct rt *rt, TALLOC_CTX *mem, int dirfd, const char *path, unsigned cflags);

/* calls.c: a call the hot set does not cover, by the generated table
 * (calls.h); -ENOSYS for one it does not know. */
long rt_call_table(struct rt *rt, TALLOC_CTX *mem, long nr, const long a[6]);

/* exec.c: n bytes of src at off of fd, through EINTR and short writes.
 * 0 or -errno. */
long rt_write_at(long fd, const void *src, uint64_t n, uint64_t off);

#endif
