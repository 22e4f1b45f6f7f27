#!/usr/bin/env bash
# Installs what edgerun needs to build and test on Debian 12, and nothing else.
#
# - System -dev packages come from apt (installed only when missing).
# - libnode108 / libnode-dev (V8 10.2) and node-llhttp conflict with, or depend on, Debian's
#   nodejs, which clashes with the machine's NodeSource Node.js. They are therefore fetched with
#   `apt-get download` and unpacked with `dpkg -x` into third_party/prefix (git-ignored).
#
# Idempotent: when everything is present it does no network work and returns in well under 2 s.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
prefix="$here/prefix"
debs="$here/debs"

# Runtime libraries libnode108 links against, plus our own build and test dependencies.
apt_packages=(
  build-essential cmake ninja-build pkg-config ccache
  libuv1-dev libsimdjson-dev libtomlplusplus-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libssl-dev libcurl4-openssl-dev zlib1g-dev libbrotli-dev libicu-dev
  libc-ares2 libnghttp2-14 libbrotli1 libicu72 libuv1
  clang libclang-rt-14-dev curl
)
unpacked_packages=(libnode108 libnode-dev node-llhttp)

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for p in "${apt_packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

stamp="$prefix/.unpacked"
want="${unpacked_packages[*]}"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "bootstrap: fetching ${unpacked_packages[*]} into $prefix"
  rm -rf "$prefix" "$debs"
  mkdir -p "$prefix" "$debs"
  if ! (cd "$debs" && apt-get download "${unpacked_packages[@]}" >/dev/null 2>&1); then
    sudo_if_needed apt-get update -qq
    (cd "$debs" && apt-get download "${unpacked_packages[@]}")
  fi
  for deb in "$debs"/*.deb; do dpkg -x "$deb" "$prefix"; done
  # libnode-dev ships only the unversioned symlink's target name; make sure libnode.so exists.
  libdir="$prefix/usr/lib/x86_64-linux-gnu"
  [ -e "$libdir/libnode.so" ] || ln -s libnode.so.108 "$libdir/libnode.so"
  echo "$want" > "$stamp"
fi
echo "bootstrap: ready ($prefix)"
