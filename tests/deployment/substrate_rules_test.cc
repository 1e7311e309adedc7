// The parser's substrate rules read the traits they are given (core/substrate_traits.h), and
// the registry states each substrate's traits once (clusters/substrate_registry.h). The exact
// wording against this build's substrates is pinned by the bad-file corpus.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "clusters/substrate_registry.h"
#include "core/deployment_parser.h"
#include "tests/deployment/test_files.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::HasSubstr;

Result<Deployment> ParseWith(std::string_view substrate_and_runtime, std::string_view extra,
                             SubstrateCatalog catalog) {
  std::string yaml =
      fmt::format("sandcheck: 1\nname: t\n{}image: busybox\nuser: {{uid: 1000, gid: 1000}}\n{}",
                  substrate_and_runtime, extra);
  return ParseDeploymentText(yaml, "t.yaml", kSourceDir / "fixtures", catalog);
}

// A substrate that runs only runsc and expresses nothing else, as a new one might.
const SubstrateTraits kRunscOnly{
    .kind = SubstrateKind::kKind,
    .runtimes = {RuntimeKind::kRunsc},
    .other_runtimes_why = "its nodes have only runsc",
    .other_runtimes_fix = "use runtime runsc",
    .privileged = false,
    .host_pid_runtimes = {},
};

TEST(SubstrateRules, ComeFromTheTraitsGivenNotFromCore) {
  std::vector<SubstrateTraits> catalog{kRunscOnly};
  auto refused = ParseWith("substrate: kind\nruntime: runc\n", "", catalog);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.message(),
              HasSubstr("runtime runc cannot run on substrate kind: its nodes have only runsc. "
                        "fix: use runtime runsc"));
  EXPECT_OK(ParseWith("substrate: kind\nruntime: runsc\n", "", catalog));

  auto privileged = ParseWith("substrate: kind\nruntime: runsc\n", "privileged: true\n", catalog);
  ASSERT_FALSE(privileged.ok());
  EXPECT_THAT(privileged.message(), HasSubstr("only supported on no substrate of this build"));
  auto pid_host = ParseWith("substrate: kind\nruntime: runsc\n", "pid_mode: host\n", catalog);
  ASSERT_FALSE(pid_host.ok());
  EXPECT_THAT(pid_host.message(), HasSubstr("'pid_mode: host' is only supported on no substrate"));
}

TEST(SubstrateRules, ASubstrateWithoutTraitsIsJudgedByTheFileFormatAlone) {
  // Refusing a substrate this build lacks is the command line's job (before anything starts).
  EXPECT_OK(ParseWith("substrate: oci\nruntime: kata\n", "privileged: true\n", {}));
  EXPECT_FALSE(ParseWith("substrate: oci\nruntime: kata\n", "", SubstrateTraitsCatalog()).ok());
}

TEST(SubstrateRegistry, ListsEachSubstrateOnceWithItsFactoryAndTraits) {
  ASSERT_EQ(Substrates().size(), 4u);
  EXPECT_EQ(AvailableSubstrateNames(), "'oci', 'docker', 'native' and 'kind'");
  for (const auto& entry : Substrates()) {
    SCOPED_TRACE(std::string(ToString(entry.traits.kind)));
    EXPECT_EQ(FindSubstrate(entry.traits.kind), &entry);
    EXPECT_NE(entry.open, nullptr);
    EXPECT_NE(entry.reachable, nullptr);
    EXPECT_FALSE(entry.traits.runtimes.empty());
  }
  EXPECT_EQ(FindSubstrate(SubstrateKind::kKina), nullptr);
  // The parser's catalog is the registry's traits, substrate by substrate, in its order.
  ASSERT_EQ(SubstrateTraitsCatalog().size(), Substrates().size());
  for (size_t i = 0; i < Substrates().size(); ++i) {
    const SubstrateTraits& listed = SubstrateTraitsCatalog()[i];
    const SubstrateTraits& entry = Substrates()[i].traits;
    EXPECT_EQ(listed.kind, entry.kind);
    EXPECT_EQ(listed.runtimes, entry.runtimes);
    EXPECT_EQ(listed.privileged, entry.privileged);
    EXPECT_EQ(listed.host_pid_runtimes, entry.host_pid_runtimes);
    EXPECT_EQ(listed.other_runtimes_why, entry.other_runtimes_why);
  }
}

}  // namespace
}  // namespace sandcheck
