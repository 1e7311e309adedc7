// Init mode as the sandbox's entrypoint (seed 003's run-claude.sh): the options that make the
// init write the credential it was handed, drop the handed-over variables from its
// environment and exec the agent (or itself as the idle init). Pure: parsed and planned here,
// carried out by entrypoint.cc.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sandcheck::probe {

struct EntrypointOptions {
  std::vector<std::string> unset;    // variables removed from the environment before the exec
  std::string credentials_file;      // absolute; written from credentials_from unless it exists
  std::string credentials_from;      // the variable holding the credential
  std::vector<std::string> command;  // after "--"; empty: re-exec as the idle init

  // Whether there is an entrypoint's work to do before the command (or the idle init) runs.
  bool has_work() const { return !unset.empty() || !credentials_file.empty(); }
};

// Parses what follows "init". nullopt (and *error set) on bad usage.
std::optional<EntrypointOptions> ParseEntrypointOptions(const std::vector<std::string>& args,
                                                        std::string* error);

// `environment` ("NAME=value" entries) without any entry of the named variables.
std::vector<std::string> WithoutVariables(const std::vector<std::string>& environment,
                                          const std::vector<std::string>& names);

// What ~/.claude/.credentials.json holds for a handed-over credential: seed 003's OAuth JSON
// (a JSON object) as given; a bare token (CLAUDE_CODE_OAUTH_TOKEN) as its access token.
std::string CredentialsFileContent(std::string_view credential);

}  // namespace sandcheck::probe
