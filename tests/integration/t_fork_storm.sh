#!/bin/sh
# A burst of 1,000 processes, all forked before any is waited for, each
# exec'ing a guest program: every one is followed, translated and reaped.
. "$(dirname "$0")/lib.sh"
new_root

guest /bin/sysraw storm 1000
expect fork_storm_of_1000 "storm 1000: 1000 exec'd and exited 7"
