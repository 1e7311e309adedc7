// proxies: the egress proxy (allowlist, flow log, admin port) and the credential proxy (where
// the key comes from and which hosts get it). docs/deployment-schema.md describes the keys.
#include <fstream>

#include "core/deployment_parser_decode.h"
#include "core/deployment_parser_values.h"

namespace sandcheck {
namespace {

constexpr std::string_view kPatternFix =
    "write a lower-case host name (api.anthropic.com), '*.suffix' for every name below a "
    "domain, or '*' for every name";
constexpr std::array<std::string_view, 2> kHeaders = {"x-api-key", "bearer"};
constexpr std::array<std::string_view, 6> kFlaws = {"substring",           "ip-literals",
                                                    "connect-target-only", "any-port",
                                                    "dns-forwarder",       "reload-appends"};

void AddPattern(const Field& field, DecodeContext& context, std::vector<std::string>& out) {
  auto pattern = ReadString(field, context.diagnostics);
  if (!pattern) return;
  if (!IsHostPattern(*pattern)) {
    context.diagnostics.Add(
        field.mark, fmt::format("'{}' is not a host pattern", Printable(*pattern)), kPatternFix);
    return;
  }
  out.push_back(*pattern);
}

// One pattern per line, '#' starts a comment, blank lines are skipped: claude-sbx's format.
void ReadAllowlistFile(const Field& field, DecodeContext& context, EgressProxy& egress) {
  auto path = ReadHostPath(field, "allowlist file", HostPathKind::kFile, context.base_dir,
                           context.diagnostics);
  if (!path) return;
  std::ifstream in(*path);
  std::string line;
  for (size_t number = 1; std::getline(in, line); ++number) {
    line = line.substr(0, line.find('#'));
    size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos) continue;
    std::string pattern = line.substr(first, line.find_last_not_of(" \t\r") - first + 1);
    if (!IsHostPattern(pattern)) {
      context.diagnostics.Add(
          field.mark,
          fmt::format("allowlist file '{}' line {}: '{}' is not a host pattern",
                      Printable(field.node.Scalar()), number, Printable(pattern)),
          kPatternFix);
      continue;
    }
    egress.allowlist.push_back(pattern);
  }
}

EgressProxy DecodeEgress(const Field& field, DecodeContext& context) {
  EgressProxy egress;
  MapReader section(field, kEgressProxySection, context.diagnostics);
  if (auto allowlist = section.Find("allowlist")) {
    if (auto items = ReadList(*allowlist, context.diagnostics)) {
      for (const Field& item : *items) AddPattern(item, context, egress.allowlist);
    }
  }
  if (auto file = section.Find("allowlist_file")) ReadAllowlistFile(*file, context, egress);
  if (auto flow_log = section.Find("flow_log")) {
    egress.flow_log = ReadBool(*flow_log, context.diagnostics).value_or(true);
  }
  if (auto admin = section.Find("expose_admin_port")) {
    egress.expose_admin_port = ReadBool(*admin, context.diagnostics).value_or(false);
  }
  if (auto install_ca = section.Find("install_ca")) {
    egress.install_ca = ReadBool(*install_ca, context.diagnostics).value_or(true);
  }
  if (auto flaws = section.Find("flaws")) {
    if (auto items = ReadList(*flaws, context.diagnostics)) {
      for (const Field& item : *items) {
        if (auto index = ReadChoice(item, "proxy flaw", kFlaws, context.diagnostics)) {
          egress.flaws.emplace_back(kFlaws[*index]);
        }
      }
    }
  }
  return egress;
}

void DecodeInjection(const Field& item, DecodeContext& context, CredentialProxy& credentials) {
  MapReader entry(item, kInjectSection, context.diagnostics);
  CredentialInjection injection;
  std::vector<std::string> host;
  if (auto field = entry.Require("host", "add 'host: api.anthropic.com'")) {
    AddPattern(*field, context, host);
  }
  if (auto field = entry.Require("header", "add 'header: x-api-key' (or bearer)")) {
    if (auto index = ReadChoice(*field, "header", kHeaders, context.diagnostics)) {
      injection.header = *index == 0 ? CredentialHeader::kApiKey : CredentialHeader::kBearer;
    }
  }
  if (host.empty()) return;
  injection.host = host.front();
  credentials.inject.push_back(injection);
}

CredentialProxy DecodeCredentials(const Field& field, DecodeContext& context) {
  CredentialProxy credentials;
  MapReader section(field, kCredentialProxySection, context.diagnostics);
  auto env_name = [&](std::string_view key, std::string& out) {
    auto value = section.Find(key);
    if (!value) return;
    auto name = ReadString(*value, context.diagnostics);
    if (!name) return;
    if (!IsEnvName(*name)) {
      context.diagnostics.Add(
          value->mark,
          fmt::format("'{}' is not a valid environment variable name", Printable(*name)),
          "use letters, digits and '_', not starting with a digit, e.g. SANDCHECK_API_KEY");
      return;
    }
    out = *name;
  };
  if (!section.Find("key_from_env")) {
    section.Require("key_from_env",
                    "add 'key_from_env: ANTHROPIC_API_KEY', the host variable "
                    "that holds the key");
  }
  env_name("key_from_env", credentials.key_from_env);
  env_name("sandbox_env", credentials.sandbox_env);
  if (auto inject = section.Find("inject")) {
    if (auto items = ReadList(*inject, context.diagnostics)) {
      for (const Field& item : *items) DecodeInjection(item, context, credentials);
    }
  }
  return credentials;
}

}  // namespace

void DecodeProxies(const MapReader& top, DecodeContext& context, Deployment& deployment) {
  auto field = top.Find("proxies");
  if (!field || field->node.IsNull()) return;
  MapReader section(*field, kProxiesSection, context.diagnostics);
  bool declared = section.Find("egress") || section.Find("credentials");
  if (declared && deployment.network != NetworkMode::kWorld) {
    context.diagnostics.Add(field->mark,
                            "proxies need network: world (the proxy runs in the harness's world)",
                            "write 'network: world', or remove 'proxies'");
  }
  if (auto egress = section.Find("egress"))
    deployment.proxies.egress = DecodeEgress(*egress, context);
  auto credentials = section.Find("credentials");
  if (!credentials) return;
  deployment.proxies.credentials = DecodeCredentials(*credentials, context);
  if (!deployment.proxies.egress) {
    context.diagnostics.Add(credentials->mark,
                            "proxies.credentials needs proxies.egress: the egress proxy is the one "
                            "that injects the key",
                            "add 'egress:' with an allowlist under 'proxies'");
  }
}

}  // namespace sandcheck
