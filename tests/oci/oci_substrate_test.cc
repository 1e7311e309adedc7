// The oci substrate on real runtimes: each test runs once per runtime (runc, crun, runsc).
#include "clusters/oci/oci_substrate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "clusters/oci/bundle_config.h"
#include "clusters/world/netns_socket.h"
#include "core/fs_util.h"
#include "core/mountinfo.h"
#include "servers/canary_sink.h"
#include "tests/oci/leftovers.h"
#include "tests/oci/runtime_test_env.h"
#include "tests/oci/test_deployments.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// A limit as the host's cgroup of the container says: the v1 controller's file, or the
// cgroup2 file on a unified host.
std::string HostCgroupValue(const std::string& id, const std::string& controller,
                            const std::string& v1_file, const std::string& v2_file) {
  auto mounts = ReadMountInfo();
  if (!mounts.ok()) return mounts.message();
  for (const auto& mount : *mounts) {
    bool v1 =
        mount.fs_type == "cgroup" && mount.super_options.find(controller) != std::string::npos;
    bool v2 = mount.fs_type == "cgroup2" && mount.mount_point == "/sys/fs/cgroup";
    if (!v1 && !v2) continue;
    auto value = ReadFile(mount.mount_point / kCgroupParent / id / (v1 ? v1_file : v2_file));
    if (!value.ok()) return value.message();
    return value->substr(0, value->find('\n'));
  }
  return "no " + controller + " cgroup mounted";
}

