// The [http_client] config keys: they fill outgoing::OutgoingOptions from a TOML file and the
// environment; bad values name their key.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "app/config.hpp"

namespace plaza {
namespace {

TEST(OutgoingConfig, FileAndEnvironmentFillTheOptions) {
  auto dir = std::filesystem::temp_directory_path() /
             ("plaza-outgoing-config-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = (dir / "plaza.toml").string();
  std::ofstream(path) << "[http_client]\nhttp_proxy = \"http://proxy.internal:3128\"\n"
                         "no_proxy = \"localhost,.internal\"\nconnect_timeout_ms = 2000\n"
                         "timeout_ms = 9000\nmax_response_bytes = 65536\nmax_attempts = 5\n"
                         "backoff_initial_ms = 100\nbackoff_max_ms = 800\n"
                         "retry_after_max_ms = 0\nretry_timeouts = false\n";
  Config c;
  auto st = ApplyConfigFile(c, path);
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(st) << st.error().message;
  ASSERT_TRUE(ApplyConfigEnv(c, {{"PLAZA_HTTP_CLIENT_HTTPS_PROXY", "https://tls-proxy:443"}}));
  const outgoing::OutgoingOptions& o = c.http_client;
  EXPECT_EQ(o.http_proxy, "http://proxy.internal:3128");
  EXPECT_EQ(o.https_proxy, "https://tls-proxy:443");
  EXPECT_EQ(o.no_proxy, "localhost,.internal");
  EXPECT_EQ(o.connect_timeout_ms, 2000u);
  EXPECT_EQ(o.timeout_ms, 9000u);
  EXPECT_EQ(o.max_response_bytes, 65536u);
  EXPECT_EQ(o.retry.max_attempts, 5);
  EXPECT_EQ(o.retry.backoff_initial_ms, 100u);
  EXPECT_EQ(o.retry.backoff_max_ms, 800u);
  EXPECT_EQ(o.retry.retry_after_max_ms, 0u);
  EXPECT_FALSE(o.retry.retry_timeouts);
  EXPECT_TRUE(outgoing::Validate(o));
}

TEST(OutgoingConfig, BadValuesNameTheirKey) {
  Config c;
  auto st = SetConfigValue(c, "http_client.http_proxy", "socks5://proxy:1080");
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().field, "http_client.http_proxy");
  EXPECT_NE(st.error().message.find("http:// or https://"), std::string::npos)
      << st.error().message;
  st = SetConfigValue(c, "http_client.max_attempts", "0");
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().field, "http_client.max_attempts");
  st = SetConfigValue(c, "http_client.timeout_ms", "soon");
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().field, "http_client.timeout_ms");
  EXPECT_EQ(c.http_client.http_proxy, "");  // a refused value changes nothing
}

TEST(OutgoingConfig, ValidateChecksHowKeysRelate) {
  outgoing::OutgoingOptions options;
  EXPECT_TRUE(outgoing::Validate(options));
  options.connect_timeout_ms = options.timeout_ms + 1;
  auto st = outgoing::Validate(options);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().field, "http_client.connect_timeout_ms");
  options = {};
  options.retry.backoff_initial_ms = options.retry.backoff_max_ms + 1;
  st = outgoing::Validate(options);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().field, "http_client.backoff_initial_ms");
}

}  // namespace
}  // namespace plaza
