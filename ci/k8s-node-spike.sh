#!/usr/bin/env bash
# Feasibility spike for issue 14 (not part of any test run): can containerd and a kubelet run a
# pod inside a near-privileged Docker container on this cgroup-v1 machine, where `--privileged`
# is refused? It boots a Debian bookworm rootfs (debootstrap, imported with `docker import`, no
# registry) on an internal network sandcheck creates, starts containerd and a standalone kubelet
# (no API server) with two static pods (host network, and a bridge-CNI pod network), and prints
# what it saw. When BIN_DIR has runsc, it also tries a pod under gVisor's shim and under runsc
# behind containerd's runc shim (runsc logs go to /var/log/runsc/ in the node; KEEP=1 to read). Everything it creates carries the label io.sandcheck.spike=k8s and is removed on
# exit unless KEEP=1.
#
#   ci/k8s-node-spike.sh [BIN_DIR]   BIN_DIR defaults to what ci/k8s-parts.sh built
set -euo pipefail

script="$(realpath "$0")"
root="$(dirname "$(dirname "$script")")"
bin="${1:-$("$root/ci/k8s-parts.sh" --print)}"
work="${SPIKE_DIR:-/var/cache/sandcheck/spike}"
label="io.sandcheck.spike=k8s"
net="sc-spike-k8s"
node="sc-spike-k8s-node"
image="sandcheck-spike-node:k8s"
run() { nice -n 19 ionice -c3 "$@"; }

for b in containerd containerd-shim-runc-v2 ctr crictl bridge host-local loopback portmap; do
  [[ -x "$bin/$b" ]] || { echo "spike: missing $bin/$b (run ci/k8s-parts.sh)" >&2; exit 1; }
done

cleanup() {
  [[ "${KEEP:-}" == 1 ]] && { echo "spike: kept $node, $net, $image"; return; }
  docker rm -fv "$node" >/dev/null 2>&1 || true
  docker network rm "$net" >/dev/null 2>&1 || true
  docker rmi "$image" registry.k8s.io/pause:3.10.2 sandcheck.local/busybox:spike >/dev/null 2>&1 || true
}
trap cleanup EXIT

mkdir -p "$work"
# The base: Debian bookworm from Debian's archive (debootstrap's default mirror).
if [[ ! -x "$work/rootfs/usr/bin/runc" ]]; then
  rm -rf "$work/rootfs"
  run debootstrap --variant=minbase \
    --include=systemd,systemd-sysv,dbus,iptables,nftables,ipset,conntrack,ethtool,socat,iproute2,util-linux,mount,kmod,libseccomp2,ca-certificates,procps,runc,e2fsprogs \
    bookworm "$work/rootfs" >"$work/debootstrap.log"
fi

# Images the pods use, made locally: a pause of our own and the host's static busybox.
images="$work/images"
rm -rf "$images" && mkdir -p "$images/pause" "$images/busybox/bin"
cat >"$images/pause.c" <<'EOF'
/* Holds the pod's namespaces, reaps zombies, exits on TERM or INT. */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
static void stop(int sig) { (void)sig; _exit(0); }
static void reap(int sig) { (void)sig; while (waitpid(-1, 0, WNOHANG) > 0) {} }
int main(void) {
  struct sigaction s = {0};
  s.sa_handler = stop; sigaction(SIGINT, &s, 0); sigaction(SIGTERM, &s, 0);
  s.sa_handler = reap; s.sa_flags = SA_NOCLDSTOP; sigaction(SIGCHLD, &s, 0);
  for (;;) pause();
}
EOF
run gcc -Os -static -o "$images/pause/pause" "$images/pause.c"
cp /usr/bin/busybox "$images/busybox/bin/"
for a in $(/usr/bin/busybox --list | grep -vx busybox); do ln -s busybox "$images/busybox/bin/$a"; done
tar -C "$images/pause" -c . | docker import --change "LABEL $label" \
  --change 'ENTRYPOINT ["/pause"]' - registry.k8s.io/pause:3.10.2 >/dev/null
tar -C "$images/busybox" -c . | docker import --change "LABEL $label" --change 'ENV PATH=/bin' - \
  sandcheck.local/busybox:spike >/dev/null
docker save -o "$images/images.tar" registry.k8s.io/pause:3.10.2 sandcheck.local/busybox:spike

# The node image: the rootfs plus the parts and the configuration below.
stage="$work/stage"
rm -rf "$stage" && cp -a "$work/rootfs" "$stage"
mkdir -p "$stage/usr/local/bin" "$stage/opt/cni/bin" "$stage/etc/containerd" \
  "$stage/etc/cni/net.d" "$stage/etc/kubernetes/manifests" "$stage/var/lib/kubelet"
