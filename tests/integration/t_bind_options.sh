#!/bin/sh
# -b as PRoot reads it: relative paths, a missing host path, and
# "-b HOST:/" as another way to say "-r HOST".
. "$(dirname "$0")/lib.sh"
new_root

mkdir -p "$HOSTD/d"
printf 'host d\n' >"$HOSTD/d/f"
[ "$IT_UID" = 0 ] || chown -R "$IT_UID:$IT_GID" "$HOSTD"

# Relative host and guest paths are relative to the current directory.
cd "$HOSTD" || exit 2
run_burrow -r "$ROOT" -b d:/mnt/x /bin/probe cat /mnt/x/f
expect bind_relative_host "cat /mnt/x/f: ok host d\\n"
run_burrow -r "$ROOT" -b d /bin/probe cat "$HOSTD/d/f"
expect bind_relative_host_same_guest "cat $HOSTD/d/f: ok host d\\n"
run_burrow -r "$ROOT" -b "$HOSTD/d:rel" /bin/probe cat "$HOSTD/rel/f"
expect bind_relative_guest "cat $HOSTD/rel/f: ok host d\\n"
run_burrow -r "$ROOT" -b . /bin/probe cat "$HOSTD/d/f"
expect bind_dot "cat $HOSTD/d/f: ok host d\\n"
cd "$T" || exit 2

# A missing host path: one warning, and the run goes on without it.
run_burrow -r "$ROOT" -b "$T/no/such/host:/mnt/x" -b "$HOSTD/d:/mnt/other" \
	/bin/probe ls /mnt/x cat /mnt/other/f
expect bind_missing_host_skipped "ls /mnt/x: ok
cat /mnt/other/f: ok host d\\n"
if [ "$(wc -l <"$ERR")" = 1 ] && grep -q "^burrow: warning: .*$T/no/such/host" "$ERR"; then
	pass bind_missing_host_warns_once
else
	fail bind_missing_host_warns_once "expected one warning naming $T/no/such/host"
	_it_show stderr "$ERR"
fi
# A missing -r is still an error.
run_burrow -r "$T/no/such/rootfs" /bin/probe echo hi
expect_error missing_rootfs_still_an_error 125 "$T/no/such/rootfs"

# -b HOST:/ is -r HOST; the last one given wins.
ROOT2=$W/root2
mkdir -p "$ROOT2/bin" "$ROOT2/etc"
cp "$HELPERS/probe" "$ROOT2/bin/"
printf 'second-root\n' >"$ROOT2/etc/hostname"
run_burrow -r "$ROOT" -b "$ROOT2:/" /bin/probe cat /etc/hostname
expect bind_to_root_after_r_wins "cat /etc/hostname: ok second-root\\n"
run_burrow -b "$ROOT2:/" -r "$ROOT" /bin/probe cat /etc/hostname
expect r_after_bind_to_root_wins "cat /etc/hostname: ok guest-hostname\\n"
run_burrow -b "$ROOT2:/" /bin/probe cat /etc/hostname
expect bind_to_root_alone_is_rootfs "cat /etc/hostname: ok second-root\\n"
