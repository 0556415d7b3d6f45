#!/bin/sh
# Programs started with large environments, many times each, see exactly
# that environment.  From about 16,000 variables the pointers pass the
# 128 KiB the kernel maps below the strings at exec, and the stack is
# mapped only from the stack pointer's page up; burrow wrote its load
# script below the stack pointer and could not when that pointer was
# near its page's start (a remote write does not grow a stack): the
# guest was killed (137), about one start in twenty.  bigenv sweeps the
# stack pointer over every place in a page (ADDR_NO_RANDOMIZE, a padding
# variable), so such a start is always among them.
. "$(dirname "$0")/lib.sh"
new_root

# Exec'd by a guest: each start checks its own environment.  Steps of
# 64 bytes reach every place in a page closer to its start than a load
# script (64 bytes and its strings); 16 bytes, every place.
for n in 16000 16400 60000; do
	guest /bin/bigenv starts $n 0 64 64 /bin/bigenv check @N @PAD
	expect "large_env_${n}_every_start_in_guest" "$n variables, 64 starts: ok"
done
guest /bin/bigenv starts 20000 0 256 16 /bin/bigenv check @N @PAD
expect large_env_20000_every_start_in_guest "20000 variables, 256 starts: ok"

# burrow itself started with them (its guest's first exec).
for n in 16400 20000; do
	IT_AS="${IT_AS:+$IT_AS }$ROOT/bin/bigenv starts $n 0 64 64" \
		run_burrow -r "$ROOT" -w / /bin/bigenv check @N @PAD
	expect "large_env_${n}_every_burrow_start" "$n variables, 64 starts: ok"
done

# What env(1) prints, against the same run without burrow.
if add_shell; then
	ln -s busybox "$ROOT/bin/env"
	for n in 16400 60000; do
		native=$("$ROOT/bin/bigenv" starts $n 0 1 16 "$ROOT/bin/env")
		guest /bin/bigenv starts $n 0 1 16 /bin/env
		expect "large_env_${n}_env_lists_it" "$native"
	done
else
	skip_machine large_env_env_lists_it "no static busybox for env(1)"
fi
