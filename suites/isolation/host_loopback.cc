#include "suites/isolation/host_loopback.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "suites/check_context.h"
#include "suites/isolation/probe_reading.h"

namespace sandcheck::isolation {

Result<LoopbackListener> LoopbackListener::Open() {
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
  return LoopbackListener(fd, ntohs(address.sin_port));
}

LoopbackListener::LoopbackListener(LoopbackListener&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), port_(other.port_) {}

LoopbackListener::~LoopbackListener() {
  if (fd_ >= 0) ::close(fd_);
}

std::string LoopbackListener::ConnectTarget() const {
  return fmt::format("tcp:127.0.0.1:{}", port_);
}

int LoopbackListener::TakeAccepted() {
  int accepted = 0;
  // The handshake completes in the kernel before accept(): a connect that succeeded is queued.
  for (int fd; (fd = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC)) >= 0; ++accepted) ::close(fd);
  return accepted;
}

Result<Judgement> JudgeHostLoopback(const nlohmann::json& document, const std::string& target,
                                    int accepted) {
  ASSIGN_OR_RETURN(const nlohmann::json* connect, SectionOf(document, "connect"));
  ASSIGN_OR_RETURN(auto results, ObjectsAt(*connect, "results", "connect"));
  auto it = std::find_if(results.begin(), results.end(), [&](const nlohmann::json* result) {
    return StringAt(*result, "target") == target;
  });
  if (it == results.end()) return Fail("the probe did not try to connect to {}", target);
  Attempt attempt = ReadAttempt(**it);
  Judgement judgement;
  judgement.evidence["attempt"] = **it;
  judgement.evidence["listener_accepted"] = accepted;
  if (accepted > 0) {
    judgement.problems.push_back(
        fmt::format("connect() to {} reached the harness's listener on the host's loopback ({} "
                    "connection(s) accepted): the sandbox shares the host's network namespace",
                    target, accepted));
    return judgement;
  }
  if (attempt.ok) {
    return Fail(
        "connect() to {} succeeded but the host's listener saw no connection: something "
        "inside the sandbox answered on that port, so the host's loopback was not tested",
        target);
  }
  judgement.holds = fmt::format(
      "connect() to {}, where the harness listens on the host, failed inside the sandbox ({})",
      target, attempt.Describe());
  return judgement;
}

CheckResult HostLoopbackUnreachable(CheckContext& context) {
  ResultBuilder result(context.check().id);
  auto listener = LoopbackListener::Open();
  if (!listener.ok()) return result.Error(listener.error());
  auto document = context.Probe({"--only", "connect", "--connect", listener->ConnectTarget()});
  if (!document.ok()) return result.Error(document.error());
  return Conclude(std::move(result), JudgeHostLoopback(**document, listener->ConnectTarget(),
                                                       listener->TakeAccepted()));
}

}  // namespace sandcheck::isolation
