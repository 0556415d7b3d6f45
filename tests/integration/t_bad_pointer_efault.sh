#!/bin/sh
# A path argument that points to unmapped memory gets EFAULT, as from the
# kernel: the tracer must neither crash nor resolve something else.
. "$(dirname "$0")/lib.sh"

guest /bin/probe stat @fault lstat @fault statx @fault open @fault access @fault readlink @fault \
	chdir @fault mkdir @fault unlink @fault rename @fault /scratch/x rename /etc/hostname @fault \
	symlink @fault /scratch/l symlink /x @fault chmod @fault 644 truncate @fault 0 \
	fstatat @fault openat2 @fault faccessat2 @fault getxattr @fault user.x stat @null getcwd
expect bad_path_pointer_efault "stat @fault: EFAULT
lstat @fault: EFAULT
statx @fault: EFAULT
open @fault: EFAULT
access @fault: EFAULT
readlink @fault: EFAULT
chdir @fault: EFAULT
mkdir @fault: EFAULT
unlink @fault: EFAULT
rename @fault /scratch/x: EFAULT
rename /etc/hostname @fault: EFAULT
symlink @fault /scratch/l: EFAULT
symlink /x @fault: EFAULT
chmod @fault 644: EFAULT
truncate @fault 0: EFAULT
fstatat @fault: EFAULT
openat2 @fault: EFAULT
faccessat2 @fault: EFAULT
getxattr @fault user.x: EFAULT
stat @null: EFAULT
getcwd: ok /"
