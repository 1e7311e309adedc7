// A running sandbox of the docker substrate: one engine container, labelled with its run.
// Exec goes through the exec API (create, start with the attach stream, inspect for the exit
// code). The lease removes the container on Destroy or destruction; named volumes stay with
// the substrate, which removes them when the run ends.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "clusters/docker/engine_client.h"
#include "clusters/local_sandbox.h"
#include "clusters/substrate.h"
#include "clusters/world/world_link.h"
#include "core/cleanup_stack.h"

namespace sandcheck {

// stdin cannot travel over libcurl (the engine wants it on the hijacked connection), so it
// goes in this variable to a busybox sh that pipes it to the command (docs/docker-substrate.md).
inline constexpr std::string_view kStdinVariable = "SANDCHECK_STDIN";
// MAX_ARG_STRLEN is 128 KiB; the variable must fit with its name.
inline constexpr size_t kMaxStdinBytes = 120 * 1024;

struct DockerSandboxParts {
  std::string name;          // sc-<run>-<purpose>-<n>, also the container's name
  std::string container_id;  // the engine's id
  std::filesystem::path rootfs_on_host;
  Timeouts timeouts;
};

// The engine execs as any uid and kills the container's init, and the container's merged
// rootfs is a path on this machine.
class DockerSandbox : public LocalSandbox {
 public:
  // `world_link`: what a `network: world` sandbox is connected to; null otherwise.
  DockerSandbox(std::shared_ptr<const EngineClient> engine, Deployment deployment,
                DockerSandboxParts parts, CleanupStack teardown,
                std::shared_ptr<const WorldLink> world_link = nullptr);
  ~DockerSandbox() override;

  const std::string& name() const override { return parts_.name; }
  const Deployment& deployment() const override { return deployment_; }
  Result<ProcessOutcome> Exec(const ExecRequest& request) override;
  Status Destroy() override;
  void Release() override;
  const WorldView* world() const override { return world_link_.get(); }
  std::vector<std::string> ShellCommand() const override;

  // The optional parts LocalSandbox offers.
  Result<ProcessOutcome> ExecAs(const ExecRequest& request, uint32_t uid, uint32_t gid) override;
  Status Kill(int signal) override;
  std::filesystem::path RootfsOnHost() const override { return parts_.rootfs_on_host; }

  const std::string& container_id() const { return parts_.container_id; }

 private:
  // For an exec's give_up: true once the container no longer runs.
  std::function<bool()> ContainerStopped() const;
  Result<nlohmann::json> WaitForExit(const std::string& exec_id, Duration timeout) const;
  void KillTimedOutExec(const std::string& exec_id, const std::vector<std::string>& argv,
                        uint32_t uid, uint32_t gid);

  std::shared_ptr<const EngineClient> engine_;
  Deployment deployment_;
  DockerSandboxParts parts_;
  CleanupStack teardown_;
  std::shared_ptr<const WorldLink> world_link_;
};

// The argv and extra environment that deliver `stdin_data` to `argv` (unchanged when empty).
Result<std::pair<std::vector<std::string>, std::map<std::string, std::string>>> WithStdin(
    const std::vector<std::string>& argv, const std::string& stdin_data);

// DELETE /containers/<id>?force=true; a container already gone is fine.
Status RemoveEngineContainer(const EngineClient& engine, const std::string& id, Duration timeout);

}  // namespace sandcheck
