// The claude-code image's pin: the shipped file reads, and a broken one is refused naming the
// file, the line and the fix.
#include "clusters/oci/image_spec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "clusters/oci/rootfs_cache.h"
#include "core/temp_dir.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

TEST(ClaudeCodeImageSpec, TheShippedPinReads) {
  ASSERT_OK_AND_ASSIGN(ClaudeCodeImageSpec spec,
                       ReadClaudeCodeImageSpec(DefaultClaudeCodeImageSpec()));
  EXPECT_EQ(spec.package, "@anthropic-ai/claude-code-linux-x64");
  EXPECT_TRUE(std::regex_match(spec.version, std::regex(R"(\d+\.\d+\.\d+)"))) << spec.version;
  EXPECT_EQ(spec.binary, "package/claude");
  EXPECT_THAT(spec.debian_packages, Contains("libc6"));
}

class BadImageSpec : public ::testing::Test {
 protected:
  Result<ClaudeCodeImageSpec> Read(const std::string& text) {
    auto dir = TempDir::Create("sandcheck-image-spec-");
    EXPECT_TRUE(dir.ok());
    auto path = dir->path() / "image.yaml";
    std::ofstream(path) << text;
    dir_.emplace(std::move(dir).value());
    return ReadClaudeCodeImageSpec(path);
  }
  std::optional<TempDir> dir_;
};

TEST_F(BadImageSpec, AVersionRangeIsRefusedWithItsLine) {
  auto spec = Read(
      "claude_code:\n  package: \"@a/b\"\n  version: ^2.1.0\n  binary: package/claude\n"
      "debian:\n  packages: [libc6]\n");
  ASSERT_FALSE(spec.ok());
  EXPECT_THAT(spec.message(), HasSubstr("image.yaml:3: error: 'version' is not valid here"));
  EXPECT_THAT(spec.message(), HasSubstr("fix: pin an exact version"));
}

TEST_F(BadImageSpec, AnEmptyPackageListIsRefused) {
  auto spec = Read(
      "claude_code:\n  package: \"@a/b\"\n  version: 1.2.3\n  binary: package/claude\n"
      "debian:\n  packages: []\n");
  ASSERT_FALSE(spec.ok());
  EXPECT_THAT(spec.message(), HasSubstr("'debian.packages' must be a non-empty list"));
}

TEST_F(BadImageSpec, MissingSectionsAreNamed) {
  auto spec = Read("claude_code: {}\n");
  ASSERT_FALSE(spec.ok());
  EXPECT_THAT(spec.message(), HasSubstr("needs the mappings 'claude_code' and 'debian'"));
}

TEST(RootfsKey, CoversTheBaseTree) {
  RootfsInputs inputs;
  inputs.recipe = "claude-code";
  std::string without = RootfsKey(inputs);
  inputs.base_key = "abc";
  EXPECT_NE(RootfsKey(inputs), without);
}

TEST(BuildRootfsTree, TheClaudeCodeRecipeWithoutItsBaseIsRefused) {
  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sandcheck-no-base-"));
  RootfsInputs inputs;
  inputs.recipe = "claude-code";
  auto built = BuildRootfsTree(dir.path(), inputs);
  ASSERT_FALSE(built.ok());
  EXPECT_THAT(built.message(), HasSubstr("cloned from its base tree"));
}

}  // namespace
}  // namespace sandcheck
