// Attachments end to end (docs/attachments.md; PRODUCT.md §9; zendesk-compat.md §8 "Uploads"):
// POST /uploads with the raw file, tokens attached through comment.uploads, downloads through
// content_url, the one policy (types by name and content, 5 files and 20 MB per message),
// visibility (an unattached upload only for its uploader; an internal note's files never for a
// customer; another customer's content_url is a 404), file names that cannot be paths,
// DELETE /uploads, expiry with the manual clock, and redaction. On both stores.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "harness.hpp"

namespace it {
namespace {

namespace fs = std::filesystem;

const std::string kT0 = "2030-03-04T12:00:00Z";

std::string FromHex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  return out;
}

// A real 3x2 PNG.
std::string Png() {
  std::string hex =
      "89504e470d0a1a0a0000000d49484452000000030000000208020000001216f14d0000001049444154789c63f8cfc000410c70160041d205"
      "fb87f0b9480000000049454e44ae426082";
  return FromHex(hex);
}

// A PDF of `size` bytes (libmagic reads the head: "%PDF-").
std::string Pdf(std::size_t size = 2000, char fill = 'x') {
  std::string s = "%PDF-1.4\n%";
  const std::string tail = "\n%%EOF\n";
  if (size > s.size() + tail.size()) s.append(size - s.size() - tail.size(), fill);
  return s + tail;
}

std::string Csv() { return "name,value\nalice,1\nbob,2\n"; }

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string Enc(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    const auto b = static_cast<unsigned char>(ch);
    if (std::isalnum(b) || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[b >> 4]);
      out.push_back(kHex[b & 15]);
    }
  }
  return out;
}

// The rule of a 422 about a file: details.file[0].error (and its description).
std::string FileRule(const Response& r) {
  if (r.status != 422 || !r.json.is_object()) return "status " + std::to_string(r.status) + ": " + r.body;
  const auto* d = r.json.as_object().if_contains("details");
  if (!d || !d->is_object() || !d->as_object().contains("file")) return r.body;
  return Str(d->as_object().at("file").as_array().at(0).at("error"));
}
std::string FileRuleText(const Response& r) {
  return Str(r.json.at("details").at("file").as_array().at(0).at("description"));
}

class Attachments : public ::testing::Test {
 protected:
  Desk d;

  // POST /uploads as node-zendesk sends it: the raw file, a misleading Content-Type, and
  // binary=undefined.
  Response Upload(Client c, const std::string& name, const std::string& bytes, const std::string& token = "") {
    std::string path = "/api/v2/uploads.json?filename=" + Enc(name) + "&binary=undefined";
    if (!token.empty()) path += "&token=" + token;
    return c.Send("POST", path, bytes, {{"Content-Type", "application/json"}});
  }

  std::string UploadOk(Client c, const std::string& name, const std::string& bytes, const std::string& token = "") {
    auto r = Upload(c, name, bytes, token);
    EXPECT_EQ(r.status, 201) << r.body;
    if (r.status != 201) return "";
    return Str(r["upload"].at("token"));
  }

  std::int64_t AttachmentIdOf(const Response& upload) { return upload["upload"].at("attachment").at("id").as_int64(); }

  // content_url without the scheme and host, for Client.
  std::string PathOf(const json::value& attachment) {
    std::string url = Str(attachment.at("content_url"));
    const std::string base = d.server.base();
    EXPECT_TRUE(url.starts_with(base + "/attachments/")) << url;
    return url.substr(base.size());
  }

  // Alice's request with a comment naming `tokens`; returns the request id.
  Response RequestWith(Client c, const std::vector<std::string>& tokens, const std::string& subject = "Files") {
    json::array ups;
    for (const auto& t : tokens) ups.push_back(json::string(t));
    json::object body{{"request", {{"subject", subject}, {"comment", {{"body", "See attached"}, {"uploads", ups}}}}}};
    return c.Post("/api/v2/requests.json", json::serialize(body));
  }

