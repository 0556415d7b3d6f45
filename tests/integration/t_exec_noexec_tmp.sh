#!/bin/sh
# The loader must be executable, whatever /tmp is.  burrow puts it in a
# memfd, so a noexec TMPDIR does not matter; with BURROW_NO_MEMFD=1 it
# is a file in $BURROW_TMP_DIR, else $PROOT_TMP_DIR, else $TMPDIR, else
# /tmp, removed at exit; when that directory cannot hold it, burrow says
# so in one line and exits 125 before running anything.
#
# Each burrow runs in a private mount namespace (unshare -m, as root)
# where NOEXEC is a tmpfs mounted noexec; as nobody, burrow itself runs
# as nobody inside that namespace.
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" != 0 ]; then
	skip noexec_tmp "mounting a noexec tmpfs in a mount namespace needs root"
	exit 0
fi
if ! P=$(sh "$here/../fixtures/exec-progs.sh" 2>"$T/fixture.err"); then
	skip exec_progs_available "$(cat "$T/fixture.err")"
	exit 0
fi
mkdir -p "$ROOT$(dirname "$IT_LDSO")" "$ROOT$IT_LIBDIR"
cp "$P/execprog-static" "$P/execprog-static-pie" "$P/execprog-dyn" "$ROOT/bin/"
cp "$P/glibc/${IT_LDSO##*/}" "$ROOT$IT_LDSO"
cp "$P/glibc/libc.so.6" "$ROOT$IT_LIBDIR/"
printf '#!/bin/execprog-dyn -q\n' >"$ROOT/bin/qscript"
chmod 0755 "$ROOT/bin/qscript"
if [ -f "$P/musl/.complete" ]; then
	cp "$P/musl/execprog-musl" "$ROOT/bin/"
	cp "$P/musl/ld-musl-burrowtest.so.1" "$ROOT/lib/"
fi

NOEXEC=$T/noexec	# a noexec tmpfs inside each namespace
EXECTMP=$T/exectmp	# an ordinary directory that allows exec
mkdir -p "$NOEXEC" "$EXECTMP"
chmod 1777 "$EXECTMP"
: >"$T/afile"

# ns_run [VAR=VALUE]... -- CMD...: CMD in a new mount namespace where
# NOEXEC is a noexec tmpfs, with the loader variables cleared and VARs set.
ns_run() {
	_envs=
	while [ "$1" != -- ]; do
		_envs="$_envs $1"
		shift
	done
	shift
	_it_own
	# With MEMFD_NOEXEC=N, also a new pid namespace whose vm.memfd_noexec
	# is N (the sysctl is per pid namespace: the host's stays as it is).
	if [ -n "${MEMFD_NOEXEC:-}" ]; then
		_ns="unshare -m -p -f --mount-proc" _pre="echo $MEMFD_NOEXEC >/proc/sys/vm/memfd_noexec && "
	else
		_ns="unshare -m" _pre=
	fi
	# shellcheck disable=SC2016,SC2086
	_it_capture "$OUT" "$ERR" "$T/status" $_ns sh -c \
		"$_pre"'mount --make-rprivate / && mount -t tmpfs -o noexec,nosuid,nodev,mode=1777 burrow-noexec "$0" && exec "$@"' \
		"$NOEXEC" env -u BURROW_NO_MEMFD -u BURROW_TMP_DIR -u PROOT_TMP_DIR -u TMPDIR -u BURROW_NO_LOADER \
		$_envs "$@"
	STATUS=$(cat "$T/status")
	NATIVE_RAN=0
}

# ns_burrow [VAR=VALUE]... -- BURROW-ARGS...: burrow -r ROOT as IT_USER.
ns_burrow() {
	_envs=
	while [ "$1" != -- ]; do
		_envs="$_envs $1"
		shift
	done
	shift
	# shellcheck disable=SC2086
	ns_run $_envs -- $IT_AS "$BURROW" -r "$ROOT" "$@"
}

# The namespace is what it claims: a program copied there cannot run.
# shellcheck disable=SC2016,SC2086
ns_run -- sh -c 'cp "$1" "$2/prog" && chmod 0755 "$2/prog" && exec $3 "$4" execve "$2/prog"' \
	sh "$P/execprog-static" "$NOEXEC" "$IT_AS" "$HELPERS/execer"
expect noexec_tmpfs_refuses_exec "execer execve $NOEXEC/prog: EACCES" 126

