#!/bin/sh
# Without AT_EMPTY_PATH an empty path is ENOENT, whatever the dirfd is
# (the kernel's getname() refuses it before looking at the descriptor):
# a pipe, a socket or a closed descriptor must not change the answer.
. "$(dirname "$0")/lib.sh"

for kind in pipe socket bad; do
	guest /bin/probe atfd $kind openat "" openat2 "" fstatat "" statx "" mkdirat "" unlinkat "" \
		faccessat "" fchownat "" 0 0 mknodat "" utimensat "" renameat "" /scratch/x linkat /etc/hostname ""
	expect empty_path_on_${kind}_fd_is_enoent "atfd $kind: ok
openat : ENOENT
openat2 : ENOENT
fstatat : ENOENT
statx : ENOENT
mkdirat : ENOENT
unlinkat : ENOENT
faccessat : ENOENT
fchownat  0 0: ENOENT
mknodat : ENOENT
utimensat : ENOENT
renameat  /scratch/x: ENOENT
linkat /etc/hostname : ENOENT"
done

# readlinkat is the exception: "" always means the dirfd itself.
guest /bin/probe atfd pipe readlinkat "" atfd bad readlinkat "" at /etc readlinkat ""
expect readlinkat_empty_path_is_the_fd "atfd pipe: ok
readlinkat : ENOENT
atfd bad: ok
readlinkat : EBADF
at /etc: ok
readlinkat : ENOENT"

# readlinkat(fd, "") on a link opened with O_PATH|O_NOFOLLOW reads that
# link as readlink of its name does: /proc's magic links in guest terms.
guest -b /proc -w /etc /bin/probe open /proc/self/exe path,nofollow atfd last readlinkat "" \
	open /proc/self/cwd path,nofollow atfd last readlinkat "" \
	open /proc/self/root path,nofollow atfd last readlinkat "" \
	open /links/abs path,nofollow atfd last readlinkat ""
expect readlinkat_empty_path_on_proc_links "open /proc/self/exe path,nofollow: ok type=symlink
atfd last: ok
readlinkat : ok /bin/probe
open /proc/self/cwd path,nofollow: ok type=symlink
atfd last: ok
readlinkat : ok /etc
open /proc/self/root path,nofollow: ok type=symlink
atfd last: ok
readlinkat : ok /
open /links/abs path,nofollow: ok type=symlink
atfd last: ok
readlinkat : ok /etc/hostname"
