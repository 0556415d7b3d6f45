#!/bin/sh
# Every kind of ELF program goes through burrow's loader: static, static-pie,
# dynamic PIE and not, and ld.so run directly with the program as its
# argument.  Each prints what it was told about its exec (argv, the auxv,
# /proc/self/exe, /proc/self/comm: tests/fixtures/execprog.c), which must
# be what the kernel tells it in a real chroot.  The programs are built
# once by tests/fixtures/exec-progs.sh; the guest's glibc is a copy of the
# host's.
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
if ! P=$(sh "$here/../fixtures/exec-progs.sh" 2>"$T/fixture.err"); then
	skip exec_progs_available "$(cat "$T/fixture.err")"
	exit 0
fi

mkdir -p "$ROOT$(dirname "$IT_LDSO")" "$ROOT$IT_LIBDIR" "$ROOT/bin/sub"
cp "$P"/execprog-* "$ROOT/bin/"
cp "$P/glibc/${IT_LDSO##*/}" "$ROOT$IT_LDSO"
cp "$P/glibc/libc.so.6" "$ROOT$IT_LIBDIR/"
cp "$P/execprog-dyn" "$ROOT/bin/execprog-with-a-long-name"
ln -s execprog-dyn "$ROOT/bin/prog-link"
printf 'not a program\n' >"$ROOT/bin/sub/text"
chmod 0755 "$ROOT/bin/sub/text"
cp "$P/execprog-dyn" "$ROOT/bin/sub/not-executable"
chmod 0644 "$ROOT/bin/sub/not-executable"

# The number of program headers of an ELF file (e_phnum).
phnum() { od -An -tu2 -j56 -N2 "$1" | tr -d ' '; }

IDS="$IT_UID/$IT_UID/$IT_GID/$IT_GID"

# report EXECFN EXE COMM PHNUM PHDR BASE ENTRY -- ARGV...: what execprog
# prints for that exec.
report() {
	_execfn=$1 _exe=$2 _comm=$3 _phnum=$4 _phdr=$5 _base=$6 _entry=$7
	shift 8
	_i=0
	for _a; do
		echo "argv[$_i]=$_a"
		_i=$((_i + 1))
	done
	echo "argc=$#"
	echo "execfn=$_execfn"
	echo "exe=$_exe"
	echo "comm=$_comm"
	echo "phnum=$_phnum"
	echo "phent=56"
	echo "phdr_is_mine=$_phdr"
	echo "base=$_base"
	echo "entry_is_start=$_entry"
	echo "ids=$IDS secure=0"
	echo "flags=0"
}


for kind in static static-pie dyn dyn-nopie; do
	prog=/bin/execprog-$kind
	case $kind in
	static*) base=zero ;;
	*) base=nonzero ;;
	esac
	case $kind in
	static) name=static_nonpie ;;
	static-pie) name=static_pie ;;
	dyn) name=dynamic_pie ;;
	dyn-nopie) name=dynamic_nopie ;;
	esac
	guest -b /proc "$prog" a "b c" ""
	expect "${name}_argv_auxv_exe_comm" "$(report "$prog" "$prog" "$(echo "execprog-$kind" | cut -c1-15)" \
		"$(phnum "$ROOT$prog")" yes $base yes -- "$prog" a "b c" "")"
	guest -b /proc "$prog" -a
	expect_same_as_chroot "${name}_machine_auxv_same_as_chroot"
done

# ld.so runs the program: the kernel maps ld.so alone (AT_BASE 0) and
# glibc's ld.so rewrites AT_PHDR, AT_PHNUM, AT_ENTRY and AT_EXECFN for
# the program it loads; /proc/self/exe and comm stay ld.so's.
guest -b /proc "$IT_LDSO" /bin/execprog-dyn a
expect ld_so_run_directly "$(report /bin/execprog-dyn "$IT_LDSO" "$IT_LDSO_COMM" \
	"$(phnum "$ROOT/bin/execprog-dyn")" yes zero yes -- /bin/execprog-dyn a)"
guest -b /proc "$IT_LDSO" /bin/execprog-static-pie -a
expect_same_as_chroot ld_so_runs_static_pie_same_as_chroot

# How the program is named: relative, through a directory symlink,
# through a symlink to the file, a name longer than comm's 15 bytes.
guest -b /proc -w /bin ./execprog-dyn
expect exec_relative_path "$(report ./execprog-dyn /bin/execprog-dyn execprog-dyn \
	"$(phnum "$ROOT/bin/execprog-dyn")" yes nonzero yes -- ./execprog-dyn)"
guest -b /proc /links/tobin/execprog-dyn
expect exec_through_directory_symlink "$(report /links/tobin/execprog-dyn /bin/execprog-dyn execprog-dyn \
	"$(phnum "$ROOT/bin/execprog-dyn")" yes nonzero yes -- /links/tobin/execprog-dyn)"
guest -b /proc /bin/prog-link
expect exec_symlink_to_program_comm_is_link_name "$(report /bin/prog-link /bin/execprog-dyn prog-link \
	"$(phnum "$ROOT/bin/execprog-dyn")" yes nonzero yes -- /bin/prog-link)"
