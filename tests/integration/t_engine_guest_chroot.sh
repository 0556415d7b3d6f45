#!/bin/sh
# --engine=guest: a guest chroot (HACKING.md "The in-guest engine"), as
# the ptrace engine does it: a caller with CAP_SYS_CHROOT (root here)
# gets a new "/" for its lookups, ".." stops at it, getcwd and the
# /proc/self cwd and fd links show paths under it (a cwd left outside:
# "(unreachable)" for getcwd), an exec keeps it and finds its program
# in it, a fork child inherits it, a vfork child's does not reach its
# parent; a user that may not gets EPERM.  Each command under the ptrace
# engine (which must print the text written here) and then under the
# guest engine.
. "$(dirname "$0")/lib.sh"

unset BURROW_NO_SECCOMP PROOT_NO_SECCOMP BURROW_ENGINE

# The jail: a static helper, a file, links to inside it, a directory.
J=$ROOT/jail
mkdir -p "$J/bin" "$J/sub" "$J/proc"
cp "$ROOT/bin/probe" "$J/bin/probe"
printf 'in the jail\n' >"$J/file"
ln -s /file "$J/abs"
ln -s ../file "$J/sub/rel"
chmod -R go+rX "$J"

if [ "$IT_UID" = 0 ]; then ok=ok; else ok=EPERM; fi
# What a path of the jail gives after the chroot: found as root, not
# found (the root is unchanged) as a user.
if [ "$IT_UID" = 0 ]; then in=ok; else in=ENOENT; fi
if [ "$IT_UID" = 0 ]; then file='ok file' link='ok symlink'; else file=ENOENT link=ENOENT; fi

# same NAME EXPECTED CMD...: CMD in ROOT (with /proc bound in the jail
# too), as same_as_ptrace, then the guest engine again beside a real
# chroot (as root; the reference), as NAME_as_chroot.
same() {
	_name=$1 _want=$2
	shift 2
	same_as_ptrace "$_name" "$_want" -r "$ROOT" -b /proc -b "/proc:/jail/proc" "$@"
	guest --engine=guest -b /proc -b "/proc:/jail/proc" "$@"
	expect "${_name}_as_chroot" "$_want"
}

same guest_chroot_lookups "chroot /jail: $ok
type /file: $file
type /abs: $link
type /sub/rel: $link
type /../../file: $file
type /etc/passwd: $([ "$IT_UID" = 0 ] && echo ENOENT || echo ok file)" \
	/bin/probe chroot /jail type /file type /abs type /sub/rel type /../../file type /etc/passwd

# An absolute link's text as written, followed inside the jail; a
# relative path and ".." above the new root from a cwd inside it.
if [ "$IT_UID" = 0 ]; then
	same guest_chroot_relative "chdir /jail/sub: ok
chroot /jail: ok
readlink /abs: ok /file
cat rel: ok in the jail\n
cat ../../../file: ok in the jail\n
getcwd: ok /sub
readlink /proc/self/cwd: ok /sub
readlink /proc/self/root: ok /" \
		/bin/probe chdir /jail/sub chroot /jail readlink /abs cat rel cat ../../../file getcwd \
		readlink /proc/self/cwd readlink /proc/self/root
	# A cwd left outside the new root, as the kernel's getcwd shows it;
	# the cwd link by its path in the run's root.  (Relative lookups
	# from there: both engines resolve them under the new root, where
	# the kernel starts from the real cwd: a gap of the path core.)
	# (Not beside a real chroot, whose cwd link would name the host's path.)
	same_as_ptrace guest_chroot_cwd_outside "chdir /etc: ok
chroot /jail: ok
getcwd: ok (unreachable)/etc
readlink /proc/self/cwd: ok /etc" -r "$ROOT" -b /proc -b /proc:/jail/proc \
		/bin/probe chdir /etc chroot /jail getcwd readlink /proc/self/cwd
	# A descriptor opened in the jail, shown without the jail's prefix.
	same guest_chroot_fd_link "chroot /jail: ok
open /sub/rel: ok type=file
fdpath: ok /file" \
		/bin/probe chroot /jail open /sub/rel fdpath
fi

# exec after the chroot: the program is the jail's, and the root stays.
same guest_chroot_then_exec "chroot /jail: $ok
type /file: $file" \
	/bin/probe chroot /jail exec /bin/probe type /file

# /proc/self/maps after the chroot and an exec: the program by its
# path in the jail.
if [ "$IT_UID" = 0 ]; then
	same guest_chroot_maps_names "chroot /jail: ok
mapnames: ok /bin/probe" \
		/bin/probe chroot /jail exec /bin/probe mapnames
fi

# A fork child inherits the root; a vfork child's root is its own.
same guest_chroot_fork_inherits "chroot /jail: $ok
child stat /file: $in
parent stat /file: $in" \
	/bin/chrootkid fork /jail /file
same guest_chroot_vfork_child_own "child chroot /jail: $ok
child stat /file: $in
parent stat /file: ENOENT" \
	/bin/chrootkid vfork /jail /file
