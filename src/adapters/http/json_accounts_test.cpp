#include "adapters/http/json_accounts.hpp"

#include <gtest/gtest.h>

namespace chamado::http {
namespace {

std::string Jwt(const std::string& header, const std::string& payload) {
  return Base64UrlEncode(header) + "." + Base64UrlEncode(payload) + "." + Base64UrlEncode("sig");
}

TEST(ReadJwt, ClaimsComeFromTheJson) {
  auto t = ReadJwt(Jwt(R"({"alg":"HS256","typ":"JWT"})",
                       R"({"iat":1700000000,"jti":"j-1","email":"Ana@Example.com","name":"Ana","external_id":42,)"
                       R"("locale_id":19,"tags":["vip","b2b"],"phone":"+5511999990000"})"));
  ASSERT_TRUE(t) << t.error().description;
  EXPECT_EQ(t->claims.alg, "HS256");
  EXPECT_EQ(t->claims.iat, 1700000000);
  EXPECT_EQ(t->claims.exp, std::nullopt);
  EXPECT_EQ(t->claims.jti, "j-1");
  EXPECT_EQ(t->claims.email, "Ana@Example.com");
  EXPECT_EQ(t->claims.external_id, "42");
  EXPECT_EQ(t->claims.locale, "pt-BR");
  EXPECT_EQ(t->claims.tags, (std::vector<std::string>{"vip", "b2b"}));
  EXPECT_EQ(t->parts.signature, "sig");
}

TEST(ReadJwt, LocaleIdMayBeTextAndTagsACommaList) {
  auto t = ReadJwt(Jwt(R"({"alg":"HS256"})", R"({"iat":1.7e9,"locale_id":"es","tags":"a, b,,c"})"));
  ASSERT_TRUE(t) << t.error().description;
  EXPECT_EQ(t->claims.iat, 1700000000);
  EXPECT_EQ(t->claims.locale, "es");
  EXPECT_EQ(t->claims.tags, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(t->claims.external_id, std::nullopt);
}

TEST(ReadJwt, NotJsonIsABadRequest) {
  auto t = ReadJwt(Jwt("not json", "{}"));
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, ErrorCode::kBadRequest);
  EXPECT_FALSE(ReadJwt(Jwt("{}", "[1]")));
  EXPECT_FALSE(ReadJwt("only.two"));
}

TEST(PersonExportJson, AttachmentsCarryTheirDownloadUrl) {
  app::PersonExport x;
  x.user.id = 7;
  x.user.email = "ana@example.com";
  x.files.push_back({11, 3, "nota fiscal.pdf", "application/pdf", 1234, "abc"});
  auto o = PersonExportJson(x, Workflow{}, Urls{"https://help.example.com"}, Instant{});
  const auto& e = o.at("export").as_object();
  const auto& a = e.at("attachments").as_array().at(0).as_object();
  EXPECT_EQ(a.at("content_url").as_string(), "https://help.example.com/attachments/11/nota%20fiscal.pdf");
  EXPECT_EQ(a.at("ticket_id").as_int64(), 3);
  EXPECT_EQ(e.at("user").as_object().at("id").as_int64(), 7);
  EXPECT_TRUE(e.at("tickets").as_array().empty());
}

}  // namespace
}  // namespace chamado::http
