#!/bin/sh
# A `guix pack`-style tarball, unpacked as a user would: every program's
# PT_INTERP and RUNPATH point into /gnu/store, which the host does not
# have, so natively nothing runs; under burrow the loader takes the
# interpreter from the guest and hwloc's lstopo prints the machine's
# topology.  The pack is made by tests/fixtures/guix-pack.sh (cached).
# As root, each run is also done in a real chroot of the same tree (its
# /gnu bind-mounted into an empty directory that has the pack's /bin
# link), and the outputs must be the same.
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
if ! GP=$(sh "$here/../fixtures/guix-pack.sh" 2>"$T/fixture.err"); then
	skip guix_pack_available "$(cat "$T/fixture.err")"
	exit 0
fi
. "$GP/paths.env"
TREE=$GP/root
if [ -e /gnu/store ] || [ -e "$GP_INTERP" ]; then
	skip_machine guix_pack_available "the host has a /gnu/store: the pack would not depend on burrow"
	exit 0
fi
# The reference's root: what the pack holds, /gnu comes as a bind mount.
REF=$T/ref
mkdir -p "$REF"
cp -P "$TREE/bin" "$REF/bin"

# gp NAME [BURROW OPTIONS] CMD...: CMD under burrow -r TREE, and on the
# chroot reference as root (-b options apply to both).
gp() {
	_it_own
	# shellcheck disable=SC2086
	_it_capture "$OUT" "$ERR" "$T/status" $IT_AS "$BURROW" -r "$TREE" "$@"
	STATUS=$(cat "$T/status")
	NATIVE_RAN=0
	if [ "$IT_NATIVE" = 1 ]; then
		_it_capture "$NOUT" "$NERR" "$T/nstatus" sh "$IT_LIB/reference.sh" \
			--as "$IT_UID:$IT_GID" -r "$REF" -b "$TREE/gnu:/gnu" "$@"
		NSTATUS=$(cat "$T/nstatus")
		NATIVE_RAN=1
	fi
}


# Natively the kernel looks for the interpreter on the host: ENOENT,
# through the store path and through the pack's /bin link alike.
_it_own
# shellcheck disable=SC2086
_it_capture "$OUT" "$ERR" "$T/status" $IT_AS "$HELPERS/execer" execve "$TREE$GP_HWLOC/bin/lstopo-no-graphics"
STATUS=$(cat "$T/status")
expect guix_pack_program_fails_natively "execer execve $TREE$GP_HWLOC/bin/lstopo-no-graphics: ENOENT" 127
# shellcheck disable=SC2086
_it_capture "$OUT" "$ERR" "$T/status" $IT_AS "$HELPERS/execer" execve "$TREE/bin/lstopo-no-graphics"
STATUS=$(cat "$T/status")
expect guix_pack_bin_link_fails_natively "execer execve $TREE/bin/lstopo-no-graphics: ENOENT" 127

# The acceptance: lstopo through the pack's /bin link prints the host's
# topology, line for line what the host's own lstopo prints (a machine
# without one, the arm64 VM, runs the pack's in the chroot reference).
if command -v lstopo-no-graphics >/dev/null; then
	# shellcheck disable=SC2086
	$IT_AS lstopo-no-graphics >"$T/host.lstopo" 2>/dev/null
elif [ "$IT_NATIVE" = 1 ]; then
	sh "$IT_LIB/reference.sh" --as "$IT_UID:$IT_GID" -r "$REF" -b "$TREE/gnu:/gnu" \
		-b /proc -b /sys /bin/lstopo-no-graphics >"$T/host.lstopo" 2>/dev/null </dev/null
fi
HOST_PUS=$(grep -c 'PU L#' "$T/host.lstopo" 2>/dev/null)
gp -b /proc -b /sys /bin/lstopo-no-graphics
if [ -f "$T/host.lstopo" ]; then
	expect guix_pack_lstopo_prints_host_topology "$(cat "$T/host.lstopo")"
else
	skip_machine guix_pack_lstopo_prints_host_topology "no lstopo-no-graphics here, and no chroot (not root) to run the pack's"
fi

# With /proc alone (no /sys), as in the issue's command: hwloc falls back
# to what /proc and the kernel say; the Machine and every PU are there.
gp -b /proc /bin/lstopo-no-graphics
expect_same_as_chroot guix_pack_lstopo_with_proc_only
if grep -q '^Machine' "$OUT" && [ "$(grep -c 'PU L#' "$OUT")" = "$HOST_PUS" ]; then
	pass guix_pack_lstopo_proc_only_machine_and_pus
else
	fail guix_pack_lstopo_proc_only_machine_and_pus "no Machine line, or not $HOST_PUS PUs"
	_it_show stdout "$OUT"
	_it_show stderr "$ERR"
fi

# The same program by its store and profile paths, and through the
# store's ld.so run as a program.
gp "$GP_HWLOC/bin/lstopo-no-graphics" --version
expect guix_pack_store_path "$GP_LSTOPO_VERSION"
gp "$GP_PROFILE/bin/lstopo-no-graphics" --version
expect guix_pack_profile_symlink "$GP_LSTOPO_VERSION"
gp "$GP_INTERP" "$GP_HWLOC/bin/lstopo-no-graphics" --version
expect guix_pack_store_ld_so_run_directly "$GP_LSTOPO_VERSION"

# The store's bash: runs, finds the store's programs through the /bin
# link, and its children go through the loader too.
# shellcheck disable=SC2016
gp -b /proc /bin/bash -c 'echo "$BASH_VERSION"; read -r c </proc/self/comm; echo "comm=$c";
	PATH=/bin; lstopo-no-graphics --version; bash -c "exit 7"; echo "status=$?"'
expect guix_pack_bash_runs_store_programs "$GP_BASH_VERSION
comm=bash
$GP_LSTOPO_VERSION
status=7"

# Scripts whose #! names the store's bash, and a wrapper nested one
# level deeper (greet -> greet-inner -> bash).
gp /bin/hello x "y z"
expect guix_pack_script_argv "0=/bin/hello
1=x
2=y z"
gp /bin/greet x "y z"
expect guix_pack_nested_script_argv "0=$GP_GREET/libexec/greet-inner
1=from-greet
2=/bin/greet
3=x
4=y z"
gp /bin/bash -c "cd $GP_GREET/bin && ./greet a && ../libexec/greet-inner b"
expect guix_pack_scripts_by_relative_path "0=$GP_GREET/libexec/greet-inner
1=from-greet
2=./greet
3=a
0=../libexec/greet-inner
1=b"

# A guest program that execs a store program from a file descriptor
# (fexecve): the kernel's path, yet the interpreter is still the guest's.
gp -b "$HELPERS:/helpers" /helpers/execer fdexec /bin/lstopo-no-graphics --version
expect guix_pack_fexecve_store_program "$GP_LSTOPO_VERSION"
