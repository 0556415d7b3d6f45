#!/bin/sh
# Open MPI under burrow, as in an HPC job script.  The rootfs is the
# Debian 12 one of tests/fixtures/debian-mpi.sh (openmpi-bin,
# libopenmpi-dev, and tests/mpi/*.c built with the guest's mpicc into
# /opt/mpitests).
#
# - Each rank in its own burrow, started by the HOST's mpirun (the usual
#   setup on a cluster: the batch system's launcher on the node, the
#   program and its MPI library from the rootfs):
#     mpirun -np N burrow -r ROOT -b /proc -b /sys -b /dev -b /tmp PROG
#   This needs the host's Open MPI to match the guest's (both Debian 12's
#   4.1.4 here): the wire protocol between mpirun's daemon and the ranks'
#   library is version-specific.
# - The guest's own mpirun inside one burrow:
#     burrow -r ROOT -b /proc -b /sys -b /dev -b /tmp mpirun -np N PROG
#
# hello (every rank prints its rank; sorted), allreduce (sums checked by
# the program) and pingpong (ranks 0 and 1 bounce 1 B .. 1 MiB, every byte
# checked) run with 2 and 4 ranks on shared memory (btl self,vader).  As
# root, each run is also made in a real chroot with the same bind mounts
# (in a private mount namespace); for the host-mpirun runs as nobody
# there is no such reference (mpirun would have to chroot).
#
# Open MPI refuses root without OMPI_ALLOW_RUN_AS_ROOT{,_CONFIRM}=1; the
# root pass sets them.  No wall-clock limit here: a hang is caught by
# run.sh's per-file limit.
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
if ! DEB=$(sh "$here/../fixtures/debian-mpi.sh" 2>"$T/fixture.err"); then
	skip mpi_rootfs_available "$(cat "$T/fixture.err")"
	exit 0
fi
BINDS="-b /proc -b /sys -b /dev -b /tmp"
MCA="--oversubscribe --mca btl self,vader --mca pml ob1"
# A fixed environment: nothing of the runner's HOME (~/.openmpi), TMPDIR
# or locale leaks in.  IT_MARK stays, so run.sh sees leftovers.
ENVS="IT_MARK=${IT_MARK:-} HOME=/nonexistent LC_ALL=C PATH=/usr/local/bin:/usr/bin:/bin"
if [ "$IT_UID" = 0 ]; then
	ENVS="$ENVS OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1"
fi
# burrow's fallback switches (BURROW_NO_SECCOMP=1 make check-integration).
for v in BURROW_NO_SECCOMP PROOT_NO_SECCOMP BURROW_NO_SYSCALL_INFO BURROW_NO_PROCESS_VM BURROW_NO_MEMFD \
	BURROW_NO_OPENAT2 BURROW_NO_SPIN BURROW_SPIN_US BURROW_NO_COLOCATE BURROW_NO_NAME_SHORTCUT \
	BURROW_NO_SPEC_ALLOW; do
	eval "_val=\${$v:-}"
	[ -z "$_val" ] || ENVS="$ENVS $v=$_val"
done

# mpi_capture OUT ERR STATUSFILE CMD...: stdout through a pipe, so the
# capture ends only when every process holding it has let go.
mpi_capture() {
	_o=$1 _e=$2 _s=$3
	shift 3
	{ "$@" </dev/null 2>"$_e"; echo $? >"$_s"; } | cat >"$_o"
}

# sort_out FILE: ranks print in any order.
sort_out() {
	sort "$1" >"$1.sorted" && mv "$1.sorted" "$1"
}

# The chroot reference: CMD... run with /proc, /sys, /dev and /tmp
# bind-mounted into DEB, in a private mount namespace (the cached rootfs
# is not changed: the mounts vanish with the namespace).
# shellcheck disable=SC2016
REF_SETUP='mount --make-rprivate / &&
	mount --bind /proc "$0/proc" && mount --rbind /sys "$0/sys" &&
	mount --rbind /dev "$0/dev" && mount --bind /tmp "$0/tmp" && exec "$@"'
CHROOT=$(command -v chroot)

