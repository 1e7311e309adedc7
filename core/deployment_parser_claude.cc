// Claude Code's own guard rails: managed settings and hooks, installed root-owned into the image.
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>

#include "core/deployment_parser_decode.h"
#include "core/deployment_parser_values.h"

namespace sandcheck {
namespace {

// "line 3, column 5" of byte `offset` in `text`, 1-based.
std::string PositionOf(const std::string& text, size_t offset) {
  size_t line = 1;
  size_t column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return fmt::format("line {}, column {}", line, column);
}

// Claude Code ignores a managed settings file it cannot parse, which would quietly void every
// promise the deployment makes through it; so the file must be a JSON object.
void CheckManagedSettingsJson(const Field& field, const std::filesystem::path& path,
                              Diagnostics& diagnostics) {
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string shown = Printable(field.node.Scalar());
  try {
    auto settings = nlohmann::json::parse(text);
    if (!settings.is_object()) {
      diagnostics.Add(field.mark,
                      fmt::format("managed settings file '{}' holds a JSON {}, not an object",
                                  shown, settings.type_name()),
                      "write the settings as one JSON object: { \"permissions\": ... }");
    }
  } catch (const nlohmann::json::parse_error& error) {
    diagnostics.Add(field.mark,
                    fmt::format("managed settings file '{}' is not valid JSON ({})", shown,
                                PositionOf(text, error.byte > 0 ? error.byte - 1 : 0)),
                    "fix the JSON; Claude Code ignores a managed settings file it cannot parse");
  }
}

void DecodeHooks(const Field& field, DecodeContext& context, ClaudeConfig& claude) {
  auto items = ReadList(field, context.diagnostics);
  if (!items) return;
  // Hooks install by file name, so two with one name would overwrite each other.
  std::map<std::string, const Field*> installed;
  for (const Field& item : *items) {
    auto path =
        ReadHostPath(item, "hook", HostPathKind::kFile, context.base_dir, context.diagnostics);
    if (!path) continue;
    std::string file_name = path->filename().string();
    auto [first, fresh] = installed.emplace(file_name, &item);
    if (!fresh) {
      context.diagnostics.Add(
          item.mark,
          fmt::format("hooks '{}' and '{}' (line {}) would both install as "
                      "/etc/claude-code/hooks/{}",
                      Printable(item.node.Scalar()), Printable(first->second->node.Scalar()),
                      first->second->mark.line + 1, Printable(file_name)),
          "rename one of them");
      continue;
    }
    claude.hooks.push_back(*path);
  }
}

}  // namespace

void DecodeClaude(const MapReader& top, DecodeContext& context, ClaudeConfig& claude) {
  auto field = top.Find("claude");
  if (!field) return;
  MapReader section(*field, kClaudeSection, context.diagnostics);
  if (auto settings = section.Find("managed_settings")) {
    claude.managed_settings = ReadHostPath(*settings, "managed settings file", HostPathKind::kFile,
                                           context.base_dir, context.diagnostics);
    if (claude.managed_settings) {
      CheckManagedSettingsJson(*settings, *claude.managed_settings, context.diagnostics);
    }
  }
  if (auto hooks = section.Find("hooks")) DecodeHooks(*hooks, context, claude);
  if (auto oauth_file = section.Find("oauth_file")) {
    claude.oauth_file = ReadBool(*oauth_file, context.diagnostics).value_or(false);
  }
}

}  // namespace sandcheck
