#!/bin/sh
# start-janus.sh - run Janus 1.1.2 (VideoRoom plugin + HTTP transport only) strictly on loopback,
# as the reference SFU of the Plenum benchmark.
#
# Run it INSIDE a loopback-only network namespace that you created, for example:
#
#   apt-get install -y janus            # once, OUTSIDE the namespace (it has no network)
#   unshare -rn sh -c '
#     ip link set lo up
#     crates/plenum-bench/janus/start-janus.sh start     # prints the Janus PID, returns
#     ...run the benchmark / tests against http://127.0.0.1:8088/janus ...
#     crates/plenum-bench/janus/start-janus.sh stop'
#
# Commands:
#   start    (default) install janus if missing, create tun jlo0 (127.0.1.1/32, no IPv6, up, with a
#            holder process so it has carrier), render the configs from ./conf into the run dir,
#            start janus in the background, wait until GET /janus/info answers, print the PID.
#            Idempotent: if this run dir's Janus is alive and answering, it just prints its PID.
#   stop     stop Janus (SIGTERM, then SIGKILL after 10 s) and the jlo0 holder; remove jlo0.
#   status   print "running PID" / "stopped" (exit 0 / 1).
#   install  apt-get install -y janus (run this outside the namespace: apt needs the registry).
#
# Environment (all optional):
#   JANUS_HTTP_PORT      HTTP API port on 127.0.0.1                 (default 8088)
#   JANUS_RTP_PORTS      UDP port range for ICE/RTP, "min-max"       (default 20000-29999)
#   JANUS_DEBUG_LEVEL    0..7; 3 = warnings+errors (quiet), 4 = info (default 3)
#   JANUS_RUN_DIR        rendered configs, log, pid files       (default /tmp/plenum-janus-$PORT)
#   JANUS_START_TIMEOUT  seconds to wait for /janus/info              (default 20)
#   JANUS_ALLOW_ANY_NETNS=1  skip the check that only lo/jlo0 exist in this namespace.
#
# Janus never offers candidates on `lo`, hence the tun device: ICE is enforced on jlo0
# (ice_enforce_list = "jlo0"), so every Janus candidate is 127.0.1.1:<port in JANUS_RTP_PORTS>.
# The log is $JANUS_RUN_DIR/janus.log.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
PORT=${JANUS_HTTP_PORT:-8088}
RTP_PORTS=${JANUS_RTP_PORTS:-20000-29999}
DEBUG_LEVEL=${JANUS_DEBUG_LEVEL:-3}
RUN_DIR=${JANUS_RUN_DIR:-/tmp/plenum-janus-$PORT}
START_TIMEOUT=${JANUS_START_TIMEOUT:-20}
TUN=jlo0
TUN_ADDR=127.0.1.1/32
LIBDIR=/usr/lib/x86_64-linux-gnu/janus
INFO_URL="http://127.0.0.1:$PORT/janus/info"

log() { echo "start-janus: $*" >&2; }
die() { log "error: $*"; exit 1; }

pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
read_pid() { [ -f "$1" ] && cat "$1" 2>/dev/null || true; }

info_ok() {
	# Prints nothing; succeeds when the HTTP API answers {"janus": "server_info", ...}.
	if command -v curl >/dev/null 2>&1; then
		curl -s --max-time 2 "$INFO_URL" 2>/dev/null | grep -q '"server_info"'
	else
		python3 - "$INFO_URL" <<'EOF' 2>/dev/null
import sys, urllib.request
sys.exit(0 if b'"server_info"' in urllib.request.urlopen(sys.argv[1], timeout=2).read() else 1)
EOF
	fi
}

do_install() {
	command -v janus >/dev/null 2>&1 && [ -e "$LIBDIR/plugins/libjanus_videoroom.so" ] && return 0
	log "janus not installed; running apt-get install -y janus"
	if ! DEBIAN_FRONTEND=noninteractive apt-get install -y janus >&2; then
		die "apt-get install janus failed. Inside a loopback-only namespace apt cannot reach the registry: run '$0 install' (or 'apt-get update && apt-get install -y janus') outside the namespace first"
	fi
}

check_netns() {
	[ "${JANUS_ALLOW_ANY_NETNS:-0}" = 1 ] && return 0
	others=$(ip -o link show | awk -F': ' '{sub(/@.*/, "", $2); print $2}' | grep -v -x -e lo -e "$TUN" || true)
	[ -z "$others" ] || die "this network namespace has interfaces other than lo/$TUN ($(echo $others)). Run inside 'unshare -rn sh -c \"ip link set lo up; $0 start\"' (or set JANUS_ALLOW_ANY_NETNS=1)"
	ip -o link show lo | grep -q 'UP' || ip link set lo up
}

