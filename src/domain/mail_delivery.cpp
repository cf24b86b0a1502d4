#include "domain/mail_delivery.hpp"

#include <cctype>
#include <cstdio>

namespace chamado {

std::chrono::seconds RetryDelay(const RetryPolicy& p, int attempts) {
  std::int64_t d = std::max<std::int64_t>(p.base.count(), 1);
  for (int i = 1; i < attempts && d < p.max.count(); ++i) d *= 2;  // no overflow: stops at max
  return std::chrono::seconds(std::min<std::int64_t>(d, p.max.count()));
}

void RecordSent(OutboundEmail& m, Instant now) {
  m.attempts += 1;
  m.state = DeliveryState::kSent;
  m.sent_at = now;
  m.claimed_until.reset();
  m.updated_at = now;
}

void RecordFailure(OutboundEmail& m, const RetryPolicy& p, Instant now, std::string_view error, bool permanent) {
  m.attempts += 1;
  m.last_error = std::string(error);
  m.claimed_until.reset();
  m.updated_at = now;
  if (permanent || m.attempts >= p.max_attempts) {
    m.state = DeliveryState::kDead;
  } else {
    m.state = DeliveryState::kQueued;
    m.next_attempt_at = now + RetryDelay(p, m.attempts);
  }
}

std::string_view MailLocale(std::string_view locale) {
  auto starts = [&](std::string_view p) {
    if (locale.size() < p.size()) return false;
    for (std::size_t i = 0; i < p.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(locale[i])) != p[i]) return false;
    return locale.size() == p.size() || locale[p.size()] == '-' || locale[p.size()] == '_';
  };
  if (starts("es")) return "es";
  if (starts("en")) return "en";
  return "pt-BR";
}

std::string HumanReason(std::string_view e) {
  auto trim = [&] {
    while (!e.empty() && (e.front() == ' ' || e.front() == ';' || e.front() == ':' || e.front() == '-'))
      e.remove_prefix(1);
  };
  trim();
  if (e.size() >= 5 && e.substr(0, 5) == "smtp;") e.remove_prefix(5);
  trim();
  // "552" then "5.2.2": the reply code and the enhanced status code mean nothing to a person.
  auto digits = [](std::string_view w) {
    if (w.empty()) return false;
    for (char c : w)
      if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.') return false;
    return true;
  };
  for (int i = 0; i < 2; ++i) {
    auto sp = e.find_first_of(" -");
    std::string_view word = e.substr(0, sp);
    if (!digits(word) || sp == std::string_view::npos) break;
    e.remove_prefix(sp);
    trim();
  }
  return std::string(e.empty() ? std::string_view("?") : e);
}

std::string DescribeDelivery(const OutboundEmail& m, std::string_view locale) {
  const std::string_view loc = MailLocale(locale);
  const std::string& to = m.to_address;
  const auto when = [&](Instant t) {
    const auto days = std::chrono::floor<std::chrono::days>(t);
    const std::chrono::year_month_day ymd{days};
    const std::chrono::hh_mm_ss hms{t - days};
    const int y = static_cast<int>(ymd.year());
    const unsigned mo = static_cast<unsigned>(ymd.month()), d = static_cast<unsigned>(ymd.day());
    const long h = static_cast<long>(hms.hours().count()), mi = static_cast<long>(hms.minutes().count());
    char buf[64];
    if (loc == "en")
      std::snprintf(buf, sizeof buf, "on %04d-%02u-%02u at %02ld:%02ld UTC", y, mo, d, h, mi);
    else if (loc == "es")
      std::snprintf(buf, sizeof buf, "el %02u/%02u/%04d a las %02ld:%02ld (UTC)", d, mo, y, h, mi);
    else
      std::snprintf(buf, sizeof buf, "em %02u/%02u/%04d às %02ld:%02ld (UTC)", d, mo, y, h, mi);
    return std::string(buf);
  };
  switch (m.state) {
    case DeliveryState::kQueued:
    case DeliveryState::kSending:
      if (m.attempts > 0) {
        if (loc == "en") return "not delivered to " + to + " yet; trying again";
        if (loc == "es") return "aún no entregado a " + to + "; se intentará de nuevo";
        return "ainda não entregue para " + to + "; tentando novamente";
      }
      if (loc == "en") return "waiting to be sent to " + to;
      if (loc == "es") return "en espera de envío a " + to;
      return "aguardando envio para " + to;
    case DeliveryState::kSent: {
      const Instant at = m.sent_at.value_or(m.updated_at);
      if (loc == "en") return "sent to " + to + " " + when(at);
      if (loc == "es") return "enviado a " + to + " " + when(at);
      return "enviado para " + to + " " + when(at);
    }
    case DeliveryState::kDead:
      if (loc == "en") return "not delivered to " + to + ": " + HumanReason(m.last_error);
      if (loc == "es") return "no entregado a " + to + ": " + HumanReason(m.last_error);
      return "não entregue para " + to + ": " + HumanReason(m.last_error);
    case DeliveryState::kBounced:
      if (loc == "en") return "bounced: " + HumanReason(m.last_error);
      if (loc == "es") return "rebotado: " + HumanReason(m.last_error);
      return "devolvido: " + HumanReason(m.last_error);
  }
  return to;
}

}  // namespace chamado
