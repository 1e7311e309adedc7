// Runs the built probe on the host (normally as root) and checks the shape of its document
// and the behaviour of each option against harness-owned loopback sockets and temp files.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/probe/probe_test_util.h"
#include "tests/test_util.h"

namespace sandcheck::probe_test {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::UnorderedElementsAreArray;

// A socket bound on loopback (or a unix path) and closed on destruction.
class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  Socket(const Socket&) = delete;
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  int fd() const { return fd_; }

 private:
  int fd_;
};

// Binds `type` on 127.0.0.1 port 0 (and listens, for TCP when `listen` is set).
uint16_t BindLoopback(const Socket& socket, bool listen) {
  sockaddr_in address = {};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  EXPECT_EQ(::bind(socket.fd(), reinterpret_cast<sockaddr*>(&address), length), 0);
  if (listen) {
    EXPECT_EQ(::listen(socket.fd(), 8), 0);
  }
  EXPECT_EQ(::getsockname(socket.fd(), reinterpret_cast<sockaddr*>(&address), &length), 0);
  return ntohs(address.sin_port);
}

const Json* FindBy(const Json& list, const std::string& key, const std::string& value) {
  for (const Json& entry : list) {
    if (entry.value(key, Json()).is_string() && entry[key] == value) return &entry;
  }
  return nullptr;
}

TEST(HostProbeTest, DefaultRunHasEverySectionAndExitsZero) {
  ASSERT_OK_AND_ASSIGN(ProbeRun run, RunProbe({}));
  ASSERT_TRUE(run.outcome.Succeeded()) << run.outcome.DescribeEnd() << ": " << run.outcome.err;
  const Json& doc = run.document;
  EXPECT_EQ(doc["schema"], 1);
  EXPECT_TRUE(doc["probe_version"].is_string());
  EXPECT_THAT(BrokenSections(doc), IsEmpty());
  for (const char* on_demand : {"scan", "fork_bomb", "allocation"}) {
    EXPECT_FALSE(doc.contains(on_demand)) << on_demand;
  }
  for (const std::string& name : kDefaultSections) {
    EXPECT_TRUE(doc["timing_ms"].contains(name)) << name;
  }

  EXPECT_EQ(doc["identity"]["uid"], ::getuid());
  EXPECT_EQ(doc["identity"]["euid"], ::geteuid());
  EXPECT_EQ(doc["processes"]["self_pid"].get<int>() > 0, true);
  EXPECT_FALSE(doc["mounts"]["entries"].empty());
  EXPECT_NE(FindBy(doc["mounts"]["entries"], "mount_point", "/"), nullptr);
  EXPECT_NE(FindBy(doc["writable"]["entries"], "role", "root"), nullptr);
  for (const char* call : {"mount", "unshare_user", "unshare_mount", "unshare_net", "ptrace_attach",
                           "keyctl_join_session", "bpf_map_create", "setuid_root", "chroot"}) {
    EXPECT_TRUE(doc["syscalls"][call]["ok"].is_boolean()) << call;
  }
  EXPECT_TRUE(doc["tmp"]["exec"]["attempted"].is_boolean());
  EXPECT_THAT(doc["env"]["names"], Contains("PATH"));
  EXPECT_TRUE(doc["kernel"]["sandbox_kernel"].contains("proc_version"));
}

TEST(HostProbeTest, RootOnTheHostHasEverything) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root: checks what an unconfined root sees";
  ASSERT_OK_AND_ASSIGN(ProbeRun run, RunProbe({}));
  ASSERT_TRUE(run.outcome.Succeeded()) << run.outcome.err;
  const Json& doc = run.document;
  EXPECT_EQ(doc["identity"]["uid"], 0);
  EXPECT_EQ(doc["identity"]["username"], "root");
  EXPECT_THAT(doc["capabilities"]["effective"], Contains("CAP_SYS_ADMIN"));
  EXPECT_EQ(doc["syscalls"]["mount"]["ok"], true);
  // Root may mount only because the probe made its own private namespace first.
  EXPECT_EQ(doc["syscalls"]["mount"]["namespace"], "private");
  EXPECT_EQ(doc["syscalls"]["setuid_root"]["ok"], true);
}

