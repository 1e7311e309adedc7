#include "suites/hooks/protection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "suites/framework/probe_files.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr uint32_t kAgent = 1000;
const std::string kSettings = "/etc/claude-code/managed-settings.json";

// A probe document in the shape of tools/probe's "files" and "writable" sections.
class Document {
 public:
  Document& Path(const std::string& path, bool exists, uint32_t uid, const char* mode,
                 bool writable) {
    exists_.push_back({{"path", path},
                       {"exists", exists},
                       {"error", exists ? nlohmann::json() : "ENOENT"},
                       {"uid", exists ? nlohmann::json(uid) : nullptr},
                       {"mode", exists ? nlohmann::json(mode) : nullptr}});
    writes_.push_back({{"path", path},
                       {"role", "requested"},
                       {"writable", writable},
                       {"error", writable ? nlohmann::json() : "EACCES"}});
    return *this;
  }
  Document& ProtectedTree() {
    return Path("/etc/claude-code", true, 0, "0755", false)
        .Path("/etc", true, 0, "0755", false)
        .Path("/", true, 0, "0755", false);
  }
  nlohmann::json json() const {
    return {{"files", {{"exists", exists_}, {"read", nlohmann::json::array()}}},
            {"writable", {{"entries", writes_}}}};
  }

 private:
  nlohmann::json exists_ = nlohmann::json::array();
  nlohmann::json writes_ = nlohmann::json::array();
};

TEST(ProtectionProbeOptions, ObservesThePathAndEveryAncestorOnce) {
  auto options = ProtectionProbeOptions({"/etc/a/x", "/etc/a/y"});
  EXPECT_THAT(options, ElementsAre("--only", "files,writable",                     //
                                   "--exists", "/etc/a/x", "--write", "/etc/a/x",  //
                                   "--exists", "/etc/a", "--write", "/etc/a",      //
                                   "--exists", "/etc", "--write", "/etc",          //
                                   "--exists", "/", "--write", "/",                //
                                   "--exists", "/etc/a/y", "--write", "/etc/a/y"));
}

TEST(JudgeProtection, RootOwnedReadOnlyFileInRootOwnedDirectoriesIsProtected) {
  auto document = Document().Path(kSettings, true, 0, "0444", false).ProtectedTree().json();
  ASSERT_OK_AND_ASSIGN(Protection protection, JudgeProtection(document, kSettings, kAgent));
  EXPECT_THAT(protection.problems, IsEmpty());
  EXPECT_EQ(protection.evidence["mode"], "0444");
  EXPECT_EQ(protection.evidence["directories"]["/etc"]["agent_writable"], false);
}

TEST(JudgeProtection, AWritableFileIsAProblem) {
  auto document = Document().Path(kSettings, true, 0, "0666", true).ProtectedTree().json();
  ASSERT_OK_AND_ASSIGN(Protection protection, JudgeProtection(document, kSettings, kAgent));
  EXPECT_THAT(protection.problems, ElementsAre(HasSubstr("the agent opened")));
}

TEST(JudgeProtection, AFileTheAgentOwnsIsAProblemEvenIfReadOnly) {
  auto document = Document().Path(kSettings, true, kAgent, "0444", false).ProtectedTree().json();
  ASSERT_OK_AND_ASSIGN(Protection protection, JudgeProtection(document, kSettings, kAgent));
  EXPECT_THAT(protection.problems, ElementsAre(HasSubstr("owned by the agent's own uid 1000")));
}

TEST(JudgeProtection, AnAgentThatIsRootOwnsRootsFiles) {
  auto document = Document().Path(kSettings, true, 0, "0444", true).ProtectedTree().json();
  ASSERT_OK_AND_ASSIGN(Protection protection, JudgeProtection(document, kSettings, 0));
  EXPECT_THAT(protection.problems, testing::Contains(HasSubstr("owned by the agent's own uid 0")));
  EXPECT_THAT(protection.problems, testing::Contains(HasSubstr("the agent opened")));
}

TEST(JudgeProtection, AWritableDirectoryLetsTheAgentReplaceTheFile) {
  auto document = Document()
                      .Path(kSettings, true, 0, "0444", false)
                      .Path("/etc/claude-code", true, 0, "0777", true)
                      .Path("/etc", true, 0, "0755", false)
                      .Path("/", true, 0, "0755", false)
                      .json();
  ASSERT_OK_AND_ASSIGN(Protection protection, JudgeProtection(document, kSettings, kAgent));
  EXPECT_THAT(protection.problems,
              ElementsAre("the agent can create files in /etc/claude-code, so it can replace "
                          "/etc/claude-code/managed-settings.json"));
}

TEST(JudgeProtection, AStickyWritableDirectoryIsNot) {
  auto document = Document()
                      .Path("/tmp/hooks/x.sh", true, 0, "0555", false)
                      .Path("/tmp/hooks", true, 0, "0755", false)
                      .Path("/tmp", true, 0, "1777", true)
                      .Path("/", true, 0, "0755", false)
                      .json();
  ASSERT_OK_AND_ASSIGN(Protection protection, JudgeProtection(document, "/tmp/hooks/x.sh", kAgent));
  EXPECT_THAT(protection.problems, IsEmpty());
}

TEST(JudgeProtection, AMissingFileIsAProblem) {
  auto document = Document().Path(kSettings, false, 0, "", false).ProtectedTree().json();
  ASSERT_OK_AND_ASSIGN(Protection protection, JudgeProtection(document, kSettings, kAgent));
  EXPECT_THAT(protection.problems, ElementsAre(HasSubstr("does not exist (ENOENT)")));
}

TEST(JudgeProtection, AMissingObservationIsAnErrorNotAVerdict) {
  auto document = Document().Path(kSettings, true, 0, "0444", false).json();
  auto protection = JudgeProtection(document, kSettings, kAgent);
  ASSERT_FALSE(protection.ok());
  EXPECT_THAT(protection.message(), HasSubstr("no entry for /etc/claude-code"));
  EXPECT_FALSE(JudgeProtection(nlohmann::json::object(), kSettings, kAgent).ok());
  nlohmann::json failed = {{"files", {{"error", "boom"}}}};
  EXPECT_THAT(JudgeProtection(failed, kSettings, kAgent).message(), HasSubstr("failed"));
}

}  // namespace
}  // namespace sandcheck
