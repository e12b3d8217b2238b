#!/bin/sh
# Install what prodclass needs to build, test and benchmark on Debian (run as root).
#   scripts/install-deps.sh          build and test dependencies
#   scripts/install-deps.sh --bench  also the peers the benchmarks compare against
set -eu
export DEBIAN_FRONTEND=noninteractive
build="build-essential autoconf automake pkg-config
 libarchive-dev libzstd-dev libyaml-dev libopenblas-dev libjpeg62-turbo-dev
 libutf8proc-dev libxxhash-dev libssl-dev check libmicrohttpd-dev libjansson-dev"
# prometheus for promtool, prometheus-node-exporter and curl for tests/cmd/node-exporter.test;
# python3-yaml for the run store's check against MLflow's reading rules; chromium for the
# loop's report page; time (GNU time) for the loop's record of each step's resources;
# util-linux for flock; pc-serve's tests use curl, python3 and chromium (its page is driven
# through playwright-core from npm when node is there)
test="python3 python3-numpy python3-scipy python3-yaml libjpeg-turbo-progs valgrind zstd clang
 libclang-rt-14-dev prometheus prometheus-node-exporter curl chromium time util-linux"
bench="python3-sklearn python3-pil fasttext hyperfine bc wrk"
pkgs="$build $test"
[ "${1:-}" = --bench ] && pkgs="$pkgs $bench"
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $pkgs
# the page test of pc-serve drives chromium with playwright-core (npm); without node it
# only loads the page with --dump-dom
if command -v npm >/dev/null 2>&1 && ! [ -d "$(npm root -g)/playwright-core" ]; then
	npm install -g --no-fund --no-audit playwright-core >/dev/null 2>&1 ||
		echo "install-deps: npm install -g playwright-core failed: the page test will skip its browser part" >&2
fi
