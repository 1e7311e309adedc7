#include "clusters/world/proxy_process.h"

#include <fstream>

#include "clusters/world/netns_socket.h"
#include "core/fs_util.h"

namespace sandcheck {

Result<std::unique_ptr<ProxyProcess>> ProxyProcess::Start(
    const NetNamespace& ns, const std::string& address, const std::filesystem::path& dir,
    const std::filesystem::path& addon, const ProxySettings& settings, Duration timeout) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Fail("create {}: {}", dir.string(), ec.message());
  if (!std::filesystem::is_regular_file(addon)) {
    return Fail("proxy addon {} is missing (fixtures/proxies)", addon.string());
  }
  if (!std::filesystem::is_regular_file(settings.upstream_ca)) {
    return Fail("the proxy's upstream CA {} is missing", settings.upstream_ca.string());
  }
  std::filesystem::path flow_log = settings.egress.flow_log ? dir / "flows.jsonl" : "";
  nlohmann::json inject = nlohmann::json::array();
  for (const CredentialInjection& rule : settings.inject) {
    inject.push_back({{"host", rule.host}, {"header", ToString(rule.header)}});
  }
  nlohmann::json config = {
      {"allowlist", settings.egress.allowlist}, {"inject", inject},
      {"flow_log", flow_log.string()},          {"admin_port", kProxyAdminPort},
      {"flaws", settings.egress.flaws},         {"reload_file", (dir / kReloadFile).string()}};
  RETURN_IF_ERROR(WriteFile(dir / "config.json", config.dump(2), 0600));
  // upstream_cert=false: the sandbox's certificate is made from the CONNECT target and SNI,
  // with no upstream connection just to copy the host's, which would reach the host unlogged
  // even when the sandbox's handshake then fails.
  std::vector<std::string> argv = {
      IpProgram(),
      "netns",
      "exec",
      ns.name(),
      "mitmdump",
      "--listen-host",
      "0.0.0.0",
      "--listen-port",
      std::to_string(kProxyPort),
      "--set",
      "confdir=" + dir.string(),
      "--set",
      "block_global=false",
      "--set",
      "connection_strategy=lazy",
      "--set",
      "upstream_cert=false",
      "--set",
      "flow_detail=0",
      "--set",
      "ssl_verify_upstream_trusted_ca=" + settings.upstream_ca.string(),
      "-s",
      addon.string(),
      "--set",
      "sandcheck_config=" + (dir / "config.json").string()};
  // The key reaches the proxy through its environment only, never through a file.
  ASSIGN_OR_RETURN(Daemon daemon, Daemon::Start(argv, dir / "mitmdump.log",
                                                {{"SANDCHECK_PROXY_KEY", settings.key}}));
  std::filesystem::path netns = ns.path();
  std::filesystem::path ca = dir / "mitmproxy-ca-cert.pem";
  RETURN_IF_ERROR(WaitUntilReady(
      daemon,
      [&] {
        return TcpAcceptsInNamespace(netns, address, kProxyPort, Duration(100)) &&
               TcpAcceptsInNamespace(netns, address, kProxyAdminPort, Duration(100)) &&
               std::filesystem::exists(ca);
      },
      timeout, "mitmdump in " + ns.name()));
  return std::unique_ptr<ProxyProcess>(new ProxyProcess(std::move(daemon), dir, flow_log));
}

Status ProxyProcess::ReloadAllowlist(const std::vector<std::string>& patterns) const {
  // Written beside and renamed over: the addon never reads half a file.
  std::filesystem::path staged = dir_ / (std::string(kReloadFile) + ".new");
  RETURN_IF_ERROR(WriteFile(staged, nlohmann::json({{"allowlist", patterns}}).dump(), 0600));
  std::error_code ec;
  std::filesystem::rename(staged, dir_ / kReloadFile, ec);
  if (ec) return Fail("reload the allowlist of the proxy in {}: {}", dir_.string(), ec.message());
  return Status::Ok();
}

Result<std::vector<nlohmann::json>> ProxyProcess::Flows() const {
  std::vector<nlohmann::json> flows;
  if (flow_log_.empty()) return flows;
  std::ifstream in(flow_log_);
  std::string line;
  for (size_t number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    try {
      flows.push_back(nlohmann::json::parse(line));
    } catch (const nlohmann::json::exception& error) {
      return Fail("flow log {} line {}: {}", flow_log_.string(), number, error.what());
    }
  }
  return flows;
}

}  // namespace sandcheck
