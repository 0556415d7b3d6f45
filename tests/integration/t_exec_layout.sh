#!/bin/sh
# Where burrow's loader puts programs, as the kernel would: PIEs at a
# randomised base (a fixed one under setarch -R, the kernel's own), a
# static-pie where mmap chooses; /proc/self/cmdline untouched; setuid
# and setgid bits ignored, as for any unprivileged user.
. "$(dirname "$0")/lib.sh"
new_root

# The PIE and static-pie builds of tests/helpers/layout.c (the static one
# is a helper), from tests/fixtures/exec-progs.sh.
here=$(cd "$(dirname "$0")" && pwd)
if ! P=$(sh "$here/../fixtures/exec-progs.sh" 2>"$T/fixture.err"); then
	skip exec_layout "$(cat "$T/fixture.err")"
	exit 0
fi
# ADDR_NO_RANDOMIZE: util-linux's setarch -R, or the linux64 -R that both
# util-linux and busybox (the arm64 test VM's) have.
if command -v setarch >/dev/null && setarch -R true 2>/dev/null; then
	NORAND="setarch -R"
elif command -v linux64 >/dev/null && linux64 -R true 2>/dev/null; then
	NORAND="linux64 -R"
else
	skip exec_layout "needs setarch -R or linux64 -R (util-linux)"
	exit 0
fi
cp "$P"/layout/layout-* "$ROOT/bin/"
# The dynamic PIE needs glibc inside the guest, at the host's paths.
mkdir -p "$ROOT$(dirname "$IT_LDSO")" "$ROOT$IT_LIBDIR"
cp "$P/glibc/${IT_LDSO##*/}" "$ROOT$IT_LDSO"
cp "$P/glibc/libc.so.6" "$ROOT$IT_LIBDIR/"

text_of() { sed -n 's/^text=\([^ ]*\).*/\1/p' "$OUT"; }

# run_twice NAME [WRAPPER...] -- PROGRAM: text addresses of two runs.
for prog in layout-pie layout-spie; do
	run_burrow -r "$ROOT" "/bin/$prog"
	a=$(text_of)
	run_burrow -r "$ROOT" "/bin/$prog"
	b=$(text_of)
	assert "aslr_${prog}_randomised" "two runs of $prog at the same place ($a)" \
		sh -c "[ -n '$a' ] && [ '$a' != '$b' ]"

	# With ADDR_NO_RANDOMIZE the kernel's own fixed place, every time.
	IT_AS="${IT_AS:+$IT_AS }$NORAND" run_burrow -r "$ROOT" "/bin/$prog"
	a=$(text_of)
	IT_AS="${IT_AS:+$IT_AS }$NORAND" run_burrow -r "$ROOT" "/bin/$prog"
	b=$(text_of)
	if [ "$(id -u)" = 0 ]; then
		spec=
		[ "$IT_UID" = 0 ] || spec="--userspec=$IT_UID:$IT_GID"
		# chroot by its path: busybox's linux64 would run its own
		# chroot applet, which has no --userspec.
		# shellcheck disable=SC2086
		native=$($NORAND "$(command -v chroot)" $spec "$ROOT" "/bin/$prog" | sed -n 's/^text=\([^ ]*\).*/\1/p')
	else
		native=$b
	fi
	if [ "$prog" = layout-pie ]; then
		assert "aslr_off_${prog}_at_kernel_place" \
			"setarch -R: burrow put $prog at $a then $b, the kernel at $native" \
			sh -c "[ -n '$a' ] && [ '$a' = '$b' ] && [ '$a' = '$native' ]"
	else
		# The loader itself sits at the top of the mmap region, so a
		# static-pie lands a few pages lower than natively: same region
		# (first 6 hex digits), same place every time.
		assert "aslr_off_${prog}_fixed_in_kernel_region" \
			"setarch -R: burrow put $prog at $a then $b, the kernel at $native" \
			sh -c "[ -n '$a' ] && [ '$a' = '$b' ] && [ \"\$(echo $a | cut -c1-8)\" = \"\$(echo $native | cut -c1-8)\" ]"
	fi
