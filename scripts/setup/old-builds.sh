#!/usr/bin/env bash
# The older gRPC builds Debian 12 ships, for the capture harness (scripts/capture/run.mjs,
# implementations grpcio-deb, grpcpp-deb, grpc-go-deb, ruby-deb). Idempotent.
#   python3-grpcio 1.51        run with /usr/bin/python3
#   libgrpc++-dev 1.51         the C++ client/server in scripts/capture/cpp (g++ + pkg-config grpc++)
#   golang-google-grpc-dev     grpc-go 1.33 sources in /usr/share/gocode (built with GOPATH, GO111MODULE=off;
#                              golang-google-protobuf-dev for protowire)
#   ruby-grpc 1.51             the Ruby client/server in scripts/capture/ruby
set -euo pipefail
pkgs=(python3-grpcio libgrpc++-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc pkg-config g++ golang-google-grpc-dev golang-google-protobuf-dev ruby ruby-grpc)
if dpkg -s "${pkgs[@]}" >/dev/null 2>&1; then exit 0; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
