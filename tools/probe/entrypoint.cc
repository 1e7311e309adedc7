#include "tools/probe/entrypoint.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "tools/probe/init_mode.h"

extern char** environ;

namespace sandcheck::probe {
namespace {

void Complain(const std::string& what, int error) {
  std::cerr << "sandcheck-probe init: " << what << ": " << std::strerror(error) << "\n";
}

bool WriteAll(int fd, const std::string& content) {
  size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    written += static_cast<size_t>(n);
  }
  return true;
}

// A failure is reported and otherwise ignored: the variables must go whatever happens here.
void WriteCredentialsFile(const EntrypointOptions& options) {
  const char* credential = std::getenv(options.credentials_from.c_str());
  if (credential == nullptr) {
    std::cerr << "sandcheck-probe init: " << options.credentials_from
              << " is not set: no credentials file written\n";
    return;
  }
  std::string path = options.credentials_file;
  std::string directory = path.substr(0, path.rfind('/'));
  if (!directory.empty() && ::mkdir(directory.c_str(), 0700) != 0 && errno != EEXIST) {
    return Complain("mkdir " + directory, errno);
  }
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return;  // a file from an earlier run: kept, as run-claude.sh does
    return Complain("create " + path, errno);
  }
  bool written = WriteAll(fd, CredentialsFileContent(credential));
  int write_error = errno;
  if (::close(fd) != 0 && written) {
    written = false;
    write_error = errno;
  }
  // A partial file would be kept by every later start (it exists), so none is better.
  if (!written) {
    Complain("write " + path, write_error);
    ::unlink(path.c_str());
  }
}

// The probe's own file, resolved: the kernel names a process (comm) after the file execve was
// given, so a re-exec through /proc/self/exe would make PID 1 'exe' (ISO-014 expects the init's
// own name).
std::string OwnExecutable() {
  char path[PATH_MAX];
  ssize_t length = ::readlink("/proc/self/exe", path, sizeof(path) - 1);
  if (length <= 0) return "/proc/self/exe";
  return std::string(path, static_cast<size_t>(length));
}

}  // namespace

int RunEntrypoint(const std::string& self, const EntrypointOptions& options) {
  std::vector<std::string> args;
  std::vector<std::string> environment;
  for (char** entry = environ; *entry != nullptr; ++entry) environment.emplace_back(*entry);
  if (options.has_work()) {
    if (!options.credentials_file.empty()) WriteCredentialsFile(options);
    environment = WithoutVariables(environment, options.unset);
    args = {self, "init"};
    if (!options.command.empty()) args.push_back("--");
  } else {
    AnnounceReady();
  }
  args.insert(args.end(), options.command.begin(), options.command.end());
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& entry : environment) envp.push_back(entry.data());
  envp.push_back(nullptr);
  if (options.has_work()) {
    ::execve(OwnExecutable().c_str(), argv.data(), envp.data());
  } else {
    ::execvpe(argv[0], argv.data(), envp.data());
  }
  Complain("exec " + args[0], errno);
  return 127;
}

}  // namespace sandcheck::probe
