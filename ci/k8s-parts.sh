#!/usr/bin/env bash
# Builds the Kubernetes substrate's parts (Kubernetes, etcd, containerd, crictl, CNI plugins, kind,
# the agent-sandbox controller, gVisor's runsc and shim, CoreDNS, kube-router, local-path-provisioner) from the Go module proxy, pinned by the go.mod files under
# clusters/kind/parts/, into /var/cache/sandcheck/k8s-parts/<hash>/bin. The hash covers every
# go.mod, go.sum and this script, so a second run with nothing changed returns at once.
# Runs at the lowest CPU and I/O priority: it shares the machine with everything else.
#
#   ci/k8s-parts.sh            build (or reuse) and print the bin directory on the last line
#   ci/k8s-parts.sh --print    print the bin directory it would use, build nothing
set -euo pipefail

if [[ -z "${SANDCHECK_PARTS_NICED:-}" ]]; then
  export SANDCHECK_PARTS_NICED=1
  exec nice -n 19 ionice -c3 "$0" "$@"
fi

script="$(realpath "$0")"
root="$(dirname "$(dirname "$script")")"
parts="$root/clusters/kind/parts"
cache="${SANDCHECK_K8S_PARTS_CACHE:-/var/cache/sandcheck/k8s-parts}"

# One line per binary: the part (its folder under clusters/kind/parts), the binary's name, and
# its package. The part's go.mod lists the package as a tool and pins its module's version.
binaries() {
  cat <<'EOF'
kubernetes kubeadm k8s.io/kubernetes/cmd/kubeadm
kubernetes kubelet k8s.io/kubernetes/cmd/kubelet
kubernetes kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver
kubernetes kube-controller-manager k8s.io/kubernetes/cmd/kube-controller-manager
kubernetes kube-scheduler k8s.io/kubernetes/cmd/kube-scheduler
kubernetes kube-proxy k8s.io/kubernetes/cmd/kube-proxy
kubernetes kubectl k8s.io/kubernetes/cmd/kubectl
etcd etcd go.etcd.io/etcd/server/v3
containerd containerd github.com/containerd/containerd/v2/cmd/containerd
containerd containerd-shim-runc-v2 github.com/containerd/containerd/v2/cmd/containerd-shim-runc-v2
containerd ctr github.com/containerd/containerd/v2/cmd/ctr
cri-tools crictl sigs.k8s.io/cri-tools/cmd/crictl
cni-plugins bridge github.com/containernetworking/plugins/plugins/main/bridge
cni-plugins ptp github.com/containernetworking/plugins/plugins/main/ptp
cni-plugins loopback github.com/containernetworking/plugins/plugins/main/loopback
cni-plugins host-local github.com/containernetworking/plugins/plugins/ipam/host-local
cni-plugins portmap github.com/containernetworking/plugins/plugins/meta/portmap
kind kind sigs.k8s.io/kind
agent-sandbox agent-sandbox-controller sigs.k8s.io/agent-sandbox/cmd/agent-sandbox-controller
gvisor runsc gvisor.dev/gvisor/runsc
gvisor containerd-shim-runsc-v1 gvisor.dev/gvisor/shim
coredns coredns github.com/coredns/coredns
kube-router kube-router github.com/cloudnativelabs/kube-router/v2/cmd/kube-router
local-path-provisioner local-path-provisioner github.com/rancher/local-path-provisioner
EOF
}

hash="$( (cd "$parts" && find . -name go.mod -o -name go.sum | LC_ALL=C sort | xargs sha256sum
  sha256sum <"$script") | sha256sum | cut -c1-16)"
out="$cache/$hash"
if [[ "${1:-}" == "--print" ]]; then
  echo "$out/bin"
  exit 0
fi
if [[ -f "$out/bin/.complete" ]]; then
  echo "k8s-parts: cached $out/bin"
  echo "$out/bin"
  exit 0
fi

# The module and build caches live beside the results, outside the clone, shared by all hashes.
export GOMODCACHE="$cache/gomod" GOCACHE="$cache/go-build" GOFLAGS="-mod=readonly -trimpath"
export CGO_ENABLED=0 GOTOOLCHAIN="${GOTOOLCHAIN:-local}"

module_version() { # part module
  (cd "$parts/$1" && go list -m -f '{{.Version}}' "$2")
}

# Version stamps the upstream Makefiles set; kubeadm picks its image tags from its own version.
ldflags_for() { # part
  case "$1" in
  kubernetes)
    local v
    v="$(module_version kubernetes k8s.io/kubernetes)"
    local minor="${v#v1.}"
    minor="${minor%%.*}"
    local flags="-s -w"
    for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
      flags+=" -X $pkg.gitVersion=$v -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
      flags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
    done
    echo "$flags"
    ;;
  containerd)
    local v
    v="$(module_version containerd github.com/containerd/containerd/v2)"
    echo "-s -w -X github.com/containerd/containerd/v2/version.Version=$v"
    ;;
  cri-tools)
    local v
    v="$(module_version cri-tools sigs.k8s.io/cri-tools)"
    echo "-s -w -X sigs.k8s.io/cri-tools/pkg/version.Version=$v"
    ;;
  agent-sandbox)
    local v
    v="$(module_version agent-sandbox sigs.k8s.io/agent-sandbox)"
    echo "-s -w -X sigs.k8s.io/agent-sandbox/internal/version.gitVersion=$v"
    ;;
  gvisor)
    local v
    v="$(module_version gvisor gvisor.dev/gvisor)"
    echo "-s -w -X gvisor.dev/gvisor/runsc/version.version=$v"
    ;;
  *) echo "-s -w" ;;
  esac
}

mkdir -p "$out"
rm -rf "$out/bin.partial"
mkdir -p "$out/bin.partial"
total="$(binaries | wc -l)"
n=0
started="$(date +%s)"
echo "k8s-parts: building $total binaries into $out/bin (load $(cut -d' ' -f1-3 /proc/loadavg))"
for part in $(binaries | awk '{print $1}' | uniq); do
  t0="$(date +%s)"
  echo "k8s-parts: [$part] downloading modules"
  (cd "$parts/$part" && go mod download)
  echo "k8s-parts: [$part] modules ready in $(($(date +%s) - t0)) s"
  flags="$(ldflags_for "$part")"
  while read -r p name pkg; do
    [[ "$p" == "$part" ]] || continue
    n=$((n + 1))
    b0="$(date +%s)"
    (cd "$parts/$part" && go build -ldflags "$flags" -o "$out/bin.partial/$name" "$pkg")
    echo "k8s-parts: [$n/$total] $name ($part) $(($(date +%s) - b0)) s," \
      "load $(cut -d' ' -f1 /proc/loadavg)"
  done < <(binaries)
  echo "k8s-parts: [$part] done in $(($(date +%s) - t0)) s"
done
binaries | while read -r part name pkg; do
  echo "$name $(go list -C "$parts/$part" -f '{{.Module.Path}} {{.Module.Version}}' "$pkg")"
done >"$out/bin.partial/VERSIONS"
touch "$out/bin.partial/.complete"
rm -rf "$out/bin"
mv "$out/bin.partial" "$out/bin"
echo "k8s-parts: built in $(($(date +%s) - started)) s"
echo "$out/bin"
