// Helpers for the probe's tests: running the built probe binary (directly or inside a
// runtime) through the project's process runner and reading its document.
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/process.h"
#include "core/result.h"
#include "core/temp_dir.h"

namespace sandcheck::probe_test {

using Json = nlohmann::json;

// The sections every default observe run must contain: the schema contract checks rely on.
inline const std::vector<std::string> kDefaultSections = {
    "identity",  "capabilities", "security", "kernel", "hostname", "mounts", "writable", "tmp",
    "processes", "devices",      "syscalls", "sudo",   "env",      "limits", "connect",  "files",
};

// The probe binary built by this tree (a compile definition set by CMake).
std::filesystem::path ProbePath();

struct ProbeRun {
  ProcessOutcome outcome;
  Json document;  // null unless the run exited 0 with valid JSON on stdout
};

// Runs `argv` (the probe, or a runtime that runs it) and parses its stdout. Fails only when
// the process could not be started or printed something that is not JSON after exit 0.
Result<ProbeRun> RunAndParse(const ProcessSpec& spec);

// Runs the built probe on the host with `args`.
Result<ProbeRun> RunProbe(const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env = {});

// Names of the default sections that are missing or hold {"error": ...}, with the error.
std::vector<std::string> BrokenSections(const Json& document);

}  // namespace sandcheck::probe_test
