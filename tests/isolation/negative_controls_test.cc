// Every isolation negative control makes its check fail -- and, to show it breaks that promise
// and no other, the rest of the family passes (but for the collateral each control documents).
// The stress checks (ISO-017, ISO-018) run only for their own controls, to keep this quick.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <functional>
#include <set>
#include <utility>

#include "clusters/local_host.h"
#include "core/temp_dir.h"
#include "suites/isolation/observation.h"
#include "tests/isolation/family_runner.h"
#include "tests/test_util.h"

namespace sandcheck::isolation::testing {
namespace {

// A unix socket listening at <dir>/<name>, reachable by the sandbox's non-root agent. It never
// accepts: a connect() lands in the backlog, which is all ISO-011 asks.
class ListeningSocket {
 public:
  static Result<ListeningSocket> Create(const std::string& name) {
    ASSIGN_OR_RETURN(TempDir dir, TempDir::Create("sandcheck-engine-"));
    std::string path = (dir.path() / name).string();
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return Fail("socket: {}", std::strerror(errno));
    sockaddr_un address = {};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path.c_str(), sizeof(address.sun_path) - 1);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        ::listen(fd, 16) != 0 || ::chmod(dir.path().c_str(), 0755) != 0 ||
        ::chmod(path.c_str(), 0666) != 0) {
      int error = errno;
      ::close(fd);
      return Fail("listen on {}: {}", path, std::strerror(error));
    }
    return ListeningSocket(std::move(dir), fd);
  }
  ListeningSocket(ListeningSocket&& other) noexcept
      : dir_(std::move(other.dir_)), fd_(std::exchange(other.fd_, -1)) {}
  ~ListeningSocket() {
    if (fd_ >= 0) ::close(fd_);
  }
  const std::filesystem::path& dir() const { return dir_.path(); }

 private:
  ListeningSocket(TempDir dir, int fd) : dir_(std::move(dir)), fd_(fd) {}
  TempDir dir_;
  int fd_;
};

struct NegativeControl {
  std::string fixture;            // in fixtures/deployments/negative/, or a reference
  std::set<std::string> failing;  // exactly these checks fail
  // Adds what a fixture cannot hold (a listening socket, the host's name); may keep resources
  // alive in `keep`.
  std::function<Status(Deployment&, std::vector<std::shared_ptr<void>>& keep)> prepare;
  std::string name;  // test name
};

Status ListenOnEngineSocket(Deployment& deployment, std::vector<std::shared_ptr<void>>& keep) {
  ASSIGN_OR_RETURN(ListeningSocket socket, ListeningSocket::Create("containerd.sock"));
  for (BindMount& bind : deployment.binds) {
    if (bind.target == "/run/containerd") bind.source = socket.dir();
  }
  keep.push_back(std::make_shared<ListeningSocket>(std::move(socket)));
  return Status::Ok();
}

Status UseTheHostsHostname(Deployment& deployment, std::vector<std::shared_ptr<void>>&) {
  deployment.hostname = LocalHost().Identity().hostname;
  if (deployment.hostname.empty()) return Fail("the host's hostname is unknown");
  return Status::Ok();
}

// The mislabel the parser rejects (kernel: sandbox on runc), built in code.
Status ClaimSandboxKernel(Deployment& deployment, std::vector<std::shared_ptr<void>>&) {
  deployment.kernel = KernelMode::kSandbox;
  return Status::Ok();
}

std::vector<NegativeControl> Controls() {
  return {
      {"negative/iso-root-user.yaml", {"ISO-001", "ISO-006"}, nullptr, "root_user"},
      {"negative/iso-root-group.yaml", {"ISO-001"}, nullptr, "root_group"},
      {"negative/iso-cap-sys-admin.yaml", {"ISO-002"}, nullptr, "cap_sys_admin"},
      {"negative/iso-no-new-privileges-off.yaml", {"ISO-003"}, nullptr, "no_new_privileges_off"},
      {"negative/iso-seccomp-unconfined.yaml",
       {"ISO-004", "ISO-005"},
       nullptr,
       "seccomp_unconfined"},
      {"negative/iso-seccomp-permissive.yaml", {"ISO-005"}, nullptr, "seccomp_permissive"},
      {"negative/iso-writable-root.yaml", {"ISO-007"}, nullptr, "writable_root"},
      {"negative/iso-tmp-unbounded.yaml", {"ISO-008"}, nullptr, "tmp_unbounded"},
      {"negative/iso-tmp-exec.yaml", {"ISO-009"}, nullptr, "tmp_exec"},
      {"negative/iso-host-home.yaml", {"ISO-010"}, nullptr, "host_home"},
      {"negative/iso-engine-socket.yaml", {"ISO-011"}, ListenOnEngineSocket, "engine_socket"},
      {"negative/iso-cgroup-writable.yaml", {"ISO-001", "ISO-012"}, nullptr, "cgroup_writable"},
      {"negative/iso-host-dev-net.yaml", {"ISO-001", "ISO-013"}, nullptr, "host_dev_net"},
      {"negative/iso-host-proc.yaml", {"ISO-014"}, nullptr, "host_proc"},
      {"negative/iso-host-hostname.yaml", {"ISO-015"}, UseTheHostsHostname, "host_hostname"},
      {"negative/iso-kernel-mislabelled.yaml", {"ISO-016"}, nullptr, "kernel_mislabelled"},
      {"reference-runc.yaml", {"ISO-016"}, ClaimSandboxKernel, "runc_claims_sandbox_kernel"},
      {"negative/iso-no-pids-limit.yaml", {"ISO-017"}, nullptr, "no_pids_limit"},
      {"negative/iso-no-memory-limit.yaml", {"ISO-018"}, nullptr, "no_memory_limit"},
      {"negative/iso-no-cpu-limit.yaml", {"ISO-019"}, nullptr, "no_cpu_limit"},
      {"negative/iso-host-network.yaml", {"ISO-020"}, nullptr, "host_network"},
  };
}

void PrintTo(const NegativeControl& control, std::ostream* out) { *out << control.fixture; }

class NegativeControlTest : public ::testing::TestWithParam<NegativeControl> {};

TEST_P(NegativeControlTest, FailsItsCheckAndNoOther) {
  const NegativeControl& control = GetParam();
  ASSERT_OK_AND_ASSIGN(OciSubstrate * substrate, SharedSubstrate());
  ASSERT_OK_AND_ASSIGN(Deployment deployment, LoadFixture(control.fixture));
  if (substrate->Runtime(deployment.runtime) == nullptr) {
    GTEST_SKIP() << ToString(deployment.runtime) << " is not available here";
  }
  std::vector<std::shared_ptr<void>> keep;
  if (control.prepare) ASSERT_OK(control.prepare(deployment, keep));

  ExpectExactlyTheseFail(*substrate, deployment, control.failing);
}

INSTANTIATE_TEST_SUITE_P(Isolation, NegativeControlTest, ::testing::ValuesIn(Controls()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace sandcheck::isolation::testing
