#include "tests/kind/kind_test_env.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

#include "core/fs_util.h"

namespace sandcheck::testing {
bool KindRequired() {
  const char* required = std::getenv("SANDCHECK_REQUIRE_KIND");
  return required != nullptr && std::string(required) == "1";
}

Result<TestKind> MakeKindSubstrate() {
  ASSIGN_OR_RETURN(TempDir state, TempDir::Create("sandcheck-kind-"));
  KindSubstrateConfig config;
  config.state_dir = state.path();
  config.probe_binary = SANDCHECK_PROBE_BINARY;
  config.shared_bases = SANDCHECK_TEST_SHARED_BASES;
  ASSIGN_OR_RETURN(auto substrate, KindSubstrate::Create(config));
  return TestKind{std::move(state), std::move(substrate)};
}

TestNamespace::TestNamespace(const Kubectl& kubectl, std::string prefix) : kubectl_(kubectl) {
  std::random_device random;
  name_ = fmt::format("sc-test-{}-{:06x}", prefix, random() & 0xffffff);
  created_ = kubectl_.Apply(fmt::format(R"({{"apiVersion": "v1", "kind": "Namespace",
      "metadata": {{"name": "{}", "labels": {{"io.sandcheck.test": "1"}}}}}})",
                                        name_),
                            std::chrono::seconds(30));
}

TestNamespace::~TestNamespace() {
  (void)kubectl_.Run({"delete", "namespace", name_, "--wait=false", "--ignore-not-found"},
                     std::chrono::seconds(30));
}

}  // namespace sandcheck::testing
