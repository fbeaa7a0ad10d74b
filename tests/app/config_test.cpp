#include "app/config.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace plaza {
namespace {

std::string WriteFile(const std::string& text) {
  auto dir =
      std::filesystem::temp_directory_path() / ("plaza-config-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = dir / "plaza.toml";
  std::ofstream(path) << text;
  return path.string();
}

TEST(Config, FileSetsKeysInTheirTables) {
  Config c;
  auto path = WriteFile(
      "[server]\nlisten = \"0.0.0.0:9090\"\ntrusted_proxies = [\"10.0.0.1\", \"10.0.0.2\"]\n"
      "[site]\nname = \"Square\"\n[limits]\nposts_per_user = \"7/30\"\n");
  ASSERT_TRUE(ApplyConfigFile(c, path));
  EXPECT_EQ(c.listen_host, "0.0.0.0");
  EXPECT_EQ(c.listen_port, 9090);
  EXPECT_EQ(c.trusted_proxies, (std::vector<std::string>{"10.0.0.1", "10.0.0.2"}));
  EXPECT_EQ(c.site.site_name, "Square");
  EXPECT_EQ(c.posts_per_user.max_events, 7);
  EXPECT_EQ(c.posts_per_user.window_s, 30);
}

TEST(Config, UnknownFileKeyIsAnErrorNamingIt) {
  Config c;
  auto path = WriteFile("[server]\nlisten_port = 1\n");
  auto st = ApplyConfigFile(c, path);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("server.listen_port"), std::string::npos) << st.error().message;
}

TEST(Config, BadValueIsAnErrorNamingTheKey) {
  Config c;
  auto st = SetConfigValue(c, "server.io_threads", "many");
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().field, "server.io_threads");
  EXPECT_FALSE(SetConfigValue(c, "server.listen", "8080"));
  EXPECT_FALSE(SetConfigValue(c, "server.listen", "host:70000"));
  EXPECT_FALSE(SetConfigValue(c, "limits.posts_per_user", "5"));
  EXPECT_FALSE(SetConfigValue(c, "storage.sqlite_synchronous", "off"));
  EXPECT_FALSE(SetConfigValue(c, "server.public_url", "example.com"));
}

TEST(Config, MalformedTomlNamesTheLine) {
  Config c;
  auto path = WriteFile("[server]\nlisten = \n");
  auto st = ApplyConfigFile(c, path);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find(":2"), std::string::npos) << st.error().message;
}

TEST(Config, EnvironmentOverridesFileAndNamesUnknownVariables) {
  Config c;
  ASSERT_TRUE(SetConfigValue(c, "server.listen", "127.0.0.1:1"));
  ASSERT_TRUE(ApplyConfigEnv(c, {{"PLAZA_SERVER_LISTEN", "127.0.0.1:2"},
                                 {"PLAZA_SERVER_PAGE_CACHE", "false"},
                                 {"PLAZA_TEST_PG", "ignored"},
                                 {"HOME", "/root"}}));
  EXPECT_EQ(c.listen_port, 2);
  EXPECT_FALSE(c.page_cache);
  auto st = ApplyConfigEnv(c, {{"PLAZA_SERVER_LISTENN", "x"}});
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("PLAZA_SERVER_LISTENN"), std::string::npos);
}

TEST(Config, DefaultStorageIsSqliteUnderTheDataDir) {
  Config c;
  c.data_dir = "/var/lib/plaza";
  EXPECT_EQ(c.EffectiveStorageUrl(), "sqlite:/var/lib/plaza/plaza.db");
  c.storage_url = "postgresql:///plaza";
  EXPECT_EQ(c.EffectiveStorageUrl(), "postgresql:///plaza");
}

TEST(Config, EveryKeyIsDocumented) {
  const char* source = std::getenv("PLAZA_SOURCE_DIR");
  ASSERT_NE(source, nullptr);
  std::ifstream doc(std::string(source) + "/docs/configuration.md");
  std::string text((std::istreambuf_iterator<char>(doc)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(text.empty());
  for (const auto& key : ConfigKeys()) {
    std::string name(key.name);
    std::string table = "[" + name.substr(0, name.find('.')) + "]";
    std::string leaf = name.substr(name.find('.') + 1) + " =";
    EXPECT_NE(text.find(table), std::string::npos) << table;
    EXPECT_NE(text.find(leaf), std::string::npos) << name << " is not in docs/configuration.md";
  }
}

}  // namespace
}  // namespace plaza
