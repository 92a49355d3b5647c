#!/usr/bin/env bash
# Installs what `npm run test:report-ui` needs: Debian chromium and a Chinese font (the zh-cn screenshot
# must show glyphs, not boxes), playwright-core and axe-core from npm. Idempotent: each part is skipped
# when already there. Tools go to $GRPC_DOCTOR_TOOLS (default: <repo>/.tools/e2e, shared with the e2e).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=${GRPC_DOCTOR_TOOLS:-$ROOT/.tools/e2e}
PW_VERSION=${PW_VERSION:-1.65.1}
AXE_VERSION=${AXE_VERSION:-4.14.1}
mkdir -p "$T"

if ! command -v chromium >/dev/null || ! dpkg -s fonts-wqy-microhei >/dev/null 2>&1; then
  echo "report-ui setup: apt-get install chromium fonts-wqy-microhei"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
fi

if [ ! -f "$T/pw/node_modules/playwright-core/package.json" ] || ! grep -q "\"version\": \"$PW_VERSION\"" "$T/pw/node_modules/playwright-core/package.json"; then
  echo "report-ui setup: playwright-core@$PW_VERSION"
  npm install --prefix "$T/pw" --no-save --no-package-lock --no-audit --no-fund "playwright-core@$PW_VERSION" >/dev/null
fi

if [ ! -f "$T/axe/node_modules/axe-core/package.json" ] || ! grep -q "\"version\": \"$AXE_VERSION\"" "$T/axe/node_modules/axe-core/package.json"; then
  echo "report-ui setup: axe-core@$AXE_VERSION"
  npm install --prefix "$T/axe" --no-save --no-package-lock --no-audit --no-fund "axe-core@$AXE_VERSION" >/dev/null
fi
