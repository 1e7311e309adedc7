// A harness-owned UDP listener of the world (the canary's DNS port, a datagram sink): records
// every datagram and its sender, answers nothing. Real socket on its own thread.
#pragma once

#include <array>
#include <boost/asio.hpp>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"

namespace sandcheck {

struct Datagram {
  std::string peer;   // "address:port"
  std::string bytes;  // at most 2 KiB
};

class UdpSink {
 public:
  // Takes ownership of `bound_fd`, an IPv4 UDP socket already bound.
  static Result<std::unique_ptr<UdpSink>> Start(int bound_fd);
  ~UdpSink();

  std::vector<Datagram> Datagrams() const;

 private:
  UdpSink() = default;
  void Receive();

  boost::asio::io_context io_;
  boost::asio::ip::udp::socket socket_{io_};
  boost::asio::ip::udp::endpoint sender_;
  std::array<char, 2048> buffer_{};
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<Datagram> datagrams_;
};

}  // namespace sandcheck
