# report.awk: turn bench.sh's measurements into the table and the JSON.
#   awk -f report.awk -v json=OUT -v logs=DIR ENV META SAMPLES FLOOR EXTRA
# ENV: "key<TAB>value" lines; META: "workload<TAB>kind<TAB>description" in
# table order; SAMPLES: "workload<TAB>runner<TAB>round<TAB>value<TAB>status"
# (value in ns, or ns/op for kind micro; status "n/a" when the runner
# cannot run the workload); FLOOR: the output of ./floor; EXTRA (may be
# empty): "traps<TAB>workload<TAB>N", burrow's trapped calls in one run
# (the ptrace engine's: the in-guest one, runner burrow-guest, has no
# --report), and "na<TAB>workload<TAB>runner<TAB>why".
# A run that exited with a status from 1 to 127 ran to its end and its time
# is kept, flagged; one killed by a signal (128+N) or that printed no
# result is left out.  Medians are over the rounds kept; a ratio is the
# median of the per-round ratios, over the rounds where both runners
# exited 0 (a run that failed early would make a meaningless ratio).
# Plain POSIX awk (Debian's default is mawk).

BEGIN { FS = "\t" }
FNR == 1 { file++ }
file == 1 { env[$1] = $2; next }
file == 2 { order[++nw] = $1; kind[$1] = $2; desc[$1] = $3; next }
file == 3 {
	key = $1 SUBSEP $2 SUBSEP $3
	val[key] = $4; st[key] = $5
	if ($3 > nround) nround = $3
	next
}
file == 4 {
	floor_text = floor_text $0 "\n"
	if ($0 ~ /µs/) {
		n = split($0, f, " ")
		floor_val[++nfloor] = f[n - 1]
	}
	if ($0 ~ /stops,/) { split($0, f, ","); split(f[2], g, " "); floor_stops = g[1] + 0 }
	next
}
file == 5 && $1 == "traps" { traps[$2] = $3; next }
file == 5 && $1 == "na" { na[$2, $3] = $4; next }

function usable(k) { return (k in st) && st[k] ~ /^[0-9]+$/ && st[k] < 128 }
function median(a, n,    i, j, t) {
	if (n == 0) return ""
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
# Median of workload w under runner r, with the number of failed rounds in fails[w, r].
function med(w, r,    i, n, a, k) {
	n = 0; fails[w, r] = 0
	for (i = 1; i <= nround; i++) {
		k = w SUBSEP r SUBSEP i
		if (usable(k)) a[++n] = val[k] + 0
		if ((k in st) && st[k] != "0" && st[k] != "n/a") fails[w, r]++
	}
	return median(a, n)
}
function ratio(w, x, y,    i, n, a, kx, ky) {
	n = 0
	for (i = 1; i <= nround; i++) {
		kx = w SUBSEP x SUBSEP i; ky = w SUBSEP y SUBSEP i
		if (st[kx] == "0" && st[ky] == "0" && val[ky] > 0) a[++n] = val[kx] / val[ky]
	}
	return median(a, n)
}
function sig3(v) { return v >= 100 ? sprintf("%.0f", v) : v >= 10 ? sprintf("%.1f", v) : sprintf("%.2f", v) }
function human(ns) {
	if (ns == "") return "-"
	if (ns >= 1e9) return sig3(ns / 1e9) " s"
	if (ns >= 1e6) return sig3(ns / 1e6) " ms"
	if (ns >= 1e3) return sig3(ns / 1e3) " us"
	return sig3(ns) " ns"
}
function cell(w, r,    m) {
	if (!has[r]) return ""
	if ((w, r) in na) return "n/a"
	m = med(w, r)
	if (m == "") return "FAIL"
	return human(m) (fails[w, r] ? "!" : "")
}
function rcell(w, x, y,    m) {
	if (!has[x] || !has[y]) return ""
	if ((w, x) in na || (w, y) in na) return "n/a"
	m = ratio(w, x, y)
	return m == "" ? "-" : sprintf("%.2fx", m)
}
function jstr(s) {
	gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); gsub(/\t/, " ", s)
	return "\"" s "\""
}
function jnum(v) { return v == "" ? "null" : v >= 1000 ? sprintf("%.0f", v) : sprintf("%.4g", v) }
function jstatus(s) { return s ~ /^[0-9]+$/ ? s : jstr(s) }

