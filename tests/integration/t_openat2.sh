#!/bin/sh
# openat2(2) (Linux 5.6): the path is a guest path like openat's, and
# the RESOLVE_* flags keep their meaning inside the guest.
. "$(dirname "$0")/lib.sh"

guest -b /proc /bin/probe openat2 /etc/guest-only fdpath openat2 /links/abs fdpath openat2 /nope
expect openat2_plain "openat2 /etc/guest-only: ok type=file
fdpath: ok /etc/guest-only
openat2 /links/abs: ok type=file
fdpath: ok /etc/hostname
openat2 /nope: ENOENT"

guest /bin/probe at /etc openat2 guest-only beneath openat2 ../etc/guest-only beneath \
	openat2 /etc/guest-only beneath openat2 sub/../guest-only beneath
expect openat2_resolve_beneath "at /etc: ok
openat2 guest-only beneath: ok type=file
openat2 ../etc/guest-only beneath: EXDEV
openat2 /etc/guest-only beneath: EXDEV
openat2 sub/../guest-only beneath: ok type=file"

# RESOLVE_IN_ROOT: "/" and ".." stop at the dirfd.
guest /bin/probe at /etc openat2 /guest-only in_root openat2 ../../guest-only in_root openat2 /hostname in_root cat /etc/hostname
expect openat2_resolve_in_root "at /etc: ok
openat2 /guest-only in_root: ok type=file
openat2 ../../guest-only in_root: ok type=file
openat2 /hostname in_root: ok type=file
cat /etc/hostname: ok guest-hostname\\n"

guest /bin/probe openat2 /links/abs no_symlinks openat2 /links/absdir/guest-only no_symlinks \
	openat2 /etc/guest-only no_symlinks
expect openat2_resolve_no_symlinks "openat2 /links/abs no_symlinks: ELOOP
openat2 /links/absdir/guest-only no_symlinks: ELOOP
openat2 /etc/guest-only no_symlinks: ok type=file"

# A symlink met before a missing name, or one whose ".." leads back to
# where the path pointed lexically (n/l -> ../n/sub), is still refused.
mkdir -p "$ROOT/scratch/n/sub"
ln -s ../n/sub "$ROOT/scratch/n/l"
echo x >"$ROOT/scratch/n/x"
guest /bin/probe openat2 /links/absdir/nope no_symlinks openat2 /links/reldir/nope no_symlinks \
	openat2 /scratch/n/l/../x no_symlinks openat2 /scratch/n/l/../x
expect openat2_no_symlinks_anywhere "openat2 /links/absdir/nope no_symlinks: ELOOP
openat2 /links/reldir/nope no_symlinks: ELOOP
openat2 /scratch/n/l/../x no_symlinks: ELOOP
openat2 /scratch/n/l/../x: ok type=file"

guest /bin/probe openat2 /scratch/new wronly,creat,excl type /scratch/new
expect openat2_create "openat2 /scratch/new wronly,creat,excl: ok type=file
type /scratch/new: ok file"

# Relative to the cwd, openat2 starts from where the cwd is now, as
# every other call does: a rename moved it, or it was removed (the
# kernel still opens "." then, and ".." stays in the guest).
guest /bin/probe mkdir /scratch/a write /scratch/a/f x chdir /scratch/a \
	rename /scratch/a /scratch/c openat2 f openat2 .
expect openat2_after_cwd_renamed "mkdir /scratch/a: ok
write /scratch/a/f x: ok
chdir /scratch/a: ok
rename /scratch/a /scratch/c: ok
openat2 f: ok type=file
openat2 .: ok type=dir"

guest /bin/probe mkdir /scratch/d chdir /scratch/d rmdir /scratch/d openat2 . \
	openat2 f openat2 ../../../etc/guest-only
expect openat2_in_removed_cwd "mkdir /scratch/d: ok
chdir /scratch/d: ok
rmdir /scratch/d: ok
openat2 .: ok type=dir
openat2 f: ENOENT
openat2 ../../../etc/guest-only: ok type=file"

# RESOLVE_IN_ROOT relative to AT_FDCWD: the cwd is the root, for an
# absolute path too.
guest /bin/probe chdir /etc openat2 /guest-only in_root openat2 /etc/guest-only in_root
expect openat2_in_root_of_cwd "chdir /etc: ok
openat2 /guest-only in_root: ok type=file
openat2 /etc/guest-only in_root: ENOENT"
