// The entrypoint's command line and its pure parts: which variables go, what the credentials
// file holds.
#include "tools/probe/entrypoint_plan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tools/probe/options.h"

namespace sandcheck::probe {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(EntrypointOptionsTest, PlainInitHasNoEntrypointWork) {
  std::string error;
  auto command = ParseCommandLine({"init"}, &error);
  ASSERT_TRUE(command.has_value()) << error;
  EXPECT_EQ(command->mode, Mode::kInit);
  EXPECT_FALSE(command->init.has_work());
  EXPECT_TRUE(command->init.command.empty());
}

TEST(EntrypointOptionsTest, ParsesEveryOptionAndTheCommand) {
  std::string error;
  auto command = ParseCommandLine({"init", "--unset", "A", "--unset=B_2", "--credentials-file",
                                   "/home/agent/.claude/.credentials.json", "--credentials-from=A",
                                   "--", "sh", "-c", "--unset x"},
                                  &error);
  ASSERT_TRUE(command.has_value()) << error;
  EXPECT_EQ(command->mode, Mode::kInit);
  EXPECT_THAT(command->init.unset, ElementsAre("A", "B_2"));
  EXPECT_EQ(command->init.credentials_file, "/home/agent/.claude/.credentials.json");
  EXPECT_EQ(command->init.credentials_from, "A");
  EXPECT_THAT(command->init.command, ElementsAre("sh", "-c", "--unset x"));
  EXPECT_TRUE(command->init.has_work());
}

// The second stage after the entrypoint's re-exec: only the command to exec.
TEST(EntrypointOptionsTest, ACommandAloneIsNoEntrypointWork) {
  std::string error;
  auto options = ParseEntrypointOptions({"--", "/bin/true"}, &error);
  ASSERT_TRUE(options.has_value()) << error;
  EXPECT_THAT(options->unset, IsEmpty());
  EXPECT_THAT(options->command, ElementsAre("/bin/true"));
  EXPECT_FALSE(options->has_work());
  EXPECT_TRUE(ParseEntrypointOptions({"--credentials-file=/f", "--credentials-from=A"}, &error)
                  ->has_work());
}

struct BadInit {
  std::vector<std::string> args;
  std::string message;
};

class BadInitTest : public ::testing::TestWithParam<BadInit> {};

TEST_P(BadInitTest, IsRejectedWithAMessage) {
  std::string error;
  std::vector<std::string> args = {"init"};
  args.insert(args.end(), GetParam().args.begin(), GetParam().args.end());
  EXPECT_FALSE(ParseCommandLine(args, &error).has_value());
  EXPECT_THAT(error, HasSubstr(GetParam().message));
}

INSTANTIATE_TEST_SUITE_P(
    Entrypoint, BadInitTest,
    ::testing::Values(BadInit{{"--write", "/x"}, "init: unknown option --write"},
                      BadInit{{"stray"}, "unexpected argument 'stray'"},
                      BadInit{{"--unset"}, "--unset needs a value"},
                      BadInit{{"--unset", "1BAD"}, "expected a variable name"},
                      BadInit{{"--unset", "A=B"}, "expected a variable name"},
                      BadInit{{"--credentials-from", "A"}, "go together"},
                      BadInit{{"--credentials-file", "/f"}, "go together"},
                      BadInit{{"--credentials-file", "rel", "--credentials-from", "A"},
                              "absolute path"},
                      BadInit{{"--unset", "A", "--"}, "followed by a command"}));

TEST(WithoutVariablesTest, DropsEveryEntryOfTheNamedVariablesOnly) {
  EXPECT_THAT(
      WithoutVariables({"PATH=/bin", "TOKEN=a=b", "TOKEN_2=x", "TOKEN=again", "HOME=/h", "TOKEN"},
                       {"TOKEN", "MISSING"}),
      ElementsAre("PATH=/bin", "TOKEN_2=x", "HOME=/h"));
  EXPECT_THAT(WithoutVariables({"A=1"}, {}), ElementsAre("A=1"));
}

TEST(CredentialsFileContentTest, KeepsOauthJsonAsGiven) {
  std::string oauth = R"({"claudeAiOauth":{"accessToken":"sk-ant-oat01-x","refreshToken":"r"}})";
  EXPECT_EQ(CredentialsFileContent(oauth), oauth);
}

TEST(CredentialsFileContentTest, WrapsABareTokenAsTheAccessToken) {
  auto content = nlohmann::json::parse(CredentialsFileContent("sk-ant-oat01-abc"));
  EXPECT_EQ(content["claudeAiOauth"]["accessToken"], "sk-ant-oat01-abc");
  // A JSON value that is not an object is a token too, kept whole.
  content = nlohmann::json::parse(CredentialsFileContent("12345678"));
  EXPECT_EQ(content["claudeAiOauth"]["accessToken"], "12345678");
}

}  // namespace
}  // namespace sandcheck::probe
