#include "suites/credentials/host_canaries.h"

#include <stdlib.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>

namespace sandcheck {
namespace {

std::mutex& InstallMutex() {
  static std::mutex mutex;
  return mutex;
}

std::unique_ptr<HostCanaries>& Instance() {
  static std::unique_ptr<HostCanaries> instance;
  return instance;
}

}  // namespace

Result<const HostCanaries*> HostCanaries::Install(const std::filesystem::path& parent,
                                                  HostUser owner) {
  std::lock_guard lock(InstallMutex());
  if (Instance()) return Instance().get();
  ASSIGN_OR_RETURN(TempDir root, TempDir::Create(parent, "sandcheck-host-"));
  // Traversable, as / is on a real machine: a native sandbox's wrapper runs as the host user,
  // who must reach its own home (the home itself keeps its credential files 0600).
  if (::chmod(root.path().c_str(), 0755) != 0) {
    return Fail("chmod 0755 {}: {}", root.path().string(), std::strerror(errno));
  }
  std::unique_ptr<HostCanaries> canaries(new HostCanaries(std::move(root), GenerateCanaries()));
  RETURN_IF_ERROR(WithContext(WriteFakeHost(canaries->host_, canaries->canaries_, owner),
                              "write the fake host home"));
  for (const Canary& canary : canaries->canaries_) {
    if (canary.source != CanarySource::kEnvironment) continue;
    if (::setenv(canary.where.c_str(), canary.planted.c_str(), /*overwrite=*/1) != 0) {
      return Fail("setenv {}: {}", canary.where, std::strerror(errno));
    }
  }
  Instance() = std::move(canaries);
  return Instance().get();
}

const HostCanaries* HostCanaries::Installed() {
  std::lock_guard lock(InstallMutex());
  return Instance().get();
}

Result<const FakeHost*> HostCanaries::InstalledHost() {
  const HostCanaries* installed = Installed();
  if (installed == nullptr) {
    return Fail("no fake host: the runner must plant it before sandboxes start");
  }
  return &installed->host();
}

}  // namespace sandcheck
