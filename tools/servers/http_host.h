// A harness-owned "outside" web host of the world (allowed, denied, canary, model API,
// metadata): it answers every HTTP request with 200 and records every connection, with the
// request's method, target and headers when one arrived, or the raw bytes when none parsed.
// Real listener on its own thread; every wait on it has a deadline.
#pragma once

#include <boost/asio.hpp>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"
#include "core/timeouts.h"

namespace sandcheck {

struct HttpReceipt {
  std::string peer;     // "address:port"
  bool parsed = false;  // a whole request head arrived
  std::string method, target;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string raw;  // what arrived when no request parsed (at most 4 KiB)
};

class HttpHost {
 public:
  // Takes ownership of `listening_fd`, an IPv4 or IPv6 TCP socket already listening. `name` goes
  // into every answer ("hello from allowed").
  static Result<std::unique_ptr<HttpHost>> Start(int listening_fd, std::string name);
  ~HttpHost();  // stops accepting and joins its thread

  const std::string& name() const { return name_; }
  std::vector<HttpReceipt> Receipts() const;
  // The receipts once at least `count` have arrived, or an error carrying how many did.
  Result<std::vector<HttpReceipt>> WaitForReceipts(size_t count, Duration deadline) const;

 private:
  explicit HttpHost(std::string name) : name_(std::move(name)) {}
  void Accept();
  void Record(HttpReceipt receipt);

  std::string name_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_{io_};
  std::thread thread_;
  mutable std::mutex mutex_;
  mutable std::condition_variable arrived_;
  std::vector<HttpReceipt> receipts_;
};

}  // namespace sandcheck
