#include "tests/probe/oci_bundle.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>

namespace sandcheck::probe_test {
namespace {

namespace fs = std::filesystem;

constexpr uid_t kSandboxUser = 1000;

Status WriteFile(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  if (!out) return Fail("write {}", path.string());
  return Status::Ok();
}

Status BuildRootfs(const fs::path& rootfs) {
  std::error_code error;
  for (const char* dir :
       {"bin", "usr/local/bin", "etc", "tmp", "home/agent", "proc", "dev", "sys"}) {
    fs::create_directories(rootfs / dir, error);
    if (error) return Fail("mkdir {}: {}", (rootfs / dir).string(), error.message());
  }
  fs::copy_file("/bin/busybox", rootfs / "bin/busybox", error);
  if (error) return Fail("copy /bin/busybox: {}", error.message());
  for (const char* applet : {"sh", "sleep", "true"}) {
    fs::create_symlink("busybox", rootfs / "bin" / applet, error);
    if (error) return Fail("symlink {}: {}", applet, error.message());
  }
  fs::copy_file(ProbePath(), rootfs / "usr/local/bin/sandcheck-probe", error);
  if (error) return Fail("copy {}: {}", ProbePath().string(), error.message());
  RETURN_IF_ERROR(WriteFile(rootfs / "etc/passwd",
                            "root:x:0:0:root:/root:/bin/sh\n"
                            "agent:x:1000:1000:agent:/home/agent:/bin/sh\n"));
  RETURN_IF_ERROR(WriteFile(rootfs / "etc/group", "root:x:0:\nagent:x:1000:\n"));
  // runc gives a tmpfs the mode of the directory it is mounted on.
  fs::permissions(rootfs / "tmp", fs::perms::all | fs::perms::sticky_bit, error);
  // The sandbox user owns '/' and its home: then only the read-only mount, not permission
  // bits, can stop a write to '/', and a write error there must be EROFS.
  for (const fs::path& owned : {rootfs, rootfs / "home/agent"}) {
    if (::chown(owned.c_str(), kSandboxUser, kSandboxUser) != 0) {
      return Fail("chown {}: {}", owned.string(), std::strerror(errno));
    }
  }
  return Status::Ok();
}

// Edits the rootless default config into the hardened sandbox the tests expect.
void Harden(Json& config, const BundleOptions& options) {
  Json& process = config["process"];
  process["terminal"] = false;
  process["args"] = options.args;
  process["user"] = {{"uid", kSandboxUser}, {"gid", kSandboxUser}};
  process["cwd"] = "/";
  process["noNewPrivileges"] = true;
  Json no_capabilities = Json::array();
  process["capabilities"] = {{"bounding", no_capabilities},
                             {"effective", no_capabilities},
                             {"inheritable", no_capabilities},
                             {"permitted", no_capabilities},
                             {"ambient", no_capabilities}};
  config["root"]["readonly"] = options.readonly_root;
  // The tests run as root: no user namespace, so uid 1000 is uid 1000 on the host too.
  Json& linux_section = config["linux"];
  linux_section.erase("uidMappings");
  linux_section.erase("gidMappings");
  Json namespaces = Json::array();
  for (const Json& ns : linux_section["namespaces"]) {
    if (ns["type"] != "user" && ns["type"] != "network") namespaces.push_back(ns);
  }
  namespaces.push_back({{"type", "network"}});  // no interfaces but a down loopback
  linux_section["namespaces"] = namespaces;
  config["mounts"].push_back({{"destination", "/tmp"},
                              {"type", "tmpfs"},
                              {"source", "tmpfs"},
                              {"options", {"nosuid", "nodev", "noexec", "mode=1777", "size=16m"}}});
}

}  // namespace

Result<OciBundle> OciBundle::Create(const BundleOptions& options) {
  ASSIGN_OR_RETURN(TempDir dir, TempDir::Create("sandcheck-probe-bundle-"));
  OciBundle bundle(std::move(dir));
  RETURN_IF_ERROR(BuildRootfs(bundle.dir() / "rootfs"));
  ProcessSpec spec;
  spec.argv = {"runc", "spec", "--rootless", "--bundle", bundle.dir().string()};
  spec.timeout = std::chrono::seconds(30);
  RETURN_IF_ERROR(RunChecked(spec));
  std::ifstream in(bundle.dir() / "config.json");
  Json config = Json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (config.is_discarded()) return Fail("{}/config.json: not JSON", bundle.dir().string());
  Harden(config, options);
  RETURN_IF_ERROR(WriteFile(bundle.dir() / "config.json", config.dump(2)));
  return bundle;
}

std::string RuntimeName(Runtime runtime) {
  switch (runtime) {
    case Runtime::kRunc:
      return "runc";
    case Runtime::kCrun:
      return "crun";
    case Runtime::kRunsc:
      return "runsc";
  }
  return "unknown";
}

void PrintTo(Runtime runtime, std::ostream* out) { *out << RuntimeName(runtime); }

std::string RuntimeUnavailableReason(Runtime runtime) {
  if (::geteuid() != 0)
    return "needs root to run " + RuntimeName(runtime) + " without a user namespace";
  ProcessSpec spec;
  spec.argv = {RuntimeName(runtime), "--version"};
  spec.timeout = std::chrono::seconds(10);
  auto outcome = RunProcess(spec);
  if (!outcome.ok()) return RuntimeName(runtime) + " not runnable: " + outcome.message();
  if (!outcome->Succeeded()) return RuntimeName(runtime) + " --version: " + outcome->DescribeEnd();
  return "";
}

std::string UniqueContainerId(Runtime runtime) {
  std::random_device random;
  return "sandcheck-probe-test-" + RuntimeName(runtime) + "-" + std::to_string(::getpid()) + "-" +
         std::to_string(random() % 1000000);
}

std::vector<std::string> RuntimeCommand(Runtime runtime, const OciBundle& bundle,
                                        const std::vector<std::string>& args) {
  std::vector<std::string> command;
  switch (runtime) {
    case Runtime::kRunc:
      command = {"runc"};
      break;
    case Runtime::kCrun:
      command = {"unshare",
                 "-m",
                 "sh",
                 "-c",
                 R"(mkdir -p "$1" && mount -t cgroup -o hugetlb none "$1" && shift && )"
                 R"(exec crun "$@")",
                 "sh",
                 (bundle.dir() / "hugetlb").string()};
      break;
    case Runtime::kRunsc:
      command = {"runsc", "--platform=ptrace", "--network=none"};
      break;
  }
  command.insert(command.end(), args.begin(), args.end());
  return command;
}

std::vector<std::string> RunCommand(Runtime runtime, const OciBundle& bundle,
                                    const std::string& id) {
  return RuntimeCommand(runtime, bundle, {"run", "--bundle", bundle.dir().string(), id});
}

ContainerGuard::~ContainerGuard() {
  ProcessSpec spec;
  spec.argv = RuntimeCommand(runtime_, bundle_,
                             {"delete", runtime_ == Runtime::kRunsc ? "-force" : "-f", id_});
  spec.timeout = std::chrono::seconds(30);
  (void)RunProcess(spec);  // "does not exist" is the usual, expected answer
}

}  // namespace sandcheck::probe_test
