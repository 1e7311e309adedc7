#!/usr/bin/env bash
# The main job, from a fresh machine: set-up, build, then `sandcheck run` against the
# embedded default deployment. Prints the folder the reports were written to.
# Usage: bash ci/main.sh [extra sandcheck run options]
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/setup.sh
bash ci/build.sh
exec build/tools/sandcheck/sandcheck run fixtures/deployments/default.yaml "$@"