END {
	nr = split(env["runners"], runner, " ")
	for (i = 1; i <= nr; i++) has[runner[i]] = 1

	printf "\nburrow benchmarks, %s, %s, kernel %s, %s\n", env["date"], env["host"], env["kernel"], env["cpu"]
	native = env["native"] == "chroot" ? "chroot into the rootfs" : "the HOST (not root: no chroot)"
	printf "%s; proot %s; fakechroot %s; native = %s; %d round(s), medians; ratios are medians of per-round ratios\n\n",
		env["burrow"], env["proot"], env["fakechroot"], native, nround
	printf "%-14s %11s %11s %12s %11s %11s %12s\n", "workload", "native", "burrow", "burrow-guest",
		"proot", "fakechroot", "burrow traps"
	for (i = 1; i <= nw; i++) {
		w = order[i]
		printf "%-14s %11s %11s %12s %11s %11s %12s\n", w, cell(w, "native"), cell(w, "burrow"),
			cell(w, "burrow-guest"), cell(w, "proot"), cell(w, "fakechroot"), (w in traps) ? traps[w] : "-"
	}
	printf "\n%-14s %14s %13s %18s %13s %18s\n", "workload", "burrow/native", "proot/native",
		"fakechroot/native", "burrow/proot", "burrow/fakechroot"
	for (i = 1; i <= nw; i++) {
		w = order[i]
		printf "%-14s %14s %13s %18s %13s %18s\n", w, rcell(w, "burrow", "native"),
			rcell(w, "proot", "native"), rcell(w, "fakechroot", "native"),
			rcell(w, "burrow", "proot"), rcell(w, "burrow", "fakechroot")
	}
	if (has["burrow-guest"]) {
		printf "\n%-14s %20s %20s %24s\n", "workload", "burrow-guest/native", "burrow-guest/burrow",
			"burrow-guest/fakechroot"
		for (i = 1; i <= nw; i++) {
			w = order[i]
			printf "%-14s %20s %20s %24s\n", w, rcell(w, "burrow-guest", "native"),
				rcell(w, "burrow-guest", "burrow"), rcell(w, "burrow-guest", "fakechroot")
		}
	}
	print "\n! = exited non-zero in some round (time shown, left out of the ratios);",
		"FAIL = killed by a signal or no result in every round"
	print "burrow traps = the times burrow stopped the guest in one more run, untimed, under --report"
	if (has["burrow-guest"])
		print "burrow-guest = the same burrow, --engine=guest (experimental, no ptrace; it refuses --report: no trap count)"
	for (j = 1; j <= nr; j++) {
		why = ""; list = ""
		for (i = 1; i <= nw; i++)
			if ((order[i], runner[j]) in na) {
				list = list (list == "" ? "" : ", ") order[i]
				why = na[order[i], runner[j]]
			}
		if (list != "") printf "n/a = not run under %s (%s): %s\n", runner[j], list, why
	}
	print "micro rows (stat, getppid, spawn) are per operation, startup is per launch"
	for (i = 1; i <= nw; i++) printf "  %-14s %s\n", order[i], desc[order[i]]
	for (i = 1; i <= nw; i++)
		for (j = 1; j <= nr; j++)
			if (fails[order[i], runner[j]])
				printf "FAILED: %s under %s, %d of %d round(s); status %s (log: %s/%s.%s.r*.log)\n",
					order[i], runner[j], fails[order[i], runner[j]], nround,
					laststatus(order[i], runner[j]), logs, order[i], runner[j]

	printf "\n%s", floor_text
	bs = med("stat", "burrow"); ns = med("stat", "native"); ps = med("stat", "proot")
	bg = med("getppid", "burrow"); ng = med("getppid", "native"); pg = med("getppid", "proot")
	gs = med("stat", "burrow-guest"); gg = med("getppid", "burrow-guest")
	if (bs != "" && ns != "")
		printf "  %-56s %8.3f µs\n", "burrow: translated stat, minus native", (bs - ns) / 1000
	if (bg != "" && ng != "")
		printf "  %-56s %8.3f µs\n", "burrow: untranslated getppid, minus native", (bg - ng) / 1000
	if (gs != "" && ns != "")
		printf "  %-56s %8.3f µs\n", "burrow-guest: translated stat, minus native", (gs - ns) / 1000
	if (gg != "" && ng != "")
		printf "  %-56s %8.3f µs\n", "burrow-guest: untranslated getppid, minus native", (gg - ng) / 1000
	if (ps != "" && ns != "")
		printf "  %-56s %8.3f µs\n", "proot: stat, minus native", (ps - ns) / 1000
	if (pg != "" && ng != "")
		printf "  %-56s %8.3f µs\n", "proot: getppid, minus native", (pg - ng) / 1000

	# ---- JSON ----
	o = json
	printf "{\n" >o
	split("date host kernel cpu burrow proot fakechroot native rootfs", keys, " ")
	for (i = 1; i in keys; i++) printf "  %s: %s,\n", jstr(keys[i]), jstr(env[keys[i]]) >o
	printf "  \"rounds\": %d,\n  \"quick\": %s,\n  \"runners\": [", nround, env["quick"] == "0" ? "false" : "true" >o
	for (j = 1; j <= nr; j++) printf "%s%s", (j > 1 ? ", " : ""), jstr(runner[j]) >o
	printf "],\n  \"workloads\": [\n" >o
	for (i = 1; i <= nw; i++) {
		w = order[i]
		printf "    {\"name\": %s, \"kind\": %s, \"unit\": %s, \"description\": %s,\n", jstr(w), jstr(kind[w]),
			kind[w] == "micro" ? "\"ns/op\"" : kind[w] == "startup" ? "\"ns/launch\"" : "\"ns\"", jstr(desc[w]) >o
		for (part = 1; part <= 2; part++) {
			printf "     %s: {", part == 1 ? "\"samples\"" : "\"status\"" >o
			for (j = 1; j <= nr; j++) {
				printf "%s%s: [", (j > 1 ? ", " : ""), jstr(runner[j]) >o
				for (k = 1; k <= nround; k++) {
					key = w SUBSEP runner[j] SUBSEP k
					v = part == 2 ? jstatus(st[key]) : usable(key) ? jnum(val[key]) : "null"
					printf "%s%s", (k > 1 ? ", " : ""), v >o
				}
				printf "]" >o
			}
			printf "},\n" >o
		}
		printf "     \"median\": {" >o
		for (j = 1; j <= nr; j++) printf "%s%s: %s", (j > 1 ? ", " : ""), jstr(runner[j]), jnum(med(w, runner[j])) >o
		printf "},\n     \"ratio\": {" >o
		sep = ""
		for (j = 2; j <= nr; j++) {
			printf "%s%s: %s", sep, jstr(runner[j] "/native"), jnum(ratio(w, runner[j], "native")) >o
			sep = ", "
		}
		if (has["burrow"] && has["proot"]) printf ", \"burrow/proot\": %s", jnum(ratio(w, "burrow", "proot")) >o
		if (has["burrow"] && has["fakechroot"])
			printf ", \"burrow/fakechroot\": %s", jnum(ratio(w, "burrow", "fakechroot")) >o
		if (has["burrow-guest"] && has["burrow"])
			printf ", \"burrow-guest/burrow\": %s", jnum(ratio(w, "burrow-guest", "burrow")) >o
		if (has["burrow-guest"] && has["fakechroot"])
			printf ", \"burrow-guest/fakechroot\": %s", jnum(ratio(w, "burrow-guest", "fakechroot")) >o
		printf "},\n     \"burrow_traps\": %s", (w in traps) ? traps[w] : "null" >o
		sep = ""
		printf ", \"not_run\": {" >o
		for (j = 1; j <= nr; j++)
			if ((w, runner[j]) in na) {
				printf "%s%s: %s", sep, jstr(runner[j]), jstr(na[w, runner[j]]) >o
				sep = ", "
			}
		printf "}}%s\n", (i < nw ? "," : "") >o
	}
	printf "  ],\n  \"floor_us_per_stop\": {\"stops\": %d, \"untraced_getppid_us\": %s, \"cont_unpinned\": %s, \"full_unpinned\": %s, \"cont_pinned\": %s, \"full_pinned\": %s, \"cont_polling\": %s, \"full_polling\": %s}\n}\n",
		floor_stops, jnum(floor_val[1]), jnum(floor_val[2]), jnum(floor_val[3]), jnum(floor_val[4]), jnum(floor_val[5]), jnum(floor_val[6]), jnum(floor_val[7]) >o
	close(o)
}
function laststatus(w, r,    i, k, s) {
	for (i = 1; i <= nround; i++) {
		k = w SUBSEP r SUBSEP i
		if ((k in st) && st[k] != "0") s = st[k]
	}
	return s
}
