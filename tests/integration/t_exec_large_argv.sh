#!/bin/sh
# "#!" scripts exec'd with an argv or an environment as large as the
# kernel takes.  burrow builds the script's argv itself (exec.c): 20,000
# arguments are 160 KiB of pointers, more than the stack has mapped
# below the stack pointer (a remote write does not grow it) or the
# loader's 64 KiB spare area holds, and the exec failed with EFAULT.
# The kernel's own limits stay: E2BIG for one string longer than
# MAX_ARG_STRLEN (128 KiB), and for more than a quarter of the stack
# limit in all.  A failed exec leaves the old image as it was, and a
# vfork child's exec its parent's (execargv compares /proc/self/maps).
# Each check is compared with a real chroot.
. "$(dirname "$0")/lib.sh"

new_root
if ! add_shell; then
	skip_machine exec_large_argv_shell "needs a static busybox (apt-get install busybox-static)"
	exit 0
fi
for a in seq printf env grep; do ln -s busybox "$ROOT/bin/$a"; done
mkdir -p "$ROOT/s"
# count: its argument count, the lengths of the first and last, and how
# many variables V<n> it got.
printf '#!/bin/sh\neval "last=\\${$#}"\necho "$# ${#1} ${#last} $(env | grep -c "^V[0-9]")"\n' \
	>"$ROOT/s/count"
chmod 0755 "$ROOT/s/count"

for n in 20000 100000; do
	guest /bin/sh -c "exec /s/count \$(seq $n)"
	expect_same_as_chroot "shebang_argv_$n"
done

# Arguments of the largest length the kernel takes (131,071 bytes and
# the NUL); one byte more is E2BIG, in argv as in the environment.
guest /bin/sh -c 'a=$(printf "%0131071d" 0) b=$(printf "%0131068d" 0)
	/s/count "$a" x "$a" "$a" "$a" "$a" "$a" "$a" "$a" "$a" "$a"
	/s/count "${a}0" || echo "status $?"
	V1=$b /s/count "$a"
	V1=${b}0 /s/count || echo "status $?"
	/bin/execargv /s/count count x @long=131071
	/bin/execargv /s/count count x @long=131072'
expect_same_as_chroot shebang_argv_max_arg_strlen 126

# 20,000 variables and 20,000 arguments.
guest /bin/sh -c 'i=0; while [ $i -lt 20000 ]; do export V$i=$i; i=$((i + 1)); done
	exec /s/count $(seq 20000)'
expect_same_as_chroot shebang_env_and_argv_20000

# With a stack limit of 1 MiB the kernel takes 256 KiB of strings and
# pointers: 10,000 or 15,000 arguments fit, 40,000 do not (E2BIG), and
# the failed exec leaves no mapping behind.
guest -b /proc /bin/sh -c 'ulimit -s 1024
	/s/count $(seq 10000)
	/s/count $(seq 40000) || echo "status $?"
	/bin/execargv /s/count count @seq=15000
	/bin/execargv /s/count count @seq=40000'
expect_same_as_chroot shebang_argv_e2big_as_the_kernel 126

# A vfork child shares its parent's memory until its exec: what was
# mapped for the exec must not stay in the parent.
guest -b /proc /bin/execargv /s/count @vfork count @seq=30000
expect_same_as_chroot shebang_argv_from_vfork_child