TEST(HostProbeTest, LeavesNothingBehind) {
  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sandcheck-probe-clean-"));
  ASSERT_OK_AND_ASSIGN(ProbeRun run, RunProbe({"--write", dir.path().string()}));
  ASSERT_TRUE(run.outcome.Succeeded()) << run.outcome.err;
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
  std::ifstream mounts("/proc/self/mountinfo");
  std::string text((std::istreambuf_iterator<char>(mounts)), std::istreambuf_iterator<char>());
  // The probe's test mount is a tmpfs whose source is "sandcheck-probe".
  EXPECT_THAT(text, Not(HasSubstr(" - tmpfs sandcheck-probe ")));
}

TEST(HostProbeTest, UsageErrorsExitTwoWithAMessage) {
  for (std::vector<std::string> args :
       std::vector<std::vector<std::string>>{{"--frobnicate", "1"},
                                             {"--connect", "tcp:localhost:80"},
                                             {"--only", "nope"},
                                             {"--only", "fork_bomb"},
                                             {"bogus-mode"}}) {
    ASSERT_OK_AND_ASSIGN(ProbeRun run, RunProbe(args));
    EXPECT_EQ(run.outcome.exit_code, 2) << args[0];
    EXPECT_THAT(run.outcome.err, HasSubstr("sandcheck-probe: "));
    EXPECT_THAT(run.outcome.out, IsEmpty());
  }
}

TEST(HostProbeTest, VersionAndHelpPrintText) {
  ProcessSpec spec;
  spec.argv = {ProbePath().string(), "version"};
  ASSERT_OK_AND_ASSIGN(ProcessOutcome version, RunProcess(spec));
  EXPECT_TRUE(version.Succeeded());
  EXPECT_THAT(version.out, HasSubstr("sandcheck-probe "));
  EXPECT_THAT(version.out, HasSubstr("(schema 1)"));
  spec.argv = {ProbePath().string(), "--help"};
  ASSERT_OK_AND_ASSIGN(ProcessOutcome help, RunProcess(spec));
  EXPECT_TRUE(help.Succeeded());
  EXPECT_THAT(help.out, HasSubstr("--scan-for"));
}

TEST(HostProbeTest, OnlyRunsTheListedSections) {
  ASSERT_OK_AND_ASSIGN(ProbeRun run, RunProbe({"--only", "mounts", "--only=identity"}));
  ASSERT_TRUE(run.outcome.Succeeded()) << run.outcome.err;
  std::vector<std::string> keys;
  for (const auto& [key, value] : run.document.items()) keys.push_back(key);
  EXPECT_THAT(keys, UnorderedElementsAreArray({"schema", "probe_version", "identity", "mounts",
                                               "timing_ms", "elapsed_ms"}));
}

TEST(HostProbeTest, ConnectReportsLoopbackAndUnixOutcomes) {
  Socket listening(::socket(AF_INET, SOCK_STREAM, 0));
  uint16_t open_port = BindLoopback(listening, /*listen=*/true);
  Socket bound_only(::socket(AF_INET, SOCK_STREAM, 0));  // bound, not listening: refuses
  uint16_t closed_port = BindLoopback(bound_only, /*listen=*/false);
  Socket udp(::socket(AF_INET, SOCK_DGRAM, 0));
  uint16_t udp_port = BindLoopback(udp, /*listen=*/false);

  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sandcheck-probe-unix-"));
  std::string socket_path = (dir.path() / "s.sock").string();
  Socket unix_listener(::socket(AF_UNIX, SOCK_STREAM, 0));
  sockaddr_un unix_address = {};
  unix_address.sun_family = AF_UNIX;
  std::strncpy(unix_address.sun_path, socket_path.c_str(), sizeof(unix_address.sun_path) - 1);
  ASSERT_EQ(
      ::bind(unix_listener.fd(), reinterpret_cast<sockaddr*>(&unix_address), sizeof(unix_address)),
      0);
  ASSERT_EQ(::listen(unix_listener.fd(), 8), 0);

  std::string open_target = "tcp:127.0.0.1:" + std::to_string(open_port);
  std::string closed_target = "tcp:127.0.0.1:" + std::to_string(closed_port);
  std::string udp_target = "udp:127.0.0.1:" + std::to_string(udp_port);
  std::string unix_target = "unix:" + socket_path;
  std::string missing_unix = "unix:" + (dir.path() / "missing.sock").string();
  ASSERT_OK_AND_ASSIGN(ProbeRun run,
                       RunProbe({"--only", "connect", "--connect", open_target, "--connect",
                                 closed_target, "--connect", udp_target, "--connect", unix_target,
                                 "--connect", missing_unix, "--connect-timeout-ms", "2000"}));
  ASSERT_TRUE(run.outcome.Succeeded()) << run.outcome.err;
  const Json& results = run.document["connect"]["results"];
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(results[0]["target"], open_target);
  EXPECT_EQ(results[0]["protocol"], "tcp");
  EXPECT_EQ(results[0]["ok"], true);
  EXPECT_EQ(results[1]["ok"], false);
  EXPECT_EQ(results[1]["error"], "ECONNREFUSED");
  EXPECT_EQ(results[2]["protocol"], "udp");
  EXPECT_EQ(results[2]["ok"], true);
  EXPECT_EQ(results[3]["ok"], true);
  EXPECT_EQ(results[4]["error"], "ENOENT");
  for (const Json& result : results) {
    EXPECT_EQ(result["timed_out"], false);
    EXPECT_TRUE(result["elapsed_ms"].is_number());
  }
}

