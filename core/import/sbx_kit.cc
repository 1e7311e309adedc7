#include "core/import/sbx_kit.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

#include "core/deployment.h"
#include "core/deployment_parser_diagnostics.h"
#include "core/deployment_parser_values.h"

namespace sandcheck {
namespace {

struct Reader {
  const std::filesystem::path& spec;
  Diagnostics& diagnostics;

  bool Expect(const YAML::Node& node, YAML::NodeType::value type, std::string_view key,
              std::string_view fix) {
    if (node.Type() == type) return true;
    diagnostics.Add(node.Mark(),
                    fmt::format("'{}' must be a {}", key,
                                type == YAML::NodeType::Map        ? "mapping"
                                : type == YAML::NodeType::Sequence ? "list"
                                                                   : "text value"),
                    fix);
    return false;
  }

  std::string Scalar(const YAML::Node& node, std::string_view key) {
    if (!Expect(node, YAML::NodeType::Scalar, key, "write it as one value")) return "";
    return node.Scalar();
  }

  std::vector<std::string> Scalars(const YAML::Node& node, std::string_view key) {
    std::vector<std::string> out;
    if (!Expect(node, YAML::NodeType::Sequence, key, "write a list: [a, b]")) return out;
    for (const YAML::Node& item : node) out.push_back(Scalar(item, key));
    return out;
  }

  // Calls `read(key, value)` for each key in `known`; notes every other key as unexpressed.
  template <typename Fn>
  void Keys(const YAML::Node& map, std::string_view section, std::set<std::string_view> known,
            std::vector<std::string>& unexpressed, Fn read) {
    if (!Expect(map, YAML::NodeType::Map, section, "write a mapping of keys")) return;
    for (const auto& entry : map) {
      std::string key = entry.first.Scalar();
      if (known.contains(key)) {
        read(key, entry.second);
      } else {
        std::string path = section.empty() ? key : fmt::format("{}.{}", section, key);
        unexpressed.push_back(fmt::format("spec.yaml:{}: {}", entry.first.Mark().line + 1, path));
      }
    }
  }
};

void ReadAgent(Reader& reader, const YAML::Node& node, SbxKit& kit) {
  reader.Keys(node, "agent", {"image", "persistence", "entrypoint"}, kit.unexpressed,
              [&](const std::string& key, const YAML::Node& value) {
                if (key == "image") kit.agent_image = reader.Scalar(value, "agent.image");
                if (key == "persistence") {
                  kit.persistence = reader.Scalar(value, "agent.persistence");
                  if (kit.persistence != "persistent" && kit.persistence != "ephemeral") {
                    reader.diagnostics.Add(
                        value.Mark(),
                        fmt::format("agent.persistence '{}' is not known", kit.persistence),
                        "write persistent or ephemeral");
                  }
                }
                if (key == "entrypoint") {
                  reader.Keys(value, "agent.entrypoint", {"run"}, kit.unexpressed,
                              [&](const std::string&, const YAML::Node& run) {
                                kit.entrypoint = reader.Scalars(run, "agent.entrypoint.run");
                              });
                }
              });
}

// "host" or "host:port", host a pattern the proxy can match ("*" and "*.suffix" included).
void CheckDomain(Reader& reader, const YAML::Node& node, const std::string& domain) {
  SbxDomain parsed = SplitSbxDomain(domain);
  if (IsHostPattern(parsed.host) &&
      parsed.port.find_first_not_of("0123456789") == std::string::npos)
    return;
  reader.diagnostics.Add(node.Mark(), fmt::format("'{}' is not a domain", Printable(domain)),
                         "write a lower-case host name, '*.suffix' or '*', optionally with "
                         ":PORT (claude.com:443)");
}

void ReadNetwork(Reader& reader, const YAML::Node& node, SbxKit& kit) {
  reader.Keys(
      node, "network", {"allowedDomains", "serviceDomains", "serviceAuth"}, kit.unexpressed,
      [&](const std::string& key, const YAML::Node& value) {
        if (key == "allowedDomains") {
          kit.allowed_domains = reader.Scalars(value, "network.allowedDomains");
          for (size_t i = 0; i < kit.allowed_domains.size(); ++i) {
            CheckDomain(reader, value[i], kit.allowed_domains[i]);
          }
        } else if (key == "serviceDomains") {
          if (!reader.Expect(value, YAML::NodeType::Map, "network.serviceDomains",
                             "map each domain to its service: 'api.anthropic.com: anthropic'"))
            return;
          for (const auto& entry : value) {
            CheckDomain(reader, entry.first, entry.first.Scalar());
            kit.service_domains.emplace_back(entry.first.Scalar(),
                                             reader.Scalar(entry.second, "network.serviceDomains"));
          }
        } else {
          if (!reader.Expect(value, YAML::NodeType::Map, "network.serviceAuth",
                             "map each service to {headerName, valueFormat}"))
            return;
          for (const auto& entry : value) {
            SbxServiceAuth auth;
            auth.service = entry.first.Scalar();
            reader.Keys(entry.second, "network.serviceAuth." + auth.service,
                        {"headerName", "valueFormat"}, kit.unexpressed,
                        [&](const std::string& field, const YAML::Node& text) {
                          (field == "headerName" ? auth.header_name : auth.value_format) =
                              reader.Scalar(text, field);
                        });
            kit.service_auth.push_back(auth);
          }
        }
      });
}

void ReadCredentials(Reader& reader, const YAML::Node& node, SbxKit& kit) {
  reader.Keys(node, "credentials", {"sources"}, kit.unexpressed,
              [&](const std::string&, const YAML::Node& sources) {
                if (!reader.Expect(sources, YAML::NodeType::Map, "credentials.sources",
                                   "map each service to {env: [VARIABLE]}"))
                  return;
                for (const auto& entry : sources) {
                  SbxCredentialSource source;
                  source.service = entry.first.Scalar();
                  reader.Keys(entry.second, "credentials.sources." + source.service, {"env"},
                              kit.unexpressed, [&](const std::string&, const YAML::Node& env) {
                                source.env = reader.Scalars(env, "env");
                              });
                  kit.credential_sources.push_back(source);
                }
              });
}

std::vector<SbxKitFile> ReadFiles(const std::filesystem::path& dir) {
  std::vector<SbxKitFile> files;
  std::error_code error;
  if (!std::filesystem::is_directory(dir / "files", error)) return files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir / "files")) {
    if (!entry.is_regular_file()) continue;
    files.push_back({std::filesystem::absolute(entry.path()),
                     entry.path().lexically_relative(dir / "files").string()});
  }
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a.relative < b.relative; });
  return files;
}

}  // namespace

