#!/bin/sh
# "#!" scripts: burrow unwraps them itself (the kernel would look the
# interpreter up on the host) and must build the kernel's argv
# (binfmt_script): the interpreter as written, its one optional argument,
# the script's path as given to execve, then argv[1..]; the caller's
# argv[0] is dropped.  Errors are the kernel's too: ENOENT for a missing
# interpreter, EACCES for a script or interpreter that may not be
# executed, ENOEXEC for no "#!" or an interpreter name cut by the 256-byte
# buffer, ELOOP past the kernel's nesting limit.  Each check is compared
# with a real chroot.  The interpreter is tests/fixtures/execprog.c, built
# by tests/fixtures/exec-progs.sh ("-q": it prints its argv only).
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
if ! P=$(sh "$here/../fixtures/exec-progs.sh" 2>"$T/fixture.err"); then
	skip exec_progs_available "$(cat "$T/fixture.err")"
	exit 0
fi
mkdir -p "$ROOT$(dirname "$IT_LDSO")" "$ROOT$IT_LIBDIR" "$ROOT/s"
cp "$P/execprog-static" "$P/execprog-dyn" "$ROOT/bin/"
cp "$P/glibc/${IT_LDSO##*/}" "$ROOT$IT_LDSO"
cp "$P/glibc/libc.so.6" "$ROOT$IT_LIBDIR/"
S=$ROOT/s

phnum() { od -An -tu2 -j56 -N2 "$1" | tr -d ' '; }

# script NAME CONTENT...: an executable script in /s, printf'd.
script() {
	_n=$1
	shift
	# shellcheck disable=SC2059
	printf "$@" >"$S/$_n"
	chmod 0755 "$S/$_n"
}

script arg '#!/bin/execprog-static -q\n'
script noarg '#!/bin/execprog-dyn\n'
script spaces '#!/bin/execprog-static  \t -q one  two\t \n'
script relinterp '#!bin/execprog-static -q\n'
script vialink '#!/links/tobin/execprog-static -q\n'
script nolf '#!/bin/execprog-static -q'
script crlf '#!/bin/execprog-static -q\r\n'

guest /s/arg a "b c" ""
expect shebang_argv_with_interpreter_argument "argv[0]=/bin/execprog-static
argv[1]=-q
argv[2]=/s/arg
argv[3]=a
argv[4]=b c
argv[5]="

# Without an argument the script's path is argv[1]: execprog reports.
# AT_EXECFN and comm name the script, /proc/self/exe the interpreter.
guest -b /proc /s/noarg x
expect shebang_execfn_comm_exe "argv[0]=/bin/execprog-dyn
argv[1]=/s/noarg
argv[2]=x
argc=3
execfn=/s/noarg
exe=/bin/execprog-dyn
comm=noarg
phnum=$(phnum "$ROOT/bin/execprog-dyn")
phent=56
phdr_is_mine=yes
base=nonzero
entry_is_start=yes
ids=$IT_UID/$IT_UID/$IT_GID/$IT_GID secure=0
flags=0"

# Blanks around the interpreter go; everything after it, inner blanks
# and all, is one argument, trailing blanks stripped.
guest /s/spaces x
expect shebang_argument_keeps_inner_blanks "argv[0]=/bin/execprog-static
argv[1]=-q one  two
argv[2]=/s/spaces
argv[3]=x"

guest -w /s ./arg x
expect shebang_relative_script_path "argv[0]=/bin/execprog-static
argv[1]=-q
argv[2]=./arg
argv[3]=x"

# A relative interpreter is looked up from the cwd, in the guest.
guest -w / /s/relinterp x
expect shebang_relative_interpreter_from_cwd "argv[0]=bin/execprog-static
argv[1]=-q
argv[2]=/s/relinterp
argv[3]=x"
guest -w /s /bin/execer execve /s/relinterp
expect shebang_relative_interpreter_missing_from_cwd "execer execve /s/relinterp: ENOENT" 127

guest /s/vialink
expect shebang_interpreter_through_symlink "argv[0]=/links/tobin/execprog-static
argv[1]=-q
argv[2]=/s/vialink"

guest /s/nolf y
expect shebang_without_newline "argv[0]=/bin/execprog-static
argv[1]=-q
argv[2]=/s/nolf
argv[3]=y"

# A CR is not a blank: it stays in the argument.
guest /s/crlf
expect shebang_crlf_keeps_cr_in_argument "$(printf 'argv[0]=/bin/execprog-static\nargv[1]=-q\r\nargv[2]=/s/crlf')"

# The caller's argv[0] is dropped; with an empty argv there is nothing
# after the script's path.
if [ -x "$ROOT/bin/execargv" ]; then
	guest /bin/execargv /s/arg custom-name x
	expect shebang_drops_callers_argv0 "argv[0]=/bin/execprog-static
