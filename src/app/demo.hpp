#pragma once

#include "accounts/accounts.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "posts/posts.hpp"
#include "storage/store.hpp"

namespace plaza {

/// Loads the demo authors and posts (src/app/demo/demo_content.toml, embedded) into a store
/// that has no posts; returns how many posts it added (0 when the store already had content).
/// Demo authors cannot log in: their password hash is not a hash.
Result<int> LoadDemoContent(Store& store, Posts& posts, const Clock& clock);

}  // namespace plaza
