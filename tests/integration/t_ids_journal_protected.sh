#!/bin/sh
# Under -0/-i the ids journal (ROOTFS/.burrow-ids, or --ids-file) is
# protected from the guest: it may read it, but every call that would
# replace, remove, rename, link over or write it fails with EACCES, so
# a guest cannot point burrow's writes at a host file
# (`rm /.burrow-ids; ln -s /home/u/notes /.burrow-ids`).  Fake root has
# no reference: what root sees is burrow's own.
. "$(dirname "$0")/lib.sh"

new_root
printf 'my notes\n' >"$HOSTD/notes"

# Before the journal exists, its name cannot be taken.
run_burrow -r "$ROOT" -0 /bin/probe symlink "$HOSTD/notes" /.burrow-ids \
	write /.burrow-ids x mkdir /.burrow-ids mkfifo /.burrow-ids
expect ids_journal_name_cannot_be_taken "symlink $HOSTD/notes /.burrow-ids: EACCES
write /.burrow-ids x: EACCES
mkdir /.burrow-ids: EACCES
mkfifo /.burrow-ids: EACCES"

# A change makes the journal; then the guest can neither replace,
# remove nor write it, and reading it is allowed.
run_burrow -r "$ROOT" -0 /bin/probe write /scratch/f x chown /scratch/f 12 34 \
	unlink /.burrow-ids symlink "$HOSTD/notes" /.burrow-ids \
	rename /.burrow-ids /scratch/moved rename /scratch/f /.burrow-ids \
	link /.burrow-ids /scratch/l link /scratch/f /.burrow-ids \
	open /.burrow-ids wronly open /.burrow-ids rdonly,trunc write /.burrow-ids x \
	chmod /.burrow-ids 666 truncate /.burrow-ids 0 setxattr /.burrow-ids user.x y \
	utimensat /.burrow-ids \
	open /.burrow-ids rdonly fchmod 666 fchown 1 1 futimens \
	at / unlinkat .burrow-ids renameat .burrow-ids moved type /.burrow-ids
expect ids_journal_is_protected "write /scratch/f x: ok
chown /scratch/f 12 34: ok
unlink /.burrow-ids: EACCES
symlink $HOSTD/notes /.burrow-ids: EACCES
rename /.burrow-ids /scratch/moved: EACCES
rename /scratch/f /.burrow-ids: EACCES
link /.burrow-ids /scratch/l: EACCES
link /scratch/f /.burrow-ids: EACCES
open /.burrow-ids wronly: EACCES
open /.burrow-ids rdonly,trunc: EACCES
write /.burrow-ids x: EACCES
chmod /.burrow-ids 666: EACCES
truncate /.burrow-ids 0: EACCES
setxattr /.burrow-ids user.x y: EACCES
utimensat /.burrow-ids: EACCES
open /.burrow-ids rdonly: ok type=file
fchmod 666: EACCES
fchown 1 1: EACCES
futimens: EACCES
at /: ok
unlinkat .burrow-ids: EACCES
renameat .burrow-ids moved: EACCES
type /.burrow-ids: ok file"

# The guest's attempt from the issue: the next run still records into
# the real journal, and the host file is untouched.
before=$(wc -c <"$ROOT/.burrow-ids")
run_burrow -r "$ROOT" -0 /bin/probe unlink /.burrow-ids symlink "$HOSTD/notes" /.burrow-ids \
	chown /scratch/f 56 78
expect ids_journal_not_redirected "unlink /.burrow-ids: EACCES
symlink $HOSTD/notes /.burrow-ids: EACCES
chown /scratch/f 56 78: ok"
assert ids_journal_host_file_untouched "notes: $(cat "$HOSTD/notes"); journal: $(ls -l "$ROOT/.burrow-ids")" \
	sh -c "[ \"\$(cat '$HOSTD/notes')\" = 'my notes' ] && [ -f '$ROOT/.burrow-ids' ] &&
		[ ! -L '$ROOT/.burrow-ids' ] && [ \$(wc -c <'$ROOT/.burrow-ids') -gt $before ]"

# The files compaction writes and renames over the journal: a guest
# that planted or swapped one would forge the journal.
run_burrow -r "$ROOT" -0 /bin/probe write /.burrow-ids.tmp.AbC123 x \
	symlink "$HOSTD/notes" /.burrow-ids.tmp.XyZ789 write /.burrow-ids.tmpx y
expect ids_journal_compaction_names_protected "write /.burrow-ids.tmp.AbC123 x: EACCES
symlink $HOSTD/notes /.burrow-ids.tmp.XyZ789: EACCES
write /.burrow-ids.tmpx y: ok"

# --ids-file inside the rootfs: protected under every name the guest
# has for it, and its directories cannot be moved away under it.
mkdir -p "$ROOT/var/lib"
run_burrow -r "$ROOT" -0 --ids-file="$ROOT/var/lib/ids" -b "$ROOT/var/lib:/mnt/x" /bin/probe \
	chown /scratch/f 9 9 unlink /var/lib/ids unlink /mnt/x/ids write /mnt/x/ids x \
	rename /var /scratch/var rename /var/lib /scratch/lib renameat2 /scratch /var exchange \
	rmdir /var/lib write /var/lib/other x unlink /var/lib/other
expect ids_file_inside_rootfs_is_protected "chown /scratch/f 9 9: ok
unlink /var/lib/ids: EACCES
unlink /mnt/x/ids: EACCES
write /mnt/x/ids x: EACCES
rename /var /scratch/var: EACCES
rename /var/lib /scratch/lib: EACCES
renameat2 /scratch /var exchange: EACCES
rmdir /var/lib: EACCES
write /var/lib/other x: ok
unlink /var/lib/other: ok"

# Without -0 there is no journal to protect.
run_burrow -r "$ROOT" /bin/probe rename /.burrow-ids /scratch/j rename /scratch/j /.burrow-ids
expect ids_journal_free_without_fake_root "rename /.burrow-ids /scratch/j: ok
rename /scratch/j /.burrow-ids: ok"

# An --ids-file whose directory does not exist yet: the guest may make
# the directory, not the journal's name.
run_burrow -r "$ROOT" -0 --ids-file="$ROOT/later/ids" /bin/probe mkdir /later \
	symlink "$HOSTD/notes" /later/ids write /later/ids x
expect ids_file_in_missing_dir_is_protected "mkdir /later: ok
symlink $HOSTD/notes /later/ids: EACCES
write /later/ids x: EACCES"
