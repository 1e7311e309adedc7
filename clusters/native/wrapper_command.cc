#include "clusters/native/wrapper_command.h"

#include <fmt/format.h>

#include "clusters/substrate.h"

namespace sandcheck {
namespace {

std::vector<std::string> UserSwitch(const UserSpec& user) {
  std::vector<std::string> argv = {"setpriv", fmt::format("--reuid={}", user.uid),
                                   fmt::format("--regid={}", user.gid)};
  if (user.additional_gids.empty()) {
    argv.push_back("--clear-groups");
  } else {
    argv.push_back(fmt::format("--groups={}", fmt::join(user.additional_gids, ",")));
  }
  return argv;
}

}  // namespace

std::vector<std::string> WrappedArgv(const Deployment& deployment,
                                     const WrapperInvocation& invocation,
                                     const std::map<std::string, std::string>& extra_env,
                                     std::vector<std::string> command) {
  // The probe lives on the host: every sandbox reaches it at its host path.
  for (std::string& argument : command) {
    if (argument == kProbePathInSandbox) argument = invocation.probe.string();
  }
  std::vector<std::string> argv = {"ip", "netns", "exec", invocation.netns};
  for (std::string& part : UserSwitch(deployment.user)) argv.push_back(std::move(part));
  argv.insert(argv.end(), {"env", "-i"});
  argv.insert(argv.end(), invocation.host_environment.begin(), invocation.host_environment.end());
  argv.push_back("HOME=" + invocation.home.string());
  if (deployment.runtime == RuntimeKind::kSrt) {
    for (const auto& [name, value] : extra_env) argv.push_back(name + "=" + value);
    argv.insert(argv.end(), invocation.srt.begin(), invocation.srt.end());
    // Without a file srt runs its built-in defaults (the fake home has no ~/.srt-settings.json).
    if (deployment.wrapper.settings) {
      argv.insert(argv.end(), {"--settings", deployment.wrapper.settings->string()});
    }
    argv.push_back("--");
  } else {
    // First, on bwrap's fresh tmpfs root (the line may remount it read-only at its end); a line
    // that binds the host's root over it shows the same file at the same path.
    argv.insert(argv.end(),
                {"bwrap", "--ro-bind", invocation.probe.string(), invocation.probe.string()});
    argv.insert(argv.end(), deployment.wrapper.args.begin(), deployment.wrapper.args.end());
    for (const auto& [name, value] : extra_env) argv.insert(argv.end(), {"--setenv", name, value});
    argv.push_back("--");
  }
  argv.insert(argv.end(), command.begin(), command.end());
  return argv;
}

}  // namespace sandcheck
