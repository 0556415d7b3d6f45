#!/bin/sh
# -q on x86_64: an i386 program is foreign too (the loader takes only
# 64-bit programs and the filter refuses the i386 ABI), so qemu-i386
# runs it.  The program is a hand-made static ELF of 123 bytes:
# write(1, "i386\n", 5), exit(7), through int 0x80.
. "$(dirname "$0")/lib.sh"

if [ "$(uname -m)" != x86_64 ]; then
	skip_machine qemu_i386_program "i386 programs are x86_64's own compat ABI only ($(uname -m) here)"
	exit 0
fi
if ! command -v qemu-i386-static >/dev/null; then
	skip qemu_i386_program "no qemu-i386-static (apt-get install qemu-user-static)"
	exit 0
fi
new_root

# ELF header (52 bytes), one PT_LOAD program header (32), code (34), text (5).
printf '\177ELF\001\001\001\000\000\000\000\000\000\000\000\000' >"$ROOT/bin/i386"
printf '\002\000\003\000\001\000\000\000\124\200\004\010\064\000\000\000' >>"$ROOT/bin/i386"
printf '\000\000\000\000\000\000\000\000\064\000\040\000\001\000\000\000\000\000\000\000' >>"$ROOT/bin/i386"
printf '\001\000\000\000\000\000\000\000\000\200\004\010\000\200\004\010' >>"$ROOT/bin/i386"
printf '\173\000\000\000\173\000\000\000\005\000\000\000\000\020\000\000' >>"$ROOT/bin/i386"
# mov eax,4; mov ebx,1; mov ecx,text; mov edx,5; int 0x80
printf '\270\004\000\000\000\273\001\000\000\000\271\166\200\004\010\272\005\000\000\000\315\200' \
	>>"$ROOT/bin/i386"
# mov eax,1; mov ebx,7; int 0x80
printf '\270\001\000\000\000\273\007\000\000\000\315\200i386\n' >>"$ROOT/bin/i386"
chmod 0755 "$ROOT/bin/i386"

run_burrow -q qemu-i386-static -r "$ROOT" /bin/i386
expect qemu_i386_program_runs_through_qemu "i386" 7
