#!/usr/bin/env bash
# Assembles sandcheck's kind node image offline (`kind build node-image` pulls and cannot
# finish here): a Debian bookworm rootfs from debootstrap, the parts ci/k8s-parts.sh built, the
# files under clusters/kind/node/rootfs, and every image the cluster runs, made locally under its
# exact upstream name and baked into /kind/images (nothing is ever pulled). The image is tagged
# sandcheck.local/kind-node:<hash of every input>, so a second run with nothing changed returns
# at once. Runs at the lowest CPU and I/O priority.
#
#   ci/kind-node-image.sh           build (or reuse) and print the image on the last line
#   ci/kind-node-image.sh --print   print the image it would use, build nothing
set -euo pipefail

if [[ -z "${SANDCHECK_NODE_NICED:-}" ]]; then
  export SANDCHECK_NODE_NICED=1
  exec nice -n 19 ionice -c3 "$0" "$@"
fi

script="$(realpath "$0")"
root="$(dirname "$(dirname "$script")")"
node="$root/clusters/kind/node"
cache="${SANDCHECK_KIND_NODE_CACHE:-/var/cache/sandcheck/kind-node}"
label="io.sandcheck.kind-node=1"
bin="$("$root/ci/k8s-parts.sh" --print)"

# The node's Debian packages: systemd as init, the tools kubelet, kube-proxy and kube-router
# exec (iptables, ipset, conntrack, mount, nsenter), and Debian's runc for the runc shim.
packages=systemd,systemd-sysv,dbus,iptables,nftables,ipset,conntrack,ethtool,socat,iproute2,util-linux,mount,kmod,libseccomp2,ca-certificates,procps,runc,e2fsprogs,curl,jq

hash="$( (cat "$bin/VERSIONS" 2>/dev/null || echo unbuilt
  echo "$packages"
  cd "$node" && find . -type f | LC_ALL=C sort | xargs sha256sum
  sha256sum <"$script") | sha256sum | cut -c1-16)"
image="sandcheck.local/kind-node:$hash"
if [[ "${1:-}" == "--print" ]]; then
  echo "$image"
  exit 0
fi
if docker image inspect "$image" >/dev/null 2>&1; then
  echo "kind-node: cached $image"
  echo "$image"
  exit 0
fi
[[ -f "$bin/.complete" ]] || { echo "kind-node: the parts are not built; run ci/k8s-parts.sh" >&2; exit 1; }
started="$(date +%s)"

mkdir -p "$cache"
rootfs="$cache/rootfs-$(echo "$packages" | sha256sum | cut -c1-12)"
if [[ ! -f "$rootfs/.complete" ]]; then
  echo "kind-node: debootstrap bookworm into $rootfs (a few minutes, once)"
  rm -rf "$rootfs"
  debootstrap --variant=minbase --include="$packages" bookworm "$rootfs" >"$rootfs.log" 2>&1 ||
    { tail -20 "$rootfs.log" >&2; exit 1; }
  rm -rf "$rootfs/var/cache/apt/archives/"*.deb "$rootfs/var/lib/apt/lists/"*
  touch "$rootfs/.complete"
fi

work="$cache/work-$hash"
rm -rf "$work"
mkdir -p "$work/images"
trap 'rm -rf "$work"' EXIT

# One image from one static binary: docker import of a tree holding it (no base image exists).
single_binary_image() { # name binary path-in-image [entrypoint]
  local name="$1" binary="$2" path="$3" entrypoint="${4:-}"
  local tree="$work/tree"
  rm -rf "$tree" && mkdir -p "$tree$(dirname "$path")" "$tree/tmp" "$tree/etc"
  cp "$binary" "$tree$path"
  echo "nobody:x:65534:65534:nobody:/:/sbin/nologin" >"$tree/etc/passwd"
  local changes=(--change "LABEL $label" --change "ENV PATH=/usr/local/bin:/usr/bin:/bin")
  [[ -z "$entrypoint" ]] || changes+=(--change "ENTRYPOINT [\"$entrypoint\"]")
  tar -C "$tree" --numeric-owner -c . | docker import "${changes[@]}" - "$name" >/dev/null
  echo "$name"
}