  Response CommentOnTicket(std::int64_t ticket, const std::vector<std::string>& tokens, bool is_public) {
    json::array ups;
    for (const auto& t : tokens) ups.push_back(json::string(t));
    json::object body{
        {"ticket",
         {{"comment",
           {{"body", is_public ? "Public reply" : "Internal note"}, {"public", is_public}, {"uploads", ups}}}}}};
    return d.Agent().Put("/api/v2/tickets/" + S(ticket) + ".json", json::serialize(body));
  }

  void SetClock(const std::string& iso) {
    auto r = d.Anonymous().Post("/api/v2/chamado/test/clock", R"({"now":")" + iso + R"("})");
    ASSERT_EQ(r.status, 200) << r.body;
  }
  void Advance(std::int64_t seconds) {
    auto r = d.Anonymous().Post("/api/v2/chamado/test/clock", R"({"advance_seconds":)" + S(seconds) + "}");
    ASSERT_EQ(r.status, 200) << r.body;
  }

  // The local blob files (SQLite runs use DATA/blobs): their names.
  std::vector<std::string> BlobFiles() {
    std::vector<std::string> out;
    const fs::path dir = fs::path(d.server.data()) / "blobs";
    if (!fs::exists(dir)) return out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
      if (e.is_regular_file() && e.path().parent_path().filename() != "tmp") out.push_back(e.path().filename());
    return out;
  }
};

TEST_F(Attachments, UploadAttachAndDownloadRoundTrip) {
  const std::string bytes = Pdf(50000);
  auto up = Upload(d.Alice(), "report.pdf", bytes);
  ASSERT_EQ(up.status, 201) << up.body;
  const auto& u = up["upload"].as_object();
  EXPECT_FALSE(Str(u.at("token")).empty());
  EXPECT_FALSE(Str(u.at("expires_at")).empty());
  const auto& a = u.at("attachment").as_object();
  EXPECT_EQ(Str(a.at("file_name")), "report.pdf");
  EXPECT_EQ(Str(a.at("content_type")), "application/pdf");
  EXPECT_EQ(a.at("size").as_int64(), static_cast<std::int64_t>(bytes.size()));
  EXPECT_EQ(u.at("attachments").as_array().size(), 1u);
  EXPECT_EQ(Str(a.at("url")), d.server.base() + "/api/v2/attachments/" + S(a.at("id").as_int64()) + ".json");
  EXPECT_FALSE(a.at("deleted").as_bool());
  EXPECT_TRUE(a.at("thumbnails").as_array().empty());
  EXPECT_EQ(Str(a.at("malware_scan_result")), "not_scanned");

  auto req = RequestWith(d.Alice(), {Str(u.at("token"))});
  ASSERT_EQ(req.status, 201) << req.body;
  const std::int64_t id = req["request"].at("id").as_int64();

  // The requester sees it on the request's comments, the agent on the ticket's.
  auto rc = d.Alice().Get("/api/v2/requests/" + S(id) + "/comments.json");
  ASSERT_EQ(rc.status, 200) << rc.body;
  const auto& files = rc["comments"].as_array().at(0).at("attachments").as_array();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(Str(files.at(0).at("file_name")), "report.pdf");
  auto tc = d.Agent().Get("/api/v2/tickets/" + S(id) + "/comments.json");
  ASSERT_EQ(tc.status, 200) << tc.body;
  EXPECT_EQ(tc["comments"].as_array().at(0).at("attachments").as_array().size(), 1u);

  // The bytes come back equal, to both.
  auto dl = d.Alice().Get(PathOf(files.at(0)));
  ASSERT_EQ(dl.status, 200) << dl.body.substr(0, 200);
  EXPECT_EQ(dl.body, bytes);
  auto dl2 = d.Agent().Get(PathOf(files.at(0)));
  ASSERT_EQ(dl2.status, 200);
  EXPECT_EQ(dl2.body, bytes);
  // No credentials: 401, as on the API.
  EXPECT_EQ(d.Anonymous().Get(PathOf(files.at(0))).status, 401);
  // GET /attachments/{id}.
  auto show = d.Alice().Get("/api/v2/attachments/" + S(a.at("id").as_int64()) + ".json");
  ASSERT_EQ(show.status, 200) << show.body;
  EXPECT_EQ(Str(show["attachment"].at("file_name")), "report.pdf");
}

