#include "core/run_id.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <random>

namespace sandcheck {

RunId RunId::Generate() {
  std::random_device device;
  return RunId(fmt::format("{:08x}", device()));
}

Result<RunId> RunId::Parse(std::string_view text) {
  bool ok = text.size() == 8 && std::all_of(text.begin(), text.end(), [](char c) {
              return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f');
            });
  if (!ok) return Fail("run id '{}' is not 8 lowercase hex digits", text);
  return RunId(std::string(text));
}

std::string ResourceName(const RunId& run, std::string_view purpose) {
  std::string clean;
  for (char c : purpose) {
    char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool keep = std::isalnum(static_cast<unsigned char>(lower)) || lower == '-';
    clean += keep ? lower : '-';
    if (clean.size() == 40) break;
  }
  return fmt::format("{}{}-{}", kResourcePrefix, run.str(), clean);
}

std::optional<RunId> RunIdOfResource(std::string_view name) {
  if (!name.starts_with(kResourcePrefix)) return std::nullopt;
  name.remove_prefix(kResourcePrefix.size());
  auto run = RunId::Parse(name.substr(0, 8));
  if (!run.ok() || (name.size() > 8 && name[8] != '-')) return std::nullopt;
  return std::move(run).value();
}

Result<RunLock> RunLock::Acquire(const std::filesystem::path& dir, const RunId& run) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Fail("create run-lock directory {}: {}", dir.string(), ec.message());
  auto path = dir / (run.str() + ".lock");
  int fd = ::open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
  if (fd < 0) return Fail("open run lock {}: {}", path.string(), std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return Fail("run lock {} is held by another process", path.string());
  }
  return RunLock(fd, path);
}

bool RunLock::IsAbandoned(const std::filesystem::path& dir, const RunId& run) {
  auto path = dir / (run.str() + ".lock");
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return true;  // no lock file: nobody registered this run as alive
  bool free = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
  ::close(fd);
  return free;
}

RunLock::RunLock(RunLock&& other) noexcept : fd_(other.fd_), path_(std::move(other.path_)) {
  other.fd_ = -1;
}

RunLock::~RunLock() {
  if (fd_ < 0) return;
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
  ::close(fd_);
}

}  // namespace sandcheck