cp "$bin"/{containerd,containerd-shim-runc-v2,ctr,crictl} "$stage/usr/local/bin/"
[[ ! -x "$bin/kubelet" ]] || cp "$bin/kubelet" "$stage/usr/local/bin/"
cp "$bin"/{bridge,host-local,loopback,portmap} "$stage/opt/cni/bin/"
[[ ! -x "$bin/runsc" ]] || cp "$bin"/{runsc,containerd-shim-runsc-v1} "$stage/usr/local/bin/"
printf '#!/bin/sh\nexec /usr/local/bin/runsc --debug --debug-log=/var/log/runsc/ "$@"\n' \
  >"$stage/usr/local/bin/runsc-debug"
chmod +x "$stage/usr/local/bin/runsc-debug"
cp "$images/images.tar" "$stage/images.tar"
cat >"$stage/usr/local/bin/spike-entrypoint" <<'EOF'
#!/bin/sh
# What --privileged would have given: writable /sys and cgroup hierarchies, /dev/kmsg.
set -e
mount -o remount,rw /sys
for c in blkio cpu cpuacct cpuset devices freezer memory pids; do
  umount "/sys/fs/cgroup/$c"
  mount -t cgroup -o "$c" cgroup "/sys/fs/cgroup/$c"
done
umount /sys/fs/cgroup/systemd
mount -t cgroup -o none,name=systemd cgroup /sys/fs/cgroup/systemd
[ -e /dev/kmsg ] || mknod /dev/kmsg c 1 11
mount --make-rshared /
exec sleep infinity
EOF
chmod +x "$stage/usr/local/bin/spike-entrypoint"
cat >"$stage/etc/containerd/config.toml" <<'EOF'
version = 3
[plugins.'io.containerd.cri.v1.images'.pinned_images]
  sandbox = 'registry.k8s.io/pause:3.10.2'
# Lowering oom_score_adj needs CAP_SYS_RESOURCE, which the node lacks: clamp instead of fail.
[plugins.'io.containerd.cri.v1.runtime']
  restrict_oom_score_adj = true
[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
  runtime_type = 'io.containerd.runc.v2'
[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runsc]
  runtime_type = 'io.containerd.runsc.v1'
# runsc behind containerd's own runc shim (runsc speaks runc's command line).
[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runsc-runc]
  runtime_type = 'io.containerd.runc.v2'
[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runsc-runc.options]
  BinaryName = '/usr/local/bin/runsc-debug'
[plugins.'io.containerd.cri.v1.runtime'.cni]
  bin_dirs = ['/opt/cni/bin']
  conf_dir = '/etc/cni/net.d'
EOF
cat >"$stage/etc/cni/net.d/10-spike.conflist" <<'EOF'
{"cniVersion": "1.0.0", "name": "spike", "plugins": [
  {"type": "bridge", "bridge": "cni0", "isGateway": true, "ipMasq": false,
   "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.244.0.0/24"}]]}},
  {"type": "portmap", "capabilities": {"portMappings": true}}]}
EOF
cat >"$stage/var/lib/kubelet/config.yaml" <<'EOF'
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
failCgroupV1: false
cgroupDriver: cgroupfs
containerRuntimeEndpoint: unix:///run/containerd/containerd.sock
staticPodPath: /etc/kubernetes/manifests
failSwapOn: false
address: 127.0.0.1
readOnlyPort: 0
authentication: {anonymous: {enabled: true}, webhook: {enabled: false}}
authorization: {mode: AlwaysAllow}
evictionHard: {nodefs.available: "0%", nodefs.inodesFree: "0%", imagefs.available: "0%"}
imageGCHighThresholdPercent: 100
resolvConf: /etc/kubernetes/resolv.conf
oomScoreAdj: 0
EOF
for mode in hostnet podnet; do
  hostnet=false
  [[ "$mode" == hostnet ]] && hostnet=true
  cat >"$stage/etc/kubernetes/manifests/$mode.yaml" <<EOF
apiVersion: v1
kind: Pod
metadata: {name: spike-$mode, namespace: default}
spec:
  hostNetwork: $hostnet
  containers:
  - name: c
    image: sandcheck.local/busybox:spike
    imagePullPolicy: Never
    command: [sh, -c, "cat /proc/self/cgroup; ip -4 addr; ip route; exec sleep 3600"]
    resources: {limits: {memory: 64Mi, cpu: 200m}}
EOF
done
printf 'nameserver 127.0.0.1\n' >"$stage/etc/kubernetes/resolv.conf"
run tar -C "$stage" --numeric-owner -c . | docker import --change "LABEL $label" - "$image" >/dev/null
rm -rf "$stage"

# An internal network with no IPv4 address on the host's side of the bridge.
docker network create --internal --label "$label" --subnet 10.213.0.0/24 \
  -o com.docker.network.bridge.inhibit_ipv4=true -o com.docker.network.bridge.name="$net" \
  "$net" >/dev/null
sysctl -qw "net.ipv6.conf.$net.disable_ipv6=1"

