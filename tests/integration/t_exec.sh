#!/bin/sh
# execve/execveat find the program in the guest, however it is named,
# and the program sees the names it was given (argv[0], script path).
. "$(dirname "$0")/lib.sh"

guest -b /proc /bin/execer execve /bin/probe argv0 readlink /proc/self/exe
expect execve_absolute "argv0: /bin/probe
readlink /proc/self/exe: ok /bin/probe"

guest -w /bin /bin/execer execve ./probe argv0 getcwd
expect execve_relative_to_cwd "argv0: ./probe
getcwd: ok /bin"

guest -b /proc /bin/execer execve /links/tobin/probe-link argv0 readlink /proc/self/exe
expect execve_through_symlinks "argv0: /links/tobin/probe-link
readlink /proc/self/exe: ok /bin/probe"

guest /bin/execer execveat /bin probe argv0
expect execveat_dirfd "argv0: probe"

guest -w /bin /bin/execer execveat - probe argv0
expect execveat_at_fdcwd "argv0: probe"

guest -b /proc /bin/execer fdexec /bin/probe argv0 readlink /proc/self/exe
expect execveat_empty_path_on_fd "argv0: /bin/probe
readlink /proc/self/exe: ok /bin/probe"

guest /bin/execer nofollow /bin/probe-link argv0
expect execveat_nofollow_on_symlink "execer nofollow /bin/probe-link: ELOOP" 126

# The kernel runs "#!/bin/probe echo" as: /bin/probe echo SCRIPT ARGS,
# SCRIPT being the path given to execve.
guest /bin/execer execve /bin/script getcwd
expect script_interpreter_gets_guest_path "/bin/script
getcwd: ok /"

guest -w /bin /bin/execer execve ./script argv0
expect script_relative_path "./script
argv0: /bin/probe"

guest /bin/execer execve /bin/badscript
expect script_missing_interpreter "execer execve /bin/badscript: ENOENT" 127

guest /bin/execer execve /bin/nope
expect execve_missing "execer execve /bin/nope: ENOENT" 127

guest /bin/execer execve /etc/hostname
expect execve_not_executable "execer execve /etc/hostname: EACCES" 126

guest /bin/execer execve /etc
expect execve_directory "execer execve /etc: EACCES" 126

# /usr/bin/env exists on the host only.
guest /bin/execer execve /usr/bin/env
expect execve_host_only_program "execer execve /usr/bin/env: ENOENT" 127

guest /bin/execer execve @fault
expect execve_bad_pointer "execer execve @fault: EFAULT" 126

# The initial command: found through PATH in the guest, argv[0] kept.
guest probe argv0
expect command_found_through_path "argv0: probe"
