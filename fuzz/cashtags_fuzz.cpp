// Cashtag extraction (src/text/cashtags.cpp) over any post body. Properties: at most
// kMaxCashtags tags, each 1-10 of [A-Z0-9] starting with a letter (no registry is given, and
// only a registry symbol may start with a digit: docs/markets.md), all distinct, and the same
// tags again when extracted from a plain list of them.

#include <set>
#include <string>

#include "core/utf8.hpp"
#include "fuzz/fuzz_check.hpp"
#include "text/text.hpp"

using plaza::fuzz::Require;

namespace {

bool IsTag(const std::string& tag) {
  if (tag.empty() || tag.size() > 10 || tag[0] < 'A' || tag[0] > 'Z') return false;
  for (char c : tag) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view markdown = plaza::fuzz::AsText(data, size);
  if (!plaza::text::IsValidUtf8(markdown)) return -1;  // bodies are checked for UTF-8 before this
  auto tags = plaza::text::ExtractCashtags(markdown);
  Require(tags.size() <= plaza::text::kMaxCashtags, "at most kMaxCashtags tags");
  std::set<std::string> seen;
  std::string listed;
  for (const auto& tag : tags) {
    Require(IsTag(tag), "a tag is 1-10 of [A-Z0-9] starting with a letter");
    Require(seen.insert(tag).second, "tags are unique");
    listed += "$" + tag + " ";
  }
  // The text a reader sees may join a link's label to the word after it ("[$BTC](/x)ETH" reads
  // "$BTCETH"), so tags are compared with a plain list of themselves, not with the source.
  Require(plaza::text::ExtractCashtags(listed) == tags, "the tags, listed, give the same tags");
  return 0;
}
