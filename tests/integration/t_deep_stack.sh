#!/bin/sh
# Path syscalls from a stack pointer far below the stack the kernel has
# grown (large untouched local arrays): burrow writes translated paths
# below the stack pointer, and the kernel does not grow a stack for such
# remote writes, so burrow must find room elsewhere (the loader's spare
# area) rather than fail the call with EFAULT.
. "$(dirname "$0")/lib.sh"
new_root

guest /bin/sysraw bigframe /etc/hostname
expect path_syscall_from_deep_stack "stat from deep in the stack: ok"

# The same in a forked child, which keeps a copy of the spare area.
if add_shell; then
	guest /bin/sh -c '/bin/sysraw bigframe /etc/hostname; (exec /bin/sysraw bigframe /etc/sub/inner.txt)'
	expect path_syscall_from_deep_stack_after_fork_and_exec "stat from deep in the stack: ok
stat from deep in the stack: ok"
fi
