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
    shopt -s nullglob
    for f in "$dir"/*.tar; do docker load -i "$f"; done
    ;;
  save)
    # Only what this run used: the folder is the cache's whole content.
    rm -f "$dir"/*.tar
    platform=()
    if docker info --format '{{json .DriverStatus}}' | grep 'io.containerd.snapshotter' >/dev/null; then
      platform=(--platform "linux/$(dpkg --print-architecture 2>/dev/null || echo amd64)")
    fi
    images=$(docker image ls --format '{{.Repository}}:{{.Tag}}' | { grep -E '^(quay\.io/cilium/|nginxdemos/|kindest/node:)' || true; } | { grep -v '<none>' || true; })
    for image in $images; do
      docker save "${platform[@]}" --output "$dir/$(echo "$image" | tr '/:@' '___').tar" "$image" || echo "not cached: $image" >&2
    done
    ;;
  *) echo "usage: $0 save|load DIR" >&2; exit 2 ;;
esac
