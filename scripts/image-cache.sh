#!/usr/bin/env bash
# Keeps the images a kind run pulls by tag (Cilium's, the workload's) between
# CI runs: `save DIR` writes each present one to DIR, for this host's
# platform when Docker uses the containerd image store (a whole multi-arch
# export could not be loaded back: kind issues 3795, 4066); `load DIR` loads them.
# Not kindest/node: the lab names it by digest, which a loaded image does not
# answer to (`docker load` restores tags, not the registry digest a pull
# recorded), and an image pulled by digest alone has no tag to save it by.
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
    images=$(docker image ls --format '{{.Repository}}:{{.Tag}}' | { grep -E '^(quay\.io/cilium/|nginxdemos/)' || true; } | { grep -v '<none>' || true; })
    for image in $images; do
      docker save "${platform[@]}" --output "$dir/$(echo "$image" | tr '/:@' '___').tar" "$image" || echo "not cached: $image" >&2
    done
    ;;
  *) echo "usage: $0 save|load DIR" >&2; exit 2 ;;
esac
