#!/usr/bin/env bash
# Runs the real CLI on a deployment and checks it wrote the four reports, with an exit
# code that matches the one results.json records. The validators run as separate tests.
# Usage: run_cli_reports.sh SANDCHECK DEPLOYMENT_FILE REPORT_DIR PYTHON3
set -euo pipefail

sandcheck=$1 deployment=$2 out=$3 python=$4
rm -rf "$out"
set +e
"$sandcheck" run "$deployment" --report-dir "$out"
code=$?
set -e
if ((code > 1)); then
  echo "run_cli_reports: sandcheck run exited $code (2: bad usage or deployment, 3: harness)" >&2
  exit 1
fi
for file in junit.xml report.html results.json results.sarif; do
  [[ -s $out/$file ]] || { echo "run_cli_reports: $out/$file missing or empty" >&2; exit 1; }
done
recorded=$("$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["run"]["exit_code"])' \
  "$out/results.json")
if [[ $recorded != "$code" ]]; then
  echo "run_cli_reports: sandcheck exited $code but results.json records $recorded" >&2
  exit 1
fi
echo "run_cli_reports: sandcheck run exited $code; reports in $out"
