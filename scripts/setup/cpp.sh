#!/usr/bin/env bash
# Debian's gRPC C++ headers/libs and the protoc gRPC plugin, for `g++ -fsyntax-only` checks. Idempotent.
set -euo pipefail
pkgs=(libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler pkg-config)
if dpkg -s "${pkgs[@]}" >/dev/null 2>&1; then exit 0; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
