#!/bin/sh
# -k, --kernel-release: what uname shows, as PRoot's -k does.  burrow's
# own option, so no chroot reference (run_burrow).
. "$(dirname "$0")/lib.sh"
new_root

SYS=$(uname -s)
MACH=$(uname -m)

run_burrow -r "$ROOT" -k 9.9.9-burrow /bin/probe uname release uname sysname uname machine
expect kernel_release_sets_release "uname release: ok 9.9.9-burrow
uname sysname: ok $SYS
uname machine: ok $MACH"

run_burrow -r "$ROOT" --kernel-release=2.6.32 /bin/probe uname release
expect kernel_release_long_option "uname release: ok 2.6.32"

run_burrow -r "$ROOT" -k 1.0 -k 3.0-last /bin/probe uname release
expect kernel_release_last_wins "uname release: ok 3.0-last"

# The field holds 64 bytes and a NUL: a longer release is cut.
long=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef-cut-here
run_burrow -r "$ROOT" -k "$long" /bin/probe uname release
expect kernel_release_cut_to_field "uname release: ok ${long%-cut-here}"

# Every process of the run: a child exec'd by another program too.
if add_shell; then
	run_burrow -r "$ROOT" -k 4.4.4 /bin/sh -c '/bin/probe uname release; /bin/sh -c "/bin/probe uname release"'
	expect kernel_release_every_process "uname release: ok 4.4.4
uname release: ok 4.4.4"
else
	skip kernel_release_every_process "no static busybox on the host"
fi

# PRoot's long form sets every field and AT_HWCAP (hexadecimal).
run_burrow -r "$ROOT" -k '\Sys\node\7.1.2\#9 test\mach\dom\1f\' \
	/bin/probe uname sysname uname nodename uname release uname version uname machine \
	uname domainname auxv hwcap
expect kernel_release_long_form_sets_all "uname sysname: ok Sys
uname nodename: ok node
uname release: ok 7.1.2
uname version: ok #9 test
uname machine: ok mach
uname domainname: ok dom
auxv hwcap: ok 1f"

# Empty fields keep the kernel's values, the hwcap included.
run_burrow -r "$ROOT" /bin/probe auxv hwcap
real_hwcap=$(cat "$OUT")
run_burrow -r "$ROOT" -k '\\\8.0\\\\\' /bin/probe uname sysname uname release uname machine auxv hwcap
expect kernel_release_long_form_empty_keeps_real "uname sysname: ok $SYS
uname release: ok 8.0
uname machine: ok $MACH
$real_hwcap"

run_burrow -r "$ROOT" -k '\Sys\node\7.1.2' /bin/probe uname release
expect_error kernel_release_long_form_missing_field 125 "expected a release"
run_burrow -r "$ROOT" -k '\\\\\\\xyz\' /bin/probe uname release
expect_error kernel_release_long_form_bad_hwcap 125 "hwcap"

# The vDSO is hidden under -k (its clock and its build would bypass
# uname), as PRoot hides it; without -k the guest keeps it.
run_burrow -r "$ROOT" -k 5.0 /bin/probe auxv vdso
expect kernel_release_hides_vdso "auxv vdso: ok absent"
run_burrow -r "$ROOT" /bin/probe auxv vdso
expect vdso_kept_without_kernel_release "auxv vdso: ok present"

# Under -0, sethostname and setdomainname succeed and stay for the whole
# run; the host's names do not change.
host_before=$(hostname)
if add_shell; then
	run_burrow -r "$ROOT" -0 -k 5.0 /bin/sh -c \
		'/bin/probe sethostname guest-node setdomainname guest-dom; /bin/probe uname nodename uname domainname'
	expect kernel_release_fake_root_sethostname "sethostname guest-node: ok
setdomainname guest-dom: ok
uname nodename: ok guest-node
uname domainname: ok guest-dom"
else
	skip kernel_release_fake_root_sethostname "no static busybox on the host"
fi
assert kernel_release_sethostname_leaves_host "the host's hostname changed" \
	test "$(hostname)" = "$host_before"

# 65 bytes is one too many, as for the kernel.
run_burrow -r "$ROOT" -0 -k 5.0 /bin/probe sethostname "${long%-cut-here}x" uname release
expect kernel_release_sethostname_too_long "sethostname ${long%-cut-here}x: EINVAL
uname release: ok 5.0"

# The length is an int: the register's upper half is not part of it,
# and a negative one is refused.
run_burrow -r "$ROOT" -0 -k 5.0 /bin/probe sethostnamelen abcdefgh 0x100000005 uname nodename \
	sethostnamelen abcdefgh 0xffffffff
expect kernel_release_sethostname_length_is_int "sethostnamelen abcdefgh 0x100000005: ok
uname nodename: ok abcde
sethostnamelen abcdefgh 0xffffffff: EINVAL"

# A faked user other than root may not.
run_burrow -r "$ROOT" -i 1000:1000 -k 5.0 /bin/probe sethostname other uname nodename
expect kernel_release_sethostname_needs_root "sethostname other: EPERM
uname nodename: ok $(uname -n)"

# Without -0 the kernel decides: an unprivileged user is refused.  (As
# root it would rename the host.)
if [ "$IT_USER" = root ]; then
	skip_user kernel_release_sethostname_real_user_refused "root would rename the host"
else
	run_burrow -r "$ROOT" -k 5.0 /bin/probe sethostname other uname nodename
	expect kernel_release_sethostname_real_user_refused "sethostname other: EPERM
uname nodename: ok $(uname -n)"
fi
