#!/bin/sh
# Co-location (src/tracer/colocate.h): a tracee making stops in quick
# succession is pinned with burrow to one CPU, and unpinned when another
# tracee is born or stops, or when it goes quiet.  The guest must never
# see the pin through sched_getaffinity, and an affinity it sets itself
# is kept.  The pin itself shows only in /proc/self/status
# (Cpus_allowed_list), which is how these checks see it.
. "$(dirname "$0")/lib.sh"
unset BURROW_NO_COLOCATE

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

# The storm: 3000 stats in a row pin the guest.
run_burrow -r "$ROOT" -b /proc /bin/affinity storm 3000 allowed
assert colocate_pins_a_storm "after a storm Cpus_allowed_list is '$(field allowed)', expected one CPU of $host" \
	one_of_host "$(field allowed)"

BURROW_NO_COLOCATE=1 run_burrow -r "$ROOT" -b /proc /bin/affinity storm 3000 allowed
expect burrow_no_colocate_never_pins "storm: ok
allowed: $host"

# Pinned, sched_getaffinity still tells the guest's own affinity, with
# the full mask and with a short one (the kernel's size is kept).
guest -b /proc /bin/affinity storm 3000 aff aff8
expect_same_as_chroot colocate_getaffinity_shows_guest_affinity

# A child is born: both get their affinity back, and the child never
# sees its parent's pin.
guest -b /proc /bin/affinity storm 3000 fork allowed
expect_same_as_chroot colocate_fork_unpins

# A child's storm pins the child, not its parent asleep in wait.
run_burrow -r "$ROOT" -b /proc /bin/affinity childstorm 3000 allowed
assert colocate_pins_the_storming_child "the child's Cpus_allowed_list is '$(field 'child allowed')', expected one CPU of $host" \
	one_of_host "$(field 'child allowed')"
assert colocate_leaves_the_waiting_parent "the parent's Cpus_allowed_list is '$(field allowed)', expected $host" \
	[ "$(field allowed)" = "$host" ]
expect colocate_child_sees_guest_affinity "child storm: ok
child aff: $("$HELPERS/affinity" aff | sed 's/^aff: //')
child allowed: $(field 'child allowed')
allowed: $host"

# Quiet for 300 ms (a compute phase): the tick unpins.  Not a timing
# check: 75 ticks pass, and one without a stop is enough.
guest -b /proc /bin/affinity storm 3000 sleep 300 allowed
expect_same_as_chroot colocate_quiet_unpins

# The guest sets its own affinity: kept, and burrow pins no more.
guest -b /proc /bin/affinity storm 3000 setlast aff allowed storm 3000 aff allowed
expect_same_as_chroot colocate_guest_affinity_kept
