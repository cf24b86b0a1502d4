// The portal's files as a browser gets them from the real binary: the embedded copy (CI builds
// with CHAMADO_WEB=ON) and `serve --web DIR`.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "harness.hpp"

namespace it {
namespace {

namespace fs = std::filesystem;

#if CHAMADO_WEB_EMBEDDED
TEST(PortalStatic, TheEmbeddedAppIsServedAtRootWithAStrictPolicy) {
  Server s;
  Client c(s);
  auto index = c.Get("/");
  ASSERT_EQ(index.status, 200);
  EXPECT_EQ(index.Header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(index.body.find("<div id=\"root\">"), std::string::npos);
  const std::string csp = index.Header("Content-Security-Policy");
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
  EXPECT_EQ(index.Header("Cache-Control"), "no-cache");
  // No inline script: every <script> names a file of ours.
  EXPECT_EQ(std::regex_search(index.body, std::regex("<script(?![^>]*\\bsrc=)[^>]*>")), false) << index.body;

  std::smatch m;
  ASSERT_TRUE(std::regex_search(index.body, m, std::regex("src=\"(/assets/[^\"]+\\.js)\""))) << index.body;
  auto js = c.Get(m[1].str());
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.Header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(js.Header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_GT(js.body.size(), 1000u);
  // The build's gzip copy for browsers that take it (the same file, a fraction of the bytes).
  auto gz = c.Send("GET", m[1].str(), "", {{"Accept-Encoding", "gzip, deflate, br"}});
  EXPECT_EQ(gz.status, 200);
  EXPECT_EQ(gz.Header("Content-Encoding"), "gzip");
  EXPECT_EQ(gz.Header("Vary"), "Accept-Encoding");

  // The app's own routes load the app; the API's unknown paths and missing files do not.
  auto ticket_page = c.Get("/tickets/42");
  EXPECT_EQ(ticket_page.status, 200);
  EXPECT_EQ(ticket_page.body, index.body);
  EXPECT_EQ(c.Get("/reset-password").status, 200);
  EXPECT_EQ(c.Get("/nope").status, 200) << "an unknown page is the app's own not-found page";
  auto api = c.Get("/api/v2/no_such_thing");
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(api.Header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(c.Get("/assets/missing-file.js").status, 404);
  // Climbing out of the site never reaches a file (clients may resolve the dots first: then it
  // is the app's page for /etc/passwd).
  auto climb = c.Get("/assets/../../etc/passwd");
  EXPECT_TRUE(climb.status == 404 || climb.body == index.body) << climb.status;
  EXPECT_EQ(climb.body.find("root:"), std::string::npos);
}
#endif

TEST(PortalStatic, WebDirServesADirectoryReadAtEachRequest) {
  const fs::path dir =
      fs::temp_directory_path() / ("chamado-web-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                                   "-" + std::to_string(::getpid()));
  fs::create_directories(dir / "assets");
  std::ofstream(dir / "index.html") << "<!doctype html><p>dev build 1</p>";
  std::ofstream(dir / "assets" / "app.css") << "body{}";
  {
    Server s({"--web", dir.string()});
    Client c(s);
    EXPECT_EQ(c.Get("/").body, "<!doctype html><p>dev build 1</p>");
    std::ofstream(dir / "index.html") << "<!doctype html><p>dev build 2</p>";
    EXPECT_EQ(c.Get("/profile").body, "<!doctype html><p>dev build 2</p>") << "edits show without a restart";
    auto css = c.Get("/assets/app.css");
    EXPECT_EQ(css.status, 200);
    EXPECT_EQ(css.Header("Content-Type"), "text/css; charset=utf-8");
  }
  fs::remove_all(dir);
}

TEST(PortalStatic, WebDirWithoutAnIndexIsRefusedAtStart) {
  auto r = RunCli({"serve", "--listen", "127.0.0.1:0", "--web", "/nonexistent-chamado-web"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("index.html not found"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace it
