#!/bin/sh
# A real distribution: a Debian 12 rootfs made by debootstrap --variant=
# minbase (tests/fixtures/debian-rootfs.sh caches it).  Each command runs
# under burrow and, as root, in a real chroot with the same bind mounts
# (in a private mount namespace); the outputs must be identical.
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
if ! DEB=$(sh "$here/../fixtures/debian-rootfs.sh" 2>"$T/fixture.err"); then
	skip debian_rootfs_available "$(cat "$T/fixture.err")"
	exit 0
fi
# Host-side files bound into the guest at /mnt (empty in the rootfs, so a real bind mount can cover it).
BIND=$T/bind
mkdir -p "$BIND"
chmod 0755 "$BIND"
[ "$IT_UID" = 0 ] || chown "$IT_UID:$IT_GID" "$BIND"

# deb_run NAME CMD: burrow and, as root, chroot outputs of sh -c CMD.
deb_run() {
	_name=$1
	shift
	# shellcheck disable=SC2086
	{ $IT_AS "$BURROW" -r "$DEB" -b /proc -b "$BIND:/mnt" /bin/sh -c "$1" </dev/null 2>"$T/err"; echo $? >"$T/status"; } | cat >"$T/out"
	STATUS=$(cat "$T/status")
	OUT=$T/out ERR=$T/err NATIVE_RAN=0
	if [ "$IT_NATIVE" != 1 ]; then
		return 0
	fi
	spec=
	[ "$IT_UID" = 0 ] || spec="--userspec=$IT_UID:$IT_GID"
	# shellcheck disable=SC2016
	{ unshare -m sh -c 'mount --make-rprivate / && mount --bind /proc "$1/proc" &&
		mount --bind "$2" "$1/mnt" && exec chroot $3 "$1" /bin/sh -c "$4"' \
		sh "$DEB" "$BIND" "$spec" "$1" </dev/null 2>"$T/nerr"; echo $? >"$T/nstatus"; } | cat >"$T/nout"
	NOUT=$T/nout NERR=$T/nerr NSTATUS=$(cat "$T/nstatus") NATIVE_RAN=1
}

# The issue's acceptance command.  /proc's link count is the number of
# live processes, different at any two moments: only that field is masked
# (and the column padding that follows its width).
deb_run debian_acceptance 'ls -l / | sed "/ proc\$/s/^\([^ ]*\) *[0-9]*/\1 N/" | tr -s " " && cat /etc/debian_version && cd /usr/lib && pwd && readlink /proc/self/cwd'
expect_same_as_chroot debian_acceptance

deb_run debian_shell_exit_42 'exit 42'
expect_same_as_chroot debian_shell_exit_42 42

deb_run debian_readlink_proc_self_exe 'readlink /proc/self/exe; readlink /proc/self/root; cd /etc && /bin/readlink /proc/self/cwd'
expect_same_as_chroot debian_readlink_proc_self_exe

deb_run debian_tree_listing 'find /etc /usr/lib/os-release -xdev | sort | head -c 100000 | md5sum; ls -la /usr/bin | wc -l'
expect_same_as_chroot debian_tree_listing

deb_run debian_dpkg_database 'dpkg -l | tail -n +6 | wc -l; dpkg -S /bin/ls'
expect_same_as_chroot debian_dpkg_database

# Scripts: the interpreter is looked up in the guest, $0 is the path as
# given, and nested interpreters work (kernel argv layout).
printf '#!/bin/sh -e\necho "0=$0 args=$*"\n' >"$BIND/inner"
printf '#!/mnt/inner outer-arg\n' >"$BIND/outer"
printf '#!/no/such/interpreter\n' >"$BIND/broken"
chmod 0755 "$BIND/inner" "$BIND/outer" "$BIND/broken"
deb_run debian_shebang_argv 'cd /mnt && ./inner a "b c" && /mnt/outer x; ./broken; echo "broken=$?"'
expect_same_as_chroot debian_shebang_argv

# Bindings over a real tree, relative paths and .. at the root.
deb_run debian_bind_and_dotdot 'cd /mnt && ls && cd ../../../.. && pwd && cat ../../etc/debian_version'
expect_same_as_chroot debian_bind_and_dotdot

# Pipelines, fork and exec chains, and a shell loop.
deb_run debian_fork_exec_loop 'i=0; while [ $i -lt 50 ]; do /bin/true; i=$((i+1)); done; echo $i | cat | cat'
expect_same_as_chroot debian_fork_exec_loop
