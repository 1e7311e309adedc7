// The text rules behind the deployment format: sizes, modes, capability names, identifiers and
// the "did you mean" matcher.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>

#include "core/deployment_parser_values.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::HasSubstr;
using ::testing::Optional;

struct SizeCase {
  std::string_view text;
  uint64_t bytes;
};
void PrintTo(const SizeCase& c, std::ostream* out) { *out << "'" << c.text << "'"; }

class ParseSizeAccepts : public ::testing::TestWithParam<SizeCase> {};

TEST_P(ParseSizeAccepts, Unit) {
  ASSERT_OK_AND_ASSIGN(uint64_t bytes, ParseSize(GetParam().text));
  EXPECT_EQ(bytes, GetParam().bytes);
}

INSTANTIATE_TEST_SUITE_P(Units, ParseSizeAccepts,
                         ::testing::Values(SizeCase{"1", 1}, SizeCase{"4096", 4096},
                                           SizeCase{"1K", 1000}, SizeCase{"64M", 64000000},
                                           SizeCase{"2G", 2000000000}, SizeCase{"1Ki", 1024},
                                           SizeCase{"64Mi", 64 << 20},
                                           SizeCase{"4Gi", uint64_t{4} << 30},
                                           SizeCase{"17179869183Gi", uint64_t{17179869183} << 30}));

struct SizeRejection {
  std::string_view text;
  std::string_view message;
};
void PrintTo(const SizeRejection& c, std::ostream* out) { *out << "'" << c.text << "'"; }

class ParseSizeRejects : public ::testing::TestWithParam<SizeRejection> {};

