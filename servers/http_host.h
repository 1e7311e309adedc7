// A harness-owned "outside" web host of the world (allowed, denied, canary, model API,
// metadata): it answers every HTTP request with 200 and records every connection, with the
// request's method, target and headers when one arrived, or the raw bytes when none parsed.
// It listens for plain HTTP and, with a certificate, for HTTPS (Boost.Asio ssl and Beast).
// Real listeners on its own thread; every wait on it has a deadline.
#pragma once

#include <boost/asio.hpp>
#include <boost/asio/ssl/context.hpp>
#include <condition_variable>
#include <deque>
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
  bool tls = false;     // arrived on the HTTPS listener
  bool parsed = false;  // a whole request head arrived
  std::string method, target;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string raw;        // what arrived when no request parsed (at most 4 KiB)
  std::string tls_error;  // why the TLS handshake failed, when it did
};

// A TCP socket already listening (IPv4 or IPv6), and the TLS context it serves with, or null
// for plain HTTP.
struct HttpListener {
  int fd = -1;
  std::shared_ptr<boost::asio::ssl::context> tls;
};

class HttpHost {
 public:
  // Takes ownership of the listeners' sockets. `name` goes into every answer ("hello from
  // allowed").
  static Result<std::unique_ptr<HttpHost>> Start(std::vector<HttpListener> listeners,
                                                 std::string name);
  ~HttpHost();  // stops accepting and joins its thread

  const std::string& name() const { return name_; }
  std::vector<HttpReceipt> Receipts() const;
  // The receipts once at least `count` have arrived, or an error carrying how many did.
  Result<std::vector<HttpReceipt>> WaitForReceipts(size_t count, Duration deadline) const;

 private:
  explicit HttpHost(std::string name) : name_(std::move(name)) {}
  struct Acceptor {
    boost::asio::ip::tcp::acceptor acceptor;
    std::shared_ptr<boost::asio::ssl::context> tls;
  };
  void Accept(Acceptor& acceptor);
  void Record(HttpReceipt receipt);

  std::string name_;
  boost::asio::io_context io_;
  std::deque<Acceptor> acceptors_;  // a deque: handlers hold references to its elements
  std::thread thread_;
  mutable std::mutex mutex_;
  mutable std::condition_variable arrived_;
  std::vector<HttpReceipt> receipts_;
};

}  // namespace sandcheck
