#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "web/pages.hpp"

namespace plaza::web {
namespace {

// Tags open and close in order (a small well-formedness check for the markup we emit).
bool WellFormed(const std::string& xml) {
  std::vector<std::string> open;
  std::regex tag("<(/?)([a-zA-Z]+)([^>]*?)(/?)>");
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), tag); it != std::sregex_iterator();
       ++it) {
    const auto& m = *it;
    if (m[1] == "/") {
      if (open.empty() || open.back() != m[2]) return false;
      open.pop_back();
    } else if (m[4] != "/") {
      open.push_back(m[2]);
    }
  }
  return open.empty();
}

TEST(QrSvg, IsAWellFormedSquareSvg) {
  std::string svg = QrSvg("https://plaza.example/app");
  ASSERT_FALSE(svg.empty());
  EXPECT_TRUE(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_TRUE(svg.ends_with("</svg>"));
  EXPECT_TRUE(WellFormed(svg));
  std::smatch m;
  ASSERT_TRUE(std::regex_search(svg, m, std::regex("viewBox=\"0 0 (\\d+) (\\d+)\"")));
  EXPECT_EQ(m[1], m[2]);
  // Version 2 at level M is 25 modules; 4 modules of quiet zone on each side.
  EXPECT_EQ(m[1], "33");
  EXPECT_TRUE(std::regex_search(
      svg, std::regex("<path fill=\"#000\" d=\"(M\\d+ \\d+h\\d+v1h-\\d+z)+\"/>")));
}

TEST(QrSvg, GrowsWithTheText) {
  std::string small = QrSvg("https://a.example");
  std::string large = QrSvg("https://plaza.example/app?campaign=" + std::string(200, 'x'));
  EXPECT_LT(small.size(), large.size());
}

TEST(QrSvg, RefusesEmptyAndOversizedText) {
  EXPECT_EQ(QrSvg(""), "");
  EXPECT_EQ(QrSvg(std::string(5000, 'a')), "");
  EXPECT_EQ(QrSvg(std::string("a\0b", 3)), "");
}

}  // namespace
}  // namespace plaza::web