TEST_F(Attachments, AddingFilesToOneToken) {
  auto first = Upload(d.Alice(), "screenshot.png", Png());
  ASSERT_EQ(first.status, 201) << first.body;
  const std::string token = Str(first["upload"].at("token"));
  // Images get their size from the header.
  EXPECT_EQ(first["upload"].at("attachment").at("width").as_int64(), 3);
  EXPECT_EQ(first["upload"].at("attachment").at("height").as_int64(), 2);
  auto second = Upload(d.Alice(), "data.csv", Csv(), token);
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(Str(second["upload"].at("token")), token);
  EXPECT_EQ(second["upload"].at("attachments").as_array().size(), 2u);
  EXPECT_EQ(Str(second["upload"].at("attachment").at("content_type")), "text/csv");
  EXPECT_TRUE(second["upload"].at("attachment").at("width").is_null());

  // Someone else's token, or an unknown one: a 422 naming the token.
  auto foreign = Upload(d.Bob(), "b.csv", Csv(), token);
  EXPECT_EQ(foreign.status, 422) << foreign.body;
  EXPECT_TRUE(DetailsName(foreign, "token")) << foreign.body;
  EXPECT_NE(foreign.body.find(token), std::string::npos);
  auto unknown = Upload(d.Alice(), "b.csv", Csv(), "nosuchtoken");
  EXPECT_EQ(unknown.status, 422) << unknown.body;

  auto req = RequestWith(d.Alice(), {token});
  ASSERT_EQ(req.status, 201) << req.body;
  auto rc = d.Alice().Get("/api/v2/requests/" + S(req["request"].at("id").as_int64()) + "/comments.json");
  EXPECT_EQ(rc["comments"].as_array().at(0).at("attachments").as_array().size(), 2u);
  // A token is taken once: no more files, no second comment.
  EXPECT_EQ(Upload(d.Alice(), "late.csv", Csv(), token).status, 422);
  auto again = RequestWith(d.Alice(), {token}, "Again");
  EXPECT_EQ(again.status, 422) << again.body;
  EXPECT_TRUE(DetailsName(again, "comment.uploads") || DetailsName(again, "uploads")) << again.body;
}

TEST_F(Attachments, ASixthFileIsRefused) {
  std::string token;
  for (int i = 1; i <= 5; ++i) {
    auto r = Upload(d.Alice(), "file" + S(i) + ".pdf", Pdf(1000 + i), token);
    ASSERT_EQ(r.status, 201) << r.body;
    token = Str(r["upload"].at("token"));
  }
  auto sixth = Upload(d.Alice(), "sixth.pdf", Pdf(), token);
  EXPECT_EQ(FileRule(sixth), "TooManyFiles");
  EXPECT_NE(FileRuleText(sixth).find("'sixth.pdf'"), std::string::npos) << sixth.body;

  // Across tokens: 3 + 3 files named by one comment are one message of six.
  std::string t1, t2;
  for (int i = 0; i < 3; ++i) t1 = UploadOk(d.Alice(), "a" + S(i) + ".pdf", Pdf(1100 + i), t1);
  for (int i = 0; i < 3; ++i) t2 = UploadOk(d.Alice(), "b" + S(i) + ".pdf", Pdf(1200 + i), t2);
  auto req = RequestWith(d.Alice(), {t1, t2});
  EXPECT_EQ(FileRule(req), "TooManyFiles") << req.body;
  // Nothing was created: the refusal rolled the request back, and the uploads stay usable.
  auto mine = d.Alice().Get("/api/v2/requests.json");
  EXPECT_EQ(mine["requests"].as_array().size(), 0u);
  EXPECT_EQ(RequestWith(d.Alice(), {t1}).status, 201);
}

