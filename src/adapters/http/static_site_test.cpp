#include "adapters/http/static_site.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>

namespace chamado::http {
namespace {

constexpr unsigned char kIndex[] = "<!doctype html><title>Portal</title>";
constexpr unsigned char kJs[] = "console.log(1)";
const std::array<EmbeddedFile, 2> kFiles{
    {{"index.html", kIndex, sizeof kIndex - 1}, {"assets/index-abc.js", kJs, sizeof kJs - 1}}};

Request Get(std::string path) {
  Request r;
  r.method = "GET";
  r.path = std::move(path);
  return r;
}

std::string HeaderOf(const Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "";
}

TEST(StaticSite, PathsThatCouldLeaveTheRootNeverMap) {
  EXPECT_EQ(SitePath("/"), "index.html");
  EXPECT_EQ(SitePath("/assets/a.js"), "assets/a.js");
  for (const char* bad : {"/../etc/passwd", "/assets/../../x", "//etc/passwd", "/a//b", "/.env", "/assets/.hidden",
                          "/a\\..\\b", "relative", ""})
    EXPECT_FALSE(SitePath(bad)) << bad;
}

TEST(StaticSite, ServesFilesWithTypesAndCaching) {
  auto site = EmbeddedSite(kFiles);
  ASSERT_TRUE(site);
  auto js = ServeStatic(*site, Get("/assets/index-abc.js"));
  ASSERT_TRUE(js);
  EXPECT_EQ(js->body, "console.log(1)");
  EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(HeaderOf(*js, "Cache-Control"), "public, max-age=31536000, immutable");
  auto index = ServeStatic(*site, Get("/"));
  ASSERT_TRUE(index);
  EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(HeaderOf(*index, "Cache-Control"), "no-cache") << "a new release must reach browsers at once";
}

TEST(StaticSite, TheAppsRoutesAreIndexHtmlAndMissingFilesAreNot) {
  auto site = EmbeddedSite(kFiles);
  auto page = ServeStatic(*site, Get("/tickets/12"));
  ASSERT_TRUE(page);
  EXPECT_NE(page->body.find("<title>Portal"), std::string::npos);
  EXPECT_FALSE(ServeStatic(*site, Get("/assets/missing.js"))) << "a missing asset is a 404, not HTML";
  EXPECT_FALSE(ServeStatic(*site, Get("/assets/../../etc/passwd"))) << "nor is a path that climbs out";
  auto post = Get("/tickets");
  post.method = "POST";
  EXPECT_FALSE(ServeStatic(*site, post));
}

TEST(StaticSite, EveryAnswerCarriesAStrictPolicy) {
  auto site = EmbeddedSite(kFiles);
  auto page = ServeStatic(*site, Get("/login"));
  ASSERT_TRUE(page);
  const std::string csp = HeaderOf(*page, "Content-Security-Policy");
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-eval"), std::string::npos);
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(HeaderOf(*page, "X-Content-Type-Options"), "nosniff");
}

TEST(StaticSite, GzipCopiesGoToBrowsersThatTakeGzip) {
  static constexpr unsigned char kGz[] = "GZ-BYTES";
  const std::array<EmbeddedFile, 3> files{{{"index.html", kIndex, sizeof kIndex - 1},
                                           {"index.html.gz", kGz, sizeof kGz - 1},
                                           {"assets/index-abc.js", kJs, sizeof kJs - 1}}};
  auto site = EmbeddedSite(files);
  auto get = [&](std::string path, std::string accept) {
    Request r = Get(std::move(path));
    if (!accept.empty()) r.headers["accept-encoding"] = accept;
    return *ServeStatic(*site, r);
  };
  auto gz = get("/tickets/3", "gzip, deflate, br, zstd");
  EXPECT_EQ(gz.body, "GZ-BYTES");
  EXPECT_EQ(HeaderOf(gz, "Content-Encoding"), "gzip");
  EXPECT_EQ(HeaderOf(gz, "Content-Type").size(), 0u) << "the type is the page's, in content_type";
  EXPECT_EQ(gz.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(HeaderOf(gz, "Vary"), "Accept-Encoding");
  for (const char* no : {"", "br", "gzip;q=0", "identity, gzip; q=0.0"}) {
    auto plain = get("/", no);
    EXPECT_NE(plain.body, "GZ-BYTES") << no;
    EXPECT_EQ(HeaderOf(plain, "Content-Encoding"), "") << no;
  }
  EXPECT_EQ(get("/", "gzip;q=0.5").body, "GZ-BYTES");
  EXPECT_EQ(get("/assets/index-abc.js", "gzip").body, "console.log(1)") << "no copy: the file itself";
}

TEST(StaticSite, AnEmptyBuildHasNoSite) { EXPECT_FALSE(EmbeddedSite({})); }

TEST(StaticSite, ADirectoryIsReadAtEachRequest) {
  const auto dir = std::filesystem::temp_directory_path() / ("chamado-site-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "assets");
  std::ofstream(dir / "index.html") << "v1";
  auto site = DirectorySite(dir.string());
  EXPECT_EQ(ServeStatic(*site, Get("/"))->body, "v1");
  std::ofstream(dir / "index.html") << "v2";
  EXPECT_EQ(ServeStatic(*site, Get("/tickets"))->body, "v2");
  EXPECT_FALSE(ServeStatic(*site, Get("/../index.html")));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace chamado::http
