// Waiting for the init's ready line: found whenever it is written, and a deadline otherwise.
#include "clusters/oci/init_ready.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "core/fs_util.h"
#include "core/temp_dir.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::HasSubstr;

void Append(const std::filesystem::path& file, std::string_view text) {
  std::ofstream out(file, std::ios::app);
  out << text;
}

TEST(WaitForInitReady, ReturnsOnceTheLineIsWrittenWhileItWaits) {
  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sandcheck-ready-"));
  auto file = dir.path() / "init.stderr";
  ASSERT_OK(WriteFile(file, "runtime warning\n", 0644));
  // Written before or during the wait: either way the wait must end well before its deadline.
  std::thread writer([&] {
    Append(file, "sandcheck-probe init: NAME is not set\n");
    Append(file, kInitReadyLine);
  });
  auto started = std::chrono::steady_clock::now();
  Status status = WaitForInitReady(file, std::chrono::seconds(20));
  writer.join();
  EXPECT_OK(status);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
}

TEST(WaitForInitReady, FailsAtTheDeadlineWithWhatTheInitSaid) {
  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sandcheck-ready-"));
  auto file = dir.path() / "init.stderr";
  ASSERT_OK(
      WriteFile(file, "sandcheck-probe init: exec /agent: No such file or directory\n", 0644));
  Status status = WaitForInitReady(file, std::chrono::milliseconds(100));
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("did not report ready"));
  EXPECT_THAT(status.message(), HasSubstr("exec /agent: No such file"));
}

TEST(WaitForInitReady, AMissingFileIsAnError) {
  Status status = WaitForInitReady("/nonexistent/init.stderr", std::chrono::milliseconds(100));
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("/nonexistent/init.stderr"));
}

}  // namespace
}  // namespace sandcheck
