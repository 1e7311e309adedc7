#include "clusters/oci/image_spec.h"

#include <yaml-cpp/yaml.h>

#include <regex>

#include "core/fs_util.h"

namespace sandcheck {
namespace {

// "image.yaml:4: error: WHAT. fix: HOW", pointing at `node` (or the file when it is absent).
Error SpecError(const std::filesystem::path& file, const YAML::Node& node, std::string_view what,
                std::string_view fix) {
  std::string where = file.string();
  if (node.IsDefined() && node.Mark().line >= 0) where += fmt::format(":{}", node.Mark().line + 1);
  return Error{fmt::format("{}: error: {}. fix: {}", where, what, fix)};
}

Result<std::string> Text(const std::filesystem::path& file, const YAML::Node& parent,
                         const char* key, const std::regex& allowed, std::string_view fix) {
  YAML::Node node = parent[key];
  if (!node.IsDefined()) {
    return SpecError(file, parent, fmt::format("'{}' is missing", key), fix);
  }
  if (!node.IsScalar() || !std::regex_match(node.Scalar(), allowed)) {
    return SpecError(file, node, fmt::format("'{}' is not valid here", key), fix);
  }
  return node.Scalar();
}

}  // namespace

Result<ClaudeCodeImageSpec> ReadClaudeCodeImageSpec(const std::filesystem::path& file) {
  ClaudeCodeImageSpec spec;
  ASSIGN_OR_RETURN(spec.file_bytes, WithContext(ReadFile(file), "claude-code image spec"));
  YAML::Node root;
  try {
    root = YAML::Load(spec.file_bytes);
  } catch (const YAML::Exception& e) {
    return Error{fmt::format("{}:{}: error: {}. fix: write valid YAML", file.string(),
                             e.mark.line + 1, e.msg)};
  }
  YAML::Node claude = root["claude_code"];
  YAML::Node debian = root["debian"];
  if (!claude.IsMap() || !debian.IsMap()) {
    return SpecError(file, root, "the file needs the mappings 'claude_code' and 'debian'",
                     "see docs/agent.md for the layout");
  }
  static const std::regex kPackage(R"(@[a-z0-9-]+/[a-z0-9.-]+)");
  static const std::regex kVersion(R"(\d+\.\d+\.\d+)");
  static const std::regex kPathInTarball(R"(package/[A-Za-z0-9._/-]+)");
  static const std::regex kDebianName(R"([a-z0-9][a-z0-9.+-]+)");
  ASSIGN_OR_RETURN(spec.package,
                   Text(file, claude, "package", kPackage,
                        "name the npm package, e.g. @anthropic-ai/claude-code-linux-x64"));
  ASSIGN_OR_RETURN(spec.version, Text(file, claude, "version", kVersion,
                                      "pin an exact version such as 2.1.330 (no ranges, no tags)"));
  ASSIGN_OR_RETURN(spec.binary, Text(file, claude, "binary", kPathInTarball,
                                     "give the binary's path in the tarball, e.g. package/claude"));
  YAML::Node packages = debian["packages"];
  if (!packages.IsSequence() || packages.size() == 0) {
    return SpecError(file, packages.IsDefined() ? packages : debian,
                     "'debian.packages' must be a non-empty list",
                     "list the Debian packages of the base, e.g. [libc6, bash]");
  }
  for (const auto& package : packages) {
    if (!package.IsScalar() || !std::regex_match(package.Scalar(), kDebianName)) {
      return SpecError(file, package, "a Debian package name is not valid",
                       "write plain package names such as libc6 (no versions, no spaces)");
    }
    spec.debian_packages.push_back(package.Scalar());
  }
  return spec;
}

std::filesystem::path DefaultClaudeCodeImageSpec() {
  return std::filesystem::path(SANDCHECK_SOURCE_DIR) / "fixtures/images/claude-code/image.yaml";
}

}  // namespace sandcheck
