#!/bin/sh
# Co-location (src/tracee/colocate.h): a guest making stops in quick
# succession is pinned with burrow to one CPU, children and parents that
# take turns with it join, and everyone is unpinned when the guest goes
# quiet.  The guest must never see the pin through sched_getaffinity,
# and an affinity it sets itself is kept.  The pin itself shows only in
# /proc/self/status (Cpus_allowed_list), which is how these checks see
# it.  (Unpinning when the guest runs in parallel depends on what else
# is runnable at a tick: the unit tests drive that policy.)
. "$(dirname "$0")/lib.sh"
unset BURROW_NO_COLOCATE
# The ptrace engine's (tracer and tracee on one CPU): the in-guest
# engine has no tracer to pin.
BURROW_ENGINE=ptrace
export BURROW_ENGINE

# What the guest would see without burrow: burrow runs with the same
# affinity as this shell.
host=$("$HELPERS/affinity" allowed | sed 's/^allowed: //')
ncpu=$("$HELPERS/affinity" aff | sed 's/^aff: //' | tr ',' '\n' | wc -l)
if [ "$ncpu" -lt 2 ]; then
	skip_machine colocate "this machine lets the tests use one CPU ($host): burrow never pins there"
	exit 0
fi
# One CPU in Cpus_allowed_list form, within the host's set.
one_of_host() {
	case $1 in *[!0-9]*|'') return 1 ;; esac
	"$HELPERS/affinity" aff | sed 's/^aff: //' | tr ',' '\n' | grep -qx "$1"
}
field() { sed -n "s/^$1: //p" "$OUT"; }

# A storm of stats pins the guest.  burrow pins only while nothing else
# on the machine is runnable, so the guest tries up to 50 storms.
run_burrow -r "$ROOT" -b /proc /bin/affinity pinwait 50 allowed
assert colocate_pins_a_storm "after storms Cpus_allowed_list is '$(field allowed)', expected one CPU of $host" \
	sh -c '[ "$1" = "pinwait: pinned" ]' - "$(head -n 1 "$OUT")"
assert colocate_pins_to_a_cpu_of_the_host "pinned to '$(field allowed)', expected one CPU of $host" \
	one_of_host "$(field allowed)"

BURROW_NO_COLOCATE=1 run_burrow -r "$ROOT" -b /proc /bin/affinity storm 3000 allowed
expect burrow_no_colocate_never_pins "storm: ok
allowed: $host"

# Pinned, sched_getaffinity still tells the guest's own affinity, with
# the full mask and with a short one (the kernel's size is kept).
run_burrow -r "$ROOT" -b /proc /bin/affinity pinwait 50 aff aff8
expect colocate_getaffinity_shows_guest_affinity "pinwait: pinned
$("$HELPERS/affinity" aff aff8)"

# A child born while its parent is pinned joins it, and sees the
# affinity it would have without burrow.
run_burrow -r "$ROOT" -b /proc /bin/affinity pinwait 50 allowed fork allowed
pinned=$(field allowed | head -n 1)
expect colocate_child_joins "pinwait: pinned
allowed: $pinned
child aff: $("$HELPERS/affinity" aff | sed 's/^aff: //')
child allowed: $pinned
allowed: $pinned"
assert colocate_child_joins_one_cpu "parent and child on '$pinned', expected one CPU of $host" \
	one_of_host "$pinned"

# A child's storm pins the child (its parent waits: it joins when it
# wakes up); quiet, both get their affinity back.
run_burrow -r "$ROOT" -b /proc /bin/affinity childpin 50 sleep 300 allowed
assert colocate_pins_the_storming_child "the child's Cpus_allowed_list is '$(field 'child allowed')', expected one CPU of $host" \
	one_of_host "$(field 'child allowed')"
expect colocate_quiet_unpins_the_parent "child pinwait: pinned
child aff: $("$HELPERS/affinity" aff | sed 's/^aff: //')
child allowed: $(field 'child allowed')
sleep: ok
allowed: $host"

# Quiet for 300 ms (a compute phase): the tick unpins.  Not a timing
# check: 75 ticks pass, and four in a row without a stop are enough.
run_burrow -r "$ROOT" -b /proc /bin/affinity pinwait 50 sleep 300 allowed
expect colocate_quiet_unpins "pinwait: pinned
sleep: ok
allowed: $host"

# The guest sets its own affinity: kept, and burrow pins no more.
last=$("$HELPERS/affinity" aff | sed 's/.*[ ,]//')
run_burrow -r "$ROOT" -b /proc /bin/affinity pinwait 50 setlast aff allowed storm 3000 aff allowed
expect colocate_guest_affinity_kept "pinwait: pinned
setlast: ok
aff: $last
allowed: $last
storm: ok
aff: $last
allowed: $last"
