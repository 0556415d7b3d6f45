#!/bin/sh
# --engine=guest: a call site of the shape
# `mov $nr,%eax; syscall` (the helper's own, and static glibc's fstatat
# and openat) is rewritten at its 4th trap into a jump to a stub
# that calls the runtime (HACKING.md "Rewritten sites").  The calls made
# through it give what the ptrace engine gives: the rootfs's file and a
# binding's, ENOENT, from threads started after the rewrite, with a
# signal blocked and pending (delivered once, when unblocked, not
# before), in a fork child.  Proof that it happened: the helper reads
# its own text back ("jump").  A site first met while the process has
# threads stays a syscall (site B), as does one first met in a vfork
# child, which runs on its parent's memory, or after the guest installed
# a seccomp filter of its own (which sees the runtime's calls too, and
# might refuse those of a rewrite); so does every site with
# BURROW_NO_SITE_REWRITE=1, under the ptrace engine, and on aarch64 (not
# rewritten there yet).
. "$(dirname "$0")/lib.sh"

unset BURROW_NO_SECCOMP PROOT_NO_SECCOMP BURROW_ENGINE BURROW_NO_SITE_REWRITE

mkdir -p "$HOSTD/b" || exit 2
printf 'bound file\n' >"$HOSTD/b/f"
printf 'in rootfs\n' >"$ROOT/etc/sitefile"
chmod 0644 "$HOSTD/b/f" "$ROOT/etc/sitefile"
chmod 0755 "$HOSTD/b"

calls="stat 300 /etc/sitefile glibc 300 /mnt/x/f stat 20 /no/such
	threads 200 /mnt/x/f blocked 50 /etc/sitefile fork 50 /mnt/x/f"
want="stat 300 /etc/sitefile: ok mode=100644 size=10
glibc 300 /mnt/x/f: ok mode=100644 size=11
stat 20 /no/such: ENOENT
threads 200 /mnt/x/f: ok
blocked 50 /etc/sitefile: ok mode=100644 size=10
blocked: pending=1 delivered=0
unblocked: delivered=1
child 50 /mnt/x/f: ok mode=100644 size=11
fork: child status 0"

# shellcheck disable=SC2086
same_as_ptrace guest_sites_same_as_ptrace "$want" -r "$ROOT" -b "$HOSTD/b:/mnt/x" /bin/sites $calls

case $(uname -m) in
x86_64) rewritten=jump ;;
*) rewritten=syscall ;;
esac
state="stat 10 /etc/sitefile glibc 10 /mnt/x/f state threads 20 /mnt/x/f state"
# shellcheck disable=SC2086
run_burrow --engine=guest -r "$ROOT" -b "$HOSTD/b:/mnt/x" /bin/sites $state
expect guest_sites_rewritten "stat 10 /etc/sitefile: ok mode=100644 size=10
glibc 10 /mnt/x/f: ok mode=100644 size=11
site A: $rewritten
site B: syscall
libc site: $rewritten
threads 20 /mnt/x/f: ok
site A: $rewritten
site B: syscall
libc site: $rewritten"

# shellcheck disable=SC2086
same_as_ptrace guest_sites_not_in_vfork_child "vfork child 20 /etc/sitefile: ok mode=100644 size=10
vfork: child status 0
site A: syscall
site B: syscall
libc site: syscall" -r "$ROOT" /bin/sites vfork 20 /etc/sitefile state

# shellcheck disable=SC2086
run_burrow --engine=guest -r "$ROOT" /bin/sites stat 10 /etc/sitefile filter glibc 20 /etc/sitefile state
expect guest_sites_none_after_guest_filter "stat 10 /etc/sitefile: ok mode=100644 size=10
filter: ok
glibc 20 /etc/sitefile: ok mode=100644 size=10
site A: $rewritten
site B: syscall
libc site: syscall"

# The filter stays across an exec, and so does the end of rewriting.
# shellcheck disable=SC2086
run_burrow --engine=guest -r "$ROOT" /bin/sites filter exec stat 10 /etc/sitefile \
	glibc 20 /etc/sitefile state
expect guest_sites_none_after_guest_filter_and_exec "filter: ok
stat 10 /etc/sitefile: ok mode=100644 size=10
glibc 20 /etc/sitefile: ok mode=100644 size=10
site A: syscall
site B: syscall
libc site: syscall"

# A filter of the guest's that looks at a call's arguments (a sandbox
# refusing newfstatat with flags 0) meets the runtime's stat as the
# guest made it, on the host path: EPERM as without burrow, for a name
# one deep (/etc, lstat'ed on the way) or further (checked in one
# openat2), in the rootfs or under a binding.
same_as_ptrace guest_stat_meets_guest_arg_filter "filter: ok
stat 5 /etc: EPERM
stat 5 /etc/sitefile: EPERM
stat 5 /mnt/x/f: EPERM" -r "$ROOT" -b "$HOSTD/b:/mnt/x" \
	/bin/sites filter-stat0 stat 5 /etc stat 5 /etc/sitefile stat 5 /mnt/x/f

asbuilt="stat 10 /etc/sitefile: ok mode=100644 size=10
glibc 10 /mnt/x/f: ok mode=100644 size=11
site A: syscall
site B: syscall
libc site: syscall
threads 20 /mnt/x/f: ok
site A: syscall
site B: syscall
libc site: syscall"
# shellcheck disable=SC2086
run_burrow --engine=ptrace -r "$ROOT" -b "$HOSTD/b:/mnt/x" /bin/sites $state
expect guest_sites_not_under_ptrace "$asbuilt"
# shellcheck disable=SC2086
BURROW_NO_SITE_REWRITE=1 run_burrow --engine=guest -r "$ROOT" -b "$HOSTD/b:/mnt/x" \
	/bin/sites $state
expect guest_sites_switch_off "$asbuilt"
