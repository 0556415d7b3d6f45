#!/bin/sh
# A musl guest on a glibc host: a dynamically linked musl program whose
# PT_INTERP, /lib/ld-musl-burrowtest.so.1, exists only in the guest tree
# (Debian's musl loader, renamed so that no host can have it, even one
# with musl installed).  The kernel would look the interpreter up on the
# host; burrow's loader maps the guest's.  Built by
# tests/fixtures/exec-progs.sh; output compared with a real chroot.
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
if ! P=$(sh "$here/../fixtures/exec-progs.sh" 2>"$T/fixture.err"); then
	skip musl_guest_available "$(cat "$T/fixture.err")"
	exit 0
fi
if [ ! -f "$P/musl/.complete" ]; then
	skip musl_guest_available "no musl-gcc or patchelf to build the musl program (apt-get install musl-tools patchelf)"
	exit 0
fi
INTERP=/lib/ld-musl-burrowtest.so.1
if [ -e "$INTERP" ]; then
	skip_machine musl_guest_available "the host has $INTERP: the test needs a path only the guest has"
	exit 0
fi

mkdir -p "$ROOT/lib"
cp "$P/musl/execprog-musl" "$ROOT/bin/"
cp "$P/musl/ld-musl-burrowtest.so.1" "$ROOT/lib/"
printf '#!/bin/execprog-musl -q\n' >"$ROOT/bin/musl-script"
chmod 0755 "$ROOT/bin/musl-script"

phnum() { od -An -tu2 -j56 -N2 "$1" | tr -d ' '; }
IDS="$IT_UID/$IT_UID/$IT_GID/$IT_GID"

# Natively, the kernel finds no interpreter: the program cannot run.
_it_own
# shellcheck disable=SC2086
_it_capture "$OUT" "$ERR" "$T/status" $IT_AS "$HELPERS/execer" execve "$ROOT/bin/execprog-musl"
STATUS=$(cat "$T/status")
NATIVE_RAN=0
expect musl_program_fails_natively "execer execve $ROOT/bin/execprog-musl: ENOENT" 127

guest -b /proc /bin/execprog-musl a "b c"
expect musl_dynamic_program_runs "argv[0]=/bin/execprog-musl
argv[1]=a
argv[2]=b c
argc=3
execfn=/bin/execprog-musl
exe=/bin/execprog-musl
comm=execprog-musl
phnum=$(phnum "$ROOT/bin/execprog-musl")
phent=56
phdr_is_mine=yes
base=nonzero
entry_is_start=yes
ids=$IDS secure=0
flags=0"

guest -b /proc /bin/execprog-musl -a
if [ "$STATUS" = 0 ] && { [ "$NATIVE_RAN" = 0 ] || cmp -s "$NOUT" "$OUT"; }; then
	pass musl_machine_auxv_same_as_chroot
else
	fail musl_machine_auxv_same_as_chroot "status $STATUS, or output differs from a real chroot"
	[ "$NATIVE_RAN" = 1 ] && _it_diff "$NOUT" "$OUT" burrow
	_it_show stderr "$ERR"
fi

# musl's loader run as a program: it loads the program itself and leaves
# the auxv as the kernel made it for the loader.
guest -b /proc "$INTERP" /bin/execprog-musl x
expect musl_loader_run_directly "argv[0]=/bin/execprog-musl
argv[1]=x
argc=2
execfn=$INTERP
exe=$INTERP
comm=ld-musl-burrowt
phnum=$(phnum "$ROOT$INTERP")
phent=56
phdr_is_mine=no
base=zero
entry_is_start=no
ids=$IDS secure=0
flags=0"

# From a guest program's execve, and as a #! interpreter.
guest /bin/execer execve /bin/execprog-musl -q from-execve
expect musl_program_from_execve "argv[0]=/bin/execprog-musl
argv[1]=-q
argv[2]=from-execve"
guest /bin/musl-script x
expect musl_program_as_script_interpreter "argv[0]=/bin/execprog-musl
argv[1]=-q
argv[2]=/bin/musl-script
argv[3]=x"

# Without the loader the kernel looks the interpreter up on the host and
# fails: what the loader is for (burrow only: a chroot has no such mode).
BURROW_NO_LOADER=1
export BURROW_NO_LOADER
run_burrow -r "$ROOT" /bin/execer execve /bin/execprog-musl
unset BURROW_NO_LOADER
expect musl_without_loader_fails_enoent "execer execve /bin/execprog-musl: ENOENT" 127
