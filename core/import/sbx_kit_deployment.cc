#include "core/import/sbx_kit_deployment.h"

#include <fmt/ranges.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "core/deployment_parser_values.h"

namespace sandcheck {
namespace {

constexpr std::string_view kHome = "/home/agent";  // the agent user's home in sandcheck's images
constexpr std::string_view kWorkspace = "/workspace";
constexpr std::string_view kHostWorkspace = "${host_home}/project";  // the fake host's project

struct Injection {
  std::string host;
  std::string header;
};

// What the stacked kits add up to, and what of them a deployment cannot say.
struct Stack {
  const SbxKit* agent = nullptr;
  std::vector<std::string> allowlist;
  std::string key_env;
  std::vector<Injection> inject;
  std::vector<std::pair<std::string, std::string>> files;  // source, target
  std::vector<std::string> comments;
};

void AddUnique(std::vector<std::string>& list, const std::string& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

void StackDomains(const SbxKit& kit, Stack& stack) {
  for (const std::string& domain : kit.allowed_domains) {
    SbxDomain split = SplitSbxDomain(domain);
    if (!split.port.empty() && split.port != "443") {
      stack.comments.push_back(fmt::format(
          "{}: allowedDomains '{}': the proxy opens tunnels to port 443 only", kit.name, domain));
      continue;
    }
    AddUnique(stack.allowlist, split.host);
  }
  // sbx's proxy lets the service domains through, with the credential added.
  for (const auto& [domain, service] : kit.service_domains) AddUnique(stack.allowlist, domain);
}

// serviceAuth's header as the credential proxy writes it: x-api-key: KEY or Authorization:
// Bearer KEY.
std::string HeaderOf(const SbxServiceAuth& auth) {
  std::string name = auth.header_name;
  std::transform(name.begin(), name.end(), name.begin(), ::tolower);
  if (name == "x-api-key" && auth.value_format == "%s") return "x-api-key";
  if (name == "authorization" && auth.value_format == "Bearer %s") return "bearer";
  return "";
}

void StackCredentials(const std::vector<SbxKit>& kits, Stack& stack) {
  for (const SbxKit& kit : kits) {
    for (const SbxServiceAuth& auth : kit.service_auth) {
      std::string header = HeaderOf(auth);
      const SbxCredentialSource* source = nullptr;
      for (const SbxKit& other : kits) {
        for (const auto& candidate : other.credential_sources) {
          if (candidate.service == auth.service && !candidate.env.empty()) source = &candidate;
        }
      }
      std::string why = header.empty() ? fmt::format(
                                             "header '{}: {}' is neither x-api-key: %s "
                                             "nor Authorization: Bearer %s",
                                             auth.header_name, auth.value_format)
                        : source == nullptr ? "no credentials.sources env names its key"
                        : !stack.key_env.empty() && stack.key_env != source->env.front()
                            ? "the credential proxy holds one key, " + stack.key_env
                            : "";
      if (!why.empty()) {
        stack.comments.push_back(
            fmt::format("{}: serviceAuth '{}' is not injected: {}", kit.name, auth.service, why));
        continue;
      }
      stack.key_env = source->env.front();
      if (source->env.size() > 1) {
        stack.comments.push_back(
            fmt::format("credentials.sources '{}': only the first variable, {}, is read",
                        auth.service, stack.key_env));
      }
      for (const SbxKit& other : kits) {
        for (const auto& [domain, service] : other.service_domains) {
          if (service == auth.service) stack.inject.push_back({domain, header});
        }
      }
    }
  }
}

// files/home/P lands in the agent's home, files/workspace/P in the workspace.
void StackFiles(const SbxKit& kit, const SbxImportOptions& options, Stack& stack) {
  for (const SbxKitFile& file : kit.files) {
    std::string top = file.relative.substr(0, file.relative.find('/'));
    std::string rest = file.relative.substr(top.size());
    std::string target = top == "home"        ? std::string(kHome) + rest
                         : top == "workspace" ? std::string(kWorkspace) + rest
                                              : "";
    if (target.empty()) {
      stack.comments.push_back(
          fmt::format("{}: files/{} is not injected: only files/home and files/workspace have a "
                      "place here",
                      kit.name, file.relative));
      continue;
    }
    std::string source = options.base_dir.empty()
                             ? file.source.string()
                             : file.source.lexically_relative(options.base_dir).string();
    stack.files.emplace_back(source, target);
  }
}

Result<Stack> StackKits(const std::vector<SbxKit>& kits, const SbxImportOptions& options) {
  Stack stack;
  for (const SbxKit& kit : kits) {
    if (kit.kind == "agent") {
      if (stack.agent != nullptr) {
        return Fail(
            "{}: error: a second agent kit ({} already is one). fix: stack one agent kit and "
            "mixins",
            (kit.dir / "spec.yaml").string(), stack.agent->name);
      }
      stack.agent = &kit;
    }
    StackDomains(kit, stack);
    StackFiles(kit, options, stack);
    for (const std::string& key : kit.unexpressed) {
      stack.comments.push_back(fmt::format("{}: {} has no deployment key", kit.name, key));
    }
  }
  StackCredentials(kits, stack);
  if (stack.agent == nullptr) {
    stack.comments.push_back("no agent kit: sbx's built-in claude agent, persistent");
  } else if (!stack.agent->entrypoint.empty()) {
    stack.comments.push_back(fmt::format(
        "{}: agent.entrypoint.run [{}] and agent.image {} are the agent's; the checks exec into "
        "the sandbox's idle init, on image {}",
        stack.agent->name, fmt::join(stack.agent->entrypoint, ", "), stack.agent->agent_image,
        options.image));
  }
  return stack;
}

template <typename... Pairs>
void FlowMap(YAML::Emitter& out, const Pairs&... pairs) {
  out << YAML::Flow << YAML::BeginMap;
  ((out << YAML::Key << pairs.first << YAML::Value << pairs.second), ...);
  out << YAML::EndMap;
}

using KV = std::pair<std::string, std::string>;

void EmitMounts(YAML::Emitter& out, const Stack& stack, const std::string& name) {
  out << YAML::Key << "tmpfs" << YAML::Value << YAML::BeginSeq;
  FlowMap(out, KV{"path", "/tmp"}, KV{"size", "64Mi"}, KV{"mode", "1777"},
          std::pair<std::string, bool>{"noexec", true});
  out << YAML::EndSeq;
  out << YAML::Key << "limits" << YAML::Value;
  FlowMap(out, KV{"memory", "256Mi"}, std::pair<std::string, int>{"cpus", 1},
          std::pair<std::string, int>{"pids", 128});
  out << YAML::Key << "binds" << YAML::Value << YAML::BeginSeq;
  // sbx mounts the workspace at its host path; /workspace too, the seeds' layout the
  // persistence checks write in.
  FlowMap(out, KV{"source", std::string(kHostWorkspace)},
          KV{"target", std::string(kHostWorkspace)});
  FlowMap(out, KV{"source", std::string(kHostWorkspace)}, KV{"target", std::string(kWorkspace)});
  for (const auto& [source, target] : stack.files) {
    FlowMap(out, KV{"source", source}, KV{"target", target},
            std::pair<std::string, bool>{"read_only", true});
  }
  out << YAML::EndSeq;
  bool ephemeral = stack.agent != nullptr && stack.agent->persistence == "ephemeral";
  if (!ephemeral) {
    out << YAML::Key << "volumes" << YAML::Value << YAML::BeginSeq;
    FlowMap(out, KV{"name", name + "-claude-home"}, KV{"target", std::string(kHome) + "/.claude"});
    out << YAML::EndSeq;
  }
}

void EmitProxies(YAML::Emitter& out, const Stack& stack) {
  out << YAML::Key << "network" << YAML::Value << "world";
  out << YAML::Key << "proxies" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "egress" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "allowlist" << YAML::Value << YAML::Flow << stack.allowlist;
  out << YAML::Key << "flow_log" << YAML::Value << true << YAML::EndMap;
  if (!stack.key_env.empty()) {
    out << YAML::Key << "credentials" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "key_from_env" << YAML::Value << stack.key_env;
    out << YAML::Key << "inject" << YAML::Value << YAML::BeginSeq;
    for (const Injection& injection : stack.inject) {
      FlowMap(out, KV{"host", injection.host}, KV{"header", injection.header});
    }
    out << YAML::EndSeq << YAML::EndMap;
  }
  out << YAML::EndMap;
}

std::string Header(const std::vector<SbxKit>& kits, const Stack& stack,
                   const SbxImportOptions& options) {
  std::string text = "# Imported by `sandcheck import sbx-kit` from the stacked kits:";
  for (const SbxKit& kit : kits) {
    std::string dir = options.base_dir.empty()
                          ? kit.dir.string()
                          : kit.dir.lexically_relative(options.base_dir).string();
    text += fmt::format("\n#   {} ({}, {})", kit.name, kit.kind, dir);
  }
  text += fmt::format("\n# The microVM is stood in for by a hardened sandbox on {}.",
                      options.runtime == "runsc" ? "gVisor (a kernel between agent and host)"
                                                 : options.runtime + " (the host's kernel)");
  text +=
      "\n# The workspace is the fake host's project, bound read-write at its host path as sbx"
      "\n# binds it (and at /workspace, where the persistence checks write); the files/ tree is"
      "\n# bound read-only where sbx copies it in at creation.";
  if (!stack.comments.empty()) text += "\n# Not expressed:";
  for (const std::string& comment : stack.comments) text += "\n#   - " + comment;
  return text + "\n";
}

}  // namespace

Result<std::string> ImportSbxKits(const std::vector<SbxKit>& kits,
                                  const SbxImportOptions& options) {
  if (kits.empty()) return Fail("no kit to import. fix: name at least one kit directory");
  auto stack = StackKits(kits, options);
  if (!stack.ok()) return stack.error();
  std::vector<std::string> names;
  for (const SbxKit& kit : kits) names.push_back(kit.name);
  std::string name = options.name.empty() ? fmt::format("{}", fmt::join(names, "-")) : options.name;
  if (!IsDeploymentName(name)) {
    return Fail("'{}' is not a deployment name. fix: pass --name {}", name,
                SuggestDeploymentName(name));
  }

  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "sandcheck" << YAML::Value << 1;
  out << YAML::Key << "name" << YAML::Value << name;
  out << YAML::Key << "description" << YAML::Value << YAML::DoubleQuoted
      << fmt::format("Seed 002: sbx kits {} stacked, on {}", fmt::join(names, " + "),
                     options.runtime);
  out << YAML::Key << "seed" << YAML::Value << YAML::DoubleQuoted << "002";
  out << YAML::Key << "substrate" << YAML::Value << "oci";
  out << YAML::Key << "runtime" << YAML::Value << options.runtime;
  out << YAML::Key << "image" << YAML::Value << options.image;
  out << YAML::Key << "kernel" << YAML::Value << (options.runtime == "runsc" ? "sandbox" : "host");
  out << YAML::Key << "user" << YAML::Value;
  FlowMap(out, std::pair<std::string, int>{"uid", 1000}, std::pair<std::string, int>{"gid", 1000});
  out << YAML::Key << "workdir" << YAML::Value << std::string(kWorkspace);
  out << YAML::Key << "read_only_root" << YAML::Value << true;
  out << YAML::Key << "capabilities" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key
      << "drop" << YAML::Value << YAML::Flow << std::vector<std::string>{"ALL"} << YAML::EndMap;
  out << YAML::Key << "no_new_privileges" << YAML::Value << true;
  out << YAML::Key << "seccomp" << YAML::Value << "runtime-default";
  EmitMounts(out, *stack, name);
  EmitProxies(out, *stack);
  out << YAML::Key << "phases" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "isolation" << YAML::Value << YAML::Flow
      << std::vector<std::string>{"isolation", "credentials", "persistence", "egress"};
  out << YAML::Key << "observability" << YAML::Value << YAML::Flow
      << std::vector<std::string>{"observability"};
  out << YAML::EndMap << YAML::EndMap;
  if (!out.good()) return Fail("emitting the deployment: {}", out.GetLastError());
  return Header(kits, *stack, options) + out.c_str() + "\n";
}

}  // namespace sandcheck
