#!/usr/bin/env bash
# The project's tests, from a fresh machine: set-up, a Docker engine, build, ctest, a short
# fuzz run. A dockerd started here keeps running; ci/dockerd.sh prints its pid file.
# Usage: bash ci/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/setup.sh
# The docker substrate's tests need an engine; they skip loudly when none answers.
bash ci/dockerd.sh || echo "ci/test.sh: WARNING: no Docker engine answers; the docker tests will skip" >&2
bash ci/build.sh
# Tests that start sandboxes share runtimes and cgroups; two jobs keeps this 2-core machine honest.
ctest --preset default -j2
bash ci/fuzz.sh
