#!/bin/sh
# A final "." or ".." names no entry: calls that create, remove or
# rename one refuse it (rmdir EINVAL or ENOTEMPTY, unlink EISDIR, rename
# EBUSY, mkdir/link/symlink/mknod EEXIST), and the directory stays.
. "$(dirname "$0")/lib.sh"

new_root
mkdir -p "$ROOT/scratch/d/sub"
echo f >"$ROOT/scratch/f"
guest -w /scratch/d /bin/probe rmdir /scratch/d/. rmdir /scratch/d/sub/.. rmdir . rmdir /scratch/d/./ \
	rmdir /.. unlink /scratch/d/. unlink /scratch/d/.. unlinkat /scratch/d/. removedir \
	unlinkat /scratch/d/sub/.. removedir at /scratch/d unlinkat . removedir at - \
	rename /scratch/d/. /scratch/x rename /scratch/d/sub/.. /scratch/y rename /scratch/d /scratch/d/. \
	rename /scratch/f /scratch/d/.. renameat /scratch/d/. /scratch/x \
	renameat2 /scratch/d/. /scratch/x noreplace renameat2 /scratch/f /scratch/d/. noreplace \
	rename /.. /scratch/x \
	mkdir /scratch/d/. mkdir /scratch/d/.. mkdirat /scratch/d/. mkfifo /scratch/d/. mknodat /scratch/d/.. \
	link /scratch/f /scratch/d/. linkat /scratch/f /scratch/d/.. symlink x /scratch/d/. symlinkat x /scratch/d/.. \
	ls /scratch ls /scratch/d
expect final_dot_refused "rmdir /scratch/d/.: EINVAL
rmdir /scratch/d/sub/..: ENOTEMPTY
rmdir .: EINVAL
rmdir /scratch/d/./: EINVAL
rmdir /..: ENOTEMPTY
unlink /scratch/d/.: EISDIR
unlink /scratch/d/..: EISDIR
unlinkat /scratch/d/. removedir: EINVAL
unlinkat /scratch/d/sub/.. removedir: ENOTEMPTY
at /scratch/d: ok
unlinkat . removedir: EINVAL
at -: ok
rename /scratch/d/. /scratch/x: EBUSY
rename /scratch/d/sub/.. /scratch/y: EBUSY
rename /scratch/d /scratch/d/.: EBUSY
rename /scratch/f /scratch/d/..: EBUSY
renameat /scratch/d/. /scratch/x: EBUSY
renameat2 /scratch/d/. /scratch/x noreplace: EBUSY
renameat2 /scratch/f /scratch/d/. noreplace: EEXIST
rename /.. /scratch/x: EBUSY
mkdir /scratch/d/.: EEXIST
mkdir /scratch/d/..: EEXIST
mkdirat /scratch/d/.: EEXIST
mkfifo /scratch/d/.: EEXIST
mknodat /scratch/d/..: EEXIST
link /scratch/f /scratch/d/.: EEXIST
linkat /scratch/f /scratch/d/..: EEXIST
symlink x /scratch/d/.: EEXIST
symlinkat x /scratch/d/..: EEXIST
ls /scratch: ok d f
ls /scratch/d: ok sub"

# Through a symlink to the directory, and under fake root, the same.
new_root
mkdir -p "$ROOT/scratch/d/sub"
ln -s d "$ROOT/scratch/l"
guest /bin/probe rmdir /scratch/l/. rename /scratch/l/sub/.. /scratch/y unlinkat /scratch/l/. removedir ls /scratch
expect final_dot_through_symlink "rmdir /scratch/l/.: EINVAL
rename /scratch/l/sub/.. /scratch/y: EBUSY
unlinkat /scratch/l/. removedir: EINVAL
ls /scratch: ok d l"

new_root
mkdir -p "$ROOT/scratch/d"
IT_REF_AS=0:0
guest -0 /bin/probe rmdir /scratch/d/. rename /scratch/d/. /scratch/x mkdir /scratch/d/. mkfifo /scratch/d/.. ls /scratch
expect final_dot_refused_fake_root "rmdir /scratch/d/.: EINVAL
rename /scratch/d/. /scratch/x: EBUSY
mkdir /scratch/d/.: EEXIST
mkfifo /scratch/d/..: EEXIST
ls /scratch: ok d"
unset IT_REF_AS
