#!/bin/sh
# gdb's `info proc mappings` (which reads /proc/PID/maps) in the Debian
# development rootfs (tests/fixtures/debian-devel.sh), on a program gcc
# builds in a host directory bound at /mnt: the mapped files are named
# by their guest paths, the same as in a real chroot (compared as a
# sorted set of names: addresses differ).
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
if ! DEB=$(sh "$here/../fixtures/debian-devel.sh" 2>"$T/fixture.err"); then
	skip debian_devel_available "$(cat "$T/fixture.err")"
	exit 0
fi
if [ ! -x "$DEB/usr/bin/gdb" ]; then
	skip debian_devel_has_gdb "$DEB has no gdb (an older fixture)"
	exit 0
fi
. "$here/devel-lib.sh"

SETUP='printf "int main(void)\n{\n\treturn 0;\n}\n" >prog.c'
dev_run "gcc -O0 -o prog prog.c &&
	gdb -q -batch -ex 'break main' -ex run -ex 'info proc mappings' ./prog 2>&1 |
	sed -n 's|^ *0x.* \(/.*\)\$|\1|p' | sort -u"
# Where libc and ld.so really are in this tree (/usr/lib when merged).
DEBR=$(readlink -f "$DEB")
LIBC=$(readlink -f "$DEB$IT_LIBDIR/libc.so.6") LIBC=${LIBC#"$DEBR"}
LDSO=$(readlink -f "$DEB$IT_LIBDIR/${IT_LDSO##*/}") LDSO=${LDSO#"$DEBR"}
expect gdb_info_proc_mappings_guest_names "$(printf '%s\n' /mnt/prog "$LDSO" "$LIBC" | sort -u)"
SETUP=
