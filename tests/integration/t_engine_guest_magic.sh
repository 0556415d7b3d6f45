#!/bin/sh
# --engine=guest: the /proc magic links root, cwd and fd/N (of the
# process itself, a thread, another process) read back in guest terms
# as under the ptrace engine: the rootfs prefix and a binding's host path
# mapped back, root "/", a pipe or socket as the kernel names it, a
# descriptor from outside the guest's view by its host path; lookups
# through them reach what the ptrace engine reaches (HACKING.md "The
# in-guest engine", "/proc magic links").  Dynamic programs of a Debian
# 12 rootfs, each command under the ptrace engine (which must print the
# text written here) and then under the guest engine.
. "$(dirname "$0")/lib.sh"

unset BURROW_NO_SECCOMP PROOT_NO_SECCOMP BURROW_ENGINE

here=$(cd "$(dirname "$0")" && pwd)
if ! DEB=$(sh "$here/../fixtures/debian-rootfs.sh" 2>"$T/fixture.err"); then
	skip guest_magic_debian "$(cat "$T/fixture.err")"
	exit 0
fi
MROOT=$DEB
BIND=$T/bind
mkdir -p "$BIND/sub"
printf 'hi\n' >"$BIND/f"
chmod -R go+rX "$BIND"
printf 'host\n' >"$T/hostfile"
chmod 0644 "$T/hostfile"
[ "$IT_UID" = 0 ] || chown -R "$IT_UID:$IT_GID" "$BIND"

# magic NAME EXPECTED CMD...: CMD in $MROOT, as same_as_ptrace.
magic() {
	_name=$1 _want=$2
	shift 2
	same_as_ptrace "$_name" "$_want" -r "$MROOT" -b /proc -b /dev -b "$BIND:/mnt" "$@"
}

# Descriptors on a file of the rootfs, of a binding, a directory,
# /dev/null (from -b /dev); the thread-self and task forms.
magic guest_magic_fd_file "/etc/passwd
/mnt/f
/usr/bin
/dev/null
/etc/passwd
/etc/passwd" /bin/sh -c 'exec 3</etc/passwd 4</mnt/f 5</usr/bin 6</dev/null
	readlink /proc/self/fd/3 /proc/self/fd/4 /proc/self/fd/5 /proc/self/fd/6 \
		/proc/thread-self/fd/3 /proc/$$/task/$$/fd/3'
# A pipe and a socket: the kernel's names (their inode numbers vary).
magic guest_magic_fd_pipe_socket "pipe:[N]
socket:[N]" /bin/sh -c 'echo x | readlink /proc/self/fd/0 | sed "s/[0-9][0-9]*/N/"
	perl -MSocket -e "socketpair(my \$a, my \$b, AF_UNIX, SOCK_STREAM, 0) or die;
		print readlink(\"/proc/self/fd/\" . fileno(\$a)), qq(\n)" | sed "s/[0-9][0-9]*/N/"'
# A removed file, and a descriptor burrow's caller gave (outside the
# guest's view: its host path, as the ptrace engine shows it).
magic guest_magic_fd_deleted_and_host "/mnt/gone (deleted)
$T/hostfile" /bin/sh -c 'echo x >/mnt/gone && exec 3</mnt/gone && rm /mnt/gone &&
	readlink /proc/self/fd/3 /proc/self/fd/7' 7<"$T/hostfile"
# cwd at the root, in the rootfs, in a binding; root.
magic guest_magic_cwd_root "/
/usr/share
/mnt/sub
/
/" /bin/sh -c 'cd / && readlink /proc/self/cwd; cd /usr/share && readlink /proc/self/cwd
	cd /mnt/sub && readlink /proc/self/cwd /proc/self/root /proc/$$/task/$$/root'
# Another process's links, read by its child.
magic guest_magic_other_process "/mnt/sub
/mnt/f
/etc/passwd
/" /bin/sh -c 'cd /mnt/sub && exec 3</mnt/f 4</etc/passwd &&
	sh -c "readlink /proc/\$PPID/cwd /proc/\$PPID/fd/3 /proc/\$PPID/fd/4 /proc/\$PPID/root"'
# readlink -f: the links followed, then the path below them.
magic guest_magic_realpath "/etc/passwd
/mnt/f
/usr/share
/mnt/sub
/etc
/usr/lib" /bin/sh -c 'exec 3</etc/passwd 4</mnt/f; cd /usr/share && readlink -f /proc/self/fd/3 \
	/proc/self/fd/4 /proc/self/cwd; cd /mnt/sub && readlink -f /proc/self/cwd \
	/proc/self/root/etc /proc/self/root/usr/bin/../lib'
# Lookups through them: .. of a descriptor's directory, names under
# cwd and root, cd through them.
magic guest_magic_lookup_through "hi
/mnt/sub
/etc/passwd
hi
/usr
/mnt
/" /bin/sh -c 'exec 3</mnt/sub 4</etc/apt; cat /proc/self/fd/3/../f
	readlink -f /proc/self/fd/3/../sub; stat -c %n /proc/self/fd/4/../passwd | sed s,.*/fd/4/..,/etc,
	cd /mnt && cat /proc/self/cwd/f
	cd /proc/self/root/usr && pwd -P; cd -P /proc/self/fd/3/.. && pwd -P
	cd /proc/self/root && pwd -P'
# A shell in a binding, and one that went there through its cwd link.
magic guest_magic_pwd_in_binding "/mnt/sub
/mnt/sub
/mnt/sub" /bin/sh -c 'cd /mnt/sub && pwd -P; cd /proc/self/cwd && pwd -P
	cd /usr && cd -P /proc/self/cwd/../mnt/sub && pwd -P'

# map_files of the shell: its libc, by guest path.
magic guest_magic_map_files /usr/lib/ARCH/libc.so.6 /bin/sh -c 'for f in /proc/$$/map_files/*; do
	readlink "$f"; done | sed "s,/[^/]*-linux-gnu/,/ARCH/," | grep -x /usr/lib/ARCH/libc.so.6 |
	sort -u'

# readlinkat(fd, "") of an O_PATH descriptor open on the link itself:
# the static probe of the tests' own rootfs.
MROOT=$ROOT
magic guest_magic_readlinkat_empty_path "open /proc/self/cwd path,nofollow: ok type=symlink
atfd last: ok
readlinkat : ok /tmp
open /proc/self/root path,nofollow: ok type=symlink
atfd last: ok
readlinkat : ok /
open /proc/self/exe path,nofollow: ok type=symlink
atfd last: ok
readlinkat : ok /bin/probe" -w /tmp /bin/probe \
	open /proc/self/cwd path,nofollow atfd last readlinkat "" \
	open /proc/self/root path,nofollow atfd last readlinkat "" \
	open /proc/self/exe path,nofollow atfd last readlinkat ""
