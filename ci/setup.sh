#!/usr/bin/env bash
# Installs everything sandcheck needs on a fresh Debian 12 machine. Idempotent: packages
# already present are not fetched again, so a rerun takes a second.
# Usage: bash ci/setup.sh   (as root)
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ clang libclang-rt-14-dev pkg-config git
  # libraries (Debian's only)
  libboost-dev libboost-filesystem-dev libboost-program-options-dev
  libyaml-cpp-dev nlohmann-json3-dev libfmt-dev libcurl4-openssl-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  # sandboxes
  runc crun runsc busybox-static util-linux
  # the docker substrate (dockerd from Debian; images are imported, never pulled)
  docker.io curl python3
  # the native substrate's wrappers (srt itself comes from npm, below)
  bubblewrap socat ripgrep
  # the hermetic network world
  iproute2 nftables mitmproxy dnsmasq-base
  # the kind cluster: its node rootfs (debootstrap) and the API relay into the node (socat)
  debootstrap socat
  # report validation
  libxml2-utils
  # reports: libxml2 writes JUnit; Chromium renders the HTML report in tests; jsonschema
  # validates results.json and results.sarif
  libxml2-dev chromium python3-jsonschema
)

if [[ $(id -u) -ne 0 ]]; then
  echo "ci/setup.sh: must run as root (it installs packages and runtimes need root)" >&2
  exit 1
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done

if ((${#missing[@]})); then
  echo "ci/setup.sh: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The claude-code image (docs/agent.md) fetches Claude Code with `npm pack` and its Debian base
# with `apt-get download`: any npm will do (a machine may have one from its nodejs package), and
# apt must know the archive's packages.
if ! apt-cache show libc6 bash libtinfo6 >/dev/null 2>&1; then
  apt-get update -qq
fi
if ! command -v npm >/dev/null; then
  echo "ci/setup.sh: installing npm" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null
fi

# The native substrate's srt: Anthropic's sandbox-runtime from the npm registry, at the version
# clusters/native/sandbox-runtime.version pins, in a directory of its own per version (its
# node_modules is what srt runs from; node and npm are whatever this machine has).
srt_version=$(head -n1 "$(dirname "$0")/../clusters/native/sandbox-runtime.version")
srt_dir=/opt/sandcheck/sandbox-runtime/$srt_version
if [[ ! -f $srt_dir/node_modules/@anthropic-ai/sandbox-runtime/dist/cli.js ]]; then
  echo "ci/setup.sh: installing @anthropic-ai/sandbox-runtime@$srt_version into $srt_dir" >&2
  mkdir -p "$srt_dir"
  npm install --prefix "$srt_dir" --no-audit --no-fund --no-save --loglevel=error \
    "@anthropic-ai/sandbox-runtime@$srt_version" >/dev/null
fi

# dockerd learns runsc (and its quirks as runtime arguments, see docs/docker-substrate.md)
# from daemon.json; an existing file keeps its other settings, and only our runtimes are set.
python3 - "$(dirname "$0")/docker-daemon.json" /etc/docker/daemon.json <<'PY'
import json, os, sys
ours = json.load(open(sys.argv[1]))
path = sys.argv[2]
current = json.load(open(path)) if os.path.exists(path) else {}
merged = dict(ours) if not current else dict(current)
merged.setdefault("runtimes", {}).update(ours["runtimes"])
if merged != current:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    json.dump(merged, open(path, "w"), indent=2)
    print("ci/setup.sh: wrote " + path, file=sys.stderr)
PY

for tool in runc crun runsc busybox ip nft cmake ninja dockerd npm dpkg-deb ldconfig bwrap socat rg; do
  command -v "$tool" >/dev/null || { echo "ci/setup.sh: $tool missing after install" >&2; exit 1; }
done
echo "ci/setup.sh: all ${#packages[@]} packages present" >&2
