#!/usr/bin/env bash
# Keeps the images a kind run pulls (Cilium's, the workload's, kindest/node)
# between CI runs: `save DIR` writes each present one to DIR, for this host's
# platform when Docker uses the containerd image store (a whole multi-arch
# export could not be loaded back: kind issues 3795, 4066); `load DIR` loads them.
# Usage: scripts/image-cache.sh save|load DIR
set -euo pipefail
action="$1"; dir="$2"
mkdir -p "$dir"
case "$action" in
  load)
    for f in "$dir"/*.tar; do [ -e "$f" ] && docker load -i "$f"; done
    ;;
  save)
    platform=()
    if docker info --format '{{json .DriverStatus}}' | grep -q 'io.containerd.snapshotter'; then
      platform=(--platform "linux/$(dpkg --print-architecture 2>/dev/null || echo amd64)")
    fi
    docker image ls --format '{{.Repository}}:{{.Tag}}' | grep -E '^(quay\.io/cilium/|nginxdemos/|kindest/node:)' | grep -v '<none>' | while read -r image; do
      docker save "${platform[@]}" --output "$dir/$(echo "$image" | tr '/:@' '___').tar" "$image"
    done
    ;;
  *) echo "usage: $0 save|load DIR" >&2; exit 2 ;;
esac
