#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "posts_fixture.hpp"

namespace plaza::posts_test {
namespace {

using CreatePostTest = PostsTest;

// "é" as e + COMBINING ACUTE ACCENT: one character to a reader, two code points, three bytes.
const std::string kDecomposedE = "e\xCC\x81";
// "é" precomposed: one code point, two bytes.
const std::string kPrecomposedE = "\xC3\xA9";

TEST_F(CreatePostTest, StoresRevisionOneWithEverythingDerived) {
  const Post post = Must(posts_->Create(
      author_, Input("  Why $SOL is nervous  ", std::string(kEnglishBody) + "\n\n*calm* down")));
  EXPECT_GT(post.id, 0);
  EXPECT_EQ(post.author_id, author_.id);
  EXPECT_EQ(post.author_handle, "author");
  EXPECT_EQ(post.revision, 1);
  EXPECT_EQ(post.title, "Why $SOL is nervous");
  EXPECT_NE(post.body_html.find("<em>calm</em>"), std::string::npos) << post.body_html;
  EXPECT_EQ(post.lang, "en");
  EXPECT_EQ(post.lang_source, LangSource::kDetected);
  EXPECT_EQ(post.slug, "why-sol-is-nervous");
  EXPECT_EQ(post.cashtags, (std::vector<std::string>{"SOL", "BTC", "ETH"}));
  EXPECT_EQ(post.status, PostStatus::kLive);
  EXPECT_EQ(post.created_at, clock_.Now());
  EXPECT_EQ(post.edited_at, 0);
  const Post read = Must(posts_->Get(post.id));
  EXPECT_EQ(read.title, post.title);
  EXPECT_EQ(read.body_html, post.body_html);
  EXPECT_EQ(read.cashtags, post.cashtags);
}

TEST_F(CreatePostTest, CallsOnChangeWithTheNewId) {
  const Post post = CreatePost();
  EXPECT_EQ(changed_, std::vector<std::int64_t>{post.id});
}

TEST_F(CreatePostTest, UsesTheAuthorsLanguageWhenGiven) {
  const Post post = Must(posts_->Create(author_, Input("Title", kEnglishBody, "fr")));
  EXPECT_EQ(post.lang, "fr");
  EXPECT_EQ(post.lang_source, LangSource::kAuthor);
}

TEST_F(CreatePostTest, DetectsTheLanguageWhenLangIsEmpty) {
  const Post post = Must(posts_->Create(author_, Input("Title", kEnglishBody, "")));
  EXPECT_EQ(post.lang, "en");
  EXPECT_EQ(post.lang_source, LangSource::kDetected);
}

TEST_F(CreatePostTest, RefusesAnUnknownLanguage) {
  for (const std::string lang : {"de", "zh", "pt-BR", "EN"}) {
    auto result = posts_->Create(author_, Input("Title", kEnglishBody, lang));
    ASSERT_FALSE(result) << lang;
    EXPECT_EQ(result.error().code, Errc::kInvalidArgument) << lang;
    EXPECT_EQ(result.error().field, "lang") << lang;
  }
}

TEST_F(CreatePostTest, NamesTheFieldWithInvalidUtf8) {
  struct Case {
    PostInput input;
    const char* field;
  };
  const std::vector<Case> cases = {
      {Input("bad \xC0\xAF title", kEnglishBody), "title"},
      {Input("Title", "bad \xED\xA0\x80 body"), "body"},
      {Input("Title", kEnglishBody, "e\xFF"), "lang"},
      {Input("Title", std::string("nul\0body", 8)), "body"},
  };
  for (const Case& c : cases) {
    auto result = posts_->Create(author_, c.input);
    ASSERT_FALSE(result) << c.field;
    EXPECT_EQ(result.error().code, Errc::kInvalidArgument) << c.field;
    EXPECT_EQ(result.error().field, c.field);
  }
}

TEST_F(CreatePostTest, ChecksEncodingBeforeLimits) {
  auto result = posts_->Create(author_, Input(Repeat("a", 500), "bad \xFF body"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(result.error().field, "body");
}

TEST_F(CreatePostTest, RequiresATitleAndABody) {
  struct Case {
    PostInput input;
    const char* field;
  };
  const std::vector<Case> cases = {
      {Input(std::nullopt, kEnglishBody), "title"},
      {Input(" \t\xE3\x80\x80 ", kEnglishBody), "title"},  // U+3000 IDEOGRAPHIC SPACE
      {Input("Title", std::nullopt), "body"},
      {Input("Title", "\n\n   \n"), "body"},
  };
  for (const Case& c : cases) {
    auto result = posts_->Create(author_, c.input);
    ASSERT_FALSE(result) << c.field;
    EXPECT_EQ(result.error().code, Errc::kInvalidArgument) << c.field;
    EXPECT_EQ(result.error().field, c.field);
  }
}

TEST_F(CreatePostTest, RefusesControlCharactersInTheTitle) {
  auto result = posts_->Create(author_, Input("line one\nline two", kEnglishBody));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(result.error().field, "title");
}

TEST_F(CreatePostTest, AcceptsATitleOfTwoHundredGraphemes) {
  // 200 characters to a reader, 400 code points, 600 bytes.
  const Post post = Must(posts_->Create(author_, Input(Repeat(kDecomposedE, 200), kEnglishBody)));
  EXPECT_EQ(post.title.size(), 600u);
}

TEST_F(CreatePostTest, RefusesATitleOfTwoHundredAndOneGraphemes) {
  auto result = posts_->Create(author_, Input(Repeat(kDecomposedE, 201), kEnglishBody));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::kLimitExceeded);
  EXPECT_EQ(result.error().field, "title");
  EXPECT_EQ(result.error().limit, 200);
}

// Issue 12, finding 2: one grapheme cluster can hold any number of combining marks.
TEST_F(CreatePostTest, RefusesATitleOfOneLetterAndThreeHundredThousandAccents) {
  auto result = posts_->Create(author_, Input("Z" + Repeat("\xCC\x81", 300'000), kEnglishBody));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::kLimitExceeded);
  EXPECT_EQ(result.error().field, "title");
  EXPECT_EQ(result.error().limit, 1'600);
  EXPECT_TRUE(changed_.empty());
}

TEST_F(CreatePostTest, CapsTitleBytes) {
  // 👨‍👩‍👧: one character of 18 bytes. 88 of them are 1,584 bytes; 89 are 1,602.
  const std::string family =
      "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7";
  EXPECT_TRUE(posts_->Create(author_, Input(Repeat(family, 88), kEnglishBody)));
  auto result = posts_->Create(author_, Input(Repeat(family, 89), kEnglishBody));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::kLimitExceeded);
  EXPECT_EQ(result.error().field, "title");
  EXPECT_EQ(result.error().limit, 1'600);
}

TEST_F(CreatePostTest, CapsCombiningMarksPerCharacter) {
  EXPECT_TRUE(posts_->Create(author_, Input("Z" + Repeat("\xCC\x81", 30), kEnglishBody)));
  auto title = posts_->Create(author_, Input("Z" + Repeat("\xCC\x81", 31), kEnglishBody));
  ASSERT_FALSE(title);
  EXPECT_EQ(title.error().code, Errc::kLimitExceeded);
  EXPECT_EQ(title.error().field, "title");
  EXPECT_EQ(title.error().limit, 30);
  auto body = posts_->Create(
      author_, Input("Body", std::string(kEnglishBody) + " Z" + Repeat("\xCC\x81", 31)));
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().code, Errc::kLimitExceeded);
  EXPECT_EQ(body.error().field, "body");
  EXPECT_EQ(body.error().limit, 30);
}

TEST_F(CreatePostTest, RequiresAVisibleCharacterInTheTitle) {
  // U+2060 WORD JOINER and U+3164 HANGUL FILLER draw nothing.
  auto result = posts_->Create(author_, Input("\xE2\x81\xA0\xE3\x85\xA4", kEnglishBody));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(result.error().field, "title");
}

// Issue 12, finding 3: a body whose HTML would pass the budget is refused, not stored.
TEST_F(CreatePostTest, RefusesABodyThatRendersPastTheHtmlBudget) {
  std::string body = "[a]: https://example.com/" + std::string(1'000, 'x') + "\n\n";
  for (int i = 0; i < 12'000; ++i) body += "[a] ";
  auto result = posts_->Create(author_, Input("Links", body));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::kLimitExceeded);
  EXPECT_EQ(result.error().field, "body");
  EXPECT_EQ(result.error().limit, 256 * 1024);
  EXPECT_TRUE(changed_.empty());
}

TEST_F(CreatePostTest, StoresDeeplyNestedQuotesFlattened) {
  const Post post = Must(posts_->Create(author_, Input("Quotes", std::string(10'000, '>') + " x")));
  EXPECT_LT(post.body_html.size(), 1'000u) << post.body_html.size();
}

TEST_F(CreatePostTest, AcceptsABodyOfFiftyThousandCodePoints) {
  // 50,000 code points in 100,000 bytes.
  const Post post = Must(posts_->Create(author_, Input("Long", Repeat(kPrecomposedE, 50'000))));
  EXPECT_EQ(post.body_md.size(), 100'000u);
}

TEST_F(CreatePostTest, RefusesABodyOfFiftyThousandAndOneCodePoints) {
  auto result = posts_->Create(author_, Input("Long", Repeat(kPrecomposedE, 50'001)));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::kLimitExceeded);
  EXPECT_EQ(result.error().field, "body");
  EXPECT_EQ(result.error().limit, 50'000);
}

TEST_F(CreatePostTest, IsThrottledToFiveAMinutePerAuthor) {
  for (int i = 0; i < 5; ++i) CreatePost("Post " + std::to_string(i));
  auto refused = posts_->Create(author_, Input("Sixth", kEnglishBody));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kRateLimited);
  ASSERT_TRUE(refused.error().retry_after_s.has_value());
  EXPECT_EQ(*refused.error().retry_after_s, 60);
  EXPECT_EQ(changed_.size(), 5u);  // the refused one changed nothing
  EXPECT_TRUE(posts_->Create(other_, Input("Other author", kEnglishBody)));
  clock_.Advance(std::chrono::seconds(60));
  EXPECT_TRUE(posts_->Create(author_, Input("Sixth", kEnglishBody)));
}

TEST_F(CreatePostTest, DoesNotCountRefusedInputAgainstTheThrottle) {
  for (int i = 0; i < 10; ++i) EXPECT_FALSE(posts_->Create(author_, Input("", kEnglishBody)));
  EXPECT_TRUE(posts_->Create(author_, Input("Valid", kEnglishBody)));
}

TEST_F(CreatePostTest, RendersMarkdownSafely) {
  const Post post = Must(posts_->Create(
      author_, Input("Title", "<script>alert(1)</script>\n\n[x](javascript:alert(1))")));
  EXPECT_EQ(post.body_html.find("<script"), std::string::npos) << post.body_html;
  EXPECT_EQ(post.body_html.find("javascript:"), std::string::npos) << post.body_html;
  EXPECT_EQ(post.body_md, "<script>alert(1)</script>\n\n[x](javascript:alert(1))");
}

using ImportPostTest = PostsTest;

TEST_F(ImportPostTest, KeepsTheGivenTimeAndSkipsTheThrottle) {
  const Timestamp yesterday = clock_.Now() - 24LL * 3600 * kMicrosPerSecond;
  for (int i = 0; i < 8; ++i) {
    const Post post =
        Must(posts_->Import(author_, Input("Demo " + std::to_string(i), kEnglishBody), yesterday));
    EXPECT_EQ(post.created_at, yesterday);
  }
  EXPECT_EQ(changed_.size(), 8u);
  EXPECT_TRUE(posts_->Create(author_, Input("Still five left", kEnglishBody)));
}

TEST_F(ImportPostTest, ValidatesLikeCreate) {
  auto result = posts_->Import(author_, Input(Repeat("x", 201), kEnglishBody), clock_.Now());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::kLimitExceeded);
  EXPECT_EQ(result.error().field, "title");
}

}  // namespace
}  // namespace plaza::posts_test
