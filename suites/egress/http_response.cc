#include "suites/egress/http_response.h"

#include <boost/beast/http.hpp>
#include <cctype>

namespace sandcheck::egress {

namespace http = boost::beast::http;

std::optional<HttpResponse> ParseHttpResponse(const std::string& raw) {
  http::response_parser<http::string_body> parser;
  parser.eager(true);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(raw), ec);
  if (!parser.is_header_done()) return std::nullopt;
  // The body may be cut short (the probe reads at most 4 KiB): the head is what counts.
  parser.put_eof(ec);
  const auto& message = parser.get();
  HttpResponse response;
  response.status = static_cast<int>(message.result_int());
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    response.headers[name] = std::string(field.value());
  }
  response.body = message.body();
  return response;
}

bool IsProxyRefusal(const HttpResponse& response) {
  auto header = response.headers.find("x-sandcheck-proxy");
  return response.status == 403 && header != response.headers.end() && header->second == "refused";
}

}  // namespace sandcheck::egress
