#include "clusters/docker/engine_client.h"

#include <curl/curl.h>

#include <memory>
#include <mutex>

namespace sandcheck {
namespace {

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t AppendBody(char* data, size_t size, size_t count, void* target) {
  static_cast<std::string*>(target)->append(data, size * count);
  return size * count;
}

// libcurl's progress callback: a non-zero return aborts the transfer.
int AskGiveUp(void* give_up, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return (*static_cast<const std::function<bool()>*>(give_up))() ? 1 : 0;
}

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct HeaderListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

// The engine's error body is {"message": "..."}; anything else is shown as it came.
std::string EngineMessage(const std::string& body) {
  auto parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_object() && parsed.contains("message") && parsed["message"].is_string()) {
    return parsed["message"].get<std::string>();
  }
  return body.substr(0, 400);
}

}  // namespace

std::string UrlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Result<EngineResponse> EngineClient::Call(const EngineRequest& request) const {
  InitCurlOnce();
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return Fail("{} {}: curl_easy_init failed", request.method, request.path);
  std::string url = fmt::format("http://localhost/{}{}", kDockerApiVersion, request.path);
  EngineResponse response;
  std::unique_ptr<curl_slist, HeaderListDeleter> headers;
  if (!request.body.empty()) {
    headers.reset(curl_slist_append(nullptr, ("Content-Type: " + request.content_type).c_str()));
  }
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_UNIX_SOCKET_PATH, socket_.c_str());
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, AppendBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &response.body);
  if (headers) curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  if (request.method == "POST" || request.method == "PUT") {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }
  if (request.give_up) {
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, AskGiveUp);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, &request.give_up);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  }
  CURLcode code = curl_easy_perform(h);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  if (code == CURLE_ABORTED_BY_CALLBACK) {
    response.gave_up = true;
    return response;
  }
  if (code == CURLE_OPERATION_TIMEDOUT) {
    response.timed_out = true;
    return response;
  }
  if (code != CURLE_OK) {
    return Fail("{} {} (engine {}): {}", request.method, request.path, socket_.string(),
                curl_easy_strerror(code));
  }
  return response;
}

Result<nlohmann::json> EngineClient::Json(const std::string& method, const std::string& path,
                                          const nlohmann::json& body, Duration timeout) const {
  EngineRequest request{method, path, body.is_null() ? "" : body.dump(), "application/json",
                        timeout};
  ASSIGN_OR_RETURN(EngineResponse response, Call(request));
  if (response.timed_out) {
    return Fail("{} {}: no answer within {} ms", method, path, timeout.count());
  }
  if (response.status < 200 || response.status >= 300) {
    return Fail("{} {}: HTTP {}: {}", method, path, response.status, EngineMessage(response.body));
  }
  if (response.body.empty()) return nlohmann::json();
  auto parsed = nlohmann::json::parse(response.body, nullptr, false);
  if (parsed.is_discarded()) {
    return Fail("{} {}: the answer is not JSON: {}", method, path, response.body.substr(0, 200));
  }
  return parsed;
}

Status EngineClient::Ping(Duration timeout) const {
  ASSIGN_OR_RETURN(EngineResponse response, Call({"GET", "/_ping", "", "", timeout}));
  if (response.timed_out) return Fail("GET /_ping: no answer within {} ms", timeout.count());
  if (response.status != 200 || response.body != "OK") {
    return Fail("GET /_ping: HTTP {}: {}", response.status, response.body.substr(0, 200));
  }
  return Status::Ok();
}

}  // namespace sandcheck