TEST_F(Attachments, TwentyOneMegabytesInOneMessageAreRefused) {
  const std::size_t mb = 1024 * 1024;
  std::string token = UploadOk(d.Alice(), "part1.pdf", Pdf(10 * mb, 'a'));
  ASSERT_FALSE(token.empty());
  ASSERT_FALSE(UploadOk(d.Alice(), "part2.pdf", Pdf(10 * mb, 'b'), token).empty());
  auto third = Upload(d.Alice(), "part3.pdf", Pdf(1 * mb, 'c'), token);
  EXPECT_EQ(FileRule(third), "TotalSizeExceeded");
  EXPECT_NE(FileRuleText(third).find("'part3.pdf'"), std::string::npos) << third.body;
  EXPECT_NE(FileRuleText(third).find("20 MB"), std::string::npos) << third.body;

  // Across tokens at attach time.
  std::string other = UploadOk(d.Alice(), "more.pdf", Pdf(1 * mb, 'd'));
  auto req = RequestWith(d.Alice(), {token, other});
  EXPECT_EQ(FileRule(req), "TotalSizeExceeded") << req.body;
  EXPECT_NE(FileRuleText(req).find("'more.pdf'"), std::string::npos) << req.body;
  EXPECT_EQ(RequestWith(d.Alice(), {token}).status, 201);  // exactly 20 MB is fine

  // One body over the limit is cut off with a 422 before it is read: upload_limits_test.cpp.
}

TEST_F(Attachments, TypesAreCheckedByNameAndByContent) {
  const std::string elf = ReadFile("/bin/true");
  ASSERT_GT(elf.size(), 1000u);
  auto exe_pdf = Upload(d.Alice(), "invoice.pdf", elf);
  EXPECT_EQ(FileRule(exe_pdf), "ContentTypeMismatch");
  EXPECT_NE(FileRuleText(exe_pdf).find("'invoice.pdf'"), std::string::npos) << exe_pdf.body;
  // Content must match the name's type, even between accepted types.
  EXPECT_EQ(FileRule(Upload(d.Alice(), "photo.pdf", Png())), "ContentTypeMismatch");
  EXPECT_EQ(FileRule(Upload(d.Alice(), "table.csv", elf)), "ContentTypeMismatch");
  auto exe = Upload(d.Alice(), "setup.exe", elf);
  EXPECT_EQ(FileRule(exe), "FileTypeNotAllowed");
  EXPECT_NE(FileRuleText(exe).find("'setup.exe'"), std::string::npos);
  EXPECT_NE(FileRuleText(exe).find("png, jpg, jpeg, gif, tiff"), std::string::npos) << exe.body;
  EXPECT_EQ(FileRule(Upload(d.Alice(), "page.html", "<html><body>x</body></html>")), "FileTypeNotAllowed");
  EXPECT_EQ(FileRule(Upload(d.Alice(), "empty.pdf", "")), "EmptyFile");
  // Upper-case extensions are the same types.
  EXPECT_EQ(Upload(d.Alice(), "SCAN.PNG", Png()).status, 201);
  // No filename: a clear 422.
  auto none = d.Alice().Send("POST", "/api/v2/uploads.json", Pdf(), {{"Content-Type", "application/binary"}});
  EXPECT_EQ(none.status, 422) << none.body;
  EXPECT_TRUE(DetailsName(none, "filename")) << none.body;
  // Anonymous: 401.
  EXPECT_EQ(Upload(d.Anonymous(), "a.pdf", Pdf()).status, 401);
}

