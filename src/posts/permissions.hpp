#pragma once

#include "storage/post_store.hpp"
#include "storage/user_store.hpp"

namespace plaza {

/// The author-or-admin rule: who may edit or delete a post (and, later, pin its comments). The
/// service enforces it; pages use it only to show or hide the tools.
inline bool MayManagePost(const User& actor, const Post& post) {
  return actor.id == post.author_id || actor.role == Role::kAdmin;
}

}  // namespace plaza
