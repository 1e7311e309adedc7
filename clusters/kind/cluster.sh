#!/usr/bin/env bash
# sandcheck's kind cluster: one cluster serves a whole run and the whole test suite.
#
#   clusters/kind/cluster.sh up      create it (or reuse a healthy one); prints the kubeconfig
#   clusters/kind/cluster.sh down    delete it, its network, resolver and API relay
#   clusters/kind/cluster.sh status  exit 0 when it answers; prints the kubeconfig
#
# Hermetic by construction: the nodes sit on an internal Docker network with no address on
# the machine's side (no route anywhere), resolve only through the cluster's own resolver (a
# dnsmasq in a network namespace sandcheck owns, answering only sandcheck.test), and the API
# server reaches the machine's loopback through a relay that dials into the node's network
# namespace, never the other way round. Images come baked into the node (ci/kind-node-image.sh).
# Environment: SANDCHECK_KIND_CLUSTER (name, default sandcheck, at most 11 characters),
# SANDCHECK_KIND_STATE (default /var/lib/sandcheck/kind), SANDCHECK_KIND_IMAGE (node image).
set -euo pipefail

here="$(dirname "$(realpath "$0")")"
root="$(dirname "$(dirname "$here")")"
name="${SANDCHECK_KIND_CLUSTER:-sandcheck}"
[[ "$name" =~ ^[a-z][a-z0-9-]{0,10}$ ]] ||
  { echo "cluster.sh: cluster name '$name' must be 1-11 of [a-z0-9-], starting with a letter" >&2; exit 2; }
state="${SANDCHECK_KIND_STATE:-/var/lib/sandcheck/kind}/$name"
bin="$("$root/ci/k8s-parts.sh" --print)"
network="sck-$name"        # also the bridge's name (15 characters at most)
subnet="10.251.0.0/24"     # Docker hands out 10.251.0.0/25; the resolver sits above it
resolver_ip="10.251.0.253"
resolver_ns="sck-$name-dns"
resolver_veth="sckd-$name"
node="$name-control-plane"
kubeconfig="$state/kubeconfig"
image="${SANDCHECK_KIND_IMAGE:-$("$root/ci/kind-node-image.sh" --print)}"
label="io.sandcheck.kind=$name"
export PATH="$bin:$PATH"

log() { echo "cluster.sh: $*" >&2; }

# Waits for a command to succeed; on the deadline prints what the last try said and fails.
wait_for() { # seconds description command...
  local seconds="$1" what="$2"
  shift 2
  local deadline=$(($(date +%s) + seconds)) out
  until out="$("$@" 2>&1)"; do
    if (($(date +%s) >= deadline)); then
      log "no $what after ${seconds} s; last seen: ${out:0:2000}"
      return 1
    fi
    sleep 1
  done
}

pid_alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

start_resolver() {
  pid_alive "$state/resolver.pid" && return 0
  ip netns del "$resolver_ns" 2>/dev/null || true
  ip link del "$resolver_veth" 2>/dev/null || true
  ip netns add "$resolver_ns"
  ip link add "$resolver_veth" type veth peer name eth0 netns "$resolver_ns"
  ip link set "$resolver_veth" master "$network" up
  ip -n "$resolver_ns" addr add "$resolver_ip/24" dev eth0
  ip -n "$resolver_ns" link set eth0 up
  ip -n "$resolver_ns" link set lo up
  : >"$state/resolver.log"
  # No upstream at all: anything outside sandcheck.test is refused, never forwarded.
  ip netns exec "$resolver_ns" setsid dnsmasq --keep-in-foreground --no-resolv --no-hosts \
    --bind-interfaces --listen-address="$resolver_ip" --log-queries \
    --log-facility="$state/resolver.log" --local=/sandcheck.test/ \
    --address="/sandcheck.test/$resolver_ip" \
    --pid-file= </dev/null >/dev/null 2>&1 &
  echo $! >"$state/resolver.pid"
}

start_relay() {
  pid_alive "$state/relay.pid" && return 0
  local pid
  pid="$(docker inspect -f '{{.State.Pid}}' "$node")"
  setsid socat "TCP-LISTEN:$(cat "$state/api-port"),bind=127.0.0.1,fork,reuseaddr" \
    "SYSTEM:exec nsenter --net=/proc/$pid/ns/net socat STDIO TCP\:127.0.0.1\:6443" \
    </dev/null >/dev/null 2>&1 &
  echo $! >"$state/relay.pid"
}

