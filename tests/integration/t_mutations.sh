#!/bin/sh
# Calls that change the filesystem act on the guest's files, and what
# they store (a symlink's text) is stored as the guest gave it.
. "$(dirname "$0")/lib.sh"
# Each check starts from a fresh rootfs (new_root): they change it.

new_root
guest /bin/probe mkdir /scratch/d stat /scratch/d mkdir /scratch/d mkdir /etc/hostname/x rmdir /scratch/d stat /scratch/d rmdir /etc \
	rmdir /etc/hostname mkdir /no/such/dir
expect mkdir_rmdir "mkdir /scratch/d: ok
stat /scratch/d: ok type=dir mode=0755
mkdir /scratch/d: EEXIST
mkdir /etc/hostname/x: ENOTDIR
rmdir /scratch/d: ok
stat /scratch/d: ENOENT
rmdir /etc: ENOTEMPTY
rmdir /etc/hostname: ENOTDIR
mkdir /no/such/dir: ENOENT"

new_root
guest /bin/probe mkdir /scratch/kept mkdir /links/absdir/made-through-link
expect mkdir_lands_in_rootfs "mkdir /scratch/kept: ok
mkdir /links/absdir/made-through-link: ok"
assert mkdir_lands_in_rootfs_on_host "ROOTFS/scratch/kept or ROOTFS/etc/made-through-link missing" \
	test -d "$ROOT/scratch/kept" -a -d "$ROOT/etc/made-through-link"

new_root
guest /bin/probe write /scratch/a one rename /scratch/a /scratch/b stat /scratch/a cat /scratch/b rename /scratch/nope /scratch/c \
	write /scratch/c two renameat2 /scratch/b /scratch/c exchange cat /scratch/b renameat2 /scratch/b /scratch/c noreplace \
	rename /scratch/b /etc/hostname/x
expect rename_family "write /scratch/a one: ok
rename /scratch/a /scratch/b: ok
stat /scratch/a: ENOENT
cat /scratch/b: ok one
rename /scratch/nope /scratch/c: ENOENT
write /scratch/c two: ok
renameat2 /scratch/b /scratch/c exchange: ok
cat /scratch/b: ok two
renameat2 /scratch/b /scratch/c noreplace: EEXIST
rename /scratch/b /etc/hostname/x: ENOTDIR"

new_root
guest /bin/probe write /scratch/f x unlink /scratch/f stat /scratch/f unlink /scratch/f unlink /etc unlink /links/abs \
	stat /etc/hostname at /scratch write /scratch/g y unlinkat g mkdir /scratch/e unlinkat e unlinkat e removedir
expect unlink_family "write /scratch/f x: ok
unlink /scratch/f: ok
stat /scratch/f: ENOENT
unlink /scratch/f: ENOENT
unlink /etc: EISDIR
unlink /links/abs: ok
stat /etc/hostname: ok type=file size=15 mode=0644
at /scratch: ok
write /scratch/g y: ok
unlinkat g: ok
mkdir /scratch/e: ok
unlinkat e: EISDIR
unlinkat e removedir: ok"

# The target text is not a path to translate: it is stored as given and
# resolved later, in the guest.
new_root
guest /bin/probe symlink /etc/hostname /scratch/l symlink ../etc/guest-only /scratch/r symlink /etc/x /scratch/x \
	readlink /scratch/l cat /scratch/l cat /scratch/r stat /scratch/x symlink /etc /scratch/l at /scratch symlinkat no/such rel
expect symlink_create "symlink /etc/hostname /scratch/l: ok
symlink ../etc/guest-only /scratch/r: ok
symlink /etc/x /scratch/x: ok
readlink /scratch/l: ok /etc/hostname
cat /scratch/l: ok guest-hostname\\n
cat /scratch/r: ok only in the guest\\n
stat /scratch/x: ENOENT
symlink /etc /scratch/l: EEXIST
at /scratch: ok
symlinkat no/such rel: ok"
assert symlink_text_stored_as_given "ROOTFS/scratch/{l,r,x,rel} do not hold the text given" \
	sh -c '[ "$(readlink "$1/l")" = /etc/hostname ] && [ "$(readlink "$1/r")" = ../etc/guest-only ] &&
		[ "$(readlink "$1/x")" = /etc/x ] && [ "$(readlink "$1/rel")" = no/such ]' sh "$ROOT/scratch"

new_root
guest /bin/probe link /etc/hostname /scratch/h stat /scratch/h link /links/abs /scratch/hl lstat /scratch/hl \
	linkat /links/abs /scratch/hf follow lstat /scratch/hf link /nope /scratch/n link /etc /scratch/d
expect hard_links "link /etc/hostname /scratch/h: ok
stat /scratch/h: ok type=file size=15 mode=0644
link /links/abs /scratch/hl: ok
lstat /scratch/hl: ok type=symlink size=13 mode=0777
linkat /links/abs /scratch/hf follow: ok
lstat /scratch/hf: ok type=file size=15 mode=0644
link /nope /scratch/n: ENOENT
link /etc /scratch/d: EPERM"

