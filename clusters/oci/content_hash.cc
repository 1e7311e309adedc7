#include "clusters/oci/content_hash.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <cstdint>

namespace sandcheck {
namespace {

std::string ToHex(const unsigned char* digest, unsigned int length) {
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

}  // namespace

struct ContentHasher::State {
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  ~State() { EVP_MD_CTX_free(context); }
};

ContentHasher::ContentHasher() : state_(std::make_unique<State>()) {
  EVP_DigestInit_ex(state_->context, EVP_sha256(), nullptr);
}

ContentHasher::~ContentHasher() = default;

void ContentHasher::Add(std::string_view name, std::string_view bytes) {
  auto frame = [this](std::string_view data) {
    uint64_t size = data.size();
    EVP_DigestUpdate(state_->context, &size, sizeof(size));
    EVP_DigestUpdate(state_->context, data.data(), data.size());
  };
  frame(name);
  frame(bytes);
}

std::string ContentHasher::HexDigest() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(state_->context, digest, &length);
  return ToHex(digest, length);
}

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  return ToHex(digest, length);
}

}  // namespace sandcheck
