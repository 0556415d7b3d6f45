/* What the command line sets up in the syscall handlers' state before
 * the run: the narrow interface src/cli uses.  0 or -errno; nothing
 * here prints. */
#ifndef BURROW_SYSCALLS_SETUP_H
#define BURROW_SYSCALLS_SETUP_H

#include <stdbool.h>
#include <stdint.h>

struct tracer;

/* -p IN:OUT, and -n's record at a bind (netcoop): the guest's port
 * guest is the host's port host.  A later entry for the same guest
 * port replaces the earlier one, as PRoot's last -p wins. */
int inet_add_port(struct tracer *tr, uint16_t guest, uint16_t host, bool netcoop);
/* Whether -n can work on this kernel (pidfd_getfd, Linux 5.6). */
int inet_netcoop_check(void);
/* -0: root's capability sets, from the host's bounding set and what
 * burrow emulates. */
uint64_t caps_of_fake_root(uint64_t bounding);
/* -q: the static qemu-user at host (absolute) runs the guest's foreign
 * programs, with opts (nopts words) as its options before PRoot's. */
int exec_set_qemu(struct tracer *tr, const char *host, char *const *opts, size_t nopts);

#endif
