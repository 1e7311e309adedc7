// The kind cluster the tests share (clusters/kind/cluster.sh up, which ci/test.sh runs): one
// cluster for the whole suite, never rebuilt per test. Tests skip loudly when none answers,
// and fail instead when SANDCHECK_REQUIRE_KIND=1 (ci/test.sh sets it after bringing it up).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "clusters/kubernetes/kind_cluster.h"
#include "clusters/kubernetes/kind_substrate.h"
#include "clusters/kubernetes/kubectl.h"
#include "clusters/kubernetes/pod_wait.h"
#include "core/temp_dir.h"

namespace sandcheck::testing {

using ::sandcheck::KindCluster;

// The shared cluster, or why there is none.
inline Result<KindCluster> SharedKindCluster() { return FindKindCluster(); }
bool KindRequired();

// A namespace of one test, labelled as sandcheck's, deleted when the object goes.
class TestNamespace {
 public:
  TestNamespace(const Kubectl& kubectl, std::string prefix);
  ~TestNamespace();
  const std::string& name() const { return name_; }
  const Status& created() const { return created_; }

 private:
  const Kubectl& kubectl_;
  std::string name_;
  Status created_;
};

// A kind substrate of its own run, on a temporary state directory, with the test build's probe.
struct TestKind {
  TempDir state;
  std::unique_ptr<KindSubstrate> substrate;
};
Result<TestKind> MakeKindSubstrate();

}  // namespace sandcheck::testing

#define SANDCHECK_KIND_CLUSTER_OR_SKIP(var)                                     \
  auto var##_result = ::sandcheck::testing::SharedKindCluster();                \
  if (!var##_result.ok()) {                                                     \
    if (::sandcheck::testing::KindRequired()) FAIL() << var##_result.message(); \
    GTEST_SKIP() << "no kind cluster (" << var##_result.message()               \
                 << "); clusters/kind/cluster.sh up starts one";                \
  }                                                                             \
  auto& var = *var##_result
