#include "servers/model_double.h"

#include <fmt/format.h>
#include <unistd.h>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace sandcheck {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using boost::asio::ip::tcp;

// An idle keep-alive connection or a stalled client is dropped after this.
constexpr auto kConnectionIdle = std::chrono::seconds(60);
// Claude Code's requests carry the whole conversation: tool results can be large.
constexpr uint64_t kMaxRequestBody = 64ull << 20;

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string ContentText(const nlohmann::json& content) {
  if (content.is_string()) return content.get<std::string>();
  std::string text;
  if (!content.is_array()) return text;
  for (const auto& block : content) {
    if (block.value("type", "") == "text" && block.contains("text") && block["text"].is_string()) {
      text += (text.empty() ? "" : "\n") + block["text"].get<std::string>();
    }
  }
  return text;
}

// How many assistant turns the conversation already holds: the index of the turn to answer.
size_t AssistantTurns(const nlohmann::json& body) {
  size_t count = 0;
  if (!body.contains("messages") || !body["messages"].is_array()) return 0;
  for (const auto& message : body["messages"]) {
    if (message.value("role", "") == "assistant") ++count;
  }
  return count;
}

}  // namespace

std::vector<ToolResult> ToolResultsOf(const RecordedRequest& request) {
  std::vector<ToolResult> results;
  if (!request.json.is_object() || !request.json.contains("messages")) return results;
  for (const auto& message : request.json["messages"]) {
    if (!message.is_object() || !message.contains("content") || !message["content"].is_array()) {
      continue;
    }
    for (const auto& block : message["content"]) {
      if (block.value("type", "") != "tool_result") continue;
      results.push_back({block.value("tool_use_id", ""),
                         ContentText(block.value("content", nlohmann::json())),
                         block.value("is_error", false)});
    }
  }
  return results;
}

Result<int> ListenOnLoopback() {
  boost::asio::io_context io;
  boost::system::error_code ec;
  tcp::acceptor acceptor(io);
  acceptor.open(tcp::v4(), ec);
  if (!ec) acceptor.bind({boost::asio::ip::address_v4::loopback(), 0}, ec);
  if (!ec) acceptor.listen(boost::asio::socket_base::max_listen_connections, ec);
  if (ec) return Fail("listen on 127.0.0.1: {}", ec.message());
  return acceptor.release();
}

// One connection: read a request, answer it, and keep the connection while the client does.
class ModelDouble::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(ModelDouble& owner, tcp::socket socket) : owner_(owner), stream_(std::move(socket)) {}

  void Read() {
    parser_.emplace();
    parser_->body_limit(kMaxRequestBody);
    stream_.expires_after(kConnectionIdle);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       if (!ec) self->Respond();
                     });
  }

 private:
  void Respond() {
    auto request = parser_->release();
    RecordedRequest recorded;
    recorded.received = std::chrono::steady_clock::now();
    beast::error_code ec;
    auto remote = stream_.socket().remote_endpoint(ec);
    if (!ec) recorded.peer = fmt::format("{}:{}", remote.address().to_string(), remote.port());
    recorded.method = std::string(request.method_string());
    recorded.target = std::string(request.target());
    for (const auto& field : request) {
      recorded.headers[Lower(std::string(field.name_string()))] = std::string(field.value());
    }
    recorded.body = request.body();
    recorded.json = nlohmann::json::parse(recorded.body, nullptr, false);
    if (recorded.json.is_discarded()) recorded.json = nullptr;
    Reply reply = owner_.Answer(std::move(recorded));
    response_.emplace(static_cast<http::status>(reply.status), request.version());
    response_->set(http::field::content_type, reply.content_type);
    response_->keep_alive(request.keep_alive());
    response_->body() = std::move(reply.body);
    response_->prepare_payload();
    stream_.expires_after(kConnectionIdle);
    http::async_write(stream_, *response_,
                      [self = shared_from_this()](beast::error_code ec, size_t) {
                        if (ec) return;
                        if (self->response_->keep_alive()) return self->Read();
                        beast::error_code ignored;
                        self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
                      });
  }

  ModelDouble& owner_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::string_body>> response_;
};

Result<std::unique_ptr<ModelDouble>> ModelDouble::Start(int listening_fd,
                                                        std::vector<ScriptedTurn> turns) {
  std::unique_ptr<ModelDouble> double_(new ModelDouble(std::move(turns)));
  boost::system::error_code ec;
  double_->acceptor_.assign(tcp::v4(), listening_fd, ec);
  if (ec) {
    ::close(listening_fd);
    return Fail("model double: adopt socket {}: {}", listening_fd, ec.message());
  }
  double_->port_ = double_->acceptor_.local_endpoint(ec).port();
  if (ec) return Fail("model double: local port: {}", ec.message());
  double_->Accept();
  double_->thread_ = std::thread([raw = double_.get()] { raw->io_.run(); });
  return double_;
}

ModelDouble::~ModelDouble() {
  io_.stop();
  if (thread_.joinable()) thread_.join();
}

void ModelDouble::Accept() {
  acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
    if (ec) return;  // the acceptor closed: the double is stopping
    std::make_shared<Session>(*this, std::move(socket))->Read();
    Accept();
  });
}

ModelDouble::Reply ModelDouble::Answer(RecordedRequest request) {
  const nlohmann::json body = request.json;
  bool messages = request.method == "POST" && request.target.starts_with("/v1/messages") &&
                  !request.target.starts_with("/v1/messages/") && body.is_object();
  {
    std::lock_guard lock(mutex_);
    requests_.push_back(std::move(request));
    arrived_.notify_all();
  }
  if (!messages) {
    nlohmann::json error = {
        {"type", "error"},
        {"error",
         {{"type", "not_found_error"}, {"message", "the model double serves POST /v1/messages"}}}};
    return {404, "application/json", error.dump()};
  }
  std::string model = body.value("model", "sandcheck-model-double");
  // Side requests without tools (titles, summaries) get a short text; the agent's own loop
  // carries its tools and gets the script's next turn.
  bool agent_loop = body.contains("tools") && body["tools"].is_array() && !body["tools"].empty();
  nlohmann::json message = agent_loop ? AssistantMessage(turns_, AssistantTurns(body), model)
                                      : AssistantMessage({TextTurn("sandcheck")}, 0, model);
  if (body.value("stream", false)) return {200, "text/event-stream", StreamedMessage(message)};
  return {200, "application/json", message.dump()};
}

std::vector<RecordedRequest> ModelDouble::Requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

Result<std::vector<RecordedRequest>> ModelDouble::WaitForRequests(size_t count,
                                                                  Duration deadline) const {
  std::unique_lock lock(mutex_);
  if (arrived_.wait_for(lock, deadline, [&] { return requests_.size() >= count; })) {
    return requests_;
  }
  return Fail("model double: {} of {} requests arrived within {} ms", requests_.size(), count,
              deadline.count());
}

}  // namespace sandcheck
