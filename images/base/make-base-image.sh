#!/usr/bin/env bash
# Makes the lab's base image locally from Debian's packages when it is missing.
# Every lab image is built FROM this one tag. On a machine that can pull from a
# registry, `docker pull debian:trixie-slim` gives the same tag and this script
# does nothing; where no registry is reachable it bootstraps the same suite.
set -euo pipefail

image="${LAB_BASE_IMAGE:-debian:trixie-slim}"
# The suite the tag names (debian:bookworm-slim -> bookworm), unless LAB_BASE_SUITE says otherwise:
# LAB_BASE_IMAGE alone must not bootstrap trixie under a bookworm tag.
tag_suite=$(sed -nE 's/^debian:([a-z]+)(-slim)?$/\1/p' <<<"$image")
suite="${LAB_BASE_SUITE:-${tag_suite:-trixie}}"

# The Debian mirror this machine's own apt uses (LAB_DEBIAN_MIRROR overrides it): the first
# source URI whose path ends in /debian, from deb822 files (URIs:) or one-line ones (deb URI suite).
machine_mirror() {
  local uri
  uri=$( { cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ {for (i = 2; i <= NF; i++) print $i}';
           cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '/^deb / {for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) {print $i; break}}'; } \
         | grep -E '/debian/?$' | head -n 1)
  echo "${uri%/}"
}

if docker image inspect "$image" >/dev/null 2>&1; then
  echo "base image $image: present"
  exit 0
fi

if [ "${LAB_BASE_TRY_PULL:-1}" = 1 ] && timeout 60 docker pull "$image" >/dev/null 2>&1; then
  echo "base image $image: pulled"
  exit 0
fi

if ! command -v debootstrap >/dev/null 2>&1; then
  echo "base image $image is missing, no registry answered, and debootstrap is not installed." >&2
  echo "Install it (apt-get install -y debootstrap) or pull $image on a connected machine." >&2
  exit 1
fi

mirror="${LAB_DEBIAN_MIRROR:-$(machine_mirror)}"
if [ -z "$mirror" ]; then
  echo "base image $image is missing, no registry answered, and this machine's apt sources name no Debian mirror." >&2
  echo "Set LAB_DEBIAN_MIRROR to a Debian mirror's URL (the folder that holds dists/ and pool/)." >&2
  exit 1
fi

root="$(mktemp -d /tmp/lab-base-rootfs.XXXXXX)"
trap 'rm -rf "$root"' EXIT
echo "base image $image: bootstrapping Debian $suite from $mirror (about a minute)"
debootstrap --variant=minbase "$suite" "$root" "$mirror" >/tmp/lab-base-debootstrap.log 2>&1 || {
  echo "debootstrap failed; last lines of /tmp/lab-base-debootstrap.log:" >&2
  tail -n 20 /tmp/lab-base-debootstrap.log >&2
  exit 1
}
# Keep the image close to the official slim one: no apt lists or caches.
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb
tar -C "$root" -c . | docker import --change 'CMD ["bash"]' - "$image" >/dev/null
echo "base image $image: imported"
