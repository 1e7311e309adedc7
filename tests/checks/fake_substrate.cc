#include "tests/checks/fake_substrate.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "clusters/local_host.h"
#include "tests/checks/host_hooks.h"

namespace sandcheck::testing_support {
namespace {

// Answers the probe's --exists, --write and --read options from the world model, in the
// probe's document shape (docs/probe.md).
std::string ProbeDocument(const FakeWorld& world, const std::vector<std::string>& argv) {
  nlohmann::json exists = nlohmann::json::array();
  nlohmann::json read = nlohmann::json::array();
  nlohmann::json writable = nlohmann::json::array();
  for (size_t i = 1; i + 1 < argv.size(); i += 2) {
    const std::string& option = argv[i];
    const std::string& path = argv[i + 1];
    auto it = world.files.find(path);
    bool found = it != world.files.end();
    if (option == "--exists") {
      nlohmann::json entry = {
          {"path", path}, {"exists", found}, {"error", found ? nlohmann::json() : "ENOENT"}};
      if (found) {
        entry["type"] = it->second.directory ? "directory" : "file";
        entry["uid"] = it->second.uid;
        entry["mode"] = fmt::format("{:04o}", it->second.mode);
      }
      exists.push_back(entry);
    } else if (option == "--write") {
      bool ok = found && it->second.agent_writable;
      writable.push_back({{"path", path},
                          {"role", "requested"},
                          {"method", !found                 ? "create_new"
                                     : it->second.directory ? "create_in_directory"
                                                            : "open_existing"},
                          {"writable", ok},
                          {"error", ok      ? nlohmann::json()
                                    : found ? "EACCES"
                                            : "ENOENT"}});
    } else if (option == "--read") {
      bool ok = found && it->second.readable;
      read.push_back({{"path", path},
                      {"ok", ok},
                      {"error", ok      ? nlohmann::json()
                                : found ? "EACCES"
                                        : "ENOENT"},
                      {"truncated", false},
                      {"encoding", "utf8"},
                      {"content", ok ? it->second.content : ""}});
    }
  }
  return nlohmann::json{{"schema", 1},
                        {"files", {{"exists", exists}, {"read", read}}},
                        {"writable", {{"entries", writable}}}}
      .dump();
}

// Replaces every sandbox path the world maps to a host path.
std::string MapToHost(const FakeWorld& world, std::string command) {
  for (const auto& [inside, outside] : world.host)
    command = ReplaceAll(command, inside, outside.string());
  return command;
}

}  // namespace

class FakeSandbox : public Sandbox {
 public:
  FakeSandbox(FakeSubstrate& substrate, const Deployment& deployment, std::string name)
      : substrate_(substrate), deployment_(deployment), name_(std::move(name)) {
    ++substrate_.live_;
  }
  ~FakeSandbox() override { --substrate_.live_; }

  const std::string& name() const override { return name_; }
  const Deployment& deployment() const override { return deployment_; }
  Result<ProcessOutcome> Exec(const ExecRequest& request) override {
    if (request.argv == std::vector<std::string>{std::string(kProbePathInSandbox), "batch"}) {
      return RunBatchOnHost(request);
    }
    if (!request.argv.empty() && request.argv[0] == kProbePathInSandbox) {
      ++substrate_.probe_runs_;
      ProcessOutcome outcome;
      outcome.exit_code = substrate_.world_.probe_exit_code;
      outcome.out = ProbeDocument(substrate_.world_, request.argv);
      return outcome;
    }
    ProcessSpec spec;
    for (const auto& arg : request.argv) spec.argv.push_back(MapToHost(substrate_.world_, arg));
    spec.stdin_data = request.stdin_data;
    spec.env_overrides = request.env;
    spec.timeout = request.timeout.value_or(std::chrono::seconds(10));
    return RunProcess(spec);
  }
  // The real probe's batch mode, run on the host with the batch's paths mapped there.
  Result<ProcessOutcome> RunBatchOnHost(const ExecRequest& request) {
    auto batch = nlohmann::json::parse(request.stdin_data);
    for (auto& command : batch["commands"]) {
      for (auto& arg : command["argv"]) arg = MapToHost(substrate_.world_, arg.get<std::string>());
    }
    ProcessSpec spec;
    spec.argv = {SANDCHECK_PROBE_BINARY, "batch"};
    spec.stdin_data = batch.dump();
    spec.env_overrides = request.env;
    spec.timeout = request.timeout.value_or(std::chrono::seconds(10));
    return RunProcess(spec);
  }
  Status Destroy() override { return Status::Ok(); }
  void Release() override {}
  HostView& host() override { return host_; }  // its commands run on this machine

 private:
  FakeSubstrate& substrate_;
  const Deployment& deployment_;
  std::string name_;
  LocalHost host_;
};

FakeFile RootFile(uint32_t mode, std::string content) {
  FakeFile file;
  file.mode = mode;
  file.content = std::move(content);
  return file;
}

FakeFile RootDirectory(uint32_t mode) {
  FakeFile directory;
  directory.directory = true;
  directory.mode = mode;
  return directory;
}

FakeWorld ProtectedWorld() {
  FakeWorld world;
  for (const char* dir : {"/", "/etc", "/etc/claude-code", "/etc/claude-code/hooks"}) {
    world.files[dir] = RootDirectory();
  }
  return world;
}

FakeSubstrate::FakeSubstrate(FakeWorld world)
    : world_(std::move(world)), run_id_(RunId::Generate()) {}

RuntimeCapabilities FakeSubstrate::Capabilities(RuntimeKind) const { return capabilities_; }

Result<SandboxLease> FakeSubstrate::Acquire(const Deployment& deployment,
                                            const AcquireOptions& options) {
  {
    std::lock_guard lock(mutex_);
    acquired_.push_back(options.purpose);
  }
  if (!world_.acquire_error.empty()) return Fail("fake acquire: {}", world_.acquire_error);
  return SandboxLease(
      std::make_unique<FakeSandbox>(*this, deployment, ResourceName(run_id_, options.purpose)));
}

Deployment HooksDeployment(std::string name) {
  Deployment deployment;
  deployment.name = std::move(name);
  deployment.workdir = "/workspace";
  deployment.user = {1000, 1000, {}};
  deployment.phases = {{Family::kHooks, Phase::kIsolation}};
  return deployment;
}

CheckInfo CheckCalling(std::string id, CheckFn fn, Family family) {
  return CheckInfo{{
                       .id = std::move(id),
                       .must = "x MUST y",
                       .family = family,
                       .phase = Phase::kIsolation,
                       .severity = Severity::kLow,
                       .rationale = "r",
                       .remediation = "m",
                       .required_capabilities = {},
                       .negative_controls = {"n.yaml"},
                   },
                   fn};
}

}  // namespace sandcheck::testing_support
