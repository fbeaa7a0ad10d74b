#include "web/assets.hpp"

#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

namespace plaza::web {
namespace {

std::string ReadSource(const std::string& relative) {
  const char* root = std::getenv("PLAZA_SOURCE_DIR");
  std::string base = root != nullptr ? root : PLAZA_TEST_SOURCE_DIR;
  std::ifstream in(base + "/src/web/" + relative, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(FindAsset, FindsTheStylesheetWithItsContentType) {
  const Asset* css = FindAsset("static/plaza.css");
  ASSERT_NE(css, nullptr);
  EXPECT_EQ(css->content_type, "text/css; charset=utf-8");
  EXPECT_EQ(css->body, ReadSource("static/plaza.css"));
}

TEST(FindAsset, GivesContentTypesByExtension) {
  EXPECT_EQ(FindAsset("static/plaza.js")->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(FindAsset("static/favicon.svg")->content_type, "image/svg+xml");
  EXPECT_EQ(FindAsset("locales/en.toml")->content_type, "application/toml; charset=utf-8");
}

TEST(FindAsset, ReturnsNullForUnknownPaths) {
  EXPECT_EQ(FindAsset("static/nope.css"), nullptr);
  EXPECT_EQ(FindAsset(""), nullptr);
  EXPECT_EQ(FindAsset("static/../locales/en.toml"), nullptr);
  EXPECT_EQ(FindAsset("/static/plaza.css"), nullptr);
}

TEST(FindAsset, EmbedsBytesExactly) {
  for (const char* path :
       {"static/plaza.js", "static/favicon.svg", "locales/en.toml", "templates/post.mustache"}) {
    const Asset* a = FindAsset(path);
    ASSERT_NE(a, nullptr) << path;
    EXPECT_EQ(a->body, ReadSource(path)) << path;
  }
}

TEST(AssetEtag, IsAQuotedHashStableAcrossLookups) {
  const Asset* css = FindAsset("static/plaza.css");
  ASSERT_NE(css, nullptr);
  EXPECT_TRUE(std::regex_match(std::string(css->etag), std::regex("\"[0-9a-f]{32}\"")));
  EXPECT_EQ(FindAsset("static/plaza.css")->etag, css->etag);
}

TEST(AssetEtag, DiffersBetweenFiles) {
  std::set<std::string_view> etags;
  for (const Asset& a : AllAssets()) etags.insert(a.etag);
  EXPECT_EQ(etags.size(), AllAssets().size());
}

TEST(AllAssets, AreSortedAndCoverTheThreeFolders) {
  auto all = AllAssets();
  ASSERT_FALSE(all.empty());
  bool statics = false, templates = false, locales = false;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (i > 0) {
      EXPECT_LT(all[i - 1].path, all[i].path);
    }
    statics |= all[i].path.starts_with("static/");
    templates |= all[i].path.starts_with("templates/");
    locales |= all[i].path.starts_with("locales/");
  }
  EXPECT_TRUE(statics && templates && locales);
}

TEST(StaticVersion, IsAShortHexHash) {
  EXPECT_TRUE(std::regex_match(std::string(StaticVersion()), std::regex("[0-9a-f]{12}")));
}

}  // namespace
}  // namespace plaza::web
