#!/usr/bin/env bash
# Debian packages the app and its GUI tests need: Xvfb (a virtual screen for pytest-xvfb), Mesa's
# software OpenGL (llvmpipe) and the X/xcb libraries Qt's xcb platform loads. Installs only what
# is missing; needs root (CI runs as root) or sudo.
set -euo pipefail
packages=(xvfb xauth libgl1 libegl1 libglx-mesa0 libgl1-mesa-dri libxrender1 libxi6 libxkbcommon0
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0 libfontconfig1
  libdbus-1-3 libglib2.0-0 fonts-dejavu-core)
# One dpkg-query for all of them: this runs before every ./run.sh and ./test.sh.
declare -A present=()
while read -r name status; do
  if [ "$status" = "install ok installed" ]; then present[$name]=1; fi
done < <(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null || true)
missing=()
for p in "${packages[@]}"; do
  if [ -z "${present[$p]:-}" ]; then missing+=("$p"); fi
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "installing system packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
