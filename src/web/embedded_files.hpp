#pragma once

#include <cstddef>

// The table that cmake/EmbedAssetsGenerate.cmake writes; read it through web/assets.hpp.
namespace plaza::web::detail {

struct EmbeddedFile {
  const char* path;
  const char* content_type;
  const unsigned char* data;
  std::size_t size;
  const char* etag;
};

extern const EmbeddedFile kEmbeddedFiles[];
extern const std::size_t kEmbeddedFileCount;
extern const char kStaticVersion[];

}  // namespace plaza::web::detail