version_of() { awk -v b="$1" '$1 == b {print $3}' "$bin/VERSIONS"; }
# kubeadm names the control plane's images; these are the exact names and tags it will ask for.
mapfile -t wanted < <("$bin/kubeadm" config images list --kubernetes-version "$(version_of kubeadm)")
made=()
for ref in "${wanted[@]}"; do
  case "$ref" in
  */kube-apiserver:* | */kube-controller-manager:* | */kube-scheduler:* | */kube-proxy:*)
    name="${ref##*/}"
    made+=("$(single_binary_image "$ref" "$bin/${name%%:*}" "/usr/local/bin/${name%%:*}")") ;;
  */etcd:*) made+=("$(single_binary_image "$ref" "$bin/etcd" /usr/local/bin/etcd)") ;;
  */coredns:*) made+=("$(single_binary_image "$ref" "$bin/coredns" /coredns /coredns)") ;;
  */pause:*)
    gcc -Os -static -o "$work/pause" "$node/images/pause.c"
    made+=("$(single_binary_image "$ref" "$work/pause" /pause /pause)") ;;
  *) echo "kind-node: kubeadm asks for $ref, which this script cannot make" >&2; exit 1 ;;
  esac
done
made+=("$(single_binary_image "sandcheck.local/agent-sandbox-controller:$(version_of agent-sandbox-controller)" \
  "$bin/agent-sandbox-controller" /agent-sandbox-controller /agent-sandbox-controller)")
made+=("$(single_binary_image "sandcheck.local/local-path-provisioner:$(version_of local-path-provisioner)" \
  "$bin/local-path-provisioner" /usr/local/bin/local-path-provisioner)")
# The local-path provisioner's helper pods need a shell: the machine's static busybox.
tree="$work/busybox"
mkdir -p "$tree/bin"
cp /usr/bin/busybox "$tree/bin/busybox"
for applet in $(/usr/bin/busybox --list | grep -vx busybox); do ln -s busybox "$tree/bin/$applet"; done
tar -C "$tree" -c . | docker import --change "LABEL $label" --change 'ENV PATH=/bin' - \
  sandcheck.local/node-busybox:1 >/dev/null
made+=(sandcheck.local/node-busybox:1)
docker save -o "$work/images/all.tar" "${made[@]}"

stage="$work/stage"
cp -a "$rootfs" "$stage"
rm -f "$stage/.complete"
cp -a "$node/rootfs/." "$stage/"
mkdir -p "$stage/usr/local/bin" "$stage/opt/cni/bin" "$stage/kind/images" "$stage/kind/manifests" \
  "$stage/etc/systemd/system/multi-user.target.wants"
for b in kubeadm kubelet kubectl kube-proxy kube-router containerd containerd-shim-runc-v2 ctr \
  crictl runsc; do
  cp "$bin/$b" "$stage/usr/local/bin/"
done
for b in bridge host-local loopback portmap ptp; do cp "$bin/$b" "$stage/opt/cni/bin/"; done
mv "$work/images/all.tar" "$stage/kind/images/"
version_of kubeadm >"$stage/kind/version"
sed -e "s|@PROVISIONER_IMAGE@|sandcheck.local/local-path-provisioner:$(version_of local-path-provisioner)|" \
  -e "s|@HELPER_IMAGE@|sandcheck.local/node-busybox:1|" \
  "$root/clusters/kind/manifests/default-storage.yaml" >"$stage/kind/manifests/default-storage.yaml"
for unit in containerd sandcheck-images kubelet kube-proxy kube-router; do
  ln -sf "/etc/systemd/system/$unit.service" "$stage/etc/systemd/system/multi-user.target.wants/"
done
# A container has no consoles or udev to wait for.
for unit in getty.target console-getty.service systemd-udevd.service systemd-modules-load.service \
  systemd-remount-fs.service sys-kernel-debug.mount sys-kernel-tracing.mount; do
  ln -sf /dev/null "$stage/etc/systemd/system/$unit"
done
echo "kind-node: importing the node image"
tar -C "$stage" --numeric-owner -c . | docker import --change "LABEL $label" \
  --change 'ENV container=docker' \
  --change 'ENTRYPOINT ["/usr/local/bin/sandcheck-node-entrypoint", "/sbin/init"]' - "$image" >/dev/null
docker rmi "${made[@]}" >/dev/null
# Older node images of sandcheck go; one a cluster still runs stays (docker refuses).
docker images --filter "label=$label" --format '{{.ID}} {{.Repository}}:{{.Tag}}' |
  awk -v keep="$image" '$2 != keep {print $1}' | xargs -r docker rmi >/dev/null 2>&1 || true
echo "kind-node: built $image in $(($(date +%s) - started)) s"
echo "$image"
