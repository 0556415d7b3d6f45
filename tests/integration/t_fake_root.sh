#!/bin/sh
# Fake root (-0, -i UID:GID).  The truth is a real chroot entered as real
# root (or as the -i ids), on a copy of the files owned by those ids
# (IT_REF_AS): whatever the user running burrow is, the guest must see
# what real root would.  Then, without a reference: what one run
# changed, the next run shows; several burrows recording at once lose
# nothing; a torn record does not hide the others.
. "$(dirname "$0")/lib.sh"

new_root
if ! add_shell; then
	skip fake_root_shell "needs a static busybox (apt-get install busybox-static)"
	exit 0
fi
for a in $("$ROOT/bin/busybox" --list); do
	[ -e "$ROOT/bin/$a" ] || ln -s busybox "$ROOT/bin/$a"
done
printf 'root:x:0:\ntty:x:5:\nnogroup:x:65534:\n' >"$ROOT/etc/group"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n' \
	>"$ROOT/etc/passwd"

IT_REF_AS=0:0
guest -0 -w /scratch /bin/sh -c '
	id -u; id -g; id -G; id -un
	touch f other secret
	chown 0:5 f && chmod 4755 f
	chown 1234:4321 other
	chmod 0 secret && echo "root writes" >secret && cat secret
	mknod chr c 1 3 && mknod blk b 7 0 && mkfifo fifo
	mkdir d && chmod 0500 d && touch d/inside && echo made d/inside
	mkdir -m 0700 d700
	ln -s f sym && chown -h 7:8 sym
	chown 0:5 d700 && chmod 2750 d700
	stat -c "%n %u %g %a %F %t %T" f other secret chr blk fifo d d/inside d700 sym
	ls -ln chr blk | cut -c1-10'
expect_same_as_chroot fake_root_sees_what_root_sees

# Dropping privileges, as apt's sandbox does: refused afterwards, as the
# kernel refuses a process that is no longer root.
guest -0 -w /scratch /bin/sh -c '
	su -s /bin/sh nobody -c "id -u; id -g; id -G"
	su -s /bin/sh nobody -c "touch mine; chown 0 mine" 2>&1 | sed "s/^.*: //"
	su -s /bin/sh nobody -c "mknod dev c 1 3" 2>&1 | sed "s/^.*: //"
	su -s /bin/sh nobody -c "su -s /bin/sh root -c \"id -u\" </dev/null" 2>&1 | sed "s/^.*: //"'
expect_same_as_chroot fake_root_dropped_ids_lose_root

# -i: ids other than root's, with root's powers gone.
IT_REF_AS=1000:1000
guest -i 1000:1000 -w /scratch /bin/sh -c '
	id -u; id -g
	touch g && stat -c "%u %g" g
	chown 0 g 2>&1 | sed "s/^.*: //"
	chmod 0640 g && stat -c "%a" g
	mknod dev c 1 3 2>&1 | sed "s/^.*: //"'
expect_same_as_chroot change_id_is_not_root
unset IT_REF_AS

# ---- what persists (no reference: a chroot keeps it on disk itself) ----
IT_NATIVE_SAVED=$IT_NATIVE
IT_NATIVE=0
guest -0 -w /scratch /bin/sh -c 'touch p && chown 0:5 p && chmod 4750 p && mknod null c 1 3 &&
	mkdir tree && touch tree/leaf && chown 3:3 tree/leaf && mv tree moved'
guest -0 -w /scratch /bin/sh -c 'stat -c "%n %u %g %a %F %t %T" p null moved/leaf; ls moved'
expect fake_root_persists_across_runs "p 0 5 4750 regular empty file 0 0
null 0 0 644 character special file 1 3
moved/leaf 3 3 644 regular empty file 0 0
leaf"
assert fake_root_db_is_beside_the_files "no $ROOT/.burrow-ids" test -s "$ROOT/.burrow-ids"
guest -w /scratch /bin/sh -c 'stat -c "%n %a %F" p null'
expect without_fake_root_files_are_real "p 750 regular empty file
null 600 regular empty file"

# --ids-file: elsewhere; none found there means nothing faked yet.
mkdir -p "$W/state"
guest -0 --ids-file "$W/state/ids" -w /scratch /bin/sh -c 'stat -c "%u %g %a" p'
expect ids_file_elsewhere_starts_empty "0 0 750"

# A writer that died in the middle of a record.
printf '0badc0de S 4777 9 9 0 /scratch/p' >>"$ROOT/.burrow-ids"
guest -0 -w /scratch /bin/sh -c 'chown 1:1 null; stat -c "%n %u %g %a" p null'
expect torn_record_is_dropped "p 0 5 4750
null 1 1 644"

# Eight burrows chowning at once (MPI ranks preparing their files).
_it_own
i=0
while [ $i -lt 8 ]; do
	# shellcheck disable=SC2086
	$IT_AS "$BURROW" -0 -r "$ROOT" -w /scratch /bin/sh -c "
		mkdir r$i && j=0 && while [ \$j -lt 25 ]; do
			touch r$i/f\$j && chown $i:\$j r$i/f\$j && j=\$((j + 1)); done" \
		>"$T/par$i.out" 2>&1 &
	i=$((i + 1))
done
wait
guest -0 -w /scratch /bin/sh -c 'stat -c "%u:%g" r*/f* | sort -t: -k1n -k2n | uniq | wc -l; stat -c "%n %u %g" r7/f24 r0/f0'
expect concurrent_burrows_lose_nothing "200
r7/f24 7 24
r0/f0 0 0"
IT_NATIVE=$IT_NATIVE_SAVED

# Bad input.
run_burrow -i root -r "$ROOT" /bin/true
expect_error change_id_needs_numbers 125 "-i root"
printf 'not a database\n' >"$W/state/bad"
run_burrow -0 --ids-file "$W/state/bad" -r "$ROOT" /bin/true
expect_error ids_file_not_a_database 125 "$W/state/bad"
