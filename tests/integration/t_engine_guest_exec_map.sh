#!/bin/sh
# --engine=guest: after an exec the loader maps the runtime's read-only
# segments from the exec's memfd (which holds the loader, and the
# runtime in it) rather than copy them into anonymous memory at every
# exec; BURROW_COPY_RUNTIME=1 copies them as the first process does
# (HACKING.md "The in-guest engine", exec).  Seen in smaps: an unnamed
# executable mapping of 32 kB or more that is anonymous memory
# throughout is the runtime's copied text (the guest's own code is named,
# the rewritten sites' stubs are touched a page at a time).
. "$(dirname "$0")/lib.sh"

unset BURROW_NO_SECCOMP PROOT_NO_SECCOMP BURROW_ENGINE BURROW_COPY_RUNTIME

here=$(cd "$(dirname "$0")" && pwd)
if ! DEB=$(sh "$here/../fixtures/debian-rootfs.sh" 2>"$T/fixture.err"); then
	skip guest_exec_maps_runtime "$(cat "$T/fixture.err")"
	exit 0
fi

# shellcheck disable=SC2016
COUNT='function done_one() {
		if (perm == "r-xp" && name == "" && size >= 32 && anon == size) copied++
	}
	/^[0-9a-f]+-[0-9a-f]+ / { done_one(); perm = $2; name = $6; size = anon = 0; next }
	$1 == "Size:" { size = $2 }
	$1 == "Anonymous:" { anon = $2 }
	END { done_one(); print "copied=" copied + 0 }'

run_burrow --engine=guest -r "$DEB" -b /proc /bin/sh -c "exec awk '$COUNT' /proc/self/smaps"
expect guest_exec_maps_runtime "copied=0"

# The switch, and the first process of the run, which copies it always.
BURROW_COPY_RUNTIME=1 run_burrow --engine=guest -r "$DEB" -b /proc /bin/sh -c \
	"exec awk '$COUNT' /proc/self/smaps"
expect guest_exec_copy_runtime_switch "copied=1"
unset BURROW_COPY_RUNTIME
run_burrow --engine=guest -r "$DEB" -b /proc /usr/bin/awk "$COUNT" /proc/self/smaps
expect guest_first_process_copies_runtime "copied=1"

# Mapped or copied, exec chains, vfork and scripts run the same.
BIND=$T/bind
mkdir -p "$BIND"
chmod 0755 "$BIND"
# shellcheck disable=SC2016
printf '#!/bin/sh\necho "script $1"\n' >"$BIND/script"
chmod 0755 "$BIND/script"
[ "$IT_UID" = 0 ] || chown -R "$IT_UID:$IT_GID" "$BIND"
chain='sh -c "sh -c \"/tmp/script a; env true && echo chain\""; /tmp/script b'
run_burrow --engine=guest -r "$DEB" -b "$BIND/script:/tmp/script" /bin/sh -c "$chain"
expect guest_exec_chain_mapped "script a
chain
script b"
BURROW_COPY_RUNTIME=1 run_burrow --engine=guest -r "$DEB" -b "$BIND/script:/tmp/script" \
	/bin/sh -c "$chain"
expect guest_exec_chain_copied "script a
chain
script b"
