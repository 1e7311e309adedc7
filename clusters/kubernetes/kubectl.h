// kubectl as sandcheck's Kubernetes client, with machine-readable output only (-o json, exit
// codes): every call names the cluster explicitly and has a deadline.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/process.h"
#include "core/result.h"
#include "core/timeouts.h"

namespace sandcheck {

// Which cluster: a kubeconfig and, optionally, one of its contexts.
struct KubeTarget {
  std::filesystem::path kubectl = "kubectl";  // the pinned one, not whatever is on PATH
  std::filesystem::path kubeconfig;
  std::string context;  // empty: the kubeconfig's current context
};

struct PodExec {
  std::string name_space;
  std::string pod;
  std::string container;  // empty: the pod's default container
  std::vector<std::string> argv;
  std::string stdin_data;
  Duration timeout{std::chrono::seconds(60)};
};

class Kubectl {
 public:
  explicit Kubectl(KubeTarget target) : target_(std::move(target)) {}

  // Runs kubectl with `args`; a non-zero exit is an outcome.
  Result<ProcessOutcome> Run(const std::vector<std::string>& args, Duration timeout,
                             std::string stdin_data = "") const;
  // Runs kubectl with `args` plus `-o json` and parses what it printed; a non-zero exit fails.
  Result<nlohmann::json> GetJson(const std::vector<std::string>& args, Duration timeout) const;
  // `kubectl apply -f -` of one or more YAML or JSON documents.
  Status Apply(const std::string& manifests, Duration timeout) const;
  // Runs a command in a pod's container. The outcome's exit code is the command's own; only
  // a failure to reach the container (kubectl's own error) is an Error.
  Result<ProcessOutcome> Exec(const PodExec& exec) const;

  const KubeTarget& target() const { return target_; }

 private:
  std::vector<std::string> Argv(const std::vector<std::string>& args) const;

  KubeTarget target_;
};

}  // namespace sandcheck