TEST_F(Attachments, FileNamesAreSanitizedAndNeverPaths) {
  struct Case {
    std::string raw, stored;
  };
  const std::vector<Case> cases = {{"../../etc/passwd.pdf", "passwd.pdf"},
                                   {"..\\x.pdf", "x.pdf"},
                                   {std::string("a\x01"
                                                "b\r\n.pdf"),
                                    "ab.pdf"},
                                   {".hidden.pdf", "hidden.pdf"},
                                   {"relat\xC3\xB3rio \"final\".pdf", "relat\xC3\xB3rio _final_.pdf"}};
  for (const auto& c : cases) {
    auto r = Upload(d.Alice(), c.raw, Pdf());
    ASSERT_EQ(r.status, 201) << c.raw << ": " << r.body;
    EXPECT_EQ(Str(r["upload"].at("attachment").at("file_name")), c.stored);
    auto dl = d.Alice().Get(PathOf(r["upload"].at("attachment")));
    EXPECT_EQ(dl.status, 200) << c.stored;
  }
  // A name with nothing left is refused.
  EXPECT_EQ(FileRule(Upload(d.Alice(), "../..", Pdf())), "InvalidFileName");
  // The bytes live under their SHA-256, never under a client's name.
  for (const auto& f : BlobFiles()) {
    EXPECT_EQ(f.size(), 64u) << f;
    EXPECT_EQ(f.find_first_not_of("0123456789abcdef"), std::string::npos) << f;
  }
  EXPECT_FALSE(fs::exists(fs::path(d.server.data()) / "etc"));
}

TEST_F(Attachments, AnotherCustomersContentUrlIsNotFound) {
  auto up = Upload(d.Bob(), "bobs.pdf", Pdf());
  ASSERT_EQ(up.status, 201);
  auto req = RequestWith(d.Bob(), {Str(up["upload"].at("token"))});
  ASSERT_EQ(req.status, 201) << req.body;
  const auto& att = up["upload"].at("attachment");
  const std::int64_t id = att.at("id").as_int64();
  // Alice: exactly like a missing one.
  auto dl = d.Alice().Get(PathOf(att));
  EXPECT_EQ(dl.status, 404) << dl.body;
  EXPECT_EQ(dl.body, d.Alice().Get("/attachments/999999/x.pdf").body);
  EXPECT_EQ(d.Alice().Get("/api/v2/attachments/" + S(id) + ".json").status, 404);
  EXPECT_EQ(d.Bob().Get(PathOf(att)).status, 200);
  // A CC of the request sees it.
  auto cc = d.Bob().Put("/api/v2/requests/" + S(req["request"].at("id").as_int64()) + ".json",
                        R"({"request":{"additional_collaborators":["alice@customer.example"]}})");
  ASSERT_EQ(cc.status, 200) << cc.body;
  EXPECT_EQ(d.Alice().Get(PathOf(att)).status, 200);
}

TEST_F(Attachments, AnInternalNotesFilesNeverReachTheRequester) {
  const std::int64_t ticket = d.NewTicket("alice@customer.example", "Case");
  const std::string secret = UploadOk(d.Agent(), "secret.pdf", Pdf(3000, 's'));
  auto note = CommentOnTicket(ticket, {secret}, /*is_public=*/false);
  ASSERT_EQ(note.status, 200) << note.body;
  const std::string open = UploadOk(d.Agent(), "answer.pdf", Pdf(3000, 'p'));
  ASSERT_EQ(CommentOnTicket(ticket, {open}, /*is_public=*/true).status, 200);

  // The agent sees both comments' files, and the audit of the update names them.
  auto tc = d.Agent().Get("/api/v2/tickets/" + S(ticket) + "/comments.json");
  ASSERT_EQ(tc.status, 200);
  const auto& comments = tc["comments"].as_array();
  ASSERT_EQ(comments.size(), 3u);
  const auto& note_files = comments.at(1).at("attachments").as_array();
  ASSERT_EQ(note_files.size(), 1u);
  EXPECT_EQ(Str(note_files.at(0).at("file_name")), "secret.pdf");
  EXPECT_EQ(Str(note["audit"].at("events").as_array().at(0).at("attachments").as_array().at(0).at("file_name")),
            "secret.pdf");
  const json::value secret_att = note_files.at(0);

  // The requester: the public file, never the note's, anywhere.
  auto rc = d.Alice().Get("/api/v2/requests/" + S(ticket) + "/comments.json");
  ASSERT_EQ(rc.status, 200);
  EXPECT_EQ(rc.body.find("secret.pdf"), std::string::npos);
  EXPECT_NE(rc.body.find("answer.pdf"), std::string::npos);
  EXPECT_EQ(d.Alice().Get(PathOf(secret_att)).status, 404);
  EXPECT_EQ(d.Alice().Get("/api/v2/attachments/" + S(secret_att.at("id").as_int64()) + ".json").status, 404);
  EXPECT_EQ(d.Agent().Get(PathOf(secret_att)).status, 200);
}

