// Runs an external program with a deadline. Every process sandcheck starts goes through
// here: the child gets its own process group, its output is captured (or sent to a file,
// or discarded), and on timeout the whole group is killed and reaped before returning.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/timeouts.h"

namespace sandcheck {

// Where a child's stdout or stderr goes.
struct OutputSink {
  enum class Kind { kCapture, kDiscard, kFile };
  Kind kind = Kind::kCapture;
  std::filesystem::path file;  // for kFile: truncated, then written by the child

  static OutputSink Capture() { return {}; }
  static OutputSink Discard() { return {Kind::kDiscard, {}}; }
  static OutputSink File(std::filesystem::path p) { return {Kind::kFile, std::move(p)}; }
};

struct ProcessSpec {
  std::vector<std::string> argv;  // argv[0] is a path or a name looked up in PATH
  Duration timeout{std::chrono::seconds(30)};
  std::string stdin_data;  // written to the child's stdin, which is then closed
  OutputSink stdout_sink;
  OutputSink stderr_sink;
  // Added to (or overriding) the inherited environment.
  std::map<std::string, std::string> env_overrides;
  std::optional<std::filesystem::path> working_dir;
};

struct ProcessOutcome {
  int exit_code = -1;   // valid when !signaled
  int term_signal = 0;  // the signal that ended the child, when signaled
  bool signaled = false;
  bool timed_out = false;  // the deadline passed and sandcheck killed the group
  std::string out;         // captured stdout (kCapture only)
  std::string err;         // captured stderr (kCapture only)
  Duration elapsed{0};

  bool Succeeded() const { return !timed_out && !signaled && exit_code == 0; }
  // "exit 1", "killed by signal 9", "timed out after 30000 ms".
  std::string DescribeEnd() const;
};

// Runs the process to completion or deadline. Fails only when the program could not be
// started; a non-zero exit is reported in the outcome.
Result<ProcessOutcome> RunProcess(const ProcessSpec& spec);

// Like RunProcess, but a non-zero exit, signal or timeout is an Error naming the command
// line and the tail of its stderr.
Result<ProcessOutcome> RunChecked(const ProcessSpec& spec);

// "runc create --bundle /x sbx-1", shell-quoted where needed, for error messages.
std::string CommandLine(const std::vector<std::string>& argv);

// The last `max_chars` characters of `text`, trimmed, for error messages.
std::string Tail(const std::string& text, size_t max_chars = 600);

}  // namespace sandcheck