TEST(HostProbeTest, WriteExistsAndRead) {
  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sandcheck-probe-files-"));
  std::string text_file = (dir.path() / "text").string();
  std::string binary_file = (dir.path() / "binary").string();
  std::string new_file = (dir.path() / "new").string();
  std::ofstream(text_file) << "hello \xc3\xbc\n";
  std::ofstream(binary_file, std::ios::binary) << std::string(
      "\x7f"
      "ELF\x00\xff",
      6);

  ASSERT_OK_AND_ASSIGN(
      ProbeRun run, RunProbe({"--only", "writable,files", "--write", dir.path().string(), "--write",
                              new_file, "--write", text_file, "--exists", text_file, "--exists",
                              (dir.path() / "absent").string(), "--read", text_file, "--read",
                              binary_file, "--read", dir.path().string()}));
  ASSERT_TRUE(run.outcome.Succeeded()) << run.outcome.err;

  std::vector<Json> requested;
  for (const Json& entry : run.document["writable"]["entries"]) {
    if (entry["role"] == "requested") requested.push_back(entry);
  }
  ASSERT_EQ(requested.size(), 3u);
  EXPECT_EQ(requested[0]["method"], "create_in_directory");
  EXPECT_EQ(requested[0]["writable"], true);
  EXPECT_EQ(requested[1]["method"], "create_new");
  EXPECT_EQ(requested[1]["writable"], true);
  EXPECT_EQ(requested[2]["method"], "open_existing");
  EXPECT_EQ(requested[2]["writable"], true);
  EXPECT_FALSE(std::filesystem::exists(new_file));       // created, then removed
  EXPECT_EQ(std::filesystem::file_size(text_file), 9u);  // opened, never truncated

  const Json& exists = run.document["files"]["exists"];
  EXPECT_EQ(exists[0]["exists"], true);
  EXPECT_EQ(exists[0]["type"], "file");
  EXPECT_EQ(exists[0]["size"], 9);
  EXPECT_EQ(exists[1]["exists"], false);
  EXPECT_EQ(exists[1]["error"], "ENOENT");

  const Json& read = run.document["files"]["read"];
  EXPECT_EQ(read[0]["encoding"], "utf8");
  EXPECT_EQ(read[0]["content"], "hello \xc3\xbc\n");
  EXPECT_EQ(read[1]["encoding"], "base64");
  EXPECT_EQ(read[1]["content"], "f0VMRgD/");
  EXPECT_EQ(read[2]["ok"], false);
  EXPECT_EQ(read[2]["error"], "EISDIR");
}