new_root
guest /bin/probe write /scratch/f x chmod /scratch/f 600 stat /scratch/f fchmodat /scratch/f 640 stat /scratch/f chmod /links/abs 644 \
	stat /etc/hostname chmod /nope 644
expect chmod_family "write /scratch/f x: ok
chmod /scratch/f 600: ok
stat /scratch/f: ok type=file size=1 mode=0600
fchmodat /scratch/f 640: ok
stat /scratch/f: ok type=file size=1 mode=0640
chmod /links/abs 644: ok
stat /etc/hostname: ok type=file size=15 mode=0644
chmod /nope 644: ENOENT"

# fchmodat2 (Linux 6.6): with AT_SYMLINK_NOFOLLOW on a link, EOPNOTSUPP.
if kernel_at_least 6 6; then
	new_root
	guest /bin/probe write /scratch/f x fchmodat2 /scratch/f 604 stat /scratch/f fchmodat2 /links/abs 600 nofollow \
		fchmodat2 /scratch/f 600 nofollow stat /scratch/f
	expect fchmodat2_nofollow "write /scratch/f x: ok
fchmodat2 /scratch/f 604: ok
stat /scratch/f: ok type=file size=1 mode=0604
fchmodat2 /links/abs 600 nofollow: EOPNOTSUPP
fchmodat2 /scratch/f 600 nofollow: ok
stat /scratch/f: ok type=file size=1 mode=0600"
else
	skip_machine fchmodat2_nofollow "needs Linux 6.6 for fchmodat2"
fi

# Changing the owner to oneself is allowed; to root only for root.
if [ "$IT_UID" = 0 ]; then to_root=ok; else to_root=EPERM; fi
new_root
guest /bin/probe write /scratch/f x chown /scratch/f "$IT_UID" "$IT_GID" lchown /links/abs "$IT_UID" "$IT_GID" \
	chown /scratch/f 0 0 chown /nope 0 0
expect chown_family "write /scratch/f x: ok
chown /scratch/f $IT_UID $IT_GID: ok
lchown /links/abs $IT_UID $IT_GID: ok
chown /scratch/f 0 0: $to_root
chown /nope 0 0: ENOENT"

new_root
guest /bin/probe write /scratch/f hello truncate /scratch/f 2 cat /scratch/f truncate /links/dangling 0 truncate /etc 0
expect truncate_path "write /scratch/f hello: ok
truncate /scratch/f 2: ok
cat /scratch/f: ok he
truncate /links/dangling 0: ENOENT
truncate /etc 0: EISDIR"

new_root
guest /bin/probe write /scratch/f x utimensat /scratch/f mtime /scratch/f symlink f /scratch/l utimensat /scratch/l nofollow mtime /scratch/l \
	utimensat /nope
expect utimensat_sets_times "write /scratch/f x: ok
utimensat /scratch/f: ok
mtime /scratch/f: ok 1000000000
symlink f /scratch/l: ok
utimensat /scratch/l nofollow: ok
mtime /scratch/l: ok 1000000000
utimensat /nope: ENOENT"

new_root
guest /bin/probe write /scratch/f x setxattr /scratch/f user.test v1 getxattr /scratch/f user.test listxattr /scratch/f \
	getxattr /scratch/f user.none setxattr /links/dangling user.test v lsetxattr /links/abs user.test v \
	getxattr /links/abs user.nope
expect xattr_family "write /scratch/f x: ok
setxattr /scratch/f user.test v1: ok
getxattr /scratch/f user.test: ok v1
listxattr /scratch/f: ok user.test
getxattr /scratch/f user.none: ENODATA
setxattr /links/dangling user.test v: ENOENT
lsetxattr /links/abs user.test v: EPERM
getxattr /links/abs user.nope: ENODATA"

new_root
guest /bin/probe mkfifo /scratch/p type /scratch/p mkfifo /scratch/p
expect mknod_fifo "mkfifo /scratch/p: ok
type /scratch/p: ok fifo
mkfifo /scratch/p: EEXIST"

# O_CREAT through a dangling link creates the target, in the guest.
new_root
ln -s /scratch/created-through-link "$ROOT/scratch/dangling"
guest /bin/probe open /scratch/n wronly,creat,excl open /scratch/n wronly,creat,excl open /scratch/dangling wronly,creat \
	type /scratch/created-through-link open /scratch/dangling wronly,creat,excl open /scratch rdwr,tmpfile \
	open /nope/x wronly,creat
expect open_create "open /scratch/n wronly,creat,excl: ok type=file
open /scratch/n wronly,creat,excl: EEXIST
open /scratch/dangling wronly,creat: ok type=file
type /scratch/created-through-link: ok file
open /scratch/dangling wronly,creat,excl: EEXIST
open /scratch rdwr,tmpfile: ok type=file
open /nope/x wronly,creat: ENOENT"
assert create_through_link_lands_in_rootfs "ROOTFS/scratch/created-through-link missing" \
	test -f "$ROOT/scratch/created-through-link"

