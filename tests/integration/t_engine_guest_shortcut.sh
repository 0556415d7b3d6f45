#!/bin/sh
# --engine=guest: the runtime's name shortcut (HACKING.md glossary): a
# single name not followed, relative to a directory of the guest's,
# goes to the kernel as it is, as under the ptrace engine.  What shows
# it: the kernel finds a name whose host path is longer than PATH_MAX,
# which translation cannot build; BURROW_NO_NAME_SHORTCUT=1 translates
# (ENAMETOOLONG).  A name some binding's guest path has is translated.
. "$(dirname "$0")/lib.sh"

unset BURROW_NO_SECCOMP PROOT_NO_SECCOMP BURROW_ENGINE BURROW_NO_NAME_SHORTCUT

# D: a guest directory whose host path is 3950 to 3999 bytes long; N:
# a name of 200 in it, whose host path is past PATH_MAX (4096 with NUL);
# M, made and removed by name (the generic translation's calls).
# No chroot reference: its copy of the rootfs cannot reach N either.
S=ssssssssssssssssssssssssssssssssssssssssssssssssss
N=nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn$S
D=
while [ $((${#ROOT} + ${#D})) -lt 3950 ]; do
	D=$D/$S
done
mkdir -p "$ROOT$D" || exit 2
(cd "$ROOT$D" && : >"$N" && chmod 0644 "$N") || exit 2

M=m$N
probe_args="chdir $D fstatat $N nofollow at $D fstatat $N nofollow openat $N nofollow
	mkdirat $M unlinkat $M removedir"
# shellcheck disable=SC2086
run_burrow --engine=guest -r "$ROOT" /bin/probe $probe_args
expect guest_shortcut_reaches_kernel "chdir $D: ok
fstatat $N nofollow: ok type=file size=0 mode=0644
at $D: ok
fstatat $N nofollow: ok type=file size=0 mode=0644
openat $N nofollow: ok type=file
mkdirat $M: ok
unlinkat $M removedir: ok"
# shellcheck disable=SC2086
run_burrow --engine=ptrace -r "$ROOT" /bin/probe $probe_args
expect guest_shortcut_as_ptrace_engine "chdir $D: ok
fstatat $N nofollow: ok type=file size=0 mode=0644
at $D: ok
fstatat $N nofollow: ok type=file size=0 mode=0644
openat $N nofollow: ok type=file
mkdirat $M: ok
unlinkat $M removedir: ok"
# The switch reaches the runtime: every name is translated.
# shellcheck disable=SC2086
BURROW_NO_NAME_SHORTCUT=1 run_burrow --engine=guest -r "$ROOT" /bin/probe $probe_args
expect guest_shortcut_switch_translates "chdir $D: ok
fstatat $N nofollow: ENAMETOOLONG
at $D: ok
fstatat $N nofollow: ENAMETOOLONG
openat $N nofollow: ENAMETOOLONG
mkdirat $M: ENAMETOOLONG
unlinkat $M removedir: ENAMETOOLONG"

# A name that a binding's guest path has: the binding (0751), not the
# rootfs's directory of that name (0700), nor nothing (/no is only
# shown for /no/such/y).
new_root
mkdir -p "$HOSTD/bdir" "$HOSTD/bdir2"
chmod 0751 "$HOSTD/bdir"
chmod 0700 "$ROOT/mnt/x"
guest --engine=guest -b "$HOSTD/bdir:/mnt/x" -b "$HOSTD/bdir2:/no/such/y" /bin/probe \
	at /mnt fstatat x nofollow openat x directory,nofollow fstat \
	chdir /mnt fstatat x nofollow at / fstatat no nofollow
expect guest_shortcut_not_for_bound_names "at /mnt: ok
fstatat x nofollow: ok type=dir mode=0751
openat x directory,nofollow: ok type=dir
fstat: ok type=dir mode=0751
chdir /mnt: ok
fstatat x nofollow: ok type=dir mode=0751
at /: ok
fstatat no nofollow: ok type=dir mode=0755"