TEST_F(Attachments, AnUnattachedUploadIsOnlyItsUploaders) {
  auto up = Upload(d.Alice(), "draft.pdf", Pdf());
  ASSERT_EQ(up.status, 201);
  const auto& att = up["upload"].at("attachment");
  const std::string token = Str(up["upload"].at("token"));
  const std::string show = "/api/v2/attachments/" + S(att.at("id").as_int64()) + ".json";
  EXPECT_EQ(d.Alice().Get(show).status, 200);
  EXPECT_EQ(d.Alice().Get(PathOf(att)).status, 200);
  for (auto c : {d.Bob(), d.Agent(), d.Admin()}) {
    EXPECT_EQ(c.Get(show).status, 404);
    EXPECT_EQ(c.Get(PathOf(att)).status, 404);
  }
  // Nobody else can take or delete it.
  auto stolen = RequestWith(d.Bob(), {token});
  EXPECT_EQ(stolen.status, 422) << stolen.body;
  EXPECT_NE(stolen.body.find(token), std::string::npos);
  auto agent_took =
      d.Agent().Post("/api/v2/tickets.json", R"({"ticket":{"subject":"s","comment":{"body":"b","uploads":[")" + token +
                                                 R"("]},"requester_id":)" + S(d.bob_id) + "}}");
  EXPECT_EQ(agent_took.status, 422) << agent_took.body;
  EXPECT_EQ(d.Bob().Delete("/api/v2/uploads/" + token + ".json").status, 404);
  // An agent may attach a customer's upload to a comment written for that customer.
  auto for_alice = d.Agent().Post("/api/v2/tickets.json",
                                  R"({"ticket":{"subject":"s","comment":{"body":"b","author_id":)" + S(d.alice_id) +
                                      R"(,"uploads":[")" + token + R"("]},"requester_id":)" + S(d.alice_id) + "}}");
  EXPECT_EQ(for_alice.status, 201) << for_alice.body;
}

TEST_F(Attachments, DeletingAnUpload) {
  auto up = Upload(d.Alice(), "oops.pdf", Pdf(4000, 'o'));
  ASSERT_EQ(up.status, 201);
  const std::string token = Str(up["upload"].at("token"));
  const auto blobs_before = BlobFiles().size();
  auto del = d.Alice().Delete("/api/v2/uploads/" + token + ".json");
  EXPECT_EQ(del.status, 204) << del.body;
  EXPECT_EQ(d.Alice().Get("/api/v2/attachments/" + S(AttachmentIdOf(up)) + ".json").status, 404);
  EXPECT_EQ(d.Alice().Get(PathOf(up["upload"].at("attachment"))).status, 404);
  EXPECT_EQ(d.Alice().Delete("/api/v2/uploads/" + token + ".json").status, 404);
  EXPECT_EQ(RequestWith(d.Alice(), {token}).status, 422);
  if (!OnPostgres()) {
    EXPECT_EQ(BlobFiles().size(), blobs_before - 1);
  }
  // An attached upload cannot be deleted.
  const std::string kept = UploadOk(d.Alice(), "kept.pdf", Pdf());
  ASSERT_EQ(RequestWith(d.Alice(), {kept}).status, 201);
  EXPECT_EQ(d.Alice().Delete("/api/v2/uploads/" + kept + ".json").status, 404);
}

