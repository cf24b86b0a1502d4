// PrivacyService (app/privacy.hpp) over the real SQLite store and a local blob directory: an
// LGPD export holds what is the person's and nothing that is not; an erasure leaves tickets in
// place but nobody recognisable on them, and forgets their held raw mail.
#include <gtest/gtest.h>

#include <fstream>

#include "app/privacy.hpp"
#include "services_fixture.hpp"

namespace chamado::services_test {
namespace {

class Privacy : public ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    admin_ = AddUser("admin@acme.test", Role::kAdmin, "Admin");
    agent_ = AddUser("agent@acme.test", Role::kAgent, "Agent");
    carla_ = AddUser("carla@cliente.com.br", Role::kEndUser, "Carla Dias");
    other_ = AddUser("otto@cliente.com.br", Role::kEndUser, "Otto");
    privacy_ = std::make_unique<app::PrivacyService>(*store_, clock_, blobs_.get());
    Seed();
  }

  std::string PutBlob(const std::string& bytes) {
    const auto path = dir_ / "upload.tmp";
    std::ofstream(path, std::ios::binary) << bytes;
    auto b = blobs_->PutFile(path.string());
    fs::remove(path);
    EXPECT_TRUE(b);
    return b ? b->sha256 : "";
  }

  // Carla's ticket: her question (with a file), the agent's public answer, an internal note
  // (with a file); Otto's ticket she has nothing to do with; a mail to her; a held message
  // from her whose raw bytes nothing else uses, and one whose bytes an attachment shares.
  void Seed() {
    const auto file_sha = PutBlob("carla's screenshot");
    const auto note_sha = PutBlob("internal log excerpt");
    raw_only_ = PutBlob("From: carla@cliente.com.br\r\nSubject: spam?\r\n\r\nheld");
    ASSERT_TRUE(store_->Write([&](app::WriteTx& tx) -> Result<void> {
      auto ticket = [&](std::int64_t requester) {
        Ticket t;
        t.requester_id = t.submitter_id = requester;
        t.custom_status_id = 1;
        t.subject = "Printer on fire";
        t.created_at = t.updated_at = clock_.Now();
        tx.InsertTicket(t);
        return t.id;
      };
      auto comment = [&](std::int64_t ticket_id, std::int64_t author, bool is_public, std::string body) {
        Comment c;
        c.ticket_id = ticket_id;
        c.author_id = author;
        c.body = std::move(body);
        c.is_public = is_public;
        c.created_at = clock_.Now();
        tx.InsertComment(c);
        return c.id;
      };
      auto attach = [&](std::int64_t ticket_id, std::int64_t comment_id, std::int64_t uploader, std::string sha) {
        Attachment a;
        a.ticket_id = ticket_id;
        a.comment_id = comment_id;
        a.uploader_id = uploader;
        a.file_name = "file.png";
        a.content_type = "image/png";
        a.size = 18;
        a.sha256 = sha;
        a.created_at = clock_.Now();
        tx.LockBlob(sha, a.size, clock_.Now());
        tx.InsertAttachment(a);
        return a.id;
      };
      ticket_ = ticket(carla_);
      question_ = comment(ticket_, carla_, true, "It is on fire");
      file_ = attach(ticket_, question_, carla_, file_sha);
      answer_ = comment(ticket_, agent_, true, "Unplug it");
      note_ = comment(ticket_, agent_, false, "Customer is on the premium plan");
      attach(ticket_, note_, agent_, note_sha);
      otto_ticket_ = ticket(other_);
      comment(otto_ticket_, other_, true, "Unrelated");

      OutboundEmail m;
      m.ticket_id = ticket_;
      m.kind = "agent_reply";
      m.recipient_user_id = carla_;
      m.to_address = "carla@cliente.com.br";
      m.to_name = "Carla Dias";
      m.subject = "Re: Printer on fire";
      m.text_body = "Unplug it";
      m.message_id = "reply-1@acme.test";
      m.created_at = m.updated_at = m.next_attempt_at = clock_.Now();
      tx.InsertOutbox(m);

      for (const auto& [sha, id] : {std::pair{raw_only_, "held-1@cliente"}, std::pair{file_sha, "held-2@cliente"}}) {
        app::SuspendedTicket s;
        s.subject = "held";
        s.author_email = "carla@cliente.com.br";
        s.cause = "Detected as an automated message";
        s.message_id = id;
        s.raw_sha256 = sha;
        s.raw_size = 10;
        s.created_at = clock_.Now();
        tx.InsertSuspendedTicket(s);
      }
      return {};
    }));
    shared_sha_ = file_sha;
  }

  std::int64_t admin_ = 0, agent_ = 0, carla_ = 0, other_ = 0;
  std::int64_t ticket_ = 0, otto_ticket_ = 0, question_ = 0, answer_ = 0, note_ = 0, file_ = 0;
  std::string raw_only_, shared_sha_;
  std::unique_ptr<app::PrivacyService> privacy_;
};

