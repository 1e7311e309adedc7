#include "clusters/local_host.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

#include "core/fs_util.h"
#include "core/process.h"

namespace sandcheck {
namespace {

class LocalLoopbackListener : public HostLoopbackListener {
 public:
  LocalLoopbackListener(int fd, uint16_t port) : fd_(fd), port_(port) {}
  LocalLoopbackListener(const LocalLoopbackListener&) = delete;
  LocalLoopbackListener& operator=(const LocalLoopbackListener&) = delete;
  ~LocalLoopbackListener() override { ::close(fd_); }

  std::string ConnectTarget() const override { return fmt::format("tcp:127.0.0.1:{}", port_); }

  int TakeAccepted() override {
    int accepted = 0;
    // The handshake completes in the kernel before accept(): a connect that succeeded is queued.
    for (int fd; (fd = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC)) >= 0; ++accepted) {
      ::close(fd);
    }
    return accepted;
  }

 private:
  int fd_;
  uint16_t port_;
};

}  // namespace

std::unique_ptr<HostLoopbackListener> AdoptLoopbackListener(int fd, uint16_t port) {
  return std::make_unique<LocalLoopbackListener>(fd, port);
}

ProcessStart LocalHost::StartProcess(Duration timeout) {
  ProcessSpec spec;
  spec.argv = {"/bin/true"};
  spec.timeout = timeout;
  auto outcome = RunProcess(spec);
  if (!outcome.ok()) return {false, outcome.message()};
  return {outcome->Succeeded(), outcome->DescribeEnd()};
}

std::vector<HostProcess> LocalHost::ProcessesCarrying(const std::string& marker) {
  std::vector<HostProcess> found;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
    // A process may exit between the listing and the read (the read then fails with ESRCH):
    // it carries nothing any more.
    auto read = sandcheck::ReadFile(entry.path() / "cmdline");
    if (!read.ok()) continue;
    std::string cmdline = std::move(read).value();
    if (cmdline.find(marker) == std::string::npos) continue;
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    found.push_back({static_cast<pid_t>(std::stol(name)), cmdline});
  }
  return found;
}

void LocalHost::KillProcess(pid_t pid) { ::kill(pid, SIGKILL); }

HostIdentity LocalHost::Identity() {
  HostIdentity identity;
  struct utsname names = {};
  if (::uname(&names) == 0) {
    identity.hostname = names.nodename;
    identity.kernel_release = names.release;
    identity.kernel_version = names.version;
  }
  // Read here, outside any sandbox: the unsandboxed reference a sandbox kernel must differ from.
  for (auto [path, field] : {std::pair{"/proc/version", &identity.proc_version},
                             std::pair{"/proc/sys/kernel/random/boot_id", &identity.boot_id}}) {
    std::ifstream in(path);
    *field = std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home == '/') {
    identity.home = home;
  } else if (const struct passwd* entry = ::getpwuid(::getuid()); entry != nullptr) {
    identity.home = entry->pw_dir;
  }
  return identity;
}

Result<std::unique_ptr<HostLoopbackListener>> LocalHost::ListenOnLoopback() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return Fail("socket(AF_INET): {}", std::strerror(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::listen(fd, 16) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    int error = errno;
    ::close(fd);
    return Fail("listen on 127.0.0.1: {}", std::strerror(error));
  }
  return AdoptLoopbackListener(fd, ntohs(address.sin_port));
}

Status LocalHost::WriteFile(const std::filesystem::path& path, const std::string& content) {
  return sandcheck::WriteFile(path, content, 0644);
}

Result<std::string> LocalHost::ReadFile(const std::filesystem::path& path) {
  return sandcheck::ReadFile(path);
}

void LocalHost::RemoveFile(const std::filesystem::path& path) {
  std::error_code ignored;
  std::filesystem::remove(path, ignored);
}

}  // namespace sandcheck
