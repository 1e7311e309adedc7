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
    // After the line's own mounts, so none of them (a tmpfs over the state directory, the
    // host's root) hides it; but before it remounts the root read-only, after which bwrap can
    // no longer create the mount point.
    std::vector<std::string> args = deployment.wrapper.args;
    auto at = args.end();
    for (auto it = args.begin(); it + 1 < args.end(); ++it) {
      if (*it == "--remount-ro" && *(it + 1) == "/") at = it;
    }
    args.insert(at, {"--ro-bind", invocation.probe.string(), invocation.probe.string()});
    argv.push_back("bwrap");
    argv.insert(argv.end(), args.begin(), args.end());
    for (const auto& [name, value] : extra_env) argv.insert(argv.end(), {"--setenv", name, value});
    argv.push_back("--");
  }
  // The agent's shell stays the command's parent (no exec of the last command), as a Bash
  // tool's shell does; a declared command other than a shell runs as given.
  const std::string& shell = deployment.command.empty() ? "" : deployment.command.front();
  if (std::filesystem::path(shell).filename().string().ends_with("sh")) {
    argv.insert(argv.end(), {shell, "-c", "\"$@\"; exit $?", "sh"});
  }
  argv.insert(argv.end(), command.begin(), command.end());
  return argv;
}

}  // namespace sandcheck
