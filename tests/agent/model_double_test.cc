// The model double on loopback, driven with libcurl as any HTTP client would: scripted turns
// as JSON and as a server-sent event stream, every request recorded with its headers, the
// turn chosen by the conversation's length, and deadlines on waits.
#include "servers/model_double.h"

#include <curl/curl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct Response {
  long status = 0;
  std::string content_type;
  std::string body;
};

size_t Append(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

Response Post(uint16_t port, const std::string& target, const std::string& body) {
  CURL* curl = curl_easy_init();
  Response response;
  std::string url = fmt::format("http://127.0.0.1:{}{}", port, target);
  curl_slist* headers = curl_slist_append(nullptr, "content-type: application/json");
  headers = curl_slist_append(headers, "x-api-key: sk-test-key");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
  if (curl_easy_perform(curl) == CURLE_OK) {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    char* type = nullptr;
    curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type);
    if (type != nullptr) response.content_type = type;
  }
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return response;
}

std::vector<ScriptedTurn> BashThenText() {
  return {ToolTurn("Bash", {{"command", "echo hi"}, {"description", "greet"}}), TextTurn("done")};
}

nlohmann::json Conversation(int assistant_turns, bool stream) {
  nlohmann::json messages = nlohmann::json::array({{{"role", "user"}, {"content", "hi"}}});
  for (int i = 0; i < assistant_turns; ++i) {
    messages.push_back({{"role", "assistant"}, {"content", "..."}});
    messages.push_back(
        {{"role", "user"},
         {"content",
          {{{"type", "tool_result"}, {"tool_use_id", ToolUseId(i)}, {"content", "hi"}}}}});
  }
  return {
      {"model", "m"}, {"stream", stream}, {"messages", messages}, {"tools", {{{"name", "Bash"}}}}};
}

class ModelDoubleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(int fd, ListenOnLoopback());
    ASSERT_OK_AND_ASSIGN(server_, ModelDouble::Start(fd, BashThenText()));
  }
  std::unique_ptr<ModelDouble> server_;
};

TEST_F(ModelDoubleTest, AnswersTheFirstTurnAsJsonToolUse) {
  Response response = Post(server_->port(), "/v1/messages", Conversation(0, false).dump());
  EXPECT_EQ(response.status, 200);
  EXPECT_THAT(response.content_type, HasSubstr("application/json"));
  auto message = nlohmann::json::parse(response.body);
  EXPECT_EQ(message["stop_reason"], "tool_use");
  EXPECT_EQ(message["content"][0]["name"], "Bash");
  EXPECT_EQ(message["content"][0]["id"], ToolUseId(0));
  EXPECT_EQ(message["content"][0]["input"]["command"], "echo hi");
}

TEST_F(ModelDoubleTest, StreamsTheTurnTheConversationHasReached) {
  Response response = Post(server_->port(), "/v1/messages?beta=true", Conversation(1, true).dump());
  EXPECT_EQ(response.status, 200);
  EXPECT_THAT(response.content_type, HasSubstr("text/event-stream"));
  std::vector<std::string> events;
  std::istringstream lines(response.body);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("event: ")) events.push_back(line.substr(7));
  }
  EXPECT_THAT(events, ElementsAre("message_start", "content_block_start", "content_block_delta",
                                  "content_block_stop", "message_delta", "message_stop"));
  EXPECT_THAT(response.body, HasSubstr(R"("text":"done")"));
  EXPECT_THAT(response.body, HasSubstr(R"("stop_reason":"end_turn")"));
}

TEST_F(ModelDoubleTest, StreamsToolInputAsOneJsonDelta) {
  Response response = Post(server_->port(), "/v1/messages", Conversation(0, true).dump());
  EXPECT_THAT(response.body, HasSubstr(R"("type":"input_json_delta")"));
  EXPECT_THAT(response.body, HasSubstr(R"(\"command\":\"echo hi\")"));
}

TEST_F(ModelDoubleTest, RecordsHeadersBodiesAndToolResults) {
  Post(server_->port(), "/v1/messages", Conversation(1, false).dump());
  ASSERT_OK_AND_ASSIGN(auto requests, server_->WaitForRequests(1, std::chrono::seconds(5)));
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].headers.at("x-api-key"), "sk-test-key");
  auto results = ToolResultsOf(requests[0]);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].tool_use_id, ToolUseId(0));
  EXPECT_EQ(results[0].content, "hi");
}

TEST_F(ModelDoubleTest, SideRequestsWithoutToolsGetTextAndLeaveTheScriptAlone) {
  nlohmann::json side = {{"model", "m"}, {"messages", {{{"role", "user"}, {"content", "title?"}}}}};
  auto message = nlohmann::json::parse(Post(server_->port(), "/v1/messages", side.dump()).body);
  EXPECT_EQ(message["content"][0]["type"], "text");
  auto first = nlohmann::json::parse(
      Post(server_->port(), "/v1/messages", Conversation(0, false).dump()).body);
  EXPECT_EQ(first["content"][0]["type"], "tool_use");
}

TEST_F(ModelDoubleTest, PastTheScriptItEndsTheTurn) {
  auto message = nlohmann::json::parse(
      Post(server_->port(), "/v1/messages", Conversation(5, false).dump()).body);
  EXPECT_EQ(message["stop_reason"], "end_turn");
}

TEST_F(ModelDoubleTest, OtherEndpointsAre404AndStillRecorded) {
  EXPECT_EQ(Post(server_->port(), "/v1/complete", "{}").status, 404);
  EXPECT_EQ(Post(server_->port(), "/v1/messages/count_tokens", "{}").status, 404);
  EXPECT_EQ(server_->Requests().size(), 2u);
}

TEST_F(ModelDoubleTest, WaitingPastTheDeadlineSaysWhatArrived) {
  auto waited = server_->WaitForRequests(1, std::chrono::milliseconds(50));
  ASSERT_FALSE(waited.ok());
  EXPECT_THAT(waited.message(), HasSubstr("0 of 1 requests"));
}

}  // namespace
}  // namespace sandcheck