TEST_P(ParseSizeRejects, WithAFix) {
  auto size = ParseSize(GetParam().text);
  ASSERT_FALSE(size.ok());
  EXPECT_EQ(size.message(), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Mistakes, ParseSizeRejects,
    ::testing::Values(
        SizeRejection{"512m",
                      "size '512m' has the ambiguous unit 'm'. fix: write 512Mi for binary units "
                      "(what docker means by 512m) or 512M for decimal ones"},
        SizeRejection{"4GB",
                      "size '4GB' has the ambiguous unit 'GB'. fix: write 4Gi for binary units "
                      "(what docker means by 4g) or 4G for decimal ones"},
        SizeRejection{"1Ti",
                      "size '1Ti' has an unknown unit 'Ti'. fix: use Ki, Mi or Gi (x1024) or K, M "
                      "or G (x1000), e.g. 64Mi"},
        SizeRejection{"1.5Gi",
                      "size '1.5Gi' is not a whole number. fix: use a smaller unit instead of a "
                      "fraction, e.g. 1536Mi rather than 1.5Gi"},
        SizeRejection{"0", "size '0' is zero. fix: omit the key instead of writing 0"},
        SizeRejection{"-1Mi", "size '-1Mi' is negative. fix: write a positive size such as 64Mi"},
        SizeRejection{"",
                      "size is empty. fix: use Ki, Mi or Gi (x1024) or K, M or G (x1000), "
                      "e.g. 64Mi"},
        SizeRejection{"Mi",
                      "'Mi' is not a size. fix: write a whole number with an optional "
                      "unit: use Ki, Mi or Gi (x1024) or K, M or G (x1000), e.g. 64Mi"},
        SizeRejection{"17179869184Gi",
                      "size '17179869184Gi' is too large. fix: write a size below 16 exbibytes; "
                      "sandbox limits are usually a few Gi"}));

TEST(ParseFileMode, ReadsOctalWithOrWithoutPrefix) {
  ASSERT_OK_AND_ASSIGN(uint32_t sticky, ParseFileMode("1777"));
  EXPECT_EQ(sticky, 01777u);
  ASSERT_OK_AND_ASSIGN(uint32_t leading_zero, ParseFileMode("0755"));
  EXPECT_EQ(leading_zero, 0755u);
  ASSERT_OK_AND_ASSIGN(uint32_t prefixed, ParseFileMode("0o700"));
  EXPECT_EQ(prefixed, 0700u);
  ASSERT_OK_AND_ASSIGN(uint32_t zero, ParseFileMode("0"));
  EXPECT_EQ(zero, 0u);
  ASSERT_OK_AND_ASSIGN(uint32_t padded, ParseFileMode("007777"));
  EXPECT_EQ(padded, 07777u);
}

TEST(ParseFileMode, RejectsNonOctalAndTooLarge) {
  EXPECT_THAT(ParseFileMode("1778").message(), HasSubstr("is not an octal number"));
  EXPECT_THAT(ParseFileMode("0o").message(), HasSubstr("is not an octal number"));
  EXPECT_THAT(ParseFileMode("rwx").message(), HasSubstr("is not an octal number"));
  EXPECT_THAT(ParseFileMode("17777").message(), HasSubstr("is above 7777"));
}

TEST(NormaliseCapability, AcceptsAnyCaseWithOrWithoutPrefix) {
  EXPECT_THAT(NormaliseCapability("net_raw"), Optional(std::string("CAP_NET_RAW")));
  EXPECT_THAT(NormaliseCapability("CAP_NET_RAW"), Optional(std::string("CAP_NET_RAW")));
  EXPECT_THAT(NormaliseCapability("cap_Sys_Admin"), Optional(std::string("CAP_SYS_ADMIN")));
  EXPECT_THAT(NormaliseCapability("all"), Optional(std::string("ALL")));
  EXPECT_THAT(NormaliseCapability("checkpoint_restore"),
              Optional(std::string("CAP_CHECKPOINT_RESTORE")));
}

TEST(NormaliseCapability, RejectsUnknownNames) {
  EXPECT_EQ(NormaliseCapability("root"), std::nullopt);
  EXPECT_EQ(NormaliseCapability("CAP_"), std::nullopt);
  EXPECT_EQ(NormaliseCapability("CAP_ALL"), std::nullopt);
  EXPECT_EQ(NormaliseCapability(""), std::nullopt);
}

constexpr std::array<std::string_view, 5> kKeys = {"read_only_root", "no_new_privileges",
                                                   "observability", "portability", "uid"};

TEST(ClosestMatch, FindsTyposSpellingsPrefixesAndStems) {
  EXPECT_THAT(ClosestMatch("read_only_rootfs", kKeys), Optional(std::string("read_only_root")));
  EXPECT_THAT(ClosestMatch("readOnlyRoot", kKeys), Optional(std::string("read_only_root")));
  EXPECT_THAT(ClosestMatch("no-new-privileges", kKeys), Optional(std::string("no_new_privileges")));
  EXPECT_THAT(ClosestMatch("obs", kKeys), Optional(std::string("observability")));
  EXPECT_THAT(ClosestMatch("portable", kKeys), Optional(std::string("portability")));
  EXPECT_THAT(ClosestMatch("uidd", kKeys), Optional(std::string("uid")));
  EXPECT_THAT(ClosestMatch("ui", kKeys), Optional(std::string("uid")));
}

TEST(ClosestMatch, StaysQuietWhenNothingIsClose) {
  EXPECT_EQ(ClosestMatch("memory", kKeys), std::nullopt);
  EXPECT_EQ(ClosestMatch("", kKeys), std::nullopt);
  EXPECT_EQ(ClosestMatch("x", kKeys), std::nullopt);
  EXPECT_EQ(ClosestMatch(std::string(1000, 'a'), kKeys), std::nullopt);
}

TEST(JoinAlternatives, ListsLikeASentence) {
  std::array<std::string_view, 3> three = {"a", "b", "c"};
  EXPECT_EQ(JoinAlternatives(three), "a, b or c");
  EXPECT_EQ(JoinAlternatives(std::span(three).first(2)), "a or b");
  EXPECT_EQ(JoinAlternatives(std::span(three).first(1)), "a");
}

TEST(Printable, EscapesControlCharactersAndCutsLongText) {
  EXPECT_EQ(Printable("a\nb\tc\x01"), "a\\nb\\tc\\x01");
  EXPECT_EQ(Printable(std::string(70, 'x')), std::string(60, 'x') + "...");
}

TEST(Identifiers, DeploymentNames) {
  EXPECT_TRUE(IsDeploymentName("reference-runsc"));
  EXPECT_TRUE(IsDeploymentName(std::string(40, 'a')));
  EXPECT_FALSE(IsDeploymentName(std::string(41, 'a')));
  EXPECT_FALSE(IsDeploymentName(""));
  EXPECT_FALSE(IsDeploymentName("Reference"));
  EXPECT_FALSE(IsDeploymentName("a_b"));
  EXPECT_EQ(SuggestDeploymentName("My Sandbox (gVisor)"), "my-sandbox-gvisor");
  EXPECT_EQ(SuggestDeploymentName("___"), "my-deployment");
}

TEST(Identifiers, HostEnvAndVolumeNames) {
  EXPECT_TRUE(IsHostname("sandbox-1"));
  EXPECT_FALSE(IsHostname("-sandbox"));
  EXPECT_FALSE(IsHostname("a.b"));
  EXPECT_FALSE(IsHostname(std::string(64, 'a')));
  EXPECT_TRUE(IsEnvName("CLAUDE_CODE_OAUTH_TOKEN"));
  EXPECT_TRUE(IsEnvName("_x1"));
  EXPECT_FALSE(IsEnvName("1X"));
  EXPECT_FALSE(IsEnvName("A-B"));
  EXPECT_TRUE(IsVolumeName("claude-home"));
  EXPECT_TRUE(IsVolumeName("v1.data_x"));
  EXPECT_FALSE(IsVolumeName(".hidden"));
  EXPECT_FALSE(IsVolumeName("a b"));
}

}  // namespace
}  // namespace sandcheck