# What the cluster was made from besides the node image: its configuration, its manifests and
# this script. The ready marker holds it, so a changed kubelet setting makes a new cluster.
config_id() { cat "$here/kind-config.yaml" "$here"/manifests/*.yaml "$0" | sha256sum | cut -c1-16; }

# Healthy: made to the end by this script from today's node image and configuration, and answering.
healthy() {
  [[ -s "$kubeconfig" && "$(cat "$state/ready" 2>/dev/null)" == "$(config_id)" ]] &&
    [[ "$(docker inspect -f '{{.Config.Image}}' "$node" 2>/dev/null)" == "$image" ]] &&
    pid_alive "$state/relay.pid" && pid_alive "$state/resolver.pid" &&
    kubectl --kubeconfig "$kubeconfig" --request-timeout=5s get --raw=/readyz >/dev/null 2>&1
}

install_addons() {
  local k=(kubectl --kubeconfig "$kubeconfig")
  local sandbox_dir controller_image
  local version
  version="$(awk '$1 == "agent-sandbox-controller" {print $3}' "$bin/VERSIONS")"
  # The module as ci/k8s-parts.sh downloaded it (its module cache sits beside the binaries).
  sandbox_dir="$(dirname "$(dirname "$bin")")/gomod/sigs.k8s.io/agent-sandbox@$version"
  controller_image="sandcheck.local/agent-sandbox-controller:$version"
  # The controller with its extensions, as the module's own kustomization assembles it.
  "${k[@]}" kustomize "$sandbox_dir/k8s" |
    sed "s|ko://sigs.k8s.io/agent-sandbox/cmd/agent-sandbox-controller|$controller_image|" |
    "${k[@]}" apply --server-side -f - >/dev/null
  "${k[@]}" apply -f "$root/clusters/kind/manifests/runtime-classes.yaml" >/dev/null
  wait_for 300 "agent-sandbox controller" "${k[@]}" -n agent-sandbox-system rollout status \
    deployment/agent-sandbox-controller --timeout=5s
  wait_for 300 "CoreDNS" "${k[@]}" -n kube-system rollout status deployment/coredns --timeout=5s
  wait_for 300 "local-path provisioner" "${k[@]}" -n local-path-storage rollout status \
    deployment/local-path-provisioner --timeout=5s
}

up() {
  mkdir -p "$state"
  # The client of the cluster's own version, beside its kubeconfig, for sandcheck and its tests.
  ln -sfn "$bin/kubectl" "$state/kubectl"
  if healthy; then
    log "reusing cluster $name"
    # What tests killed mid-run left (each test's namespace carries this label).
    kubectl --kubeconfig "$kubeconfig" delete namespace -l io.sandcheck.test=1 --wait=false \
      >/dev/null 2>&1 || true
    echo "$kubeconfig"
    return 0
  fi
  docker image inspect "$image" >/dev/null 2>&1 ||
    { log "node image $image is missing; run ci/kind-node-image.sh"; exit 1; }
  # Anything less than healthy (a node stopped with the machine's last session, say) is made
  # anew: a cluster takes under a minute, and a half-alive one would be judged by the tests.
  down quiet
  mkdir -p "$state"
  ln -sfn "$bin/kubectl" "$state/kubectl"
  local t0
  t0="$(date +%s)"
  docker network create --internal --label "$label" --subnet "$subnet" --ip-range 10.251.0.0/25 \
    -o com.docker.network.bridge.inhibit_ipv4=true -o "com.docker.network.bridge.name=$network" \
    "$network" >/dev/null
  sysctl -qw "net.ipv6.conf.$network.disable_ipv6=1"
  start_resolver
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' \
    >"$state/api-port"
  sed "s|@NAME@|$name|" "$here/kind-config.yaml" >"$state/kind-config.yaml"
  log "creating cluster $name from $image"
  if ! PATH="$here/bin:$PATH" SANDCHECK_REAL_DOCKER="$(command -v docker)" \
    SANDCHECK_KIND_API="127.0.0.1:$(cat "$state/api-port")" SANDCHECK_KIND_DNS="$resolver_ip" \
    SANDCHECK_KIND_LABELS="$label" KIND_EXPERIMENTAL_DOCKER_NETWORK="$network" \
    kind create cluster --name "$name" --image "$image" --config "$state/kind-config.yaml" \
    --kubeconfig "$kubeconfig" --retain >"$state/create.log" 2>&1; then
    log "kind create cluster failed; its output:"
    cat "$state/create.log" >&2
    docker exec "$node" sh -c 'journalctl --no-pager -n 60 -u kubelet -u containerd' >&2 2>/dev/null || true
    [[ "${SANDCHECK_KIND_KEEP_FAILED:-}" == 1 ]] || down quiet
    exit 1
  fi
  start_relay
  wait_for 60 "API server through the relay" kubectl --kubeconfig "$kubeconfig" get --raw=/readyz
  wait_for 300 "Ready node" kubectl --kubeconfig "$kubeconfig" wait node --all --for=condition=Ready --timeout=5s
  install_addons
  config_id >"$state/ready"
  log "cluster $name ready in $(($(date +%s) - t0)) s"
  echo "$kubeconfig"
}

down() {
  [[ "${1:-}" == quiet ]] || log "deleting cluster $name"
  kill "$(cat "$state/relay.pid" 2>/dev/null)" 2>/dev/null || true
  kill "$(cat "$state/resolver.pid" 2>/dev/null)" 2>/dev/null || true
  if docker inspect "$node" >/dev/null 2>&1; then
    PATH="$here/bin:$PATH" SANDCHECK_REAL_DOCKER="$(command -v docker)" \
      kind delete cluster --name "$name" >/dev/null 2>&1 || docker rm -fv "$node" >/dev/null
  fi
  ip netns del "$resolver_ns" 2>/dev/null || true
  ip link del "$resolver_veth" 2>/dev/null || true
  docker network rm "$network" >/dev/null 2>&1 || true
  rm -rf "$state"
}

case "${1:-}" in
up) up ;;
down) down ;;
status) healthy && echo "$kubeconfig" ;;
*) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
