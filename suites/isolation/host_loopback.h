// ISO-020: whether the sandbox reaches services on the host's loopback. The harness listens on
// 127.0.0.1 in its own network namespace (the host's); the probe connect()s to that port from
// inside, and the listener counts what arrived. Loopback only: no other address is touched.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"
#include "suites/check_context.h"
#include "suites/isolation/observation.h"

namespace sandcheck::isolation {

// A TCP listener on 127.0.0.1, on a port the kernel picks. Move-only; closes on destruction.
class LoopbackListener {
 public:
  static Result<LoopbackListener> Open();
  LoopbackListener(LoopbackListener&& other) noexcept;
  LoopbackListener& operator=(LoopbackListener&&) = delete;
  ~LoopbackListener();

  uint16_t port() const { return port_; }
  // The probe's --connect target: "tcp:127.0.0.1:<port>".
  std::string ConnectTarget() const;
  // Connections the kernel completed for this listener so far, accepted without blocking.
  int TakeAccepted();

 private:
  LoopbackListener(int fd, uint16_t port) : fd_(fd), port_(port) {}
  int fd_;
  uint16_t port_;
};

// Fails when the probe's connect to `target` succeeded and the harness's listener got the
// connection (`accepted` > 0); an error when the probe connected but the listener saw nothing
// (something else answered inside the sandbox), or when the probe did not try.
Result<Judgement> JudgeHostLoopback(const nlohmann::json& document, const std::string& target,
                                    int accepted);

// The check: opens the listener, runs the probe against it in the family's shared sandbox.
CheckResult HostLoopbackUnreachable(CheckContext& context);

}  // namespace sandcheck::isolation
