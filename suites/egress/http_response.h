// Reads the raw HTTP response the probe reported (it sends and records, it does not parse).
#pragma once

#include <map>
#include <optional>
#include <string>

namespace sandcheck::egress {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

// nullopt when `raw` holds no complete response head.
std::optional<HttpResponse> ParseHttpResponse(const std::string& raw);

// Whether the response is the egress proxy's refusal (fixtures/proxies/sandcheck_proxy.py).
bool IsProxyRefusal(const HttpResponse& response);

}  // namespace sandcheck::egress
