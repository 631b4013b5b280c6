#!/usr/bin/env bash
# Records the router's and a speaker's JSON outputs from a running lab into
# fixtures/recorded/<label>/, for the parsers' unit tests. Run it against a lab
# kept up with `npm run lab -- up --keep` (once with the default base image for
# FRR 10.x / GoBGP 3.36, once with LAB_BASE_IMAGE=debian:bookworm-slim for FRR 8.4 / GoBGP 3.10).
# Usage: scripts/record-outputs.sh LABEL [ROUTER_CONTAINER] [NODE_CONTAINER] [VIP]
set -euo pipefail
label="$1"; router="${2:-anycast-frrtor}"; node="${3:-anycast-kind01-worker}"; vip="${4:-172.30.0.10}"
out="fixtures/recorded/$label"
mkdir -p "$out"
vtysh() { docker exec "$router" vtysh -c "$1"; }
vtysh 'show version' | head -n 1 > "$out/version.txt"
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
echo "recorded into $out"
