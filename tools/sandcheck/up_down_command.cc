// `sandcheck up FILE` brings one sandbox up and holds it in the foreground until
// `sandcheck down NAME` (or Ctrl-C) ends it; `down` signals the holder and waits for it.
// Holding the lease in a live process keeps the run lock held, so no sweep removes the
// sandbox while it is up, and a holder killed by SIGKILL leaves a run the next sweep removes.
#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "core/log.h"
#include "tools/sandcheck/command.h"
#include "tools/sandcheck/substrate_options.h"

namespace sandcheck::cli {
namespace {

std::filesystem::path HolderPidFile(const po::variables_map& vars, const std::string& name) {
  return std::filesystem::path(vars["state-dir"].as<std::string>()) / "up" / (name + ".pid");
}

// Blocks until SIGINT or SIGTERM arrives.
void WaitForStopSignal() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  int received = 0;
  sigwait(&signals, &received);
}

bool ProcessAlive(pid_t pid) { return ::kill(pid, 0) == 0; }

// The command line that opens a shell in the sandbox as the deployment's user.
std::string ShellCommand(Substrate& substrate, const Deployment& deployment,
                         const std::string& name, const po::variables_map& vars) {
  std::string user = fmt::format("{}:{}", deployment.user.uid, deployment.user.gid);
  if (auto* oci = dynamic_cast<OciSubstrate*>(&substrate)) {
    if (auto runtime = oci->Runtime(deployment.runtime)) {
      return CommandLine(runtime->Argv({"exec", "-t", "--user", user, name, "/bin/sh"}));
    }
  }
  return CommandLine({"docker", "-H", "unix://" + vars["docker-socket"].as<std::string>(), "exec",
                      "-it", "--user", user, name, "/bin/sh"});
}

}  // namespace

int UpCommand(const std::vector<std::string>& args) {
  po::options_description options("up options");
  options.add_options()("file", po::value<std::string>()->required(), "deployment file");
  AddSubstrateOptions(options);
  po::positional_options_description positional;
  positional.add("file", 1);
  int exit_code = kExitOk;
  auto vars = ParseOptions("up", "FILE [--state-dir DIR]", options, positional, args, exit_code);
  if (!vars) return exit_code;

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
  // Block the stop signals before any thread starts so sigwait receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto substrate = OpenSubstrate(*vars, *kind);
  if (!substrate.ok()) {
    fmt::print(stderr, "sandcheck up: {}\n", substrate.message());
    return kExitHarness;
  }
  if (auto resolved = PlantHostAndResolve(*vars, (*substrate)->run_id(), *deployments);
      !resolved.ok()) {
    fmt::print(stderr, "sandcheck up: {}\n", resolved.message());
    return kExitUsage;
  }
  const Deployment& deployment = deployments->front();
  auto sandbox = (*substrate)->Acquire(deployment, {.purpose = deployment.name});
  if (!sandbox.ok()) {
    fmt::print(stderr, "sandcheck up: {}\n", sandbox.message());
    return kExitHarness;
  }
  const std::string name = (*sandbox)->name();
  auto pid_file = HolderPidFile(*vars, name);
  std::filesystem::create_directories(pid_file.parent_path());
  std::ofstream(pid_file) << ::getpid() << "\n";

  fmt::print("{}\n", name);
  fmt::print(stderr,
             "sandbox {} is up ({} on {}); this process holds it.\n  shell: {}\n  stop:  "
             "sandcheck down {} --state-dir {}   (or Ctrl-C)\n",
             name, ToString(deployment.runtime), ToString(deployment.substrate),
             ShellCommand(**substrate, deployment, name, *vars), name,
             (*vars)["state-dir"].as<std::string>());
  std::fflush(stdout);

  WaitForStopSignal();
  fmt::print(stderr, "sandcheck up: stopping {}\n", name);
  auto destroyed = (*sandbox)->Destroy();
  std::filesystem::remove(pid_file);
  if (!destroyed.ok()) {
    fmt::print(stderr, "sandcheck up: {}\n", destroyed.message());
    return kExitHarness;
  }
  return kExitOk;
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
  auto pid_file = HolderPidFile(*vars, name);
  pid_t holder = 0;
  std::ifstream(pid_file) >> holder;
  if (holder <= 0 || !ProcessAlive(holder)) {
    fmt::print(stderr,
               "sandcheck down: no live `sandcheck up` holds {} (no pid in {}). fix: `sandcheck "
               "sweep` removes what a killed holder left\n",
               name, pid_file.string());
    return kExitUsage;
  }
  ::kill(holder, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() +
                  Timeouts{}.Scaled((*vars)["timeout-scale"].as<double>()).runtime_command * 2;
  while (ProcessAlive(holder) && std::filesystem::exists(pid_file)) {
    if (std::chrono::steady_clock::now() > deadline) {
      fmt::print(stderr, "sandcheck down: {} (pid {}) did not stop in time\n", name, holder);
      return kExitHarness;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  fmt::print(stderr, "sandcheck down: {} is gone\n", name);
  return kExitOk;
}

}  // namespace sandcheck::cli
