#!/bin/sh
# --engine=guest: /proc/PID/exe names the program (as the kernel and the
# ptrace engine show it), not the loader's memfd, and open, stat and
# execve through it reach the program (HACKING.md "The in-guest engine":
# the memfd a process runs is named after its program's guest path).
# Static helpers against a real chroot, dynamic Debian programs against
# the ptrace engine and the expected text.
. "$(dirname "$0")/lib.sh"

unset BURROW_NO_SECCOMP PROOT_NO_SECCOMP BURROW_ENGINE

PROBE_SIZE=$(stat -c %s "$ROOT/bin/probe")

# The first process, a static program: its own link, followed too.
guest --engine=guest -b /proc /bin/probe readlink /proc/self/exe stat /proc/self/exe \
	readlink /proc/thread-self/exe
expect guest_exe_static_self "readlink /proc/self/exe: ok /bin/probe
stat /proc/self/exe: ok type=file size=$PROBE_SIZE mode=0755
readlink /proc/thread-self/exe: ok /bin/probe"

# Opened through the link: a magic link, as the kernel's.
guest --engine=guest -b /proc /bin/probe openat2 /proc/self/exe no_magiclinks \
	openat2 /proc/self/exe open /proc/self/exe
expect guest_exe_open_through "openat2 /proc/self/exe no_magiclinks: ELOOP
openat2 /proc/self/exe: ok type=file
open /proc/self/exe: ok type=file"

# Run through a symlink: the program's own path, as the kernel's.
guest --engine=guest -b /proc /links/tobin/probe readlink /proc/self/exe
expect guest_exe_through_symlink "readlink /proc/self/exe: ok /bin/probe"

# After an exec by the runtime, by path and by descriptor.
guest --engine=guest -b /proc /bin/execer execve /bin/probe readlink /proc/self/exe
expect guest_exe_after_execve "readlink /proc/self/exe: ok /bin/probe"
guest --engine=guest -b /proc /bin/execer fdexec /bin/probe readlink /proc/self/exe
expect guest_exe_after_fdexec "readlink /proc/self/exe: ok /bin/probe"

# A program that runs itself again through /proc/self/exe.
guest --engine=guest -b /proc /bin/probe exec /proc/self/exe argv0 readlink /proc/self/exe \
	stat /proc/self/exe
expect guest_exe_reexec_self "argv0: /proc/self/exe
readlink /proc/self/exe: ok /bin/probe
stat /proc/self/exe: ok type=file size=$PROBE_SIZE mode=0755"

# A guest path too long for a memfd's name (over 242 bytes): it is
# written into the memfd, for the first process and after an exec.
L=dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
mkdir -p "$ROOT/$L/$L"
cp "$ROOT/bin/probe" "$ROOT/$L/$L/probe"
guest --engine=guest -b /proc "/$L/$L/probe" readlink /proc/self/exe exec "/$L/$L/probe" \
	readlink /proc/self/exe stat /proc/self/exe
expect guest_exe_long_path "readlink /proc/self/exe: ok /$L/$L/probe
readlink /proc/self/exe: ok /$L/$L/probe
stat /proc/self/exe: ok type=file size=$PROBE_SIZE mode=0755"

# Dynamic programs of a Debian 12 rootfs.
here=$(cd "$(dirname "$0")" && pwd)
if ! DEB=$(sh "$here/../fixtures/debian-rootfs.sh" 2>"$T/fixture.err"); then
	skip guest_exe_debian "$(cat "$T/fixture.err")"
	exit 0
fi
BIND=$T/bind
mkdir -p "$BIND"
chmod 0755 "$BIND"
printf '#!/bin/sh\nreadlink /proc/$$/exe\n' >"$BIND/script"
chmod 0755 "$BIND/script"
[ "$IT_UID" = 0 ] || chown -R "$IT_UID:$IT_GID" "$BIND"

# deb_exe NAME EXPECTED CMD...: CMD in the Debian rootfs, as same_as_ptrace.
deb_exe() {
	_name=$1 _want=$2
	shift 2
	same_as_ptrace "$_name" "$_want" -r "$DEB" -b /proc -b "$BIND:/mnt" "$@"
}

deb_exe guest_exe_dynamic_self "/usr/bin/readlink
/usr/bin/readlink
/usr/bin/readlink" /bin/readlink /proc/self/exe /proc/thread-self/exe /proc/self/task/../exe
deb_exe guest_exe_realpath "/usr/bin/readlink" /bin/readlink -f /proc/self/exe
deb_exe guest_exe_script_is_interpreter "/usr/bin/dash" /mnt/script
# Another process: the shell's, read by its child.
deb_exe guest_exe_other_process "/usr/bin/dash
/usr/bin/dash" /bin/sh -c 'readlink /proc/$$/exe /proc/$$/task/$$/exe'
# A child's, read by the shell once the child has opened the FIFO (so
# it runs cat by then); the open writer keeps it alive meanwhile.
deb_exe guest_exe_of_child "/usr/bin/cat" /bin/sh -c \
	'rm -f /mnt/ff && mkfifo /mnt/ff && { cat /mnt/ff & p=$!; exec 4>/mnt/ff; readlink /proc/$p/exe; exec 4>&-; wait; }'
deb_exe guest_exe_read_through "same
regular file, size of stat" /bin/sh -c \
	'cat /proc/self/exe | cmp - /usr/bin/cat && echo same
	s=$(stat -L -c "%F, %s" /proc/self/exe) && [ "$s" = "regular file, $(stat -c %s /usr/bin/stat)" ] &&
	echo "regular file, size of stat"'
deb_exe guest_exe_shell_reexec "again /proc/self/exe
/usr/bin/dash" /bin/sh -c 'exec /proc/self/exe -c "echo again \$0; readlink /proc/\$\$/exe"'
