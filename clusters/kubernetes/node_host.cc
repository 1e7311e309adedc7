#include "clusters/kubernetes/node_host.h"

#include <fmt/format.h>

#include <atomic>
#include <regex>
#include <sstream>
#include <thread>

namespace sandcheck {
namespace {

constexpr Duration kNodeCall = std::chrono::seconds(30);
constexpr Duration kListenerStart = std::chrono::seconds(10);

class NodeLoopbackListener : public HostLoopbackListener {
 public:
  NodeLoopbackListener(NodeAddress node, std::string files, uint16_t port)
      : node_(std::move(node)), files_(std::move(files)), port_(port) {}
  NodeLoopbackListener(const NodeLoopbackListener&) = delete;
  NodeLoopbackListener& operator=(const NodeLoopbackListener&) = delete;
  ~NodeLoopbackListener() override {
    (void)RunOnNode(node_,
                    {"sh", "-c", "kill $(cat \"$1.pid\") 2>/dev/null; rm -f \"$1\".*", "-", files_},
                    kNodeCall);
  }

  std::string ConnectTarget() const override { return fmt::format("tcp:127.0.0.1:{}", port_); }

  int TakeAccepted() override {
    auto log = RunOnNode(node_, {"cat", files_ + ".log"}, kNodeCall);
    if (!log.ok() || !log->Succeeded()) return 0;
    int accepted = 0;
    std::istringstream lines(log->out);
    for (std::string line; std::getline(lines, line);) {
      if (line.find("accepting connection from") != std::string::npos) ++accepted;
    }
    const int new_ones = accepted - taken_;
    taken_ = accepted;
    return new_ones;
  }

