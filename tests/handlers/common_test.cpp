#include "http/handlers/common.hpp"

#include <gtest/gtest.h>

#include "i18n/catalog.hpp"
#include "web/pages.hpp"

namespace plaza::http {
namespace {

TEST(HandlersCommon, LocalPathsOnly) {
  EXPECT_TRUE(IsLocalPath("/"));
  EXPECT_TRUE(IsLocalPath("/p/1-x?lang=fr"));
  EXPECT_FALSE(IsLocalPath(""));
  EXPECT_FALSE(IsLocalPath("//evil.example/"));
  EXPECT_FALSE(IsLocalPath("/\\evil.example"));
  EXPECT_FALSE(IsLocalPath("https://evil.example/"));
  EXPECT_FALSE(IsLocalPath("/ok\r\nSet-Cookie: x=1"));
}

TEST(HandlersCommon, PostPathCarriesSlug) {
  Post post;
  post.id = 42;
  post.slug = "musk-vs-altman";
  EXPECT_EQ(web::PostPath(post), "/p/42-musk-vs-altman");
  post.slug.clear();
  EXPECT_EQ(web::PostPath(post), "/p/42");
}

class FormErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = Catalogs::LoadEmbedded();
    ASSERT_TRUE(loaded) << loaded.error().message;
    catalogs_ = std::move(*loaded);
  }
  std::string Message(Error e) { return FormErrorMessage(catalogs_->For("en"), e); }
  std::unique_ptr<Catalogs> catalogs_;
};

TEST_F(FormErrors, EachKindHasItsOwnLocalizedMessage) {
  const std::string taken = Message({Errc::kConflict, "taken", "handle", {}, {}});
  const std::string stale = Message({Errc::kConflict, "stale", "revision", {}, {}});
  const std::string wrong = Message({Errc::kUnauthenticated, "x", {}, {}, {}});
  const std::string csrf = Message({Errc::kForbidden, "x", "csrf", {}, {}});
  const std::string title = Message({Errc::kLimitExceeded, "x", "title", 200, {}});
  for (const auto* m : {&taken, &stale, &wrong, &csrf, &title}) {
    EXPECT_FALSE(m->empty());
    EXPECT_EQ(m->find("error."), std::string::npos) << *m;  // a key, not a message
  }
  EXPECT_NE(taken, stale);
  EXPECT_NE(wrong, csrf);
  EXPECT_NE(title.find("200"), std::string::npos) << title;
}

TEST_F(FormErrors, UnreadableTextIsNotReportedAsMissing) {
  const std::string missing =
      Message({Errc::kInvalidArgument, "title is required", "title", {}, {}});
  const std::string bad_utf8 =
      Message({Errc::kInvalidArgument, "title is not valid UTF-8", "title", {}, {}});
  const std::string bad_form =
      Message({Errc::kInvalidArgument, "malformed form field \"body\"", "body", {}, {}});
  EXPECT_NE(missing, bad_utf8);
  EXPECT_EQ(bad_utf8, bad_form);  // both: the text cannot be read
}

TEST_F(FormErrors, RateLimitNamesTheWait) {
  const std::string m = Message({Errc::kRateLimited, "x", {}, {}, 42});
  EXPECT_NE(m.find("42"), std::string::npos) << m;
}

}  // namespace
}  // namespace plaza::http
