#!/usr/bin/env bash
# Installs the Debian packages pedtx needs to build and test, when any is missing.
# Safe to run again: it does nothing when everything is present.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git python3 python3-jsonschema
  libhts-dev libboost-program-options-dev libtbb-dev nlohmann-json3-dev catch2
  chromium fonts-liberation poppler-utils  # HTML report test: headless browser, pdftotext/pdfinfo
  snakemake bcftools
  clang libclang-rt-14-dev  # libFuzzer targets (scripts/fuzz.sh)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "pedtx: build dependencies present"
  exit 0
fi

echo "pedtx: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  apt=(apt-get)
elif command -v sudo >/dev/null 2>&1; then
  apt=(sudo apt-get)
else
  echo "pedtx: error: missing packages ${missing[*]}; run as root: apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${apt[@]}" update -qq
"${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}"
