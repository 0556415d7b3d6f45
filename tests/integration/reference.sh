#!/bin/sh
# reference.sh: burrow's command line done for real, with a private mount
# namespace, bind mounts and chroot.  Root only.
#
# lib.sh runs it next to burrow and compares the outputs: it is what the
# guest would see on a real chroot with bind mounts.  It can also stand
# in for burrow (BURROW=$PWD/tests/integration/reference.sh IT_USERS=root)
# to check that the tests' own expectations are right.
#
# usage: reference.sh [--map FROM TO] [--as UID:GID] [--ro] [--mount-root]
#                     -r ROOT [-b HOST[:GUEST]]... [-w DIR] CMD [ARG]...
#   --map FROM TO  binding sources under FROM are taken from TO instead
#                  (lib.sh runs the reference on a copy of the test files)
#   --as UID:GID   run CMD with these ids and no supplementary groups
#   --ro           ROOT is a read-only mount (the bindings stay writable):
#                  what burrow does with an archive's image
#   --mount-root   ROOT is a mount of its own, as the guest's "/" is
#                  under burrow (mount namespaces: MS_PRIVATE on "/",
#                  pivot_root)
#
# Mount points missing from ROOT are created, as mount(8) needs them.
# Errors of its own are one line on stderr and exit status 125 (as
# burrow's, and chroot(1)'s); a command that cannot be run gives 127 (not
# found) or 126, as in a shell.

me=${0##*/}
die() { echo "$me: $*" >&2; exit 125; }

if [ -z "$REFERENCE_IN_NS" ]; then
	[ "$(id -u)" = 0 ] || die "needs root (mount namespaces, chroot)"
	# Our bind mounts die with this namespace and never reach the host.
	# shellcheck disable=SC2093 # the die below runs only if exec fails
	REFERENCE_IN_NS=1 exec unshare -m sh "$0" "$@"
	die "unshare: cannot run"
fi
unset REFERENCE_IN_NS
mount --make-rprivate / || die "cannot make / private in the new mount namespace"

map_from='' map_to='' as='' root='' wd=/ ro='' mroot=''
while [ $# -gt 0 ]; do
	case $1 in
	--map) [ $# -ge 3 ] || die "--map needs FROM and TO"; map_from=$2 map_to=$3; shift 3 ;;
	--as) [ $# -ge 2 ] || die "--as needs UID:GID"; as=$2; shift 2 ;;
	--ro) ro=1; shift ;;
	--mount-root) mroot=1; shift ;;
	-r) [ $# -ge 2 ] || die "-r needs a path"; root=$2; shift 2 ;;
	-b) [ $# -ge 2 ] || die "-b needs a path"; binds="${binds-}$2
"; shift 2 ;;
	-w) [ $# -ge 2 ] || die "-w needs a path"; wd=$2; shift 2 ;;
	# Fake root: the reference runs with real ids (--as) instead.
	-0) shift ;;
	--engine=*) shift ;;	# how burrow translates: a real chroot has no engine
	-i) [ $# -ge 2 ] || die "-i needs UID:GID"; shift 2 ;;
	--) shift; break ;;
	-*) die "unknown option '$1'" ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || die "no command given"
[ -n "$root" ] || die "-r ROOT is required"
[ -e "$root" ] || die "-r $root: No such file or directory"
[ -d "$root" ] || die "-r $root: Not a directory"
# Checked on the host side, so a -w through an absolute symlink of the
# rootfs is not supported here.
[ -d "$root$wd" ] || die "-w $wd: No such file or directory"

# The root's own mount first, so that the bindings land on it; it turns
# read-only once they are in place (mount points may need creating).
if [ -n "$ro" ] || [ -n "$mroot" ]; then
	mount --bind "$root" "$root" || die "cannot bind $root on itself"
fi

# Bindings are mounted in the order given: a nested one after its parent.
printf '%s' "${binds-}" | while IFS= read -r spec; do
	host=${spec%%:*}
	guest=${spec#*:}
	[ "$host" = "$spec" ] && guest=$host
	if [ -n "$map_from" ]; then
		case $host in
		"$map_from"|"$map_from"/*) host=$map_to${host#"$map_from"} ;;
		esac
	fi
	[ -e "$host" ] || die "-b $spec: No such file or directory"
	target=$root$guest
	if [ -d "$host" ]; then
		mkdir -p "$target" || exit 125
	else
		mkdir -p "${target%/*}" && { [ -e "$target" ] || : >"$target"; } || exit 125
	fi
	mount --bind "$host" "$target" || die "cannot bind $host on $target"
done || exit 125
if [ -n "$ro" ]; then
	mount -o remount,bind,ro "$root" || die "cannot make $root read-only"
fi

# unshare -R chroots, then chdir()s to -w inside the new root, then
# execvp()s: exit status 127 if CMD is not found, 126 if not runnable.
if [ -n "$as" ]; then
	exec unshare -R "$root" -w "$wd" -S "${as%:*}" -G "${as#*:}" -- "$@"
fi
exec unshare -R "$root" -w "$wd" -- "$@"
