#!/bin/sh
# hotset: which calls burrow traps, per workload, from `--report`'s
# "trapped N times" lines: the data that chooses the in-guest engine's
# hot set (HACKING.md "The in-guest engine").
#
#   sh benchmarks/hotset.sh [BURROW]
#
# Runs in the cached debian-bookworm-devel rootfs (gcc, make), with a
# scratch directory bound at /tmp: ls -lR /usr/share, find /usr -name
# '*.h', an autoconf ./configure (generated first by the autoconf of the
# cached MPI rootfs from a configure.ac of 40 header and 60 function
# checks), a make of tests/helpers/*.c with gcc -O2, 500 fork+exec of
# /bin/true, a python3 import storm, and a tar of /usr/include piped into
# tar x.  Prints, per workload, the trapped calls that make up 99% of its
# traps.
set -eu
BURROW=${1:-./burrow}
CACHE=${BURROW_TEST_CACHE:-/var/cache/burrow-tests}
R=$CACHE/debian-bookworm-devel
M=$CACHE/debian-bookworm-mpi
for d in "$R" "$M/usr/bin/autoconf"; do
	[ -e "$d" ] || { echo "hotset: $d: missing (make fixtures)" >&2; exit 1; }
done
W=$(mktemp -d "${TMPDIR:-/tmp}/hotset.XXXXXX")
trap '[ -n "${HOTSET_KEEP:-}" ] || rm -rf "$W"' EXIT
mkdir -p "$W/tmp/conf" "$W/tmp/build"
cp "$(dirname "$0")"/../tests/helpers/*.[ch] "$W/tmp/build/"
printf '%s\n' 'all: $(patsubst %.c,%.o,$(wildcard *.c))' \
	'%.o: %.c' '	gcc -O2 -Wall -D_GNU_SOURCE -c -o $@ $<' >"$W/tmp/build/Makefile"
{
	echo 'AC_INIT([hotset], [1])'
	echo 'AC_PROG_CC'
	echo 'AC_CHECK_HEADERS([stdio.h stdlib.h string.h strings.h unistd.h fcntl.h errno.h limits.h'
	echo '  signal.h time.h sys/time.h sys/types.h sys/stat.h sys/wait.h sys/mman.h sys/socket.h'
	echo '  sys/select.h sys/ioctl.h sys/param.h sys/resource.h sys/uio.h sys/un.h netinet/in.h'
	echo '  arpa/inet.h netdb.h poll.h pthread.h dirent.h dlfcn.h locale.h langinfo.h wchar.h'
	echo '  wctype.h iconv.h termios.h pwd.h grp.h syslog.h utime.h stdint.h inttypes.h nope.h])'
	echo 'AC_CHECK_FUNCS([malloc realloc memcpy memmove strdup strndup strnlen strchr strrchr'
	echo '  strstr strtol strtoul strtoll strtoull snprintf vsnprintf asprintf getline getdelim'
	echo '  open openat close read write pread pwrite lseek fstat lstat stat fstatat readlink'
	echo '  symlink link unlink rename mkdir rmdir chdir fchdir getcwd opendir readdir closedir'
	echo '  fork execve waitpid pipe dup dup2 poll select socket bind connect mmap munmap'
	echo '  sigaction setlocale nl_langinfo iconv_open clock_gettime gettimeofday nope_fn])'
	echo 'AC_CHECK_SIZEOF([long])'
	echo 'AC_CHECK_SIZEOF([off_t])'
	echo 'AC_OUTPUT'
} >"$W/tmp/conf/configure.ac"
"$BURROW" -r "$M" -b "$W/tmp:/tmp" -w /tmp/conf autoconf >/dev/null 2>"$W/autoconf.err" || {
	echo "hotset: autoconf failed:" >&2; tail -n 5 "$W/autoconf.err" >&2; exit 1; }

run() {
	name=$1; shift
	"$BURROW" --report -r "$R" -b "$W/tmp:/tmp" -w / /bin/sh -c "$*" \
		>/dev/null 2>"$W/$name.err" || {
		echo "hotset: $name failed:" >&2; tail -n 5 "$W/$name.err" >&2; exit 1; }
	sed -n 's/^burrow: report: \([a-z0-9_]*\) ([0-9]*) trapped \([0-9]*\) times$/\2 \1/p' \
		"$W/$name.err" | sort -rn | awk -v name="$name" '
		{ n[NR] = $1; c[NR] = $2; t += $1 }
		END {
			printf "%s: %d traps\n", name, t
			for (i = 1; i <= NR && s < 0.99 * t; i++) {
				s += n[i]
				printf "  %-16s %9d  %5.1f%%\n", c[i], n[i], 100 * n[i] / t
			}
		}'
}

run ls-lR 'ls -lR /usr/share'
run find "find /usr -name '*.h'"
run configure 'cd /tmp/conf && ./configure'
run gcc-build 'cd /tmp/build && make'
run fork-exec 'i=0; while [ $i -lt 500 ]; do /bin/true; i=$((i + 1)); done'
run python-import 'python3 -c "import json, email.parser, http.client, xml.dom.minidom, asyncio, decimal, unittest, argparse, logging"'
run tar-x 'mkdir /tmp/x && tar cf - -C /usr include | tar xf - -C /tmp/x'