new_root
guest /bin/probe statfs / statfs /nope
expect statfs_path "statfs /: ok
statfs /nope: ENOENT"

# creat(2) and the plain *at forms, on absolute paths (translated) and
# relative to a dirfd.
new_root
guest /bin/probe write /scratch/c data creat /scratch/c stat /scratch/c creat /etc creat /nope/c \
	mkdirat /scratch/d mkdirat /scratch/d mknodat /scratch/d/p type /scratch/d/p mknodat /scratch/d/p \
	renameat /scratch/d/p /scratch/q type /scratch/q renameat /scratch/d/p /scratch/r \
	renameat /scratch/q /etc/hostname/x at /scratch mkdirat e mknodat e/p renameat e/p c type /scratch/c
expect creat_and_plain_at_calls "write /scratch/c data: ok
creat /scratch/c: ok
stat /scratch/c: ok type=file size=0 mode=0644
creat /etc: EISDIR
creat /nope/c: ENOENT
mkdirat /scratch/d: ok
mkdirat /scratch/d: EEXIST
mknodat /scratch/d/p: ok
type /scratch/d/p: ok fifo
mknodat /scratch/d/p: EEXIST
renameat /scratch/d/p /scratch/q: ok
type /scratch/q: ok fifo
renameat /scratch/d/p /scratch/r: ENOENT
renameat /scratch/q /etc/hostname/x: ENOTDIR
at /scratch: ok
mkdirat e: ok
mknodat e/p: ok
renameat e/p c: ok
type /scratch/c: ok fifo"
assert creat_and_plain_at_calls_on_host "ROOTFS/scratch/{d,e,c} are not as made" \
	sh -c 'test -d "$1/d" && test -d "$1/e" && test -p "$1/c" && test -p "$1/q"' sh "$ROOT/scratch"

new_root
guest /bin/probe write /scratch/f x fchownat /scratch/f "$IT_UID" "$IT_GID" fchownat /links/dangling "$IT_UID" "$IT_GID" \
	fchownat /links/dangling "$IT_UID" "$IT_GID" nofollow fchownat /scratch/f 0 0 fchownat /nope 0 0
expect fchownat_family "write /scratch/f x: ok
fchownat /scratch/f $IT_UID $IT_GID: ok
fchownat /links/dangling $IT_UID $IT_GID: ENOENT
fchownat /links/dangling $IT_UID $IT_GID nofollow: ok
fchownat /scratch/f 0 0: $to_root
fchownat /nope 0 0: ENOENT"

new_root
guest /bin/probe write /scratch/f x utime /scratch/f mtime /scratch/f write /scratch/g x utimes /scratch/g mtime /scratch/g \
	write /scratch/h x futimesat /scratch/h mtime /scratch/h at /etc write /scratch/i x futimesat ../scratch/i mtime /scratch/i \
	utime /links/dangling utimes /nope futimesat /nope
expect utime_utimes_futimesat "write /scratch/f x: ok
utime /scratch/f: ok
mtime /scratch/f: ok 1000000000
write /scratch/g x: ok
utimes /scratch/g: ok
mtime /scratch/g: ok 1000000000
write /scratch/h x: ok
futimesat /scratch/h: ok
mtime /scratch/h: ok 1000000000
at /etc: ok
write /scratch/i x: ok
futimesat ../scratch/i: ok
mtime /scratch/i: ok 1000000000
utime /links/dangling: ENOENT
utimes /nope: ENOENT
futimesat /nope: ENOENT"

# The l* forms act on a link itself, the others on its target; a
# symlink cannot carry user.* attributes.
new_root
guest /bin/probe write /scratch/f x setxattr /scratch/f user.a 1 setxattr /scratch/f user.b 2 symlink f /scratch/l \
	lgetxattr /scratch/f user.a lgetxattr /scratch/l user.a getxattr /scratch/l user.a llistxattr /scratch/f \
	llistxattr /scratch/l removexattr /scratch/l user.a listxattr /scratch/f lremovexattr /scratch/l user.b \
	lremovexattr /scratch/f user.b llistxattr /scratch/f removexattr /scratch/f user.a \
	lgetxattr /nope user.a llistxattr /nope removexattr /nope user.a lremovexattr /nope user.a
expect xattr_link_and_remove_family "write /scratch/f x: ok
setxattr /scratch/f user.a 1: ok
setxattr /scratch/f user.b 2: ok
symlink f /scratch/l: ok
lgetxattr /scratch/f user.a: ok 1
lgetxattr /scratch/l user.a: ENODATA
getxattr /scratch/l user.a: ok 1
llistxattr /scratch/f: ok user.a user.b
llistxattr /scratch/l: ok
removexattr /scratch/l user.a: ok
listxattr /scratch/f: ok user.b
lremovexattr /scratch/l user.b: EPERM
lremovexattr /scratch/f user.b: ok
llistxattr /scratch/f: ok
removexattr /scratch/f user.a: ENODATA
lgetxattr /nope user.a: ENOENT
llistxattr /nope: ENOENT
removexattr /nope user.a: ENOENT
lremovexattr /nope user.a: ENOENT"
