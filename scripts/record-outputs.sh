#!/usr/bin/env bash
# Records the router's and a speaker's JSON outputs from a running lab into
# fixtures/recorded/<label>/, for the parsers' unit tests. It ends by restarting
# NODE_CONTAINER's speaker (the lab recovers by itself, as in scenario 06). Run it against a lab
# kept up with `npm run lab -- up --keep` (once with the default base image for
# FRR 10.x / GoBGP 3.36, once with LAB_BASE_IMAGE=debian:bookworm-slim for FRR 8.4 / GoBGP 3.10).
# Usage: scripts/record-outputs.sh LABEL [ROUTER_CONTAINER] [NODE_CONTAINER] [VIP] [NODE_PEER: the router's address on the node's network]
set -euo pipefail
label="$1"; router="${2:-anycast-frrtor}"; node="${3:-anycast-kind01-worker}"; vip="${4:-172.30.0.10}"; peer="${5:-10.20.0.101}"
out="fixtures/recorded/$label"
mkdir -p "$out"
vtysh() { docker exec "$router" vtysh -c "$1"; }
vtysh 'show version' | sed -n 1p > "$out/version.txt"  # sed reads to the end: no SIGPIPE under pipefail
vtysh 'show bgp ipv4 unicast summary json' > "$out/bgp-ipv4-unicast-summary.json"
vtysh 'show bgp summary json' > "$out/bgp-summary.json"
vtysh 'show bgp ipv4 unicast json' > "$out/bgp-ipv4-unicast-all.json"
vtysh "show bgp ipv4 unicast $vip/32 json" > "$out/bgp-vip.json"
vtysh 'show bgp ipv4 unicast 172.31.255.1/32 json' > "$out/bgp-missing.json"
vtysh "show ip route $vip/32 json" > "$out/route-vip.json"
vtysh 'show ip route 172.31.255.1/32 json' > "$out/route-missing.json"
vtysh 'show ip route json' > "$out/route-all.json"
docker exec "$router" ip -j -4 route show "$vip/32" > "$out/ip-route-vip.json"
docker exec "$router" ip -j -4 route show 172.31.255.1/32 > "$out/ip-route-missing.json"
docker exec "$node" gobgp --version > "$out/gobgp-version.txt"
docker exec "$node" gobgp neighbor -j > "$out/gobgp-neighbor.json"
docker exec "$node" gobgp global rib -j > "$out/gobgp-global-rib.json"
docker exec "$node" gobgp neighbor "$peer" -j > "$out/gobgp-neighbor-router.json"
# The router's kernel counters (TCP MD5 refusals among them).
docker exec "$router" cat /proc/net/netstat > "$out/router-proc-net-netstat.txt"
# Then a connection from the node without the TCP MD5 password: the router's kernel refuses its SYN and each resend.
docker exec "$node" bash -c "timeout 3.5 bash -c '</dev/tcp/$peer/179'" || true
docker exec "$router" cat /proc/net/netstat > "$out/router-proc-net-netstat-refused.txt"
# The router's per-neighbour history (counters, timestamps, graceful restart) and its log of session
# changes, steady; then the node's speaker is killed as restartSpeaker does (SIGKILL, no NOTIFICATION):
# once while the router holds the session in graceful restart, once after it came back with End-of-RIB.
vtysh 'show bgp neighbors json' > "$out/bgp-neighbors.json"
# The running speaker: its start in clock ticks since boot, the uptime and epoch read together, ticks
# per second, its version (what helpers/providers/emulated/speaker-upgrade.ts speakerProcessCommand runs).
speaker_process='pid=$(pgrep -xo gobgpd) || exit 3; read -r up _ < /proc/uptime; echo "$(cut -d" " -f22 /proc/$pid/stat) $up $(date +%s.%N) $(getconf CLK_TCK)"; "$(readlink /proc/$pid/exe)" --version'
node_address=$(docker exec "$node" sh -c "ip -4 -o addr show dev eth0 | awk '{print \$4}' | cut -d/ -f1")
ups() { docker exec "$router" grep -c "ADJCHANGE: neighbor $node_address(.*) in vrf default Up" /var/log/frr/frr.log || true; }
# RESTART_SUFFIX names a second restart recording, e.g. "-no-gr" on a lab whose peer config disables
# graceful restart (the router then deletes the listen-range neighbour and makes a new one). Record
# such a lab under a label of its own and copy its *-no-gr files beside the others.
suffix="${RESTART_SUFFIX:-}"
[ -z "$suffix" ] && docker exec "$node" sh -c "$speaker_process" > "$out/speaker-process.txt"
up_before=$(ups)
docker exec "$node" pkill -KILL -x gobgpd
vtysh 'show bgp neighbors json' > "$out/bgp-neighbors-restarting$suffix.json"
for _ in $(seq 150); do [ "$(ups)" -gt "$up_before" ] && break; sleep 0.2; done
sleep 1  # End-of-RIB follows the session's first updates
vtysh 'show bgp neighbors json' > "$out/bgp-neighbors-restarted$suffix.json"
[ -z "$suffix" ] && docker exec "$node" sh -c "$speaker_process" > "$out/speaker-process-restarted.txt"
docker exec "$router" grep -E 'ADJCHANGE|End-of-RIB' /var/log/frr/frr.log > "$out/frr-log-sessions$suffix.txt"
echo "recorded into $out"
