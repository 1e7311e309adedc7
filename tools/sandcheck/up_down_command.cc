// `sandcheck up FILE` brings one sandbox up and holds it in the foreground until
// `sandcheck down NAME` (or Ctrl-C) ends it; `up --detach FILE` holds it in the background and
// returns once it is ready; `down` signals the holder and waits for it (tools/sandcheck/
// up_holder.h says why a process holds every sandbox `up` brings up).
#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include "core/log.h"
#include "core/process.h"
#include "tools/sandcheck/command.h"
#include "tools/sandcheck/substrate_options.h"
#include "tools/sandcheck/up_holder.h"

namespace sandcheck::cli {
namespace {

// Blocks until SIGINT or SIGTERM arrives.
void WaitForStopSignal() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  int received = 0;
  sigwait(&signals, &received);
}

// How a human reaches the sandbox and stops it, for stderr.
std::string UpNotice(const Sandbox& sandbox, const std::filesystem::path& state_dir,
                     bool detached) {
  const Deployment& deployment = sandbox.deployment();
  std::vector<std::string> shell = sandbox.ShellCommand();
  std::string how = shell.empty()
                        ? fmt::format("the {} substrate offers no shell from this machine",
                                      ToString(deployment.substrate))
                        : CommandLine(shell);
  std::string holder = detached ? fmt::format("a background process holds it (log {})",
                                              HolderLogFile(state_dir, sandbox.name()).string())
                                : "this process holds it";
  return fmt::format(
      "sandbox {} is up ({} on {}); {}.\n  shell: {}\n  stop:  sandcheck down {} --state-dir "
      "{}{}\n",
      sandbox.name(), ToString(deployment.runtime), ToString(deployment.substrate), holder, how,
      sandbox.name(), state_dir.string(), detached ? "" : "   (or Ctrl-C)");
}

// Brings the sandbox up and tells `report` how it went; holds it until a stop signal.
int HoldSandbox(const po::variables_map& vars, std::vector<Deployment> deployments,
                SubstrateKind kind, HolderReport report) {
  // Block the stop signals before any thread starts so sigwait receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::filesystem::path state_dir = vars["state-dir"].as<std::string>();
  auto fail = [&](int code, const std::string& message) {
    report.Send(code, "", fmt::format("sandcheck up: {}\n", message));
    return code;
  };
  auto substrate = OpenSubstrate(vars, kind);
  if (!substrate.ok()) return fail(kExitHarness, substrate.message());
  if (auto resolved = PlantHostAndResolve(vars, (*substrate)->run_id(), deployments);
      !resolved.ok()) {
    return fail(kExitUsage, resolved.message());
  }
  const Deployment& deployment = deployments.front();
  auto sandbox = (*substrate)->Acquire(deployment, {.purpose = deployment.name});
  if (!sandbox.ok()) return fail(kExitHarness, sandbox.message());
  const std::string name = (*sandbox)->name();
  if (Status recorded = RecordHolder(state_dir, name, report.detached()); !recorded.ok()) {
    return fail(kExitHarness, recorded.message());
  }
  if (report.detached()) {  // the log goes beside the pid file, under the sandbox's name
    std::error_code ec;
    std::filesystem::rename(report.log_file(), HolderLogFile(state_dir, name), ec);
  }
  report.Send(kExitOk, name + "\n", UpNotice(**sandbox, state_dir, report.detached()));

  WaitForStopSignal();
  fmt::print(stderr, "sandcheck up: stopping {}\n", name);
  auto destroyed = (*sandbox)->Destroy();
  std::filesystem::remove(HolderPidFile(state_dir, name));
  if (!destroyed.ok()) {  // a detached holder's log stays to say what was left
    fmt::print(stderr, "sandcheck up: {}\n", destroyed.message());
    return kExitHarness;
  }
  std::error_code ec;
  if (report.detached()) std::filesystem::remove(HolderLogFile(state_dir, name), ec);
  return kExitOk;
}

}  // namespace

int UpCommand(const std::vector<std::string>& args) {
  po::options_description options("up options");
  options.add_options()("file", po::value<std::string>()->required(), "deployment file")(
      "detach", "hold the sandbox in the background: print its name once ready and exit");
  AddSubstrateOptions(options);
  po::positional_options_description positional;
  positional.add("file", 1);
  int exit_code = kExitOk;
  auto vars =
      ParseOptions("up", "FILE [--detach] [--state-dir DIR]", options, positional, args, exit_code);
  if (!vars) return exit_code;

  // The input is judged here, before a detached holder forks: a bad file fails in the foreground.
  auto deployments = LoadDeployments({(*vars)["file"].as<std::string>()});
  if (!deployments.ok()) {
    fmt::print(stderr, "{}\n", deployments.message());
    return kExitUsage;
  }
  auto kind = CommonSubstrate(*deployments);
  if (!kind.ok()) {
    fmt::print(stderr, "sandcheck up: {}\n", kind.message());
    return kExitUsage;
  }
  std::filesystem::path state_dir = (*vars)["state-dir"].as<std::string>();
  std::error_code ec;
  std::filesystem::create_directories(HolderDir(state_dir), ec);
  if (ec) {
    fmt::print(stderr, "sandcheck up: create {}: {}\n", HolderDir(state_dir).string(),
               ec.message());
    return kExitHarness;
  }
  if (!vars->count("detach")) {
    return HoldSandbox(*vars, std::move(deployments).value(), *kind, HolderReport::Foreground());
  }
  auto log_file = HolderDir(state_dir) / fmt::format("up-{}.log", ::getpid());
  auto detached = HolderReport::Detach(log_file);
  if (auto* parent_exit = std::get_if<int>(&detached)) return *parent_exit;
  return HoldSandbox(*vars, std::move(deployments).value(), *kind,
                     std::move(std::get<HolderReport>(detached)));
}

int DownCommand(const std::vector<std::string>& args) {
  po::options_description options("down options");
  options.add_options()("name", po::value<std::string>()->required(), "sandbox name printed by up");
  AddSubstrateOptions(options);
  po::positional_options_description positional;
  positional.add("name", 1);
  int exit_code = kExitOk;
  auto vars = ParseOptions("down", "NAME [--state-dir DIR]", options, positional, args, exit_code);
  if (!vars) return exit_code;

  std::string name = (*vars)["name"].as<std::string>();
  std::filesystem::path state_dir = (*vars)["state-dir"].as<std::string>();
  if (!HolderLives(state_dir, name)) {
    fmt::print(stderr,
               "sandcheck down: no live `sandcheck up` holds {} (no pid in {}). fix: `sandcheck "
               "sweep` removes what a killed holder left\n",
               name, HolderPidFile(state_dir, name).string());
    return kExitUsage;
  }
  Status stopped =
      StopHolder(state_dir, name,
                 Timeouts{}.Scaled((*vars)["timeout-scale"].as<double>()).runtime_command * 2);
  if (!stopped.ok()) {
    fmt::print(stderr, "sandcheck down: {}\n", stopped.message());
    return kExitHarness;
  }
  fmt::print(stderr, "sandcheck down: {} is gone\n", name);
  return kExitOk;
}

}  // namespace sandcheck::cli
