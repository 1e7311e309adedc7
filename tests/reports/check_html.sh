#!/usr/bin/env bash
# Opens report.html in headless Chromium from a file:// URL, checks the DOM as it stands
# after the page's scripts ran, and keeps a screenshot for people to look at.
# Chromium runs in a fresh network namespace when it can (as root), so it cannot reach any
# network at all; the flags below also switch off its own background traffic.
# Usage: check_html.sh CHROMIUM REPORT_HTML SCREENSHOT_PNG [EXPECTED_DOM_TEXT...]
set -euo pipefail

chromium=$1 html=$2 screenshot=$3
shift 3
[[ -s $html ]] || { echo "check_html: no report at $html" >&2; exit 1; }
url="file://$(realpath "$html")"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
isolate=()
if unshare --net true 2>/dev/null; then isolate=(unshare --net); fi

browse() {
  timeout 120 "${isolate[@]}" "$chromium" --headless --no-sandbox --disable-gpu \
    --disable-quic --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --disable-default-apps --disable-domain-reliability --disable-breakpad \
    --no-pings --user-data-dir="$(mktemp -d "$work/profile-XXXXXX")" "$@" "$url"
}

if ! browse --dump-dom >"$work/dom.html" 2>"$work/chromium.log"; then
  echo "check_html: chromium --dump-dom failed:" >&2
  tail -20 "$work/chromium.log" >&2
  exit 1
fi

missing=0
# The script marks the page when it has run; the rest is what a reviewer must find.
for expected in 'data-script="ready"' 'id="toolbar"' "$@"; do
  if ! grep -qF -- "$expected" "$work/dom.html"; then
    echo "check_html: rendered DOM lacks: $expected" >&2
    missing=1
  fi
done
((missing == 0)) || exit 1

rm -f "$screenshot"
if ! browse --screenshot="$screenshot" --window-size=1280,2000 >/dev/null 2>"$work/chromium.log" ||
  [[ $(head -c 8 "$screenshot" 2>/dev/null | od -An -tx1 | tr -d ' \n') != 89504e470d0a1a0a ]]; then
  echo "check_html: no PNG screenshot at $screenshot:" >&2
  tail -20 "$work/chromium.log" >&2
  exit 1
fi
echo "check_html: DOM checks passed; screenshot at $screenshot"
