#!/usr/bin/env bash
# Tools `npm run kb:verify` needs: the registries' own clients (pip, go, npm, mvn, cargo) and unzip/tar.
# The clients come with the machine image; unzip is installed from Debian's packages when missing.
set -euo pipefail
missing=()
for tool in pip go npm mvn cargo; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if ((${#missing[@]})); then
  echo "kb:verify needs ${missing[*]} (the package registries' clients) on the PATH" >&2
  exit 1
fi
if ! command -v unzip >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq unzip >/dev/null
fi
