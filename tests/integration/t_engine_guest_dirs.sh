#!/bin/sh
# --engine=guest: directory listings that must show bindings, and the
# directories a binding's guest path needs, as the ptrace engine serves
# them (the reference here: a real chroot would need the mount points in
# the rootfs).  A binding whose name its parent lacks in the rootfs is
# added to the parent's listing (getdents64, with the d_type of what is
# bound), and the missing ancestors of "-b HOST:/a/b/c" are directories
# one can stat, enter, list and walk.  Each check runs the command under
# both engines: the ptrace engine's output must be the one written here,
# and the guest engine's the same.
. "$(dirname "$0")/lib.sh"

# CI's fallback pass sets BURROW_NO_SECCOMP=1, which the guest engine
# refuses.
unset BURROW_NO_SECCOMP PROOT_NO_SECCOMP BURROW_ENGINE

mkdir -p "$HOSTD/d"
printf 'bound\n' >"$HOSTD/d/f"
printf 'file\n' >"$HOSTD/file"

# The rootfs's top directories (all directories) and the phantom "a".
top=$( (ls -A "$ROOT"; echo a) | LC_ALL=C sort | sed 's/$/:dir/' | tr '\n' ' ' | sed 's/ $//')

# The rootfs lacks /a: "/" lists it, /a and /a/b are directories one
# can list, stat, enter and get back from getcwd.
same_as_ptrace guest_dirs_phantom_ancestor "lstypes /: ok $top
lstypes /a: ok b:dir
lstypes /a/b: ok c:dir
ls /a/b/c: ok f
stat /a: ok type=dir mode=0755
lstat /a/b: ok type=dir mode=0755
chdir /a: ok
getcwd: ok /a
ls .: ok b
stat b/c/f: ok type=file size=6 mode=0644" \
	-r "$ROOT" -b "$HOSTD/d:/a/b/c" /bin/probe lstypes / lstypes /a lstypes /a/b ls /a/b/c \
	stat /a lstat /a/b chdir /a getcwd ls . stat b/c/f

# A file and a device bound where their existing parent lacks the name:
# listed with their own types (the rootfs's /dev is empty).
same_as_ptrace guest_dirs_phantom_file_and_device "lstypes /dev: ok null:chr
lstypes /etc: ok bound:file guest-only:file hostname:file passwd:file sub:dir
cat /etc/bound: ok file\\n" \
	-r "$ROOT" -b "$HOSTD/file:/etc/bound" -b /dev/null:/dev/null \
	/bin/probe lstypes /dev lstypes /etc cat /etc/bound

# Each pass over one fd gets the phantoms once: after a rewind again,
# and a read past the end finds nothing more.
same_as_ptrace guest_dirs_phantoms_once_per_pass "lsrewind /: ok $top
lsrewind /: ok $top
lsrewind /dev: ok null:chr
lsrewind /dev: ok null:chr" \
	-r "$ROOT" -b "$HOSTD/d:/a/b/c" -b /dev/null:/dev/null /bin/probe lsrewind / lsrewind /dev

# BURROW_DONT_POLLUTE_ROOTFS=1: "/" does not list "a" (getdents64 is
# not trapped), which can still be entered and listed (glue).
export BURROW_DONT_POLLUTE_ROOTFS=1
same_as_ptrace guest_dirs_dont_pollute_lists_no_phantoms "ls /: ok$(root_listing)
ls /a: ok b
stat /a/b: ok type=dir mode=0755" \
	-r "$ROOT" -b "$HOSTD/d:/a/b/c" /bin/probe ls / ls /a stat /a/b
unset BURROW_DONT_POLLUTE_ROOTFS

# A name missing from a bound directory: the phantom is found through
# the binding (its parent's host path is the host's directory).
same_as_ptrace guest_dirs_phantom_inside_binding "lstypes /mnt/x: ok f:file newfile:file
lstypes /mnt/x: ok f:file newfile:file" \
	-r "$ROOT" -b "$HOSTD/d:/mnt/x" -b "$HOSTD/file:/mnt/x/newfile" \
	/bin/probe lstypes /mnt/x lstypes /mnt/x

# A binding over an existing directory: the host's entries, and the
# name once in its parent.
same_as_ptrace guest_dirs_binding_over_existing_dir "ls /mnt/x: ok f
lstypes /mnt: ok other:dir x:dir" \
	-r "$ROOT" -b "$HOSTD/d:/mnt/x" /bin/probe ls /mnt/x lstypes /mnt

# Dynamic programs of a real distribution: ls, find, cd, realpath and
# stat over the phantom ancestors and entries.
here=$(cd "$(dirname "$0")" && pwd)
if ! DEB=$(sh "$here/../fixtures/debian-rootfs.sh" 2>"$T/fixture.err"); then
	skip guest_dirs_debian "$(cat "$T/fixture.err")"
	exit 0
fi
[ "$IT_UID" = 0 ] || chown -R "$IT_UID:$IT_GID" "$HOSTD"
deb() {
	_dn=$1
	shift
	same_as_ptrace "$_dn" - -r "$DEB" -b "$HOSTD/d:/a/b/c" -b "$HOSTD/file:/etc/bound-file" \
		-b /dev/null:/srv/null /bin/sh -c "$*"
}
deb guest_dirs_debian_ls_root 'ls -a /; ls -F /etc | grep bound; ls /srv'
deb guest_dirs_debian_ls_la 'ls -la --time-style=+%Y /a /a/b /srv'
deb guest_dirs_debian_find 'find /a /srv -printf "%y %Y %p\n"; find / -maxdepth 1 -name a'
deb guest_dirs_debian_cd_realpath 'cd /a/b && pwd && realpath ../b/c . /a/b/c/f && cd c && ls'
deb guest_dirs_debian_stat 'stat -c "%n %F %a" /a /a/b /a/b/c /srv/null /etc/bound-file'