TEST(HostProbeTest, ScanFindsASecretAcrossChunksAndInTheEnvironmentWithoutPrintingIt) {
  // Built at run time so the secret appears in no file but the ones planted here.
  std::string secret = "sandcheck-canary-" + std::to_string(::getpid()) + "-" +
                       std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sandcheck-probe-scan-"));
  std::filesystem::create_directories(dir.path() / "deep" / "er");
  std::string planted = (dir.path() / "deep" / "er" / "big.bin").string();
  {
    std::ofstream out(planted, std::ios::binary);
    out << std::string(65536 - 5, 'x') << secret << std::string(1000, 'y');  // straddles 64 KiB
  }
  std::ofstream(dir.path() / "clean.txt") << "nothing here";

  ASSERT_OK_AND_ASSIGN(ProbeRun run, RunProbe({"--only", "env", "--scan-for", secret, "--scan-root",
                                               dir.path().string(), "--scan-budget-ms", "20000"},
                                              {{"SANDCHECK_PLANTED_TOKEN", "Bearer " + secret}}));
  ASSERT_TRUE(run.outcome.Succeeded()) << run.outcome.err;
  EXPECT_THAT(run.outcome.out, Not(HasSubstr(secret)));
  const Json& scan = run.document["scan"];
  EXPECT_EQ(scan["complete"], true);
  EXPECT_EQ(scan["stopped_by"], nullptr);
  EXPECT_EQ(scan["files_scanned"], 2);
  Json file_hit = {{"needle", 0}, {"location", planted}};
  Json env_hit = {
      {"needle", 0}, {"location", "/proc/self/environ"}, {"variable", "SANDCHECK_PLANTED_TOKEN"}};
  EXPECT_THAT(scan["hits"], Contains(file_hit));
  EXPECT_THAT(scan["hits"], Contains(env_hit));
  EXPECT_THAT(run.document["env"]["names"], Contains("SANDCHECK_PLANTED_TOKEN"));
}

TEST(HostProbeTest, ScanReportsAnExhaustedBudget) {
  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sandcheck-probe-budget-"));
  for (int i = 0; i < 5; ++i) std::ofstream(dir.path() / std::to_string(i)) << "data";
  ASSERT_OK_AND_ASSIGN(ProbeRun run,
                       RunProbe({"--scan-for", "absent", "--scan-root", dir.path().string(),
                                 "--scan-max-files", "3", "--only", "scan"}));
  ASSERT_TRUE(run.outcome.Succeeded()) << run.outcome.err;
  EXPECT_EQ(run.document["scan"]["complete"], false);
  EXPECT_EQ(run.document["scan"]["stopped_by"], "files");
  EXPECT_EQ(run.document["scan"]["files_scanned"], 3);
}

TEST(HostProbeTest, ForkBombIsBoundedAndEveryChildReaped) {
  ASSERT_OK_AND_ASSIGN(ProbeRun run, RunProbe({"--only", "fork_bomb", "--fork-bomb", "25"}));
  ASSERT_TRUE(run.outcome.Succeeded()) << run.outcome.err;
  const Json& bomb = run.document["fork_bomb"];
  EXPECT_EQ(bomb["requested"], 25);
  EXPECT_EQ(bomb["forked"], 25);
  EXPECT_EQ(bomb["reaped"], 25);
  EXPECT_EQ(bomb["stopped_by"], "count");
  EXPECT_EQ(bomb["error"], nullptr);
}

TEST(HostProbeTest, AllocationTouchesEveryMegabyte) {
  ASSERT_OK_AND_ASSIGN(ProbeRun run, RunProbe({"--only", "allocation", "--allocate-mb", "32"}));
  ASSERT_TRUE(run.outcome.Succeeded()) << run.outcome.err;
  const Json& allocation = run.document["allocation"];
  EXPECT_EQ(allocation["outcome"], "completed");
  EXPECT_EQ(allocation["touched_mb"], 32);
  EXPECT_EQ(allocation["signal"], nullptr);
}

// CPU ticks (user + system) a process has used, from /proc/PID/stat.
long CpuTicks(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string content((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  std::istringstream fields(content.substr(content.rfind(')') + 2));
  std::string field;
  long utime = 0, stime = 0;
  for (int index = 3; fields >> field; ++index) {  // field 3 is the state
    if (index == 14) utime = std::stol(field);
    if (index == 15) stime = std::stol(field);
  }
  return utime + stime;
}

TEST(HostProbeTest, InitIdlesWithoutCpuAndExitsZeroOnSigterm) {
  std::string path = ProbePath().string();
  char* argv[] = {path.data(), const_cast<char*>("init"), nullptr};
  pid_t pid = 0;
  ASSERT_EQ(::posix_spawn(&pid, path.c_str(), nullptr, nullptr, argv, environ), 0);
  // Give it a moment in which a busy loop would burn ~50 ticks.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_LE(CpuTicks(pid), 2);
  ASSERT_EQ(::kill(pid, SIGTERM), 0);
  int status = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  pid_t reaped = 0;
  while ((reaped = ::waitpid(pid, &status, WNOHANG)) == 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (reaped == 0) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    FAIL() << "init did not exit within 5 s of SIGTERM";
  }
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace sandcheck::probe_test