# outside NAME NP PROG [ARGS]: the host's mpirun, each rank in a burrow.
outside() {
	_np=$1
	shift
	# shellcheck disable=SC2086
	mpi_capture "$OUT" "$ERR" "$T/status" $IT_AS env -i $ENVS \
		mpirun $MCA -np "$_np" "$BURROW" -r "$DEB" $BINDS "$@"
	STATUS=$(cat "$T/status")
	sort_out "$OUT"
	NATIVE_RAN=0
	# As nobody, mpirun would have to be root to chroot the ranks.
	[ "$IT_NATIVE" = 1 ] && [ "$IT_UID" = 0 ] || return 0
	# shellcheck disable=SC2086
	mpi_capture "$NOUT" "$NERR" "$T/nstatus" unshare -m sh -c "$REF_SETUP" "$DEB" \
		env -i $ENVS mpirun $MCA -np "$_np" "$CHROOT" "$DEB" "$@"
	NSTATUS=$(cat "$T/nstatus")
	sort_out "$NOUT"
	NATIVE_RAN=1
}

# inside NP PROG [ARGS]: the guest's mpirun in one burrow.
inside() {
	_np=$1
	shift
	# shellcheck disable=SC2086
	mpi_capture "$OUT" "$ERR" "$T/status" $IT_AS env -i $ENVS \
		"$BURROW" -r "$DEB" $BINDS mpirun $MCA -np "$_np" "$@"
	STATUS=$(cat "$T/status")
	sort_out "$OUT"
	NATIVE_RAN=0
	[ "$IT_NATIVE" = 1 ] || return 0
	spec=
	[ "$IT_UID" = 0 ] || spec="--userspec=$IT_UID:$IT_GID"
	# shellcheck disable=SC2086
	mpi_capture "$NOUT" "$NERR" "$T/nstatus" unshare -m sh -c "$REF_SETUP" "$DEB" \
		env -i $ENVS "$CHROOT" $spec "$DEB" mpirun $MCA -np "$_np" "$@"
	NSTATUS=$(cat "$T/nstatus")
	sort_out "$NOUT"
	NATIVE_RAN=1
}

# expect_quiet NAME: the last run printed nothing on stderr (no PMIx,
# hwloc or shared-memory warning: the four bindings are enough).
expect_quiet() {
	if [ -s "$ERR" ]; then
		fail "$1" "stderr is not empty"
		_it_show stderr "$ERR"
	else
		pass "$1"
	fi
}

hello_out() {	# NP
	_i=0
	while [ "$_i" -lt "$1" ]; do
		echo "rank $_i of $1"
		_i=$((_i + 1))
	done
}

# ---- the guest's mpirun inside one burrow -------------------------------

for np in 2 4; do
	inside $np /opt/mpitests/hello
	expect mpi_inside_np${np}_hello "$(hello_out $np)"
	inside $np /opt/mpitests/allreduce
	expect mpi_inside_np${np}_allreduce "size $np sum $((np * (np + 1) / 2)) vector ok"
	inside $np /opt/mpitests/pingpong
	expect mpi_inside_np${np}_pingpong "pingpong ok"
done
inside 2 /opt/mpitests/hello
expect_quiet mpi_inside_quiet_with_four_bindings

# ---- the host's mpirun, one burrow per rank ------------------------------

if ! command -v mpirun >/dev/null; then
	skip mpi_host_mpirun "no mpirun on the host (apt-get install openmpi-bin)"
	exit 0
fi
hostv=$(dpkg-query -W -f '${Version}' openmpi-bin 2>/dev/null || true)
guestv=$(dpkg-query --admindir="$DEB/var/lib/dpkg" -W -f '${Version}' openmpi-bin 2>/dev/null || true)
if [ -z "$hostv" ] || [ "$hostv" != "$guestv" ]; then
	skip mpi_host_mpirun "the host's Open MPI (${hostv:-not from Debian}) is not the guest's ($guestv): ranks could not talk to the host's mpirun"
	exit 0
fi

for np in 2 4; do
	outside $np /opt/mpitests/hello
	expect mpi_np${np}_hello "$(hello_out $np)"
	outside $np /opt/mpitests/allreduce
	expect mpi_np${np}_allreduce "size $np sum $((np * (np + 1) / 2)) vector ok"
	outside $np /opt/mpitests/pingpong
	expect mpi_np${np}_pingpong "pingpong ok"
done
outside 2 /opt/mpitests/hello
expect_quiet mpi_quiet_with_four_bindings

# MPI_Abort in a rank (pingpong refuses to run alone) ends the job
# with its error code, through burrow.
outside 1 /opt/mpitests/pingpong
expect mpi_abort_status_reaches_mpirun "" 2
