// The host view of the machine sandcheck itself runs on: the host of every sandbox on the oci
// and docker substrates (and of the checks' fake sandboxes in tests). Stateless, so every
// sandbox may hold one of its own.
#pragma once

#include "clusters/host_view.h"

namespace sandcheck {

// A listener over `fd`, a listening non-blocking TCP socket on a loopback (this machine's, or a
// network namespace's), on `port`; it owns and closes the socket.
std::unique_ptr<HostLoopbackListener> AdoptLoopbackListener(int fd, uint16_t port);

class LocalHost : public HostView {
 public:
  ProcessStart StartProcess(Duration timeout) override;
  std::vector<HostProcess> ProcessesCarrying(const std::string& marker) override;
  void KillProcess(pid_t pid) override;
  HostIdentity Identity() override;
  Result<std::unique_ptr<HostLoopbackListener>> ListenOnLoopback() override;
  Status WriteFile(const std::filesystem::path& path, const std::string& content) override;
  Result<std::string> ReadFile(const std::filesystem::path& path) override;
  void RemoveFile(const std::filesystem::path& path) override;
};

}  // namespace sandcheck
