#!/usr/bin/env bash
# Installs what `npm run test:differential` needs: grpcio in .tools/venv (PyPI) and the Go probe
# in test/differential/go built against google.golang.org/grpc (Go module proxy) into .tools/bin.
# Idempotent and fast when everything is already there.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
tools="$root/.tools"
mkdir -p "$tools/bin"

if ! "$tools/venv/bin/python" -c 'import grpc' 2>/dev/null; then
  python3 -m venv "$tools/venv"
  "$tools/venv/bin/pip" install --quiet --disable-pip-version-check 'grpcio>=1.60'
fi

probe="$tools/bin/sc-probe-go"
src="$root/test/differential/go"
if [ ! -x "$probe" ] || [ -n "$(find "$src" -newer "$probe" -type f 2>/dev/null)" ]; then
  (cd "$src" && GOFLAGS=-mod=mod go build -o "$probe" .)
fi
echo "differential tools ready: $("$tools/venv/bin/python" -c 'import grpc; print("grpcio", grpc.__version__)'), $(cd "$src" && go list -m -f '{{.Path}} {{.Version}}' google.golang.org/grpc)"
