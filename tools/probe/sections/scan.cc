// scan: looks for secrets (--scan-for) wherever the sandboxed agent could read them: the
// probe's own environment, every readable /proc/[pid]/environ and cmdline, and regular files under
// the scan roots. Bounded by time and file count; "complete" says whether everything readable was
// read. Hits name only the location (and variable name), never the secret or its context.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "tools/probe/needle_search.h"
#include "tools/probe/sections/sections.h"
#include "tools/probe/sys.h"

namespace sandcheck::probe {
namespace {

constexpr size_t kMaxHits = 1000;
constexpr size_t kMaxEnvironBytes = 1 << 20;

class Scan {
 public:
  explicit Scan(const ObserveOptions& options)
      : search_(options.scan_needles),
        deadline_(Clock::now() + Millis(options.scan_budget_ms)),
        max_files_(options.scan_max_files),
        own_command_line_(ReadFileBounded("/proc/self/cmdline", kMaxEnvironBytes).data) {}

  void ScanOwnEnvironment() {
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
      ScanVariable("/proc/self/environ", *entry);
    }
  }

  void ScanProcessEnvironments() {
    DIR* proc = ::opendir("/proc");
    if (proc == nullptr) return;
    std::string self = std::to_string(::getpid());
    while (struct dirent* entry = ::readdir(proc)) {
      if (!ParseInt(entry->d_name) || entry->d_name == self) continue;
      // Arguments are readable where the environment is not (another user's process).
      ScanCommandLine(std::string("/proc/") + entry->d_name + "/cmdline");
      std::string path = std::string("/proc/") + entry->d_name + "/environ";
      FileContent content = ReadFileBounded(path, kMaxEnvironBytes);
      if (content.error != 0) {
        ++environ_unreadable_;
        continue;
      }
      ++environ_scanned_;
      for (std::string_view variable : Split(content.data, '\0')) {
        if (!variable.empty()) ScanVariable(path, variable);
      }
    }
    ::closedir(proc);
  }

  // Whether a command line is the probe's own invocation seen from an ancestor: it holds the
  // probe's arguments in order (a shell running "$@"), or one argument holds every one of them
  // (a wrapper's `bash -c '<command>'`). A leak holds a token, not the probe's whole line.
  bool IsTheProbesInvocation(const std::string& command_line) const {
    if (own_command_line_.empty()) return false;
    if (command_line.find(own_command_line_) != std::string::npos) return true;
    std::vector<std::string_view> own = Split(own_command_line_, '\0');
    for (std::string_view argument : Split(command_line, '\0')) {
      bool holds_all = own.size() > 1;
      for (size_t i = 1; i < own.size() && holds_all; ++i) {
        holds_all = own[i].empty() || argument.find(own[i]) != std::string_view::npos;
      }
      if (holds_all) return true;
    }
    return false;
  }

  // Another process's arguments are readable wherever its environment is (and often where it
  // is not): a token passed as an argument is a hit like a variable, named argv[i].
  void ScanCommandLine(const std::string& path) {
    FileContent content = ReadFileBounded(path, kMaxEnvironBytes);
    if (content.error != 0) return;
    // The harness's own chain of invocation (a wrapper's shell running "$@", say) carries the
    // probe's arguments, the needles among them: those are not the sandbox's leaks.
    if (IsTheProbesInvocation(content.data)) {
      ++cmdline_of_the_probes_invocation_;
      return;
    }
    ++cmdline_scanned_;
    size_t index = 0;
    for (std::string_view argument : Split(content.data, '\0')) {
      search_.Reset();
      search_.Feed(argument);
      RecordHits(path, "argv[" + std::to_string(index++) + "]");
    }
  }

  // Depth-first walk of regular files, not following symlinks, skipping /proc and /sys
  // (virtual; environ is covered above).
  void ScanTree(const std::string& root) {
    std::vector<std::string> directories = {root};
    while (!directories.empty() && stopped_by_.empty()) {
      if (Clock::now() >= deadline_) {
        stopped_by_ = "time";
        break;
      }
      std::string directory = std::move(directories.back());
      directories.pop_back();
      DIR* dir = ::opendir(directory.c_str());
      if (dir == nullptr) {
        ++directories_unreadable_;
        continue;
      }
      while (struct dirent* entry = ::readdir(dir)) {
        std::string name = entry->d_name;
        if (name == "." || name == "..") continue;
        std::string path = (directory == "/" ? "" : directory) + "/" + name;
        if (path == "/proc" || path == "/sys") continue;
        if (IsDirectoryEntry(path, entry->d_type)) {
          directories.push_back(path);
        } else if (IsRegularFile(path, entry->d_type)) {
          ScanFile(path);
          if (!stopped_by_.empty()) break;
        }
      }
      ::closedir(dir);
    }
  }

