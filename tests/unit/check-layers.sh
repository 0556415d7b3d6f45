#!/bin/sh
# The include graph of src/ against the layers HACKING.md writes down
# (its line "Layers, lowest first:", folders separated by "|").  A file
# and its header are one module (path/bind.c and path/bind.h): an
# include of a module's header by another whose header the first one
# includes again is a cycle.  Fails on any cycle between modules and on
# any include of a higher layer's header.
#
# Exit status: 0 clean, 1 otherwise (each problem printed).
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1

layers=$(sed -n 's/^Layers, lowest first: *//p' HACKING.md)
if [ -z "$layers" ]; then
	echo 'check-layers: no "Layers, lowest first:" line in HACKING.md'
	exit 1
fi

# One line per include: the including file, the included one.
find src -name '*.[ch]' | sort | while read -r f; do
	sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f" | while read -r inc; do
		d=$(dirname "$f")
		if [ -f "$d/$inc" ]; then
			echo "$f $d/$inc"
		elif [ -f "src/$inc" ]; then
			echo "$f src/$inc"
		fi
	done
done | awk -v layers="$layers" '
function module(p) { sub(/^src\//, "", p); sub(/\.[ch]$/, "", p); return p }
function folder(m) { sub(/\/.*/, "", m); return m }
BEGIN {
	n = split(layers, lv, "|")
	for (i = 1; i <= n; i++) {
		k = split(lv[i], fs, " ")
		for (j = 1; j <= k; j++)
			level[fs[j]] = i
	}
	bad = 0
}
{
	a = module($1); b = module($2)
	if (a == b)
		next
	fa = folder(a); fb = folder(b)
	if (!(fa in level) || !(fb in level)) {
		printf "check-layers: %s: folder %s has no layer in HACKING.md\n", \
			$1, (fa in level) ? fb : fa
		bad = 1
		next
	}
	if (level[fb] > level[fa]) {
		printf "check-layers: %s includes %s: %s is below %s\n", $1, $2, fa, fb
		bad = 1
	}
	if (!((a, b) in edge)) {
		edge[a, b] = 1
		out[a] = out[a] " " b
		nodes[a] = nodes[b] = 1
	}
}
function visit(m,    k, i, j, nx, s) {
	state[m] = 1
	stack[++depth] = m
	k = split(out[m], nx, " ")
	for (i = 1; i <= k; i++) {
		if (state[nx[i]] == 1) {
			s = nx[i]
			for (j = depth; j >= 1 && stack[j] != nx[i]; j--)
				s = stack[j] " -> " s
			printf "check-layers: include cycle: %s -> %s\n", nx[i], s
			bad = 1
		} else if (!state[nx[i]])
			visit(nx[i])
	}
	depth--
	state[m] = 2
}
END {
	for (m in nodes)
		if (!state[m])
			visit(m)
	exit bad
}'