SbxDomain SplitSbxDomain(const std::string& domain) {
  size_t colon = domain.rfind(':');
  if (colon == std::string::npos) return {domain, ""};
  return {domain.substr(0, colon), domain.substr(colon + 1)};
}

Result<SbxKit> ReadSbxKit(const std::filesystem::path& dir) {
  std::filesystem::path spec = dir / "spec.yaml";
  if (!std::filesystem::is_regular_file(spec)) {
    return Fail("{}: error: no kit here. fix: name a kit directory holding spec.yaml",
                spec.string());
  }
  YAML::Node root;
  try {
    root = YAML::LoadFile(spec.string());
  } catch (const YAML::Exception& e) {
    return Fail("{}:{}:{}: error: not YAML: {}. fix: correct the syntax", spec.string(),
                e.mark.line + 1, e.mark.column + 1, e.msg);
  }
  Diagnostics diagnostics(spec.string());
  Reader reader{spec, diagnostics};
  SbxKit kit;
  kit.dir = std::filesystem::absolute(dir);
  reader.Keys(root, "",
              {"schemaVersion", "kind", "name", "description", "agent", "network", "credentials"},
              kit.unexpressed, [&](const std::string& key, const YAML::Node& value) {
                if (key == "schemaVersion" && reader.Scalar(value, key) != "1") {
                  diagnostics.Add(value.Mark(), "only kit schemaVersion \"1\" is known",
                                  "write schemaVersion: \"1\"");
                }
                if (key == "kind") kit.kind = reader.Scalar(value, key);
                if (key == "name") kit.name = reader.Scalar(value, key);
                if (key == "description") kit.description = reader.Scalar(value, key);
                if (key == "agent") ReadAgent(reader, value, kit);
                if (key == "network") ReadNetwork(reader, value, kit);
                if (key == "credentials") ReadCredentials(reader, value, kit);
              });
  if (root.IsMap() && kit.name.empty()) {
    diagnostics.Add(root.Mark(), "the kit has no name", "add 'name: my-kit'");
  }
  if (root.IsMap() && kit.kind != "agent" && kit.kind != "mixin") {
    diagnostics.Add(root["kind"] ? root["kind"].Mark() : root.Mark(),
                    fmt::format("kit kind '{}' is not known", kit.kind),
                    "write 'kind: agent' or 'kind: mixin'");
  }
  if (!diagnostics.empty()) return diagnostics.ToError();
  kit.files = ReadFiles(dir);
  return kit;
}

}  // namespace sandcheck
