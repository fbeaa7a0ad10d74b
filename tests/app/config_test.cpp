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
  EXPECT_EQ(c.server.listen_host, "0.0.0.0");
  EXPECT_EQ(c.server.listen_port, 9090);
  EXPECT_EQ(c.server.trusted_proxies, (std::vector<std::string>{"10.0.0.1", "10.0.0.2"}));
  EXPECT_EQ(c.site.site_name, "Square");
  EXPECT_EQ(c.limits.posts_per_user.max_events, 7);
  EXPECT_EQ(c.limits.posts_per_user.window_s, 30);
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
  EXPECT_EQ(c.server.listen_port, 2);
  EXPECT_FALSE(c.server.page_cache);
  auto st = ApplyConfigEnv(c, {{"PLAZA_SERVER_LISTENN", "x"}});
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("PLAZA_SERVER_LISTENN"), std::string::npos);
}

TEST(Config, DefaultStorageIsSqliteUnderTheDataDir) {
  Config c;
  c.storage.data_dir = "/var/lib/plaza";
  EXPECT_EQ(c.storage.EffectiveUrl(), "sqlite:/var/lib/plaza/plaza.db");
  c.storage.url = "postgresql:///plaza";
  EXPECT_EQ(c.storage.EffectiveUrl(), "postgresql:///plaza");
}

// The reference in docs/configuration.md is `plaza config`'s output: every declared key with its
// default and help, generated from the declarations.
TEST(Config, EveryKeyIsDocumented) {
  const char* source = std::getenv("PLAZA_SOURCE_DIR");
  ASSERT_NE(source, nullptr);
  std::ifstream doc(std::string(source) + "/docs/configuration.md");
  std::string text((std::istreambuf_iterator<char>(doc)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(text.empty());
  EXPECT_NE(text.find("```toml\n" + Schema().Reference() + "```"), std::string::npos)
      << "docs/configuration.md is not the output of `plaza config`; paste it in";
  for (const auto& key : ConfigKeys()) {
    std::string name(key.name);
    std::string table = "[" + name.substr(0, name.find('.')) + "]";
    std::string leaf = "\n" + name.substr(name.find('.') + 1) + " =";
    EXPECT_NE(text.find(table), std::string::npos) << table;
    // A list of tables ([[markets.assets]]) is shown by its header, not as `leaf =`.
    const bool shown =
        text.find(leaf) != std::string::npos || text.find("[[" + name + "]]") != std::string::npos;
    EXPECT_TRUE(shown) << name << " is not in docs/configuration.md";
    EXPECT_FALSE(key.help.empty()) << name;
  }
}

TEST(Config, SectionsAreNestedOptionStructs) {
  Config c;
  ASSERT_TRUE(ApplyConfigEnv(c, {{"PLAZA_JOBS_WORKERS", "3"},
                                 {"PLAZA_EVENTS_RING_SIZE", "16"},
                                 {"PLAZA_SUMMARY_ENGINE", "off"},
                                 {"PLAZA_STORAGE_SQLITE_SYNCHRONOUS", "normal"},
                                 {"PLAZA_SITE_PROMO", "false"},
                                 {"PLAZA_LOG_LEVEL", "warn"}}));
  EXPECT_EQ(c.jobs.workers, 3);
  EXPECT_EQ(c.events.ring_size, 16);
  EXPECT_EQ(c.summary.engine, "off");
  EXPECT_FALSE(c.storage.sqlite_synchronous_full);
  EXPECT_FALSE(c.site.promo);
  EXPECT_EQ(c.log.level, "warn");
  EXPECT_EQ(c.site.site_name, "Plaza");  // untouched sections keep their defaults
}

TEST(Config, ListsFromTheEnvironmentAreCommaSeparatedOrTomlArrays) {
  Config c;
  ASSERT_TRUE(ApplyConfigEnv(c, {{"PLAZA_SERVER_TRUSTED_PROXIES", "10.0.0.1, 10.0.0.0/8"}}));
  EXPECT_EQ(c.server.trusted_proxies, (std::vector<std::string>{"10.0.0.1", "10.0.0.0/8"}));
  ASSERT_TRUE(ApplyConfigEnv(c, {{"PLAZA_SERVER_TRUSTED_PROXIES", R"(["::1", "127.0.0.1"])"}}));
  EXPECT_EQ(c.server.trusted_proxies, (std::vector<std::string>{"::1", "127.0.0.1"}));
  auto st = ApplyConfigEnv(c, {{"PLAZA_SERVER_TRUSTED_PROXIES", R"(["::1", )"}});
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("PLAZA_SERVER_TRUSTED_PROXIES"), std::string::npos);
  EXPECT_EQ(st.error().field, "server.trusted_proxies");
}

TEST(Config, FileErrorsNameTheKeyAndTheLine) {
  Config c;
  auto st = ApplyConfigFile(c, WriteFile("[server]\nlisten = \"127.0.0.1:1\"\n\n"
                                         "io_threads = \"many\"\n"));
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("plaza.toml:4: config key server.io_threads: 'many' is not "
                                    "a whole number"),
            std::string::npos)
      << st.error().message;
  st = ApplyConfigFile(c, WriteFile("[server]\ntrusted_proxies = [{address = \"x\"}]\n"));
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find(":2: config key server.trusted_proxies"), std::string::npos)
      << st.error().message;
}

TEST(Config, FlagsOverrideTheEnvironmentWhichOverridesTheFile) {
  const std::string file = WriteFile("[server]\nio_threads = 2\nworker_threads = 3\n");
  std::vector<std::string> args = {"--config", file, "--threads", "7"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  const config::FlagSpec specs[] = {{"--config", "FILE", "settings"},
                                    {"--threads", "N", "", "server.io_threads"}};
  auto flags = config::ParseFlags(argv, specs);
  ASSERT_TRUE(flags);
  auto c =
      LoadConfig(*flags, {{"PLAZA_SERVER_IO_THREADS", "5"}, {"PLAZA_SERVER_MAX_CONNECTIONS", "9"}});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->server.io_threads, 7);
  EXPECT_EQ(c->server.worker_threads, 3);
  EXPECT_EQ(c->server.max_connections, 9);
}

}  // namespace
}  // namespace plaza