# exec_all [VAR=VALUE]...: every kind of program, through one burrow:
# static, static-pie, dynamic, a script, and a dynamic musl program,
# each exec'd by the one before (execer), then EXEC_ALL names the check.
exec_all() {
	_name=$1
	shift
	if [ -f "$ROOT/bin/execprog-musl" ]; then
		_musl="/bin/execer execve /bin/execprog-musl -q musl"
		_mexp="
argv[0]=/bin/execprog-musl
argv[1]=-q
argv[2]=musl"
	else
		_musl='' _mexp=''
	fi
	# Each program prints, then the next one is started by a fresh burrow
	# run of execer: one check per environment, five execs.
	: >"$T/all.out"
	: >"$T/all.err"
	_st=0
	for _p in "/bin/execprog-static -q static" "/bin/execprog-static-pie -q pie" \
		"/bin/execprog-dyn -q dyn" "/bin/qscript script" "$IT_LDSO /bin/execprog-dyn -q ldso" \
		${_musl:+"$_musl"}; do
		# shellcheck disable=SC2086
		ns_burrow "$@" -- /bin/execer execve $_p
		cat "$OUT" >>"$T/all.out"
		cat "$ERR" >>"$T/all.err"
		[ "$STATUS" = 0 ] || _st=$STATUS
	done
	cp "$T/all.out" "$OUT"
	cp "$T/all.err" "$ERR"
	STATUS=$_st
	expect "$_name" "argv[0]=/bin/execprog-static
argv[1]=-q
argv[2]=static
argv[0]=/bin/execprog-static-pie
argv[1]=-q
argv[2]=pie
argv[0]=/bin/execprog-dyn
argv[1]=-q
argv[2]=dyn
argv[0]=/bin/execprog-dyn
argv[1]=-q
argv[2]=/bin/qscript
argv[3]=script
argv[0]=/bin/execprog-dyn
argv[1]=-q
argv[2]=ldso$_mexp"
	rm -f "$T/all.out" "$T/all.err"
}

# The memfd: a noexec TMPDIR (and the other variables) do not matter.
exec_all noexec_tmpdir_every_kind_of_program TMPDIR="$NOEXEC"
# Nor does a $HOME that cannot be written (nothing is put there).
mkdir -p "$T/rohome"
chmod 0555 "$T/rohome"
exec_all noexec_tmpdir_and_readonly_home TMPDIR="$NOEXEC" HOME="$T/rohome"
exec_all noexec_burrow_tmp_dir_ignored_with_memfd TMPDIR="$NOEXEC" BURROW_TMP_DIR="$NOEXEC" PROOT_TMP_DIR="$NOEXEC"

# vm.memfd_noexec (Linux 6.3): 1 makes memfds non-executable unless
# MFD_EXEC is asked for, which burrow does; 2 forbids executable memfds,
# and the loader becomes a file (here in an exec-able TMPDIR).
if [ -e /proc/sys/vm/memfd_noexec ]; then
	MEMFD_NOEXEC=1 exec_all memfd_noexec_1_memfd_asks_for_exec TMPDIR="$NOEXEC"
	MEMFD_NOEXEC=2 exec_all memfd_noexec_2_loader_falls_back_to_a_file TMPDIR="$EXECTMP"
	MEMFD_NOEXEC=2 ns_burrow TMPDIR="$NOEXEC" -- /bin/execprog-static -q
	MEMFD_NOEXEC=
	expect_error memfd_noexec_2_and_noexec_tmpdir_error 125 BURROW_TMP_DIR
else
	skip_machine memfd_noexec "this kernel has no vm.memfd_noexec (Linux 6.3+)"
fi

# BURROW_NO_MEMFD=1: the loader is a file in the first directory set.
exec_all no_memfd_burrow_tmp_dir_allows_exec BURROW_NO_MEMFD=1 TMPDIR="$NOEXEC" BURROW_TMP_DIR="$EXECTMP"
exec_all no_memfd_proot_tmp_dir_allows_exec BURROW_NO_MEMFD=1 TMPDIR="$NOEXEC" PROOT_TMP_DIR="$EXECTMP"
exec_all no_memfd_tmpdir_allows_exec BURROW_NO_MEMFD=1 TMPDIR="$EXECTMP"

# It is really there while the guest runs, and gone after.
rm -rf "${EXECTMP:?}"/*
ns_burrow BURROW_NO_MEMFD=1 BURROW_TMP_DIR="$EXECTMP" -- -b "$EXECTMP:/mnt/x" /bin/probe ls /mnt/x
sed -i 's/burrow-loader-[A-Za-z0-9]\{6\}$/burrow-loader-XXXXXX/' "$OUT"
expect no_memfd_loader_file_in_burrow_tmp_dir "ls /mnt/x: ok burrow-loader-XXXXXX"
assert no_memfd_loader_file_removed_at_exit "a file is left in BURROW_TMP_DIR: $(ls -A "$EXECTMP")" \
	test -z "$(ls -A "$EXECTMP")"

# A directory that cannot hold the loader: one clear line, status 125,
# nothing run.
ns_burrow BURROW_NO_MEMFD=1 BURROW_TMP_DIR="$T/missing" -- /bin/execprog-static -q
expect_error no_memfd_missing_burrow_tmp_dir_error 125 BURROW_TMP_DIR
ns_burrow BURROW_NO_MEMFD=1 BURROW_TMP_DIR="$T/afile" -- /bin/execprog-static -q
expect_error no_memfd_burrow_tmp_dir_not_a_directory_error 125 BURROW_TMP_DIR
ns_burrow BURROW_NO_MEMFD=1 BURROW_TMP_DIR="$NOEXEC" -- /bin/execprog-static -q
expect_error no_memfd_noexec_burrow_tmp_dir_error 125 BURROW_TMP_DIR
ns_burrow BURROW_NO_MEMFD=1 TMPDIR="$NOEXEC" -- /bin/execprog-static -q
expect_error no_memfd_noexec_tmpdir_error 125 BURROW_TMP_DIR
