#include "servers/udp_sink.h"

#include <fmt/format.h>
#include <unistd.h>

namespace sandcheck {

using boost::asio::ip::udp;

Result<std::unique_ptr<UdpSink>> UdpSink::Start(int bound_fd) {
  std::unique_ptr<UdpSink> sink(new UdpSink());
  boost::system::error_code ec;
  sink->socket_.assign(udp::v4(), bound_fd, ec);
  if (ec) {
    ::close(bound_fd);
    return Fail("udp sink: adopt socket {}: {}", bound_fd, ec.message());
  }
  sink->Receive();
  sink->thread_ = std::thread([raw = sink.get()] { raw->io_.run(); });
  return sink;
}

UdpSink::~UdpSink() {
  io_.stop();
  if (thread_.joinable()) thread_.join();
}

void UdpSink::Receive() {
  socket_.async_receive_from(
      boost::asio::buffer(buffer_), sender_, [this](boost::system::error_code ec, size_t n) {
        if (ec == boost::asio::error::operation_aborted) return;
        if (!ec) {
          std::lock_guard lock(mutex_);
          datagrams_.push_back({fmt::format("{}:{}", sender_.address().to_string(), sender_.port()),
                                std::string(buffer_.data(), n)});
        }
        Receive();
      });
}

std::vector<Datagram> UdpSink::Datagrams() const {
  std::lock_guard lock(mutex_);
  return datagrams_;
}

}  // namespace sandcheck
