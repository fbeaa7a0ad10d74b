#pragma once

#include <string>
#include <vector>

#include "storage/post_store.hpp"
#include "storage/user_store.hpp"

namespace plaza::http {

/// {"post": {...}} in the shape of DESIGN.md §6; `base_url` makes the absolute `url`.
std::string PostJson(const Post& post, const std::string& base_url);
/// {"items": [post...], "next_cursor": "..." | null}
std::string PostListJson(const std::vector<Post>& posts, const std::optional<std::string>& next,
                         const std::string& base_url);
/// {"user": {...}, "token": "..."} (token omitted when empty).
std::string UserJson(const User& user, const std::string& token);

}  // namespace plaza::http
