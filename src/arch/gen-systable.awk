# Turns src/arch/syscalls.tbl into the C syscall table (see systable.h):
#
#   awk -v out=build/gen -f src/arch/gen-systable.awk src/arch/syscalls.tbl
#
# writes out/systable-gen.h (enum sc and SC_NR_LIMIT), out/systable.c
# (sc_desc[], the per-arch number columns and their reverse maps) and
# out/systable-check.h (one CHECK_NR(SC_x, __NR_x) per row, for the unit
# test).
#
# Any malformed row stops it with "file:line: message" and exit status 1,
# before a single file is written.  Plain POSIX awk: no gawk extensions.

function fail(msg) {
	printf "%s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
	failed = 1
	exit 1
}

# A number column: "-" or a decimal below NR_LIMIT.
function nr_field(s, arch) {
	if (s == "-")
		return -1
	if (s !~ /^(0|[1-9][0-9]*)$/)
		fail("bad " arch " number '" s "' (want a decimal or -)")
	if (s + 0 >= NR_LIMIT)
		fail(arch " number " s " is not below SC_NR_LIMIT (" NR_LIMIT ")")
	return s + 0
}

BEGIN {
	NR_LIMIT = 1024		# the reverse maps' size: SC_NR_LIMIT in C
	SHARED_FROM = 424	# from here on every arch has the same numbers
	MAX_ARGS = 6
	MAX_PATHS = 2		# struct sc_desc has path[2]
	if (out == "") {
		print "gen-systable.awk: run with -v out=DIR" > "/dev/stderr"
		failed = 1
		exit 1
	}
	n = 0
}

