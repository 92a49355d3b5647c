#!/usr/bin/env bash
# Installs what `npm run bench` compares against: GNU grep, ripgrep (Debian `ripgrep`) and GNU time.
# Idempotent: does nothing when all are present.
set -euo pipefail
missing=()
grep --version 2>/dev/null | grep -q 'GNU grep' || missing+=(grep)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
[ -x /usr/bin/time ] || missing+=(time)
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo="sudo"
echo "bench-tools: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
