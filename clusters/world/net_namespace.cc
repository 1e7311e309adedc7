#include "clusters/world/net_namespace.h"

#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "core/log.h"
#include "core/process.h"

namespace sandcheck {

std::string IpProgram() {
  for (const char* path : {"/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"}) {
    if (::access(path, X_OK) == 0) return path;
  }
  return "ip";
}

Status RunIp(std::vector<std::string> args, Duration timeout) {
  ProcessSpec spec;
  spec.argv = {IpProgram()};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.timeout = timeout;
  ASSIGN_OR_RETURN(ProcessOutcome outcome, RunChecked(spec));
  return Status::Ok();
}

Result<std::vector<std::string>> ListNetNamespaces(Duration timeout) {
  ProcessSpec spec;
  spec.argv = {IpProgram(), "netns", "list"};
  spec.timeout = timeout;
  ASSIGN_OR_RETURN(ProcessOutcome outcome, RunChecked(spec));
  // Lines are "NAME" or "NAME (id: N)".
  std::vector<std::string> names;
  size_t start = 0;
  while (start < outcome.out.size()) {
    size_t end = outcome.out.find('\n', start);
    if (end == std::string::npos) end = outcome.out.size();
    std::string line = outcome.out.substr(start, end - start);
    line = line.substr(0, line.find(' '));
    if (!line.empty()) names.push_back(line);
    start = end + 1;
  }
  return names;
}

Status KillProcessesInNamespace(const std::string& name, Duration timeout) {
  ProcessSpec spec;
  spec.argv = {IpProgram(), "netns", "pids", name};
  spec.timeout = timeout;
  ASSIGN_OR_RETURN(ProcessOutcome outcome, RunChecked(spec));
  std::istringstream pids(outcome.out);
  for (pid_t pid = 0; pids >> pid;) {
    if (pid > 1 && pid != ::getpid()) ::kill(pid, SIGKILL);
  }
  return Status::Ok();
}

Status DeleteNetNamespace(const std::string& name, const std::filesystem::path& registry,
                          Duration timeout) {
  if (std::filesystem::exists("/run/netns/" + name)) {
    // A server sandcheck started there (a proxy, the DNS server) would outlive the namespace
    // after a killed run; the namespace is this state directory's, so its processes are too.
    RETURN_IF_ERROR(KillProcessesInNamespace(name, timeout));
    RETURN_IF_ERROR(RunIp({"netns", "delete", name}, timeout));
  }
  std::error_code ec;
  // `ip netns exec` reads /etc/netns/<name>/resolv.conf; the world writes one for its hosts.
  std::filesystem::remove_all(std::filesystem::path("/etc/netns") / name, ec);
  if (ec) return Fail("remove /etc/netns/{}: {}", name, ec.message());
  std::filesystem::remove(registry / name, ec);
  if (ec) return Fail("remove {}: {}", (registry / name).string(), ec.message());
  return Status::Ok();
}

Result<NetNamespace> NetNamespace::Create(std::string name, const std::filesystem::path& registry,
                                          Duration timeout) {
  // Recorded first: a kill between the two steps leaves an entry the sweep can act on.
  std::error_code ec;
  std::filesystem::create_directories(registry, ec);
  if (ec) return Fail("create {}: {}", registry.string(), ec.message());
  if (!std::ofstream(registry / name)) return Fail("record {} in {}", name, registry.string());
  NetNamespace created(std::move(name), registry, timeout);
  RETURN_IF_ERROR(RunIp({"netns", "add", created.name_}, timeout));
  return created;
}

Result<NetNamespace> NetNamespace::Attach(std::string name, pid_t pid,
                                          const std::filesystem::path& registry, Duration timeout) {
  std::error_code ec;
  std::filesystem::create_directories(registry, ec);
  if (ec) return Fail("create {}: {}", registry.string(), ec.message());
  if (!std::ofstream(registry / name)) return Fail("record {} in {}", name, registry.string());
  NetNamespace attached(std::move(name), registry, timeout);
  RETURN_IF_ERROR(RunIp({"netns", "attach", attached.name_, std::to_string(pid)}, timeout));
  return attached;
}

NetNamespace::NetNamespace(NetNamespace&& other) noexcept
    : name_(std::move(other.name_)),
      registry_(std::move(other.registry_)),
      timeout_(other.timeout_) {
  other.name_.clear();
}

NetNamespace& NetNamespace::operator=(NetNamespace&& other) noexcept {
  if (this != &other) {
    Status ignored = Delete();
    name_ = std::move(other.name_);
    registry_ = std::move(other.registry_);
    timeout_ = other.timeout_;
    other.name_.clear();
  }
  return *this;
}

NetNamespace::~NetNamespace() {
  Status deleted = Delete();
  if (!deleted.ok()) SC_WARN("network namespace left behind: {}", deleted.message());
}

Status NetNamespace::IpBatch(const std::vector<std::string>& commands) const {
  ProcessSpec spec;
  spec.argv = {IpProgram(), "-n", name_, "-batch", "-"};
  for (const std::string& command : commands) spec.stdin_data += command + "\n";
  spec.timeout = timeout_;
  ASSIGN_OR_RETURN(ProcessOutcome outcome, RunChecked(spec));
  return Status::Ok();
}

Status NetNamespace::Delete() {
  if (name_.empty()) return Status::Ok();
  std::string name = std::exchange(name_, "");
  return DeleteNetNamespace(name, registry_, timeout_);
}

std::string NetNamespace::Release() { return std::exchange(name_, ""); }

}  // namespace sandcheck
