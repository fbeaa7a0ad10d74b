#include "social/social_options.hpp"

namespace plaza::social {

const config::Section<SocialOptions>& SocialSection() {
  static const auto section =
      config::Section<SocialOptions>("social",
                                     "reposts, shares, pins and follows: docs/conversation.md")
          .Integer("writes_per_minute", &SocialOptions::writes_per_minute, 1, 1'000'000,
                   "reposts, quotes, shares, pins and follows (and their undos) per user and "
                   "minute; more answer 429")
          .Integer("address_writes_per_minute", &SocialOptions::address_writes_per_minute, 1,
                   1'000'000,
                   "the same writes per client address and minute, every account on it together; "
                   "more answer 429");
  return section;
}

}  // namespace plaza::social