setup_tun() {
	fresh=0
	if ! ip link show "$TUN" >/dev/null 2>&1; then
		ip tuntap add dev "$TUN" mode tun
		fresh=1
	fi
	# A tun device without an attached file descriptor has no carrier (NO-CARRIER, state DOWN).
	# Keep one open so the link is really RUNNING (see README/PROTOCOL quirks). A new device
	# always needs a new holder: a pid left in the run dir by a killed run may belong to
	# another process by now.
	hpid=$(read_pid "$RUN_DIR/jlo0-holder.pid")
	if [ "$fresh" = 1 ] || ! pid_alive "$hpid"; then
		python3 -c '
import fcntl, os, signal, struct, sys
fd = os.open("/dev/net/tun", os.O_RDWR)
# TUNSETIFF, IFF_TUN | IFF_NO_PI
fcntl.ioctl(fd, 0x400454ca, struct.pack("16sH", sys.argv[1].encode(), 0x0001 | 0x1000))
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
while True:
    os.read(fd, 65536)   # drain whatever the kernel routes to the device (normally nothing)
' "$TUN" </dev/null >>"$RUN_DIR/jlo0-holder.log" 2>&1 &
		echo $! >"$RUN_DIR/jlo0-holder.pid"
	fi
	ip addr show dev "$TUN" | grep -q "inet ${TUN_ADDR%/*}/" || ip addr add "$TUN_ADDR" dev "$TUN"
	if [ -w "/proc/sys/net/ipv6/conf/$TUN/disable_ipv6" ]; then
		echo 1 >"/proc/sys/net/ipv6/conf/$TUN/disable_ipv6"
	fi
	ip link set "$TUN" up
	i=0
	while ! ip link show "$TUN" | grep -q 'LOWER_UP'; do
		i=$((i + 1)); [ $i -le 50 ] || die "$TUN has no carrier (holder: $RUN_DIR/jlo0-holder.log)"
		sleep 0.1
	done
}

render_conf() {
	rm -rf "$RUN_DIR/conf" "$RUN_DIR/plugins" "$RUN_DIR/transports" "$RUN_DIR/events" "$RUN_DIR/loggers"
	mkdir -p "$RUN_DIR/conf" "$RUN_DIR/plugins" "$RUN_DIR/transports" "$RUN_DIR/events" "$RUN_DIR/loggers"
	# Only the VideoRoom plugin and the HTTP transport are visible to Janus.
	ln -s "$LIBDIR/plugins/libjanus_videoroom.so" "$RUN_DIR/plugins/"
	ln -s "$LIBDIR/transports/libjanus_http.so" "$RUN_DIR/transports/"
	for f in "$HERE"/conf/*.jcfg; do
		sed -e "s#@CONF_DIR@#$RUN_DIR/conf#g" \
			-e "s#@RUN_DIR@#$RUN_DIR#g" \
			-e "s#@DEBUG_LEVEL@#$DEBUG_LEVEL#g" \
			-e "s#@RTP_PORTS@#$RTP_PORTS#g" \
			-e "s#@HTTP_PORT@#$PORT#g" \
			"$f" >"$RUN_DIR/conf/$(basename "$f")"
	done
}

do_start() {
	mkdir -p "$RUN_DIR"
	jpid=$(read_pid "$RUN_DIR/janus.pid")
	if pid_alive "$jpid" && info_ok; then
		log "already running on 127.0.0.1:$PORT"
		echo "$jpid"
		return 0
	fi
	pid_alive "$jpid" && { kill "$jpid" 2>/dev/null || true; sleep 1; }
	do_install
	check_netns
	setup_tun
	render_conf
	rm -f "$RUN_DIR/janus.pid"
	# -N: no stdout logging; -L: log file; -p: Janus writes its own PID.
	janus -F "$RUN_DIR/conf" -P "$RUN_DIR/plugins" -L "$RUN_DIR/janus.log" -N -o \
		-p "$RUN_DIR/janus.pid" </dev/null >>"$RUN_DIR/janus.stderr" 2>&1 &
	spid=$!
	i=0
	until info_ok; do
		if ! pid_alive "$spid"; then
			tail -n 30 "$RUN_DIR/janus.log" "$RUN_DIR/janus.stderr" >&2 2>/dev/null || true
			die "janus exited during start-up"
		fi
		i=$((i + 1)); [ $i -le $((START_TIMEOUT * 5)) ] || die "janus did not answer $INFO_URL within ${START_TIMEOUT}s"
		sleep 0.2
	done
	jpid=$(read_pid "$RUN_DIR/janus.pid")
	[ -n "$jpid" ] || jpid=$spid
	log "janus running on http://127.0.0.1:$PORT/janus (ICE on $TUN ${TUN_ADDR%/*}, RTP $RTP_PORTS, log $RUN_DIR/janus.log)"
	echo "$jpid"
}

do_stop() {
	jpid=$(read_pid "$RUN_DIR/janus.pid")
	if pid_alive "$jpid"; then
		kill -TERM "$jpid" 2>/dev/null || true
		i=0
		while pid_alive "$jpid" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
		pid_alive "$jpid" && kill -KILL "$jpid" 2>/dev/null || true
		log "janus ($jpid) stopped"
	else
		log "janus not running"
	fi
	rm -f "$RUN_DIR/janus.pid"
	hpid=$(read_pid "$RUN_DIR/jlo0-holder.pid")
	if pid_alive "$hpid"; then
		kill -TERM "$hpid" 2>/dev/null || true
		i=0
		while pid_alive "$hpid" && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
		pid_alive "$hpid" && kill -KILL "$hpid" 2>/dev/null || true
	fi
	rm -f "$RUN_DIR/jlo0-holder.pid"
	if ip link show "$TUN" >/dev/null 2>&1; then
		ip tuntap del dev "$TUN" mode tun 2>/dev/null || ip link del "$TUN" 2>/dev/null ||
			log "could not remove $TUN"
	fi
}

do_status() {
	jpid=$(read_pid "$RUN_DIR/janus.pid")
	if pid_alive "$jpid" && info_ok; then echo "running $jpid"; else echo stopped; return 1; fi
}

case "${1:-start}" in
	start) do_start ;;
	stop) do_stop ;;
	status) do_status ;;
	install) do_install ;;
	*) die "usage: $0 [start|stop|status|install]" ;;
esac
