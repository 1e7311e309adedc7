#include "clusters/docker/exec_stream.h"

#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace sandcheck {
namespace {

std::string Frame(char stream, const std::string& payload) {
  std::string frame = {stream, 0, 0, 0};
  uint32_t size = static_cast<uint32_t>(payload.size());
  for (int shift : {24, 16, 8, 0}) frame += static_cast<char>((size >> shift) & 0xff);
  return frame + payload;
}

TEST(ExecStreamTest, SplitsStdoutAndStderr) {
  std::string big(70000, 'x');  // a size that needs three header bytes
  ASSERT_OK_AND_ASSIGN(DemuxedOutput output,
                       DemuxExecStream(Frame(1, "out1 ") + Frame(2, "err") + Frame(1, big)));
  EXPECT_EQ(output.out, "out1 " + big);
  EXPECT_EQ(output.err, "err");
  EXPECT_FALSE(output.truncated);
}

TEST(ExecStreamTest, ACutStreamIsMarkedTruncated) {
  std::string cut = Frame(1, "abcdef").substr(0, 10);
  ASSERT_OK_AND_ASSIGN(DemuxedOutput output, DemuxExecStream(cut));
  EXPECT_EQ(output.out, "ab");
  EXPECT_TRUE(output.truncated);
}

TEST(ExecStreamTest, RefusesWhatNoEngineWrites) {
  EXPECT_FALSE(DemuxExecStream("plain text output").ok());
}

}  // namespace
}  // namespace sandcheck
