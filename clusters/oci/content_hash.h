// SHA-256 over named inputs, for content-addressed caches. Each field is framed by its
// name and length, so moving bytes from one field to the next changes the digest.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace sandcheck {

class ContentHasher {
 public:
  ContentHasher();
  ~ContentHasher();
  ContentHasher(const ContentHasher&) = delete;
  ContentHasher& operator=(const ContentHasher&) = delete;

  void Add(std::string_view name, std::string_view bytes);
  // Lowercase hex digest of everything added; the hasher is spent afterwards.
  std::string HexDigest();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Hex SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

}  // namespace sandcheck
