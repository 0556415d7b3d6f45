#!/bin/sh
# Path calls without a libc wrapper (sysraw calls): the *xattrat family,
# file_getattr/file_setattr, name_to_handle_at, and the privileged
# mount, umount2, acct, swapon and swapoff.  Every path named exists
# only in the guest: untranslated, each call would say ENOENT.
. "$(dirname "$0")/lib.sh"

# have_calls NAME CALL...: true if the running kernel has every CALL
# (asked natively, on a path that does not exist: ENOSYS if it lacks
# one); otherwise the check NAME is skipped, saying which.
have_calls() {
	_name=$1
	shift
	for _c; do
		case $_c in
		setxattrat) _args="/no/such/path user.x v" ;;
		getxattrat|removexattrat) _args="/no/such/path user.x" ;;
		*) _args=/no/such/path ;;
		esac
		# shellcheck disable=SC2086
		if "$HELPERS/sysraw" calls "$_c" $_args | grep -q ': ENOSYS$'; then
			skip_machine "$_name" "the kernel ($(uname -r)) has no $_c"
			return 1
		fi
	done
}

if have_calls xattrat_family setxattrat getxattrat listxattrat removexattrat; then
	new_root
	guest /bin/sysraw calls setxattrat /etc/guest-only user.a v1 getxattrat /etc/guest-only user.a \
		listxattrat /etc/guest-only getxattrat /links/escape_file user.a getxattrat /links/escape_file user.a nofollow \
		listxattrat /links/escape_file nofollow setxattrat /links/escape_file user.b v2 nofollow \
		removexattrat /links/escape_file user.a getxattrat /etc/guest-only user.a removexattrat /etc/guest-only user.a \
		setxattrat /nope user.a v getxattrat /nope user.a listxattrat /nope removexattrat /nope user.a
	expect xattrat_family "setxattrat /etc/guest-only user.a v1: ok
getxattrat /etc/guest-only user.a: ok v1
listxattrat /etc/guest-only: ok user.a
getxattrat /links/escape_file user.a: ok v1
getxattrat /links/escape_file user.a nofollow: ENODATA
listxattrat /links/escape_file nofollow: ok
setxattrat /links/escape_file user.b v2 nofollow: EPERM
removexattrat /links/escape_file user.a: ok
getxattrat /etc/guest-only user.a: ENODATA
removexattrat /etc/guest-only user.a: ENODATA
setxattrat /nope user.a v: ENOENT
getxattrat /nope user.a: ENOENT
listxattrat /nope: ENOENT
removexattrat /nope user.a: ENOENT"
fi

# A symlink has no attributes to get: EOPNOTSUPP.
if have_calls file_getattr_setattr file_getattr file_setattr; then
	new_root
	guest /bin/sysraw calls file_getattr /etc/guest-only file_setattr /etc/guest-only file_getattr /links/escape_file \
		file_getattr /links/dangling file_getattr /links/dangling nofollow file_getattr /nope file_setattr /nope
	expect file_getattr_setattr "file_getattr /etc/guest-only: ok
file_setattr /etc/guest-only: ok
file_getattr /links/escape_file: ok
file_getattr /links/dangling: ENOENT
file_getattr /links/dangling nofollow: EOPNOTSUPP
file_getattr /nope: ENOENT
file_setattr /nope: ENOENT"
fi

# name_to_handle_at follows the last link only when asked.
new_root
guest /bin/sysraw calls name_to_handle_at /etc/guest-only name_to_handle_at /links/escape_file follow \
	name_to_handle_at /links/dangling name_to_handle_at /links/dangling follow name_to_handle_at /nope
expect name_to_handle_at_paths "name_to_handle_at /etc/guest-only: ok
name_to_handle_at /links/escape_file follow: ok
name_to_handle_at /links/dangling: ok
name_to_handle_at /links/dangling follow: ENOENT
name_to_handle_at /nope: ENOENT"

# The kernel looks the target up before it checks privileges.
if [ "$IT_UID" != 0 ]; then
	new_root
	guest /bin/sysraw calls mount none /scratch tmpfs umount2 /scratch mount none /nope tmpfs umount2 /nope
	expect mount_umount2_unprivileged "mount none /scratch tmpfs: EPERM
umount2 /scratch: EPERM
mount none /nope tmpfs: ENOENT
umount2 /nope: ENOENT"
else
	skip_user mount_umount2_unprivileged "as root it would mount on the host: burrow has no mount namespace"
fi

# Root only: the privilege check comes before the lookup, so an
# unprivileged user gets EPERM whatever the path.  None of these can
# succeed: acct on a directory, swapon on a file without a swap
# signature.
if [ "$IT_UID" = 0 ]; then
	new_root
	guest /bin/sysraw calls acct /scratch acct /nope swapon /etc/guest-only swapoff /etc/guest-only swapon /nope swapoff /nope
	expect acct_swapon_swapoff_as_root "acct /scratch: EISDIR
acct /nope: ENOENT
swapon /etc/guest-only: EINVAL
swapoff /etc/guest-only: EINVAL
swapon /nope: ENOENT
swapoff /nope: ENOENT"
else
	skip_user acct_swapon_swapoff_as_root "needs root: the privilege check comes before the path lookup"
fi
