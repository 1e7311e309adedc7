#!/usr/bin/env bash
# Starts dockerd when no Docker engine answers on /var/run/docker.sock. Idempotent: an engine
# that answers (ours or anyone's) is left alone. A daemon started here writes its pid to
# /run/sandcheck-dockerd.pid (printed on stdout); stop it with `kill "$(cat <that file>)"`,
# never by name. Every wait has a deadline.
# Usage: bash ci/dockerd.sh   (as root, after ci/setup.sh)
set -euo pipefail

socket=/var/run/docker.sock
pidfile=/run/sandcheck-dockerd.pid
log=/var/log/sandcheck-dockerd.log
deadline_s=${SANDCHECK_DOCKERD_DEADLINE:-60}

answers() {
  curl -sf --max-time 3 --unix-socket "$socket" http://localhost/_ping >/dev/null 2>&1
}

if answers; then
  echo "ci/dockerd.sh: an engine already answers on $socket" >&2
  # Only a daemon this script started has a pid file here; another is not ours to stop.
  [[ -f $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null && echo "$pidfile"
  exit 0
fi
command -v dockerd >/dev/null || { echo "ci/dockerd.sh: dockerd missing; run ci/setup.sh" >&2; exit 1; }

# A pid file whose daemon is gone would make dockerd refuse to start.
if [[ -f $pidfile ]] && ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then rm -f "$pidfile"; fi

echo "ci/dockerd.sh: starting dockerd (log $log)" >&2
setsid dockerd --pidfile "$pidfile" --host "unix://$socket" >>"$log" 2>&1 </dev/null &

for ((i = 0; i < deadline_s * 4; i++)); do
  if answers; then
    echo "ci/dockerd.sh: dockerd answers (pid $(cat "$pidfile"), pid file $pidfile)" >&2
    echo "$pidfile"
    exit 0
  fi
  sleep 0.25
done
echo "ci/dockerd.sh: dockerd did not answer within ${deadline_s}s; tail of $log:" >&2
tail -n 20 "$log" >&2
exit 1
