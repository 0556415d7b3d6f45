#!/bin/sh
# make install puts the binary and the man page under PREFIX; make
# install-proot-alias adds "proot", which behaves as burrow does, so job
# scripts written for PRoot keep working.
. "$(dirname "$0")/lib.sh"
new_root

top=$(cd "$IT_LIB/../.." && pwd)
prefix=$T/prefix
if command -v make >/dev/null && [ -f "$top/GNUmakefile" ]; then
	if ! make -s -C "$top" install-proot-alias PREFIX="$prefix" >"$T/make.log" 2>&1; then
		fail make_install_proot_alias "make install-proot-alias failed"
		_it_show make "$T/make.log"
		exit 0
	fi
	assert install_puts_binary "no executable $prefix/bin/burrow" test -x "$prefix/bin/burrow"
	assert install_puts_man_page "no $prefix/share/man/man1/burrow.1" test -s "$prefix/share/man/man1/burrow.1"
	assert proot_alias_is_burrow "proot does not point at burrow" \
		sh -c "[ \"\$(readlink '$prefix/bin/proot')\" = burrow ]"
else
	# A machine that only runs the tests (the arm64 VM of make
	# check-aarch64) has no make and no source tree to install from;
	# the alias itself is what make install-proot-alias makes.
	skip_machine make_install "needs make and the source tree"
	mkdir -p "$prefix/bin" && cp "$BURROW" "$prefix/bin/burrow" && ln -s burrow "$prefix/bin/proot" || exit 2
fi

# Called as proot: the same command line, the same behaviour.
chmod -R a+rX "$prefix"
BURROW=$prefix/bin/proot run_burrow -r "$ROOT" -w /etc /bin/probe getcwd cat /etc/hostname
expect proot_alias_runs_guest "getcwd: ok /etc
cat /etc/hostname: ok guest-hostname\\n"
BURROW=$prefix/bin/proot run_burrow -r "$ROOT" /bin/exitwith 42
expect proot_alias_exit_status "" 42
