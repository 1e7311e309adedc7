// How a deployment file lets host credentials in on purpose: through references to the host
// that the harness fakes for the run (host_canaries.h). The parser keeps them verbatim; the
// runner resolves them before the first sandbox starts.
//
//   env values     "${host:NAME}"                   the sandcheck process's value of NAME
//                                                   (a canary when NAME is a well-known
//                                                   credential), like `docker run -e NAME`
//   bind sources   "${host_home}", "${host_home}/P"  the fake host user's home, or P in it
//                  "${host_tmp}",  "${host_tmp}/P"   the fake host's /tmp, or P in it
//   wrapper args   "${host_home}", "${host_tmp}"    anywhere in an argument (substrate native)
//   hostname       "${host_hostname}"               the real host's name (not the fake host's:
//                                                   a name is no credential), as
//                                                   `docker run --hostname "$(hostname)"`
//
// A reference is the whole bind source or its first component; in env values it may appear
// anywhere, any number of times.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/deployment.h"
#include "core/result.h"
#include "suites/credentials/canaries.h"

namespace sandcheck {

inline constexpr std::string_view kHostHomeReference = "${host_home}";
inline constexpr std::string_view kHostTmpReference = "${host_tmp}";
inline constexpr std::string_view kHostHostnameReference = "${host_hostname}";

// The value of a host environment variable, or nullopt when it is unset.
using HostEnvironment = std::function<std::optional<std::string>(const std::string& name)>;

// getenv() of this process.
std::optional<std::string> ProcessEnvironment(const std::string& name);

// Replaces every host reference. Fails, naming the variable or mount, on a variable the host
// does not have, an unterminated or unknown reference, and a bind path that leaves the fake
// host through "..".
Result<Deployment> ResolveHostReferences(Deployment deployment, const FakeHost& host,
                                         const HostEnvironment& environment);

// Where `deployment` still holds host references ("env GH_TOKEN", "bind /workspace"): a
// deployment that reached a check this way was not resolved by its runner.
std::vector<std::string> UnresolvedHostReferences(const Deployment& deployment);

}  // namespace sandcheck
