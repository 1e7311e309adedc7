// The egress and credential proxy of one sandbox: mitmdump with sandcheck's addon
// (fixtures/proxies/sandcheck_proxy.py), started inside the proxy's namespace, ready when its
// port accepts, killed by the destructor (and by the sweep, with its namespace). Its CA is
// generated into its own directory for the sandbox to trust.
#pragma once

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "clusters/world/net_namespace.h"
#include "core/daemon.h"
#include "core/deployment.h"

namespace sandcheck {

inline constexpr uint16_t kProxyPort = 3128;
inline constexpr uint16_t kProxyAdminPort = 8081;  // the proxy's control port
// In the proxy's directory: the allowlist an operator's reload-allowlist hands the proxy.
inline constexpr std::string_view kReloadFile = "allowlist-reload.json";

struct ProxySettings {
  EgressProxy egress;
  std::vector<CredentialInjection> inject;  // empty: no injection
  std::string key;                          // what the proxy injects
  // The CA (PEM) the proxy verifies HTTPS hosts against: the world's, which no real host has.
  std::filesystem::path upstream_ca;
};

class ProxyProcess {
 public:
  // `address`: one of the namespace's addresses, used to wait for readiness.
  static Result<std::unique_ptr<ProxyProcess>> Start(
      const NetNamespace& ns, const std::string& address, const std::filesystem::path& dir,
      const std::filesystem::path& addon, const ProxySettings& settings, Duration timeout);

  // The proxy's CA certificate (PEM), which the sandbox must trust.
  std::filesystem::path ca_certificate() const { return dir_ / "mitmproxy-ca-cert.pem"; }
  // Empty when the deployment keeps no flow log.
  const std::filesystem::path& flow_log() const { return flow_log_; }
  // The flow log's entries; an unparsable line is an error naming it.
  Result<std::vector<nlohmann::json>> Flows() const;
  std::string LogTail() const { return daemon_.LogTail(); }
  // claude-sbx's reload-allowlist: `patterns` become the allowlist, applied before the next
  // request the proxy decides (the flaw reload-appends adds them to the old ones instead).
  Status ReloadAllowlist(const std::vector<std::string>& patterns) const;
  // Stops mitmdump now (the destructor does the same).
  Status Stop() { return daemon_.Stop(); }

 private:
  ProxyProcess(Daemon daemon, std::filesystem::path dir, std::filesystem::path flow_log)
      : daemon_(std::move(daemon)), dir_(std::move(dir)), flow_log_(std::move(flow_log)) {}

  Daemon daemon_;
  std::filesystem::path dir_;
  std::filesystem::path flow_log_;
};

}  // namespace sandcheck
