// The native substrate's lease: a sandbox runs commands through its wrapper as the host user,
// in a namespace of its own, and leaves nothing behind once destroyed.
#include "clusters/native/native_substrate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "clusters/substrate_traits_catalog.h"
#include "clusters/world/net_namespace.h"
#include "core/deployment_parser.h"
#include "core/temp_dir.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::filesystem::path kDeployments =
    std::filesystem::path(SANDCHECK_SOURCE_DIR) / "fixtures" / "deployments";

// A state directory the host user can traverse, with a home of its own (owned by uid 1000).
struct Fixture {
  TempDir state;
  std::filesystem::path home;
};

Result<Fixture> MakeFixture() {
  ASSIGN_OR_RETURN(TempDir state, TempDir::Create("sandcheck-native-lease-"));
  ::chmod(state.path().c_str(), 0755);
  std::filesystem::path home = state.path() / "home";
  std::filesystem::create_directories(home / "project");
  for (const auto& dir : {home, home / "project"}) {
    if (::chown(dir.c_str(), 1000, 1000) != 0) return Fail("chown {}", dir.string());
  }
  return Fixture{std::move(state), home};
}

Result<Deployment> Bwrap(const std::filesystem::path& home) {
  ASSIGN_OR_RETURN(Deployment deployment, ParseDeploymentFile(kDeployments / "native-bwrap.yaml",
                                                              SubstrateTraitsCatalog()));
  deployment.wrapper.home = home.string();
  for (std::string& argument : deployment.wrapper.args) {
    if (argument.starts_with("${host_home}")) argument.replace(0, 12, home.string());
  }
  deployment.network = NetworkMode::kNone;
  return deployment;
}

TEST(NativeSubstrate, RunsTheCommandThroughTheWrapperAsTheHostUserAndCleansUp) {
  ASSERT_OK_AND_ASSIGN(Fixture fixture, MakeFixture());
  ASSERT_OK_AND_ASSIGN(Deployment deployment, Bwrap(fixture.home));
  NativeSubstrateConfig config;
  config.state_dir = fixture.state.path() / "state";
  config.probe_binary = SANDCHECK_PROBE_BINARY;
  ASSERT_OK_AND_ASSIGN(auto substrate, NativeSubstrate::Create(config));
  if (substrate->Capabilities(RuntimeKind::kBwrap).runtime_version.empty()) {
    GTEST_SKIP() << "bwrap is not installed (bash ci/setup.sh)";
  }
  ASSERT_OK_AND_ASSIGN(SandboxLease sandbox, substrate->Acquire(deployment, {"lease"}));

  ExecRequest request;
  request.argv = {"/bin/sh", "-c", "id -u; echo $SANDCHECK_MARK; pwd; echo $GH_TOKEN"};
  request.env = {{"SANDCHECK_MARK", "m-42"}};
  ::setenv("GH_TOKEN", "ghp_lease_canary", 1);  // the host user's: --clearenv drops it
  ASSERT_OK_AND_ASSIGN(ProcessOutcome outcome, sandbox->Exec(request));
  ::unsetenv("GH_TOKEN");
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("1000\nm-42\n/workspace\n"));
  EXPECT_THAT(outcome.out, Not(HasSubstr("ghp_lease_canary")));

  ExecRequest probe;
  probe.argv = {std::string(kProbePathInSandbox), "--only", "identity"};
  ASSERT_OK_AND_ASSIGN(ProcessOutcome probed, sandbox->Exec(probe));
  EXPECT_EQ(probed.exit_code, 0) << probed.err;

  std::string name = sandbox->name();
  ASSERT_OK(sandbox->Destroy());
  ASSERT_OK_AND_ASSIGN(auto namespaces, ListNetNamespaces(std::chrono::seconds(10)));
  EXPECT_EQ(std::count(namespaces.begin(), namespaces.end(), name), 0);
  EXPECT_FALSE(std::filesystem::exists(fixture.home / "project" / name));
}

TEST(NativeSubstrate, RefusesTheMachinesOwnNetwork) {
  ASSERT_OK_AND_ASSIGN(Fixture fixture, MakeFixture());
  ASSERT_OK_AND_ASSIGN(Deployment deployment, Bwrap(fixture.home));
  deployment.network = NetworkMode::kHost;
  NativeSubstrateConfig config;
  config.state_dir = fixture.state.path() / "state";
  config.probe_binary = SANDCHECK_PROBE_BINARY;
  ASSERT_OK_AND_ASSIGN(auto substrate, NativeSubstrate::Create(config));
  if (substrate->Capabilities(RuntimeKind::kBwrap).runtime_version.empty()) {
    GTEST_SKIP() << "bwrap is not installed (bash ci/setup.sh)";
  }
  auto refused = substrate->Acquire(deployment, {"host"});
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.message(), HasSubstr("never runs a wrapper on the machine's own network"));
}

}  // namespace
}  // namespace sandcheck
