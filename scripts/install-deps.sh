#!/bin/sh
# Install what prodclass needs to build, test and benchmark on Debian (run as root).
#   scripts/install-deps.sh          build and test dependencies
#   scripts/install-deps.sh --bench  also the peers the benchmarks compare against
set -eu
export DEBIAN_FRONTEND=noninteractive
build="build-essential autoconf automake pkg-config
 libarchive-dev libzstd-dev libyaml-dev libopenblas-dev libjpeg62-turbo-dev
 libutf8proc-dev libxxhash-dev libssl-dev check"
# prometheus for promtool, prometheus-node-exporter and curl for tests/cmd/node-exporter.test;
# python3-yaml for the run store's check against MLflow's reading rules; chromium for the
# loop's report page; time (GNU time) for the loop's record of each step's resources;
# util-linux for flock
test="python3 python3-numpy python3-scipy python3-yaml libjpeg-turbo-progs valgrind zstd clang
 libclang-rt-14-dev prometheus prometheus-node-exporter curl chromium time util-linux"
bench="python3-sklearn python3-pil fasttext hyperfine bc"
pkgs="$build $test"
[ "${1:-}" = --bench ] && pkgs="$pkgs $bench"
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $pkgs
