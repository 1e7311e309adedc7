#include "tools/probe/entrypoint_plan.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace sandcheck::probe {
namespace {

bool IsVariableName(std::string_view name) {
  auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
  return !name.empty() && letter(name[0]) && std::all_of(name.begin() + 1, name.end(), [&](char c) {
    return letter(c) || (c >= '0' && c <= '9');
  });
}

}  // namespace

std::optional<EntrypointOptions> ParseEntrypointOptions(const std::vector<std::string>& args,
                                                        std::string* error) {
  EntrypointOptions options;
  auto fail = [&](std::string message) {
    *error = "init: " + std::move(message);
    return std::nullopt;
  };
  size_t next = 0;
  for (; next < args.size(); ++next) {
    const std::string& arg = args[next];
    if (arg == "--") break;
    std::string name = arg;
    std::string value;
    if (size_t equals = arg.find('='); equals != std::string::npos) {
      name = arg.substr(0, equals);
      value = arg.substr(equals + 1);
    } else if (name == "--unset" || name == "--credentials-file" || name == "--credentials-from") {
      if (next + 1 >= args.size()) return fail(name + " needs a value");
      value = args[++next];
    }
    if (name == "--unset" || name == "--credentials-from") {
      if (!IsVariableName(value))
        return fail(name + ": expected a variable name, got '" + value + "'");
      if (name == "--unset") {
        options.unset.push_back(value);
      } else {
        options.credentials_from = value;
      }
    } else if (name == "--credentials-file") {
      if (!value.starts_with('/')) return fail("--credentials-file: expected an absolute path");
      options.credentials_file = value;
    } else {
      return fail(arg.starts_with("--")
                      ? "unknown option " + name
                      : "unexpected argument '" + arg + "' (a command follows --)");
    }
  }
  if (options.credentials_file.empty() != options.credentials_from.empty()) {
    return fail("--credentials-file and --credentials-from go together");
  }
  if (next < args.size()) {
    options.command.assign(args.begin() + static_cast<std::ptrdiff_t>(next) + 1, args.end());
    if (options.command.empty()) return fail("-- must be followed by a command");
  }
  return options;
}

std::vector<std::string> WithoutVariables(const std::vector<std::string>& environment,
                                          const std::vector<std::string>& names) {
  std::vector<std::string> kept;
  for (const std::string& entry : environment) {
    std::string_view name = std::string_view(entry).substr(0, entry.find('='));
    if (std::find(names.begin(), names.end(), name) == names.end()) kept.push_back(entry);
  }
  return kept;
}

std::string CredentialsFileContent(std::string_view credential) {
  auto parsed = nlohmann::json::parse(credential, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_object()) return std::string(credential);
  return nlohmann::json{{"claudeAiOauth", {{"accessToken", credential}}}}.dump();
}

}  // namespace sandcheck::probe
