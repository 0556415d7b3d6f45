#!/bin/sh
# burrow's loader opens the host files of a guest exec with a dirfd the
# seccomp filter lets through untranslated.  That value is drawn per run:
# with a fixed one, a burrow inside the guest (whose loader uses the same
# value for its own host paths, which are this burrow's guest paths), or
# any guest that names it, would open host files.
. "$(dirname "$0")/lib.sh"

# The value every burrow used before it was drawn per run.
old=$((-0x62757272))

guest /bin/probe atfd "$old" openat /etc/guest-only fstat openat /etc/hostname fstat
expect nested_loader_dirfd_is_translated "atfd $old: ok
openat /etc/guest-only: ok type=file
fstat: ok type=file size=18 mode=0644
openat /etc/hostname: ok type=file
fstat: ok type=file size=15 mode=0644"

BURROW_NO_SECCOMP=1 guest /bin/probe atfd "$old" openat /etc/guest-only
expect nested_loader_dirfd_is_translated_without_seccomp "atfd $old: ok
openat /etc/guest-only: ok type=file"
