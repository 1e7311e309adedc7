// Result<T> and Status: the return type of every fallible call in sandcheck.
// Factories never throw or assert; the caller decides. Errors carry a message that names
// the operation and its arguments, e.g. "runc create sbx-1 (bundle /x): exit 1: <stderr>".
#pragma once

#include <fmt/format.h>

#include <string>
#include <utility>
#include <variant>

namespace sandcheck {

struct Error {
  std::string message;
};

// Builds an Error with fmt formatting: return Fail("open {}: {}", path, strerror(errno));
template <typename... Args>
Error Fail(fmt::format_string<Args...> format, Args&&... args) {
  return Error{fmt::format(format, std::forward<Args>(args)...)};
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}
  Result(Error error) : state_(std::move(error)) {}

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { return std::get<Error>(state_); }
  const std::string& message() const { return error().message; }

 private:
  std::variant<T, Error> state_;
};

// A Result with no value.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}
  static Status Ok() { return Status(); }

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }
  const std::string& message() const { return error_.message; }

 private:
  Error error_;
  bool ok_ = true;
};

// Prefixes the error of a failed Result/Status with context; passes success through.
template <typename R>
R WithContext(R result, const std::string& context) {
  if (result.ok()) return result;
  return Error{context + ": " + result.message()};
}

}  // namespace sandcheck

#define SANDCHECK_CONCAT_INNER(a, b) a##b
#define SANDCHECK_CONCAT(a, b) SANDCHECK_CONCAT_INNER(a, b)

// RETURN_IF_ERROR(status_expr): early-return the error of a failed Status/Result.
#define RETURN_IF_ERROR(expr)                                      \
  do {                                                             \
    auto&& sandcheck_status_ = (expr);                             \
    if (!sandcheck_status_.ok()) return sandcheck_status_.error(); \
  } while (false)

// ASSIGN_OR_RETURN(lhs, result_expr): unwrap a Result into lhs or early-return its error.
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL(SANDCHECK_CONCAT(sandcheck_result_, __LINE__), lhs, expr)
#define ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                          \
  if (!tmp.ok()) return tmp.error();          \
  lhs = std::move(tmp).value()
