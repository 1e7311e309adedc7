// A client of the Docker Engine API over its unix socket: libcurl does the HTTP
// (CURLOPT_UNIX_SOCKET_PATH), nlohmann_json the bodies. Every call has a deadline. One curl
// handle per call, so the client can be shared between threads.
#pragma once

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "core/result.h"
#include "core/timeouts.h"

namespace sandcheck {

inline constexpr std::string_view kDefaultDockerSocket = "/var/run/docker.sock";
// The oldest API with everything used here (Mounts, PidsLimit, NanoCpus, Init); dockerd 20.10
// speaks 1.41.
inline constexpr std::string_view kDockerApiVersion = "v1.41";

struct EngineRequest {
  std::string method = "GET";
  std::string path;  // after the version: "/containers/json?all=true"
  std::string body;
  std::string content_type = "application/json";
  Duration timeout{std::chrono::seconds(30)};
  // Asked about once a second while the call waits; true ends it early (a streaming exec whose
  // container has stopped will never end by itself under some runtimes).
  std::function<bool()> give_up;
};

struct EngineResponse {
  long status = 0;
  std::string body;
  bool timed_out = false;  // the deadline passed before the body ended
  bool gave_up = false;    // give_up said so before the body ended
};

class EngineClient {
 public:
  explicit EngineClient(std::filesystem::path socket = std::string(kDefaultDockerSocket))
      : socket_(std::move(socket)) {}

  const std::filesystem::path& socket() const { return socket_; }

  // Any HTTP status is an outcome; only a failed transfer (no engine, refused) is an error.
  // A timeout is an outcome too, with what arrived so far.
  Result<EngineResponse> Call(const EngineRequest& request) const;

  // Call, then a 2xx status with a JSON body (or none) or an error naming the request and
  // the engine's message.
  Result<nlohmann::json> Json(const std::string& method, const std::string& path,
                              const nlohmann::json& body = nullptr,
                              Duration timeout = std::chrono::seconds(30)) const;

  // GET /_ping answered "OK"; otherwise why not.
  Status Ping(Duration timeout = std::chrono::seconds(3)) const;

 private:
  std::filesystem::path socket_;
};

// Percent-encodes a query value (filters are JSON in the query string).
std::string UrlEncode(std::string_view text);

}  // namespace sandcheck
