#!/usr/bin/env bash
# Builds the libFuzzer target for the deployment parser with clang and runs it briefly,
# seeded with the real fixtures. A crash fails the script and leaves the reproducer in
# build-fuzz/crashes/.
# Usage: bash ci/fuzz.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target deployment_parser_fuzz
mkdir -p build-fuzz/corpus build-fuzz/crashes
cp fixtures/deployments/*.yaml build-fuzz/corpus/
build-fuzz/tests/fuzz/deployment_parser_fuzz -max_total_time="$seconds" -max_len=4096 \
  -dict=tests/fuzz/deployment.dict \
  -artifact_prefix=build-fuzz/crashes/ build-fuzz/corpus tests/fuzz/regressions 2>build-fuzz/fuzz.log ||
  { tail -40 build-fuzz/fuzz.log >&2; exit 1; }
grep -E "^Done|#[0-9]+.*DONE" build-fuzz/fuzz.log | tail -1 >&2
echo "ci/fuzz.sh: deployment parser fuzzed for ${seconds}s without a crash" >&2
