// The model double: a harness-owned HTTP server speaking the Anthropic Messages API
// (POST /v1/messages, JSON or streamed server-sent events) that answers the real Claude Code
// with a scenario's scripted turns and records every request it sends: headers, body, and so
// the tool_result of every tool call the agent executed. Real listener on its own thread;
// every wait on it has a deadline (Envoy's FakeUpstream is the model).
#pragma once

#include <boost/asio.hpp>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"
#include "core/timeouts.h"
#include "servers/scripted_turns.h"

namespace sandcheck {

struct RecordedRequest {
  std::chrono::steady_clock::time_point received;
  std::string peer;  // "address:port": whether it came through a proxy
  std::string method;
  std::string target;                          // "/v1/messages?beta=true"
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  nlohmann::json json;  // the parsed body; null when it is not JSON
};

struct ToolResult {
  std::string tool_use_id;
  std::string content;  // text blocks joined; a string content as is
  bool is_error = false;
};

// Every tool_result block in the request's messages (the conversation so far), oldest first.
std::vector<ToolResult> ToolResultsOf(const RecordedRequest& request);

// A TCP socket listening on 127.0.0.1 on a free port; the caller owns it.
Result<int> ListenOnLoopback();

class ModelDouble {
 public:
  // Takes ownership of `listening_fd`, an IPv4 TCP socket already listening.
  static Result<std::unique_ptr<ModelDouble>> Start(int listening_fd,
                                                    std::vector<ScriptedTurn> turns);
  ~ModelDouble();  // stops and joins its thread

  uint16_t port() const { return port_; }
  std::vector<RecordedRequest> Requests() const;
  // The requests once at least `count` have arrived, or an error saying how many did by the
  // deadline.
  Result<std::vector<RecordedRequest>> WaitForRequests(size_t count, Duration deadline) const;

 private:
  class Session;
  explicit ModelDouble(std::vector<ScriptedTurn> turns) : turns_(std::move(turns)) {}
  void Accept();
  struct Reply {
    int status = 200;
    std::string content_type;
    std::string body;
  };
  // The response to one request, recorded first.
  Reply Answer(RecordedRequest request);

  std::vector<ScriptedTurn> turns_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_{io_};
  uint16_t port_ = 0;
  std::thread thread_;
  mutable std::mutex mutex_;
  mutable std::condition_variable arrived_;
  std::vector<RecordedRequest> requests_;
};

}  // namespace sandcheck
