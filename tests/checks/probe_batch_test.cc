// Reading the probe's batch output back into one result per command (suites/probe_batch.h).
#include "suites/framework/probe_batch.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace sandcheck {
namespace {

using ::testing::HasSubstr;

ProcessOutcome Exited(int code, std::string out, std::string err = "") {
  ProcessOutcome outcome;
  outcome.exit_code = code;
  outcome.out = std::move(out);
  outcome.err = std::move(err);
  return outcome;
}

constexpr char kBlocked[] =
    R"({"index":0,"exit_code":2,"signal":null,"timed_out":false,"exec_error":null,)"
    R"("stdout":"","stdout_encoding":"utf-8","stderr":"blocked\n","stderr_encoding":"utf-8",)"
    R"("elapsed_ms":41})";
constexpr char kKilledBinary[] =
    R"({"index":1,"exit_code":null,"signal":9,"timed_out":false,"exec_error":null,)"
    R"("stdout":"/w==","stdout_encoding":"base64","stderr":"","stderr_encoding":"utf-8",)"
    R"("elapsed_ms":3})";
constexpr char kTimedOut[] =
    R"({"index":2,"exit_code":null,"signal":null,"timed_out":true,"exec_error":null,)"
    R"("stdout":"","stdout_encoding":"utf-8","stderr":"","stderr_encoding":"utf-8",)"
    R"("elapsed_ms":300})";

TEST(ProbeBatchTest, InputListsEveryCommandWithItsStdinAndDeadline) {
  auto input = nlohmann::json::parse(BatchInput({{{"/bin/sh", "-c", "x"}, "{}", Duration(500)}}));
  EXPECT_EQ(input["commands"][0]["argv"], nlohmann::json({"/bin/sh", "-c", "x"}));
  EXPECT_EQ(input["commands"][0]["stdin"], "{}");
  EXPECT_EQ(input["commands"][0]["timeout_ms"], 500);
}

TEST(ProbeBatchTest, ReadsExitSignalTimeoutAndDecodesBase64) {
  auto results = ReadBatchOutput(
      Exited(0, std::string(kBlocked) + "\n" + kKilledBinary + "\n" + kTimedOut + "\n"), 3);
  ASSERT_EQ(results.size(), 3u);
  ASSERT_TRUE(results[0].ok()) << results[0].message();
  EXPECT_EQ(results[0]->exit_code, 2);
  EXPECT_EQ(results[0]->err, "blocked\n");
  EXPECT_EQ(results[0]->elapsed, Duration(41));
  ASSERT_TRUE(results[1].ok()) << results[1].message();
  EXPECT_TRUE(results[1]->signaled);
  EXPECT_EQ(results[1]->term_signal, 9);
  EXPECT_EQ(results[1]->out, "\xff");
  ASSERT_TRUE(results[2].ok()) << results[2].message();
  EXPECT_TRUE(results[2]->timed_out);
  EXPECT_FALSE(results[2]->Succeeded());
}

TEST(ProbeBatchTest, CommandsABatchCutShortNeverReachedAreErrorsSayingHowItEnded) {
  auto results = ReadBatchOutput(Exited(128, std::string(kBlocked) + "\n", "WaitPID: EOF"), 3);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_TRUE(results[0].ok());
  for (size_t i : {1u, 2u}) {
    ASSERT_FALSE(results[i].ok());
    EXPECT_THAT(results[i].message(), HasSubstr("exit 128"));
    EXPECT_THAT(results[i].message(), HasSubstr("after 1 of 3 commands"));
    EXPECT_THAT(results[i].message(), HasSubstr("WaitPID: EOF"));
  }
}

TEST(ProbeBatchTest, AFailedExecFailsEveryCommand) {
  auto results = ReadBatchOutput(Result<ProcessOutcome>(Fail("runsc exec: no such container")), 2);
  ASSERT_EQ(results.size(), 2u);
  for (const auto& result : results) {
    ASSERT_FALSE(result.ok());
    EXPECT_THAT(result.message(), HasSubstr("no such container"));
  }
}

TEST(ProbeBatchTest, ACommandTheProbeCouldNotStartIsAnError) {
  auto results = ReadBatchOutput(
      Exited(0, R"({"index":0,"exit_code":127,"exec_error":"ENOENT","stdout":"",)"
                R"("stdout_encoding":"utf-8","stderr":"","stderr_encoding":"utf-8"})"
                "\n"),
      1);
  ASSERT_FALSE(results[0].ok());
  EXPECT_THAT(results[0].message(), HasSubstr("ENOENT"));
}

TEST(ProbeBatchTest, ALineThatIsNotTheNextRecordStopsTheReading) {
  auto results = ReadBatchOutput(Exited(0, std::string("garbage\n") + kKilledBinary + "\n"), 2);
  ASSERT_EQ(results.size(), 2u);
  ASSERT_FALSE(results[0].ok());
  EXPECT_THAT(results[0].message(), HasSubstr("garbage"));
  EXPECT_FALSE(results[1].ok());
}

}  // namespace
}  // namespace sandcheck
