#!/bin/sh
# -R DIR: -r DIR plus the host files and directories that make a guest
# usable (/etc/hosts, /etc/passwd, /dev, /proc, /tmp..., and $HOME).
# -S DIR: the same for a guest that manages its own users, as fake
# root: its own /etc/passwd, no $HOME.
_it_dir_given=${IT_DIR:-}
. "$(dirname "$0")/lib.sh"

# $HOME must lie outside what -R binds anyway (the scratch directory is
# under /tmp): a directory of its own in /var/tmp.
if ! HOMEDIR=$(mktemp -d /var/tmp/burrow-it-home.XXXXXX 2>/dev/null); then
	skip recommended_bindings "needs a writable /var/tmp for a \$HOME outside /tmp"
	exit 0
fi
trap 'rm -rf "$HOMEDIR"; [ -n "$_it_dir_given" ] || rm -rf "$IT_DIR"' EXIT
trap 'exit 130' INT TERM
chmod 0755 "$HOMEDIR"
printf 'home marker\n' >"$HOMEDIR/marker"
chown -R "$IT_UID:$IT_GID" "$HOMEDIR"
# What the guest must see of the host's files: the probe's own view.
host_view() { "$HELPERS/probe" "$@"; }

if [ -e /etc/hosts ] && [ -e /etc/passwd ] && [ -c /dev/null ]; then
	HOME=$HOMEDIR run_burrow -R "$ROOT" /bin/probe cat /etc/hosts cat /etc/passwd type /dev/null \
		cat "$HOMEDIR/marker" cat /etc/hostname getuid
	expect R_binds_host_files_and_home "$(host_view cat /etc/hosts cat /etc/passwd)
type /dev/null: ok chr
cat $HOMEDIR/marker: ok home marker\\n
cat /etc/hostname: ok guest-hostname\\n
getuid: ok $IT_UID"
else
	skip R_binds_host_files_and_home "the host has no /etc/hosts, /etc/passwd or /dev/null"
fi

new_root
HOME=$HOMEDIR run_burrow -S "$ROOT" /bin/probe getuid cat /etc/passwd stat "$HOMEDIR" type /dev/null
expect S_fake_root_own_passwd_no_home "getuid: ok 0
cat /etc/passwd: ok root:x:0:0:root:/root:/bin/sh\\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\\n
stat $HOMEDIR: ENOENT
type /dev/null: ok chr"
