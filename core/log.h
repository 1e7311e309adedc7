// Logging through fmt to stderr. Progress and diagnostics go to stderr so stdout stays
// machine-readable (JSON from `sandcheck list --json`, the probe's document, ...).
#pragma once

#include <fmt/format.h>

#include <string_view>

namespace sandcheck {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

void SetLogLevel(LogLevel level);
LogLevel GetLogLevel();
void LogLine(LogLevel level, std::string_view message);

template <typename... Args>
void Log(LogLevel level, fmt::format_string<Args...> format, Args&&... args) {
  if (level < GetLogLevel()) return;
  LogLine(level, fmt::format(format, std::forward<Args>(args)...));
}

#define SC_DEBUG(...) ::sandcheck::Log(::sandcheck::LogLevel::kDebug, __VA_ARGS__)
#define SC_INFO(...) ::sandcheck::Log(::sandcheck::LogLevel::kInfo, __VA_ARGS__)
#define SC_WARN(...) ::sandcheck::Log(::sandcheck::LogLevel::kWarning, __VA_ARGS__)
#define SC_ERROR(...) ::sandcheck::Log(::sandcheck::LogLevel::kError, __VA_ARGS__)

}  // namespace sandcheck