docker run -d --name "$node" --hostname "$node" --label "$label" --network "$net" \
  --cap-add ALL --cap-drop SYS_RESOURCE --security-opt seccomp=unconfined \
  --security-opt apparmor=unconfined --security-opt systempaths=unconfined \
  --device-cgroup-rule 'a *:* rwm' --cgroupns private \
  --tmpfs /tmp --tmpfs /run --volume /var --env container=docker --dns 127.0.0.1 \
  --entrypoint /usr/local/bin/spike-entrypoint "$image" >/dev/null
sleep 1
docker inspect -f 'node: {{.State.Status}} {{.State.Error}}' "$node"

in_node() { docker exec "$node" sh -c "$1"; }
t0="$(date +%s)"
in_node 'containerd >/var/log/containerd.log 2>&1 &'
in_node 'for i in $(seq 60); do ctr version >/dev/null 2>&1 && exit 0; sleep 1; done; exit 1'
in_node 'ctr -n k8s.io images import --all-platforms /images.tar >/dev/null && ctr -n k8s.io images ls -q'
echo "spike: containerd up after $(($(date +%s) - t0)) s"
in_node 'crictl --runtime-endpoint unix:///run/containerd/containerd.sock info -o json' |
  python3 -c 'import json,sys; d=json.load(sys.stdin); print("cri conditions:", [(c["type"], c["status"], c.get("reason","")) for c in d["status"]["conditions"]])'
crictl="crictl --timeout 60s --runtime-endpoint unix:///run/containerd/containerd.sock"
# First without a kubelet: a pod sandbox and a container through the CRI, on the CNI bridge.
cat >"$work/pod.json" <<'EOF'
{"metadata": {"name": "spike-crictl", "namespace": "default", "uid": "spike-crictl-1"},
 "log_directory": "/tmp/spike-crictl", "linux": {"cgroup_parent": "/spike-crictl"}}
EOF
cat >"$work/ctr.json" <<'EOF'
{"metadata": {"name": "c"}, "image": {"image": "sandcheck.local/busybox:spike"},
 "command": ["sh", "-c", "cat /proc/self/cgroup; ip -4 addr; ip route; exec sleep 3600"],
 "log_path": "c.log",
 "linux": {"resources": {"memory_limit_in_bytes": 67108864, "cpu_period": 100000,
                         "cpu_quota": 20000}}}
EOF
docker cp "$work/pod.json" "$node:/root/pod.json"
docker cp "$work/ctr.json" "$node:/root/ctr.json"
if in_node "p=\$($crictl runp /root/pod.json) && c=\$($crictl create \$p /root/ctr.json /root/pod.json) &&
    $crictl start \$c && sleep 2 && $crictl ps -a && $crictl logs \$c &&
    cat /sys/fs/cgroup/memory/spike-crictl/*/memory.limit_in_bytes"; then
  echo "spike: CRI pod on the bridge CNI ran"
else
  echo "spike: CRI pod failed"
  in_node 'tail -20 /var/log/containerd.log' || true
fi

# The same pod under gVisor (runsc from the module proxy), through gVisor's own shim and through
# containerd's runc shim, when they were built.
for handler in runsc runsc-runc; do
  [[ -x "$bin/runsc" ]] || break
  sed "s/spike-crictl/spike-$handler/g" "$work/pod.json" >"$work/pod-$handler.json"
  docker cp "$work/pod-$handler.json" "$node:/root/pod-$handler.json"
  if in_node "p=\$($crictl runp --runtime $handler /root/pod-$handler.json) &&
      c=\$($crictl create \$p /root/ctr.json /root/pod-$handler.json) && $crictl start \$c &&
      sleep 3 && $crictl ps -a --pod \$p && $crictl logs \$c &&
      $crictl exec \$c dmesg | head -3"; then
    echo "spike: $handler pod on the bridge CNI ran"
  else
    echo "spike: $handler pod failed"
    in_node "grep -iE 'runsc' /var/log/containerd.log | grep -iE 'error|fail' | tail -3" || true
  fi
done

if [[ ! -x "$bin/kubelet" ]]; then
  echo "spike: no kubelet in $bin; stopping before the kubelet step"
  exit 0
fi
in_node 'kubelet --config /var/lib/kubelet/config.yaml --hostname-override spike-node >/var/log/kubelet.log 2>&1 &'
for _ in $(seq 120); do
  running="$(in_node "$crictl ps -q --state running --label io.kubernetes.container.name=c | wc -l")"
  [[ "$running" -ge 2 ]] && break
  sleep 1
done
echo "spike: $running containers running after $(($(date +%s) - t0)) s"
in_node "$crictl pods; $crictl ps -a"
for id in $(in_node "$crictl ps -q --label io.kubernetes.pod.namespace=default"); do
  echo "--- container $id"
  in_node "$crictl logs $id 2>&1 | head -20"
done
echo "--- kubelet errors"
in_node 'grep -E "^E" /var/log/kubelet.log | cut -c1-300 | sort | uniq | tail -25' || true
echo "--- node cgroups"
in_node 'ls -d /sys/fs/cgroup/memory/kubepods*; cat /sys/fs/cgroup/memory/kubepods/memory.limit_in_bytes' || true
