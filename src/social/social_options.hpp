#pragma once

// [social]: reposts, shares, pins and follows (docs/conversation.md).

#include "config/section.hpp"

namespace plaza::social {

struct SocialOptions {
  /// Reposts, quotes, shares, pins and follows (and their undos) one user may make per minute.
  int writes_per_minute = 60;
  /// The same writes from one client address per minute, every account on it together.
  int address_writes_per_minute = 600;
};

const config::Section<SocialOptions>& SocialSection();

}  // namespace plaza::social
