#include "core/deployment_parser_values.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>
#include <vector>

#include "core/deployment.h"

namespace sandcheck {
namespace {

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
char ToUpper(char c) { return IsLower(c) ? static_cast<char>(c - 'a' + 'A') : c; }
char ToLower(char c) { return IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

struct SizeUnit {
  std::string_view suffix;
  uint64_t factor;
};
constexpr std::array<SizeUnit, 7> kSizeUnits = {{{"", 1},
                                                 {"K", 1000},
                                                 {"M", 1000 * 1000},
                                                 {"G", 1000 * 1000 * 1000},
                                                 {"Ki", uint64_t{1} << 10},
                                                 {"Mi", uint64_t{1} << 20},
                                                 {"Gi", uint64_t{1} << 30}}};
constexpr std::string_view kSizeFix = "use Ki, Mi or Gi (x1024) or K, M or G (x1000), e.g. 64Mi";

// The unit someone used who wrote "512m" or "4gb": docker's lower-case units, or SI names.
Error AmbiguousUnit(std::string_view text, std::string_view digits, std::string_view unit) {
  std::string letter(1, ToUpper(unit.front()));
  return Problem(
      fmt::format("size '{}' has the ambiguous unit '{}'", Printable(text), Printable(unit)),
      fmt::format("write {}{}i for binary units (what docker means by {}{}) or {}{} "
                  "for decimal ones",
                  Printable(digits), letter, Printable(digits), ToLower(unit.front()),
                  Printable(digits), letter));
}

// Folds case, '-', '_' and spaces away, so spellings of one word compare equal.
std::string Fold(std::string_view word) {
  std::string folded;
  for (char c : word) {
    if (c != '-' && c != '_' && c != ' ') folded.push_back(ToLower(c));
  }
  return folded;
}

// Optimal string alignment distance: edits, with a swap of neighbours counting as one.
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t substitution = d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

// How many edits still read as a typo of a word this long.
size_t TypoBudget(size_t length) {
  if (length <= 3) return 1;
  if (length <= 6) return 2;
  return 3;
}

}  // namespace

Error Problem(std::string_view what, std::string_view fix) {
  return Error{fmt::format("{}. fix: {}", what, fix)};
}

Result<uint64_t> ParseSize(std::string_view text) {
  if (text.empty()) return Problem("size is empty", kSizeFix);
  if (text.front() == '-') {
    return Problem(fmt::format("size '{}' is negative", Printable(text)),
                   "write a positive size such as 64Mi");
  }
  size_t digits_end = 0;
  while (digits_end < text.size() && IsDigit(text[digits_end])) ++digits_end;
  std::string_view digits = text.substr(0, digits_end);
  std::string_view unit = text.substr(digits_end);
  if (digits.empty()) {
    return Problem(fmt::format("'{}' is not a size", Printable(text)),
                   fmt::format("write a whole number with an optional unit: {}", kSizeFix));
  }
  if (!unit.empty() && unit.front() == '.') {
    return Problem(fmt::format("size '{}' is not a whole number", Printable(text)),
                   "use a smaller unit instead of a fraction, e.g. 1536Mi rather than 1.5Gi");
  }
  auto known = std::find_if(kSizeUnits.begin(), kSizeUnits.end(),
                            [&](const SizeUnit& u) { return u.suffix == unit; });
  if (known == kSizeUnits.end()) {
    std::string_view letters = "kmgKMG";
    bool ambiguous = letters.find(unit.front()) != std::string_view::npos && unit.size() <= 3;
    if (ambiguous) return AmbiguousUnit(text, digits, unit);
    return Problem(
        fmt::format("size '{}' has an unknown unit '{}'", Printable(text), Printable(unit)),
        kSizeFix);
  }
  uint64_t count = 0;
  auto parsed = std::from_chars(digits.data(), digits.data() + digits.size(), count);
  if (parsed.ec != std::errc() || count > std::numeric_limits<uint64_t>::max() / known->factor) {
    return Problem(fmt::format("size '{}' is too large", Printable(text)),
                   "write a size below 16 exbibytes; sandbox limits are usually a few Gi");
  }
  if (count == 0) {
    return Problem(fmt::format("size '{}' is zero", Printable(text)),
                   "omit the key instead of writing 0");
  }
  return count * known->factor;
}

Result<uint32_t> ParseFileMode(std::string_view text) {
  constexpr std::string_view kModeFix = "write it in octal like chmod, e.g. \"1777\" or \"0755\"";
  std::string_view octal = text;
  if (octal.starts_with("0o") || octal.starts_with("0O")) octal.remove_prefix(2);
  bool all_octal = !octal.empty() && std::all_of(octal.begin(), octal.end(),
                                                 [](char c) { return c >= '0' && c <= '7'; });
  if (!all_octal)
    return Problem(fmt::format("mode '{}' is not an octal number", Printable(text)), kModeFix);
  while (octal.size() > 1 && octal.front() == '0') octal.remove_prefix(1);
  if (octal.size() > 4) {
    return Problem(fmt::format("mode '{}' is above 7777", Printable(text)),
                   "use at most four octal digits: special bits, then owner, group and others");
  }
  uint32_t mode = 0;
  for (char c : octal) mode = mode * 8 + static_cast<uint32_t>(c - '0');
  return mode;
}

std::optional<std::string> NormaliseCapability(std::string_view name) {
  std::string upper;
  for (char c : name) upper.push_back(ToUpper(c));
  if (upper == "ALL") return upper;
  if (!upper.starts_with("CAP_")) upper = "CAP_" + upper;
  const auto& all = AllCapabilities();
  if (std::find(all.begin(), all.end(), upper) == all.end()) return std::nullopt;
  return upper;
}

std::optional<std::string> ClosestMatch(std::string_view typo,
                                        std::span<const std::string_view> candidates) {
  std::string folded = Fold(typo);
  // Nobody mistypes a key into a paragraph; skipping those keeps the search cheap.
  if (folded.empty() || folded.size() > 64) return std::nullopt;
  std::vector<std::string_view> prefixed;
  for (auto candidate : candidates) {
    std::string folded_candidate = Fold(candidate);
    if (folded_candidate == folded) return std::string(candidate);
    if (folded.size() >= 3 && folded_candidate.starts_with(folded)) prefixed.push_back(candidate);
  }
  if (prefixed.size() == 1) return std::string(prefixed.front());

  // A long shared start reads as the same word with another ending: "portable", "portability".
  std::vector<std::string_view> same_stem;
  size_t stem = std::max<size_t>(4, (folded.size() * 2 + 2) / 3);
  for (auto candidate : candidates) {
    if (Fold(candidate).starts_with(std::string_view(folded).substr(0, stem))) {
      same_stem.push_back(candidate);
    }
  }
  if (folded.size() >= stem && same_stem.size() == 1) return std::string(same_stem.front());

  std::optional<std::string_view> best;
  size_t best_distance = TypoBudget(folded.size()) + 1;
  for (auto candidate : candidates) {
    size_t distance = EditDistance(folded, Fold(candidate));
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  if (!best) return std::nullopt;
  return std::string(*best);
}

std::string Printable(std::string_view text) {
  constexpr size_t kMaxShown = 60;
  std::string shown;
  for (size_t i = 0; i < text.size() && i < kMaxShown; ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      shown += "\\n";
    } else if (c == '\t') {
      shown += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      shown += fmt::format("\\x{:02x}", c);
    } else {
      shown.push_back(static_cast<char>(c));
    }
  }
  if (text.size() > kMaxShown) shown += "...";
  return shown;
}

std::string JoinAlternatives(std::span<const std::string_view> words) {
  std::string joined;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) joined += (i + 1 == words.size()) ? " or " : ", ";
    joined += words[i];
  }
  return joined;
}