  Json Report() const {
    return Json{{"needles", search_.found().size()},
                {"complete", stopped_by_.empty()},
                {"stopped_by", stopped_by_.empty() ? Json(nullptr) : Json(stopped_by_)},
                {"hits", hits_},
                {"hits_truncated", hits_truncated_},
                {"files_scanned", files_scanned_},
                {"files_unreadable", files_unreadable_},
                {"directories_unreadable", directories_unreadable_},
                {"bytes_scanned", bytes_scanned_},
                {"environ_scanned", environ_scanned_},
                {"environ_unreadable", environ_unreadable_},
                {"cmdline_scanned", cmdline_scanned_},
                {"cmdline_of_the_probes_invocation", cmdline_of_the_probes_invocation_}};
  }

 private:
  static bool IsRegularFile(const std::string& path, unsigned char d_type) {
    if (d_type != DT_UNKNOWN) return d_type == DT_REG;
    struct stat info;
    return ::lstat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
  }

  void ScanVariable(const std::string& location, std::string_view variable) {
    search_.Reset();
    size_t equals = variable.find('=');
    search_.Feed(equals == std::string_view::npos ? variable : variable.substr(equals + 1));
    RecordHits(location, std::string(variable.substr(0, equals)));
  }

  void ScanFile(const std::string& path) {
    if (files_scanned_ >= static_cast<size_t>(max_files_)) {
      stopped_by_ = "files";
      return;
    }
    ++files_scanned_;
    int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
      ++files_unreadable_;
      return;
    }
    search_.Reset();
    char buffer[65536];
    while (true) {
      if (Clock::now() >= deadline_) {
        stopped_by_ = "time";
        break;
      }
      ssize_t n = ::read(fd, buffer, sizeof(buffer));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      bytes_scanned_ += n;
      search_.Feed(std::string_view(buffer, n));
    }
    ::close(fd);
    RecordHits(path, std::nullopt);
  }

  void RecordHits(const std::string& location, const std::optional<std::string>& variable) {
    for (size_t needle = 0; needle < search_.found().size(); ++needle) {
      if (!search_.found()[needle]) continue;
      if (hits_.size() >= kMaxHits) {
        hits_truncated_ = true;
        return;
      }
      Json hit{{"needle", needle}, {"location", location}};
      if (variable) hit["variable"] = *variable;
      hits_.push_back(hit);
    }
  }

  NeedleSearch search_;
  Clock::time_point deadline_;
  int max_files_;
  std::string stopped_by_;  // "time" or "files" when a budget ended the scan
  Json hits_ = Json::array();
  bool hits_truncated_ = false;
  size_t files_scanned_ = 0;
  size_t files_unreadable_ = 0;
  size_t directories_unreadable_ = 0;
  size_t bytes_scanned_ = 0;
  size_t environ_scanned_ = 0;
  size_t cmdline_scanned_ = 0;
  size_t cmdline_of_the_probes_invocation_ = 0;  // skipped: they hold the probe's own arguments
  size_t environ_unreadable_ = 0;
  std::string own_command_line_;
};

}  // namespace

Json ScanSection(const ObserveOptions& options) {
  auto start = Clock::now();
  Scan scan(options);
  scan.ScanOwnEnvironment();
  scan.ScanProcessEnvironments();
  std::vector<std::string> roots = options.scan_roots;
  if (roots.empty()) roots.push_back("/");
  for (const std::string& root : roots) scan.ScanTree(root);
  Json report = scan.Report();
  report["roots"] = roots;
  report["budget_ms"] = options.scan_budget_ms;
  report["max_files"] = options.scan_max_files;
  report["elapsed_ms"] = ElapsedMs(start);
  return report;
}

}  // namespace sandcheck::probe
