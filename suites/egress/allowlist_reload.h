// EGR-016: claude-sbx's reload-allowlist. The operator replaces the allowlist file and reloads;
// the proxy must then admit exactly the new lines: a domain removed from the file is refused
// (no stale rule), one added is reachable. Run in a sandbox of the check's own, since it
// changes its proxy.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "suites/egress/http_response.h"
#include "suites/framework/check.h"
#include "suites/framework/check_context.h"

namespace sandcheck::egress {

// The allowlist file's lines after the edit: the removed domain is gone, the added one is in.
inline constexpr std::string_view kReloadRemoved = "allowed.example.test";
inline constexpr std::string_view kReloadAdded = "denied.example.test";

// One plain HTTP request through the proxy, before or after the reload.
struct ReloadAttempt {
  std::string name;  // the host asked for
  bool after_reload = false;
  bool should_pass = false;  // what the allowlist file says at that moment
  std::optional<HttpResponse> response;
  bool host_received = false;  // the world's host got the request's marker
};

// Pure: fail when a request the file no longer admits got through (a stale rule) or one it
// now admits was refused; error when the domain to remove was not admitted before the reload
// (nothing to show). Before the reload only the removed domain is asked for: a wide allowlist
// may admit the added one already, which the reload's new file then narrows.
CheckResult JudgeAllowlistReload(const std::vector<ReloadAttempt>& attempts, ResultBuilder& result);

CheckResult AllowlistReloadLeavesNoStaleRule(CheckContext& context);

}  // namespace sandcheck::egress
