#include "tools/probe/tls_client.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>

#include <cerrno>
#include <memory>

namespace sandcheck::probe {
namespace {

constexpr size_t kMaxTlsResponse = 4096;

struct ContextFree {
  void operator()(SSL_CTX* context) const { SSL_CTX_free(context); }
};
struct SslFree {
  void operator()(SSL* ssl) const { SSL_free(ssl); }
};

// The oldest queued OpenSSL error as text (and the queue emptied), or null.
Json OpenSslError() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return nullptr;
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

// Runs one OpenSSL call until it completes, waiting for the socket as it asks, up to the
// deadline. Returns the call's result, or -1 with *error set (ETIMEDOUT, or 0 for a TLS
// failure that OpenSSL's error queue explains).
template <typename Call>
int WithDeadline(SSL* ssl, int fd, Clock::time_point deadline, Call call, int* error) {
  for (;;) {
    int result = call();
    if (result > 0) return result;
    int reason = SSL_get_error(ssl, result);
    short events = reason == SSL_ERROR_WANT_READ    ? POLLIN
                   : reason == SSL_ERROR_WANT_WRITE ? POLLOUT
                                                    : 0;
    if (events == 0) {
      *error = reason == SSL_ERROR_SYSCALL ? errno : 0;
      return reason == SSL_ERROR_ZERO_RETURN ? 0 : -1;
    }
    int left =
        static_cast<int>(std::chrono::duration_cast<Millis>(deadline - Clock::now()).count());
    pollfd waiting = {fd, events, 0};
    if (left <= 0 || ::poll(&waiting, 1, left) <= 0) {
      *error = ETIMEDOUT;
      return -1;
    }
  }
}

}  // namespace

Json TlsExchange(int fd, const std::string& server_name, const std::string& ca_file,
                 const std::string& request, Clock::time_point deadline) {
  Json result{{"ca_file", ca_file}, {"verify", nullptr}, {"error", nullptr}, {"response", nullptr}};
  std::unique_ptr<SSL_CTX, ContextFree> context(SSL_CTX_new(TLS_client_method()));
  if (!context) {
    result["handshake"] = AttemptJson(ENOMEM);
    result["error"] = OpenSslError();
    return result;
  }
  SSL_CTX_set_verify(context.get(), SSL_VERIFY_PEER, nullptr);
  // A missing or unreadable CA file leaves no trust anchor: the handshake then fails to verify,
  // which is the evidence.
  if (SSL_CTX_load_verify_locations(context.get(), ca_file.c_str(), nullptr) != 1) {
    result["ca_error"] = OpenSslError();
  }
  std::unique_ptr<SSL, SslFree> ssl(SSL_new(context.get()));
  if (!ssl || SSL_set_fd(ssl.get(), fd) != 1 ||
      SSL_set_tlsext_host_name(ssl.get(), server_name.c_str()) != 1 ||
      SSL_set1_host(ssl.get(), server_name.c_str()) != 1) {
    result["handshake"] = AttemptJson(EINVAL);
    result["error"] = OpenSslError();
    return result;
  }
  int error = 0;
  int shaken = WithDeadline(
      ssl.get(), fd, deadline, [&] { return SSL_connect(ssl.get()); }, &error);
  long verified = SSL_get_verify_result(ssl.get());
  result["verify"] = verified == X509_V_OK ? "ok" : X509_verify_cert_error_string(verified);
  if (shaken <= 0) {
    result["handshake"] = AttemptJson(error != 0 ? error : EPROTO);
    result["error"] = OpenSslError();
    return result;
  }
  result["handshake"] = AttemptJson(0);
  int written = WithDeadline(
      ssl.get(), fd, deadline,
      [&] { return SSL_write(ssl.get(), request.data(), static_cast<int>(request.size())); },
      &error);
  if (written != static_cast<int>(request.size())) {
    result["send"] = AttemptJson(error != 0 ? error : EPROTO);
    result["error"] = OpenSslError();
    return result;
  }
  std::string response;
  error = 0;
  while (response.size() < kMaxTlsResponse) {
    char buffer[1024];
    int n = WithDeadline(
        ssl.get(), fd, deadline,
        [&] {
          return SSL_read(
              ssl.get(), buffer,
              static_cast<int>(std::min(sizeof buffer, kMaxTlsResponse - response.size())));
        },
        &error);
    if (n <= 0) break;
    response.append(buffer, static_cast<size_t>(n));
  }
  // A server that closes without close_notify ends the response as well as one that sends it.
  result["read"] = AttemptJson(error == ETIMEDOUT ? ETIMEDOUT : 0);
  result["response"] = response;
  return result;
}

}  // namespace sandcheck::probe
