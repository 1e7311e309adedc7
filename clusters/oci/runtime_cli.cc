#include "clusters/oci/runtime_cli.h"

#include <nlohmann/json.hpp>

#include "core/fs_util.h"

namespace sandcheck {
namespace {

std::string Expand(const std::string& arg, const std::filesystem::path& root,
                   const std::filesystem::path& wrapper_dir) {
  if (arg == kRootPlaceholder) return root.string();
  if (arg == kWrapperDirPlaceholder) return wrapper_dir.string();
  return arg;
}

}  // namespace

Result<std::vector<ListedContainer>> ParseContainerList(const std::string& json_text) {
  auto document = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return Fail("container list is not JSON: {}", Tail(json_text, 200));
  std::vector<ListedContainer> containers;
  if (document.is_null()) return containers;
  if (!document.is_array()) {
    return Fail("container list is not a JSON array: {}", Tail(json_text, 200));
  }
  for (const auto& entry : document) {
    if (!entry.is_object() || !entry.contains("id") || !entry["id"].is_string()) {
      return Fail("container list entry without an id: {}", entry.dump());
    }
    ListedContainer container;
    container.id = entry["id"].get<std::string>();
    container.pid = entry.value("pid", 0);
    container.status = entry.value("status", "");
    container.bundle = entry.value("bundle", "");
    containers.push_back(std::move(container));
  }
  return containers;
}

RuntimeCli::RuntimeCli(const RuntimeProfile& profile, std::filesystem::path root,
                       std::filesystem::path wrapper_dir, bool wrapped, const Timeouts& timeouts)
    : profile_(profile),
      root_(std::move(root)),
      wrapper_dir_(std::move(wrapper_dir)),
      wrapped_(wrapped && !profile.hybrid_cgroup_wrapper.empty()),
      timeouts_(timeouts.Scaled(profile.timeout_scale)) {}

RuntimeCli RuntimeCli::ForNetwork(NetworkMode network) const {
  RuntimeCli copy = *this;
  auto it = profile_.network_args.find(network);
  copy.network_args_ = it == profile_.network_args.end() ? std::vector<std::string>{} : it->second;
  return copy;
}

std::vector<std::string> RuntimeCli::Argv(const std::vector<std::string>& subcommand) const {
  std::vector<std::string> argv;
  if (wrapped_) {
    for (const auto& arg : profile_.hybrid_cgroup_wrapper)
      argv.push_back(Expand(arg, root_, wrapper_dir_));
  }
  argv.push_back(profile_.binary);
  for (const auto& arg : profile_.global_args) argv.push_back(Expand(arg, root_, wrapper_dir_));
  argv.insert(argv.end(), network_args_.begin(), network_args_.end());
  argv.insert(argv.end(), subcommand.begin(), subcommand.end());
  return argv;
}

Result<ProcessOutcome> RuntimeCli::Run(const std::vector<std::string>& subcommand) const {
  ProcessSpec spec;
  spec.argv = Argv(subcommand);
  spec.timeout = timeouts_.runtime_command;
  return RunChecked(spec);
}

Status RuntimeCli::Create(const std::string& id, const BundlePaths& bundle) const {
  ProcessSpec spec;
  spec.argv = Argv(
      {"create", "--bundle", bundle.dir.string(), "--pid-file", bundle.pid_file().string(), id});
  spec.timeout = timeouts_.runtime_command;
  spec.stdout_sink = OutputSink::File(bundle.init_stdout());
  spec.stderr_sink = OutputSink::File(bundle.init_stderr());
  ASSIGN_OR_RETURN(ProcessOutcome outcome, RunProcess(spec));
  if (outcome.Succeeded()) return Status::Ok();
  auto stderr_text = ReadFile(bundle.init_stderr());
  return Fail("{} (bundle {}): {}: {}", CommandLine(spec.argv), bundle.dir.string(),
              outcome.DescribeEnd(), stderr_text.ok() ? Tail(*stderr_text) : stderr_text.message());
}

Status RuntimeCli::Start(const std::string& id) const {
  RETURN_IF_ERROR(Run({"start", id}));
  return Status::Ok();
}

Status RuntimeCli::Kill(const std::string& id, int signal) const {
  RETURN_IF_ERROR(Run({"kill", id, std::to_string(signal)}));
  return Status::Ok();
}

Status RuntimeCli::Delete(const std::string& id) const {
  RETURN_IF_ERROR(Run({"delete", "--force", id}));
  return Status::Ok();
}

Result<std::vector<ListedContainer>> RuntimeCli::List() const {
  ASSIGN_OR_RETURN(ProcessOutcome outcome, Run({"list", "--format", "json"}));
  return WithContext(ParseContainerList(outcome.out), CommandLine(Argv({"list"})));
}

ProcessSpec RuntimeCli::ExecSpec(const std::string& id, const std::filesystem::path& process_file,
                                 Duration timeout, std::string stdin_data) const {
  ProcessSpec spec;
  spec.argv = Argv({"exec", "--process", process_file.string(), id});
  spec.timeout = timeout;
  spec.stdin_data = std::move(stdin_data);
  return spec;
}

}  // namespace sandcheck