TEST_F(Privacy, AnExportHoldsThePersonsTicketsCommentsFilesMailAndLog) {
  ASSERT_TRUE(accounts_->OpenSession(carla_, "password", kFrom));
  auto x = privacy_->Export(As(admin_, Role::kAdmin), carla_, kFrom);
  ASSERT_TRUE(x) << x.error().description;
  EXPECT_EQ(x->user.id, carla_);
  ASSERT_EQ(x->tickets.size(), 1u);
  EXPECT_EQ(x->tickets[0].id, ticket_);
  std::vector<std::int64_t> comment_ids;
  for (const auto& c : x->comments) comment_ids.push_back(c.id);
  EXPECT_EQ(comment_ids, (std::vector<std::int64_t>{question_, answer_})) << "never the agents' internal note";
  ASSERT_EQ(x->files.size(), 1u);
  EXPECT_EQ(x->files[0].attachment_id, file_);
  EXPECT_EQ(x->files[0].sha256, shared_sha_);
  EXPECT_EQ(x->files[0].ticket_id, ticket_);
  ASSERT_EQ(x->mails.size(), 1u);
  EXPECT_EQ(x->mails[0].subject, "Re: Printer on fire");
  EXPECT_EQ(x->sessions.size(), 1u);

  auto recorded = Events("privacy_export", carla_);
  ASSERT_EQ(recorded.size(), 1u);
  EXPECT_EQ(recorded[0].actor_id, admin_);
  // The next export shows the first one in the person's log.
  auto again = privacy_->Export(As(admin_, Role::kAdmin), carla_, kFrom);
  ASSERT_TRUE(again);
  ASSERT_FALSE(again->events.empty());
  EXPECT_EQ(again->events[0].kind, "privacy_export");
}

TEST_F(Privacy, AnAgentsExportHoldsTheirInternalNotes) {
  auto x = privacy_->AdminExport("agent@acme.test");
  ASSERT_TRUE(x) << x.error().description;
  std::vector<std::int64_t> comment_ids;
  for (const auto& c : x->comments) comment_ids.push_back(c.id);
  EXPECT_EQ(comment_ids, (std::vector<std::int64_t>{question_, answer_, note_}));
  EXPECT_EQ(x->files.size(), 2u);
}

TEST_F(Privacy, OnlyAdminsExportAndErase) {
  EXPECT_EQ(privacy_->Export(As(agent_, Role::kAgent), carla_, kFrom).error().code, ErrorCode::kForbidden);
  EXPECT_EQ(privacy_->Export(As(carla_, Role::kEndUser), carla_, kFrom).error().code, ErrorCode::kForbidden);
  EXPECT_EQ(privacy_->Export(As(admin_, Role::kAdmin), 999999, kFrom).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(privacy_->Erase(As(agent_, Role::kAgent), carla_, kFrom).error().code, ErrorCode::kForbidden);
  EXPECT_EQ(privacy_->Erase(As(admin_, Role::kAdmin), admin_, kFrom).error().code, ErrorCode::kInvalid);
  EXPECT_EQ(UserById(carla_)->name, "Carla Dias");
}

TEST_F(Privacy, AnErasureLeavesTheTicketsButNobodyRecognisable) {
  ASSERT_TRUE(accounts_->OpenSession(carla_, "password", kFrom));
  auto r = privacy_->Erase(As(admin_, Role::kAdmin), carla_, kFrom);
  ASSERT_TRUE(r) << r.error().description;
  EXPECT_EQ(r->user_id, carla_);
  EXPECT_EQ(r->tickets, 1);
  EXPECT_EQ(r->blobs_forgotten, 1) << "the held message only she sent; not the bytes an attachment shares";

  auto u = UserById(carla_);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->name, "Erased user " + std::to_string(carla_));
  EXPECT_EQ(u->email.find("carla"), std::string::npos);
  EXPECT_FALSE(u->active);
  EXPECT_FALSE(UserByEmail("carla@cliente.com.br"));
  EXPECT_TRUE(SessionsOf(carla_).empty());
  EXPECT_TRUE(store_->Read([&](app::ReadTx& tx) -> Result<void> {
    auto t = tx.TicketById(ticket_);
    EXPECT_TRUE(t && t->requester_id == carla_) << "the ticket stays, its requester anonymous";
    return {};
  }));

  EXPECT_FALSE(blobs_->Open(raw_only_)) << "her held raw message is gone";
  EXPECT_TRUE(blobs_->Open(shared_sha_)) << "an attachment still needs these bytes";

  auto erased = Events("privacy_erase", carla_);
  ASSERT_EQ(erased.size(), 1u);
  EXPECT_EQ(erased[0].actor_id, admin_);
  EXPECT_EQ(erased[0].email, "");
  EXPECT_EQ(erased[0].ip, "");
  for (const auto& e : Events("", carla_)) EXPECT_EQ(e.email.find("carla"), std::string::npos) << e.kind;
}

TEST_F(Privacy, TheOperatorErasesByEmail) {
  auto r = privacy_->AdminErase("Carla@cliente.com.br");
  ASSERT_TRUE(r) << r.error().description;
  EXPECT_EQ(r->user_id, carla_);
  auto erased = Events("privacy_erase", carla_);
  ASSERT_EQ(erased.size(), 1u);
  EXPECT_FALSE(erased[0].actor_id);
  EXPECT_EQ(privacy_->AdminErase("carla@cliente.com.br").error().code, ErrorCode::kInvalid)
      << "nobody by that e-mail now";
}

}  // namespace
}  // namespace chamado::services_test