done
# A PIE's base is aligned to its largest p_align (Linux 5.10; a
# static-pie's since 6.10, which the loader follows on every kernel),
# randomised or not; with ADDR_NO_RANDOMIZE a PIE with PT_INTERP is where
# the kernel puts it (the program runs natively too: the guest's glibc is
# at the host's paths).
base_of() { sed -n 's/^base=\([^ ]*\) align=\(.*\)/\1 \2/p' "$OUT"; }
aligned() {	# "BASE ALIGN": BASE is a nonzero multiple of ALIGN, ALIGN 2 MiB
	set -- $1
	[ $# = 2 ] && [ "$2" = 0x200000 ] && [ $(($1 % $2)) = 0 ] && [ $(($1)) != 0 ]
}
for prog in layout-pie-2m layout-spie-2m; do
	for i in 1 2; do
		run_burrow -r "$ROOT" "/bin/$prog"
		ba=$(base_of)
		assert "p_align_${prog}_base_aligned_$i" "$prog ran at base/align '$ba'" aligned "$ba"
	done
	IT_AS="${IT_AS:+$IT_AS }$NORAND" run_burrow -r "$ROOT" "/bin/$prog"
	ba=$(base_of)
	assert "p_align_${prog}_base_aligned_norandom" "setarch -R: $prog ran at base/align '$ba'" aligned "$ba"
	if [ "$prog" = layout-pie-2m ]; then
		# shellcheck disable=SC2086
		native=$(${IT_AS:+$IT_AS }$NORAND "$ROOT/bin/$prog" | sed -n 's/^base=\([^ ]*\) .*/\1/p')
		assert "p_align_${prog}_at_kernel_place" \
			"setarch -R: burrow put $prog at $ba, the kernel at $native" \
			sh -c "[ -n '$native' ] && [ '${ba% *}' = '$native' ]"
	fi
done

# The heap where the kernel starts it, and /proc/self/auxv describing the
# program rather than the loader (burrow's loader tells the kernel with
# PR_SET_MM_MAP).
for prog in layout layout-pie layout-spie; do
	run_burrow -r "$ROOT" -b /proc "/bin/$prog"
	grep -E '^(brk|proc_auxv_entry)=' "$OUT" >"$T/got"
	if [ "$(id -u)" = 0 ]; then
		spec=
		[ "$IT_UID" = 0 ] || spec="--userspec=$IT_UID:$IT_GID"
		# shellcheck disable=SC2016,SC2086
		unshare -m sh -c 'mount --make-rprivate / && mount --bind /proc "$1/proc" &&
			exec chroot $2 "$1" "$3"' sh "$ROOT" "$spec" "/bin/$prog" </dev/null |
			grep -E '^(brk|proc_auxv_entry)=' >"$T/want"
	else
		case $prog in
		layout-spie) printf 'brk=pie-base-region\n' ;;
		*) printf 'brk=after-program\n' ;;
		esac >"$T/want"
		echo proc_auxv_entry=same >>"$T/want"
	fi
	assert "heap_and_proc_auxv_as_kernel_${prog}" \
		"burrow: $(tr '\n' ' ' <"$T/got"), natively: $(tr '\n' ' ' <"$T/want")" cmp -s "$T/want" "$T/got"
done

# A static-pie and a PIE with an interpreter live in different regions.
IT_AS="${IT_AS:+$IT_AS }$NORAND" run_burrow -r "$ROOT" /bin/layout-spie
spie=$(text_of)
assert static_pie_in_mmap_region_not_at_pie_base \
	"a static-pie went to $spie, the kernel's PIE base (0x5555...) is for programs with PT_INTERP" \
	sh -c "case '$spie' in 0x5555*) exit 1;; 0x*) exit 0;; *) exit 1;; esac"

# /proc/self/cmdline is argv as given, also through the loader.
guest -b /proc /bin/layout a "b c" ""
grep '^cmdline=' "$OUT" >"$T/got"
printf 'cmdline=/bin/layout|a|b c||\n' >"$T/want"
assert cmdline_is_argv "/proc/self/cmdline reads $(cat "$T/got")" cmp -s "$T/want" "$T/got"
if [ "$NATIVE_RAN" = 1 ]; then
	grep '^cmdline=' "$NOUT" >"$T/ngot"
	assert cmdline_same_as_chroot "the chroot reads $(cat "$T/ngot")" cmp -s "$T/ngot" "$T/got"
fi

# setuid and setgid bits: ignored, as for an unprivileged user (burrow
# runs the guest with no_new_privs).  The file is root's when the test
# can make it so.
S=$T/suid
mkdir -p "$S"
cp "$ROOT/bin/layout" "$S/layout-suid"
[ "$(id -u)" = 0 ] && chown 0:0 "$S/layout-suid"
chmod 6755 "$S/layout-suid"
run_burrow -r "$ROOT" -b "$S:/suid" /suid/layout-suid
assert setuid_bits_ignored "a setuid/setgid program ran with $(grep '^ids=' "$OUT") (uid/euid/gid/egid)" \
	grep -qx "ids=$IT_UID/$IT_UID/$IT_GID/$IT_GID" "$OUT"
