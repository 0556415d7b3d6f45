#!/bin/sh
# exec's errors and descriptors that burrow's loader must not change:
# ETXTBSY for a program open for writing, E2BIG for an argument over
# MAX_ARG_STRLEN, and fexecve of a close-on-exec memfd.  Compared with a
# real chroot when run as root.
. "$(dirname "$0")/lib.sh"
new_root

# A program the guest may write: the test user owns it.
cp "$ROOT/bin/probe" "$ROOT/tmp/prog"
chmod 0755 "$ROOT/tmp/prog"

guest /bin/execer busyexec /tmp/prog echo ran
expect exec_of_file_open_for_writing_is_etxtbsy "execer busyexec /tmp/prog: ETXTBSY" 126

guest /bin/execer execve /tmp/prog echo ran
expect exec_after_writer_closed_runs "ran"

guest /bin/execer bigarg /bin/probe
expect exec_of_oversized_argument_is_e2big "execer bigarg /bin/probe: E2BIG" 126

guest /bin/execer memfdexec /bin/probe echo from-memfd
expect fexecve_of_memfd_runs "from-memfd"