 private:
  NodeAddress node_;
  std::string files_;
  uint16_t port_;
  int taken_ = 0;
};

}  // namespace

std::string NodeListenerDir(const std::string& run) {
  return fmt::format("/run/sandcheck/listeners/{}", run);
}

Result<ProcessOutcome> RunOnNode(const NodeAddress& node, const std::vector<std::string>& argv,
                                 Duration timeout, const std::string& stdin_data) {
  ProcessSpec spec;
  spec.argv = {"docker", "exec"};
  if (!stdin_data.empty()) spec.argv.push_back("-i");
  spec.argv.push_back(node.container);
  spec.argv.insert(spec.argv.end(), argv.begin(), argv.end());
  spec.env_overrides = {{"DOCKER_HOST", "unix://" + node.docker_socket.string()}};
  spec.timeout = timeout;
  spec.stdin_data = stdin_data;
  return RunProcess(spec);
}

ProcessStart NodeHost::StartProcess(Duration timeout) {
  auto outcome = RunOnNode(address_, {"/bin/true"}, timeout);
  if (!outcome.ok()) return {false, outcome.message()};
  return {outcome->Succeeded(), outcome->Succeeded()
                                    ? outcome->DescribeEnd()
                                    : outcome->DescribeEnd() + ": " + Tail(outcome->err)};
}

std::vector<HostProcess> NodeHost::ProcessesCarrying(const std::string& marker) {
  // One line per process, "<pid>\t<arguments joined by spaces>"; the marker is matched here,
  // so the listing shell's own command line never carries it.
  static constexpr std::string_view kList =
      "for d in /proc/[0-9]*; do c=$(tr '\\0' ' ' <\"$d/cmdline\" 2>/dev/null) && "
      "[ -n \"$c\" ] && printf '%s\\t%s\\n' \"${d#/proc/}\" \"$c\"; done";
  std::vector<HostProcess> found;
  auto listed = RunOnNode(address_, {"sh", "-c", std::string(kList)}, kNodeCall);
  if (!listed.ok()) return found;
  std::istringstream lines(listed->out);
  for (std::string line; std::getline(lines, line);) {
    const size_t tab = line.find('\t');
    if (tab == std::string::npos || line.find(marker, tab) == std::string::npos) continue;
    std::string cmdline = line.substr(tab + 1);
    while (!cmdline.empty() && cmdline.back() == ' ') cmdline.pop_back();
    found.push_back({static_cast<pid_t>(std::stol(line.substr(0, tab))), cmdline});
  }
  return found;
}

void NodeHost::KillProcess(pid_t pid) {
  (void)RunOnNode(address_, {"kill", "-9", std::to_string(pid)}, kNodeCall);
}

HostIdentity NodeHost::Identity() {
  HostIdentity identity;
  // Separated by a line that appears in none of them.
  auto read = RunOnNode(address_,
                        {"sh", "-c",
                         "hostname; echo @@; uname -r; echo @@; uname -v; echo @@; "
                         "cat /proc/version; echo @@; cat /proc/sys/kernel/random/boot_id"},
                        kNodeCall);
  if (!read.ok() || !read->Succeeded()) return identity;
  std::vector<std::string> parts;
  std::string rest = read->out;
  for (size_t at; (at = rest.find("@@\n")) != std::string::npos; rest.erase(0, at + 3)) {
    parts.push_back(rest.substr(0, at));
  }
  parts.push_back(rest);
  if (parts.size() != 5) return identity;
  auto line = [](const std::string& text) { return text.substr(0, text.find('\n')); };
  identity.hostname = line(parts[0]);
  identity.kernel_release = line(parts[1]);
  identity.kernel_version = line(parts[2]);
  identity.proc_version = parts[3];
  identity.boot_id = parts[4];
  identity.home = "/root";  // the kubelet and containerd run as root
  return identity;
}

Result<std::unique_ptr<HostLoopbackListener>> NodeHost::ListenOnLoopback() {
  static std::atomic<int> counter{0};
  const std::string files =
      fmt::format("{}/{}-{}", NodeListenerDir(address_.run), ::getpid(), ++counter);
  // Port 0: the node's kernel picks a free one, which socat logs as it starts listening.
  auto started =
      RunOnNode(address_,
                {"sh", "-c",
                 "mkdir -p \"$(dirname \"$1\")\" && (setsid socat -d -d "
                 "TCP4-LISTEN:0,bind=127.0.0.1,reuseaddr,fork OPEN:/dev/null 2>\"$1.log\" & "
                 "echo $! >\"$1.pid\")",
                 "-", files},
                kNodeCall);
  if (!started.ok()) return started.error();
  if (!started->Succeeded()) {
    return Fail("start a listener on node {}: {}: {}", address_.container, started->DescribeEnd(),
                Tail(started->err));
  }
  static const std::regex kListening(R"(listening on .*:(\d+))");
  const auto deadline = std::chrono::steady_clock::now() + kListenerStart;
  std::string seen;
  while (std::chrono::steady_clock::now() < deadline) {
    auto log = RunOnNode(address_, {"cat", files + ".log"}, kNodeCall);
    if (log.ok()) seen = log->out + log->err;
    std::smatch match;
    if (std::regex_search(seen, match, kListening)) {
      return std::unique_ptr<HostLoopbackListener>(std::make_unique<NodeLoopbackListener>(
          address_, files, static_cast<uint16_t>(std::stoi(match[1].str()))));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  (void)RunOnNode(address_, {"sh", "-c", "kill $(cat \"$1.pid\") 2>/dev/null", "-", files},
                  kNodeCall);
  return Fail("the listener on node {} did not report its port within {} s; its log: {}",
              address_.container, kListenerStart.count() / 1000, Tail(seen));
}

Status NodeHost::WriteFile(const std::filesystem::path& path, const std::string& content) {
  auto written =
      RunOnNode(address_,
                {"sh", "-c", "mkdir -p \"$(dirname \"$1\")\" && cat >\"$1\" && chmod 0644 \"$1\"",
                 "-", path.string()},
                kNodeCall, content);
  if (!written.ok()) return written.error();
  if (!written->Succeeded()) {
    return Fail("write {} on node {}: {}", path.string(), address_.container, Tail(written->err));
  }
  return Status::Ok();
}

Result<std::string> NodeHost::ReadFile(const std::filesystem::path& path) {
  ASSIGN_OR_RETURN(ProcessOutcome read, RunOnNode(address_, {"cat", path.string()}, kNodeCall));
  if (!read.Succeeded()) {
    return Fail("read {} on node {}: {}", path.string(), address_.container, Tail(read.err));
  }
  return read.out;
}

void NodeHost::RemoveFile(const std::filesystem::path& path) {
  (void)RunOnNode(address_, {"rm", "-f", path.string()}, kNodeCall);
}

}  // namespace sandcheck
