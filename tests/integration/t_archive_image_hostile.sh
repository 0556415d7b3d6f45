#!/bin/sh
# Hostile Docker and OCI image archives: every file of an image is looked
# up inside the unpacked archive.  A symlink member that leads outside it
# (lnk -> /, then a layer lnk/HOST/PATH; a config, manifest.json,
# index.json, oci-layout or blobs/ linked to a host file) is refused with
# one line naming the member, exit 125, no cache entry, with openat2 and
# with its fallback (BURROW_NO_OPENAT2=1).  A link that stays inside (how
# `docker save` shares a repeated layer) is followed.  Member names and
# manifest strings reach the terminal escaped.
# The archives are built here with tar: nothing needs python3.
. "$(dirname "$0")/lib.sh"

C=$T/cache
A=$T/archives
H=$T/host		# the host files the archives aim at
mkdir -p "$A" "$H"
entries() { find "$1" -mindepth 1 -maxdepth 1 -type d -regextype posix-extended -regex '.*/[0-9a-f]{64}' 2>/dev/null | wc -l; }
listing() { find "$1" -mindepth 1 -maxdepth 1 -printf '%f ' 2>/dev/null; }

# A layer holding the probe, and a config asking to run it.
mkdir -p "$T/l/bin"
cp "$HELPERS/probe" "$T/l/bin/probe"
tar -C "$T/l" -cf "$T/layer.tar" bin
config='{"config":{"Entrypoint":["/bin/probe","echo"],"Cmd":["ran"],"Env":["PWNED=no"]}}'
# On the host: a layer and a config burrow must never read.
cp "$T/layer.tar" "$H/layer.tar"
printf '%s' '{"config":{"Entrypoint":["/bin/probe","echo"],"Cmd":["host config read"]}}' >"$H/config.json"
printf '%s' '[{"Config":"c.json","Layers":["l/layer.tar"]}]' >"$H/manifest.json"
printf '%s' '{"imageLayoutVersion": "1.0.0"}' >"$H/oci-layout"
rel=$(echo "$T" | sed 's|[^/][^/]*|..|g')	# from $T/d/x back up to /

# mk NAME: the tree in $T/d (reset by fresh) into $A/NAME, members in
# the order given.
fresh() { rm -rf "$T/d"; mkdir -p "$T/d"; }
mk() { _n=$1; shift; tar -C "$T/d" -cf "$A/$_n" "$@"; }
manifest() { printf '[{"Config":"%s","Layers":[%s]}]' "$1" "$2" >"$T/d/manifest.json"; }

# Docker: a layer reached through lnk -> /.
fresh
ln -s / "$T/d/lnk"
printf '%s' "$config" >"$T/d/c.json"
manifest c.json "\"lnk$H/layer.tar\""
mk layer_via_root_link.tar lnk c.json manifest.json
# Docker: the config a symlink to a host file, absolute and relative.
fresh
mkdir "$T/d/l" && cp "$T/layer.tar" "$T/d/l/layer.tar"
ln -s "$H/config.json" "$T/d/c.json"
manifest c.json '"l/layer.tar"'
mk config_abs_link.tar l c.json manifest.json
rm "$T/d/c.json" && ln -s "..$rel$H/config.json" "$T/d/c.json"
mk config_rel_link.tar l c.json manifest.json
# Docker: manifest.json itself a link to the host.
rm "$T/d/manifest.json" && ln -s "$H/manifest.json" "$T/d/manifest.json"
printf '%s' "$config" >"$T/d/c.json.real"
mk manifest_link.tar l manifest.json
# Docker: a layer directory linked out (l -> the host's directory).
fresh
ln -s "$H" "$T/d/l"
printf '%s' "$config" >"$T/d/c.json"
manifest c.json '"l/layer.tar"'
mk layer_dir_link.tar l c.json manifest.json
# Docker, fine: the second layer a link to the first inside the archive,
# as docker save writes a repeated layer.
fresh
mkdir "$T/d/a" "$T/d/b" && cp "$T/layer.tar" "$T/d/a/layer.tar"
ln -s ../a/layer.tar "$T/d/b/layer.tar"
printf '%s' "$config" >"$T/d/c.json"
manifest c.json '"a/layer.tar","b/layer.tar"'
mk inside_link.tar a b c.json manifest.json

# OCI: blobs -> a host directory holding what index.json names.
sha() { sha256sum "$1" | cut -c1-64; }
oci_blobs() {	# DIR: layer, config and manifest as blobs of DIR
	mkdir -p "$1/blobs/sha256"
	cp "$T/layer.tar" "$1/blobs/sha256/$(sha "$T/layer.tar")"
	printf '%s' "$config" >"$T/cfg" && cp "$T/cfg" "$1/blobs/sha256/$(sha "$T/cfg")"
	printf '{"schemaVersion":2,"config":{"digest":"sha256:%s"},"layers":[{"digest":"sha256:%s"}]}' \
		"$(sha "$T/cfg")" "$(sha "$T/layer.tar")" >"$T/man"
	cp "$T/man" "$1/blobs/sha256/$(sha "$T/man")"
	printf '{"schemaVersion":2,"manifests":[{"digest":"sha256:%s"}]}' "$(sha "$T/man")" >"$T/index"
}
fresh
oci_blobs "$H/oci"
cp "$T/index" "$T/d/index.json"
cp "$H/oci-layout" "$T/d/oci-layout"
ln -s "$H/oci/blobs" "$T/d/blobs"
mk oci_blobs_link.tar oci-layout index.json blobs
# OCI: index.json and oci-layout links to the host.
fresh
oci_blobs "$T/d"
cp "$T/index" "$H/index.json"
ln -s "$H/index.json" "$T/d/index.json"
cp "$H/oci-layout" "$T/d/oci-layout"
mk oci_index_link.tar oci-layout index.json blobs
rm "$T/d/index.json" "$T/d/oci-layout"
cp "$T/index" "$T/d/index.json"
ln -s "$H/oci-layout" "$T/d/oci-layout"
mk oci_layout_link.tar oci-layout index.json blobs
rm "$T/d/oci-layout" && cp "$H/oci-layout" "$T/d/oci-layout"
mk oci_fine.tar oci-layout index.json blobs
chmod -R a+rX "$A" "$H"

