#include "clusters/kubernetes/kubernetes_sandbox.h"

#include <fmt/format.h>

#include "clusters/docker/container_spec.h"
#include "clusters/kubernetes/sandbox_claims.h"
#include "core/log.h"

namespace sandcheck {

KubernetesSandbox::KubernetesSandbox(std::shared_ptr<const Kubectl> kubectl, Deployment deployment,
                                     PodLease pod, NodeAddress node)
    : kubectl_(std::move(kubectl)),
      deployment_(std::move(deployment)),
      pod_(std::move(pod)),
      node_(node),
      host_(std::move(node)) {}

KubernetesSandbox::~KubernetesSandbox() {
  if (released_ || destroyed_) return;
  if (Status status = Destroy(); !status.ok()) {
    SC_WARN("claim {}/{} left behind: {}", pod_.name_space, pod_.claim, status.message());
  }
}

Result<ProcessOutcome> KubernetesSandbox::Exec(const ExecRequest& request) {
  // kubectl exec runs in the container's own environment; what the request adds goes through
  // the image's busybox env, as the docker substrate hands over stdin.
  std::vector<std::string> argv;
  if (!request.env.empty()) {
    argv = {"/bin/busybox", "env"};
    // NAME=value operands end at the first word without '=': the command (no "--", which
    // busybox env would run as the command).
    for (const auto& [name, value] : request.env) argv.push_back(name + "=" + value);
  }
  for (const auto& arg : AsTheAgent(deployment_, request.argv)) {
    // The probe of a pod from the user's manifests is where its init container copied it.
    argv.push_back(!pod_.probe_path.empty() && arg == kProbePathInSandbox ? pod_.probe_path : arg);
  }
  return kubectl_->Exec(PodExec{pod_.name_space, pod_.pod, pod_.container, std::move(argv),
                                request.stdin_data, request.timeout.value_or(pod_.timeouts.exec)});
}

Status KubernetesSandbox::Destroy() {
  if (destroyed_) return Status::Ok();
  destroyed_ = true;
  return DeleteClaim(*kubectl_, pod_.name_space, pod_.claim, pod_.pod, pod_.timeouts.cleanup_step);
}

std::vector<std::string> KubernetesSandbox::ShellCommand() const {
  const KubeTarget& target = kubectl_->target();
  return {target.kubectl.string(),
          "--kubeconfig=" + target.kubeconfig.string(),
          "exec",
          "-it",
          "-n",
          pod_.name_space,
          pod_.pod,
          "-c",
          pod_.container,
          "--",
          "/bin/sh"};
}

std::vector<SubstrateMount> KubernetesSandbox::substrate_mounts() const {
  std::vector<SubstrateMount> mounts = {
      {"/dev/termination-log",
       "the kubelet's termination message file (terminationMessagePath), in every container"},
      {"/dev/shm", "the pod's shared memory, which containerd binds into each container"}};
  if (!pod_.probe_path.empty()) {
    mounts.push_back({std::filesystem::path(pod_.probe_path).parent_path().string(),
                      "sandcheck's probe, copied by its init container into an emptyDir and "
                      "mounted read-only"});
  }
  return mounts;
}

Status KubernetesSandbox::Kill(int signal) {
  auto killed =
      RunOnNode(node_,
                {"sh", "-c",
                 "pid=$(crictl inspect --output go-template --template '{{.info.pid}}' \"$1\") && "
                 "kill -\"$2\" \"$pid\"",
                 "-", pod_.container_id, std::to_string(signal)},
                pod_.timeouts.runtime_command);
  if (!killed.ok()) return killed.error();
  if (!killed->Succeeded()) {
    return Fail("kill the init of pod {}/{} on its node: {}: {}", pod_.name_space, pod_.pod,
                killed->DescribeEnd(), Tail(killed->err));
  }
  return Status::Ok();
}

}  // namespace sandcheck
