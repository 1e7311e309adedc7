// A harness-owned "outside" host that must never hear from a sandbox: it accepts TCP
// connections on a socket it is given (made inside a world namespace) and records every peer
// and every byte. Real listener, own thread; every wait on it has a deadline (Envoy's
// FakeUpstream is the model).
#pragma once

#include <boost/asio.hpp>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"
#include "core/timeouts.h"

namespace sandcheck {

struct Receipt {
  std::string peer;   // "address:port"
  std::string bytes;  // all it sent before closing (at most kMaxBytes)
};

class CanarySink {
 public:
  static constexpr size_t kMaxBytes = 64 * 1024;

  // Takes ownership of `listening_fd`, an IPv4 TCP socket already listening.
  static Result<std::unique_ptr<CanarySink>> Start(int listening_fd);
  ~CanarySink();  // stops accepting and joins its thread

  std::vector<Receipt> Receipts() const;
  // The receipts once at least `count` connections have closed, or an error carrying what
  // arrived by the deadline.
  Result<std::vector<Receipt>> WaitForReceipts(size_t count, Duration deadline) const;

 private:
  CanarySink() = default;
  void Accept();
  void Read(std::shared_ptr<boost::asio::ip::tcp::socket> socket, std::string peer,
            std::shared_ptr<std::string> bytes);

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_{io_};
  std::thread thread_;
  mutable std::mutex mutex_;
  mutable std::condition_variable arrived_;
  std::vector<Receipt> receipts_;
};

}  // namespace sandcheck
