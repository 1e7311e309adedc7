#include "suites/credentials/host_references.h"

#include <sys/utsname.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace sandcheck {
namespace {

constexpr std::string_view kEnvReferenceOpen = "${host:";

bool IsEnvName(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front()))) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

Result<std::string> ResolveEnvValue(const std::string& variable, const std::string& value,
                                    const HostEnvironment& environment) {
  std::string resolved;
  size_t position = 0;
  while (true) {
    size_t open = value.find(kEnvReferenceOpen, position);
    resolved += value.substr(position, open - position);
    if (open == std::string::npos) return resolved;
    size_t name_start = open + kEnvReferenceOpen.size();
    size_t close = value.find('}', name_start);
    if (close == std::string::npos) {
      return Fail("env {}: reference '{}' has no closing '}}'", variable, value.substr(open));
    }
    std::string name = value.substr(name_start, close - name_start);
    if (!IsEnvName(name)) {
      return Fail("env {}: '{}' in '${{host:{}}}' is not an environment variable name", variable,
                  name, name);
    }
    auto host_value = environment(name);
    if (!host_value) {
      return Fail("env {}: the host has no variable {} for '${{host:{}}}'", variable, name, name);
    }
    resolved += *host_value;
    position = close + 1;
  }
}

// The host path a bind source names through `reference`, or nullopt when it names none.
Result<std::optional<std::filesystem::path>> ResolveBindSource(const std::string& source,
                                                               std::string_view reference,
                                                               const std::filesystem::path& base) {
  if (!source.starts_with(reference)) return std::optional<std::filesystem::path>();
  std::string_view rest = std::string_view(source).substr(reference.size());
  if (rest.empty()) return std::optional(base);
  if (!rest.starts_with('/')) {
    return Fail("bind source '{}': put a '/' after {}", source, reference);
  }
  std::filesystem::path relative = std::filesystem::path(rest.substr(1)).lexically_normal();
  if (!relative.has_filename()) relative = relative.parent_path();  // "dir/" names dir
  if (relative.empty() || relative == ".") return std::optional(base);
  if (*relative.begin() == "..") {
    return Fail("bind source '{}' leaves {} through '..'", source, reference);
  }
  return std::optional(base / relative);
}

}  // namespace

std::optional<std::string> ProcessEnvironment(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

Result<Deployment> ResolveHostReferences(Deployment deployment, const FakeHost& host,
                                         const HostEnvironment& environment) {
  for (auto& [variable, value] : deployment.env) {
    ASSIGN_OR_RETURN(value, ResolveEnvValue(variable, value, environment));
  }
  if (deployment.hostname == kHostHostnameReference) {
    // The local substrates' host is this machine: its name, as hostname(1) prints it.
    utsname names{};
    if (::uname(&names) != 0) return Fail("uname: {}", std::strerror(errno));
    deployment.hostname = names.nodename;
  }
  for (BindMount& bind : deployment.binds) {
    std::string source = bind.source.string();
    ASSIGN_OR_RETURN(auto home, ResolveBindSource(source, kHostHomeReference, host.home));
    ASSIGN_OR_RETURN(auto tmp, ResolveBindSource(source, kHostTmpReference, host.tmp));
    if (home) bind.source = *home;
    if (tmp) bind.source = *tmp;
    if (!home && !tmp && source.starts_with("${")) {
      return Fail("bind {}: unknown host reference in source '{}' (known: {}, {})", bind.target,
                  source, kHostHomeReference, kHostTmpReference);
    }
  }
  // A bind target may be a host path (sbx's workspace, at the same path as on the host), and a
  // native deployment's binds are its wrapper line's, which may name host paths as targets.
  for (BindMount& bind : deployment.binds) {
    ASSIGN_OR_RETURN(auto home, ResolveBindSource(bind.target, kHostHomeReference, host.home));
    ASSIGN_OR_RETURN(auto tmp, ResolveBindSource(bind.target, kHostTmpReference, host.tmp));
    if (home) bind.target = home->string();
    if (tmp) bind.target = tmp->string();
  }
  // A native deployment names host paths in its wrapper line, and runs as the fake host user.
  Wrapper& wrapper = deployment.wrapper;
  ASSIGN_OR_RETURN(auto home, ResolveBindSource(wrapper.home, kHostHomeReference, host.home));
  if (home) wrapper.home = home->string();
  for (std::string& argument : wrapper.args) {
    for (auto [reference, base] : {std::pair{kHostHomeReference, host.home.string()},
                                   std::pair{kHostTmpReference, host.tmp.string()}}) {
      for (size_t at = argument.find(reference); at != std::string::npos;
           at = argument.find(reference, at + base.size())) {
        argument.replace(at, reference.size(), base);
      }
    }
  }
  return deployment;
}

std::vector<std::string> UnresolvedHostReferences(const Deployment& deployment) {
  std::vector<std::string> unresolved;
  for (const auto& [variable, value] : deployment.env) {
    if (value.find(kEnvReferenceOpen) != std::string::npos) unresolved.push_back("env " + variable);
  }
  if (deployment.hostname == kHostHostnameReference) unresolved.push_back("hostname");
  for (const BindMount& bind : deployment.binds) {
    if (bind.source.string().starts_with("${") || bind.target.starts_with("${")) {
      unresolved.push_back("bind " + bind.target);
    }
  }
  bool native = deployment.substrate == SubstrateKind::kNative;
  if (native && deployment.wrapper.home.starts_with("${")) unresolved.push_back("wrapper home");
  for (const std::string& argument : deployment.wrapper.args) {
    if (argument.find("${host_") != std::string::npos) {
      unresolved.push_back("wrapper argument " + argument);
    }
  }
  return unresolved;
}

}  // namespace sandcheck
