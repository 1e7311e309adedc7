#!/usr/bin/env bash
# The project's tests, from a fresh machine: set-up, a Docker engine, build, the kind cluster,
# ctest, a short fuzz run. A dockerd started here keeps running; ci/dockerd.sh prints its pid file.
# Usage: bash ci/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/setup.sh
# The Kubernetes substrate's parts build from the Go module proxy (cached by version outside the
# clone) at the lowest priority while the C++ builds; they print one line per binary.
bash ci/k8s-parts.sh >&2 &
parts=$!
# The docker substrate's tests need an engine; they skip loudly when none answers.
bash ci/dockerd.sh || echo "ci/test.sh: WARNING: no Docker engine answers; the docker tests will skip" >&2
bash ci/build.sh
# The kind cluster: the node image (cached by its inputs), then one cluster shared by every test
# (reused when it still answers). The kind tests fail, not skip, without it.
wait "$parts" || { echo "ci/test.sh: building the Kubernetes parts failed" >&2; exit 1; }
bash ci/kind-node-image.sh
bash clusters/kind/cluster.sh up
export SANDCHECK_REQUIRE_KIND=1
# Tests that start sandboxes share runtimes and cgroups; two jobs keeps this 2-core machine honest.
ctest --preset default -j2
bash ci/fuzz.sh