TEST_F(Attachments, UnusedUploadsExpireWithTheManualClock) {
  SetClock(kT0);
  const std::string same = Pdf(5000, 'z');
  // One upload attached, then the same bytes uploaded again and left to expire: the shared
  // blob must survive; a unique unused file must go, bytes and all.
  const std::string used = UploadOk(d.Alice(), "used.pdf", same);
  auto req = RequestWith(d.Alice(), {used});
  ASSERT_EQ(req.status, 201);
  auto dup = Upload(d.Alice(), "dup.pdf", same);
  ASSERT_EQ(dup.status, 201);
  auto lone = Upload(d.Alice(), "lone.pdf", Pdf(6000, 'l'));
  ASSERT_EQ(lone.status, 201);
  EXPECT_EQ(Str(lone["upload"].at("expires_at")), "2030-03-04T13:00:00Z");  // upload_ttl_minutes = 60
  const auto blobs_before = BlobFiles().size();

  Advance(59 * 60);  // not yet
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(d.Alice().Get("/api/v2/attachments/" + S(AttachmentIdOf(lone)) + ".json").status, 200);

  Advance(2 * 60);
  bool gone = false;
  for (int i = 0; i < 100 && !gone; ++i) {
    gone = d.Alice().Get("/api/v2/attachments/" + S(AttachmentIdOf(lone)) + ".json").status == 404;
    if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(gone) << "the expired upload is still there";
  EXPECT_EQ(d.Alice().Get("/api/v2/attachments/" + S(AttachmentIdOf(dup)) + ".json").status, 404);
  EXPECT_EQ(RequestWith(d.Alice(), {Str(lone["upload"].at("token"))}).status, 422);
  // The attached file (same bytes as the expired dup) still downloads whole.
  auto rc = d.Alice().Get("/api/v2/requests/" + S(req["request"].at("id").as_int64()) + "/comments.json");
  auto dl = d.Alice().Get(PathOf(rc["comments"].as_array().at(0).at("attachments").as_array().at(0)));
  ASSERT_EQ(dl.status, 200);
  EXPECT_EQ(dl.body, same);
  if (!OnPostgres()) {
    EXPECT_EQ(BlobFiles().size(), blobs_before - 1);  // only lone.pdf's bytes went
  }
}

TEST_F(Attachments, RedactingAnAttachment) {
  const std::int64_t ticket = d.NewTicket("alice@customer.example", "Card number inside");
  const std::string t1 = UploadOk(d.Agent(), "card.pdf", Pdf(7000, 'c'));
  auto put = CommentOnTicket(ticket, {t1}, true);
  ASSERT_EQ(put.status, 200) << put.body;
  auto tc = d.Agent().Get("/api/v2/tickets/" + S(ticket) + "/comments.json");
  const auto& comment = tc["comments"].as_array().at(1);
  const std::int64_t cid = comment.at("id").as_int64();
  const json::value att = comment.at("attachments").as_array().at(0);
  const std::int64_t aid = att.at("id").as_int64();
  const std::string redact =
      "/api/v2/tickets/" + S(ticket) + "/comments/" + S(cid) + "/attachments/" + S(aid) + "/redact.json";
  const auto blobs_before = BlobFiles().size();

  // Customers may not; wrong ids read as missing.
  EXPECT_EQ(d.Alice().Put(redact, "{}").status, 403);
  EXPECT_EQ(
      d.Agent()
          .Put("/api/v2/tickets/" + S(ticket) + "/comments/" + S(cid + 1) + "/attachments/" + S(aid) + "/redact.json",
               "{}")
          .status,
      404);

  auto r = d.Agent().Put(redact, "{}");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Str(r["attachment"].at("file_name")), "redacted.txt");
  EXPECT_EQ(r["attachment"].at("size").as_int64(), 0);
  EXPECT_EQ(Str(r["attachment"].at("content_type")), "text/plain");
  // The bytes are gone for good; the place stays.
  auto dl = d.Agent().Get(PathOf(att));
  EXPECT_EQ(dl.status, 200);
  EXPECT_TRUE(dl.body.empty());
  auto after = d.Agent().Get("/api/v2/tickets/" + S(ticket) + "/comments.json");
  EXPECT_EQ(after.body.find("card.pdf"), std::string::npos);
  EXPECT_NE(after.body.find("redacted.txt"), std::string::npos);
  if (!OnPostgres()) {
    EXPECT_EQ(BlobFiles().size(), blobs_before - 1);
  }
  // On the timeline.
  auto audits = d.Agent().Get("/api/v2/tickets/" + S(ticket) + "/audits.json");
  ASSERT_EQ(audits.status, 200);
  EXPECT_NE(audits.body.find("AttachmentRedactionEvent"), std::string::npos) << audits.body;
  // Again: nothing changes, no second event.
  EXPECT_EQ(d.Agent().Put(redact, "{}").status, 200);
  auto audits2 = d.Agent().Get("/api/v2/tickets/" + S(ticket) + "/audits.json");
  EXPECT_EQ(audits2["audits"].as_array().size(), audits["audits"].as_array().size());
}

