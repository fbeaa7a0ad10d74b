#pragma once

// The comments module: comments, replies, comment pins, likes and notifications, with their
// routes (JSON API and forms), their events (post:<id> and the private user:<handle>) and the
// page cache drops of a comment written, deleted or pinned (docs/conversation.md).

#include "comments/comments_options.hpp"
#include "modules/registry.hpp"

namespace plaza::comments {

/// Registers the module's routes (the services are made when `plaza serve` adds them), their
/// writes throttled by `options`.
void Register(ModuleRegistry& registry, const CommentsOptions& options);

}  // namespace plaza::comments
