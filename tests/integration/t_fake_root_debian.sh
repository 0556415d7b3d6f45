#!/bin/sh
# The fake-root acceptance: Debian's own package tools in the Debian 12
# minbase (tests/fixtures/debian-rootfs.sh), under -0, run by the test
# user on a copy it owns.  The truth is the same commands as real root in
# a real chroot, on a root-owned copy: dpkg -i of a local .deb whose
# postinst chowns, chmods and makes a device node; apt-get install from a
# local file: repository (apt drops to its _apt sandbox user on the way);
# then, in a later run, what ls -l shows.
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
if ! DEB=$(sh "$here/../fixtures/debian-rootfs.sh" 2>"$T/fixture.err"); then
	skip fake_root_debian_rootfs "$(cat "$T/fixture.err")"
	exit 0
fi
if ! command -v dpkg-deb >/dev/null; then
	skip fake_root_debian_dpkg_deb "needs dpkg-deb on the host to build the test packages"
	exit 0
fi

# Two packages: burrow-test-a for dpkg -i, burrow-test-b in the repository.
mkpkg() {	# NAME OUT
	p=$T/pkg-$1
	mkdir -p "$p/DEBIAN" "$p/usr/bin" "$p/var/lib/$1"
	printf 'Package: %s\nVersion: 1.0\nArchitecture: all\nMaintainer: burrow tests <tests@burrow>\nDescription: fake-root test package\n' \
		"$1" >"$p/DEBIAN/control"
	printf '#!/bin/sh\necho %s runs\n' "$1" >"$p/usr/bin/$1"
	chmod 4755 "$p/usr/bin/$1"
	printf 'data\n' >"$p/var/lib/$1/data"
	cat >"$p/DEBIAN/postinst" <<-EOF
	#!/bin/sh
	set -e
	chown daemon:daemon /var/lib/$1/data
	chown root:tty /var/lib/$1
	chmod 2775 /var/lib/$1
	mknod /var/lib/$1/null c 1 3
	EOF
	chmod 0755 "$p/DEBIAN/postinst"
	dpkg-deb --root-owner-group -Zgzip -b "$p" "$2" >/dev/null
}

# make_tree DIR OWNER: a copy of the minbase with the packages, a local
# repository and apt pointed at it alone.
make_tree() {
	rm -rf "$1"
	# Its contents: where the cache entry is a symlink to a shared one,
	# cp -a "$DEB" would copy the link, and the tests would install into
	# the shared minbase.
	mkdir "$1" && cp -a "$DEB/." "$1" || exit 2
	mkdir -p "$1/srv/repo"
	mkpkg burrow-test-a "$1/tmp/a.deb"
	mkpkg burrow-test-b "$1/srv/repo/b.deb"
	( cd "$1/srv/repo" &&
	  { dpkg-deb -f b.deb; echo "Filename: ./b.deb"; echo "Size: $(stat -c %s b.deb)";
	    echo "SHA256: $(sha256sum b.deb | cut -d' ' -f1)"; echo; } >Packages ) || exit 2
	rm -f "$1/etc/apt/sources.list" "$1"/etc/apt/sources.list.d/*
	echo 'deb [trusted=yes] file:/srv/repo ./' >"$1/etc/apt/sources.list.d/local.list"
	chown -R "$2" "$1"
}

REPORT='for f in /usr/bin/burrow-test-a /usr/bin/burrow-test-b /var/lib/burrow-test-a \
	/var/lib/burrow-test-a/data /var/lib/burrow-test-a/null /var/lib/burrow-test-b/null; do
	stat -c "%A %U %G %t:%T %n" "$f"; done
dpkg-query -W -f "\${Package} \${Status}\n" burrow-test-a burrow-test-b
burrow-test-a; burrow-test-b'
INSTALL='id
export PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive
dpkg -i /tmp/a.deb >/tmp/dpkg.log 2>&1; echo "dpkg -i: $?"
apt-get update >/tmp/apt.log 2>&1; echo "apt-get update: $?"
apt-get install -y burrow-test-b >>/tmp/apt.log 2>&1; echo "apt-get install: $?"
'"$REPORT"

# fr_run NAME CMD: burrow -0 on the test user's copy, and as root, real
# root on its own root-owned copy.
fr_run() {
	# shellcheck disable=SC2086
	{ $IT_AS "$BURROW" -0 -r "$B" -b /proc /bin/sh -c "$2" </dev/null 2>"$T/err"; echo $? >"$T/status"; } | cat >"$T/out"
	STATUS=$(cat "$T/status") NATIVE_RAN=0
	[ "$IT_NATIVE" = 1 ] || return 0
	# shellcheck disable=SC2016
	{ unshare -m sh -c 'mount --make-rprivate / && mount --bind /proc "$1/proc" &&
		exec chroot "$1" /bin/sh -c "$2"' sh "$N" "$2" </dev/null 2>"$T/nerr"; echo $? >"$T/nstatus"; } |
		cat >"$T/nout"
	NOUT=$T/nout NERR=$T/nerr NSTATUS=$(cat "$T/nstatus") NATIVE_RAN=1
}

B=$T/burrow-tree N=$T/native-tree
make_tree "$B" "$IT_UID:$IT_GID"
[ "$IT_NATIVE" != 1 ] || make_tree "$N" 0:0

fr_run install "$INSTALL"
if [ "$IT_NATIVE" = 1 ]; then
	expect_same_as_chroot fake_root_dpkg_and_apt_install
else
	expect fake_root_dpkg_and_apt_install "uid=0(root) gid=0(root) groups=0(root)
dpkg -i: 0
apt-get update: 0
apt-get install: 0
-rwsr-xr-x root root 0:0 /usr/bin/burrow-test-a
-rwsr-xr-x root root 0:0 /usr/bin/burrow-test-b
drwxrwsr-x root tty 0:0 /var/lib/burrow-test-a
-rw-r--r-- daemon daemon 0:0 /var/lib/burrow-test-a/data
crw-r--r-- root root 1:3 /var/lib/burrow-test-a/null
crw-r--r-- root root 1:3 /var/lib/burrow-test-b/null
burrow-test-a install ok installed
burrow-test-b install ok installed
burrow-test-a runs
burrow-test-b runs"
fi
[ "$STATUS" = 0 ] || { _it_show dpkg "$B/tmp/dpkg.log"; _it_show apt "$B/tmp/apt.log"; }

# A later run: what dpkg set is still there, for ls -l too.
fr_run later "$REPORT; ls -l /var/lib/burrow-test-a | sed 1d | cut -d' ' -f1,3,4,5,6"
expect_same_as_chroot fake_root_dpkg_owners_persist

# Removing the package forgets what it had set.
fr_run remove 'export PATH=/usr/sbin:/usr/bin:/sbin:/bin; rm /var/lib/burrow-test-a/null;
	dpkg --purge burrow-test-a >/dev/null 2>&1; echo "dpkg --purge: $?"
	ls /var/lib/burrow-test-a 2>&1 | sed "s/^ls: //"; mkdir /var/lib/burrow-test-a;
	stat -c "%A %U %G" /var/lib/burrow-test-a'
expect_same_as_chroot fake_root_dpkg_purge
