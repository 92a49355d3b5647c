#!/usr/bin/env bash
# grpcio (current, from PyPI) in .tools/venv, for py_compile + import checks and runtime checks. Idempotent.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/.tools/venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
if ! "$venv/bin/python" -c 'import grpc' >/dev/null 2>&1; then
  "$venv/bin/pip" install -q --disable-pip-version-check 'grpcio>=1.60'
fi
"$venv/bin/python" -c 'import grpc; print("grpcio", grpc.__version__)'
