#include "core/deployment_parser_load.h"

#include <yaml-cpp/eventhandler.h>

#include <sstream>
#include <string>

#include "core/deployment_parser_values.h"

namespace sandcheck {
namespace {

// yaml-cpp's syntax messages say what broke; this says what to do about the common ones.
std::string_view SyntaxFix(const std::string& yaml_message) {
  struct Known {
    std::string_view message;
    std::string_view fix;
  };
  static const Known kKnown[] = {
      {YAML::ErrorMsg::END_OF_SEQ_FLOW, "close the list with ']'"},
      {YAML::ErrorMsg::END_OF_MAP_FLOW, "close the mapping with '}'"},
      {YAML::ErrorMsg::FLOW_END, "remove the extra ']' or '}', or the one it closes too early"},
      {YAML::ErrorMsg::EOF_IN_SCALAR, "close the quoted string"},
      {YAML::ErrorMsg::MAP_VALUE,
       "quote a value that contains ': ', and put a nested key on its own indented line"},
      {YAML::ErrorMsg::UNKNOWN_ANCHOR, "define the anchor with &name before using *name"},
      {YAML::ErrorMsg::INVALID_ESCAPE,
       "inside double quotes write a backslash as \\\\, or use single quotes"},
  };
  for (const Known& known : kKnown) {
    if (yaml_message.starts_with(known.message)) return known.fix;
  }
  return "indent with spaces only, line up the keys of one mapping, and check quotes and brackets";
}

// The first line up to `last_line` (0-based) that is indented with a tab, which YAML forbids
// and yaml-cpp reports as some other error further on.
std::optional<YAML::Mark> TabIndentation(std::string_view yaml, int last_line) {
  YAML::Mark mark;
  for (size_t at = 0; at < yaml.size() && mark.line <= last_line; ++mark.line) {
    size_t end = std::min(yaml.find('\n', at), yaml.size());
    std::string_view line = yaml.substr(at, end - at);
    size_t indent = line.find_first_not_of(" \t");
    size_t tab = line.substr(0, indent).find('\t');
    if (tab != std::string_view::npos) {
      mark.column = static_cast<int>(tab);
      return mark;
    }
    at = end + 1;
  }
  return std::nullopt;
}

// Records where one document starts and what its first node is.
class DocumentProbe : public YAML::EventHandler {
 public:
  YAML::Mark start;
  YAML::Mark first_node;
  size_t nodes = 0;
  bool first_is_null = false;

  void OnDocumentStart(const YAML::Mark& mark) override { start = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { Node(mark, true); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { Node(mark, false); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string&) override {
    Node(mark, false);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    Node(mark, false);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    Node(mark, false);
  }
  void OnMapEnd() override {}

 private:
  void Node(const YAML::Mark& mark, bool is_null) {
    if (nodes++ > 0) return;
    first_node = mark;
    first_is_null = is_null;
  }
};

// yaml-cpp 0.7 never consumes a ',' outside [ ] or { }: it returns an empty document for it
// again and again, and LoadAll loops until memory runs out. The comma shows as a document that
// is nothing but a null at a ','.
bool IsStrayComma(const DocumentProbe& document, std::string_view yaml) {
  auto at = static_cast<size_t>(document.first_node.pos);
  return document.nodes == 1 && document.first_is_null && document.first_node.pos >= 0 &&
         at < yaml.size() && yaml[at] == ',';
}

// Walks the first two documents' events (never more, so the comma trap cannot loop), reporting
// a stray comma or a second document. False when the text must not be decoded.
bool CheckDocuments(std::string_view yaml, Diagnostics& diagnostics) {
  std::stringstream stream{std::string(yaml)};
  YAML::Parser parser(stream);
  for (int index = 0; index < 2; ++index) {
    DocumentProbe document;
    if (!parser.HandleNextDocument(document)) return true;
    if (IsStrayComma(document, yaml)) {
      diagnostics.Add(document.first_node, "YAML syntax: ',' outside a [list] or {mapping}",
                      "remove the ',', or put the items inside [ ] or { }");
      return false;
    }
    if (index == 1) {
      diagnostics.Add(document.start, "the file holds a second YAML document, starting here",
                      "keep one deployment per file: remove the '---' or the top-level '- item'");
    }
  }
  return true;
}

}  // namespace

std::optional<YAML::Node> LoadSingleDocument(std::string_view yaml, Diagnostics& diagnostics) {
  try {
    if (!CheckDocuments(yaml, diagnostics)) return std::nullopt;
    YAML::Node root = YAML::Load(std::string(yaml));
    if (root.IsNull()) {
      diagnostics.Add(YAML::Mark(), "the file holds no deployment",
                      "start from the example in docs/deployment-schema.md");
      return std::nullopt;
    }
    return root;
  } catch (const YAML::Exception& error) {
    if (auto tab = TabIndentation(yaml, error.mark.line)) {
      diagnostics.Add(*tab, "YAML syntax: this line is indented with a tab",
                      "indent with spaces only; YAML does not allow tabs");
    } else {
      // yaml-cpp quotes the offending character, which may be a newline or a NUL.
      diagnostics.Add(error.mark, fmt::format("YAML syntax: {}", Printable(error.msg)),
                      SyntaxFix(error.msg));
    }
    return std::nullopt;
  }
}

}  // namespace sandcheck