guest -b /proc /bin/execprog-with-a-long-name
expect exec_long_name_comm_truncated "$(report /bin/execprog-with-a-long-name /bin/execprog-with-a-long-name \
	execprog-with-a "$(phnum "$ROOT/bin/execprog-dyn")" yes nonzero yes -- /bin/execprog-with-a-long-name)"

# A guest program's own execve, execveat with a directory fd (the kernel
# names the file /dev/fd/N/NAME), and fexecve (/dev/fd/N).
guest -b /proc /bin/execer execve /bin/execprog-dyn x
expect execve_from_guest_program "$(report /bin/execprog-dyn /bin/execprog-dyn execprog-dyn \
	"$(phnum "$ROOT/bin/execprog-dyn")" yes nonzero yes -- /bin/execprog-dyn x)"
guest -b /proc /bin/execer execveat /bin execprog-static-pie x
expect execveat_dirfd_execfn_is_dev_fd "$(report /dev/fd/3/execprog-static-pie /bin/execprog-static-pie \
	execprog-static "$(phnum "$ROOT/bin/execprog-static-pie")" yes zero yes -- execprog-static-pie x)"
guest -b /proc /bin/execer execveat - /bin/execprog-dyn-nopie x
expect execveat_cwd_absolute "$(report /bin/execprog-dyn-nopie /bin/execprog-dyn-nopie \
	execprog-dyn-no "$(phnum "$ROOT/bin/execprog-dyn-nopie")" yes nonzero yes -- /bin/execprog-dyn-nopie x)"
guest -b /proc /bin/execer fdexec /bin/execprog-static x
expect fexecve_execfn_exe_comm "$(report /dev/fd/3 /bin/execprog-static execprog-static \
	"$(phnum "$ROOT/bin/execprog-static")" yes zero yes -- /bin/execprog-static x)"

# argv[0] is the caller's choice; with an empty argv the kernel passes
# {""} (Linux 5.18): the loader keeps both as they are.
if [ -x "$ROOT/bin/execargv" ]; then
	guest -b /proc /bin/execargv /bin/execprog-dyn custom-name x
	expect exec_custom_argv0 "$(report /bin/execprog-dyn /bin/execprog-dyn execprog-dyn \
		"$(phnum "$ROOT/bin/execprog-dyn")" yes nonzero yes -- custom-name x)"
	guest -b /proc /bin/execargv /bin/execprog-static-pie @empty
	expect_same_as_chroot exec_empty_argv_same_as_chroot
else
	skip exec_custom_argv0 "no execargv helper (make test-helpers)"
fi

# Errors, as execve returns them.
guest /bin/execer execve /bin/sub
expect exec_directory_eacces "execer execve /bin/sub: EACCES" 126
guest /bin/execer execve /bin/sub/not-executable
expect exec_without_x_bit_eacces "execer execve /bin/sub/not-executable: EACCES" 126
guest /bin/execer execve /bin/sub/text
expect exec_neither_elf_nor_script_enoexec "execer execve /bin/sub/text: ENOEXEC" 126
guest /bin/execer execve /bin/sub/missing
expect exec_missing_file_enoent "execer execve /bin/sub/missing: ENOENT" 127
if [ -f "$P/execprog-badinterp" ]; then
	cp "$P/execprog-badinterp" "$ROOT/bin/"
	guest /bin/execer execve /bin/execprog-badinterp
	expect exec_missing_interpreter_enoent "execer execve /bin/execprog-badinterp: ENOENT" 127
	# The interpreter exists but may not be executed.
	cp "$P/glibc/${IT_LDSO##*/}" "$ROOT/lib/ld-burrowtest-missing.so.2"
	chmod 0644 "$ROOT/lib/ld-burrowtest-missing.so.2"
	guest /bin/execer execve /bin/execprog-badinterp
	expect exec_interpreter_without_x_bit_eacces "execer execve /bin/execprog-badinterp: EACCES" 126
	rm -f "$ROOT/lib/ld-burrowtest-missing.so.2"
else
	skip exec_missing_interpreter_enoent "no execprog-badinterp (patchelf missing when the fixture was built)"
fi

# A big argument list reaches the program whole: the
# loader rebuilds none of it.
# shellcheck disable=SC2046
set -- $(awk 'BEGIN { for (i = 0; i < 3000; i++) printf "argument-%d-%064d\n", i, i }')
guest -b /proc /bin/execprog-dyn -q "$@"
{
	echo "argv[0]=/bin/execprog-dyn"
	echo "argv[1]=-q"
	i=2
	for a; do
		echo "argv[$i]=$a"
		i=$((i + 1))
	done
} >"$T/many.expected"
expect many_arguments_reach_program "$(cat "$T/many.expected")"
set --

# The exit status of the loaded program is burrow's.
guest /bin/execer execve /bin/exitwith 42
expect_status exit_status_through_loader 42

# BURROW_NO_LOADER=1: the kernel maps the programs itself again (then
# AT_EXECFN is the host path the kernel was given: not checked).
BURROW_NO_LOADER=1
export BURROW_NO_LOADER
guest -b /proc /bin/execer execve /bin/execprog-static -q a
expect no_loader_static_program "argv[0]=/bin/execprog-static
argv[1]=-q
argv[2]=a"
unset BURROW_NO_LOADER
