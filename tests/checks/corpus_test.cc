#include "suites/hooks/corpus.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "core/temp_dir.h"
#include "suites/hooks/hook_checks.h"
#include "tests/checks/host_hooks.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::HasSubstr;

Result<Corpus> LoadText(const std::string& yaml) {
  ASSIGN_OR_RETURN(TempDir dir, TempDir::Create("sandcheck-corpus-"));
  auto path = dir.path() / "corpus.yaml";
  std::ofstream(path) << yaml;
  return LoadCorpus(path);
}

TEST(LoadCorpus, ShippedCorporaLoad) {
  ASSERT_OK_AND_ASSIGN(Corpus dangerous,
                       LoadCorpus(testing_support::Fixtures() / kDangerousCorpus));
  ASSERT_OK_AND_ASSIGN(Corpus benign, LoadCorpus(testing_support::Fixtures() / kBenignCorpus));
  EXPECT_EQ(dangerous.cwd, "/workspace");
  EXPECT_GE(dangerous.requests.size(), 20u);
  EXPECT_GE(benign.requests.size(), 15u);
}

TEST(LoadCorpus, ConvertsToolInputToJson) {
  ASSERT_OK_AND_ASSIGN(Corpus corpus, LoadText(R"(
cwd: /workspace
requests:
  - name: edit
    tool_name: MultiEdit
    tool_input:
      file_path: /workspace/a.txt
      edits: [{old_string: "1", new_string: two, replace_all: true}]
      timeout: 120000
    why: because
)"));
  ASSERT_EQ(corpus.requests.size(), 1u);
  EXPECT_EQ(corpus.requests[0].tool_input,
            nlohmann::json::parse(R"({"file_path": "/workspace/a.txt", "timeout": 120000,
                "edits": [{"old_string": "1", "new_string": "two", "replace_all": true}]})"));
}

TEST(LoadCorpus, RejectsDuplicateNamesAndMissingFields) {
  EXPECT_THAT(LoadText(R"(
cwd: /w
requests:
  - {name: a, tool_name: Bash, tool_input: {command: ls}, why: x}
  - {name: a, tool_name: Bash, tool_input: {command: ls}, why: x}
)")
                  .message(),
              HasSubstr("duplicate request name a"));
  EXPECT_THAT(LoadText("cwd: /w\nrequests:\n  - {name: a, tool_name: Bash, why: x}\n").message(),
              HasSubstr("tool_input"));
  EXPECT_THAT(LoadText("requests: []\n").message(), HasSubstr("cwd"));
  EXPECT_THAT(LoadText("cwd: /w\nrequests: []\n").message(), HasSubstr("non-empty list"));
}

TEST(HookStdin, CarriesTheDocumentedPreToolUseFields) {
  Corpus corpus{"", "/workspace", {{"ls", "Bash", {{"command", "ls"}}, "why"}}};
  auto input = nlohmann::json::parse(HookStdin(corpus, corpus.requests[0], 7));
  EXPECT_EQ(input["hook_event_name"], "PreToolUse");
  EXPECT_EQ(input["tool_name"], "Bash");
  EXPECT_EQ(input["tool_input"]["command"], "ls");
  EXPECT_EQ(input["cwd"], "/workspace");
  EXPECT_EQ(input["permission_mode"], "bypassPermissions");
  EXPECT_EQ(input["tool_use_id"], "toolu_sandcheck_0007");
  EXPECT_TRUE(input["session_id"].is_string());
  EXPECT_TRUE(input["transcript_path"].is_string());
}

}  // namespace
}  // namespace sandcheck