# refused NAME ARCHIVE WORD: one line naming WORD, 125, no entry.
refused() {
	run_burrow --cache-dir "$C" -r "$A/$2"
	expect_error "$1" 125 "$3"
	assert "${1}_leaves_no_entry" "cache: $(listing "$C")" [ "$(entries "$C")" = 0 ]
}
for how in openat2 walk; do
	if [ $how = walk ]; then
		export BURROW_NO_OPENAT2=1
		sfx=_no_openat2
	else
		sfx=
	fi
	refused "image_layer_through_root_link_refused$sfx" layer_via_root_link.tar \
		"layer lnk$H/layer.tar: leads outside the archive"
	refused "image_config_abs_link_refused$sfx" config_abs_link.tar "image config c.json: leads outside the archive"
	refused "image_config_rel_link_refused$sfx" config_rel_link.tar "image config c.json: leads outside the archive"
	refused "image_manifest_link_refused$sfx" manifest_link.tar "manifest.json: leads outside the archive"
	refused "image_layer_dir_link_refused$sfx" layer_dir_link.tar "layer l/layer.tar: leads outside the archive"
	refused "oci_blobs_link_refused$sfx" oci_blobs_link.tar "blobs/sha256/"
	refused "oci_index_link_refused$sfx" oci_index_link.tar "index.json: leads outside the archive"
	refused "oci_layout_link_refused$sfx" oci_layout_link.tar "oci-layout: leads outside the archive"
	run_burrow --cache-dir "$C" -r "$A/inside_link.tar"
	expect "image_link_inside_archive_followed$sfx" "ran"
	run_burrow --cache-dir "$C" -r "$A/oci_fine.tar"
	expect "oci_image_runs$sfx" "ran"
	run_burrow --cache-dir "$C" --cache-clean
done
unset BURROW_NO_OPENAT2

# ---- escaped names ------------------------------------------------------
# no_raw_controls NAME: stderr has no byte but printable ASCII and newlines.
no_raw_controls() {
	_left=$(tr -d '\n -~' <"$ERR" | wc -c)
	assert "$1" "$_left raw bytes on stderr: $(od -c "$ERR" | head -n 5)" [ "$_left" = 0 ]
}
esc=$(printf '\033')
bel=$(printf '\007')
# A member whose name holds a terminal title escape, cut short.
fresh
name="x${esc}]0;pwned${bel}y"
head -c 200000 /dev/zero >"$T/d/$name"
tar -C "$T/d" -cf "$T/whole.tar" "$name"
head -c 100000 "$T/whole.tar" >"$A/escape_member.tar"
chmod a+r "$A/escape_member.tar"
run_burrow --cache-dir "$C" -r "$A/escape_member.tar" /bin/probe echo ran
expect_error archive_member_name_escaped 125 'entry x\e]0;pwned\x07y'
no_raw_controls archive_member_name_no_raw_escape
# Manifest strings: a layer and a config that are not there.
fresh
printf '[{"Config":"c.json","Layers":["\\u001b[2Jl\\u009b1m.tar"]}]' >"$T/d/manifest.json"
mk escape_layer.tar manifest.json
run_burrow --cache-dir "$C" -r "$A/escape_layer.tar"
expect_error image_layer_name_escaped 125 'layer \e[2Jl\u009b1m.tar: not in the archive'
no_raw_controls image_layer_name_no_raw_escape
mkdir "$T/d/l" && cp "$T/layer.tar" "$T/d/l/layer.tar"
printf '[{"Config":"\\u001b[31mc.json\\r","Layers":["l/layer.tar"]}]' >"$T/d/manifest.json"
mk escape_config.tar manifest.json l
run_burrow --cache-dir "$C" -r "$A/escape_config.tar"
expect_error image_config_name_escaped 125 'image config \e[31mc.json\r: not in the archive'
no_raw_controls image_config_name_no_raw_escape
# An entry point that is not there, and a WorkingDir that is no directory.
printf '%s' '{"config":{"Entrypoint":["/bin/\u001b[5mnope"]}}' >"$T/d/c.json"
manifest c.json '"l/layer.tar"'
mk escape_entrypoint.tar manifest.json l c.json
run_burrow --cache-dir "$C" -r "$A/escape_entrypoint.tar"
expect_error image_entrypoint_escaped 127 '/bin/\e[5mnope: No such file'
no_raw_controls image_entrypoint_no_raw_escape
# A missing WorkingDir is a warning, as a missing -w is (PRoot's rule):
# the entry point still runs, from "/".
printf '%s' '{"config":{"Entrypoint":["/bin/probe","getcwd"],"WorkingDir":"/\u001b[5mw"}}' >"$T/d/c.json"
mk escape_workdir.tar manifest.json l c.json
run_burrow --cache-dir "$C" -r "$A/escape_workdir.tar"
expect_error image_workdir_escaped 0 'warning: -w /\e[5mw: No such file or directory'
expect image_workdir_missing_starts_in_root "getcwd: ok /"
no_raw_controls image_workdir_no_raw_escape
