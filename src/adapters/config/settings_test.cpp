#include "adapters/config/settings.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace chamado::config {
namespace {

struct TempFile {
  std::filesystem::path path;
  explicit TempFile(const std::string& text) {
    path = std::filesystem::temp_directory_path() / ("chamado-settings-" + std::to_string(::getpid()) + "-" +
                                                     std::to_string(reinterpret_cast<std::uintptr_t>(this)) + ".toml");
    std::ofstream(path) << text;
  }
  ~TempFile() { std::filesystem::remove(path); }
};

auto NoEnv() {
  return [](const char*) -> const char* { return nullptr; };
}

TEST(Settings, DefaultsWhenTheFileIsMissing) {
  auto s = LoadSettings("/nonexistent/chamado.toml", false, NoEnv());
  ASSERT_TRUE(s);
  EXPECT_EQ(s->listen, "127.0.0.1:8080");
  EXPECT_EQ(s->workflow, "case-lifecycle");
}

TEST(Settings, AnExplicitMissingFileIsAnError) {
  auto s = LoadSettings("/nonexistent/chamado.toml", true, NoEnv());
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().description.find("/nonexistent/chamado.toml"), std::string::npos);
}

TEST(Settings, FileThenEnvironmentLaterWins) {
  TempFile f(
      "[server]\nlisten = \"0.0.0.0:9000\"\npublic_url = \"https://help.example.com\"\n[tickets]\nworkflow = "
      "\"simple\"\n");
  std::map<std::string, std::string> env{{"CHAMADO_SERVER_LISTEN", "127.0.0.1:7000"}};
  auto s = LoadSettings(f.path.string(), true, [&](const char* n) -> const char* {
    auto it = env.find(n);
    return it == env.end() ? nullptr : it->second.c_str();
  });
  ASSERT_TRUE(s) << s.error().description;
  EXPECT_EQ(s->listen, "127.0.0.1:7000");
  EXPECT_EQ(s->public_url, "https://help.example.com");
  EXPECT_EQ(s->workflow, "simple");
}

TEST(Settings, UnknownKeyNamesFileAndLine) {
  TempFile f("[server]\nlisten = \"127.0.0.1:1\"\nlisen = \"oops\"\n");
  auto s = LoadSettings(f.path.string(), true, NoEnv());
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().description.find(f.path.string() + ":3"), std::string::npos) << s.error().description;
  EXPECT_NE(s.error().description.find("server.lisen"), std::string::npos);
}

TEST(Settings, WrongTypeAndSyntaxErrorsNameTheLine) {
  TempFile bad_type("[server]\nio_threads = \"many\"\n");
  auto s = LoadSettings(bad_type.path.string(), true, NoEnv());
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().description.find(":2"), std::string::npos) << s.error().description;
  TempFile syntax("[server\nlisten = 1\n");
  s = LoadSettings(syntax.path.string(), true, NoEnv());
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().description.find(syntax.path.string() + ":1"), std::string::npos) << s.error().description;
}

TEST(Settings, LimitsAreOffByDefaultAndTrustedProxiesAreChecked) {
  auto d = LoadSettings("/nonexistent/chamado.toml", false, NoEnv());
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->limits_enabled);
  EXPECT_EQ(d->limits_per_user_per_minute, 700);
  EXPECT_EQ(d->limits_per_ip_per_minute, 1400);
  EXPECT_EQ(d->trusted_proxies, "127.0.0.0/8, ::1");

  TempFile ok(
      "[server]\ntrusted_proxies = \"10.0.0.0/8, 2001:db8::/32 ,192.0.2.7\"\n[limits]\nenabled = true\n"
      "per_user_per_minute = 5\n");
  auto s = LoadSettings(ok.path.string(), true, NoEnv());
  ASSERT_TRUE(s) << s.error().description;
  EXPECT_TRUE(s->limits_enabled);
  EXPECT_EQ(s->limits_per_user_per_minute, 5);
  EXPECT_EQ(s->trusted_proxies, "10.0.0.0/8, 2001:db8::/32 ,192.0.2.7");

  TempFile none("[server]\ntrusted_proxies = \"\"\n");
  s = LoadSettings(none.path.string(), true, NoEnv());
  ASSERT_TRUE(s) << s.error().description;
  EXPECT_EQ(s->trusted_proxies, "");

  TempFile bad("[server]\nlisten = \"127.0.0.1:1\"\ntrusted_proxies = \"10.0.0.0/33\"\n");
  s = LoadSettings(bad.path.string(), true, NoEnv());
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().description.find(bad.path.string() + ":3"), std::string::npos) << s.error().description;
  EXPECT_NE(s.error().description.find("10.0.0.0/33"), std::string::npos) << s.error().description;
  TempFile array("[server]\ntrusted_proxies = [\"10.0.0.1\"]\n");
  EXPECT_FALSE(LoadSettings(array.path.string(), true, NoEnv()));
  std::map<std::string, std::string> env{{"CHAMADO_SERVER_TRUSTED_PROXIES", "proxy.example"}};
  auto e = LoadSettings("/nonexistent/chamado.toml", false, [&](const char* n) -> const char* {
    auto it = env.find(n);
    return it == env.end() ? nullptr : it->second.c_str();
  });
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().description.find("proxy.example"), std::string::npos) << e.error().description;
  TempFile zero("[limits]\nper_ip_per_minute = 0\n");
  EXPECT_FALSE(LoadSettings(zero.path.string(), true, NoEnv()));
}

