#!/bin/sh
# Calls that carry a path only for some of their commands: fsconfig's
# FSCONFIG_SET_PATH(_EMPTY), quotactl's Q_QUOTAON quota file, bpf's
# BPF_OBJ_PIN/GET.  They need privileges, so the kernel mostly refuses
# them here; what matters is that burrow translates exactly those paths
# (-v 2 names each translation), and, where the kernel looks the path
# up, that the guest sees what a chroot sees.
. "$(dirname "$0")/lib.sh"

: >"$ROOT/scratch/f"
chmod 0644 "$ROOT/scratch/f"

# translated NAME CALL PATH...: -v 2 showed CALL("PATH") for each PATH.
translated() {
	_name=$1 _call=$2
	shift 2
	for _p; do
		if ! grep -qF "$_call(\"$_p\") -> \"$ROOT$_p\"" "$ERR"; then
			fail "$_name" "no translation of $_p in: $(cat "$ERR")"
			return
		fi
	done
	pass "$_name"
}

# -v 2's per-stop lines are the ptrace engine's (the guest engine's
# translation of these is trap-check's check_calls, and the last check).
run_burrow --engine=ptrace -v 2 -r "$ROOT" /bin/sysraw fsconfig 3 /scratch/f
translated fsconfig_set_path_translated fsconfig /scratch/f
run_burrow --engine=ptrace -v 2 -r "$ROOT" /bin/sysraw fsconfig 4 /scratch/f
translated fsconfig_set_path_empty_translated fsconfig /scratch/f
# FSCONFIG_SET_STRING (1): the value is no path.
run_burrow --engine=ptrace -v 2 -r "$ROOT" /bin/sysraw fsconfig 1 /scratch/f
assert fsconfig_set_string_not_translated "a string value was translated: $(cat "$ERR")" \
	sh -c "! grep -q 'fsconfig(' '$ERR'"

run_burrow --engine=ptrace -v 2 -r "$ROOT" /bin/sysraw quotaon /scratch/dev /scratch/f
translated quotactl_quotaon_file_translated quotactl /scratch/dev /scratch/f

run_burrow --engine=ptrace -v 2 -r "$ROOT" /bin/sysraw bpf_obj_get /scratch/f
translated bpf_obj_get_pathname_translated bpf /scratch/f

# The kernel looks the pin up: a guest file that is no bpf object,
# where untranslated it would not exist (ENOENT).
guest /bin/sysraw bpf_obj_get /scratch/f
expect_same_as_chroot bpf_obj_get_sees_the_guest_file
