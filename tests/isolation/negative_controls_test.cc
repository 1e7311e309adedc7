// Every isolation negative control makes its check fail -- and, to show it breaks that promise
// and no other, the rest of the family passes (but for the collateral each control documents).
// The stress checks (ISO-017, ISO-018) run only for their own controls, to keep this quick.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <set>

#include "suites/credentials/host_references.h"
#include "suites/isolation/observation.h"
#include "tests/isolation/family_runner.h"
#include "tests/test_util.h"

namespace sandcheck::isolation::testing {
namespace {

struct NegativeControl {
  std::string fixture;            // in fixtures/deployments/negative/, or a reference
  std::set<std::string> failing;  // exactly these checks fail
  std::string name;               // test name
};

bool IsEngineSocketHere() {
  struct stat info {};
  return ::stat("/var/run/docker.sock", &info) == 0 && S_ISSOCK(info.st_mode);
}

std::vector<NegativeControl> Controls() {
  return {
      {"negative/iso-root-user.yaml", {"ISO-001", "ISO-006"}, "root_user"},
      {"negative/iso-root-group.yaml", {"ISO-001"}, "root_group"},
      {"negative/iso-cap-sys-admin.yaml", {"ISO-002"}, "cap_sys_admin"},
      {"negative/iso-no-new-privileges-off.yaml", {"ISO-003"}, "no_new_privileges_off"},
      {"negative/iso-seccomp-unconfined.yaml", {"ISO-004", "ISO-005"}, "seccomp_unconfined"},
      {"negative/iso-seccomp-permissive.yaml", {"ISO-005"}, "seccomp_permissive"},
      {"negative/iso-writable-root.yaml", {"ISO-007"}, "writable_root"},
      {"negative/iso-tmp-unbounded.yaml", {"ISO-008"}, "tmp_unbounded"},
      {"negative/iso-tmp-exec.yaml", {"ISO-009"}, "tmp_exec"},
      {"negative/iso-host-home.yaml", {"ISO-010"}, "host_home"},
      {"negative/iso-engine-socket.yaml", {"ISO-011"}, "engine_socket"},
      {"negative/iso-cgroup-writable.yaml", {"ISO-001", "ISO-012"}, "cgroup_writable"},
      {"negative/iso-host-dev-net.yaml", {"ISO-001", "ISO-013"}, "host_dev_net"},
      {"negative/iso-host-proc.yaml", {"ISO-014"}, "host_proc"},
      {"negative/iso-host-hostname.yaml", {"ISO-015"}, "host_hostname"},
      {"negative/iso-kernel-mislabelled.yaml", {"ISO-016"}, "kernel_mislabelled"},
      {"negative/iso-no-pids-limit.yaml", {"ISO-017"}, "no_pids_limit"},
      {"negative/iso-no-memory-limit.yaml", {"ISO-018"}, "no_memory_limit"},
      {"negative/iso-no-cpu-limit.yaml", {"ISO-019"}, "no_cpu_limit"},
      {"negative/iso-host-network.yaml", {"ISO-020"}, "host_network"},
      {"negative/iso-sandbox-kernel-on-runc.yaml",
       {"ISO-016", "ISO-021"},
       "sandbox_kernel_on_runc"},
  };
}

void PrintTo(const NegativeControl& control, std::ostream* out) { *out << control.fixture; }

class NegativeControlTest : public ::testing::TestWithParam<NegativeControl> {};

TEST_P(NegativeControlTest, FailsItsCheckAndNoOther) {
  const NegativeControl& control = GetParam();
  ASSERT_OK_AND_ASSIGN(OciSubstrate * substrate, SharedSubstrate());
  if (control.fixture == "negative/iso-engine-socket.yaml" && !IsEngineSocketHere()) {
    GTEST_SKIP() << "no Docker engine socket at /var/run/docker.sock";
  }
  ASSERT_OK_AND_ASSIGN(Deployment loaded, LoadFixture(control.fixture));
  if (substrate->Runtime(loaded.runtime) == nullptr) {
    GTEST_SKIP() << ToString(loaded.runtime) << " is not available here";
  }
  // ${host_hostname}, as `sandcheck run` resolves it; no fake-host reference is used here.
  ASSERT_OK_AND_ASSIGN(Deployment deployment,
                       ResolveHostReferences(std::move(loaded), FakeHost{}, ProcessEnvironment));

  ExpectExactlyTheseFail(*substrate, deployment, control.failing);
}

INSTANTIATE_TEST_SUITE_P(Isolation, NegativeControlTest, ::testing::ValuesIn(Controls()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace sandcheck::isolation::testing