// ---- accounts (issue 8): the defaults are the brief's, the file and the environment set them,
// and a remote login URL that is not a URL is refused.
TEST(Settings, AuthAndSsoDefaultsAndOverrides) {
  auto d = LoadSettings("/nonexistent/chamado.toml", false, NoEnv());
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->auth_signup);
  EXPECT_EQ(d->auth_session_idle_minutes, 1440);
  EXPECT_EQ(d->auth_session_absolute_hours, 720);
  EXPECT_EQ(d->auth_login_failures_per_account, 10);
  EXPECT_EQ(d->auth_argon2_memlimit_kib, 65536);
  EXPECT_EQ(d->auth_hash_concurrency, 0);
  EXPECT_EQ(d->sso_jwt_secret, "");
  EXPECT_EQ(d->sso_clock_skew_seconds, 180);

  TempFile f(
      "[auth]\nsignup = false\nreset_link_minutes = 30\n[sso]\njwt_secret = \"s3cret\"\n"
      "remote_login_url = \"https://app.example.com/login\"\n");
  std::map<std::string, std::string> env{{"CHAMADO_SSO_CLOCK_SKEW_SECONDS", "60"}, {"CHAMADO_AUTH_SIGNUP", "true"}};
  auto s = LoadSettings(f.path.string(), true, [&](const char* n) -> const char* {
    auto it = env.find(n);
    return it == env.end() ? nullptr : it->second.c_str();
  });
  ASSERT_TRUE(s) << s.error().description;
  EXPECT_TRUE(s->auth_signup);  // the environment wins
  EXPECT_EQ(s->auth_reset_link_minutes, 30);
  EXPECT_EQ(s->sso_jwt_secret, "s3cret");
  EXPECT_EQ(s->sso_remote_login_url, "https://app.example.com/login");
  EXPECT_EQ(s->sso_clock_skew_seconds, 60);

  TempFile bad("[sso]\nremote_logout_url = \"javascript:alert(1)\"\n");
  auto b = LoadSettings(bad.path.string(), true, NoEnv());
  ASSERT_FALSE(b);
  EXPECT_NE(b.error().description.find("sso.remote_logout_url"), std::string::npos) << b.error().description;
  TempFile zero("[auth]\nlogin_window_minutes = 0\n");
  EXPECT_FALSE(LoadSettings(zero.path.string(), true, NoEnv()));
}

TEST(Settings, EverySettingIsDocumented) {
  for (const auto& info : AllSettings()) {
    EXPECT_FALSE(info.description.empty()) << info.key;
    EXPECT_FALSE(info.default_value.empty()) << info.key;
  }
}

}  // namespace
}  // namespace chamado::config

namespace chamado::config {
namespace {

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(Settings, DocsListEverySetting) {
  const std::string doc = ReadText(std::string(CHAMADO_SOURCE_DIR) + "/docs/configuration.md");
  ASSERT_FALSE(doc.empty());
  for (const auto& info : AllSettings()) EXPECT_NE(doc.find("`" + info.key + "`"), std::string::npos) << info.key;
}

TEST(Settings, TheExampleFileLoads) {
  auto s = LoadSettings(std::string(CHAMADO_SOURCE_DIR) + "/config/chamado.example.toml", true,
                        [](const char*) -> const char* { return nullptr; });
  ASSERT_TRUE(s) << s.error().description;
  EXPECT_EQ(s->public_url, "https://suporte.example.com.br");
}

}  // namespace
}  // namespace chamado::config
