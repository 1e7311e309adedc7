// The deployment file's `wrapper` section and the native substrate's rules.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "clusters/substrate_traits_catalog.h"
#include "core/deployment_parser.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::filesystem::path kFixtures = std::filesystem::path(SANDCHECK_SOURCE_DIR) / "fixtures";

Result<Deployment> Parse(std::string_view body) {
  std::string yaml = fmt::format("sandcheck: 1\nname: t\nuser: {{uid: 1000, gid: 1000}}\n{}", body);
  return ParseDeploymentText(yaml, "t.yaml", kFixtures / "deployments", SubstrateTraitsCatalog());
}

TEST(WrapperSection, BwrapTakesItsArgumentsAndNeedsNoImage) {
  auto parsed = Parse("substrate: native\nruntime: bwrap\nwrapper: {args: [--unshare-all]}\n");
  ASSERT_TRUE(parsed.ok()) << parsed.message();
  EXPECT_THAT(parsed->wrapper.args, ElementsAre("--unshare-all"));
  EXPECT_EQ(parsed->wrapper.home, "${host_home}");
}

TEST(WrapperSection, SrtTakesASettingsFileThatMustBeAJsonObject) {
  auto parsed =
      Parse("substrate: native\nruntime: srt\nwrapper: {settings: ../native/srt-strict.json}\n");
  ASSERT_TRUE(parsed.ok()) << parsed.message();
  EXPECT_EQ(parsed->wrapper.settings->filename(), "srt-strict.json");
  auto not_json =
      Parse("substrate: native\nruntime: srt\nwrapper: {settings: ../proxies/allowlist.txt}\n");
  ASSERT_FALSE(not_json.ok());
  EXPECT_THAT(not_json.message(), HasSubstr("is not a JSON object"));
}

TEST(WrapperSection, SrtWithoutSettingsIsItsBuiltInDefault) {
  auto parsed = Parse("substrate: native\nruntime: srt\n");
  ASSERT_TRUE(parsed.ok()) << parsed.message();
  EXPECT_FALSE(parsed->wrapper.settings);
}

TEST(WrapperSection, BwrapWithoutArgumentsIsRefused) {
  auto parsed = Parse("substrate: native\nruntime: bwrap\n");
  ASSERT_FALSE(parsed.ok());
  EXPECT_THAT(parsed.message(), HasSubstr("has no 'wrapper'"));
}

TEST(WrapperSection, OnlyTheNativeSubstrateTakesAWrapper) {
  auto parsed = Parse("substrate: oci\nruntime: runc\nimage: busybox\nwrapper: {args: [x]}\n");
  ASSERT_FALSE(parsed.ok());
  EXPECT_THAT(parsed.message(), HasSubstr("'wrapper' applies to substrate native only"));
}

TEST(WrapperSection, ContainerRuntimesAreRefusedOnNativeAndWrappersElsewhere) {
  auto runc = Parse("substrate: native\nruntime: runc\nwrapper: {args: [x]}\n");
  ASSERT_FALSE(runc.ok());
  EXPECT_THAT(runc.message(), HasSubstr("runtime runc cannot run on substrate native"));
  auto bwrap = Parse("substrate: oci\nruntime: bwrap\nimage: busybox\n");
  ASSERT_FALSE(bwrap.ok());
  EXPECT_THAT(bwrap.message(), HasSubstr("runtime bwrap cannot run on substrate oci"));
}

}  // namespace
}  // namespace sandcheck
