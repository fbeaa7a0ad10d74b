#pragma once

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string_view>

// The tables that cmake/EmbedAssetsGenerate.cmake writes. The web assets' table lives in
// plaza::web::detail (read it through web/assets.hpp); every other plaza_embed_assets(...
// NAMESPACE <ns>) library defines the same three names in <ns>:
//
//   namespace plaza::summarize::detail { PLAZA_DECLARE_EMBEDDED_FILES(); }
//   ... web::detail::FindEmbeddedFile(PLAZA_EMBEDDED_FILES(summarize::detail), "stopwords/en.txt")
namespace plaza::web::detail {

struct EmbeddedFile {
  const char* path;  // relative to the ROOT given to plaza_embed_assets: "stopwords/en.txt"
  const char* content_type;
  const unsigned char* data;
  std::size_t size;
  const char* etag;

  std::string_view body() const { return {reinterpret_cast<const char*>(data), size}; }
};

/// Declares, in the enclosing namespace, the table that plaza_embed_assets defines there.
#define PLAZA_DECLARE_EMBEDDED_FILES()                              \
  extern const ::plaza::web::detail::EmbeddedFile kEmbeddedFiles[]; \
  extern const std::size_t kEmbeddedFileCount;                      \
  extern const char kStaticVersion[]

/// The table declared in namespace `ns`, as a span sorted by path.
#define PLAZA_EMBEDDED_FILES(ns)                                            \
  std::span<const ::plaza::web::detail::EmbeddedFile>(::ns::kEmbeddedFiles, \
                                                      ::ns::kEmbeddedFileCount)

PLAZA_DECLARE_EMBEDDED_FILES();

/// The file at `path` in `files`, or nullptr.
inline const EmbeddedFile* FindEmbeddedFile(std::span<const EmbeddedFile> files,
                                            std::string_view path) {
  for (const EmbeddedFile& f : files) {
    if (f.path == path) return &f;
  }
  return nullptr;
}

/// Stops the process with `message`: embedded data that does not load is a build defect, which
/// the tests that load every table catch before a release.
[[noreturn]] inline void FailEmbeddedData(std::string_view message) {
  std::fprintf(stderr, "plaza: embedded data: %.*s\n", static_cast<int>(message.size()),
               message.data());
  std::abort();
}

}  // namespace plaza::web::detail
