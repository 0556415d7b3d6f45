#!/bin/sh
# A path is resolved afresh at every call: a directory on the way, or
# the final name, replaced by a symlink (or a file) between two calls of
# one process is seen at the second, as the kernel would see it.  The
# walk checks a run of plain directories in one openat2 (no symlink
# allowed); these are the cases where that check must fail and the walk
# go back to one component at a time.  Both engines.
. "$(dirname "$0")/lib.sh"

# CI's fallback pass sets BURROW_NO_SECCOMP=1, which the guest engine
# refuses.
unset BURROW_NO_SECCOMP PROOT_NO_SECCOMP

sw=$ROOT/scratch/sw
reset_sw() {
	rm -rf "$sw"
	mkdir -p "$sw/a/b" "$sw/other/b" "$sw/c/d"
	printf 'one\n' >"$sw/a/b/f"
	printf 'two\n' >"$sw/other/b/f"
	printf 'three\n' >"$sw/c/d/g"
	printf 'four\n' >"$sw/c/d/h"
	chmod -R a+rwX "$sw"
}

# The absolute target resolves in the guest: on the host it names
# nothing.
swap_dir="cat /scratch/sw/a/b/f rename /scratch/sw/a /scratch/sw/old
symlink /scratch/sw/other /scratch/sw/a cat /scratch/sw/a/b/f
chdir /scratch/sw/a/b getcwd chdir /
unlink /scratch/sw/a stat /scratch/sw/a/b/f
creat /scratch/sw/a stat /scratch/sw/a/b/f
unlink /scratch/sw/a rename /scratch/sw/old /scratch/sw/a cat /scratch/sw/a/b/f"
swap_dir_out="cat /scratch/sw/a/b/f: ok one\\n
rename /scratch/sw/a /scratch/sw/old: ok
symlink /scratch/sw/other /scratch/sw/a: ok
cat /scratch/sw/a/b/f: ok two\\n
chdir /scratch/sw/a/b: ok
getcwd: ok /scratch/sw/other/b
chdir /: ok
unlink /scratch/sw/a: ok
stat /scratch/sw/a/b/f: ENOENT
creat /scratch/sw/a: ok
stat /scratch/sw/a/b/f: ENOTDIR
unlink /scratch/sw/a: ok
rename /scratch/sw/old /scratch/sw/a: ok
cat /scratch/sw/a/b/f: ok one\\n"

swap_final="cat /scratch/sw/c/d/g rename /scratch/sw/c/d/g /scratch/sw/c/d/g.old
symlink /scratch/sw/c/d/h /scratch/sw/c/d/g cat /scratch/sw/c/d/g lstat /scratch/sw/c/d/g
stat /scratch/sw/c/d/g/ unlink /scratch/sw/c/d/g stat /scratch/sw/c/d/g
rename /scratch/sw/c/d/g.old /scratch/sw/c/d/g cat /scratch/sw/c/d/g"
swap_final_out="cat /scratch/sw/c/d/g: ok three\\n
rename /scratch/sw/c/d/g /scratch/sw/c/d/g.old: ok
symlink /scratch/sw/c/d/h /scratch/sw/c/d/g: ok
cat /scratch/sw/c/d/g: ok four\\n
lstat /scratch/sw/c/d/g: ok type=symlink size=17 mode=0777
stat /scratch/sw/c/d/g/: ENOTDIR
unlink /scratch/sw/c/d/g: ok
stat /scratch/sw/c/d/g: ENOENT
rename /scratch/sw/c/d/g.old /scratch/sw/c/d/g: ok
cat /scratch/sw/c/d/g: ok three\\n"

reset_sw
# shellcheck disable=SC2086
guest /bin/probe $swap_dir
expect canon_swap_dir_to_symlink "$swap_dir_out"

reset_sw
# shellcheck disable=SC2086
guest /bin/probe $swap_final
expect canon_swap_final_to_symlink "$swap_final_out"

# The guest engine, against the ptrace engine's answers (each sequence
# leaves the tree as it found it, for the second engine's run).
reset_sw
# shellcheck disable=SC2086
same_as_ptrace canon_swap_dir_to_symlink_guest_engine "$swap_dir_out" -r "$ROOT" /bin/probe $swap_dir
reset_sw
# shellcheck disable=SC2086
same_as_ptrace canon_swap_final_to_symlink_guest_engine "$swap_final_out" -r "$ROOT" /bin/probe $swap_final

# The same with an lstat per component (BURROW_NO_OPENAT2=1), in both.
BURROW_NO_OPENAT2=1
export BURROW_NO_OPENAT2
reset_sw
# shellcheck disable=SC2086
same_as_ptrace canon_swap_dir_to_symlink_no_openat2 "$swap_dir_out" -r "$ROOT" /bin/probe $swap_dir
reset_sw
# shellcheck disable=SC2086
same_as_ptrace canon_swap_final_to_symlink_no_openat2 "$swap_final_out" -r "$ROOT" /bin/probe $swap_final
unset BURROW_NO_OPENAT2

# The same under a binding, whose host path the guest engine checks in
# one openat2 as it does the rootfs's (its stat then made on that fd).
in_bsw() {
	printf '%s' "$1" | sed 's|/scratch/sw|/bsw|g; s|size=17 mode=0777|size=10 mode=0777|'
}
reset_sw
# shellcheck disable=SC2046
same_as_ptrace canon_swap_dir_to_symlink_binding "$(in_bsw "$swap_dir_out")" \
	-r "$ROOT" -b "$sw:/bsw" /bin/probe $(in_bsw "$swap_dir")
reset_sw
# shellcheck disable=SC2046
same_as_ptrace canon_swap_final_to_symlink_binding "$(in_bsw "$swap_final_out")" \
	-r "$ROOT" -b "$sw:/bsw" /bin/probe $(in_bsw "$swap_final")
