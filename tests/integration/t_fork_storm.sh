#!/bin/sh
# A burst of 1,000 processes, all forked before any is waited for, each
# exec'ing a guest program: every one is followed, translated and reaped.
. "$(dirname "$0")/lib.sh"
new_root

# The arm64 VM (TCG, one vCPU) sets IT_STORM lower: there 1,000 traced
# processes take minutes to create and to kill.
n=${IT_STORM:-1000}
guest /bin/sysraw storm "$n"
expect "fork_storm_of_$n" "storm $n: $n exec'd and exited 7"
