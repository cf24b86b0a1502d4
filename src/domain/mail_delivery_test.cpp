#include "domain/mail_delivery.hpp"

#include <gtest/gtest.h>

namespace chamado {
namespace {

using std::chrono::seconds;

TEST(MailDelivery, RetryDelayDoublesUpToTheMaximum) {
  RetryPolicy p{10, seconds(30), seconds(300)};
  EXPECT_EQ(RetryDelay(p, 1), seconds(30));
  EXPECT_EQ(RetryDelay(p, 2), seconds(60));
  EXPECT_EQ(RetryDelay(p, 3), seconds(120));
  EXPECT_EQ(RetryDelay(p, 4), seconds(240));
  EXPECT_EQ(RetryDelay(p, 5), seconds(300));
  EXPECT_EQ(RetryDelay(p, 1000), seconds(300));  // no overflow after many attempts
}

TEST(MailDelivery, TemporaryFailureRequeuesWithBackoffUntilAttemptsRunOut) {
  RetryPolicy p{3, seconds(30), seconds(3600)};
  OutboundEmail m;
  m.state = DeliveryState::kSending;
  const Instant t0 = FromUnix(1'900'000'000);
  m.claimed_until = t0 + seconds(300);
  RecordFailure(m, p, t0, "connection refused", false);
  EXPECT_EQ(m.state, DeliveryState::kQueued);
  EXPECT_EQ(m.attempts, 1);
  EXPECT_EQ(m.next_attempt_at, t0 + seconds(30));
  EXPECT_FALSE(m.claimed_until);
  RecordFailure(m, p, t0, "connection refused", false);
  EXPECT_EQ(m.next_attempt_at, t0 + seconds(60));
  RecordFailure(m, p, t0, "connection refused", false);
  EXPECT_EQ(m.state, DeliveryState::kDead);  // the third of three attempts
  EXPECT_EQ(m.last_error, "connection refused");
}

TEST(MailDelivery, PermanentFailureIsADeadLetterAtOnce) {
  OutboundEmail m;
  RecordFailure(m, RetryPolicy{}, FromUnix(100), "550 5.1.1 <x@example.com>: Recipient address rejected", true);
  EXPECT_EQ(m.state, DeliveryState::kDead);
  EXPECT_EQ(m.attempts, 1);
}

TEST(MailDelivery, HumanReasonDropsTheCodes) {
  EXPECT_EQ(HumanReason("smtp; 552 5.2.2 mailbox full"), "mailbox full");
  EXPECT_EQ(HumanReason("550 5.1.1 <x@example.com>: Recipient address rejected"),
            "<x@example.com>: Recipient address rejected");
  EXPECT_EQ(HumanReason("connection refused"), "connection refused");
}

TEST(MailDelivery, DescribesInTheReadersLanguage) {
  OutboundEmail m;
  m.to_address = "ana@customer.test";
  m.state = DeliveryState::kSent;
  m.sent_at = FromUnix(1'900'000'000);  // 2030-03-17 17:46:40 UTC
  EXPECT_EQ(DescribeDelivery(m, "en-US"), "sent to ana@customer.test on 2030-03-17 at 17:46 UTC");
  EXPECT_EQ(DescribeDelivery(m, "pt-BR"), "enviado para ana@customer.test em 17/03/2030 às 17:46 (UTC)");
  EXPECT_EQ(DescribeDelivery(m, "es"), "enviado a ana@customer.test el 17/03/2030 a las 17:46 (UTC)");
  m.state = DeliveryState::kBounced;
  m.last_error = "smtp; 552 5.2.2 mailbox full";
  EXPECT_EQ(DescribeDelivery(m, "en"), "bounced: mailbox full");
  EXPECT_EQ(DescribeDelivery(m, "fr"), "devolvido: mailbox full");  // unknown locale: pt-BR
}

}  // namespace
}  // namespace chamado
