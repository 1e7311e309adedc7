#include "servers/canary_sink.h"

#include <fmt/format.h>
#include <unistd.h>

namespace sandcheck {

using boost::asio::ip::tcp;

Result<std::unique_ptr<CanarySink>> CanarySink::Start(int listening_fd) {
  std::unique_ptr<CanarySink> sink(new CanarySink());
  boost::system::error_code ec;
  sink->acceptor_.assign(tcp::v4(), listening_fd, ec);
  if (ec) {
    ::close(listening_fd);
    return Fail("canary sink: adopt socket {}: {}", listening_fd, ec.message());
  }
  sink->Accept();
  sink->thread_ = std::thread([raw = sink.get()] { raw->io_.run(); });
  return sink;
}

CanarySink::~CanarySink() {
  io_.stop();
  if (thread_.joinable()) thread_.join();
}

void CanarySink::Accept() {
  acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
    if (ec) return;  // the acceptor closed: the sink is stopping
    boost::system::error_code ignored;
    auto remote = socket.remote_endpoint(ignored);
    std::string peer = fmt::format("{}:{}", remote.address().to_string(), remote.port());
    Read(std::make_shared<tcp::socket>(std::move(socket)), std::move(peer),
         std::make_shared<std::string>());
    Accept();
  });
}

void CanarySink::Read(std::shared_ptr<tcp::socket> socket, std::string peer,
                      std::shared_ptr<std::string> bytes) {
  auto buffer = std::make_shared<std::array<char, 4096>>();
  socket->async_read_some(
      boost::asio::buffer(*buffer), [this, socket, peer = std::move(peer), bytes, buffer](
                                        boost::system::error_code ec, size_t n) mutable {
        bytes->append(buffer->data(), std::min(n, kMaxBytes - std::min(kMaxBytes, bytes->size())));
        if (!ec) return Read(socket, std::move(peer), bytes);
        std::lock_guard lock(mutex_);
        receipts_.push_back({std::move(peer), std::move(*bytes)});
        arrived_.notify_all();
      });
}

std::vector<Receipt> CanarySink::Receipts() const {
  std::lock_guard lock(mutex_);
  return receipts_;
}

Result<std::vector<Receipt>> CanarySink::WaitForReceipts(size_t count, Duration deadline) const {
  std::unique_lock lock(mutex_);
  if (arrived_.wait_for(lock, deadline, [&] { return receipts_.size() >= count; })) {
    return receipts_;
  }
  return Fail("canary sink: {} of {} connections closed within {} ms", receipts_.size(), count,
              std::chrono::duration_cast<std::chrono::milliseconds>(deadline).count());
}

}  // namespace sandcheck