{
	sub(/#.*/, "")
	if ($0 ~ /^[ \t]*$/)
		next
	if (NF < 3)
		fail("want 'name x86_64 aarch64 [roles]', got " NF " field(s)")

	name = $1
	if (name !~ /^[A-Za-z_][A-Za-z0-9_]*$/)
		fail("bad syscall name '" name "'")
	if (name in row_of)
		fail("duplicate name '" name "' (first on line " line_of[name] ")")

	x = nr_field($2, "x86_64")
	if ($3 == "=") {
		if (x < SHARED_FROM)
			fail(name ": '=' is for the numbers every arch shares (" SHARED_FROM " and up)")
		a = x
	} else {
		a = nr_field($3, "aarch64")
		if (a >= SHARED_FROM && a == x)
			fail(name ": " x " is shared by every arch: write '=' in the aarch64 column")
	}
	if (x < 0 && a < 0)
		fail(name ": no number on any arch")
	if (x >= 0) {
		if (x in x_owner)
			fail(name ": x86_64 number " x " already used by " x_owner[x])
		x_owner[x] = name
	}
	if (a >= 0) {
		if (a in a_owner)
			fail(name ": aarch64 number " a " already used by " a_owner[a])
		a_owner[a] = name
	}

	np = 0
	pending_dirfd = -1
	atflags = linkflags = oflags = flagbits = -1
	nofollow_bits = empty_bits = "0"
	split("", seen_arg)
	for (i = 4; i <= NF; i++) {
		role = $i
		if (role ~ /^flagbits=[0-9]+:0x[0-9a-f]+:0x[0-9a-f]+$/) {
			# flagbits=N:NOFOLLOW:EMPTY (hex masks)
			split(substr(role, 10), fb, ":")
			role = "flagbits=" fb[1]
			nofollow_bits = fb[2]
			empty_bits = fb[3]
		}
		if (role !~ /^[a-z]+=[0-9]+$/)
			fail(name ": malformed role '" role "' (want kind=N)")
		eq = index(role, "=")
		kind = substr(role, 1, eq - 1)
		pos = substr(role, eq + 1) + 0
		if (kind != "path" && kind != "lpath" && kind != "dirfd" &&
		    kind != "atflags" && kind != "linkflags" && kind != "oflags" &&
		    kind != "flagbits")
			fail(name ": unknown role '" kind "' (flagbits wants N:0xNOFOLLOW:0xEMPTY)")
		if (pos < 1 || pos > MAX_ARGS)
			fail(name ": " kind "=" pos ": position outside 1.." MAX_ARGS)
		if (pos in seen_arg)
			fail(name ": argument " pos " has two roles")
		seen_arg[pos] = 1
		idx = pos - 1	# C side is 0-based

		if (kind == "dirfd") {
			if (pending_dirfd >= 0)
				fail(name ": dirfd=" pending_dirfd + 1 " has no path/lpath after it")
			pending_dirfd = idx
		} else if (kind == "path" || kind == "lpath") {
			if (np >= MAX_PATHS)
				fail(name ": more than " MAX_PATHS " path roles")
			p_arg[n, np] = idx
			p_dirfd[n, np] = pending_dirfd
			p_nofollow[n, np] = (kind == "lpath")
			np++
			pending_dirfd = -1
		} else {
			if (kind == "atflags") {
				if (atflags >= 0) fail(name ": two atflags roles")
				atflags = idx
			} else if (kind == "linkflags") {
				if (linkflags >= 0) fail(name ": two linkflags roles")
				linkflags = idx
			} else if (kind == "flagbits") {
				if (flagbits >= 0) fail(name ": two flagbits roles")
				flagbits = idx
			} else {
				if (oflags >= 0) fail(name ": two oflags roles")
				oflags = idx
			}
		}
	}
	if (pending_dirfd >= 0)
		fail(name ": dirfd=" pending_dirfd + 1 " has no path/lpath after it")
	if ((atflags >= 0 || linkflags >= 0 || oflags >= 0 || flagbits >= 0) && np == 0)
		fail(name ": flag role without a path role")

	names[n] = name
	row_of[name] = n
	line_of[name] = FNR
	nr_x[n] = x
	nr_a[n] = a
	npaths[n] = np
	at_of[n] = atflags
	link_of[n] = linkflags
	o_of[n] = oflags
	fb_of[n] = flagbits
	fb_nofollow[n] = nofollow_bits
	fb_empty[n] = empty_bits
	n++
}

function path_init(r, k) {
	if (k >= npaths[r])
		return "{ -1, -1, 0 }"
	return "{ " p_arg[r, k] ", " p_dirfd[r, k] ", " p_nofollow[r, k] " }"
}

function nr_column(file, cname, col,    r, v) {
	printf "const int %s[SC_COUNT] = {\n", cname > file
	for (r = 0; r < n; r++) {
		if (col == "x")
			v = nr_x[r]
		else
			v = nr_a[r]
		printf "\t[SC_%s] = %s,\n", names[r], (v < 0 ? "SC_NONE" : v) > file
	}
	print "};\n" > file
}

# Reverse map: every slot written exactly once (gaps as ranges), so the
# file needs neither 1024 literal entries nor -Woverride-init games.
function reverse_map(file, cname, owner,    i, start) {
	printf "const int16_t %s[SC_NR_LIMIT] = {\n", cname > file
	i = 0
	while (i < NR_LIMIT) {
		if (i in owner) {
			printf "\t[%d] = SC_%s,\n", i, owner[i] > file
			i++
			continue
		}
		start = i
		while (i < NR_LIMIT && !(i in owner))
			i++
		if (i - 1 == start)
			printf "\t[%d] = SC_NONE,\n", start > file
		else
			printf "\t[%d ... %d] = SC_NONE,\n", start, i - 1 > file
	}
	print "};\n" > file
}

END {
	if (failed)
		exit 1
	if (n == 0) {
		printf "%s: no syscalls\n", FILENAME > "/dev/stderr"
		exit 1
	}
	banner = "/* Generated from src/arch/syscalls.tbl by src/arch/gen-systable.awk.\n * Do not edit: edit the table. */"

	h = out "/systable-gen.h"
	print banner > h
	print "#ifndef BURROW_SYSTABLE_GEN_H" > h
	print "#define BURROW_SYSTABLE_GEN_H\n" > h
	print "/* Upper bound (exclusive) of syscall numbers on every supported arch. */" > h
	printf "#define SC_NR_LIMIT %d\n\n", NR_LIMIT > h
	print "enum sc {" > h
	for (r = 0; r < n; r++)
		printf "\tSC_%s,\n", names[r] > h
	print "\tSC_COUNT\n};\n" > h
	print "#endif" > h
	close(h)

	c = out "/systable.c"
	print banner > c
	print "#include \"systable.h\"\n" > c
	print "const struct sc_desc sc_desc[SC_COUNT] = {" > c
	for (r = 0; r < n; r++) {
		printf "\t[SC_%s] = { .name = \"%s\", .npaths = %d,\n", \
		    names[r], names[r], npaths[r] > c
		printf "\t\t.path = { %s, %s },\n", path_init(r, 0), path_init(r, 1) > c
		printf "\t\t.atflags = %d, .linkflags = %d, .oflags = %d,\n", \
		    at_of[r], link_of[r], o_of[r] > c
		printf "\t\t.flagbits = %d, .nofollow_bits = %s, .empty_bits = %s },\n", \
		    fb_of[r], fb_nofollow[r], fb_empty[r] > c
	}
	print "};\n" > c
	nr_column(c, "sc_nr_x86_64", "x")
	nr_column(c, "sc_nr_aarch64", "a")
	reverse_map(c, "sc_by_nr_x86_64", x_owner)
	reverse_map(c, "sc_by_nr_aarch64", a_owner)
	close(c)

	k = out "/systable-check.h"
	print banner > k
	print "/* CHECK_NR(sc, nr) for every syscall the including header set knows. */" > k
	for (r = 0; r < n; r++)
		printf "#ifdef __NR_%s\nCHECK_NR(SC_%s, __NR_%s)\n#endif\n", names[r], names[r], names[r] > k
	close(k)
}