argv[1]=-q
argv[2]=/s/arg
argv[3]=x"
	guest /bin/execargv /s/arg @empty
	expect shebang_with_empty_argv "argv[0]=/bin/execprog-static
argv[1]=-q
argv[2]=/s/arg"
else
	skip shebang_drops_callers_argv0 "no execargv helper (make test-helpers)"
fi

# Nested scripts: n1 -> execprog, n2 -> n1, ...  The kernel follows five
# levels of "#!" (exec_binprm: depth > 5 is ELOOP); the sixth fails.
script n1 '#!/bin/execprog-static -q\n'
i=2
while [ $i -le 6 ]; do
	script n$i '#!/s/n%d\n' $((i - 1))
	i=$((i + 1))
done
guest /bin/execer execve /s/n4 A
expect shebang_nested_4_levels "argv[0]=/bin/execprog-static
argv[1]=-q
argv[2]=/s/n1
argv[3]=/s/n2
argv[4]=/s/n3
argv[5]=/s/n4
argv[6]=A"
guest /bin/execer execve /s/n5 A
expect shebang_nested_5_levels_kernel_limit "argv[0]=/bin/execprog-static
argv[1]=-q
argv[2]=/s/n1
argv[3]=/s/n2
argv[4]=/s/n3
argv[5]=/s/n4
argv[6]=/s/n5
argv[7]=A"
guest /bin/execer execve /s/n6 A
expect shebang_nested_6_levels_eloop "execer execve /s/n6: ELOOP" 126

# Errors.
guest /bin/execer execve /bin/badscript
expect shebang_missing_interpreter_enoent "execer execve /bin/badscript: ENOENT" 127
script nested-missing '#!/bin/badscript\n'
guest /bin/execer execve /s/nested-missing
expect shebang_nested_missing_interpreter_enoent "execer execve /s/nested-missing: ENOENT" 127
script notexec '#!/bin/execprog-static -q\n'
chmod 0644 "$S/notexec"
guest /bin/execer execve /s/notexec
expect shebang_script_not_executable_eacces "execer execve /s/notexec: EACCES" 126
cp "$P/execprog-static" "$S/interp-noexec"
chmod 0644 "$S/interp-noexec"
script badinterp '#!/s/interp-noexec -q\n'
guest /bin/execer execve /s/badinterp
expect shebang_interpreter_not_executable_eacces "execer execve /s/badinterp: EACCES" 126
script dirinterp '#!/bin\n'
guest /bin/execer execve /s/dirinterp
expect shebang_interpreter_is_directory_eacces "execer execve /s/dirinterp: EACCES" 126
script plain 'echo no interpreter line\n'
guest /bin/execer execve /s/plain
expect script_without_shebang_enoexec "execer execve /s/plain: ENOEXEC" 126
script empty '#!\n'
guest /bin/execer execve /s/empty
expect shebang_empty_interpreter_enoexec "execer execve /s/empty: ENOEXEC" 126
script blank '#!   \t \n'
guest /bin/execer execve /s/blank
expect shebang_blank_interpreter_enoexec "execer execve /s/blank: ENOEXEC" 126

# Lines longer than the kernel's 256-byte buffer.  An interpreter name
# that does not end inside it is ENOEXEC; otherwise the argument is cut
# where the kernel's buffer ends: binfmt_script reads bytes 0-254 (the
# last byte of the 256 is its terminator).
long=$(printf '%0300d' 0 | tr 0 a)
script longinterp '#!/%s\n' "$long"
guest /bin/execer execve /s/longinterp
expect shebang_interpreter_longer_than_buffer_enoexec "execer execve /s/longinterp: ENOEXEC" 126
script longarg '#!/bin/execprog-static -q%s\n' "$long"
guest /bin/execer execve /s/longarg x
expect shebang_argument_cut_at_255_bytes "argv[0]=/bin/execprog-static
argv[1]=-q$(printf '%0230d' 0 | tr 0 a)
argv[2]=/s/longarg
argv[3]=x"
# Interpreter name on bytes 2-253, a blank at 254: the argument at 255
# is past the kernel's buffer, so there is none.
pad=$(printf '%0232d' 0 | tr 0 /)
script edge '#!%s/bin/execprog-static q\n' "$pad"
guest -b /proc /bin/execer execve /s/edge y
expect shebang_argument_past_buffer_dropped "argv[0]=$pad/bin/execprog-static
argv[1]=/s/edge
argv[2]=y
argc=3
execfn=/s/edge
exe=/bin/execprog-static
comm=edge
phnum=$(phnum "$ROOT/bin/execprog-static")
phent=56
phdr_is_mine=yes
base=zero
entry_is_start=yes
ids=$IT_UID/$IT_UID/$IT_GID/$IT_GID secure=0
flags=0"
