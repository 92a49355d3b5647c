#!/bin/sh
# Installs Neovim (Debian package) for the editor test. Idempotent: does nothing when nvim is on PATH.
# Exit 0 = nvim available; exit 2 = cannot install here (no root / no apt-get), the test then skips.
set -u
if command -v nvim >/dev/null 2>&1; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then echo "neovim.sh: apt-get not available" >&2; exit 2; fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "neovim.sh: need root (or passwordless sudo) to apt-get install neovim" >&2; exit 2
  fi
fi
export DEBIAN_FRONTEND=noninteractive
# The package index may be stale or missing on a fresh machine: update only when the first try fails.
$SUDO apt-get install -y -q --no-install-recommends neovim >/dev/null 2>&1 \
  || { $SUDO apt-get update -q >/dev/null 2>&1 && $SUDO apt-get install -y -q --no-install-recommends neovim >/dev/null 2>&1; } \
  || { echo "neovim.sh: apt-get install neovim failed" >&2; exit 2; }
command -v nvim >/dev/null 2>&1 || { echo "neovim.sh: nvim still not on PATH" >&2; exit 2; }
