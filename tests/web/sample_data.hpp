#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "i18n/catalog.hpp"
#include "storage/post_store.hpp"
#include "storage/user_store.hpp"
#include "web/pages.hpp"

namespace plaza::web::testing {

/// The embedded catalogs, loaded once for the process.
const Catalogs& SharedCatalogs();

/// A post like the reference page's: several paragraphs, two cashtags, counts.
Post SamplePost();
/// The card a list would read for `post` (its whole HTML as the head).
PostCard CardOf(const Post& post);
/// CardOf() each post.
std::vector<PostCard> CardsOf(const std::vector<Post>& posts);
User SampleAuthor();
User SampleReader();
SiteSettings SampleSite();

/// A context for `locale` and `viewer` on `path` (the site must outlive the context).
PageContext Context(const SiteSettings& site, std::string locale, std::optional<User> viewer,
                    std::string path = "/p/42-musk-ego-strikes-again");

/// Whether `needle` occurs in `haystack` (a rendered page), and how many times.
inline bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}
inline std::size_t Count(std::string_view haystack, std::string_view needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string_view::npos;
       at = haystack.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

}  // namespace plaza::web::testing