class OciSubstrateTest : public ::testing::TestWithParam<RuntimeKind> {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(state_, TempDir::Create("sandcheck-oci-"));
    ASSERT_OK_AND_ASSIGN(substrate_, OciSubstrate::Create(TestSubstrateConfig(state_->path())));
    runtime_ = substrate_->Runtime(GetParam());
    if (!runtime_) {
      GTEST_SKIP() << ToString(GetParam()) << " unavailable: "
                   << substrate_->Capabilities(GetParam()).capabilities.begin()->second.reason;
    }
  }

  Deployment Hardened() const { return HardenedDeployment(GetParam()); }

  // The traces of a running sandbox, for the leftovers check after it is gone.
  SandboxTraces TracesOf(const Sandbox& sandbox) const {
    SandboxTraces traces{sandbox.name(), RootfsOf(sandbox).parent_path(), {}};
    auto listed = runtime_->List();
    EXPECT_TRUE(listed.ok()) << listed.message();
    for (const auto& container : listed.ok() ? *listed : std::vector<ListedContainer>{}) {
      if (container.id == sandbox.name() && container.pid > 0) traces.pids.push_back(container.pid);
    }
    EXPECT_THAT(traces.pids, ::testing::SizeIs(1)) << "init of " << sandbox.name() << " not listed";
    return traces;
  }

  // Polls the runtime's list (bounded) until the container's init has exited.
  Status WaitUntilStopped(const std::string& id) {
    auto deadline = std::chrono::steady_clock::now() + runtime_->timeouts().runtime_command;
    while (std::chrono::steady_clock::now() < deadline) {
      ASSIGN_OR_RETURN(auto listed, runtime_->List());
      for (const auto& container : listed) {
        if (container.id == id && container.status == "stopped") return Status::Ok();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return Fail("{} did not stop in time", id);
  }

  Result<ProcessOutcome> Run(Sandbox& sandbox, std::vector<std::string> argv,
                             std::optional<uint32_t> uid = std::nullopt) {
    ExecRequest request;
    request.argv = std::move(argv);
    if (!uid) return sandbox.Exec(request);
    if (sandbox.exec_as_user() == nullptr) return Fail("{} cannot exec as a uid", sandbox.name());
    return sandbox.exec_as_user()->ExecAs(request, *uid, *uid);
  }

  std::optional<TempDir> state_;
  std::unique_ptr<OciSubstrate> substrate_;
  std::shared_ptr<const RuntimeCli> runtime_;
};

TEST_P(OciSubstrateTest, HardenedSandboxRunsTheProbeAsTheAgentAndLeavesNothing) {
  ASSERT_OK_AND_ASSIGN(SandboxLease sandbox, substrate_->Acquire(Hardened(), {.purpose = "probe"}));
  EXPECT_THAT(sandbox->name(), HasSubstr(substrate_->run_id().str()));
  // Every optional part of the Sandbox interface: oci offers them all.
  EXPECT_NE(sandbox->exec_as_user(), nullptr);
  EXPECT_NE(sandbox->crash_simulator(), nullptr);
  EXPECT_NE(sandbox->host_rootfs(), nullptr);
  SandboxTraces traces = TracesOf(*sandbox);

  ASSERT_OK_AND_ASSIGN(
      ProcessOutcome outcome,
      Run(*sandbox, {std::string(kProbePathInSandbox), "--only",
                     "identity,capabilities,security,syscalls,hostname,writable,limits"}));
  ASSERT_TRUE(outcome.Succeeded()) << outcome.DescribeEnd() << ": " << outcome.err;
  json evidence = json::parse(outcome.out, nullptr, false);
  ASSERT_FALSE(evidence.is_discarded()) << outcome.out;
  EXPECT_EQ(evidence["identity"]["uid"], 1000);
  EXPECT_EQ(evidence["identity"]["gid"], 1000);
  EXPECT_EQ(evidence["identity"]["username"], "agent");
  EXPECT_THAT(evidence["capabilities"]["effective"], IsEmpty());
  EXPECT_THAT(evidence["capabilities"]["bounding"], IsEmpty());
  EXPECT_EQ(evidence["security"]["no_new_privs_prctl"], 1);
  EXPECT_EQ(evidence["hostname"]["name"], "sandbox");
  EXPECT_EQ(HostCgroupValue(sandbox->name(), "memory", "memory.limit_in_bytes", "memory.max"),
            std::to_string(256 << 20));
  EXPECT_EQ(HostCgroupValue(sandbox->name(), "pids", "pids.max", "pids.max"), "128");
  if (!substrate_->Capabilities(GetParam())
           .Has(CapabilityKind::kSandboxKernel)) {  // gVisor shows its own
    EXPECT_EQ(evidence["limits"]["memory_max"]["value"], std::to_string(256 << 20))
        << evidence["limits"].dump();
    EXPECT_EQ(evidence["limits"]["pids_max"]["value"], "128") << evidence["limits"].dump();
  }
  if (substrate_->Capabilities(GetParam()).Has(CapabilityKind::kSeccompExec)) {
    EXPECT_EQ(evidence["syscalls"]["unshare_user"]["errno"], EPERM) << evidence["syscalls"].dump();
  }
  for (const auto& entry : evidence["writable"]["entries"]) {
    if (entry["path"] == "/") {
      EXPECT_EQ(entry["writable"], false) << "read-only root is writable";
    }
    if (entry["path"] == "/tmp") {
      EXPECT_EQ(entry["writable"], true) << "tmpfs /tmp is not writable";
    }
  }

  ASSERT_OK(sandbox->Destroy());
  EXPECT_THAT(FindLeftovers(*runtime_, traces), IsEmpty());
}

// The agent runs as the init: its own evidence, read from the init's stdout in the bundle.
TEST_P(OciSubstrateTest, InitRunsConfinedAsTheDeploymentSays) {
  Deployment deployment = Hardened();
  deployment.command = {std::string(kProbePathInSandbox), "--only", "identity,security,syscalls"};
  ASSERT_OK_AND_ASSIGN(SandboxLease sandbox, substrate_->Acquire(deployment, {}));
  ASSERT_OK(WaitUntilStopped(sandbox->name()));
  ASSERT_OK_AND_ASSIGN(std::string out, ReadFile(RootfsOf(*sandbox).parent_path() / "init.stdout"));
  json evidence = json::parse(out, nullptr, false);
  ASSERT_FALSE(evidence.is_discarded()) << out;
  EXPECT_EQ(evidence["identity"]["uid"], 1000);
  EXPECT_EQ(evidence["security"]["seccomp_mode"], 2);
  for (const char* denied : {"unshare_user", "unshare_mount", "mount", "ptrace_attach"}) {
    EXPECT_EQ(evidence["syscalls"][denied]["errno"], EPERM)
        << denied << ": " << evidence["syscalls"].dump();
  }
}

TEST_P(OciSubstrateTest, ExecPassesStdinEnvironmentAndExitCode) {
  ASSERT_OK_AND_ASSIGN(SandboxLease sandbox, substrate_->Acquire(Hardened(), {}));
  ExecRequest request;
  request.argv = {"/bin/sh", "-c", "cat; printf ' %s' \"$GREETING\"; exit 3"};
  request.stdin_data = "from stdin";
  request.env = {{"GREETING", "hello"}};
  ASSERT_OK_AND_ASSIGN(ProcessOutcome outcome, sandbox->Exec(request));
  EXPECT_EQ(outcome.exit_code, 3) << outcome.err;
  EXPECT_EQ(outcome.out, "from stdin hello");
  ASSERT_OK_AND_ASSIGN(ProcessOutcome as_root, Run(*sandbox, {"id", "-u"}, 0));
  EXPECT_EQ(as_root.out, "0\n") << as_root.err;
}

TEST_P(OciSubstrateTest, WritableRootNeverReachesTheRootfsCache) {
  Deployment deployment = Hardened();
  deployment.read_only_root = false;
  ASSERT_OK_AND_ASSIGN(SandboxLease sandbox, substrate_->Acquire(deployment, {}));
  ASSERT_OK_AND_ASSIGN(ProcessOutcome wrote,
                       Run(*sandbox, {"/bin/sh", "-c", "echo x > /etc/marker"}, 0));
  ASSERT_TRUE(wrote.Succeeded()) << wrote.err;
  EXPECT_TRUE(std::filesystem::exists(RootfsOf(*sandbox) / "etc/marker"));
  ASSERT_OK(sandbox->Destroy());
  for (const auto& tree :
       std::filesystem::directory_iterator(substrate_->layout().rootfs_cache())) {
    EXPECT_FALSE(std::filesystem::exists(tree.path() / "etc/marker")) << tree.path();
  }
}

TEST_P(OciSubstrateTest, NamedVolumeSurvivesTheSandbox) {
  Deployment deployment = Hardened();
  deployment.volumes = {{"agent-work", "/workspace"}};
  {
    ASSERT_OK_AND_ASSIGN(SandboxLease first, substrate_->Acquire(deployment, {.purpose = "first"}));
    ASSERT_OK_AND_ASSIGN(ProcessOutcome wrote,
                         Run(*first, {"/bin/sh", "-c", "echo sentinel > /workspace/kept"}));
    ASSERT_TRUE(wrote.Succeeded()) << wrote.err;
    ASSERT_OK(first->Destroy());
  }
  ASSERT_OK_AND_ASSIGN(SandboxLease second, substrate_->Acquire(deployment, {.purpose = "second"}));
  ASSERT_OK_AND_ASSIGN(ProcessOutcome read, Run(*second, {"cat", "/workspace/kept"}));
  EXPECT_EQ(read.out, "sentinel\n") << read.err;
}

TEST_P(OciSubstrateTest, ANewVolumeBelongsToTheSandboxUserAndAnOldOneKeepsItsOwner) {
  Deployment deployment = Hardened();
  deployment.volumes = {{"fresh", "/workspace"}, {"old", "/home/agent/.claude"}};
  auto old_volume = substrate_->layout().volumes() / "old";
  ASSERT_TRUE(std::filesystem::create_directories(old_volume));  // root-owned, as left before
  ASSERT_OK_AND_ASSIGN(SandboxLease sandbox, substrate_->Acquire(deployment, {}));
  struct stat fresh {};
  struct stat old {};
  ASSERT_EQ(::stat((substrate_->layout().volumes() / "fresh").c_str(), &fresh), 0);
  ASSERT_EQ(::stat(old_volume.c_str(), &old), 0);
  EXPECT_EQ(fresh.st_uid, deployment.user.uid);
  EXPECT_EQ(fresh.st_gid, deployment.user.gid);
  EXPECT_EQ(old.st_uid, 0u);
}

// The world's hosts are the only network a `network: world` sandbox has (gVisor's netstack
// included): it reaches a harness-owned listener and has no default route.
TEST_P(OciSubstrateTest, AWorldSandboxReachesTheWorldsHostsAndHasNoWayOut) {
  auto capability =
      substrate_->Capabilities(GetParam()).capabilities[CapabilityKind::kWorldNetwork];
  if (!capability.available) GTEST_SKIP() << capability.reason;
  Deployment deployment = Hardened();
  deployment.network = NetworkMode::kWorld;
  ASSERT_OK_AND_ASSIGN(World * world, substrate_->EnsureWorld());
  ASSERT_OK_AND_ASSIGN(int fd, ListenInNamespace(world->Host("allowed")->path(), 8080));
  ASSERT_OK_AND_ASSIGN(auto allowed, CanarySink::Start(fd));
  ASSERT_OK_AND_ASSIGN(SandboxLease sandbox, substrate_->Acquire(deployment, {.purpose = "world"}));
  ASSERT_OK_AND_ASSIGN(ProcessOutcome sent,
                       Run(*sandbox, {"/bin/sh", "-c", "echo hello | nc 198.18.0.10 8080"}));
  EXPECT_TRUE(sent.Succeeded()) << sent.DescribeEnd() << ": " << sent.err;
  ASSERT_OK_AND_ASSIGN(auto receipts, allowed->WaitForReceipts(1, std::chrono::seconds(10)));
  EXPECT_EQ(receipts[0].bytes, "hello\n");
  ASSERT_OK_AND_ASSIGN(ProcessOutcome routes, Run(*sandbox, {"cat", "/proc/net/route"}));
  EXPECT_THAT(routes.out, HasSubstr("eth0"));
  EXPECT_THAT(routes.out, Not(HasSubstr("eth0\t00000000\t"))) << "a default route:\n" << routes.out;

  std::string ns_name = ResourceName(substrate_->run_id(), sandbox->name());
  ASSERT_OK(sandbox->Destroy());
  EXPECT_FALSE(std::filesystem::exists("/run/netns/" + ns_name)) << ns_name << " left behind";
}

// Seed 003's entrypoint (env_unset_before_exec): the init writes the handed-over credential
// to the file the deployment keeps, and neither PID 1 nor a process exec'd later has it in
// its environment.
Deployment HandsOverACredential(Deployment deployment) {
  deployment.volumes = {{"claude-home", "/home/agent/.claude"}};
  deployment.env = {{"CLAUDE_CREDENTIALS", R"({"claudeAiOauth":{"accessToken":"sc-unset-42"}})"},
                    {"TZ", "UTC"}};
  deployment.env_unset_before_exec = {"CLAUDE_CREDENTIALS"};
  deployment.claude.oauth_file = true;
  return deployment;
}

TEST_P(OciSubstrateTest, UnsetBeforeExecLeavesTheCredentialOnlyInTheKeptFile) {
  Deployment deployment = HandsOverACredential(Hardened());
  ASSERT_OK_AND_ASSIGN(SandboxLease sandbox, substrate_->Acquire(deployment, {}));
  ASSERT_OK_AND_ASSIGN(ProcessOutcome init, Run(*sandbox, {"cat", "/proc/1/environ"}));
  ASSERT_TRUE(init.Succeeded()) << init.err;
  EXPECT_THAT(init.out, HasSubstr("TZ=UTC"));
  EXPECT_THAT(init.out, Not(HasSubstr("sc-unset-42")));
  ASSERT_OK_AND_ASSIGN(ProcessOutcome cmdline, Run(*sandbox, {"cat", "/proc/1/cmdline"}));
  EXPECT_EQ(cmdline.out, std::string(kProbePathInSandbox) + std::string("\0init\0", 6));
  ASSERT_OK_AND_ASSIGN(ProcessOutcome exec, Run(*sandbox, {"env"}));
  EXPECT_THAT(exec.out, HasSubstr("TZ=UTC"));
  EXPECT_THAT(exec.out, Not(HasSubstr("CLAUDE_CREDENTIALS")));

  auto kept = substrate_->layout().volumes() / "claude-home" / ".credentials.json";
  ASSERT_OK_AND_ASSIGN(std::string content, ReadFile(kept));
  EXPECT_EQ(content, deployment.env["CLAUDE_CREDENTIALS"]);
  struct stat file {};
  ASSERT_EQ(::stat(kept.c_str(), &file), 0);
  EXPECT_EQ(file.st_uid, 1000u);
  EXPECT_EQ(file.st_mode & 07777, 0600u);
}

TEST_P(OciSubstrateTest, UnsetBeforeExecHandsTheAgentCommandACleanEnvironment) {
  Deployment deployment = HandsOverACredential(Hardened());
  deployment.claude.oauth_file = false;
  deployment.command = {"/bin/sh", "-c", "exec sleep 600"};
  ASSERT_OK_AND_ASSIGN(SandboxLease sandbox, substrate_->Acquire(deployment, {}));
  ASSERT_OK_AND_ASSIGN(ProcessOutcome init,
                       Run(*sandbox, {"cat", "/proc/1/cmdline", "/proc/1/environ"}));
  ASSERT_TRUE(init.Succeeded()) << init.err;
  EXPECT_THAT(init.out, HasSubstr(std::string("sleep\0"
                                              "600",
                                              9)));
  EXPECT_THAT(init.out, HasSubstr("TZ=UTC"));
  EXPECT_THAT(init.out, Not(HasSubstr("sc-unset-42")));
  EXPECT_FALSE(
      std::filesystem::exists(substrate_->layout().volumes() / "claude-home" / ".credentials.json"))
      << "no oauth_file: the entrypoint keeps no file";
}

TEST_P(OciSubstrateTest, UnconfinedSeccompAllowsWhatTheDefaultDenies) {
  Deployment deployment = Hardened();
  deployment.seccomp = SeccompMode::kUnconfined;
  deployment.no_new_privileges = false;
  ASSERT_OK_AND_ASSIGN(SandboxLease sandbox, substrate_->Acquire(deployment, {}));
  ASSERT_OK_AND_ASSIGN(ProcessOutcome outcome,
                       Run(*sandbox, {std::string(kProbePathInSandbox), "--only", "security"}));
  json evidence = json::parse(outcome.out, nullptr, false);
  ASSERT_FALSE(evidence.is_discarded()) << outcome.out << outcome.err;
  EXPECT_EQ(evidence["security"]["seccomp_mode"], 0) << evidence.dump();
  if (GetParam() != RuntimeKind::kRunsc) {  // gVisor reports no_new_privs as 1 regardless
    EXPECT_EQ(evidence["security"]["no_new_privs_prctl"], 0) << evidence.dump();
  }
}

TEST_P(OciSubstrateTest, KilledSandboxIsStillCleanedUp) {
  ASSERT_OK_AND_ASSIGN(SandboxLease sandbox, substrate_->Acquire(Hardened(), {}));
  SandboxTraces traces = TracesOf(*sandbox);
  ASSERT_NE(sandbox->crash_simulator(), nullptr);
  ASSERT_OK(sandbox->crash_simulator()->Kill(SIGKILL));
  ASSERT_OK(sandbox->Destroy());
  EXPECT_THAT(FindLeftovers(*runtime_, traces), IsEmpty());
}

// A check must see "the sandbox died" as an error, not as the command's own exit code.
TEST_P(OciSubstrateTest, ExecIntoADeadSandboxIsAnErrorNotAnExitCode) {
  ASSERT_OK_AND_ASSIGN(SandboxLease sandbox, substrate_->Acquire(Hardened(), {}));
  ASSERT_NE(sandbox->crash_simulator(), nullptr);
  ASSERT_OK(sandbox->crash_simulator()->Kill(SIGKILL));
  ASSERT_OK(WaitUntilStopped(sandbox->name()));
  auto outcome = Run(*sandbox, {"/bin/true"});
  ASSERT_FALSE(outcome.ok()) << "exit " << outcome->exit_code << ": " << outcome->err;
  EXPECT_THAT(outcome.message(), HasSubstr("no longer running"));
}

TEST_P(OciSubstrateTest, ACommandExitingLikeAFailedExecIsStillItsOutcome) {
  ASSERT_OK_AND_ASSIGN(SandboxLease sandbox, substrate_->Acquire(Hardened(), {}));
  int code = runtime_->profile().exec_failure_exit_code;
  ASSERT_OK_AND_ASSIGN(ProcessOutcome outcome,
                       Run(*sandbox, {"/bin/sh", "-c", fmt::format("exit {}", code)}));
  EXPECT_EQ(outcome.exit_code, code);
}

TEST_P(OciSubstrateTest, DestructorCleansLikeDestroy) {
  SandboxTraces traces;
  {
    ASSERT_OK_AND_ASSIGN(SandboxLease sandbox, substrate_->Acquire(Hardened(), {}));
    traces = TracesOf(*sandbox);
  }
  EXPECT_THAT(FindLeftovers(*runtime_, traces), IsEmpty());
}

TEST_P(OciSubstrateTest, FailedAcquireNamesTheCommandAndLeavesNothing) {
  Deployment deployment = Hardened();
  deployment.binds = {{"/nonexistent/sandcheck-source", "/data", true}};
  auto sandbox = substrate_->Acquire(deployment, {.purpose = "broken"});
  ASSERT_FALSE(sandbox.ok());
  EXPECT_THAT(sandbox.message(), HasSubstr(" create "));
  EXPECT_THAT(sandbox.message(),
              HasSubstr("bundle " + substrate_->layout().run(substrate_->run_id()).string()));
  if (GetParam() != RuntimeKind::kRunsc) {  // runsc's gofer logs the cause elsewhere
    EXPECT_THAT(sandbox.message(), HasSubstr("/nonexistent/sandcheck-source"));
  }
  std::string id = ResourceName(substrate_->run_id(), "broken-1");
  SandboxTraces traces{id, substrate_->layout().bundle(substrate_->run_id(), id), {}};
  EXPECT_THAT(FindLeftovers(*runtime_, traces), IsEmpty());
}

TEST_P(OciSubstrateTest, ReleasedSandboxIsKept) {
  ASSERT_OK_AND_ASSIGN(SandboxLease sandbox, substrate_->Acquire(Hardened(), {}));
  auto id = sandbox->name();
  sandbox->Release();
  sandbox.reset();
  EXPECT_THAT(ListedIds(*runtime_), ::testing::Contains(id));
  // The test's own run is not abandoned, so the sweep must leave it alone.
  ASSERT_OK(substrate_->SweepAbandoned());
  EXPECT_THAT(ListedIds(*runtime_), ::testing::Contains(id));
  ASSERT_OK_AND_ASSIGN(auto cleaner, OciSubstrate::Create(TestSubstrateConfig(state_->path())));
  substrate_.reset();  // ends the run: its lock is free
  ASSERT_OK(cleaner->SweepAbandoned());
  EXPECT_THAT(ListedIds(*runtime_), ::testing::Not(::testing::Contains(id)));
}

TEST_P(OciSubstrateTest, ReportsCapabilitiesAsData) {
  RuntimeCapabilities caps = substrate_->Capabilities(GetParam());
  EXPECT_THAT(caps.runtime_version, HasSubstr("version"));
  EXPECT_EQ(caps.Has(CapabilityKind::kSandboxKernel), GetParam() == RuntimeKind::kRunsc);
  EXPECT_TRUE(caps.Has(CapabilityKind::kSeccomp));
  EXPECT_TRUE(caps.Has(CapabilityKind::kCgroupLimits));
}

INSTANTIATE_TEST_SUITE_P(Runtimes, OciSubstrateTest, kAllRuntimes, RuntimeParamName);

}  // namespace
}  // namespace sandcheck
