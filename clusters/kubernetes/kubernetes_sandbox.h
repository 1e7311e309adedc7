// A running sandbox on Kubernetes: a SandboxClaim and the pod agent-sandbox gave it, in a
// namespace of the run, and the agent's container in it ("sandbox" in the pods sandcheck writes).
// Exec goes through the API server (kubectl exec); the node the pod runs on is its host. The lease
// deletes the claim (and with it the Sandbox and the pod) on Destroy or destruction; the namespace,
// its templates, volumes and policies stay with the substrate, which deletes them when the run
// ends.
#pragma once

#include <memory>
#include <string>

#include "clusters/kubernetes/kubectl.h"
#include "clusters/kubernetes/node_host.h"
#include "clusters/substrate.h"

namespace sandcheck {

struct PodLease {
  std::string claim;  // the SandboxClaim, also the sandbox's name for humans
  std::string pod;
  std::string name_space;
  std::string container;     // the agent's
  std::string probe_path;    // where the probe is when not at kProbePathInSandbox, or ""
  std::string container_id;  // containerd's id of the agent's container, for the crash
  Timeouts timeouts;
};

class KubernetesSandbox : public Sandbox, public CrashSimulator {
 public:
  KubernetesSandbox(std::shared_ptr<const Kubectl> kubectl, Deployment deployment, PodLease pod,
                    NodeAddress node);
  ~KubernetesSandbox() override;

  const std::string& name() const override { return pod_.claim; }
  const std::string& pod_name() const { return pod_.pod; }
  const Deployment& deployment() const override { return deployment_; }
  Result<ProcessOutcome> Exec(const ExecRequest& request) override;
  Status Destroy() override;
  void Release() override { released_ = true; }
  std::vector<std::string> ShellCommand() const override;
  HostView& host() override { return host_; }
  // What the kubelet and containerd add to every container of a pod.
  std::vector<SubstrateMount> substrate_mounts() const override;
  CrashSimulator* crash_simulator() override { return this; }

  // Kills the container's init from the node, as the node's kernel would on a crash.
  Status Kill(int signal) override;

 private:
  std::shared_ptr<const Kubectl> kubectl_;
  Deployment deployment_;
  PodLease pod_;
  NodeAddress node_;
  NodeHost host_;
  bool released_ = false;
  bool destroyed_ = false;
};

}  // namespace sandcheck
