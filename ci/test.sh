#!/usr/bin/env bash
# The project's tests, from a fresh machine: set-up, build, ctest, a short fuzz run.
# Usage: bash ci/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/setup.sh
bash ci/build.sh
# Tests that start sandboxes share runtimes and cgroups; two jobs keeps this 2-core machine honest.
ctest --preset default -j2
bash ci/fuzz.sh
