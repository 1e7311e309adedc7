#!/usr/bin/env bash
# Runs the real CLI on a hardened reference deployment, in a state directory of its own, and
# checks that every check held (exit 0) and that it wrote the four reports, with the exit code
# results.json records. The validators run as separate tests.
# Usage: run_cli_reports.sh SANDCHECK DEPLOYMENT_FILE REPORT_DIR PYTHON3
set -euo pipefail

sandcheck=$1 deployment=$2 out=$3 python=$4
rm -rf "$out"
state=$(mktemp -d /tmp/sandcheck-cli-state-XXXXXX)
trap 'rm -rf "$state"' EXIT
# Secrets in the harness's own environment, where a careless evidence collector would find
# them; none may reach any report file or artifact.
planted_key="sk-ant-api03-sandcheck-planted-$RANDOM$RANDOM$RANDOM"
planted_token="ghp_sandcheckPlanted$RANDOM$RANDOM$RANDOM"
set +e
ANTHROPIC_API_KEY=$planted_key GITHUB_TOKEN=$planted_token \
  "$sandcheck" run "$deployment" --report-dir "$out" --state-dir "$state"
code=$?
set -e
if ((code != 0)); then
  echo "run_cli_reports: sandcheck run exited $code; the reference must hold every promise" \
    "(1: a check failed or errored, 2: bad usage or deployment, 3: harness)" >&2
  exit 1
fi
for file in junit.xml report.html results.json results.sarif; do
  [[ -s $out/$file ]] || { echo "run_cli_reports: $out/$file missing or empty" >&2; exit 1; }
done
if grep -rlF -e "$planted_key" -e "$planted_token" "$out"; then
  echo "run_cli_reports: a planted secret reached the files above" >&2
  exit 1
fi
recorded=$("$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["run"]["exit_code"])' \
  "$out/results.json")
if [[ $recorded != "$code" ]]; then
  echo "run_cli_reports: sandcheck exited $code but results.json records $recorded" >&2
  exit 1
fi
echo "run_cli_reports: sandcheck run exited $code; reports in $out"
