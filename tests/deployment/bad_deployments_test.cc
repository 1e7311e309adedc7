// The bad-file corpus: each tests/deployment/bad/NAME.yaml is rejected with exactly the
// messages in NAME.expected. Files are found at test time, so adding a pair adds a test.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <sstream>

#include "clusters/substrate_registry.h"
#include "core/deployment_parser.h"
#include "tests/deployment/test_files.h"

namespace sandcheck {
namespace {

const std::filesystem::path kBadDir = kSourceDir / "tests" / "deployment" / "bad";

// The corpus entries: names with a .yaml or an .expected file, so an orphan of either fails.
std::vector<std::string> CorpusNames() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(kBadDir)) {
    auto extension = entry.path().extension();
    if (extension == ".yaml" || extension == ".expected") names.push_back(entry.path().stem());
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

// What the messages call the file: relative to the source tree, so they match on any checkout.
std::string DisplayName(const std::string& name) {
  return "tests/deployment/bad/" + name + ".yaml";
}

Result<Deployment> ParseCorpusFile(const std::string& name) {
  return ParseDeploymentText(ReadText(kBadDir / (name + ".yaml")), DisplayName(name), kBadDir,
                             SubstrateTraitsCatalog());
}

class BadDeployment : public ::testing::TestWithParam<std::string> {};

TEST_P(BadDeployment, IsRejectedWithExactlyTheExpectedMessages) {
  const std::string& name = GetParam();
  ASSERT_TRUE(std::filesystem::exists(kBadDir / (name + ".yaml"))) << name << ".yaml is missing";
  ASSERT_TRUE(std::filesystem::exists(kBadDir / (name + ".expected")))
      << name << ".expected is missing";
  std::string expected = ReadText(kBadDir / (name + ".expected"));
  while (!expected.empty() && expected.back() == '\n') expected.pop_back();

  auto result = ParseCorpusFile(name);
  ASSERT_FALSE(result.ok()) << name << ".yaml was accepted";
  EXPECT_EQ(result.message(), expected);
}

TEST_P(BadDeployment, EveryMessageNamesFileLineColumnWhatAndFix) {
  const std::string& name = GetParam();
  auto result = ParseCorpusFile(name);
  ASSERT_FALSE(result.ok());
  std::string file = std::regex_replace(DisplayName(name), std::regex(R"(\.)"), R"(\.)");
  std::regex shape(file + R"(:[1-9][0-9]*:[1-9][0-9]*: error: [^\n]+\. fix: [^\n]+)");
  std::istringstream lines(result.message());
  for (std::string line; std::getline(lines, line);) {
    EXPECT_TRUE(std::regex_match(line, shape)) << line;
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadDeployment, ::testing::ValuesIn(CorpusNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string test_name = info.param;
                           std::replace(test_name.begin(), test_name.end(), '-', '_');
                           return test_name;
                         });

TEST(BadDeploymentCorpus, HasAtLeastTwentyFiveCases) { EXPECT_GE(CorpusNames().size(), 25u); }

TEST(BadDeploymentCorpus, ParsingFromTheFileNamesThePathAsGiven) {
  auto result = ParseDeploymentFile(kBadDir / "kata-on-oci.yaml", SubstrateTraitsCatalog());
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.message(),
              ::testing::StartsWith((kBadDir / "kata-on-oci.yaml").string() + ":4:10: error: "));
}

}  // namespace
}  // namespace sandcheck
