#include "servers/http_host.h"

#include <fmt/format.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

namespace sandcheck {

namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = boost::asio::ssl;
using boost::asio::ip::tcp;

namespace {

constexpr auto kConnectionDeadline = std::chrono::seconds(10);

// One connection on a plain (beast::tcp_stream) or TLS (beast::ssl_stream) stream: handshake
// when TLS, read a request, record it, answer, close. Lives as long as its handlers.
template <typename Stream>
class HostConnection : public std::enable_shared_from_this<HostConnection<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  HostConnection(Stream stream, std::string peer, std::string name,
                 std::function<void(HttpReceipt)> record)
      : stream_(std::move(stream)), name_(std::move(name)), record_(std::move(record)) {
    receipt_.peer = std::move(peer);
    receipt_.tls = kTls;
  }

  void Run() {
    beast::get_lowest_layer(stream_).expires_after(kConnectionDeadline);
    if constexpr (kTls) {
      stream_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (!ec) return self->ReadRequest();
                                // Nothing of the request is readable: the failure is the
                                // evidence that a connection came.
                                self->receipt_.tls_error = ec.message();
                                self->record_(std::move(self->receipt_));
                              });
    } else {
      ReadRequest();
    }
  }

 private:
  void ReadRequest() {
    http::async_read(
        stream_, buffer_, request_,
        [self = this->shared_from_this()](beast::error_code ec, size_t) { self->Read(ec); });
  }

  void Read(beast::error_code ec) {
    if (ec) {
      // Not HTTP, or closed early: the bytes are the evidence.
      auto data = buffer_.data();
      receipt_.raw.assign(static_cast<const char*>(data.data()),
                          std::min<size_t>(data.size(), 4096));
      record_(std::move(receipt_));
      return;
    }
    receipt_.parsed = true;
    receipt_.method = std::string(request_.method_string());
    receipt_.target = std::string(request_.target());
    for (const auto& field : request_) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      receipt_.headers[name] = std::string(field.value());
    }
    record_(receipt_);
    response_.version(11);
    response_.result(http::status::ok);
    response_.set(http::field::content_type, "text/plain");
    response_.set(http::field::connection, "close");
    response_.body() = "hello from " + name_ + "\n";
    response_.prepare_payload();
    http::async_write(
        stream_, response_,
        [self = this->shared_from_this()](beast::error_code, size_t) { self->Close(); });
  }

  void Close() {
    if constexpr (kTls) {
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {});
    } else {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }
  }

  Stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
  std::string name_;
  std::function<void(HttpReceipt)> record_;
  HttpReceipt receipt_;
};

}  // namespace

Result<std::unique_ptr<HttpHost>> HttpHost::Start(std::vector<HttpListener> listeners,
                                                  std::string name) {
  std::unique_ptr<HttpHost> host(new HttpHost(std::move(name)));
  Status adopted = Status::Ok();
  for (const HttpListener& listener : listeners) {
    if (!adopted.ok()) {
      ::close(listener.fd);
      continue;
    }
    sockaddr_storage local{};
    socklen_t size = sizeof local;
    ::getsockname(listener.fd, reinterpret_cast<sockaddr*>(&local), &size);
    Acceptor& acceptor =
        host->acceptors_.emplace_back(Acceptor{tcp::acceptor(host->io_), listener.tls});
    boost::system::error_code ec;
    acceptor.acceptor.assign(local.ss_family == AF_INET6 ? tcp::v6() : tcp::v4(), listener.fd, ec);
    if (ec) {
      ::close(listener.fd);
      adopted = Fail("http host {}: adopt socket {}: {}", host->name_, listener.fd, ec.message());
    }
  }
  if (!adopted.ok()) return adopted.error();
  for (Acceptor& acceptor : host->acceptors_) host->Accept(acceptor);
  host->thread_ = std::thread([raw = host.get()] { raw->io_.run(); });
  return host;
}

HttpHost::~HttpHost() {
  io_.stop();
  if (thread_.joinable()) thread_.join();
}

void HttpHost::Accept(Acceptor& acceptor) {
  acceptor.acceptor.async_accept(
      [this, &acceptor](boost::system::error_code ec, tcp::socket socket) {
        if (ec) return;  // the acceptor closed: the host is stopping
        boost::system::error_code ignored;
        auto remote = socket.remote_endpoint(ignored);
        auto address = remote.address();
        // A dual-stack listener sees IPv4 peers as ::ffff:a.b.c.d; record them as IPv4.
        if (address.is_v6() && address.to_v6().is_v4_mapped()) {
          address = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6());
        }
        std::string peer = fmt::format("{}:{}", address.to_string(), remote.port());
        auto record = [this](HttpReceipt receipt) { Record(std::move(receipt)); };
        if (acceptor.tls) {
          using TlsStream = beast::ssl_stream<beast::tcp_stream>;
          std::make_shared<HostConnection<TlsStream>>(
              TlsStream(beast::tcp_stream(std::move(socket)), *acceptor.tls), std::move(peer),
              name_, record)
              ->Run();
        } else {
          std::make_shared<HostConnection<beast::tcp_stream>>(beast::tcp_stream(std::move(socket)),
                                                              std::move(peer), name_, record)
              ->Run();
        }
        Accept(acceptor);
      });
}

void HttpHost::Record(HttpReceipt receipt) {
  std::lock_guard lock(mutex_);
  receipts_.push_back(std::move(receipt));
  arrived_.notify_all();
}

std::vector<HttpReceipt> HttpHost::Receipts() const {
  std::lock_guard lock(mutex_);
  return receipts_;
}

Result<std::vector<HttpReceipt>> HttpHost::WaitForReceipts(size_t count, Duration deadline) const {
  std::unique_lock lock(mutex_);
  if (arrived_.wait_for(lock, deadline, [&] { return receipts_.size() >= count; })) {
    return receipts_;
  }
  return Fail("http host {}: {} of {} requests within {} ms", name_, receipts_.size(), count,
              deadline.count());
}

}  // namespace sandcheck
