#pragma once
// Helpers for the e-mail tests on the private Postfix and Dovecot of scripts/mail-test.sh
// (`source scripts/mail-test.sh; mail_up` exports CHAMADO_TEST_MAIL and the ports). Tests that
// need them skip when CHAMADO_TEST_MAIL is unset:
//   if (!it::mail::Available()) GTEST_SKIP() << it::mail::kSkipReason;
#include <chrono>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace it::mail {

inline constexpr const char* kSkipReason =
    "CHAMADO_TEST_MAIL is not set (as root: source scripts/mail-test.sh; mail_up)";

bool Available();
std::string Dir();      // $CHAMADO_TEST_MAIL
int SmtpPort();         // $CHAMADO_TEST_MAIL_SMTP_PORT
int ImapPort();         // $CHAMADO_TEST_MAIL_IMAP_PORT
std::string SmtpUrl();  // smtp://127.0.0.1:PORT

// A message as a mail client sees it: the raw bytes, headers unfolded, RFC 2047 decoded.
struct Message {
  std::string path;
  std::string raw;
  // The first header `name` (case-insensitive), unfolded and decoded (UTF-8 encoded-words);
  // "" when absent.
  std::string Header(std::string_view name) const;
  // The Message-ID without <>.
  std::string MessageId() const;
  // The body (everything after the headers), as sent (still quoted-printable).
  std::string Body() const;
};
Message ParseMessage(std::string raw, std::string path = "");

// The Maildir of a customer.test user ("ana", "bob", "postmaster", "catchall"): every message
// in new/ and cur/, oldest first (by file name, which starts with the delivery time).
std::vector<Message> Maildir(std::string_view user);
// Waits until `pred` holds for the user's messages, at most `timeout`; returns them.
template <typename Pred>
std::vector<Message> WaitMaildir(std::string_view user, Pred pred, std::chrono::milliseconds timeout);
// The messages of `user` whose Message-ID is `message_id`.
std::vector<Message> WithMessageId(const std::vector<Message>& all, std::string_view message_id);
// Waits until `user` has a message with that Message-ID; an empty vector on timeout.
std::vector<Message> WaitForMessageId(std::string_view user, std::string_view message_id,
                                      std::chrono::milliseconds timeout = std::chrono::seconds(10));

// An SMTP outage: Postfix stopped (the port closed) and started again. False on failure.
bool StopSmtp();
bool StartSmtp();

// The mailgate wrapper's settings (read by Postfix's pipe as user vmail).
void SetMailgate(const std::string& url, const std::string& token);

// Sends `raw` (an RFC 5322 message) through the test Postfix with envelope `from` and `to`;
// the SMTP answer's final status line on failure, "" on success.
std::string SendSmtp(const std::string& from, const std::string& to, const std::string& raw);

// ---- template definitions
template <typename Pred>
std::vector<Message> WaitMaildir(std::string_view user, Pred pred, std::chrono::milliseconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto all = Maildir(user);
    if (pred(all) || std::chrono::steady_clock::now() > end) return all;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace it::mail
