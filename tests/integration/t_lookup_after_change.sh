#!/bin/sh
# A lookup sees the tree as it is now, not as an earlier lookup found it:
# a directory renamed, removed, replaced by another or by a symlink, a
# symlink retargeted, between two lookups of the same path, by the guest
# itself or by another process on the host.  The paths are deep enough
# that burrow checks their directories in one openat2 (BURROW_NO_OPENAT2=1
# walks them one lstat at a time; CI runs both).
. "$(dirname "$0")/lib.sh"

# /scratch/d/a/b/c/f and the trees the changes bring in.
tree() {
	new_root
	mkdir -p "$ROOT/scratch/d/a/b/c" "$ROOT/scratch/d/a/b2/c" \
		"$ROOT/scratch/t1/c" "$ROOT/scratch/t2/c" || exit 2
	printf 'f1' >"$ROOT/scratch/d/a/b/c/f"
	printf 'f2' >"$ROOT/scratch/d/a/b2/c/f"
	printf 't1' >"$ROOT/scratch/t1/f"
	printf 't2' >"$ROOT/scratch/t2/f"
}

F=/scratch/d/a/b/c/f

# only_lookups PATTERN...: drop from the last run's output (burrow's and
# the reference's) the lines of the steps that changed the tree.
only_lookups() {
	for _f in "$OUT" "$NOUT"; do
		[ "$_f" = "$NOUT" ] && [ "$NATIVE_RAN" != 1 ] && continue
		cp "$_f" "$T/lookups"
		for _p; do
			grep -v -e "^$_p" "$T/lookups" >"$T/lookups.new"
			mv "$T/lookups.new" "$T/lookups"
		done
		mv "$T/lookups" "$_f"
	done
}

# What both halves expect: after each change, the same lookups.
after_changes="cat $F: ok f1
stat /scratch/d/a/b/c: ok type=dir mode=0755
cat $F: ENOENT
stat /scratch/d/a/b/c: ENOENT
cat /scratch/d/a/old/c/f: ok f1
cat $F: ok f2
cat $F: ENOENT
stat /scratch/d/a/b/c: ENOENT
cat $F: ok t1
lstat /scratch/d/a/b/c: ok type=symlink size=11 mode=0777
cat $F: ok t2
cat $F: ok t2
type /scratch/d/a: ok symlink
cat /scratch/d/a0/b/c/f: ok t2"

# ---- the guest changes the tree itself ----------------------------------
tree
guest /bin/probe cat $F stat /scratch/d/a/b/c \
	rename /scratch/d/a/b /scratch/d/a/old cat $F stat /scratch/d/a/b/c cat /scratch/d/a/old/c/f \
	rename /scratch/d/a/b2 /scratch/d/a/b cat $F \
	unlink $F rmdir /scratch/d/a/b/c cat $F stat /scratch/d/a/b/c \
	symlink /scratch/t1 /scratch/d/a/b/c cat $F lstat /scratch/d/a/b/c \
	unlink /scratch/d/a/b/c symlink /scratch/t2 /scratch/d/a/b/c cat $F \
	rename /scratch/d/a /scratch/d/a0 symlink a0 /scratch/d/a cat $F type /scratch/d/a \
	cat /scratch/d/a0/b/c/f
only_lookups 'rename ' 'unlink ' 'rmdir ' 'symlink '
expect lookup_after_guest_changes "$after_changes"

# ---- another process changes it, while the guest waits ------------------
# host_side ROOTFS: each time the guest writes /scratch/readyN, make
# change N on the host, then create /scratch/goN for the guest to go on.
host_side() {
	_r=$1/scratch
	_step() {	# N: waits for readyN (20 s at most)
		_i=0
		while [ ! -e "$_r/ready$1" ]; do
			_i=$((_i + 1))
			[ $_i -lt 2000 ] || exit 1
			sleep 0.01
		done
	}
	_step 1 && mv "$_r/d/a/b" "$_r/d/a/old" && : >"$_r/go1"
	_step 2 && mv "$_r/d/a/b2" "$_r/d/a/b" && : >"$_r/go2"
	_step 3 && rm -r "$_r/d/a/b/c" && : >"$_r/go3"
	_step 4 && ln -s /scratch/t1 "$_r/d/a/b/c" && : >"$_r/go4"
	# Retargeted in place: rename(2) over the old link, as ln -sf does
	# it atomically enough for a guest that is waiting anyway.
	_step 5 && ln -s /scratch/t2 "$_r/d/a/b/c.new" && mv -T "$_r/d/a/b/c.new" "$_r/d/a/b/c" &&
		: >"$_r/go5"
	_step 6 && mv "$_r/d/a" "$_r/d/a0" && ln -s a0 "$_r/d/a" && : >"$_r/go6"
}

tree
host_side "$ROOT" &
hpid=$!
npid=
# The chroot reference runs on a snapshot in $T/n, made when guest starts.
[ "$IT_NATIVE" = 1 ] && { host_side "$T/n${ROOT#"$W"}" & npid=$!; }
guest /bin/probe cat $F stat /scratch/d/a/b/c write /scratch/ready1 x waitfor /scratch/go1 \
	cat $F stat /scratch/d/a/b/c cat /scratch/d/a/old/c/f write /scratch/ready2 x waitfor /scratch/go2 \
	cat $F write /scratch/ready3 x waitfor /scratch/go3 \
	cat $F stat /scratch/d/a/b/c write /scratch/ready4 x waitfor /scratch/go4 \
	cat $F lstat /scratch/d/a/b/c write /scratch/ready5 x waitfor /scratch/go5 \
	cat $F write /scratch/ready6 x waitfor /scratch/go6 \
	cat $F type /scratch/d/a cat /scratch/d/a0/b/c/f
kill $hpid $npid 2>/dev/null
wait
# A waitfor that timed out stays, and fails the check.
only_lookups 'write ' 'waitfor .*: ok$'
expect lookup_after_host_changes "$after_changes"

# ---- a relative lookup from a directory that moved ----------------------
# The dirfd's and the cwd's guest paths come from the kernel each time.
tree
guest /bin/probe chdir /scratch/d/a cat b/c/f rename /scratch/d/a /scratch/d/z cat b/c/f \
	getcwd at /scratch/d/z/b rename /scratch/d/z/b /scratch/d/z/y openat c/f
only_lookups 'rename ' 'chdir ' 'at '
expect lookup_relative_after_move "cat b/c/f: ok f1
cat b/c/f: ok f1
getcwd: ok /scratch/d/z
openat c/f: ok type=file"
