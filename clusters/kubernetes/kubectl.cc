#include "clusters/kubernetes/kubectl.h"

#include <regex>

namespace sandcheck {

std::vector<std::string> Kubectl::Argv(const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {target_.kubectl.string(),
                                   "--kubeconfig=" + target_.kubeconfig.string()};
  if (!target_.context.empty()) argv.push_back("--context=" + target_.context);
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

Result<ProcessOutcome> Kubectl::Run(const std::vector<std::string>& args, Duration timeout,
                                    std::string stdin_data) const {
  ProcessSpec spec;
  spec.argv = Argv(args);
  spec.timeout = timeout;
  spec.stdin_data = std::move(stdin_data);
  return RunProcess(spec);
}

Result<nlohmann::json> Kubectl::GetJson(const std::vector<std::string>& args,
                                        Duration timeout) const {
  std::vector<std::string> with_output = args;
  with_output.insert(with_output.end(), {"-o", "json"});
  ProcessSpec spec;
  spec.argv = Argv(with_output);
  spec.timeout = timeout;
  auto outcome = RunChecked(spec);
  if (!outcome.ok()) return outcome.error();
  auto parsed = nlohmann::json::parse(outcome->out, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return Fail("{}: printed no JSON: {}", CommandLine(spec.argv), Tail(outcome->out));
  }
  return parsed;
}

Status Kubectl::Apply(const std::string& manifests, Duration timeout) const {
  ProcessSpec spec;
  spec.argv = Argv({"apply", "-f", "-"});
  spec.timeout = timeout;
  spec.stdin_data = manifests;
  auto outcome = RunChecked(spec);
  if (!outcome.ok()) return outcome.error();
  return Status::Ok();
}

Result<ProcessOutcome> Kubectl::Exec(const PodExec& exec) const {
  std::vector<std::string> args = {"exec", "-n", exec.name_space, exec.pod};
  if (!exec.stdin_data.empty()) args.push_back("-i");
  if (!exec.container.empty()) args.insert(args.end(), {"-c", exec.container});
  args.push_back("--");
  args.insert(args.end(), exec.argv.begin(), exec.argv.end());
  auto outcome = Run(args, exec.timeout, exec.stdin_data);
  if (!outcome.ok() || outcome->exit_code == 0 || outcome->timed_out) return outcome;
  // kubectl exits with the command's own code and says so on its last stderr line; any other
  // non-zero exit is kubectl failing to reach the container.
  static const std::regex kCommandExit(R"((^|\n)command terminated with exit code (\d+)\n?$)");
  std::smatch match;
  if (!std::regex_search(outcome->err, match, kCommandExit)) {
    return Fail("kubectl exec into {}/{}: {}", exec.name_space, exec.pod, outcome->DescribeEnd());
  }
  outcome->err.erase(static_cast<size_t>(match.position(0)));
  return outcome;
}

}  // namespace sandcheck
