// The host view of a kind node: the node container is "the host" of every pod on it, reached
// with `docker exec` (the node runs systemd, containerd and the kubelet; its processes include
// every pod's). Stateless apart from the names, so every sandbox holds one of its own.
#pragma once

#include <filesystem>
#include <string>

#include "clusters/host_view.h"
#include "core/process.h"
#include "core/result.h"

namespace sandcheck {

struct NodeAddress {
  std::string container;                // the node's container name
  std::filesystem::path docker_socket;  // the engine that runs it
  std::string run;                      // names the listeners' files, for the sweep
};

class NodeHost : public HostView {
 public:
  explicit NodeHost(NodeAddress address) : address_(std::move(address)) {}

  ProcessStart StartProcess(Duration timeout) override;
  std::vector<HostProcess> ProcessesCarrying(const std::string& marker) override;
  void KillProcess(pid_t pid) override;
  HostIdentity Identity() override;
  // A socat on the node's loopback, on a port the node's kernel picks; it logs each accepted
  // connection to a file the listener reads.
  Result<std::unique_ptr<HostLoopbackListener>> ListenOnLoopback() override;
  Status WriteFile(const std::filesystem::path& path, const std::string& content) override;
  Result<std::string> ReadFile(const std::filesystem::path& path) override;
  void RemoveFile(const std::filesystem::path& path) override;

 private:
  NodeAddress address_;
};

// Runs `argv` in the node with `docker exec` (stdin when not empty); a non-zero exit is an
// outcome.
Result<ProcessOutcome> RunOnNode(const NodeAddress& node, const std::vector<std::string>& argv,
                                 Duration timeout, const std::string& stdin_data = "");

// Where listeners of run `run` keep their pid and log files on the node.
std::string NodeListenerDir(const std::string& run);

}  // namespace sandcheck
