// Runs the probe inside real sandboxes (runc, crun, and gVisor's runsc on the ptrace
// platform) built from a hardened busybox bundle, and checks that the probe's evidence
// describes that hardening, plus a writable-root control that proves it can see the opposite.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/utsname.h>

#include <thread>

#include "tests/probe/oci_bundle.h"
#include "tests/probe/probe_test_util.h"
#include "tests/test_util.h"

namespace sandcheck::probe_test {
namespace {

using ::testing::IsEmpty;

const Json* WritableEntry(const Json& doc, const std::string& role) {
  for (const Json& entry : doc["writable"]["entries"]) {
    if (entry["role"] == role) return &entry;
  }
  return nullptr;
}

std::string HostKernelRelease() {
  struct utsname names = {};
  ::uname(&names);
  return names.release;
}

class RuntimeProbeTest : public ::testing::TestWithParam<Runtime> {
 protected:
  void SetUp() override {
    std::string reason = RuntimeUnavailableReason(GetParam());
    if (!reason.empty()) GTEST_SKIP() << reason;
  }

  // Runs the bundle to completion and returns the probe's document.
  Result<ProbeRun> RunBundle(const OciBundle& bundle) {
    std::string id = UniqueContainerId(GetParam());
    ContainerGuard guard(GetParam(), bundle, id);
    ProcessSpec spec;
    spec.argv = RunCommand(GetParam(), bundle, id);
    spec.timeout = std::chrono::seconds(120);
    ASSIGN_OR_RETURN(ProbeRun run, RunAndParse(spec));
    if (!run.outcome.Succeeded()) {
      return Fail("{}: {}: {}", CommandLine(spec.argv), run.outcome.DescribeEnd(),
                  Tail(run.outcome.err));
    }
    RecordProperty(RuntimeName(GetParam()) + "_probe_elapsed_ms",
                   std::to_string(run.document["elapsed_ms"].get<int>()));
    return run;
  }
};

TEST_P(RuntimeProbeTest, HardenedSandboxIsObservedAsHardened) {
  ASSERT_OK_AND_ASSIGN(OciBundle bundle, OciBundle::Create({}));
  ASSERT_OK_AND_ASSIGN(ProbeRun run, RunBundle(bundle));
  const Json& doc = run.document;
  EXPECT_THAT(BrokenSections(doc), IsEmpty());

  EXPECT_EQ(doc["identity"]["uid"], 1000);
  EXPECT_EQ(doc["identity"]["euid"], 1000);
  EXPECT_EQ(doc["identity"]["username"], "agent");
  for (const char* set : {"effective", "permitted", "inheritable", "bounding"}) {
    EXPECT_EQ(doc["capabilities"][set], Json::array()) << set;
  }
  EXPECT_EQ(doc["security"]["no_new_privs_prctl"], 1);
  if (GetParam() == Runtime::kRunsc) {
    // This gVisor release has no NoNewPrivs line in /proc/self/status: null, never 0.
    EXPECT_TRUE(doc["security"]["no_new_privs"] == 1 || doc["security"]["no_new_privs"].is_null());
  } else {
    EXPECT_EQ(doc["security"]["no_new_privs"], 1);
  }

  const Json* root = WritableEntry(doc, "root");
  ASSERT_NE(root, nullptr);
  EXPECT_EQ((*root)["writable"], false);
  EXPECT_EQ((*root)["error"], "EROFS");

  EXPECT_EQ(doc["syscalls"]["mount"]["ok"], false);
  EXPECT_EQ(doc["syscalls"]["mount"]["error"], "EPERM");
  EXPECT_EQ(doc["syscalls"]["setuid_root"]["error"], "EPERM");

  EXPECT_EQ(doc["processes"]["self_pid"], 1);  // a PID namespace of its own
  EXPECT_EQ(doc["tmp"]["exec"]["attempted"], true);
  EXPECT_EQ(doc["tmp"]["exec"]["error"], "EACCES");  // /tmp is noexec

  // gVisor answers uname itself; runc and crun share the host kernel.
  if (GetParam() == Runtime::kRunsc) {
    EXPECT_NE(doc["kernel"]["release"], HostKernelRelease());
  } else {
    EXPECT_EQ(doc["kernel"]["release"], HostKernelRelease());
  }
}

TEST_P(RuntimeProbeTest, WritableRootIsDetected) {
  // The control for the read-only check above: same bundle, root left writable.
  ASSERT_OK_AND_ASSIGN(OciBundle bundle, OciBundle::Create({.readonly_root = false}));
  ASSERT_OK_AND_ASSIGN(ProbeRun run, RunBundle(bundle));
  const Json* root = WritableEntry(run.document, "root");
  ASSERT_NE(root, nullptr);
  EXPECT_EQ((*root)["writable"], true);
  EXPECT_EQ((*root)["error"], nullptr);
  EXPECT_EQ((*root)["cleanup_error"], nullptr);
}

// Whether a `--only processes` document lists a process named `comm` (zombies included).
bool ListsProcess(const Json& doc, const std::string& comm) {
  for (const Json& entry : doc["processes"]["entries"]) {
    if (entry["comm"] == comm) return true;
  }
  return false;
}

TEST_P(RuntimeProbeTest, InitReapsOrphansAndExitsOnSigterm) {
  ASSERT_OK_AND_ASSIGN(OciBundle bundle,
                       OciBundle::Create({.args = {"/usr/local/bin/sandcheck-probe", "init"}}));
  std::string id = UniqueContainerId(GetParam());
  ContainerGuard guard(GetParam(), bundle, id);
  auto runtime = [&](const std::vector<std::string>& args) {
    ProcessSpec spec;
    spec.argv = RuntimeCommand(GetParam(), bundle, args);
    spec.timeout = std::chrono::seconds(60);
    return spec;
  };

  // Detached: the container keeps runc's stdio, so send it to files, not to pipes we wait on.
  ProcessSpec start = runtime({"run", "--detach", "--bundle", bundle.dir().string(), id});
  start.stdout_sink = OutputSink::File(bundle.dir() / "init.out");
  start.stderr_sink = OutputSink::File(bundle.dir() / "init.err");
  ASSERT_OK(RunChecked(start));

  // The shell exits at once; its background sleep is orphaned onto PID 1, our init.
  ASSERT_OK(RunChecked(
      runtime({"exec", id, "/bin/sh", "-c", "/bin/sleep 1 </dev/null >/dev/null 2>&1 & exit 0"})));
  // Once the sleep has exited, only a reaping init makes it vanish; otherwise it stays a
  // zombie and is still listed when the deadline passes.
  Json last;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  do {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    ASSERT_OK_AND_ASSIGN(
        ProbeRun run, RunAndParse(runtime(
                          {"exec", id, "/usr/local/bin/sandcheck-probe", "--only", "processes"})));
    ASSERT_TRUE(run.outcome.Succeeded()) << run.outcome.DescribeEnd() << ": " << run.outcome.err;
    last = run.document;
  } while (ListsProcess(last, "sleep") && std::chrono::steady_clock::now() < deadline);
  EXPECT_FALSE(ListsProcess(last, "sleep")) << last["processes"].dump();

  ASSERT_OK(RunChecked(runtime({"kill", id, "TERM"})));
  std::string status;
  deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  do {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ASSERT_OK_AND_ASSIGN(ProbeRun state, RunAndParse(runtime({"state", id})));
    status = state.document.is_object() ? state.document.value("status", "") : "";
  } while (status != "stopped" && std::chrono::steady_clock::now() < deadline);
  EXPECT_EQ(status, "stopped");
}

INSTANTIATE_TEST_SUITE_P(Runtimes, RuntimeProbeTest,
                         ::testing::Values(Runtime::kRunc, Runtime::kCrun, Runtime::kRunsc),
                         [](const auto& info) { return RuntimeName(info.param); });

}  // namespace
}  // namespace sandcheck::probe_test
