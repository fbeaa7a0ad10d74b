#include "web/html.hpp"

#include <gtest/gtest.h>

namespace plaza::web {
namespace {

TEST(HtmlEscape, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(HtmlEscape("<a href=\"x\">Tom & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;");
}

TEST(UrlEncode, KeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(UrlEncode("/p/1-x?a=b&c"), "%2Fp%2F1-x%3Fa%3Db%26c");
  EXPECT_EQ(UrlEncode("é"), "%C3%A9");
  EXPECT_EQ(UrlEncode("A-z_0.9~"), "A-z_0.9~");
}

TEST(ExcerptFromHtml, DropsTagsAndDecodesEntities) {
  EXPECT_EQ(ExcerptFromHtml("<p>Tom &amp; <em>Jerry</em></p>\n<p>&lt;3 &#x1F600;</p>", 100),
            "Tom & Jerry <3 😀");
}

TEST(ExcerptFromHtml, CutsAtAWordBoundaryWithAnEllipsis) {
  EXPECT_EQ(ExcerptFromHtml("<p>one two three four</p>", 12), "one two…");
}

TEST(ExcerptFromHtml, NeverSplitsACodePoint) {
  std::string excerpt = ExcerptFromHtml("<p>日本語のテキストです</p>", 4);
  EXPECT_EQ(excerpt, "日本語の…");
}

TEST(ExcerptFromHtml, LeavesUnknownEntitiesAsText) {
  EXPECT_EQ(ExcerptFromHtml("a &bogus; b", 50), "a &bogus; b");
}

TEST(AvatarInitial, TakesTheFirstLetterUpperCased) {
  EXPECT_EQ(AvatarInitial("marta"), "M");
  EXPECT_EQ(AvatarInitial("  @élodie"), "É");
  EXPECT_EQ(AvatarInitial("张伟"), "张");
  EXPECT_EQ(AvatarInitial(""), "?");
  EXPECT_EQ(AvatarInitial("\"<"), "?");
}

TEST(AvatarInitial, KeepsCombiningMarks) { EXPECT_EQ(AvatarInitial("e\xCC\x81mile"), "E\xCC\x81"); }

}  // namespace
}  // namespace plaza::web
