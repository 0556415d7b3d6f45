#!/bin/sh
# -p IN:OUT and -n (PRoot's port map and network cooperation): the ports
# of bind, connect, sendto and sendmsg, and of the addresses getsockname,
# getpeername, accept and recvfrom/recvmsg return.  Loopback only.  No
# chroot reference: a chroot has no port map.
. "$(dirname "$0")/lib.sh"

NP=/bin/netprobe		# in the guest
HNP=$HELPERS/netprobe		# on the host

# bg FILE CMD...: CMD in the background, its stdin a fifo that fd 3
# holds, until it prints "ready" (or dies); BG_PID.
bg() {
	_bo=$1
	shift
	rm -f "$T/fifo" "$_bo"
	mkfifo "$T/fifo" && : >"$_bo" || exit 2
	# shellcheck disable=SC2086
	timeout -k 5 "$IT_HANG" "$@" <"$T/fifo" >"$_bo" 2>"$_bo.err" &
	BG_PID=$!
	exec 3>"$T/fifo"
	until grep -q '^ready$' "$_bo"; do
		_it_alive $BG_PID || break
		sleep 0.02
	done
}

# bg_done FILE: send the background command a line, wait for it, and
# make its output and status the last run's (for expect).
bg_done() {
	(echo go >&3) 2>/dev/null
	exec 3>&-
	wait $BG_PID
	STATUS=$?
	NATIVE_RAN=0
	cp "$1" "$OUT"
	cp "$1.err" "$ERR"
}

# A port free on the host's loopback now, for a guest's -p IN:OUT that
# a host client then reaches.
free_port() {
	$HNP freeport "$1" | sed -n 's/^port //p'
}

# The port a host server that bound port 0 got.
bound_port() {
	sed -n 's/^bound //p' "$1"
}

new_root
_it_own

# ---- -n: two runs, each with a server on 18080 ----------------------

check_netcoop_two_runs() {	# TYPE ADDR SUFFIX
	bg "$T/a" $IT_AS "$BURROW" -r "$ROOT" -n $NP self "$1" "$2" 18080 from-a
	# While the first run's server holds "18080", a second run's server
	# and client use it too.
	run_burrow -r "$ROOT" -n $NP self "$1" "$2" 18080 from-b
	expect netcoop_second_run_reaches_its_own_server$3 "bound 18080
ready
peer 18080
accepted 18080
got from-b"
	bg_done "$T/a"
	expect netcoop_first_run_reaches_its_own_server$3 "bound 18080
ready
peer 18080
accepted 18080
got from-a"
}

check_netcoop_udp() {	# ADDR SUFFIX
	run_burrow -r "$ROOT" -n $NP self udp "$1" 18080 dgram
	expect netcoop_udp_sendto_and_recvfrom$2 "bound 18080
ready
bound 18081
sent
got dgram from 18081"
	run_burrow -r "$ROOT" -n $NP self udpmsg "$1" 18080 dgram
	expect netcoop_udp_sendmsg_and_recvmsg$2 "bound 18080
ready
bound 18081
sent
got dgram from 18081"
}

# ---- -p IN:OUT ---------------------------------------------------------

check_port_map() {	# ADDR SUFFIX
	# The guest binds IN; a host client reaches it on OUT.
	out=$(free_port "$1")
	bg "$T/a" $IT_AS "$BURROW" -r "$ROOT" -p "18080:$out" $NP serve tcp "$1" 18080
	$IT_AS "$HNP" send tcp "$1" "$out" to-guest >"$T/h" 2>&1
	assert port_map_host_client_reaches_out$2 "the host client did not reach port $out" \
		grep -qx "peer $out" "$T/h"
	bg_done "$T/a"
	expect port_map_guest_server_binds_in$2 "bound 18080
ready
accepted 18080
got to-guest"

	# The guest connects to IN; a host server on OUT takes it.
	bg "$T/h" $IT_AS "$HNP" serve tcp "$1" 0
	out=$(bound_port "$T/h")
	run_burrow -r "$ROOT" -p "18080:$out" $NP send tcp "$1" 18080 to-host
	expect port_map_guest_client_sees_in$2 "peer 18080"
	bg_done "$T/h"
	expect port_map_host_server_on_out_reached$2 "bound $out
ready
accepted $out
got to-host"

	# UDP: sendto IN reaches a host socket on OUT.
	bg "$T/h" $IT_AS "$HNP" serve udp "$1" 0
	out=$(bound_port "$T/h")
	run_burrow -r "$ROOT" -p "18080:$out" $NP send udp "$1" 18080 dgram
	expect port_map_udp_sendto_in$2 "sent"
	bg_done "$T/h"
	expect port_map_udp_reaches_out$2 "bound $out
ready
got dgram"
}

check_netcoop_two_runs tcp 127.0.0.1 ""
check_netcoop_udp 127.0.0.1 ""
check_port_map 127.0.0.1 ""

# Within one run, ports behave as on one host: the port is taken.
run_burrow -r "$ROOT" -n $NP two 127.0.0.1 127.0.0.1 18080
expect netcoop_port_taken_twice_in_one_run "bound 18080
bind: EADDRINUSE" 1

if $HNP has ::1 >"$T/has6" 2>&1; then
	check_netcoop_two_runs tcp ::1 _ipv6
	check_netcoop_udp ::1 _ipv6
	check_port_map ::1 _ipv6
	# A server on both families: the second bind gets the same host port.
	run_burrow -r "$ROOT" -n $NP two 127.0.0.1 ::1 18080
	expect netcoop_port_on_both_families "bound 18080
bound 18080
peer 18080
accepted 18080
got second"
else
	skip_machine ports_ipv6 "no IPv6 loopback (::1): $(cat "$T/has6")"
fi

# A later -p for the same port wins, as in PRoot.
bg "$T/h" $IT_AS "$HNP" serve tcp 127.0.0.1 0
out=$(bound_port "$T/h")
run_burrow -r "$ROOT" -p 18080:1 -p "18080:$out" $NP send tcp 127.0.0.1 18080 last
expect port_map_last_p_wins "peer 18080"
bg_done "$T/h"

# ---- the command line --------------------------------------------------

for bad in 8080 0:80 80:0 80:65536 a:80 80: :80 -1:80 80:80x; do
	run_burrow -r "$ROOT" -p "$bad" $NP has 127.0.0.1
	expect_error "port_option_refuses_$(echo "$bad" | sed 's/[^a-z0-9]/_/g')" 125 "-p $bad"
done
run_burrow -r "$ROOT" --port=18080:18081 --netcoop $NP has 127.0.0.1
expect port_long_options ""
