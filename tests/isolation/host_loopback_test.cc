// ISO-020 judged on canned connect results, and its listener on the real loopback.
#include "suites/isolation/host_loopback.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clusters/local_host.h"
#include "tests/test_util.h"

namespace sandcheck::isolation::testing {
namespace {

using ::testing::HasSubstr;

constexpr const char* kTarget = "tcp:127.0.0.1:4242";

nlohmann::json ConnectDocument(bool ok, const char* error) {
  nlohmann::json attempt = {{"target", kTarget},
                            {"protocol", "tcp"},
                            {"ok", ok},
                            {"errno", ok ? 0 : 111},
                            {"error", ok ? nlohmann::json(nullptr) : nlohmann::json(error)},
                            {"timed_out", false}};
  return {{"connect", {{"results", nlohmann::json::array({attempt})}}}};
}

TEST(HostLoopbackJudge, ARefusedConnectHolds) {
  ASSERT_OK_AND_ASSIGN(Judgement judgement,
                       JudgeHostLoopback(ConnectDocument(false, "ECONNREFUSED"), kTarget, 0));
  EXPECT_THAT(judgement.problems, ::testing::IsEmpty());
  EXPECT_THAT(judgement.holds, HasSubstr("ECONNREFUSED"));
}

TEST(HostLoopbackJudge, AConnectionTheListenerReceivedFails) {
  ASSERT_OK_AND_ASSIGN(Judgement judgement,
                       JudgeHostLoopback(ConnectDocument(true, nullptr), kTarget, 1));
  ASSERT_EQ(judgement.problems.size(), 1u);
  EXPECT_THAT(judgement.problems[0], HasSubstr("host's network namespace"));
}

TEST(HostLoopbackJudge, AConnectTheListenerNeverSawIsAnError) {
  auto judgement = JudgeHostLoopback(ConnectDocument(true, nullptr), kTarget, 0);
  ASSERT_FALSE(judgement.ok());
  EXPECT_THAT(judgement.message(), HasSubstr("was not tested"));
  EXPECT_FALSE(JudgeHostLoopback(ConnectDocument(false, "ECONNREFUSED"), "tcp:other:1", 0).ok());
}

TEST(LocalHostLoopbackListener, CountsTheConnectionsItReceived) {
  LocalHost host;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<HostLoopbackListener> listener, host.ListenOnLoopback());
  EXPECT_EQ(listener->TakeAccepted(), 0);
  const std::string target = listener->ConnectTarget();
  ASSERT_THAT(target, ::testing::MatchesRegex("tcp:127\\.0\\.0\\.1:[0-9]+"));
  int port = std::stoi(target.substr(target.rfind(':') + 1));
  ASSERT_GT(port, 0);
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(port));
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  ::close(fd);
  EXPECT_EQ(listener->TakeAccepted(), 1);
  EXPECT_EQ(listener->TakeAccepted(), 0);
}

}  // namespace
}  // namespace sandcheck::isolation::testing