TEST_F(Attachments, RedactingOneCopyKeepsSharedBytes) {
  const std::int64_t ticket = d.NewTicket("alice@customer.example", "Shared bytes");
  const std::string same = Pdf(8000, 'q');
  ASSERT_EQ(CommentOnTicket(ticket, {UploadOk(d.Agent(), "one.pdf", same)}, true).status, 200);
  ASSERT_EQ(CommentOnTicket(ticket, {UploadOk(d.Agent(), "two.pdf", same)}, true).status, 200);
  auto tc = d.Agent().Get("/api/v2/tickets/" + S(ticket) + "/comments.json");
  const auto& one = tc["comments"].as_array().at(1);
  const auto& two = tc["comments"].as_array().at(2).at("attachments").as_array().at(0);
  auto r = d.Agent().Put("/api/v2/tickets/" + S(ticket) + "/comments/" + S(one.at("id").as_int64()) + "/attachments/" +
                             S(one.at("attachments").as_array().at(0).at("id").as_int64()) + "/redact.json",
                         "{}");
  ASSERT_EQ(r.status, 200) << r.body;
  auto dl = d.Agent().Get(PathOf(two));
  ASSERT_EQ(dl.status, 200);
  EXPECT_EQ(dl.body, same);
}

TEST_F(Attachments, DownloadHeaders) {
  auto png = Upload(d.Alice(), "shot.png", Png());
  auto pdf = Upload(d.Alice(), "relat\xC3\xB3rio.pdf", Pdf());
  auto csv = Upload(d.Alice(), "t.csv", Csv());
  ASSERT_EQ(png.status, 201);
  ASSERT_EQ(pdf.status, 201);
  ASSERT_EQ(csv.status, 201);
  auto p = d.Alice().Get(PathOf(png["upload"].at("attachment")));
  ASSERT_EQ(p.status, 200);
  EXPECT_EQ(p.body, Png());
  EXPECT_EQ(p.Header("Content-Type"), "image/png");
  EXPECT_TRUE(p.Header("Content-Disposition").starts_with("inline;")) << p.Header("Content-Disposition");
  EXPECT_EQ(p.Header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(p.Header("Content-Security-Policy"), "default-src 'none'; sandbox");

  // Raw, since cpp-httplib percent-decodes header values.
  RawConn conn(d.server.port());
  ASSERT_TRUE(conn.Send("GET " + PathOf(pdf["upload"].at("attachment")) +
                        " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + d.alice_token + "\r\n\r\n"));
  auto f = conn.ReadResponse();
  ASSERT_EQ(f.status, 200) << f.body;
  EXPECT_EQ(f.body, Pdf());
  EXPECT_EQ(f.Header("Content-Type"), "application/pdf");
  EXPECT_EQ(f.Header("Content-Disposition"),
            "attachment; filename=\"relat__rio.pdf\"; filename*=UTF-8''relat%C3%B3rio.pdf");
  EXPECT_EQ(f.Header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(f.Header("Content-Security-Policy"), "default-src 'none'; sandbox");
  EXPECT_EQ(Str(pdf["upload"].at("attachment").at("content_url")),
            d.server.base() + "/attachments/" + S(AttachmentIdOf(pdf)) + "/relat%C3%B3rio.pdf");

  auto c = d.Alice().Get(PathOf(csv["upload"].at("attachment")));
  ASSERT_EQ(c.status, 200);
  EXPECT_EQ(c.Header("Content-Type"), "text/csv");
  EXPECT_TRUE(c.Header("Content-Disposition").starts_with("attachment;"));
  EXPECT_EQ(c.body, Csv());
}

}  // namespace
}  // namespace it