bool IsDeploymentName(std::string_view name) {
  return !name.empty() && name.size() <= 40 && std::all_of(name.begin(), name.end(), [](char c) {
    return IsLower(c) || IsDigit(c) || c == '-';
  });
}

std::string SuggestDeploymentName(std::string_view text) {
  std::string slug;
  for (char c : text) {
    char lower = ToLower(c);
    if (IsLower(lower) || IsDigit(lower)) {
      slug.push_back(lower);
    } else if (!slug.empty() && slug.back() != '-') {
      slug.push_back('-');
    }
  }
  if (slug.size() > 40) slug.resize(40);
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug.empty() ? "my-deployment" : slug;
}

bool IsHostname(std::string_view name) {
  if (name.empty() || name.size() > 63 || name.front() == '-' || name.back() == '-') return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return IsLower(c) || IsUpper(c) || IsDigit(c) || c == '-'; });
}

bool IsEnvName(std::string_view name) {
  if (name.empty() || IsDigit(name.front())) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return IsLower(c) || IsUpper(c) || IsDigit(c) || c == '_'; });
}

bool IsVolumeName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  if (!(IsLower(name.front()) || IsUpper(name.front()) || IsDigit(name.front()))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return IsLower(c) || IsUpper(c) || IsDigit(c) || c == '_' || c == '.' || c == '-';
  });
}

}  // namespace sandcheck
