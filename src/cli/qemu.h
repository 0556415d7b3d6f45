/* -q COMMAND: the qemu-user that runs the guest's foreign programs. */
#ifndef BURROW_CLI_QEMU_H
#define BURROW_CLI_QEMU_H

struct tracer;

/* Split COMMAND into words as PRoot does (at runs of spaces), find its
 * first word on the host's PATH and check that it is a static program
 * of this machine; exec_set_qemu on success.  0, or -errno after a one-line
 * error. */
int qemu_setup(struct tracer *tr, const char *command);

#endif
