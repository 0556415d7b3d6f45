#!/bin/sh
# Compares the aarch64 column of src/arch/syscalls.tbl with the aarch64
# kernel headers, both ways: every __NR_x of <asm/unistd.h> must be a row
# with that number, and every aarch64 number in the table must be in the
# headers -- except numbers at or above the headers' __NR_syscalls, which
# are newer than the headers and can only be reported.
#
# Exit status: 0 match, 1 mismatch (each printed), 77 headers missing.
# The x86_64 column is checked by the unit test (test_systable.c) instead.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
tbl=${TBL:-$top/src/arch/syscalls.tbl}
inc=${AARCH64_INCLUDE:-/usr/aarch64-linux-gnu/include}

if [ ! -f "$inc/asm/unistd.h" ]; then
	echo "check-aarch64-table: skipped: no $inc/asm/unistd.h" \
		"(apt-get install linux-libc-dev-arm64-cross)"
	exit 77
fi

macros=$(mktemp)
trap 'rm -f "$macros"' EXIT INT TERM

if command -v aarch64-linux-gnu-gcc >/dev/null 2>&1; then
	aarch64-linux-gnu-gcc -E -dM -include asm/unistd.h - </dev/null >"$macros"
else
	cpp -nostdinc -I"$inc" -dM -include asm/unistd.h /dev/null >"$macros"
fi

awk -v tblfile="$tbl" '
# Follow macro aliases (__NR_fstat -> __NR3264_fstat -> 80) to a number.
function resolve(v,    depth) {
	for (depth = 0; depth < 8 && v !~ /^[0-9]+$/; depth++) {
		if (!(v in mac))
			return ""
		v = mac[v]
	}
	return v ~ /^[0-9]+$/ ? v + 0 : ""
}

$1 == "#define" && $2 ~ /^__NR/ && NF >= 3 { mac[$2] = $3 }

END {
	limit = resolve("__NR_syscalls")
	if (limit == "") {
		print "check-aarch64-table: no __NR_syscalls in the headers"
		exit 1
	}
	# Macros that are not syscalls.
	skip["__NR_syscalls"] = skip["__NR_arch_specific_syscall"] = 1

	while ((getline line < tblfile) > 0) {
		lineno++
		sub(/#.*/, "", line)
		if (split(line, f) < 3)
			continue
		row_line[f[1]] = lineno
		if (f[3] == "=")	# shared with x86_64 (424 and up)
			f[3] = f[2]
		if (f[3] != "-")
			tnr[f[1]] = f[3] + 0
	}
	close(tblfile)
	if (lineno == 0) {
		print "check-aarch64-table: cannot read " tblfile
		exit 1
	}

	bad = checked = newer = 0
	for (m in mac) {
		if (m !~ /^__NR_/ || (m in skip))
			continue
		name = substr(m, 6)
		nr = resolve(m)
		if (nr == "") {
			printf "%s: cannot evaluate %s (%s)\n", name, m, mac[m]
			bad++
		} else if (!(name in row_line)) {
			printf "%s: __NR_%s is %d but the table has no such row\n", name, name, nr
			bad++
		} else if (!(name in tnr)) {
			printf "%s:%d: %s: aarch64 column is -, headers say %d\n", tblfile, row_line[name], name, nr
			bad++
		} else if (tnr[name] != nr) {
			printf "%s:%d: %s: aarch64 column is %d, headers say %d\n", tblfile, row_line[name], name, tnr[name], nr
			bad++
		} else
			checked++
		if (nr != "")
			hname[nr] = name
	}
	for (name in tnr) {
		if (("__NR_" name) in mac)
			continue
		if (tnr[name] >= limit) {
			newer++
			continue
		}
		printf "%s:%d: %s: aarch64 number %d is not in the headers%s\n", tblfile, row_line[name], name, tnr[name], \
			(tnr[name] in hname) ? " (they give it to " hname[tnr[name]] ")" : ""
		bad++
	}
	if (bad) {
		printf "check-aarch64-table: %d mismatch(es)\n", bad
		exit 1
	}
	printf "check-aarch64-table: %d aarch64 numbers match the headers; %d newer than their __NR_syscalls (%d) not checked\n", checked, newer, limit
}' "$macros"
